//! The checks of one zip entry: everything that needs no inflating (name, kind, flags, method,
//! local header, declared sizes), then inflating it while counting every byte produced.

use crate::inflate::{self, inflate_counted, Inflated, Sink};
use crate::kind::file_type_problem;
use crate::limits::{ratio_limit, ratio_problem};
use crate::size::{over_limit, Human};
use crate::zip::{self, Archive, CentralEntry};
use crate::{code, Limits, Problem};

/// The outcome of the checks of one entry that need no inflating.
pub(crate) struct EntryCheck {
    /// The name for messages: the UTF-8 name, or an escaped form of it.
    pub display_name: String,
    pub problems: Vec<Problem>,
    /// The compressed data, if the entry is sound enough to be inflated.
    pub data: Option<std::ops::Range<usize>>,
    /// The bytes of the zip the entry occupies (local header, data, descriptor).
    pub span: Option<std::ops::Range<usize>>,
}

/// Checks one entry without inflating it; its data is only given if no problem was found.
pub(crate) fn check_entry(
    archive: &Archive<'_>,
    entry: &CentralEntry<'_>,
    limits: &Limits,
) -> EntryCheck {
    let name = entry.display_name();
    let path = Some(name.as_str());
    let mut problems = Vec::new();
    let mut push = |code: &str, message: String| problems.push(Problem::new(code, path, message));

    if let Some((code, why)) = zip::name_problem(entry.name_bytes) {
        push(code, format!("{name}: {why}"));
    }
    if let Some(kind) = entry.unix_file_type() {
        match kind {
            zip::UnixType::Symlink => push(
                code::SYMLINK,
                format!("{name}: is a symbolic link; packages may only contain regular files"),
            ),
            zip::UnixType::Special(what) => push(
                code::SPECIAL_FILE,
                format!("{name}: is a {what}; packages may only contain regular files"),
            ),
            zip::UnixType::Directory if !entry.is_dir() => push(
                code::SPECIAL_FILE,
                format!("{name}: is marked as a directory but its name does not end in /"),
            ),
            _ => {}
        }
    }
    if entry.is_encrypted() {
        push(
            code::ENCRYPTED,
            format!("{name}: is encrypted; upload the package without a password"),
        );
    } else if entry.method != zip::STORED && entry.method != zip::DEFLATED {
        push(
            code::UNSUPPORTED_COMPRESSION,
            format!(
                "{name}: uses compression method {} ({}); only stored (0) and deflate (8) are \
                 supported",
                entry.method,
                zip::method_name(entry.method)
            ),
        );
    }

    if entry.is_dir() {
        if entry.uncompressed_size != 0 || entry.compressed_size != 0 {
            push(
                code::MALFORMED_ZIP,
                format!(
                    "{name}: is a directory entry but declares {} of data",
                    entry.uncompressed_size.max(entry.compressed_size).human()
                ),
            );
        }
    } else if zip::name_problem(entry.name_bytes).is_none() {
        if let Some(message) = file_type_problem(&name) {
            push(code::FILE_TYPE_NOT_ALLOWED, message);
        }
    }

    // Declared sizes: checked here, and enforced again while inflating.
    if !entry.is_dir() {
        let declared = entry.uncompressed_size;
        if declared > limits.max_entry_size {
            let (actual, limit) = over_limit(declared, limits.max_entry_size);
            push(
                code::ENTRY_TOO_LARGE,
                format!("{name}: unpacks to {actual}, over the {limit} limit for one file"),
            );
        }
        if let Some(message) = ratio_problem(&name, declared, entry.compressed_size, limits) {
            push(code::ZIP_BOMB, message);
        }
        if entry.method == zip::STORED && entry.compressed_size != entry.uncompressed_size {
            push(
                code::SIZE_MISMATCH,
                format!(
                    "{name}: is stored uncompressed but declares {} compressed and {} \
                     uncompressed",
                    entry.compressed_size.human(),
                    entry.uncompressed_size.human()
                ),
            );
        }
    }

    // The local header and where the data lies.
    let mut data = None;
    let mut span = None;
    match zip::locate(archive, entry) {
        Ok(located) => {
            for mismatch in &located.mismatches {
                push(code::LOCAL_HEADER_MISMATCH, format!("{name}: {mismatch}"));
            }
            span = Some(located.span.clone());
            data = Some(located.data.clone());
        }
        Err(problem) => push(problem.0, format!("{name}: {}", problem.1)),
    }

    EntryCheck {
        data: if problems.is_empty() { data } else { None },
        span,
        display_name: name.clone(),
        problems,
    }
}

/// Inflates (or copies) one entry's data, counting every byte produced and stopping as soon
/// as it exceeds the declared size or a limit; checks the size and CRC-32 at the end.
pub(crate) fn inflate_entry(
    data: &[u8],
    entry: &CentralEntry<'_>,
    name: &str,
    limits: &Limits,
    budget: u64,
    keep: bool,
) -> Result<Inflated, Problem> {
    let declared = entry.uncompressed_size;
    let ratio_cap = ratio_limit(entry.compressed_size, limits);
    let cap = declared
        .min(limits.max_entry_size)
        .min(ratio_cap)
        .min(budget);
    let mut sink = Sink::new(cap, keep);
    let path = Some(name);
    // Some writers store an empty file as "deflate" with no data at all.
    let empty = data.is_empty() && declared == 0;
    let result = if entry.method == zip::STORED || empty {
        sink.write(data);
        Ok(())
    } else {
        inflate_counted(data, &mut sink)
    };
    if sink.overflowed() {
        let at = sink.count();
        let problem = if at > declared {
            Problem::new(
                code::SIZE_MISMATCH,
                path,
                format!(
                    "{name}: the headers declare {} unpacked but the data inflates to more \
                     (stopped counting at {})",
                    declared.human(),
                    at.human()
                ),
            )
        } else if at > limits.max_entry_size {
            let (actual, limit) = over_limit(at, limits.max_entry_size);
            Problem::new(
                code::ENTRY_TOO_LARGE,
                path,
                format!(
                    "{name}: unpacks to more than {actual}, over the {limit} limit for one file"
                ),
            )
        } else if at > ratio_cap {
            Problem::new(
                code::ZIP_BOMB,
                path,
                ratio_problem(name, at, entry.compressed_size, limits).unwrap_or_default(),
            )
        } else {
            Problem::new(
                code::UNPACKED_TOO_LARGE,
                path,
                format!(
                    "{name}: brings the unpacked total over the {} limit for a package",
                    limits.max_unpacked.human()
                ),
            )
        };
        return Err(problem);
    }
    match result {
        Ok(()) => {}
        Err(inflate::InflateError::Truncated) => {
            return Err(Problem::new(
                code::CORRUPT_DATA,
                path,
                format!(
                    "{name}: the compressed data ends before the deflate stream does (after {} \
                     unpacked); the file is truncated or corrupt",
                    sink.count().human()
                ),
            ))
        }
        Err(inflate::InflateError::Invalid) => {
            return Err(Problem::new(
                code::CORRUPT_DATA,
                path,
                format!(
                    "{name}: the compressed data is not a valid deflate stream (failed after {} \
                     unpacked)",
                    sink.count().human()
                ),
            ))
        }
        Err(inflate::InflateError::TrailingBytes(n)) => {
            return Err(Problem::new(
                code::CORRUPT_DATA,
                path,
                format!(
                    "{name}: {n} unexpected bytes follow the end of the deflate stream inside \
                     the entry's compressed data"
                ),
            ))
        }
    }
    let inflated = sink.finish();
    if inflated.size != declared {
        return Err(Problem::new(
            code::SIZE_MISMATCH,
            path,
            format!(
                "{name}: the headers declare {} unpacked but the data inflates to only {}",
                declared.human(),
                inflated.size.human()
            ),
        ));
    }
    if inflated.crc32 != entry.crc32 {
        return Err(Problem::new(
            code::CRC_MISMATCH,
            path,
            format!(
                "{name}: the unpacked data has CRC-32 {:08x} but the headers declare {:08x}; \
                 the file is corrupt",
                inflated.crc32, entry.crc32
            ),
        ));
    }
    Ok(inflated)
}
