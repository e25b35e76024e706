//! Unit tests of the crate root's pieces: file kinds, limits, codes and rejections.

use std::collections::HashSet;

use crate::kind::{extension, file_type_problem};
use crate::limits::ratio_problem;
use crate::{code, FileKind, Limits, Problem, Rejection, ALLOWED_EXTENSIONS};

#[test]
fn extensions_are_read_from_the_last_segment_and_lower_cased() {
    assert_eq!(extension("a/b/Icon.PNG").as_deref(), Some("png"));
    assert_eq!(extension("a.d/LICENSE"), None);
    assert_eq!(extension(".htaccess"), None);
    assert_eq!(extension("x."), None);
    assert_eq!(extension(".eslintrc.json").as_deref(), Some("json"));
}

#[test]
fn file_kinds_follow_the_extension_table() {
    assert_eq!(FileKind::of("index.HTML"), FileKind::Html);
    assert_eq!(FileKind::of("a/app.mjs"), FileKind::Script);
    assert_eq!(FileKind::of("s.css"), FileKind::Style);
    assert_eq!(FileKind::of("i.svg"), FileKind::Image);
    assert_eq!(FileKind::of("f.woff2"), FileKind::Font);
    assert_eq!(FileKind::of("m.webm"), FileKind::Media);
    assert_eq!(FileKind::of("d.map"), FileKind::Data);
    assert_eq!(FileKind::of("x.exe"), FileKind::Other);
    assert_eq!(
        serde_json::to_string(&FileKind::Script).unwrap(),
        "\"script\""
    );
    for (_, kind) in ALLOWED_EXTENSIONS {
        assert_eq!(
            serde_json::to_string(kind).unwrap(),
            format!("\"{}\"", kind.as_str())
        );
    }
}

#[test]
fn default_limits_match_the_documented_values() {
    let l = Limits::default();
    assert_eq!(l.max_compressed, 10 * 1024 * 1024);
    assert_eq!(l.max_unpacked, 50 * 1024 * 1024);
    assert_eq!(l.max_entries, 2000);
    assert_eq!(l.max_ratio, 200);
    assert_eq!(l.max_entry_size, 32 * 1024 * 1024);
}

#[test]
fn the_ratio_bound_ignores_small_files() {
    let l = Limits::default();
    assert!(ratio_problem("a.css", 1024 * 1024, 10, &l).is_none());
    let msg = ratio_problem("zeros.txt", 20 * 1024 * 1024, 20 * 1024, &l).unwrap();
    assert_eq!(
        msg,
        "zeros.txt: compresses 1024:1 (20 MB from 20 KB), over the 200:1 limit for one \
         file; this looks like a zip bomb"
    );
}

#[test]
fn macos_metadata_gets_a_specific_hint() {
    let msg = file_type_problem("__MACOSX/._index.html").unwrap();
    assert!(msg.contains("macOS Finder metadata"), "{msg}");
    let msg = file_type_problem("run.sh").unwrap();
    assert!(
        msg.starts_with("run.sh: files of type .sh are not allowed"),
        "{msg}"
    );
    assert!(file_type_problem("a/b.woff2").is_none());
}

#[test]
fn every_code_is_snake_case_and_unique() {
    let mut seen = HashSet::new();
    for c in code::ALL {
        assert!(
            c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
            "{c}"
        );
        assert!(seen.insert(*c), "{c} twice");
    }
}

#[test]
fn a_rejection_displays_all_its_messages() {
    let r = Rejection {
        problems: vec![
            Problem::new("a", None, "first"),
            Problem::new("b", Some("x.js"), "x.js: second"),
        ],
    };
    assert_eq!(r.to_string(), "first; x.js: second");
    assert_eq!(r.codes(), vec!["a", "b"]);
    assert!(r.has("b") && !r.has("c"));
}
