//! Entry names: which are unsafe or invalid and why, how they are shown in messages, and the
//! names of compression methods.

use crate::code;

/// Longest entry name accepted, in bytes.
pub(crate) const MAX_NAME_BYTES: usize = 512;

/// Escapes control characters (including NUL) as `\u{..}` and shows an empty name as
/// `(empty name)`; invalid UTF-8 is replaced by U+FFFD.
pub(crate) fn display_name(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "(empty name)".to_string();
    }
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The human name of a compression method number.
pub(crate) fn method_name(method: u16) -> &'static str {
    match method {
        0 => "stored",
        1 => "shrink",
        2..=5 => "reduce",
        6 => "implode",
        8 => "deflate",
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "XZ",
        96 => "JPEG",
        97 => "WavPack",
        98 => "PPMd",
        99 => "AES encryption",
        _ => "unknown",
    }
}

/// Why an entry name is unsafe or invalid, if it is: `(code, explanation)`.
pub(crate) fn name_problem(name: &[u8]) -> Option<(&'static str, String)> {
    if name.is_empty() {
        return Some((code::EMPTY_NAME, "the entry name is empty".into()));
    }
    if name.contains(&0) {
        return Some((code::NUL_IN_NAME, "the name contains a NUL byte".into()));
    }
    let Ok(name) = std::str::from_utf8(name) else {
        return Some((
            code::INVALID_NAME,
            "the name is not valid UTF-8 (use an archiver that writes UTF-8 names)".into(),
        ));
    };
    if name.contains('\\') {
        return Some((
            code::BACKSLASH_IN_NAME,
            "the name contains a backslash; paths in a zip must use / as separator".into(),
        ));
    }
    let b = name.as_bytes();
    if b[0] == b'/' || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') {
        return Some((
            code::ABSOLUTE_PATH,
            "the name is an absolute path; paths must be relative to the package root".into(),
        ));
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    if trimmed.split('/').any(|s| s == "..") {
        return Some((
            code::PATH_TRAVERSAL,
            "the name contains a .. segment, which would point outside the package".into(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Some((
            code::INVALID_NAME,
            "the name contains control characters".into(),
        ));
    }
    if trimmed.split('/').any(|s| s.is_empty() || s == ".") {
        return Some((
            code::INVALID_NAME,
            "the name has an empty or \".\" path segment".into(),
        ));
    }
    if b.len() > MAX_NAME_BYTES {
        return Some((
            code::INVALID_NAME,
            format!(
                "the name is {} bytes long, over the {MAX_NAME_BYTES}-byte limit",
                b.len()
            ),
        ));
    }
    None
}
