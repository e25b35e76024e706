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

#[cfg(feature = "builder")]
mod builder;
pub mod code;
mod entry;
mod inflate;
mod kind;
mod layout;
mod limits;
mod manifest;
mod read;
mod report;
mod scan;
mod size;
mod validate;
mod zip;

#[cfg(test)]
mod tests;

#[cfg(feature = "builder")]
pub use builder::build_zip;
pub use kind::{FileKind, ALLOWED_EXTENSIONS, SCANNED_EXTENSIONS};
pub use limits::{Limits, RATIO_FLOOR};
pub use manifest::{Manifest, Permission, DEFAULT_ENTRY, MAX_NAME_CHARS};
pub use read::{file_bytes, list};
pub use report::{FileInfo, PermissionInfo, Problem, Rejection, Report};
pub use validate::validate;

/// Name of the manifest file, at the root of the zip.
pub const MANIFEST_PATH: &str = "manifest.json";
