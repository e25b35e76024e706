//! Reading files of a package for serving ([`file_bytes`], [`list`]) with the same safety
//! checks as validation, and robustness: random corruptions never panic.

mod common;

use common::*;
use ministore_package::{file_bytes, list, validate, Limits};

// ---------------------------------------------------------------------------------------------
// Reading files for serving.

#[test]
fn file_bytes_reads_files_of_a_valid_package() {
    let zip = forge(&valid_entries());
    assert_eq!(file_bytes(&zip, "app.js").unwrap(), APP_JS.as_bytes());
    assert_eq!(file_bytes(&zip, "icon.png").unwrap(), icon_png());
    assert_eq!(file_bytes(&zip, "missing.js"), None);
    assert_eq!(file_bytes(&zip, "APP.JS"), None, "exact names only");
    assert_eq!(file_bytes(&zip, "/app.js"), None);
    assert_eq!(
        list(&zip),
        vec![
            "manifest.json",
            "index.html",
            "app.js",
            "style.css",
            "icon.png"
        ]
    );
}

#[test]
fn file_bytes_refuses_files_that_validation_would_refuse() {
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let cases = [
        ("small.txt", E::new("small.txt", &zeros).declared_size(100)),
        ("bomb.txt", E::new("bomb.txt", &zeros)),
        ("bad.js", E::new("bad.js", "x").crc(1)),
        (
            "link.js",
            E::new("link.js", "/etc/passwd").attrs(0o120777 << 16),
        ),
        ("enc.js", E::new("enc.js", "x").stored().flags(1)),
        ("moved.js", E::new("moved.js", "x").local_name("other.js")),
        ("app.js", E::new("app.js", "second copy")),
    ];
    for (path, entry) in cases {
        let zip = forge(&with(entry));
        assert_eq!(file_bytes(&zip, path), None, "{path}");
    }
    assert_eq!(file_bytes(b"not a zip", "a.js"), None);
}

#[test]
fn list_leaves_out_directories_and_unsafe_names() {
    let mut entries = valid_entries();
    entries.push(E::dir("assets/"));
    entries.push(E::new("../evil.js", "x"));
    entries.push(E::new("assets/ok.js", "x"));
    let names = list(&forge(&entries));
    assert_eq!(names.len(), 6);
    assert_eq!(names.last().map(String::as_str), Some("assets/ok.js"));
    assert!(list(b"garbage").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Robustness.

#[test]
fn thousands_of_random_corruptions_never_panic() {
    let zip = forge(&valid_entries());
    let with_descriptors = forge(
        &valid_entries()
            .into_iter()
            .map(E::descriptor)
            .collect::<Vec<_>>(),
    );
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut refused = 0;
    for round in 0..4000 {
        let mut z = if round % 2 == 0 {
            zip.clone()
        } else {
            with_descriptors.clone()
        };
        // Damage 1 to 4 bytes, preferring headers (the first and last few hundred bytes).
        for _ in 0..(1 + next() % 4) {
            let len = z.len() as u64;
            let at = match next() % 3 {
                0 => next() % len,
                1 => next() % 200.min(len),
                _ => len - 1 - next() % 200.min(len),
            } as usize;
            z[at] = next() as u8;
        }
        if round % 7 == 0 {
            let keep = (next() % z.len() as u64) as usize;
            z.truncate(keep);
        }
        if validate(&z, Some(ID), &Limits::default()).is_err() {
            refused += 1;
        }
        for name in list(&z) {
            let _ = file_bytes(&z, &name);
        }
    }
    assert!(refused > 3000, "most corruptions are caught: {refused}");
}
