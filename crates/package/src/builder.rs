//! A small, ordinary zip writer (feature `builder`): deflate when it helps, stored otherwise,
//! UTF-8 names, regular-file Unix mode 0644, and a fixed timestamp (1980-01-01) so that the
//! same files always give the same bytes (and the same SHA-256).

use miniz_oxide::deflate::compress_to_vec;

/// Writes a zip holding `files` (`(path, contents)`, in this order).
///
/// The output is a normal zip that any unzip tool reads, and that [`validate`](crate::validate)
/// accepts if the files make a valid package. Paths are written as given (use `/` separators
/// and relative paths); a path ending in `/` makes a directory entry (give it empty contents).
///
/// # Panics
/// If there are more than 65 534 files, a path is longer than 65 535 bytes, or the zip would
/// exceed 4 GiB (the limits of a zip without ZIP64 extensions).
pub fn build_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
    assert!(files.len() < u16::MAX as usize, "too many files for a zip");
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (path, contents) in files {
        let name = path.as_bytes();
        let name_len = u16::try_from(name.len()).expect("path too long for a zip");
        let is_dir = path.ends_with('/');
        let crc = crc32fast::hash(contents);
        let deflated = if is_dir || contents.is_empty() {
            None
        } else {
            Some(compress_to_vec(contents, 6)).filter(|d| d.len() < contents.len())
        };
        let (method, data): (u16, &[u8]) = match &deflated {
            Some(d) => (8, d),
            None => (0, contents),
        };
        let fits = |n: usize| u32::try_from(n).expect("zip too large (over 4 GiB)");
        let offset = fits(out.len());
        let (compressed, uncompressed) = (fits(data.len()), fits(contents.len()));
        let mode: u32 = if is_dir { 0o040755 } else { 0o100644 };
        let flags: u16 = 1 << 11; // names are UTF-8

        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&method.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // time 00:00
        out.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&compressed.to_le_bytes());
        out.extend_from_slice(&uncompressed.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes()); // made by: Unix, 2.0
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&flags.to_le_bytes());
        central.extend_from_slice(&method.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&compressed.to_le_bytes());
        central.extend_from_slice(&uncompressed.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(mode << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = u32::try_from(out.len()).expect("zip too large (over 4 GiB)");
    let cd_size = u32::try_from(central.len()).expect("zip too large (over 4 GiB)");
    out.extend_from_slice(&central);
    let count = files.len() as u16;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{file_bytes, list, validate, Limits};

    #[test]
    fn a_built_package_validates_and_reads_back() {
        let big: Vec<u8> = b"body { margin: 0 }\n".repeat(500);
        let files: &[(&str, &[u8])] = &[
            (
                "manifest.json",
                br#"{"name": "Demo", "version": "1.0.0", "permissions": ["storage"]}"#,
            ),
            ("index.html", b"<!doctype html><title>Demo</title>"),
            ("assets/", b""),
            ("assets/style.css", &big),
            ("assets/empty.txt", b""),
        ];
        let zip = build_zip(files);
        let report = validate(&zip, Some("mp_demo"), &Limits::default()).unwrap();
        assert_eq!(report.file_count, 4);
        assert_eq!(report.manifest.name, "Demo");
        assert_eq!(
            list(&zip),
            vec![
                "manifest.json",
                "index.html",
                "assets/style.css",
                "assets/empty.txt"
            ]
        );
        assert_eq!(file_bytes(&zip, "assets/style.css").unwrap(), big);
        assert_eq!(file_bytes(&zip, "assets/empty.txt").unwrap(), b"");
        let css = report
            .files
            .iter()
            .find(|f| f.path == "assets/style.css")
            .unwrap();
        assert!(
            css.compressed_size < css.size,
            "repetitive text is deflated"
        );
    }

    #[test]
    fn the_same_files_always_give_the_same_zip() {
        let files: &[(&str, &[u8])] = &[("a.txt", b"hello")];
        assert_eq!(build_zip(files), build_zip(files));
    }
}
