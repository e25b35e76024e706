//! Entry data that lies (wrong CRC-32s and sizes, zip bombs, corrupt or hidden deflate data) and
//! packages over the size and count limits: refused, and stopped while inflating whatever the
//! headers claim.

mod common;

use common::*;
use ministore_package::{code, validate, Limits};
use miniz_oxide::deflate::compress_to_vec;

// ---------------------------------------------------------------------------------------------
// Data.

#[test]
fn a_wrong_crc_is_caught_after_inflating() {
    let e = E::new("app2.js", "let answer = 42;").crc(0xdead_beef);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CRC_MISMATCH]);
    assert!(r.problems[0]
        .message
        .starts_with("app2.js: the unpacked data has CRC-32 "));
    assert!(r.problems[0]
        .message
        .contains("but the headers declare deadbeef"));
}

#[test]
fn a_wrong_crc_of_a_stored_file_is_caught() {
    let e = E::new("icon2.png", icon_png()).stored().crc(7);
    assert_codes(&refuse(&forge(&with(e))), &[code::CRC_MISMATCH]);
}

#[test]
fn a_declared_size_smaller_than_the_data_is_caught_by_counting() {
    // The headers say 100 bytes; the data inflates to 20 MiB. Counting stops right after the
    // declared size, long before the limits.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let e = E::new("small.txt", &zeros).declared_size(100);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
    let msg = &r.problems[0].message;
    assert!(
        msg.starts_with(
            "small.txt: the headers declare 100 B unpacked but the data inflates to more"
        ),
        "{msg}"
    );
    assert!(msg.contains("stopped counting at 64 KB"), "{msg}");
}

#[test]
fn a_declared_size_larger_than_the_data_is_caught() {
    let e = E::new("app2.js", "let x = 1;").declared_size(5000);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
    assert!(r.problems[0]
        .message
        .contains("declare 4.9 KB unpacked but the data inflates to only 10 B"));
}

#[test]
fn a_stored_entry_with_different_sizes_is_refused() {
    let mut e = E::new("a.txt", "hello").stored();
    e.usize = Some(6);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio() {
    // 20 MiB of zeros deflate to about 20 KiB: over 1000:1.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bomb = E::new("assets/zeros.txt", &zeros);
    let zip = forge(&with(bomb));
    assert!(zip.len() < 100 * 1024);
    let r = refuse(&zip);
    assert_codes(&r, &[code::ZIP_BOMB]);
    let msg = &r.problems[0].message;
    assert!(msg.starts_with("assets/zeros.txt: compresses "), "{msg}");
    assert!(msg.contains("(20 MB from "), "{msg}");
    assert!(msg.contains("over the 200:1 limit for one file"), "{msg}");
}

#[test]
fn a_zip_bomb_with_lying_sizes_is_stopped_while_inflating() {
    // The headers claim a harmless 2:1 ratio; the data is a 1000:1 bomb.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let compressed = compress_to_vec(&zeros, 6);
    let e = E::new("assets/zeros.txt", &zeros)
        .raw(&compressed)
        .declared_size(2 * compressed.len() as u32);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
}

#[test]
fn corrupt_deflate_data_is_refused() {
    let e = E::new("app2.js", "let x = 1;").raw(&[0xff; 16]);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    let z = compress_to_vec(&noise(5000, 3), 6);
    let cut = E::new("app3.js", noise(5000, 3)).raw(&z[..z.len() / 2]);
    let r = refuse(&forge(&with(cut)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    assert!(r.problems[0].message.contains("truncated or corrupt"));
}

#[test]
fn data_hidden_after_the_deflate_stream_is_refused() {
    let mut z = compress_to_vec(b"let x = 1;", 6);
    z.extend_from_slice(b"hidden payload");
    let e = E::new("app2.js", "let x = 1;").raw(&z);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    assert!(r.problems[0].message.contains("14 unexpected bytes"));
}

// ---------------------------------------------------------------------------------------------
// Limits.

#[test]
fn more_than_2000_entries_are_refused() {
    let mut entries = valid_entries();
    for i in 0..(2001 - entries.len()) {
        entries.push(E::new(format!("f/{i:04}.txt"), "").stored());
    }
    assert_eq!(entries.len(), 2001);
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::TOO_MANY_ENTRIES]);
    assert_eq!(
        r.problems[0].message,
        "the zip has 2001 entries, over the limit of 2000 (files and folders)"
    );
    // 2000 is fine.
    entries.pop();
    assert!(validate(&forge(&entries), Some(ID), &Limits::default()).is_ok());
}

#[test]
fn an_unpacked_total_over_the_limit_is_refused() {
    let limits = Limits {
        max_unpacked: 100_000,
        ..Limits::default()
    };
    let mut entries = with(E::new("a.bin.txt", noise(60_000, 1)).stored());
    entries.push(E::new("b.txt", noise(60_000, 2)).stored());
    let r = refuse_with(&forge(&entries), &limits);
    assert_codes(&r, &[code::UNPACKED_TOO_LARGE]);
    assert_eq!(r.problems[0].path.as_deref(), Some("b.txt"));
    assert!(r.problems[0]
        .message
        .starts_with("b.txt: brings the unpacked total over the 97.7 KB limit for a package"));
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let limits = Limits {
        max_entry_size: 50_000,
        ..Limits::default()
    };
    let r = refuse_with(&forge(&with(E::new("big.txt", noise(60_000, 9)))), &limits);
    assert_codes(&r, &[code::ENTRY_TOO_LARGE]);
    assert_eq!(
        r.problems[0].message,
        "big.txt: unpacks to 58.6 KB, over the 48.8 KB limit for one file"
    );
}

#[test]
fn a_zip_over_the_compressed_limit_is_refused() {
    let zip = forge(&with(E::new("noise.txt", noise(3000, 5)).stored()));
    let limits = Limits {
        max_compressed: 2048,
        ..Limits::default()
    };
    let r = refuse_with(&zip, &limits);
    assert_codes(&r, &[code::COMPRESSED_TOO_LARGE]);
    assert!(r.problems[0]
        .message
        .ends_with("over the 2 KB limit for a package"));
}
