//! Unit tests of the zip reader: names, Unix modes, non-zips, method names.

use super::*;
use crate::code;

fn code_of(name: &[u8]) -> Option<&'static str> {
    name_problem(name).map(|(c, _)| c)
}

#[test]
fn safe_relative_names_are_accepted() {
    for ok in [
        &b"index.html"[..],
        b"assets/img/icon.png",
        b"assets/",
        b"a..b/c...js",
        "données/é.txt".as_bytes(),
    ] {
        assert_eq!(code_of(ok), None, "{}", String::from_utf8_lossy(ok));
    }
}

#[test]
fn unsafe_names_are_classified() {
    assert_eq!(code_of(b""), Some(code::EMPTY_NAME));
    assert_eq!(code_of(b"a\0.js"), Some(code::NUL_IN_NAME));
    assert_eq!(code_of(b"a\\..\\b.js"), Some(code::BACKSLASH_IN_NAME));
    assert_eq!(code_of(b"/etc/passwd"), Some(code::ABSOLUTE_PATH));
    assert_eq!(code_of(b"/"), Some(code::ABSOLUTE_PATH));
    assert_eq!(code_of(b"C:/x.js"), Some(code::ABSOLUTE_PATH));
    assert_eq!(code_of(b"c:x.js"), Some(code::ABSOLUTE_PATH));
    assert_eq!(code_of(b"../x.js"), Some(code::PATH_TRAVERSAL));
    assert_eq!(code_of(b"a/../../x.js"), Some(code::PATH_TRAVERSAL));
    assert_eq!(code_of(b"a/.."), Some(code::PATH_TRAVERSAL));
    assert_eq!(code_of(b"../"), Some(code::PATH_TRAVERSAL));
    assert_eq!(code_of(b"a//b.js"), Some(code::INVALID_NAME));
    assert_eq!(code_of(b"./a.js"), Some(code::INVALID_NAME));
    assert_eq!(code_of(b"a\nb.js"), Some(code::INVALID_NAME));
    assert_eq!(code_of(b"\xff\xfe.js"), Some(code::INVALID_NAME));
    assert_eq!(code_of(&[b'a'; 600]), Some(code::INVALID_NAME));
}

#[test]
fn display_names_escape_control_characters() {
    assert_eq!(display_name(b"a\0b.png"), "a\\u{0}b.png");
    assert_eq!(display_name(b""), "(empty name)");
    assert_eq!(display_name(b"ok/x.js"), "ok/x.js");
}

#[test]
fn unix_modes_are_classified() {
    let entry = |attrs: u32, name: &'static [u8]| CentralEntry {
        name_bytes: name,
        flags: 0,
        method: 0,
        crc32: 0,
        compressed_size: 0,
        uncompressed_size: 0,
        external_attrs: attrs,
        local_offset: 0,
    };
    assert_eq!(entry(0, b"a").unix_file_type(), None);
    assert_eq!(
        entry(0o100644 << 16, b"a").unix_file_type(),
        Some(UnixType::Regular)
    );
    assert_eq!(
        entry(0o120777 << 16, b"a").unix_file_type(),
        Some(UnixType::Symlink)
    );
    assert_eq!(
        entry(0o040755 << 16, b"a/").unix_file_type(),
        Some(UnixType::Directory)
    );
    assert_eq!(
        entry(0o010644 << 16, b"a").unix_file_type(),
        Some(UnixType::Special("named pipe (FIFO)"))
    );
}

#[test]
fn non_zips_are_recognised_and_named() {
    let gz = read_archive(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0], 10)
        .err()
        .unwrap();
    assert_eq!(gz.code, code::NOT_A_ZIP);
    assert!(gz.message.contains("gzip"), "{}", gz.message);
    let empty = read_archive(b"", 10).err().unwrap();
    assert_eq!(empty.code, code::NOT_A_ZIP);
    let cut = read_archive(b"PK\x03\x04rest of a local header", 10)
        .err()
        .unwrap();
    assert_eq!(cut.code, code::TRUNCATED_ZIP);
}

#[test]
fn an_empty_zip_has_no_entries() {
    let mut eocd = EOCD_SIG.to_le_bytes().to_vec();
    eocd.extend([0u8; 18]);
    let archive = read_archive(&eocd, 10).ok().unwrap();
    assert!(archive.entries.is_empty());
}

#[test]
fn method_names_cover_the_common_methods() {
    assert_eq!(method_name(12), "bzip2");
    assert_eq!(method_name(14), "LZMA");
    assert_eq!(method_name(7), "unknown");
}
