//! Hostile entry names (absolute, `..`, backslashes, NUL, empty, not UTF-8), entry kinds
//! (symlinks, FIFOs, devices), duplicate names and file types: each must be refused with the
//! right problem code and a message naming the file.

mod common;

use common::*;
use ministore_package::code;

// ---------------------------------------------------------------------------------------------
// Unsafe names.

#[test]
fn absolute_paths_are_refused() {
    let mut entries = with(E::new("/etc/evil.js", "x"));
    entries.push(E::new("C:/Windows/evil.js", "x"));
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::ABSOLUTE_PATH, code::ABSOLUTE_PATH]);
    assert_eq!(r.problems[0].path.as_deref(), Some("/etc/evil.js"));
    assert_eq!(
        r.problems[0].message,
        "/etc/evil.js: the name is an absolute path; paths must be relative to the package root"
    );
}

#[test]
fn dot_dot_segments_are_refused() {
    let mut entries = with(E::new("../evil.js", "x"));
    entries.push(E::new("assets/../../evil.js", "x"));
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::PATH_TRAVERSAL, code::PATH_TRAVERSAL]);
    assert!(message_of(&r, code::PATH_TRAVERSAL).starts_with("../evil.js: "));
}

#[test]
fn backslashes_in_names_are_refused() {
    let r = refuse(&forge(&with(E::new("assets\\..\\evil.js", "x"))));
    assert_codes(&r, &[code::BACKSLASH_IN_NAME]);
}

#[test]
fn nul_bytes_in_names_are_refused() {
    let r = refuse(&forge(&with(E::new(b"evil.js\0.png", "x"))));
    assert_codes(&r, &[code::NUL_IN_NAME]);
    assert_eq!(r.problems[0].path.as_deref(), Some("evil.js\\u{0}.png"));
}

#[test]
fn empty_names_are_refused() {
    let r = refuse(&forge(&with(E::new("", "x"))));
    assert_codes(&r, &[code::EMPTY_NAME]);
}

#[test]
fn names_that_are_not_utf8_are_refused() {
    let r = refuse(&forge(&with(E::new(b"caf\xe9.js", "x"))));
    assert_codes(&r, &[code::INVALID_NAME]);
}

// ---------------------------------------------------------------------------------------------
// Entry kinds.

#[test]
fn symlinks_are_refused() {
    let link = E::new("link.js", "/etc/passwd")
        .stored()
        .attrs(0o120777 << 16);
    let r = refuse(&forge(&with(link)));
    assert_codes(&r, &[code::SYMLINK]);
    assert_eq!(
        r.problems[0].message,
        "link.js: is a symbolic link; packages may only contain regular files"
    );
}

#[test]
fn symlinks_are_refused_whatever_system_made_the_zip() {
    let mut link = E::new("link.js", "/etc/passwd").attrs(0o120777 << 16);
    link.made_by = 20; // MS-DOS
    assert_codes(&refuse(&forge(&with(link))), &[code::SYMLINK]);
}

#[test]
fn fifos_and_devices_are_refused() {
    let fifo = E::new("pipe.txt", "").stored().attrs(0o010644 << 16);
    let r = refuse(&forge(&with(fifo)));
    assert_codes(&r, &[code::SPECIAL_FILE]);
    assert!(r.problems[0].message.contains("named pipe"));
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

#[test]
fn duplicate_names_are_refused() {
    let r = refuse(&forge(&with(E::new("app.js", "alert('second app.js')"))));
    assert_codes(&r, &[code::DUPLICATE_NAME]);
    assert_eq!(
        r.problems[0].message,
        "app.js: appears more than once in the zip"
    );
}

#[test]
fn names_differing_only_in_case_are_refused() {
    let r = refuse(&forge(&with(E::new("App.JS", "alert(1)"))));
    assert_codes(&r, &[code::CASE_DUPLICATE]);
    assert_eq!(
        r.problems[0].message,
        "App.JS: differs from app.js only in letter case; names must be unique ignoring case"
    );
}

#[test]
fn a_file_used_as_a_folder_is_refused() {
    let mut entries = with(E::new("assets", "plain text?"));
    entries.push(E::new("assets/x.js", "x"));
    let r = refuse(&forge(&entries));
    // "assets" has no extension, and is also a folder.
    assert_codes(&r, &[code::FILE_TYPE_NOT_ALLOWED, code::PATH_CONFLICT]);
}

// ---------------------------------------------------------------------------------------------
// File types.

#[test]
fn unknown_file_types_are_refused_by_name() {
    let mut entries = with(E::new("tools/setup.exe", "MZ"));
    entries.push(E::new("LICENSE", "MIT"));
    entries.push(E::new("__MACOSX/._index.html", "meta"));
    let r = refuse(&forge(&entries));
    assert_codes(
        &r,
        &[
            code::FILE_TYPE_NOT_ALLOWED,
            code::FILE_TYPE_NOT_ALLOWED,
            code::FILE_TYPE_NOT_ALLOWED,
        ],
    );
    assert!(r.problems[0].message.starts_with(
        "tools/setup.exe: files of type .exe are not allowed in a package (allowed: html, htm, css"
    ));
    assert!(r.problems[1]
        .message
        .starts_with("LICENSE: files without an extension are not allowed"));
    assert!(r.problems[2].message.contains("macOS Finder metadata"));
}
