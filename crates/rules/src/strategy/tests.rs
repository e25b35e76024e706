use super::*;
use crate::operator::Operator;

fn strategy(name: &str, params: &[(&str, &str)]) -> Strategy {
    Strategy {
        name: name.into(),
        parameters: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        constraints: vec![],
    }
}

fn session(id: &str) -> Context {
    Context {
        session_id: Some(id.into()),
        ..Context::default()
    }
}

#[test]
fn user_with_id_trims_the_listed_ids() {
    let s = strategy("userWithId", &[("userIds", "123, 222 ,88")]);
    assert!(s.is_enabled(&Context::for_user("222"), "f"));
    assert!(s.is_enabled(&Context::for_user("88"), "f"));
    assert!(!s.is_enabled(&Context::for_user("22"), "f"));
    assert!(!s.is_enabled(&Context::default(), "f"));
}

#[test]
fn gradual_rollouts_need_a_group_and_an_id() {
    let s = strategy("gradualRolloutUserId", &[("percentage", "100")]);
    assert!(!s.is_enabled(&Context::for_user("1"), "f"));
    let s = strategy(
        "gradualRolloutSessionId",
        &[("percentage", "100"), ("groupId", "g")],
    );
    assert!(s.is_enabled(&session("1"), "f"));
    assert!(!s.is_enabled(&Context::for_user("1"), "f"));
}

#[test]
fn flexible_rollout_groups_by_feature_name_by_default() {
    let user = Context::for_user("174");
    let with_group = strategy(
        "flexibleRollout",
        &[("rollout", "10"), ("groupId", "Feature.flexibleRollout.10")],
    );
    let without = strategy("flexibleRollout", &[("rollout", "10")]);
    assert!(with_group.is_enabled(&user, "anything"));
    assert!(without.is_enabled(&user, "Feature.flexibleRollout.10"));
    assert_eq!(
        without.is_enabled(&user, "other"),
        normalized_value("other", "174", 100) <= 10
    );
}

#[test]
fn flexible_rollout_sticks_to_any_context_field() {
    let s = strategy(
        "flexibleRollout",
        &[("rollout", "100"), ("stickiness", "tenant")],
    );
    assert!(s.is_enabled(&Context::default().with_property("tenant", "acme"), "f"));
    assert!(!s.is_enabled(&Context::for_user("u"), "f"));
}

#[test]
fn random_stickiness_is_deterministic_without_a_generator() {
    let full = strategy(
        "flexibleRollout",
        &[("rollout", "100"), ("stickiness", "random")],
    );
    let half = strategy(
        "flexibleRollout",
        &[("rollout", "50"), ("stickiness", "random")],
    );
    let none = strategy("flexibleRollout", &[("rollout", "0")]);
    assert!(full.is_enabled(&Context::for_user("u"), "f"));
    assert!(!half.is_enabled(&Context::default(), "f"));
    assert!(!none.is_enabled(&Context::default(), "f"));

    let mut low = || 9u32; // bucket 10
    let mut high = || 60u32; // bucket 61
    assert!(half.is_enabled_with_random(&Context::default(), "f", &mut low));
    assert!(!half.is_enabled_with_random(&Context::default(), "f", &mut high));
}

#[test]
fn gradual_rollout_random_follows_the_same_dice() {
    let all = strategy("gradualRolloutRandom", &[("percentage", "100")]);
    let some = strategy("gradualRolloutRandom", &[("percentage", "30")]);
    assert!(all.is_enabled(&Context::default(), "f"));
    assert!(!some.is_enabled(&Context::default(), "f"));
    assert!(some.is_enabled_with_random(&Context::default(), "f", &mut || 129)); // bucket 30
    assert!(!some.is_enabled_with_random(&Context::default(), "f", &mut || 130));
    // bucket 31
}

#[test]
fn a_malformed_rollout_turns_the_strategy_off() {
    let s = strategy("flexibleRollout", &[("rollout", "lots")]);
    assert!(!s.is_enabled(&Context::for_user("u"), "f"));
}

#[test]
fn unknown_strategies_are_off() {
    assert!(
        !strategy("remoteAddress", &[("IPs", "127.0.0.1")]).is_enabled(&Context::default(), "f")
    );
}

#[test]
fn constraints_gate_the_strategy() {
    let mut s = strategy("default", &[]);
    s.constraints = vec![Constraint::with_values(
        "environment",
        Operator::In,
        ["prod"],
    )];
    let prod = Context {
        environment: Some("prod".into()),
        ..Context::default()
    };
    assert!(s.is_enabled(&prod, "f"));
    assert!(!s.is_enabled(&Context::default(), "f"));
}

#[test]
fn a_feature_is_on_when_enabled_and_any_strategy_is_on() {
    let feature: Feature = serde_json::from_str(
        r#"{"name": "F", "enabled": true, "strategies": [
            {"name": "userWithId", "parameters": {"userIds": "1"}},
            {"name": "flexibleRollout", "parameters": {"rollout": 0}, "constraints": null}]}"#,
    )
    .unwrap();
    assert!(feature.is_enabled(&Context::for_user("1")));
    assert!(!feature.is_enabled(&Context::for_user("2")));
    let off = Feature {
        enabled: false,
        ..feature
    };
    assert!(!off.is_enabled(&Context::for_user("1")));
    let bare = Feature {
        name: "bare".into(),
        enabled: true,
        strategies: vec![],
    };
    assert!(bare.is_enabled(&Context::default()));
}
