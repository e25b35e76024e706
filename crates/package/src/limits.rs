//! Size and shape limits of a package ([`Limits`]) and the per-file compression-ratio bound
//! that catches zip bombs.

use serde::{Deserialize, Serialize};

use crate::size::Human;

/// The per-file compression-ratio bound ([`Limits::max_ratio`]) only applies to files that
/// unpack to more than this many bytes (1 MiB): small, very repetitive files (a CSS file full of
/// spaces, an empty file) legitimately compress better than 200:1, and a zip bomb has to be large
/// to do harm.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

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

/// The most one file may unpack to under the ratio bound, given its compressed size.
pub(crate) fn ratio_limit(compressed: u64, limits: &Limits) -> u64 {
    limits
        .max_ratio
        .saturating_mul(compressed.max(1))
        .max(RATIO_FLOOR)
}

/// The message for a file that unpacks to more than the ratio bound allows, if it does.
pub(crate) fn ratio_problem(
    name: &str,
    unpacked: u64,
    compressed: u64,
    limits: &Limits,
) -> Option<String> {
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
