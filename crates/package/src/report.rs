//! What validation returns: the [`Report`] of an accepted package (with its [`FileInfo`]s and
//! [`PermissionInfo`]s), or the [`Rejection`] of a refused one, listing every [`Problem`].

use serde::{Deserialize, Serialize};

use crate::{FileKind, Manifest, Permission};

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
    /// Stable snake_case identifier; see [`code`](crate::code).
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
    pub(crate) fn one(problem: Problem) -> Rejection {
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
