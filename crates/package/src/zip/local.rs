//! Local file headers and data descriptors: where each entry's data lies, and every way its
//! local header disagrees with its central-directory record.

use std::ops::Range;

use super::{
    display_name, method_name, u16_at, u32_at, Archive, CentralEntry, DESCRIPTOR_SIG,
    FLAG_DESCRIPTOR, FLAG_ENCRYPTED, LOCAL_LEN, LOCAL_SIG,
};
use crate::code;

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
    let compressed = u64::from(u32_at(b, off + 18));
    let uncompressed = u64::from(u32_at(b, off + 22));
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
        u64::from(crc),
        u64::from(entry.crc32),
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
        let d_compressed = u64::from(u32_at(b, p + 4));
        let d_uncompressed = u64::from(u32_at(b, p + 8));
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
