//! The end-of-central-directory record and the central directory: finding them, refusing
//! ZIP64 and split archives, and naming what a file that is not a zip looks like.

use super::{
    display_name, u16_at, u32_at, Archive, CentralEntry, CENTRAL_LEN, CENTRAL_SIG, DESCRIPTOR_SIG,
    EOCD_LEN, EOCD_SIG, LOCAL_SIG, ZIP64_LOCATOR_SIG,
};
use crate::code;
use crate::Problem;

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
    if u64::from(cd_offset) + u64::from(cd_size) > eocd as u64 {
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
            compressed_size: u64::from(compressed),
            uncompressed_size: u64::from(uncompressed),
            external_attrs: u32_at(bytes, p + 38),
            local_offset: u64::from(offset),
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
