//! The problem codes of a [`Rejection`](crate::Rejection): stable snake_case identifiers,
//! one per kind of problem, and [`ALL`] of them.

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
