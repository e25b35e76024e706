//! Unit tests of the manifest checks.

use super::*;

fn run(json: &str, expected: Option<&str>) -> Outcome {
    let files: HashSet<&str> = ["index.html", "pages/Home.html", "manifest.json"]
        .into_iter()
        .collect();
    check(json.as_bytes(), expected, &files)
}

fn codes(o: &Outcome) -> Vec<&str> {
    o.problems.iter().map(|p| p.code.as_str()).collect()
}

#[test]
fn a_minimal_manifest_gets_the_default_entry_and_no_permissions() {
    let o = run(r#"{"name": "Demo", "version": "1.0.0"}"#, Some("mp_x"));
    assert!(o.problems.is_empty());
    let m = o.manifest.unwrap();
    assert_eq!(m.entry, "index.html");
    assert!(m.permissions.is_empty());
    assert_eq!(m.id, None);
}

#[test]
fn a_full_manifest_is_parsed() {
    let o = run(
        r#"{"id": "mp_1", "name": "Café ☕", "version": "2.1.0-beta.1+build.5",
            "entry": "pages/Home.html", "permissions": ["storage", "system_info"],
            "description": "Coffee", "min_host_version": "3.0.0"}"#,
        Some("mp_1"),
    );
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    assert!(o.warnings.is_empty());
    let m = o.manifest.unwrap();
    assert_eq!(
        m.permissions,
        vec![Permission::Storage, Permission::SystemInfo]
    );
    assert_eq!(m.min_host_version.as_deref(), Some("3.0.0"));
}

#[test]
fn invalid_json_is_reported_with_line_and_column() {
    let o = run("{\n  \"name\": \"x\",\n  \"version\": 1.0.0\n}", None);
    assert_eq!(codes(&o), vec![code::MANIFEST_INVALID_JSON]);
    let msg = &o.problems[0].message;
    assert!(
        msg.starts_with("manifest.json: invalid JSON at line 3, column"),
        "{msg}"
    );
    assert!(
        !msg.contains(" at line 3 column"),
        "position given once: {msg}"
    );
}

#[test]
fn every_field_problem_is_reported_together() {
    let o = run(
        r#"{"id": "mp_other", "name": "", "version": "1.0", "entry": "main.htm",
            "permissions": ["camera", 3, "storage", "storage"],
            "min_host_version": "v2", "description": 5, "colour": "red"}"#,
        Some("mp_mine"),
    );
    assert_eq!(
        codes(&o),
        vec![
            code::ID_MISMATCH,
            code::MANIFEST_INVALID_NAME,
            code::MANIFEST_INVALID_VERSION,
            code::MANIFEST_INVALID_MIN_HOST_VERSION,
            code::MANIFEST_WRONG_TYPE,
            code::MANIFEST_INVALID_ENTRY,
            code::UNKNOWN_PERMISSION,
            code::MANIFEST_WRONG_TYPE,
        ]
    );
    assert!(o.manifest.is_none());
    assert_eq!(o.warnings.len(), 2, "{:?}", o.warnings);
    assert!(o.warnings[0].contains("\"colour\""));
    assert!(o.warnings[1].contains("more than once"));
}

#[test]
fn missing_required_fields_and_wrong_types_are_named() {
    let o = run(r#"{"name": 7}"#, None);
    assert_eq!(
        codes(&o),
        vec![code::MANIFEST_WRONG_TYPE, code::MANIFEST_MISSING_FIELD]
    );
    assert_eq!(
        o.problems[0].message,
        "manifest.json: \"name\" must be a string, found a number"
    );
    assert_eq!(
        o.problems[1].message,
        "manifest.json: the required field \"version\" is missing"
    );
    let o = run("[1, 2]", None);
    assert_eq!(
        o.problems[0].message,
        "manifest.json: must contain a JSON object, found an array"
    );
}

#[test]
fn semver_is_strict() {
    for bad in ["1.0", "v1.0.0", "01.0.0", "1.0.0 ", "1.0.0-", "latest"] {
        let json = format!(r#"{{"name": "x", "version": "{bad}"}}"#);
        assert_eq!(
            codes(&run(&json, None)),
            vec![code::MANIFEST_INVALID_VERSION],
            "{bad}"
        );
    }
    let o = run(r#"{"name": "x", "version": "1.0"}"#, None);
    assert!(o.problems[0]
        .message
        .starts_with("manifest.json: \"version\": \"1.0\" is not a valid semantic version"));
}

#[test]
fn names_are_counted_in_characters() {
    let ok = format!(r#"{{"name": "{}", "version": "1.0.0"}}"#, "é".repeat(60));
    assert!(run(&ok, None).problems.is_empty());
    let long = format!(r#"{{"name": "{}", "version": "1.0.0"}}"#, "é".repeat(61));
    let o = run(&long, None);
    assert_eq!(codes(&o), vec![code::MANIFEST_INVALID_NAME]);
    assert!(o.problems[0].message.contains("61 characters"));
}

#[test]
fn a_missing_entry_page_gets_a_hint() {
    let o = run(
        r#"{"name": "x", "version": "1.0.0", "entry": "pages/home.html"}"#,
        None,
    );
    assert_eq!(codes(&o), vec![code::ENTRY_MISSING]);
    assert!(o.problems[0]
        .message
        .contains("did you mean \"pages/Home.html\""));
    let files: HashSet<&str> = ["manifest.json", "main.html"].into_iter().collect();
    let o = check(br#"{"name": "x", "version": "1.0.0"}"#, None, &files);
    assert_eq!(codes(&o), vec![code::ENTRY_MISSING]);
    assert!(o.problems[0].message.contains("the default \"index.html\""));
}

#[test]
fn unsafe_entry_paths_are_refused() {
    let o = run(
        r#"{"name": "x", "version": "1.0.0", "entry": "../index.html"}"#,
        None,
    );
    assert_eq!(codes(&o), vec![code::MANIFEST_INVALID_ENTRY]);
}

#[test]
fn a_byte_order_mark_is_tolerated_with_a_warning() {
    let files: HashSet<&str> = ["index.html"].into_iter().collect();
    let o = check(
        b"\xef\xbb\xbf{\"name\": \"x\", \"version\": \"1.0.0\"}",
        None,
        &files,
    );
    assert!(o.problems.is_empty());
    assert_eq!(o.warnings.len(), 1);
}

#[test]
fn every_permission_round_trips_through_its_name() {
    for p in Permission::ALL {
        assert_eq!(Permission::parse(p.as_str()), Some(p));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            format!("\"{}\"", p.as_str())
        );
        assert!(!p.description().is_empty());
    }
    assert_eq!(Permission::parse("Storage"), None);
}
