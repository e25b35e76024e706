//! Reading an (already validated) package: one file's bytes, for serving it from the sandbox
//! origin ([`file_bytes`]), and the list of its files ([`list`]).

use crate::entry::{check_entry, inflate_entry};
use crate::{zip, Limits};

/// Reads one file of a package, for serving it. Returns `None` if the zip or the file is
/// unreadable or unsafe (same structural checks and the default [`Limits`] as [`validate`](crate::validate)),
/// if `path` is not exactly the name of one file in the zip, or if the data does not unpack
/// to exactly the declared size with the declared CRC-32.
pub fn file_bytes(zip: &[u8], path: &str) -> Option<Vec<u8>> {
    let limits = Limits::default();
    if zip.len() as u64 > limits.max_compressed {
        return None;
    }
    let archive = zip::read_archive(zip, limits.max_entries).ok()?;
    let mut found = archive
        .entries
        .iter()
        .filter(|e| e.name_bytes == path.as_bytes());
    let entry = found.next()?;
    if found.next().is_some() || entry.is_dir() {
        return None;
    }
    let check = check_entry(&archive, entry, &limits);
    if !check.problems.is_empty() {
        return None;
    }
    let range = check.data?;
    inflate_entry(
        &archive.bytes[range],
        entry,
        &check.display_name,
        &limits,
        limits.max_unpacked,
        true,
    )
    .ok()
    .map(|inflated| inflated.kept)
}

/// The paths of the files in a zip, in the order of its central directory. Directory entries
/// and entries whose name is unsafe (see [`validate`](crate::validate)) are left out; an unreadable zip gives an
/// empty list.
pub fn list(zip: &[u8]) -> Vec<String> {
    let Ok(archive) = zip::read_archive(zip, usize::MAX) else {
        return Vec::new();
    };
    archive
        .entries
        .iter()
        .filter(|e| !e.is_dir())
        .filter_map(|e| {
            let name = std::str::from_utf8(e.name_bytes).ok()?;
            zip::name_problem(e.name_bytes)
                .is_none()
                .then(|| name.to_string())
        })
        .collect()
}
