//! The valid package the hostile ones are variations of, and harmless variations of it: every
//! one must be accepted, with the full report.

mod common;

use common::*;
use ministore_package::{validate, FileInfo, FileKind, Limits, Permission, Report};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------------------------------------
// The valid package.

#[test]
fn a_valid_package_yields_the_full_report() {
    let zip = forge(&valid_entries());
    let report = validate(&zip, Some(ID), &Limits::default()).expect("valid package");

    assert_eq!(report.manifest.name, "Coffee Corner");
    assert_eq!(report.manifest.id.as_deref(), Some(ID));
    assert_eq!(report.manifest.description.as_deref(), Some("Order ahead."));
    assert_eq!(report.manifest.min_host_version.as_deref(), Some("2.0.0"));
    assert_eq!(report.version, "1.4.0");
    assert_eq!(report.entry, "index.html");
    assert_eq!(report.file_count, 5);
    assert_eq!(report.compressed_size, zip.len() as u64);

    let sizes = [
        ("app.js", APP_JS.len(), FileKind::Script),
        ("icon.png", icon_png().len(), FileKind::Image),
        ("index.html", INDEX_HTML.len(), FileKind::Html),
        ("manifest.json", manifest_json().len(), FileKind::Data),
        ("style.css", STYLE_CSS.len(), FileKind::Style),
    ];
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        sizes.iter().map(|s| s.0).collect::<Vec<_>>(),
        "sorted by path"
    );
    for (file, (path, size, kind)) in report.files.iter().zip(sizes) {
        assert_eq!(file.path, path);
        assert_eq!(file.size, size as u64, "{path}");
        assert_eq!(file.kind, kind, "{path}");
    }
    let icon: &FileInfo = &report.files[1];
    assert_eq!(icon.compressed_size, icon.size, "stored");
    let html = &report.files[2];
    assert!(html.compressed_size < html.size, "deflated");
    assert_eq!(
        report.unpacked_size,
        sizes.iter().map(|s| s.1 as u64).sum::<u64>()
    );

    assert_eq!(
        report
            .permissions
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>(),
        vec![Permission::Storage, Permission::SystemInfo]
    );
    assert_eq!(
        report.permissions[0].description,
        Permission::Storage.description()
    );
    assert_eq!(report.external_domains, vec!["cdn.example.com"]);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let sha: String = Sha256::digest(&zip)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(report.sha256, sha);
    assert_eq!(report.sha256.len(), 64);

    // The report is what the server stores and the portal shows: it round-trips as JSON.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["files"][0]["kind"], "script");
    assert_eq!(json["permissions"][0]["name"], "storage");
    assert_eq!(json["external_domains"][0], "cdn.example.com");
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn the_expected_id_is_optional_and_the_manifest_id_too() {
    let zip = forge(&valid_entries());
    assert!(validate(&zip, None, &Limits::default()).is_ok());
    let no_id = with_manifest(r#"{"name": "Coffee Corner", "version": "1.4.0"}"#);
    let report = validate(&forge(&no_id), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.manifest.id, None);
    assert!(report.permissions.is_empty());
}

#[test]
fn directory_entries_are_allowed_and_not_counted() {
    let mut entries = valid_entries();
    entries.push(E::dir("assets/"));
    entries.push(E::dir("assets/img/"));
    entries.push(E::new(
        "assets/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ));
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 6);
    assert!(report.files.iter().all(|f| !f.path.ends_with('/')));
    assert_eq!(
        report.external_domains,
        vec!["cdn.example.com"],
        "namespaces are not domains"
    );
}

#[test]
fn entries_with_data_descriptors_are_accepted() {
    let entries: Vec<E> = valid_entries().into_iter().map(E::descriptor).collect();
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 5);
}

#[test]
fn unknown_manifest_keys_are_warnings() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "theme": "dark"}"#;
    let report = validate(&forge(&with_manifest(json)), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("\"theme\""));
}

#[test]
fn protocol_relative_and_css_urls_are_external_domains() {
    let entries = with(E::new(
        "more.css",
        "@import url(//fonts.example.org/x.css);\n.a{background:url('https://img.example.net/b.png')}",
    ));
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(
        report.external_domains,
        vec!["cdn.example.com", "fonts.example.org", "img.example.net"]
    );
}
