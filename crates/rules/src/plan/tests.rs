use super::*;
use crate::operator::Operator;

fn ios_only() -> Vec<Constraint> {
    vec![Constraint::with_values("platform", Operator::In, ["ios"])]
}

fn plan(percentage: u8, conditions: Vec<Constraint>) -> Plan {
    Plan {
        percentage,
        conditions,
        ..Plan::new("mp_demo")
    }
}

fn ios_user(id: &str) -> Context {
    Context::for_user(id).with_property("platform", "ios")
}

#[test]
fn raising_the_percentage_only_adds_users() {
    let plans: Vec<Plan> = (0..=100).map(|p| plan(p, ios_only())).collect();
    for i in 0..5_000 {
        let ctx = ios_user(&format!("user-{i}"));
        let in_cohort: Vec<bool> = plans
            .iter()
            .map(|p| p.decide(&ctx).is_candidate())
            .collect();
        // In the cohort at p implies in the cohort at every p' > p.
        let first = in_cohort.iter().position(|&x| x);
        let first = first.expect("100 % lets everyone who passes the conditions in");
        assert!(
            in_cohort[first..].iter().all(|&x| x),
            "user-{i} joins at {first} % but drops out later"
        );
    }
}

#[test]
fn cohort_share_is_within_one_and_a_half_points_over_100k_ids() {
    for group in ["mp_demo", "mp_0b7c2f", "Feature.flexibleRollout.10"] {
        let buckets: Vec<u32> = (0..100_000)
            .map(|i| bucket(group, &format!("user-{i}")))
            .collect();
        for p in [1u32, 5, 25, 50, 75, 99] {
            let share = buckets.iter().filter(|&&b| b <= p).count() as f64 / 1_000.0;
            assert!(
                (share - f64::from(p)).abs() <= 1.5,
                "group {group}: {share:.2} % of users in a {p} % cohort"
            );
        }
    }
}

#[test]
fn allow_listed_users_always_get_the_candidate() {
    let mut p = plan(0, ios_only());
    p.conditions.push(Constraint::with_value(
        "app_version",
        Operator::SemverGte,
        "9.0.0",
    ));
    p.allow_list.insert("tester-1".into());
    let android_old = Context::for_user("tester-1")
        .with_property("platform", "android")
        .with_property("app_version", "1.0.0");
    assert_eq!(
        p.decide(&android_old),
        Decision::Candidate(Reason::AllowList)
    );
    assert_eq!(
        p.decide(&Context::for_user("tester-1")),
        Decision::Candidate(Reason::AllowList)
    );
    assert_eq!(p.decide(&Context::for_user("tester-2")), Decision::Stable);
}

#[test]
fn failing_conditions_always_give_the_stable_version() {
    let p = plan(100, ios_only());
    for i in 0..2_000 {
        let id = format!("user-{i}");
        let android = Context::for_user(&id).with_property("platform", "android");
        assert_eq!(p.decide(&android), Decision::Stable);
        assert_eq!(
            p.decide(&Context::for_user(&id)),
            Decision::Stable,
            "missing platform"
        );
        assert_eq!(
            p.decide(&ios_user(&id)),
            Decision::Candidate(Reason::Percentage)
        );
    }
}

#[test]
fn zero_percent_lets_no_one_in_and_a_hundred_lets_everyone_in() {
    for i in 0..2_000 {
        let ctx = Context::for_user(format!("user-{i}"));
        assert_eq!(plan(0, vec![]).decide(&ctx), Decision::Stable);
        assert_eq!(
            plan(100, vec![]).decide(&ctx),
            Decision::Candidate(Reason::Percentage)
        );
    }
}

#[test]
fn the_cohort_is_the_normative_bucket() {
    let p = plan(50, vec![]);
    for i in 0..1_000 {
        let id = format!("u{i}");
        let normative_bucket =
            crate::murmur3_x86_32(format!("mp_demo:{id}").as_bytes(), 0) % 100 + 1;
        let expected = normative_bucket <= 50;
        assert_eq!(p.decide(&Context::for_user(&id)).is_candidate(), expected);
    }
}

#[test]
fn a_context_without_a_user_is_only_bucketed_in_at_100_percent() {
    assert_eq!(
        plan(99, vec![]).decide(&Context::default()),
        Decision::Stable
    );
    assert_eq!(
        plan(100, vec![]).decide(&Context::default()),
        Decision::Candidate(Reason::Percentage)
    );
}

#[test]
fn plans_round_trip_through_json() {
    let mut p = plan(25, ios_only());
    p.allow_list.insert("u1".into());
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains(r#""contextName":"platform""#), "{json}");
    assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), p);
    assert_eq!(Reason::AllowList.as_str(), "allow_list");
    assert_eq!(
        serde_json::to_string(&Reason::Percentage).unwrap(),
        "\"percentage\""
    );
}

#[test]
fn validation_rejects_what_the_admin_console_must_not_save() {
    assert_eq!(plan(10, ios_only()).validate(), Ok(()));
    assert!(Plan::new(" ").validate().unwrap_err().contains("group"));
    assert!(plan(101, vec![])
        .validate()
        .unwrap_err()
        .contains("above 100"));
    let bad = plan(
        10,
        vec![Constraint::with_values(
            "platform",
            Operator::In,
            Vec::<String>::new(),
        )],
    );
    assert!(bad.validate().unwrap_err().starts_with("condition 1: IN"));
}
