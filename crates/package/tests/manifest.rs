//! `manifest.json` problems (missing, misplaced, invalid JSON, bad fields), and problems of
//! every kind listed together in one rejection.

mod common;

use common::*;
use ministore_package::{code, Rejection};

// ---------------------------------------------------------------------------------------------
// The manifest.

#[test]
fn a_package_without_manifest_is_refused() {
    let entries: Vec<E> = valid_entries().into_iter().skip(1).collect();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert_eq!(
        r.problems[0].message,
        "the package has no manifest.json at the root of the zip"
    );
}

#[test]
fn a_manifest_in_a_subfolder_gets_a_hint() {
    let entries: Vec<E> = valid_entries()
        .into_iter()
        .map(|mut e| {
            e.name = [b"my-app/", &e.name[..]].concat();
            e
        })
        .collect();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert!(r.problems[0]
        .message
        .contains("found my-app/manifest.json: zip the contents of the folder"));
}

#[test]
fn a_manifest_with_the_wrong_case_gets_a_hint() {
    let mut entries = valid_entries();
    entries[0].name = b"Manifest.JSON".to_vec();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert!(r.problems[0]
        .message
        .ends_with("(found Manifest.JSON: the name must be all lower case)"));
}

#[test]
fn invalid_manifest_json_is_refused_with_its_position() {
    let json = "{\n  \"name\": \"Coffee Corner\",\n  \"version\": \"1.4.0\",\n}";
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::MANIFEST_INVALID_JSON]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: invalid JSON at line 4, column 1: trailing comma"
    );
    assert_eq!(r.problems[0].path.as_deref(), Some("manifest.json"));
}

#[test]
fn a_bad_semver_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::MANIFEST_INVALID_VERSION]);
    assert!(r.problems[0]
        .message
        .starts_with("manifest.json: \"version\": \"1.4\" is not a valid semantic version"));
}

#[test]
fn an_unknown_permission_is_refused_by_name() {
    let json =
        r#"{"name": "Coffee Corner", "version": "1.4.0", "permissions": ["storage", "camera"]}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::UNKNOWN_PERMISSION]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: unknown permission \"camera\" (known permissions: system_info, storage, \
         user_profile, open_miniprogram, report_error)"
    );
}

#[test]
fn a_missing_entry_page_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "entry": "main.html"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::ENTRY_MISSING]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: the entry page \"main.html\" is not in the zip"
    );
}

#[test]
fn an_entry_that_is_not_html_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "entry": "app.js"}"#;
    assert_codes(
        &refuse(&forge(&with_manifest(json))),
        &[code::MANIFEST_INVALID_ENTRY],
    );
}

#[test]
fn an_id_mismatch_is_refused() {
    let json = r#"{"id": "mp_someone_else", "name": "Coffee Corner", "version": "1.4.0"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::ID_MISMATCH]);
    assert!(r.problems[0].message.contains(
        "\"id\" is \"mp_someone_else\" but this package is uploaded to mini-program \"mp_test\""
    ));
}

#[test]
fn wrong_types_and_missing_fields_are_refused() {
    let json = r#"{"name": ["Coffee"], "permissions": "storage"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(
        &r,
        &[
            code::MANIFEST_WRONG_TYPE,
            code::MANIFEST_MISSING_FIELD,
            code::MANIFEST_WRONG_TYPE,
        ],
    );
}

#[test]
fn all_manifest_problems_are_listed_together() {
    let json = r#"{"id": "mp_other", "name": "", "version": "one", "entry": "start.html",
                   "permissions": ["camera", "microphone"]}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(
        &r,
        &[
            code::ID_MISMATCH,
            code::MANIFEST_INVALID_NAME,
            code::MANIFEST_INVALID_VERSION,
            code::ENTRY_MISSING,
            code::UNKNOWN_PERMISSION,
            code::UNKNOWN_PERMISSION,
        ],
    );
}

#[test]
fn problems_of_every_kind_are_listed_together() {
    let mut entries = with_manifest(r#"{"name": "Coffee Corner", "version": "1.4"}"#);
    entries.push(E::new("../up.js", "x"));
    entries.push(E::new("link.js", "/etc/passwd").attrs(0o120777 << 16));
    entries.push(E::new("virus.exe", "MZ"));
    entries.push(E::new("bad.js", "x").crc(1));
    entries.push(E::new("Bad.js", "y"));
    let r = refuse(&forge(&entries));
    assert_codes(
        &r,
        &[
            code::PATH_TRAVERSAL,
            code::SYMLINK,
            code::FILE_TYPE_NOT_ALLOWED,
            code::CASE_DUPLICATE,
            code::CRC_MISMATCH,
            code::MANIFEST_INVALID_VERSION,
        ],
    );
    // Display joins every message.
    let text = r.to_string();
    for p in &r.problems {
        assert!(text.contains(&p.message));
    }
    // A rejection serializes for the portal, and back.
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"code\":\"path_traversal\""));
    let back: Rejection = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}
