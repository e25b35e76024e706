//! Files that are not zips, truncated zips, bytes before, between or after the entries, and end
//! records or central records that lie.

mod common;

use common::*;
use ministore_package::{code, validate, Limits};

// ---------------------------------------------------------------------------------------------
// Not zips, broken zips.

#[test]
fn something_that_is_not_a_zip_is_refused() {
    let r = refuse(b"hello, I am a text file");
    assert_codes(&r, &[code::NOT_A_ZIP]);
    assert_eq!(
        r.problems[0].message,
        "this is not a zip file (no zip signature found); upload the mini-program as a .zip"
    );
    let r = refuse(&[0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]);
    assert!(r.problems[0].message.contains("gzip"));
    assert_codes(&refuse(b""), &[code::NOT_A_ZIP]);
}

#[test]
fn a_truncated_zip_is_refused() {
    let zip = forge(&valid_entries());
    let r = refuse(&zip[..zip.len() / 2]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
    assert!(r.problems[0].message.starts_with("the zip is truncated"));
    // Cut by one byte: the end record is there but incomplete.
    let r = refuse(&zip[..zip.len() - 1]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
    // Cut inside the central directory.
    let r = refuse(&zip[..zip.len() - 30]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
}

#[test]
fn bytes_before_or_after_the_zip_are_refused() {
    let prefixed = forge_shaped(
        &valid_entries(),
        Shape {
            prefix: b"#!/bin/sh\nexec unzip\n".to_vec(),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&prefixed), &[code::MALFORMED_ZIP]);
    let suffixed = forge_shaped(
        &valid_entries(),
        Shape {
            suffix: b"<script>polyglot</script>".to_vec(),
            ..Shape::default()
        },
    );
    let r = refuse(&suffixed);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert!(r.problems[0].message.contains("25 unexpected bytes follow"));
}

#[test]
fn data_hidden_before_between_or_after_the_entries_is_refused() {
    // A polyglot: an HTML page followed by a zip whose offsets account for it.
    let polyglot = forge_shaped(
        &valid_entries(),
        Shape {
            prefix: b"<html><script>alert(1)</script></html>".to_vec(),
            absolute_offsets: true,
            ..Shape::default()
        },
    );
    let r = refuse(&polyglot);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert_eq!(
        r.problems[0].message,
        "the zip is malformed: 38 bytes at offset 0, before manifest.json, belong to no entry \
         (was data prepended or hidden in the zip?)"
    );
    let gap = forge_shaped(
        &valid_entries(),
        Shape {
            gap_before_cd: b"hidden".to_vec(),
            ..Shape::default()
        },
    );
    let r = refuse(&gap);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert!(r.problems[0].message.contains("6 bytes at offset"));
}

#[test]
fn an_empty_file_may_be_deflate_with_no_data() {
    let empty = E::new("empty.txt", "").raw(b"");
    let report = validate(&forge(&with(empty)), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 6);
}

#[test]
fn an_end_record_miscounting_the_entries_is_refused() {
    let zip = forge_shaped(
        &valid_entries(),
        Shape {
            eocd_count: Some(3),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&zip), &[code::MALFORMED_ZIP]);
    let zip = forge_shaped(
        &valid_entries(),
        Shape {
            eocd_count: Some(9),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&zip), &[code::MALFORMED_ZIP]);
}

#[test]
fn zip64_markers_are_refused() {
    let e = E::new("a.txt", "x").declared_size(u32::MAX);
    assert_codes(&refuse(&forge(&with(e))), &[code::ZIP64_UNSUPPORTED]);
}

#[test]
fn a_central_record_pointing_nowhere_is_refused() {
    let mut zip = forge(&valid_entries());
    // Make the first central record point past the file data: find it by its signature.
    let cd = zip
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    zip[cd + 42..cd + 46].copy_from_slice(&1_000_000u32.to_le_bytes());
    let r = refuse(&zip);
    assert!(r.has(code::MALFORMED_ZIP), "{:#?}", r.problems);
    assert_eq!(r.problems[0].path.as_deref(), Some("manifest.json"));
    // The manifest could not be read, so it is not also reported missing.
    assert!(!r.has(code::MISSING_MANIFEST));
}
