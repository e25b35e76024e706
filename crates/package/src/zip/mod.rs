//! A strict reader of the zip container: end-of-central-directory record, central directory,
//! local file headers and data descriptors. It trusts nothing: every offset is bounds-checked,
//! every local header is compared with its central-directory record.

//!
//! The parts: [`directory`] reads the end record and the central directory, [`local`] finds
//! and checks each entry's local header and data, and [`names`] judges entry names.

mod directory;
mod local;
mod names;

#[cfg(test)]
mod tests;

pub(crate) use directory::read_archive;
pub(crate) use local::locate;
pub(crate) use names::{display_name, method_name, name_problem};

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
