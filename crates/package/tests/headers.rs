//! Entries whose headers lie: encryption, unsupported compression, local headers or data
//! descriptors disagreeing with the central directory, entries sharing data.

mod common;

use common::*;
use ministore_package::code;

// ---------------------------------------------------------------------------------------------
// Headers.

#[test]
fn encrypted_entries_are_refused() {
    let e = E::new("secret.js", "x").stored().flags((1 << 11) | 1);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::ENCRYPTED]);
    assert_eq!(
        r.problems[0].message,
        "secret.js: is encrypted; upload the package without a password"
    );
}

#[test]
fn aes_encrypted_entries_are_refused() {
    let e = E::new("secret.js", "x").method(99, b"opaque");
    assert_codes(&refuse(&forge(&with(e))), &[code::ENCRYPTED]);
}

#[test]
fn unsupported_compression_methods_are_refused() {
    let e = E::new("lib.js", "x").method(12, b"BZh91AY&SY");
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::UNSUPPORTED_COMPRESSION]);
    assert!(r.problems[0].message.contains("method 12 (bzip2)"));
}

#[test]
fn a_local_name_differing_from_the_central_name_is_refused() {
    let e = E::new("app2.js", "x").local_name("evil.js");
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert_eq!(
        r.problems[0].message,
        "app2.js: the local header names the file \"evil.js\" but the central directory names \
         it \"app2.js\""
    );
}

#[test]
fn a_local_size_differing_from_the_central_size_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;".repeat(20));
    e.local_csize = Some(3);
    e.local_usize = Some(10_000);
    let r = refuse(&forge(&with(e)));
    assert_codes(
        &r,
        &[code::LOCAL_HEADER_MISMATCH, code::LOCAL_HEADER_MISMATCH],
    );
    assert!(r.problems[0].message.contains("compressed size of 3 bytes"));
    assert!(r.problems[1]
        .message
        .contains("uncompressed size of 10000 bytes but the central directory declares 200 bytes"));
}

#[test]
fn a_local_crc_or_method_differing_from_the_central_one_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;");
    e.local_crc = Some(0x1234_5678);
    e.local_method = Some(0);
    let r = refuse(&forge(&with(e)));
    assert_codes(
        &r,
        &[code::LOCAL_HEADER_MISMATCH, code::LOCAL_HEADER_MISMATCH],
    );
    assert!(r.problems[0]
        .message
        .contains("compression method 0 (stored)"));
    assert!(r.problems[1].message.contains("CRC-32 12345678"));
}

#[test]
fn a_local_encryption_flag_hidden_from_the_central_directory_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;");
    e.local_flags = Some((1 << 11) | 1);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert!(r.problems[0].message.contains("encrypted"));
}

#[test]
fn a_data_descriptor_disagreeing_with_the_central_directory_is_refused() {
    // The descriptor is written with the real values, the central record with a lie.
    let mut zip = forge(&with(E::new("app2.js", "let x = 1;").descriptor()));
    let honest = crc32fast::hash(b"let x = 1;").to_le_bytes();
    // Patch the CRC in the central record only (the last occurrence of the CRC).
    let at = zip
        .windows(4)
        .rposition(|w| w == honest)
        .expect("central CRC");
    zip[at..at + 4].copy_from_slice(&0xdead_beefu32.to_le_bytes());
    let r = refuse(&zip);
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert!(r.problems[0].message.contains("data descriptor"));
}

#[test]
fn entries_sharing_data_are_refused() {
    // A second central record pointing at the first file's local header: the overlapping-file
    // zip bomb.
    let entries = with(E::new("copy.js", "").alias_of(2));
    let r = refuse(&forge(&entries));
    assert!(r.has(code::OVERLAPPING_ENTRIES), "{:#?}", r.problems);
    assert!(r.has(code::LOCAL_HEADER_MISMATCH), "the names differ too");
    assert!(message_of(&r, code::OVERLAPPING_ENTRIES).contains("overlaps the data of app.js"));
}
