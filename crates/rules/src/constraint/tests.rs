use super::*;

fn props(pairs: &[(&str, &str)]) -> Context {
    pairs
        .iter()
        .fold(Context::default(), |ctx, (k, v)| ctx.with_property(*k, *v))
}

fn list(field: &str, op: Operator, values: &[&str]) -> Constraint {
    Constraint::with_values(field, op, values.iter().copied())
}

#[test]
fn constraints_deserialize_from_unleash_json() {
    let c: Constraint = serde_json::from_str(
        r#"{"contextName": "email", "operator": "STR_ENDS_WITH", "values": ["x.com"],
            "caseInsensitive": true, "inverted": null}"#,
    )
    .unwrap();
    assert_eq!(c.context_name, "email");
    assert_eq!(c.operator, Operator::StrEndsWith);
    assert_eq!(c.values, vec!["x.com"]);
    assert!(c.case_insensitive);
    assert!(!c.inverted);

    let n: Constraint =
        serde_json::from_str(r#"{"contextName": "n", "operator": "NUM_GT", "value": 12}"#).unwrap();
    assert_eq!(n.value.as_deref(), Some("12"));
    assert!(n.values.is_empty());
}

#[test]
fn a_missing_field_fails_every_operator_but_not_in() {
    let empty = Context::default();
    for op in Operator::ALL {
        let c = Constraint {
            value: Some("1".into()),
            ..list("absent", op.clone(), &["1"])
        };
        assert_eq!(c.evaluate(&empty), op == Operator::NotIn, "{op}");
        let inverted = Constraint {
            inverted: true,
            ..c
        };
        assert_eq!(
            inverted.evaluate(&empty),
            op != Operator::NotIn,
            "inverted {op}"
        );
    }
}

#[test]
fn an_unknown_operator_is_false_even_when_inverted() {
    let mut c = list("f", Operator::Unknown("NOPE".into()), &["x"]);
    let ctx = props(&[("f", "x")]);
    assert!(!c.evaluate(&ctx));
    c.inverted = true;
    assert!(!c.evaluate(&ctx));
}

#[test]
fn case_insensitive_applies_to_in_and_not_in() {
    let mut c = list("platform", Operator::In, &["iOS"]);
    let ctx = props(&[("platform", "IOS")]);
    assert!(!c.evaluate(&ctx));
    c.case_insensitive = true;
    assert!(c.evaluate(&ctx));
    c.operator = Operator::NotIn;
    assert!(!c.evaluate(&ctx));
}

#[test]
fn string_operators_respect_case_unless_told_otherwise() {
    let ctx = props(&[("email", "Ann@Example.COM")]);
    let mut c = list("email", Operator::StrEndsWith, &["example.com"]);
    assert!(!c.evaluate(&ctx));
    c.case_insensitive = true;
    assert!(c.evaluate(&ctx));
    let starts = list("email", Operator::StrStartsWith, &["Ann@"]);
    assert!(starts.evaluate(&ctx));
    let contains = list("email", Operator::StrContains, &["zzz", "@Ex"]);
    assert!(contains.evaluate(&ctx));
}

#[test]
fn numbers_compare_as_floats() {
    let ctx = props(&[("n", "12.0")]);
    let c = |op, v: &str| Constraint::with_value("n", op, v).evaluate(&ctx);
    assert!(c(Operator::NumEq, "12"));
    assert!(c(Operator::NumGte, "12"));
    assert!(c(Operator::NumLte, "12"));
    assert!(!c(Operator::NumGt, "12"));
    assert!(c(Operator::NumGt, "-3.5"));
    assert!(c(Operator::NumLt, "1e3"));
    assert!(!c(Operator::NumEq, "twelve"));
    assert!(!Constraint::with_value("n", Operator::NumEq, "12").evaluate(&props(&[("n", "NaN")])));
}

#[test]
fn dates_compare_as_instants_across_offsets() {
    let ctx = Context::default().with_current_time("2022-01-22T11:30:00.000Z");
    let after = Constraint::with_value(
        "currentTime",
        Operator::DateAfter,
        "2022-01-22T13:00:00+02:00",
    );
    let before = Constraint::with_value(
        "currentTime",
        Operator::DateBefore,
        "2022-01-22T14:00:00+02:00",
    );
    assert!(after.evaluate(&ctx));
    assert!(before.evaluate(&ctx));
    // Strict on both sides.
    let same = Context::default().with_current_time("2022-01-22T11:00:00Z");
    assert!(!after.evaluate(&same));
    // No clock is read: without currentTime the comparison is false.
    assert!(!after.evaluate(&Context::default()));
    assert!(!after.evaluate(&Context::default().with_current_time("yesterday")));
}

#[test]
fn date_operators_also_work_on_other_fields() {
    let ctx = props(&[("signup", "2024-05-01T00:00:00Z")]);
    let c = Constraint::with_value("signup", Operator::DateBefore, "2024-06-01T00:00:00Z");
    assert!(c.evaluate(&ctx));
}

#[test]
fn semver_orders_pre_releases_before_the_release_and_ignores_build_metadata() {
    let ctx = |v: &str| props(&[("app_version", v)]);
    let gt = Constraint::with_value("app_version", Operator::SemverGt, "2.0.0-alpha.1");
    assert!(gt.evaluate(&ctx("2.0.0-beta.1")));
    assert!(gt.evaluate(&ctx("2.0.0")));
    assert!(!gt.evaluate(&ctx("1.9.9")));
    let eq = Constraint::with_value("app_version", Operator::SemverEq, "1.2.3+build.1");
    assert!(eq.evaluate(&ctx("1.2.3+build.2")));
    let gte = Constraint::with_value("app_version", Operator::SemverGte, "1.2.3");
    assert!(gte.evaluate(&ctx("1.2.3")));
    assert!(!gte.evaluate(&ctx("1.2.3-rc.1")));
    let lte = Constraint::with_value("app_version", Operator::SemverLte, "1.2.3");
    assert!(lte.evaluate(&ctx("1.2.3-rc.1")));
    assert!(!lte.evaluate(&ctx("v1.2.3")));
    assert!(!lte.evaluate(&ctx("1.2")));
}

#[test]
fn regex_searches_unanchored_and_an_invalid_pattern_is_false() {
    let ctx = props(&[("device", "Pixel 8 Pro")]);
    let c = |pattern: &str, ci: bool| Constraint {
        case_insensitive: ci,
        ..Constraint::with_value("device", Operator::Regex, pattern)
    };
    assert!(c(r"\d", false).evaluate(&ctx));
    assert!(!c("^pixel", false).evaluate(&ctx));
    assert!(c("^pixel", true).evaluate(&ctx));
    assert!(!c("(unclosed", false).evaluate(&ctx));
    assert!(!c(r"^(a)\1$", false).evaluate(&ctx));
}

#[test]
fn validation_names_the_problem() {
    let err = |c: Constraint| validate_constraint(&c).unwrap_err();
    assert!(err(list("platform", Operator::In, &[])).contains("at least one value"));
    assert!(err(list(" ", Operator::In, &["x"])).contains("context field"));
    assert!(err(list("x", Operator::Unknown("LIKE".into()), &["x"]))
        .contains("unknown operator \"LIKE\""));
    assert!(err(list("n", Operator::NumGt, &[])).contains("needs a value"));
    assert!(err(Constraint::with_value("n", Operator::NumGt, "ten")).contains("\"ten\" is not one"));
    assert!(err(Constraint::with_value(
        "d",
        Operator::DateAfter,
        "2024-01-01"
    ))
    .contains("RFC 3339"));
    assert!(
        err(Constraint::with_value("v", Operator::SemverGt, "v1.0.0")).contains("semantic version")
    );
    let bad_regex = err(Constraint::with_value("u", Operator::Regex, "(regex"));
    assert!(
        bad_regex.starts_with("invalid regular expression \"(regex\": "),
        "{bad_regex}"
    );
    assert!(!bad_regex.contains('\n'));

    assert_eq!(
        validate_constraint(&list("platform", Operator::In, &["ios"])),
        Ok(())
    );
    assert_eq!(
        validate_constraint(&Constraint::with_value("n", Operator::NumLte, "1.5")),
        Ok(())
    );
    assert_eq!(
        validate_constraint(&Constraint::with_value(
            "t",
            Operator::DateBefore,
            "2024-01-01T00:00:00+08:00"
        )),
        Ok(())
    );
    assert_eq!(
        validate_constraint(&Constraint::with_value(
            "v",
            Operator::SemverLt,
            "2.0.0-rc.1"
        )),
        Ok(())
    );
    assert_eq!(
        validate_constraint(&Constraint::with_value("u", Operator::Regex, r"^user\d+$")),
        Ok(())
    );
}
