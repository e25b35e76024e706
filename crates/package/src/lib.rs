//! Validation of Ministore mini-program packages.
//!
//! A mini-program is uploaded as a zip. [`validate`] reads that zip as hostile input: it parses
//! the zip structure itself (end-of-central-directory record, central directory, and every local
//! file header, compared field by field), inflates every file while counting the bytes really
//! produced (stopping the moment a limit is crossed, whatever the headers claim), checks CRC-32s,
//! file names, file types and `manifest.json`, and returns either a [`Report`] or a [`Rejection`]
//! listing every problem found, each with a stable snake_case [`Problem::code`] (see [`code`])
//! and a message a developer can act on.
//!
//! [`file_bytes`] reads one file out of an (already validated) package for serving it from the
//! sandbox origin, with the same safety checks; [`list`] lists the files. With the `builder`
//! feature, `build_zip` writes an ordinary deflate zip (demo data, tests).
//!
//! ```
//! use ministore_package::{validate, Limits};
//!
//! let rejection = validate(b"definitely not a zip", Some("mp_demo"), &Limits::default())
//!     .unwrap_err();
//! assert_eq!(rejection.codes(), vec!["not_a_zip"]);
//! ```
//!
//! The rest of this page is the package format, as also published in `FORMAT.md` (shown by the
//! developer portal).
//!
#![doc = include_str!("../FORMAT.md")]
#![forbid(unsafe_code)]

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[cfg(feature = "builder")]
mod builder;
mod inflate;
mod manifest;
mod scan;
mod size;
mod zip;

#[cfg(feature = "builder")]
pub use builder::build_zip;
pub use manifest::{Manifest, Permission, DEFAULT_ENTRY, MAX_NAME_CHARS};

use inflate::{inflate_counted, Inflated, Sink};
use size::{over_limit, Human};
use zip::{Archive, CentralEntry};

/// Name of the manifest file, at the root of the zip.
pub const MANIFEST_PATH: &str = "manifest.json";

/// The per-file compression-ratio bound ([`Limits::max_ratio`]) only applies to files that
/// unpack to more than this many bytes (1 MiB): small, very repetitive files (a CSS file full of
/// spaces, an empty file) legitimately compress better than 200:1, and a zip bomb has to be large
/// to do harm.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// File extensions (lower case) allowed in a package, and the [`FileKind`] each maps to.
pub const ALLOWED_EXTENSIONS: &[(&str, FileKind)] = &[
    ("html", FileKind::Html),
    ("htm", FileKind::Html),
    ("css", FileKind::Style),
    ("js", FileKind::Script),
    ("mjs", FileKind::Script),
    ("wasm", FileKind::Script),
    ("json", FileKind::Data),
    ("txt", FileKind::Data),
    ("md", FileKind::Data),
    ("map", FileKind::Data),
    ("png", FileKind::Image),
    ("jpg", FileKind::Image),
    ("jpeg", FileKind::Image),
    ("gif", FileKind::Image),
    ("webp", FileKind::Image),
    ("svg", FileKind::Image),
    ("ico", FileKind::Image),
    ("woff", FileKind::Font),
    ("woff2", FileKind::Font),
    ("ttf", FileKind::Font),
    ("otf", FileKind::Font),
    ("mp3", FileKind::Media),
    ("ogg", FileKind::Media),
    ("wav", FileKind::Media),
    ("mp4", FileKind::Media),
    ("webm", FileKind::Media),
];

/// Extensions of the text files scanned for external URLs.
pub const SCANNED_EXTENSIONS: &[&str] = &["html", "htm", "css", "js", "mjs", "json", "svg"];

/// Size and shape limits for a package. All sizes are in bytes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the zip itself (default 10 MiB).
    pub max_compressed: u64,
    /// Total size of all files once unpacked (default 50 MiB).
    pub max_unpacked: u64,
    /// Number of entries in the zip, directories included (default 2000).
    pub max_entries: usize,
    /// Largest allowed uncompressed/compressed ratio of one file (default 200), for files that
    /// unpack to more than [`RATIO_FLOOR`].
    pub max_ratio: u64,
    /// Size of one file once unpacked (default 32 MiB).
    pub max_entry_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_compressed: 10 * 1024 * 1024,
            max_unpacked: 50 * 1024 * 1024,
            max_entries: 2000,
            max_ratio: 200,
            max_entry_size: 32 * 1024 * 1024,
        }
    }
}

/// What a file is, by its extension.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Html,
    Script,
    Style,
    Image,
    Font,
    Media,
    Data,
    Other,
}

impl FileKind {
    /// The kind of a file path, by its (case-insensitive) extension; [`FileKind::Other`] for a
    /// file type that is not allowed in a package.
    pub fn of(path: &str) -> FileKind {
        extension(path)
            .and_then(|ext| {
                ALLOWED_EXTENSIONS
                    .iter()
                    .find(|(allowed, _)| *allowed == ext)
                    .map(|(_, kind)| *kind)
            })
            .unwrap_or(FileKind::Other)
    }

    /// The lower-case name used in JSON (`"html"`, `"script"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Html => "html",
            FileKind::Script => "script",
            FileKind::Style => "style",
            FileKind::Image => "image",
            FileKind::Font => "font",
            FileKind::Media => "media",
            FileKind::Data => "data",
            FileKind::Other => "other",
        }
    }
}

/// One file of a valid package.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// Path inside the zip, `/`-separated, relative.
    pub path: String,
    /// Size once unpacked (counted while inflating).
    pub size: u64,
    /// Size of the compressed data in the zip.
    pub compressed_size: u64,
    pub kind: FileKind,
}

/// A permission requested by the package, with the text shown to reviewers and users.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PermissionInfo {
    pub name: Permission,
    pub description: String,
}

/// The validation report of an accepted package.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Report {
    pub manifest: Manifest,
    /// The manifest's version (strict semver).
    pub version: String,
    /// The entry page (path inside the zip).
    pub entry: String,
    /// Number of files (directory entries are not counted).
    pub file_count: usize,
    /// Size of the zip in bytes.
    pub compressed_size: u64,
    /// Total size of all files once unpacked, as counted while inflating.
    pub unpacked_size: u64,
    /// The files, sorted by path.
    pub files: Vec<FileInfo>,
    /// The permissions requested, in manifest order.
    pub permissions: Vec<PermissionInfo>,
    /// Distinct host names referenced by absolute (`http://`, `https://`) or protocol-relative
    /// (`//host`) URLs in the text files, lower case, sorted.
    pub external_domains: Vec<String>,
    /// Things worth knowing that do not refuse the package.
    pub warnings: Vec<String>,
    /// SHA-256 of the whole zip, lower-case hex.
    pub sha256: String,
}

/// One reason a package is refused.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Stable snake_case identifier; see [`code`].
    pub code: String,
    /// The file the problem is about, when there is one (as written in the zip, for unsafe
    /// names possibly with escapes).
    pub path: Option<String>,
    /// What is wrong, naming the file and the limit, for a developer.
    pub message: String,
}

impl Problem {
    pub fn new(code: &str, path: Option<&str>, message: impl Into<String>) -> Problem {
        Problem {
            code: code.to_string(),
            path: path.map(str::to_string),
            message: message.into(),
        }
    }
}

/// A refused package: every problem found.
#[derive(thiserror::Error, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[error("{}", join_messages(.problems))]
pub struct Rejection {
    pub problems: Vec<Problem>,
}

fn join_messages(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Rejection {
    fn one(problem: Problem) -> Rejection {
        Rejection {
            problems: vec![problem],
        }
    }

    /// The problem codes, in order (with repeats).
    pub fn codes(&self) -> Vec<&str> {
        self.problems.iter().map(|p| p.code.as_str()).collect()
    }

    /// Whether some problem has this code.
    pub fn has(&self, code: &str) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }
}

/// The problem codes of a [`Rejection`].
pub mod code {
    // The zip as a whole (these stop validation: nothing else is reported with them).
    /// The zip is larger than [`Limits::max_compressed`](crate::Limits::max_compressed).
    pub const COMPRESSED_TOO_LARGE: &str = "compressed_too_large";
    /// The bytes are not a zip file at all.
    pub const NOT_A_ZIP: &str = "not_a_zip";
    /// The zip is cut short (its end, or part of its central directory, is missing).
    pub const TRUNCATED_ZIP: &str = "truncated_zip";
    /// The zip structure is inconsistent (also used with a path for one broken entry).
    pub const MALFORMED_ZIP: &str = "malformed_zip";
    /// ZIP64 or multi-volume archives, which packages never need.
    pub const ZIP64_UNSUPPORTED: &str = "zip64_unsupported";
    /// More entries than [`Limits::max_entries`](crate::Limits::max_entries).
    pub const TOO_MANY_ENTRIES: &str = "too_many_entries";

    // Entry names.
    pub const EMPTY_NAME: &str = "empty_name";
    pub const NUL_IN_NAME: &str = "nul_in_name";
    pub const BACKSLASH_IN_NAME: &str = "backslash_in_name";
    /// `/x`, `C:x`, `C:/x`.
    pub const ABSOLUTE_PATH: &str = "absolute_path";
    /// A `..` segment.
    pub const PATH_TRAVERSAL: &str = "path_traversal";
    /// Not UTF-8, control characters, `.` or empty segments, too long.
    pub const INVALID_NAME: &str = "invalid_name";
    pub const DUPLICATE_NAME: &str = "duplicate_name";
    /// Two names that differ only in letter case.
    pub const CASE_DUPLICATE: &str = "case_duplicate";
    /// A file whose path is also used as a folder (`a` and `a/b`).
    pub const PATH_CONFLICT: &str = "path_conflict";

    // Entry kinds and headers.
    pub const SYMLINK: &str = "symlink";
    /// A device, FIFO or socket, or a directory attribute on a name without a trailing `/`.
    pub const SPECIAL_FILE: &str = "special_file";
    pub const ENCRYPTED: &str = "encrypted";
    /// A compression method other than stored (0) and deflate (8).
    pub const UNSUPPORTED_COMPRESSION: &str = "unsupported_compression";
    /// The local file header (or data descriptor) disagrees with the central directory.
    pub const LOCAL_HEADER_MISMATCH: &str = "local_header_mismatch";
    /// Two entries share bytes of the zip (overlapping-file zip bomb).
    pub const OVERLAPPING_ENTRIES: &str = "overlapping_entries";

    // Sizes and content.
    pub const ENTRY_TOO_LARGE: &str = "entry_too_large";
    pub const UNPACKED_TOO_LARGE: &str = "unpacked_too_large";
    /// Compression ratio above [`Limits::max_ratio`](crate::Limits::max_ratio).
    pub const ZIP_BOMB: &str = "zip_bomb";
    /// The data does not unpack to the size the headers declare.
    pub const SIZE_MISMATCH: &str = "size_mismatch";
    pub const CRC_MISMATCH: &str = "crc_mismatch";
    /// The compressed data is not a valid (complete) deflate stream.
    pub const CORRUPT_DATA: &str = "corrupt_data";
    pub const FILE_TYPE_NOT_ALLOWED: &str = "file_type_not_allowed";

    // The manifest.
    pub const MISSING_MANIFEST: &str = "missing_manifest";
    pub const MANIFEST_INVALID_JSON: &str = "manifest_invalid_json";
    pub const MANIFEST_MISSING_FIELD: &str = "manifest_missing_field";
    pub const MANIFEST_WRONG_TYPE: &str = "manifest_wrong_type";
    pub const MANIFEST_INVALID_NAME: &str = "manifest_invalid_name";
    pub const MANIFEST_INVALID_VERSION: &str = "manifest_invalid_version";
    pub const MANIFEST_INVALID_MIN_HOST_VERSION: &str = "manifest_invalid_min_host_version";
    /// `entry` is not a safe relative path ending in `.html`.
    pub const MANIFEST_INVALID_ENTRY: &str = "manifest_invalid_entry";
    /// The entry page is not in the zip.
    pub const ENTRY_MISSING: &str = "entry_missing";
    pub const ID_MISMATCH: &str = "id_mismatch";
    pub const UNKNOWN_PERMISSION: &str = "unknown_permission";

    /// Every code, for documentation and exhaustive tests.
    pub const ALL: &[&str] = &[
        COMPRESSED_TOO_LARGE,
        NOT_A_ZIP,
        TRUNCATED_ZIP,
        MALFORMED_ZIP,
        ZIP64_UNSUPPORTED,
        TOO_MANY_ENTRIES,
        EMPTY_NAME,
        NUL_IN_NAME,
        BACKSLASH_IN_NAME,
        ABSOLUTE_PATH,
        PATH_TRAVERSAL,
        INVALID_NAME,
        DUPLICATE_NAME,
        CASE_DUPLICATE,
        PATH_CONFLICT,
        SYMLINK,
        SPECIAL_FILE,
        ENCRYPTED,
        UNSUPPORTED_COMPRESSION,
        LOCAL_HEADER_MISMATCH,
        OVERLAPPING_ENTRIES,
        ENTRY_TOO_LARGE,
        UNPACKED_TOO_LARGE,
        ZIP_BOMB,
        SIZE_MISMATCH,
        CRC_MISMATCH,
        CORRUPT_DATA,
        FILE_TYPE_NOT_ALLOWED,
        MISSING_MANIFEST,
        MANIFEST_INVALID_JSON,
        MANIFEST_MISSING_FIELD,
        MANIFEST_WRONG_TYPE,
        MANIFEST_INVALID_NAME,
        MANIFEST_INVALID_VERSION,
        MANIFEST_INVALID_MIN_HOST_VERSION,
        MANIFEST_INVALID_ENTRY,
        ENTRY_MISSING,
        ID_MISMATCH,
        UNKNOWN_PERMISSION,
    ];
}

/// The lower-case extension of the last path segment, if it has one (a leading dot, as in
/// `.htaccess`, does not start an extension).
fn extension(path: &str) -> Option<String> {
    let file = path.rsplit('/').next().unwrap_or(path);
    let dot = file.rfind('.')?;
    if dot == 0 || dot + 1 == file.len() {
        return None;
    }
    Some(file[dot + 1..].to_ascii_lowercase())
}

fn is_scanned(path: &str) -> bool {
    extension(path).is_some_and(|ext| SCANNED_EXTENSIONS.contains(&ext.as_str()))
}

/// Validates a package: the zip structure, every file, and the manifest.
///
/// `expected_id` is the id of the mini-program the package is uploaded to; if the manifest
/// has an `id`, it must be equal. Returns the [`Report`] of a valid package, or every problem
/// found. Never panics and never allocates or inflates more than the limits allow, whatever
/// the input.
pub fn validate(
    bytes: &[u8],
    expected_id: Option<&str>,
    limits: &Limits,
) -> Result<Report, Rejection> {
    let zip_len = bytes.len() as u64;
    if zip_len > limits.max_compressed {
        let (actual, limit) = over_limit(zip_len, limits.max_compressed);
        return Err(Rejection::one(Problem::new(
            code::COMPRESSED_TOO_LARGE,
            None,
            format!("the zip is {actual}, over the {limit} limit for a package"),
        )));
    }
    let archive = zip::read_archive(bytes, limits.max_entries).map_err(Rejection::one)?;

    let mut problems: Vec<Problem> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();

    // 1. Every entry on its own: name, kind, flags, method, local header, declared sizes.
    let checks: Vec<EntryCheck> = archive
        .entries
        .iter()
        .map(|entry| check_entry(&archive, entry, limits))
        .collect();
    for check in &checks {
        problems.extend(check.problems.iter().cloned());
    }

    // 2. The entries together: duplicates, conflicts, overlaps, declared total.
    problems.extend(check_names_together(&archive.entries));
    problems.extend(check_layout(&checks, archive.cd_offset));
    let mut declared_total: u64 = 0;
    let mut total_reported = false;
    for (entry, check) in archive.entries.iter().zip(&checks) {
        if entry.is_dir() {
            continue;
        }
        declared_total = declared_total.saturating_add(entry.uncompressed_size);
        if declared_total > limits.max_unpacked && !total_reported {
            total_reported = true;
            let sum: u64 = archive
                .entries
                .iter()
                .filter(|e| !e.is_dir())
                .map(|e| e.uncompressed_size)
                .fold(0u64, u64::saturating_add);
            let (actual, limit) = over_limit(sum, limits.max_unpacked);
            problems.push(Problem::new(
                code::UNPACKED_TOO_LARGE,
                Some(&check.display_name),
                format!(
                    "{}: brings the unpacked total over the {limit} limit for a package \
                     (the files declare {actual} in all)",
                    check.display_name
                ),
            ));
        }
    }

    // 3. Inflate every sound file, counting real bytes; manifest.json first, so that its
    //    problems are reported even if a later file blows the total budget.
    let mut order: Vec<usize> = (0..archive.entries.len()).collect();
    order.sort_by_key(|&i| archive.entries[i].name_bytes != MANIFEST_PATH.as_bytes());
    let mut unpacked_total: u64 = 0;
    let mut manifest_bytes: Option<Vec<u8>> = None;
    let mut manifest_broken = false;
    let mut domains: BTreeSet<String> = BTreeSet::new();
    let mut files: Vec<FileInfo> = Vec::new();
    for i in order {
        let entry = &archive.entries[i];
        let check = &checks[i];
        let is_manifest = entry.name_bytes == MANIFEST_PATH.as_bytes();
        if entry.is_dir() {
            continue;
        }
        let Some(data_range) = check.data.clone() else {
            manifest_broken |= is_manifest;
            continue;
        };
        let budget = limits.max_unpacked.saturating_sub(unpacked_total);
        if budget == 0 && entry.uncompressed_size > 0 {
            // The total limit was crossed while inflating an earlier file (already reported).
            continue;
        }
        let keep = is_manifest || is_scanned(&check.display_name);
        let outcome = inflate_entry(
            &archive.bytes[data_range],
            entry,
            &check.display_name,
            limits,
            budget,
            keep,
        );
        match outcome {
            Ok(inflated) => {
                unpacked_total += inflated.size;
                if keep {
                    scan::external_hosts(&inflated.kept, &mut domains);
                }
                if is_manifest {
                    manifest_bytes = Some(inflated.kept);
                }
                files.push(FileInfo {
                    path: check.display_name.clone(),
                    size: inflated.size,
                    compressed_size: entry.compressed_size,
                    kind: FileKind::of(&check.display_name),
                });
            }
            Err(problem) => {
                manifest_broken |= is_manifest;
                if problem.code == code::UNPACKED_TOO_LARGE {
                    unpacked_total = limits.max_unpacked;
                    if total_reported {
                        continue;
                    }
                    total_reported = true;
                }
                problems.push(problem);
            }
        }
    }

    // 4. The manifest.
    let file_names: HashSet<&str> = archive
        .entries
        .iter()
        .zip(&checks)
        .filter(|(e, _)| !e.is_dir())
        .map(|(_, c)| c.display_name.as_str())
        .collect();
    let mut manifest = None;
    match manifest_bytes {
        Some(bytes) => {
            let outcome = manifest::check(&bytes, expected_id, &file_names);
            problems.extend(outcome.problems);
            warnings.extend(outcome.warnings);
            manifest = outcome.manifest;
        }
        None if manifest_broken => {} // its problems are already listed
        None => problems.push(missing_manifest(&file_names)),
    }

    let manifest = match manifest {
        Some(manifest) if problems.is_empty() => manifest,
        _ => {
            if problems.is_empty() {
                // Unreachable in practice: a manifest that is not parsed has a problem listed.
                problems.push(missing_manifest(&file_names));
            }
            return Err(Rejection { problems });
        }
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let permissions = manifest
        .permissions
        .iter()
        .map(|p| PermissionInfo {
            name: *p,
            description: p.description().to_string(),
        })
        .collect();
    Ok(Report {
        version: manifest.version.clone(),
        entry: manifest.entry.clone(),
        file_count: files.len(),
        compressed_size: zip_len,
        unpacked_size: unpacked_total,
        files,
        permissions,
        external_domains: domains.into_iter().collect(),
        warnings,
        sha256: hex_sha256(bytes),
        manifest,
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn missing_manifest(file_names: &HashSet<&str>) -> Problem {
    let mut nested: Vec<&&str> = file_names
        .iter()
        .filter(|n| {
            n.rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(MANIFEST_PATH))
        })
        .collect();
    nested.sort();
    let hint = match nested.first() {
        Some(found) if found.contains('/') => {
            format!(" (found {found}: zip the contents of the folder, not the folder itself)")
        }
        Some(found) => format!(" (found {found}: the name must be all lower case)"),
        None => String::new(),
    };
    Problem::new(
        code::MISSING_MANIFEST,
        Some(MANIFEST_PATH),
        format!("the package has no manifest.json at the root of the zip{hint}"),
    )
}

/// Reads one file of a package, for serving it. Returns `None` if the zip or the file is
/// unreadable or unsafe (same structural checks and the default [`Limits`] as [`validate`]),
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
/// and entries whose name is unsafe (see [`validate`]) are left out; an unreadable zip gives an
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

/// The outcome of the checks of one entry that need no inflating.
struct EntryCheck {
    /// The name for messages: the UTF-8 name, or an escaped form of it.
    display_name: String,
    problems: Vec<Problem>,
    /// The compressed data, if the entry is sound enough to be inflated.
    data: Option<std::ops::Range<usize>>,
    /// The bytes of the zip the entry occupies (local header, data, descriptor).
    span: Option<std::ops::Range<usize>>,
}

fn check_entry(archive: &Archive<'_>, entry: &CentralEntry<'_>, limits: &Limits) -> EntryCheck {
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

fn file_type_problem(name: &str) -> Option<String> {
    let last = name.rsplit('/').next().unwrap_or(name);
    if name.starts_with("__MACOSX/") || last == ".DS_Store" || last.starts_with("._") {
        return Some(format!(
            "{name}: is macOS Finder metadata, which is not allowed in a package; zip the \
             folder without it (for example: zip -r app.zip . -x '.*' -x '__MACOSX/*')"
        ));
    }
    if FileKind::of(name) != FileKind::Other {
        return None;
    }
    let allowed = ALLOWED_EXTENSIONS
        .iter()
        .map(|(ext, _)| *ext)
        .collect::<Vec<_>>()
        .join(", ");
    Some(match extension(name) {
        Some(ext) => format!(
            "{name}: files of type .{ext} are not allowed in a package (allowed: {allowed})"
        ),
        None => format!(
            "{name}: files without an extension are not allowed in a package (allowed: \
             {allowed})"
        ),
    })
}

fn ratio_limit(compressed: u64, limits: &Limits) -> u64 {
    limits
        .max_ratio
        .saturating_mul(compressed.max(1))
        .max(RATIO_FLOOR)
}

fn ratio_problem(name: &str, unpacked: u64, compressed: u64, limits: &Limits) -> Option<String> {
    if unpacked <= ratio_limit(compressed, limits) {
        return None;
    }
    Some(format!(
        "{name}: compresses {}:1 ({} from {}), over the {}:1 limit for one file; this looks \
         like a zip bomb",
        unpacked / compressed.max(1),
        unpacked.human(),
        compressed.human(),
        limits.max_ratio
    ))
}

/// Inflates (or copies) one entry's data, counting every byte produced and stopping as soon
/// as it exceeds the declared size or a limit; checks the size and CRC-32 at the end.
fn inflate_entry(
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

/// Duplicates (exact and ignoring case) and file/folder conflicts.
fn check_names_together(entries: &[CentralEntry<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut exact: HashMap<&[u8], usize> = HashMap::new();
    let mut folded: HashMap<String, String> = HashMap::new();
    let mut file_names_folded: HashSet<String> = HashSet::new();
    for entry in entries {
        let name = entry.display_name();
        match exact.get_mut(entry.name_bytes.as_ref()) {
            Some(count) => {
                *count += 1;
                if *count == 2 {
                    problems.push(Problem::new(
                        code::DUPLICATE_NAME,
                        Some(&name),
                        format!("{name}: appears more than once in the zip"),
                    ));
                }
                continue;
            }
            None => {
                exact.insert(entry.name_bytes.as_ref(), 1);
            }
        }
        let key = name.to_lowercase();
        match folded.get(&key) {
            Some(first) => problems.push(Problem::new(
                code::CASE_DUPLICATE,
                Some(&name),
                format!(
                    "{name}: differs from {first} only in letter case; names must be unique \
                     ignoring case"
                ),
            )),
            None => {
                folded.insert(key.clone(), name.clone());
            }
        }
        if !entry.is_dir() {
            file_names_folded.insert(key);
        }
    }
    let mut reported: HashSet<String> = HashSet::new();
    for entry in entries {
        let name = entry.display_name();
        let key = name.to_lowercase();
        let trimmed = key.trim_end_matches('/');
        for (i, _) in trimmed.match_indices('/') {
            let folder = &trimmed[..i];
            if file_names_folded.contains(folder) && reported.insert(folder.to_string()) {
                problems.push(Problem::new(
                    code::PATH_CONFLICT,
                    Some(&name),
                    format!(
                        "{name}: its folder {} is also a file in the zip",
                        &name[..i.min(name.len())]
                    ),
                ));
            }
        }
    }
    problems
}

/// Entries must not share bytes (two central-directory records pointing into the same local
/// data is the "overlapping files" zip bomb), and every byte before the central directory must
/// belong to an entry (no prepended or hidden data).
fn check_layout(checks: &[EntryCheck], cd_offset: usize) -> Vec<Problem> {
    let mut spans: Vec<(&std::ops::Range<usize>, &str)> = checks
        .iter()
        .filter_map(|c| c.span.as_ref().map(|s| (s, c.display_name.as_str())))
        .collect();
    spans.sort_by_key(|(s, _)| (s.start, s.end));
    let mut problems = Vec::new();
    let mut furthest: Option<(usize, &str)> = None;
    for &(span, name) in &spans {
        if let Some((end, other)) = furthest {
            if span.start < end {
                problems.push(Problem::new(
                    code::OVERLAPPING_ENTRIES,
                    Some(name),
                    format!(
                        "{name}: its data overlaps the data of {other} in the zip (a trick used \
                         by zip bombs)"
                    ),
                ));
            }
        }
        if furthest.is_none_or(|(end, _)| span.end > end) {
            furthest = Some((span.end, name));
        }
    }
    if !problems.is_empty() || spans.len() != checks.len() {
        return problems;
    }
    let mut at = 0;
    for &(span, name) in &spans {
        if span.start > at {
            problems.push(Problem::new(
                code::MALFORMED_ZIP,
                None,
                format!(
                    "the zip is malformed: {} bytes at offset {at}, before {name}, belong to no \
                     entry (was data prepended or hidden in the zip?)",
                    span.start - at
                ),
            ));
        }
        at = span.end;
    }
    if at < cd_offset {
        problems.push(Problem::new(
            code::MALFORMED_ZIP,
            None,
            format!(
                "the zip is malformed: {} bytes at offset {at}, after the last file and before \
                 the central directory, belong to no entry",
                cd_offset - at
            ),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_read_from_the_last_segment_and_lower_cased() {
        assert_eq!(extension("a/b/Icon.PNG").as_deref(), Some("png"));
        assert_eq!(extension("a.d/LICENSE"), None);
        assert_eq!(extension(".htaccess"), None);
        assert_eq!(extension("x."), None);
        assert_eq!(extension(".eslintrc.json").as_deref(), Some("json"));
    }

    #[test]
    fn file_kinds_follow_the_extension_table() {
        assert_eq!(FileKind::of("index.HTML"), FileKind::Html);
        assert_eq!(FileKind::of("a/app.mjs"), FileKind::Script);
        assert_eq!(FileKind::of("s.css"), FileKind::Style);
        assert_eq!(FileKind::of("i.svg"), FileKind::Image);
        assert_eq!(FileKind::of("f.woff2"), FileKind::Font);
        assert_eq!(FileKind::of("m.webm"), FileKind::Media);
        assert_eq!(FileKind::of("d.map"), FileKind::Data);
        assert_eq!(FileKind::of("x.exe"), FileKind::Other);
        assert_eq!(
            serde_json::to_string(&FileKind::Script).unwrap(),
            "\"script\""
        );
        for (_, kind) in ALLOWED_EXTENSIONS {
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
    }

    #[test]
    fn default_limits_match_the_documented_values() {
        let l = Limits::default();
        assert_eq!(l.max_compressed, 10 * 1024 * 1024);
        assert_eq!(l.max_unpacked, 50 * 1024 * 1024);
        assert_eq!(l.max_entries, 2000);
        assert_eq!(l.max_ratio, 200);
        assert_eq!(l.max_entry_size, 32 * 1024 * 1024);
    }

    #[test]
    fn the_ratio_bound_ignores_small_files() {
        let l = Limits::default();
        assert!(ratio_problem("a.css", 1024 * 1024, 10, &l).is_none());
        let msg = ratio_problem("zeros.txt", 20 * 1024 * 1024, 20 * 1024, &l).unwrap();
        assert_eq!(
            msg,
            "zeros.txt: compresses 1024:1 (20 MB from 20 KB), over the 200:1 limit for one \
             file; this looks like a zip bomb"
        );
    }

    #[test]
    fn macos_metadata_gets_a_specific_hint() {
        let msg = file_type_problem("__MACOSX/._index.html").unwrap();
        assert!(msg.contains("macOS Finder metadata"), "{msg}");
        let msg = file_type_problem("run.sh").unwrap();
        assert!(
            msg.starts_with("run.sh: files of type .sh are not allowed"),
            "{msg}"
        );
        assert!(file_type_problem("a/b.woff2").is_none());
    }

    #[test]
    fn every_code_is_snake_case_and_unique() {
        let mut seen = HashSet::new();
        for c in code::ALL {
            assert!(
                c.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{c}"
            );
            assert!(seen.insert(*c), "{c} twice");
        }
    }

    #[test]
    fn a_rejection_displays_all_its_messages() {
        let r = Rejection {
            problems: vec![
                Problem::new("a", None, "first"),
                Problem::new("b", Some("x.js"), "x.js: second"),
            ],
        };
        assert_eq!(r.to_string(), "first; x.js: second");
        assert_eq!(r.codes(), vec!["a", "b"]);
        assert!(r.has("b") && !r.has("c"));
    }
}
