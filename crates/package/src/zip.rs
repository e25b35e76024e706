//! A strict reader of the zip container: end-of-central-directory record, central directory,
//! local file headers and data descriptors. It trusts nothing: every offset is bounds-checked,
//! every local header is compared with its central-directory record.

use std::ops::Range;

use crate::code;
use crate::Problem;

pub(crate) const STORED: u16 = 0;
pub(crate) const DEFLATED: u16 = 8;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;

const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;

const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_MASKED_HEADERS: u16 = 1 << 13;
const METHOD_AES: u16 = 99;

/// Longest entry name accepted, in bytes.
pub(crate) const MAX_NAME_BYTES: usize = 512;

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// A parsed zip: the central directory, in order.
pub(crate) struct Archive<'a> {
    pub bytes: &'a [u8],
    pub entries: Vec<CentralEntry<'a>>,
    /// Where the central directory starts: all file data must lie before it.
    pub cd_offset: usize,
}

/// One central-directory record.
pub(crate) struct CentralEntry<'a> {
    pub name_bytes: &'a [u8],
    pub flags: u16,
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub external_attrs: u32,
    pub local_offset: u64,
}

/// The file type recorded in the Unix mode bits of an entry.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum UnixType {
    Regular,
    Directory,
    Symlink,
    Special(&'static str),
}

impl CentralEntry<'_> {
    pub fn is_dir(&self) -> bool {
        self.name_bytes.last() == Some(&b'/')
    }

    pub fn is_encrypted(&self) -> bool {
        self.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS) != 0
            || self.method == METHOD_AES
    }

    /// The name for messages and reports: the UTF-8 name with control characters escaped.
    pub fn display_name(&self) -> String {
        display_name(self.name_bytes)
    }

    /// The file type from the Unix mode in the upper half of the external attributes, if
    /// set. Checked whatever the "version made by" system says: a symlink is refused even if the
    /// archiver claims to be MS-DOS.
    pub fn unix_file_type(&self) -> Option<UnixType> {
        let mode = self.external_attrs >> 16;
        if mode == 0 {
            return None;
        }
        Some(match mode & 0o170000 {
            0 | 0o100000 => UnixType::Regular,
            0o040000 => UnixType::Directory,
            0o120000 => UnixType::Symlink,
            0o020000 => UnixType::Special("character device"),
            0o060000 => UnixType::Special("block device"),
            0o010000 => UnixType::Special("named pipe (FIFO)"),
            0o140000 => UnixType::Special("socket"),
            _ => UnixType::Special("special file of unknown type"),
        })
    }
}

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

fn fatal(code: &str, message: impl Into<String>) -> Problem {
    Problem::new(code, None, message)
}

/// A guess at what a non-zip file is, from its first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0x1f, 0x8b]) {
        Some("a gzip file (.gz or .tar.gz)")
    } else if starts(b"Rar!") {
        Some("a RAR archive")
    } else if starts(&[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c]) {
        Some("a 7-Zip archive")
    } else if starts(b"BZh") {
        Some("a bzip2 file")
    } else if starts(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some("an XZ file")
    } else if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some("a Zstandard file")
    } else if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        Some("a tar archive")
    } else if starts(b"%PDF") {
        Some("a PDF document")
    } else if starts(b"\x89PNG") {
        Some("a PNG image")
    } else {
        None
    }
}

/// Parses the end-of-central-directory record and the central directory. Problems found here
/// are fatal: without a trustworthy directory nothing else can be checked.
pub(crate) fn read_archive(bytes: &[u8], max_entries: usize) -> Result<Archive<'_>, Problem> {
    let len = bytes.len();
    let looks_like_zip = bytes.starts_with(&LOCAL_SIG.to_le_bytes())
        || bytes.starts_with(&DESCRIPTOR_SIG.to_le_bytes())
        || bytes.starts_with(&EOCD_SIG.to_le_bytes());
    if len == 0 {
        return Err(fatal(
            code::NOT_A_ZIP,
            "the file is empty (0 bytes), not a zip",
        ));
    }

    // Find the end-of-central-directory record: the last one whose comment ends exactly at
    // the end of the file.
    let mut eocd = None;
    let mut misplaced = None;
    if len >= EOCD_LEN {
        let lowest = len.saturating_sub(EOCD_LEN + u16::MAX as usize);
        let mut p = len - EOCD_LEN;
        loop {
            if u32_at(bytes, p) == EOCD_SIG {
                let comment = u16_at(bytes, p + 20) as usize;
                if p + EOCD_LEN + comment == len {
                    eocd = Some(p);
                    break;
                }
                misplaced.get_or_insert((p, comment));
            }
            if p == lowest {
                break;
            }
            p -= 1;
        }
    }
    let Some(eocd) = eocd else {
        if let Some((p, comment)) = misplaced {
            let end = p + EOCD_LEN + comment;
            return Err(if end > len {
                fatal(
                    code::TRUNCATED_ZIP,
                    format!(
                        "the zip is truncated: its end-of-central-directory record announces a \
                         {comment}-byte comment but the file ends {} bytes short of it",
                        end - len
                    ),
                )
            } else {
                fatal(
                    code::MALFORMED_ZIP,
                    format!(
                        "{} unexpected bytes follow the end of the zip (after its \
                         end-of-central-directory record)",
                        len - end
                    ),
                )
            });
        }
        if looks_like_zip {
            return Err(fatal(
                code::TRUNCATED_ZIP,
                format!(
                    "the zip is truncated: it starts like a zip but its end (the central \
                     directory) is missing; only {len} bytes were received"
                ),
            ));
        }
        let what = match sniff(bytes) {
            Some(kind) => format!("this looks like {kind}, not a zip"),
            None => "this is not a zip file (no zip signature found)".to_string(),
        };
        return Err(fatal(
            code::NOT_A_ZIP,
            format!("{what}; upload the mini-program as a .zip"),
        ));
    };

    let disk = u16_at(bytes, eocd + 4);
    let cd_disk = u16_at(bytes, eocd + 6);
    let entries_here = u16_at(bytes, eocd + 8);
    let entries_total = u16_at(bytes, eocd + 10);
    let cd_size = u32_at(bytes, eocd + 12);
    let cd_offset = u32_at(bytes, eocd + 16);

    let has_zip64_locator = eocd >= 20 && u32_at(bytes, eocd - 20) == ZIP64_LOCATOR_SIG;
    if has_zip64_locator
        || entries_total == u16::MAX
        || cd_size == u32::MAX
        || cd_offset == u32::MAX
    {
        return Err(fatal(
            code::ZIP64_UNSUPPORTED,
            "the zip uses the ZIP64 extension (some tools write it when zipping from a \
             stream), which packages never need; create the zip from files, for example with \
             zip -r app.zip .",
        ));
    }
    if disk != 0 || cd_disk != 0 || entries_here != entries_total {
        return Err(fatal(
            code::ZIP64_UNSUPPORTED,
            "the zip is one part of a split (multi-volume) archive; upload a single zip file",
        ));
    }
    if entries_total as usize > max_entries {
        return Err(fatal(
            code::TOO_MANY_ENTRIES,
            format!(
                "the zip has {entries_total} entries, over the limit of {max_entries} \
                 (files and folders)"
            ),
        ));
    }
    // In u64: forged offsets must not overflow a 32-bit usize (wasm).
    if cd_offset as u64 + cd_size as u64 > eocd as u64 {
        return Err(fatal(
            code::TRUNCATED_ZIP,
            format!(
                "the zip is truncated or corrupt: its central directory ({cd_size} bytes at \
                 offset {cd_offset}) does not fit before its end record (at offset {eocd})"
            ),
        ));
    }
    let cd_offset = cd_offset as usize;
    let cd_end = cd_offset + cd_size as usize;
    if cd_end < eocd {
        return Err(fatal(
            code::MALFORMED_ZIP,
            format!(
                "the zip is malformed: {} unexpected bytes lie between its central directory \
                 and its end record (was data prepended to the zip, as in a self-extracting \
                 archive?)",
                eocd - cd_end
            ),
        ));
    }

    let mut entries = Vec::with_capacity(entries_total as usize);
    let mut p = cd_offset;
    for index in 0..entries_total as usize {
        if p + CENTRAL_LEN > cd_end || u32_at(bytes, p) != CENTRAL_SIG {
            return Err(fatal(
                code::MALFORMED_ZIP,
                format!(
                    "the zip is malformed: its end record announces {entries_total} entries \
                     but the central directory holds only {index}"
                ),
            ));
        }
        let name_len = u16_at(bytes, p + 28) as usize;
        let extra_len = u16_at(bytes, p + 30) as usize;
        let comment_len = u16_at(bytes, p + 32) as usize;
        let record_end = p + CENTRAL_LEN + name_len + extra_len + comment_len;
        if record_end > cd_end {
            return Err(fatal(
                code::MALFORMED_ZIP,
                format!(
                    "the zip is malformed: central-directory record {} runs past the end of \
                     the central directory",
                    index + 1
                ),
            ));
        }
        let compressed = u32_at(bytes, p + 20);
        let uncompressed = u32_at(bytes, p + 24);
        let offset = u32_at(bytes, p + 42);
        let name_bytes = &bytes[p + CENTRAL_LEN..p + CENTRAL_LEN + name_len];
        if compressed == u32::MAX || uncompressed == u32::MAX || offset == u32::MAX {
            return Err(fatal(
                code::ZIP64_UNSUPPORTED,
                format!(
                    "{}: uses the ZIP64 extension, which packages never need; create the zip \
                     with a standard zip tool",
                    display_name(name_bytes)
                ),
            ));
        }
        if u16_at(bytes, p + 34) != 0 {
            return Err(fatal(
                code::ZIP64_UNSUPPORTED,
                format!(
                    "{}: lies on another part of a split (multi-volume) archive; upload a \
                     single zip file",
                    display_name(name_bytes)
                ),
            ));
        }
        entries.push(CentralEntry {
            name_bytes,
            flags: u16_at(bytes, p + 8),
            method: u16_at(bytes, p + 10),
            crc32: u32_at(bytes, p + 16),
            compressed_size: compressed as u64,
            uncompressed_size: uncompressed as u64,
            external_attrs: u32_at(bytes, p + 38),
            local_offset: offset as u64,
        });
        p = record_end;
    }
    if p != cd_end {
        return Err(fatal(
            code::MALFORMED_ZIP,
            format!(
                "the zip is malformed: its end record announces {entries_total} entries but \
                 the central directory holds more ({} bytes left over)",
                cd_end - p
            ),
        ));
    }
    Ok(Archive {
        bytes,
        entries,
        cd_offset,
    })
}

/// Where an entry's bytes lie, and how its local header disagrees with the central directory.
pub(crate) struct Located {
    /// The compressed data.
    pub data: Range<usize>,
    /// Local header, data and data descriptor.
    pub span: Range<usize>,
    /// Human descriptions of every disagreement.
    pub mismatches: Vec<String>,
}

/// Reads the local header of an entry, compares it (and its data descriptor, if any) with the
/// central directory, and finds its data. `Err` is `(code, explanation)` when the local header
/// or the data cannot be found at all.
pub(crate) fn locate(
    archive: &Archive<'_>,
    entry: &CentralEntry<'_>,
) -> Result<Located, (&'static str, String)> {
    let b = archive.bytes;
    let limit = archive.cd_offset;
    let off = entry.local_offset;
    if off + LOCAL_LEN as u64 > limit as u64 {
        return Err((
            code::MALFORMED_ZIP,
            format!(
                "its local header offset ({off}) points outside the file data, which ends at \
                 offset {limit}"
            ),
        ));
    }
    let off = off as usize;
    if u32_at(b, off) != LOCAL_SIG {
        return Err((
            code::MALFORMED_ZIP,
            format!("there is no local file header at offset {off}, where the central directory says it is"),
        ));
    }
    let flags = u16_at(b, off + 6);
    let method = u16_at(b, off + 8);
    let crc = u32_at(b, off + 14);
    let compressed = u32_at(b, off + 18) as u64;
    let uncompressed = u32_at(b, off + 22) as u64;
    let name_len = u16_at(b, off + 26) as usize;
    let extra_len = u16_at(b, off + 28) as usize;
    let data_start = off + LOCAL_LEN + name_len + extra_len;
    if data_start > limit {
        return Err((
            code::MALFORMED_ZIP,
            format!("its local header (at offset {off}) runs into the central directory"),
        ));
    }
    let local_name = &b[off + LOCAL_LEN..off + LOCAL_LEN + name_len];

    let mut mismatches = Vec::new();
    if local_name != entry.name_bytes {
        mismatches.push(format!(
            "the local header names the file \"{}\" but the central directory names it \"{}\"",
            display_name(local_name),
            display_name(entry.name_bytes)
        ));
    }
    if (flags & FLAG_ENCRYPTED) != (entry.flags & FLAG_ENCRYPTED) {
        mismatches.push(
            "the local header and the central directory disagree on whether it is encrypted"
                .to_string(),
        );
    }
    if (flags & FLAG_DESCRIPTOR) != (entry.flags & FLAG_DESCRIPTOR) {
        mismatches.push(
            "the local header and the central directory disagree on whether a data \
             descriptor follows the data"
                .to_string(),
        );
    }
    if method != entry.method {
        mismatches.push(format!(
            "the local header says compression method {method} ({}) but the central \
             directory says {} ({})",
            method_name(method),
            entry.method,
            method_name(entry.method)
        ));
    }
    // With a data descriptor the local header may leave CRC and sizes at zero.
    let descriptor = entry.flags & FLAG_DESCRIPTOR != 0;
    let compare = |what: &str, local: u64, central: u64, hex: bool, out: &mut Vec<String>| {
        if local != central && !(descriptor && local == 0) {
            let show = |v: u64| {
                if hex {
                    format!("{v:08x}")
                } else {
                    format!("{v} bytes")
                }
            };
            out.push(format!(
                "the local header declares {what} {} but the central directory declares {}",
                show(local),
                show(central)
            ));
        }
    };
    compare(
        "CRC-32",
        crc as u64,
        entry.crc32 as u64,
        true,
        &mut mismatches,
    );
    compare(
        "a compressed size of",
        compressed,
        entry.compressed_size,
        false,
        &mut mismatches,
    );
    compare(
        "an uncompressed size of",
        uncompressed,
        entry.uncompressed_size,
        false,
        &mut mismatches,
    );

    let data_end = data_start as u64 + entry.compressed_size;
    if data_end > limit as u64 {
        return Err((
            code::MALFORMED_ZIP,
            format!(
                "its compressed data ({} bytes from offset {data_start}) runs past the start \
                 of the central directory (offset {limit}); the zip is truncated or corrupt",
                entry.compressed_size
            ),
        ));
    }
    let data_end = data_end as usize;
    let mut span_end = data_end;
    if descriptor {
        let mut p = data_end;
        if p + 4 <= limit && u32_at(b, p) == DESCRIPTOR_SIG {
            p += 4;
        }
        if p + 12 > limit {
            return Err((
                code::MALFORMED_ZIP,
                "its data descriptor is missing (the zip is truncated or corrupt)".to_string(),
            ));
        }
        let d_crc = u32_at(b, p);
        let d_compressed = u32_at(b, p + 4) as u64;
        let d_uncompressed = u32_at(b, p + 8) as u64;
        if d_crc != entry.crc32
            || d_compressed != entry.compressed_size
            || d_uncompressed != entry.uncompressed_size
        {
            mismatches.push(format!(
                "its data descriptor declares CRC-32 {d_crc:08x}, {d_compressed} bytes \
                 compressed, {d_uncompressed} bytes uncompressed, but the central directory \
                 declares {:08x}, {} and {}",
                entry.crc32, entry.compressed_size, entry.uncompressed_size
            ));
        }
        span_end = p + 12;
    }
    Ok(Located {
        data: data_start..data_end,
        span: off..span_end,
        mismatches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
