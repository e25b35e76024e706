//! A corpus of hostile and broken packages, each forged byte by byte by a tiny zip writer in
//! this file, and the valid package they are variations of. Every hostile package must be
//! refused with the right problem code (and only the problems expected), with a message that
//! names the file.

use ministore_package::{
    code, file_bytes, list, validate, FileInfo, FileKind, Limits, Permission, Rejection, Report,
};
use miniz_oxide::deflate::compress_to_vec;
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------------------------------------
// The forging zip writer.

const ID: &str = "mp_test";

/// One entry to forge. By default, an honest deflate (or stored) entry; every field of the
/// local header, the central record and the data can be made to lie.
#[derive(Clone)]
struct E {
    name: Vec<u8>,
    data: Vec<u8>,
    method: u16,
    /// Compressed bytes to write instead of compressing `data`.
    raw: Option<Vec<u8>>,
    flags: u16,
    attrs: u32,
    made_by: u16,
    /// Write a data descriptor (flag bit 3, zero CRC and sizes in the local header).
    descriptor: bool,
    /// Overrides for both headers.
    crc: Option<u32>,
    csize: Option<u32>,
    usize: Option<u32>,
    /// Overrides for the local header only.
    local_name: Option<Vec<u8>>,
    local_flags: Option<u16>,
    local_method: Option<u16>,
    local_crc: Option<u32>,
    local_csize: Option<u32>,
    local_usize: Option<u32>,
    /// Write no local header or data: the central record points at entry `i`'s.
    alias_of: Option<usize>,
}

impl E {
    fn new(name: impl AsRef<[u8]>, data: impl AsRef<[u8]>) -> E {
        E {
            name: name.as_ref().to_vec(),
            data: data.as_ref().to_vec(),
            method: 8,
            raw: None,
            flags: 1 << 11,
            attrs: 0o100644 << 16,
            made_by: (3 << 8) | 20,
            descriptor: false,
            crc: None,
            csize: None,
            usize: None,
            local_name: None,
            local_flags: None,
            local_method: None,
            local_crc: None,
            local_csize: None,
            local_usize: None,
            alias_of: None,
        }
    }
    fn dir(name: &str) -> E {
        let mut e = E::new(name, b"").stored();
        e.attrs = 0o040755 << 16;
        e
    }
    fn stored(mut self) -> E {
        self.method = 0;
        self
    }
    fn method(mut self, method: u16, raw: &[u8]) -> E {
        self.method = method;
        self.raw = Some(raw.to_vec());
        self
    }
    fn raw(mut self, raw: &[u8]) -> E {
        self.raw = Some(raw.to_vec());
        self
    }
    fn flags(mut self, flags: u16) -> E {
        self.flags = flags;
        self
    }
    fn attrs(mut self, attrs: u32) -> E {
        self.attrs = attrs;
        self
    }
    fn descriptor(mut self) -> E {
        self.descriptor = true;
        self.flags |= 1 << 3;
        self
    }
    fn crc(mut self, crc: u32) -> E {
        self.crc = Some(crc);
        self
    }
    fn declared_size(mut self, size: u32) -> E {
        self.usize = Some(size);
        self
    }
    fn local_name(mut self, name: &str) -> E {
        self.local_name = Some(name.as_bytes().to_vec());
        self
    }
    fn alias_of(mut self, index: usize) -> E {
        self.alias_of = Some(index);
        self
    }

    fn compressed(&self) -> Vec<u8> {
        match (&self.raw, self.method) {
            (Some(raw), _) => raw.clone(),
            (None, 8) => compress_to_vec(&self.data, 6),
            (None, _) => self.data.clone(),
        }
    }
}

/// Shape of the whole zip.
#[derive(Default)]
struct Shape {
    prefix: Vec<u8>,
    suffix: Vec<u8>,
    eocd_count: Option<u16>,
    /// Count offsets from the start of the file, prefix included (as self-extractors and
    /// polyglot files do), instead of from the start of the zip.
    absolute_offsets: bool,
    /// Bytes written between the last entry and the central directory.
    gap_before_cd: Vec<u8>,
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn forge(entries: &[E]) -> Vec<u8> {
    forge_shaped(entries, Shape::default())
}

fn forge_shaped(entries: &[E], shape: Shape) -> Vec<u8> {
    let mut out = shape.prefix.clone();
    let base = if shape.absolute_offsets { 0 } else { out.len() };
    // (offset, crc, csize, usize, method) of each entry's local header, as written.
    let mut written: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let (offset, crc, csize, usize) = if let Some(i) = e.alias_of {
            written[i]
        } else {
            let data = e.compressed();
            let crc = e.crc.unwrap_or_else(|| crc32fast::hash(&e.data));
            let csize = e.csize.unwrap_or(data.len() as u32);
            let usize = e.usize.unwrap_or(e.data.len() as u32);
            let offset = (out.len() - base) as u32;
            let zero_if_descriptor = |v: u32| if e.descriptor { 0 } else { v };
            let local_name = e.local_name.as_ref().unwrap_or(&e.name);
            put32(&mut out, 0x0403_4b50);
            put16(&mut out, 20);
            put16(&mut out, e.local_flags.unwrap_or(e.flags));
            put16(&mut out, e.local_method.unwrap_or(e.method));
            put16(&mut out, 0);
            put16(&mut out, 0x21);
            put32(&mut out, e.local_crc.unwrap_or(zero_if_descriptor(crc)));
            put32(&mut out, e.local_csize.unwrap_or(zero_if_descriptor(csize)));
            put32(&mut out, e.local_usize.unwrap_or(zero_if_descriptor(usize)));
            put16(&mut out, local_name.len() as u16);
            put16(&mut out, 0);
            out.extend_from_slice(local_name);
            out.extend_from_slice(&data);
            if e.descriptor {
                put32(&mut out, 0x0807_4b50);
                put32(&mut out, crc);
                put32(&mut out, csize);
                put32(&mut out, usize);
            }
            (offset, crc, csize, usize)
        };
        written.push((offset, crc, csize, usize));
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, e.made_by);
        put16(&mut central, 20);
        put16(&mut central, e.flags);
        put16(&mut central, e.method);
        put16(&mut central, 0);
        put16(&mut central, 0x21);
        put32(&mut central, crc);
        put32(&mut central, csize);
        put32(&mut central, usize);
        put16(&mut central, e.name.len() as u16);
        put16(&mut central, 0);
        put16(&mut central, 0);
        put16(&mut central, 0);
        put16(&mut central, 0);
        put32(&mut central, e.attrs);
        put32(&mut central, offset);
        central.extend_from_slice(&e.name);
    }
    out.extend_from_slice(&shape.gap_before_cd);
    let cd_offset = (out.len() - base) as u32;
    out.extend_from_slice(&central);
    let count = shape.eocd_count.unwrap_or(entries.len() as u16);
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central.len() as u32);
    put32(&mut out, cd_offset);
    put16(&mut out, 0);
    out.extend_from_slice(&shape.suffix);
    out
}

// ---------------------------------------------------------------------------------------------
// The valid package and helpers.

const INDEX_HTML: &str = r#"<!doctype html>
<html>
<head>
  <link rel="stylesheet" href="style.css">
  <script src="https://cdn.example.com/lib/chart.min.js"></script>
  <script src="app.js" defer></script>
</head>
<body><img src="icon.png" alt=""><h1>Coffee Corner</h1></body>
</html>
"#;

const APP_JS: &str = "// Coffee Corner\n\
    const menu = ['espresso', 'latte', 'flat white'];\n\
    document.querySelector('h1').title = menu.join(', ');\n";

const STYLE_CSS: &str = "body { font-family: sans-serif; margin: 0 }\nh1 { color: #6b3e26 }\n";

fn manifest_json() -> String {
    format!(
        r#"{{
  "id": "{ID}",
  "name": "Coffee Corner",
  "version": "1.4.0",
  "entry": "index.html",
  "permissions": ["storage", "system_info"],
  "description": "Order ahead.",
  "min_host_version": "2.0.0"
}}"#
    )
}

/// Bytes that do not compress: a small xorshift generator.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn icon_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(600, 42));
    png
}

fn valid_entries() -> Vec<E> {
    vec![
        E::new("manifest.json", manifest_json()),
        E::new("index.html", INDEX_HTML),
        E::new("app.js", APP_JS),
        E::new("style.css", STYLE_CSS),
        E::new("icon.png", icon_png()).stored(),
    ]
}

fn with(extra: E) -> Vec<E> {
    let mut entries = valid_entries();
    entries.push(extra);
    entries
}

fn with_manifest(json: &str) -> Vec<E> {
    let mut entries = valid_entries();
    entries[0] = E::new("manifest.json", json);
    entries
}

/// Validates with the default limits and expects a refusal.
fn refuse(zip: &[u8]) -> Rejection {
    refuse_with(zip, &Limits::default())
}

fn refuse_with(zip: &[u8], limits: &Limits) -> Rejection {
    match validate(zip, Some(ID), limits) {
        Ok(report) => panic!("expected a refusal, got {report:#?}"),
        Err(rejection) => {
            for p in &rejection.problems {
                assert!(!p.message.is_empty());
                assert!(
                    code::ALL.contains(&p.code.as_str()),
                    "undocumented code {}",
                    p.code
                );
            }
            rejection
        }
    }
}

/// Expects exactly these codes, in this order.
fn assert_codes(rejection: &Rejection, expected: &[&str]) {
    assert_eq!(
        rejection.codes(),
        expected,
        "problems were: {:#?}",
        rejection.problems
    );
}

fn message_of<'a>(rejection: &'a Rejection, code: &str) -> &'a str {
    &rejection
        .problems
        .iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", rejection.problems))
        .message
}

// ---------------------------------------------------------------------------------------------
// The valid package.

#[test]
fn a_valid_package_yields_the_full_report() {
    let zip = forge(&valid_entries());
    let report = validate(&zip, Some(ID), &Limits::default()).expect("valid package");

    assert_eq!(report.manifest.name, "Coffee Corner");
    assert_eq!(report.manifest.id.as_deref(), Some(ID));
    assert_eq!(report.manifest.description.as_deref(), Some("Order ahead."));
    assert_eq!(report.manifest.min_host_version.as_deref(), Some("2.0.0"));
    assert_eq!(report.version, "1.4.0");
    assert_eq!(report.entry, "index.html");
    assert_eq!(report.file_count, 5);
    assert_eq!(report.compressed_size, zip.len() as u64);

    let sizes = [
        ("app.js", APP_JS.len(), FileKind::Script),
        ("icon.png", icon_png().len(), FileKind::Image),
        ("index.html", INDEX_HTML.len(), FileKind::Html),
        ("manifest.json", manifest_json().len(), FileKind::Data),
        ("style.css", STYLE_CSS.len(), FileKind::Style),
    ];
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        sizes.iter().map(|s| s.0).collect::<Vec<_>>(),
        "sorted by path"
    );
    for (file, (path, size, kind)) in report.files.iter().zip(sizes) {
        assert_eq!(file.path, path);
        assert_eq!(file.size, size as u64, "{path}");
        assert_eq!(file.kind, kind, "{path}");
    }
    let icon: &FileInfo = &report.files[1];
    assert_eq!(icon.compressed_size, icon.size, "stored");
    let html = &report.files[2];
    assert!(html.compressed_size < html.size, "deflated");
    assert_eq!(
        report.unpacked_size,
        sizes.iter().map(|s| s.1 as u64).sum::<u64>()
    );

    assert_eq!(
        report
            .permissions
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>(),
        vec![Permission::Storage, Permission::SystemInfo]
    );
    assert_eq!(
        report.permissions[0].description,
        Permission::Storage.description()
    );
    assert_eq!(report.external_domains, vec!["cdn.example.com"]);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let sha: String = Sha256::digest(&zip)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(report.sha256, sha);
    assert_eq!(report.sha256.len(), 64);

    // The report is what the server stores and the portal shows: it round-trips as JSON.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["files"][0]["kind"], "script");
    assert_eq!(json["permissions"][0]["name"], "storage");
    assert_eq!(json["external_domains"][0], "cdn.example.com");
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn the_expected_id_is_optional_and_the_manifest_id_too() {
    let zip = forge(&valid_entries());
    assert!(validate(&zip, None, &Limits::default()).is_ok());
    let no_id = with_manifest(r#"{"name": "Coffee Corner", "version": "1.4.0"}"#);
    let report = validate(&forge(&no_id), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.manifest.id, None);
    assert!(report.permissions.is_empty());
}

#[test]
fn directory_entries_are_allowed_and_not_counted() {
    let mut entries = valid_entries();
    entries.push(E::dir("assets/"));
    entries.push(E::dir("assets/img/"));
    entries.push(E::new(
        "assets/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ));
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 6);
    assert!(report.files.iter().all(|f| !f.path.ends_with('/')));
    assert_eq!(
        report.external_domains,
        vec!["cdn.example.com"],
        "namespaces are not domains"
    );
}

#[test]
fn entries_with_data_descriptors_are_accepted() {
    let entries: Vec<E> = valid_entries().into_iter().map(E::descriptor).collect();
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 5);
}

#[test]
fn unknown_manifest_keys_are_warnings() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "theme": "dark"}"#;
    let report = validate(&forge(&with_manifest(json)), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("\"theme\""));
}

#[test]
fn protocol_relative_and_css_urls_are_external_domains() {
    let entries = with(E::new(
        "more.css",
        "@import url(//fonts.example.org/x.css);\n.a{background:url('https://img.example.net/b.png')}",
    ));
    let report = validate(&forge(&entries), Some(ID), &Limits::default()).unwrap();
    assert_eq!(
        report.external_domains,
        vec!["cdn.example.com", "fonts.example.org", "img.example.net"]
    );
}

// ---------------------------------------------------------------------------------------------
// Unsafe names.

#[test]
fn absolute_paths_are_refused() {
    let mut entries = with(E::new("/etc/evil.js", "x"));
    entries.push(E::new("C:/Windows/evil.js", "x"));
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::ABSOLUTE_PATH, code::ABSOLUTE_PATH]);
    assert_eq!(r.problems[0].path.as_deref(), Some("/etc/evil.js"));
    assert_eq!(
        r.problems[0].message,
        "/etc/evil.js: the name is an absolute path; paths must be relative to the package root"
    );
}

#[test]
fn dot_dot_segments_are_refused() {
    let mut entries = with(E::new("../evil.js", "x"));
    entries.push(E::new("assets/../../evil.js", "x"));
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::PATH_TRAVERSAL, code::PATH_TRAVERSAL]);
    assert!(message_of(&r, code::PATH_TRAVERSAL).starts_with("../evil.js: "));
}

#[test]
fn backslashes_in_names_are_refused() {
    let r = refuse(&forge(&with(E::new("assets\\..\\evil.js", "x"))));
    assert_codes(&r, &[code::BACKSLASH_IN_NAME]);
}

#[test]
fn nul_bytes_in_names_are_refused() {
    let r = refuse(&forge(&with(E::new(b"evil.js\0.png", "x"))));
    assert_codes(&r, &[code::NUL_IN_NAME]);
    assert_eq!(r.problems[0].path.as_deref(), Some("evil.js\\u{0}.png"));
}

#[test]
fn empty_names_are_refused() {
    let r = refuse(&forge(&with(E::new("", "x"))));
    assert_codes(&r, &[code::EMPTY_NAME]);
}

#[test]
fn names_that_are_not_utf8_are_refused() {
    let r = refuse(&forge(&with(E::new(b"caf\xe9.js", "x"))));
    assert_codes(&r, &[code::INVALID_NAME]);
}

// ---------------------------------------------------------------------------------------------
// Entry kinds.

#[test]
fn symlinks_are_refused() {
    let link = E::new("link.js", "/etc/passwd")
        .stored()
        .attrs(0o120777 << 16);
    let r = refuse(&forge(&with(link)));
    assert_codes(&r, &[code::SYMLINK]);
    assert_eq!(
        r.problems[0].message,
        "link.js: is a symbolic link; packages may only contain regular files"
    );
}

#[test]
fn symlinks_are_refused_whatever_system_made_the_zip() {
    let mut link = E::new("link.js", "/etc/passwd").attrs(0o120777 << 16);
    link.made_by = 20; // MS-DOS
    assert_codes(&refuse(&forge(&with(link))), &[code::SYMLINK]);
}

#[test]
fn fifos_and_devices_are_refused() {
    let fifo = E::new("pipe.txt", "").stored().attrs(0o010644 << 16);
    let r = refuse(&forge(&with(fifo)));
    assert_codes(&r, &[code::SPECIAL_FILE]);
    assert!(r.problems[0].message.contains("named pipe"));
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

#[test]
fn duplicate_names_are_refused() {
    let r = refuse(&forge(&with(E::new("app.js", "alert('second app.js')"))));
    assert_codes(&r, &[code::DUPLICATE_NAME]);
    assert_eq!(
        r.problems[0].message,
        "app.js: appears more than once in the zip"
    );
}

#[test]
fn names_differing_only_in_case_are_refused() {
    let r = refuse(&forge(&with(E::new("App.JS", "alert(1)"))));
    assert_codes(&r, &[code::CASE_DUPLICATE]);
    assert_eq!(
        r.problems[0].message,
        "App.JS: differs from app.js only in letter case; names must be unique ignoring case"
    );
}

#[test]
fn a_file_used_as_a_folder_is_refused() {
    let mut entries = with(E::new("assets", "plain text?"));
    entries.push(E::new("assets/x.js", "x"));
    let r = refuse(&forge(&entries));
    // "assets" has no extension, and is also a folder.
    assert_codes(&r, &[code::FILE_TYPE_NOT_ALLOWED, code::PATH_CONFLICT]);
}

// ---------------------------------------------------------------------------------------------
// Headers.

#[test]
fn encrypted_entries_are_refused() {
    let e = E::new("secret.js", "x").stored().flags((1 << 11) | 1);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::ENCRYPTED]);
    assert_eq!(
        r.problems[0].message,
        "secret.js: is encrypted; upload the package without a password"
    );
}

#[test]
fn aes_encrypted_entries_are_refused() {
    let e = E::new("secret.js", "x").method(99, b"opaque");
    assert_codes(&refuse(&forge(&with(e))), &[code::ENCRYPTED]);
}

#[test]
fn unsupported_compression_methods_are_refused() {
    let e = E::new("lib.js", "x").method(12, b"BZh91AY&SY");
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::UNSUPPORTED_COMPRESSION]);
    assert!(r.problems[0].message.contains("method 12 (bzip2)"));
}

#[test]
fn a_local_name_differing_from_the_central_name_is_refused() {
    let e = E::new("app2.js", "x").local_name("evil.js");
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert_eq!(
        r.problems[0].message,
        "app2.js: the local header names the file \"evil.js\" but the central directory names \
         it \"app2.js\""
    );
}

#[test]
fn a_local_size_differing_from_the_central_size_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;".repeat(20));
    e.local_csize = Some(3);
    e.local_usize = Some(10_000);
    let r = refuse(&forge(&with(e)));
    assert_codes(
        &r,
        &[code::LOCAL_HEADER_MISMATCH, code::LOCAL_HEADER_MISMATCH],
    );
    assert!(r.problems[0].message.contains("compressed size of 3 bytes"));
    assert!(r.problems[1]
        .message
        .contains("uncompressed size of 10000 bytes but the central directory declares 200 bytes"));
}

#[test]
fn a_local_crc_or_method_differing_from_the_central_one_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;");
    e.local_crc = Some(0x1234_5678);
    e.local_method = Some(0);
    let r = refuse(&forge(&with(e)));
    assert_codes(
        &r,
        &[code::LOCAL_HEADER_MISMATCH, code::LOCAL_HEADER_MISMATCH],
    );
    assert!(r.problems[0]
        .message
        .contains("compression method 0 (stored)"));
    assert!(r.problems[1].message.contains("CRC-32 12345678"));
}

#[test]
fn a_local_encryption_flag_hidden_from_the_central_directory_is_refused() {
    let mut e = E::new("app2.js", "let x = 1;");
    e.local_flags = Some((1 << 11) | 1);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert!(r.problems[0].message.contains("encrypted"));
}

#[test]
fn a_data_descriptor_disagreeing_with_the_central_directory_is_refused() {
    // The descriptor is written with the real values, the central record with a lie.
    let mut zip = forge(&with(E::new("app2.js", "let x = 1;").descriptor()));
    let honest = crc32fast::hash(b"let x = 1;").to_le_bytes();
    // Patch the CRC in the central record only (the last occurrence of the CRC).
    let at = zip
        .windows(4)
        .rposition(|w| w == honest)
        .expect("central CRC");
    zip[at..at + 4].copy_from_slice(&0xdead_beefu32.to_le_bytes());
    let r = refuse(&zip);
    assert_codes(&r, &[code::LOCAL_HEADER_MISMATCH]);
    assert!(r.problems[0].message.contains("data descriptor"));
}

#[test]
fn entries_sharing_data_are_refused() {
    // A second central record pointing at the first file's local header: the overlapping-file
    // zip bomb.
    let entries = with(E::new("copy.js", "").alias_of(2));
    let r = refuse(&forge(&entries));
    assert!(r.has(code::OVERLAPPING_ENTRIES), "{:#?}", r.problems);
    assert!(r.has(code::LOCAL_HEADER_MISMATCH), "the names differ too");
    assert!(message_of(&r, code::OVERLAPPING_ENTRIES).contains("overlaps the data of app.js"));
}

// ---------------------------------------------------------------------------------------------
// Data.

#[test]
fn a_wrong_crc_is_caught_after_inflating() {
    let e = E::new("app2.js", "let answer = 42;").crc(0xdead_beef);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CRC_MISMATCH]);
    assert!(r.problems[0]
        .message
        .starts_with("app2.js: the unpacked data has CRC-32 "));
    assert!(r.problems[0]
        .message
        .contains("but the headers declare deadbeef"));
}

#[test]
fn a_wrong_crc_of_a_stored_file_is_caught() {
    let e = E::new("icon2.png", icon_png()).stored().crc(7);
    assert_codes(&refuse(&forge(&with(e))), &[code::CRC_MISMATCH]);
}

#[test]
fn a_declared_size_smaller_than_the_data_is_caught_by_counting() {
    // The headers say 100 bytes; the data inflates to 20 MiB. Counting stops right after the
    // declared size, long before the limits.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let e = E::new("small.txt", &zeros).declared_size(100);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
    let msg = &r.problems[0].message;
    assert!(
        msg.starts_with(
            "small.txt: the headers declare 100 B unpacked but the data inflates to more"
        ),
        "{msg}"
    );
    assert!(msg.contains("stopped counting at 64 KB"), "{msg}");
}

#[test]
fn a_declared_size_larger_than_the_data_is_caught() {
    let e = E::new("app2.js", "let x = 1;").declared_size(5000);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
    assert!(r.problems[0]
        .message
        .contains("declare 4.9 KB unpacked but the data inflates to only 10 B"));
}

#[test]
fn a_stored_entry_with_different_sizes_is_refused() {
    let mut e = E::new("a.txt", "hello").stored();
    e.usize = Some(6);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio() {
    // 20 MiB of zeros deflate to about 20 KiB: over 1000:1.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bomb = E::new("assets/zeros.txt", &zeros);
    let zip = forge(&with(bomb));
    assert!(zip.len() < 100 * 1024);
    let r = refuse(&zip);
    assert_codes(&r, &[code::ZIP_BOMB]);
    let msg = &r.problems[0].message;
    assert!(msg.starts_with("assets/zeros.txt: compresses "), "{msg}");
    assert!(msg.contains("(20 MB from "), "{msg}");
    assert!(msg.contains("over the 200:1 limit for one file"), "{msg}");
}

#[test]
fn a_zip_bomb_with_lying_sizes_is_stopped_while_inflating() {
    // The headers claim a harmless 2:1 ratio; the data is a 1000:1 bomb.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let compressed = compress_to_vec(&zeros, 6);
    let e = E::new("assets/zeros.txt", &zeros)
        .raw(&compressed)
        .declared_size(2 * compressed.len() as u32);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::SIZE_MISMATCH]);
}

#[test]
fn corrupt_deflate_data_is_refused() {
    let e = E::new("app2.js", "let x = 1;").raw(&[0xff; 16]);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    let z = compress_to_vec(&noise(5000, 3), 6);
    let cut = E::new("app3.js", noise(5000, 3)).raw(&z[..z.len() / 2]);
    let r = refuse(&forge(&with(cut)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    assert!(r.problems[0].message.contains("truncated or corrupt"));
}

#[test]
fn data_hidden_after_the_deflate_stream_is_refused() {
    let mut z = compress_to_vec(b"let x = 1;", 6);
    z.extend_from_slice(b"hidden payload");
    let e = E::new("app2.js", "let x = 1;").raw(&z);
    let r = refuse(&forge(&with(e)));
    assert_codes(&r, &[code::CORRUPT_DATA]);
    assert!(r.problems[0].message.contains("14 unexpected bytes"));
}

// ---------------------------------------------------------------------------------------------
// Limits.

#[test]
fn more_than_2000_entries_are_refused() {
    let mut entries = valid_entries();
    for i in 0..(2001 - entries.len()) {
        entries.push(E::new(format!("f/{i:04}.txt"), "").stored());
    }
    assert_eq!(entries.len(), 2001);
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::TOO_MANY_ENTRIES]);
    assert_eq!(
        r.problems[0].message,
        "the zip has 2001 entries, over the limit of 2000 (files and folders)"
    );
    // 2000 is fine.
    entries.pop();
    assert!(validate(&forge(&entries), Some(ID), &Limits::default()).is_ok());
}

#[test]
fn an_unpacked_total_over_the_limit_is_refused() {
    let limits = Limits {
        max_unpacked: 100_000,
        ..Limits::default()
    };
    let mut entries = with(E::new("a.bin.txt", noise(60_000, 1)).stored());
    entries.push(E::new("b.txt", noise(60_000, 2)).stored());
    let r = refuse_with(&forge(&entries), &limits);
    assert_codes(&r, &[code::UNPACKED_TOO_LARGE]);
    assert_eq!(r.problems[0].path.as_deref(), Some("b.txt"));
    assert!(r.problems[0]
        .message
        .starts_with("b.txt: brings the unpacked total over the 97.7 KB limit for a package"));
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let limits = Limits {
        max_entry_size: 50_000,
        ..Limits::default()
    };
    let r = refuse_with(&forge(&with(E::new("big.txt", noise(60_000, 9)))), &limits);
    assert_codes(&r, &[code::ENTRY_TOO_LARGE]);
    assert_eq!(
        r.problems[0].message,
        "big.txt: unpacks to 58.6 KB, over the 48.8 KB limit for one file"
    );
}

#[test]
fn a_zip_over_the_compressed_limit_is_refused() {
    let zip = forge(&with(E::new("noise.txt", noise(3000, 5)).stored()));
    let limits = Limits {
        max_compressed: 2048,
        ..Limits::default()
    };
    let r = refuse_with(&zip, &limits);
    assert_codes(&r, &[code::COMPRESSED_TOO_LARGE]);
    assert!(r.problems[0]
        .message
        .ends_with("over the 2 KB limit for a package"));
}

// ---------------------------------------------------------------------------------------------
// File types.

#[test]
fn unknown_file_types_are_refused_by_name() {
    let mut entries = with(E::new("tools/setup.exe", "MZ"));
    entries.push(E::new("LICENSE", "MIT"));
    entries.push(E::new("__MACOSX/._index.html", "meta"));
    let r = refuse(&forge(&entries));
    assert_codes(
        &r,
        &[
            code::FILE_TYPE_NOT_ALLOWED,
            code::FILE_TYPE_NOT_ALLOWED,
            code::FILE_TYPE_NOT_ALLOWED,
        ],
    );
    assert!(r.problems[0].message.starts_with(
        "tools/setup.exe: files of type .exe are not allowed in a package (allowed: html, htm, css"
    ));
    assert!(r.problems[1]
        .message
        .starts_with("LICENSE: files without an extension are not allowed"));
    assert!(r.problems[2].message.contains("macOS Finder metadata"));
}

// ---------------------------------------------------------------------------------------------
// Not zips, broken zips.

#[test]
fn something_that_is_not_a_zip_is_refused() {
    let r = refuse(b"hello, I am a text file");
    assert_codes(&r, &[code::NOT_A_ZIP]);
    assert_eq!(
        r.problems[0].message,
        "this is not a zip file (no zip signature found); upload the mini-program as a .zip"
    );
    let r = refuse(&[0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]);
    assert!(r.problems[0].message.contains("gzip"));
    assert_codes(&refuse(b""), &[code::NOT_A_ZIP]);
}

#[test]
fn a_truncated_zip_is_refused() {
    let zip = forge(&valid_entries());
    let r = refuse(&zip[..zip.len() / 2]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
    assert!(r.problems[0].message.starts_with("the zip is truncated"));
    // Cut by one byte: the end record is there but incomplete.
    let r = refuse(&zip[..zip.len() - 1]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
    // Cut inside the central directory.
    let r = refuse(&zip[..zip.len() - 30]);
    assert_codes(&r, &[code::TRUNCATED_ZIP]);
}

#[test]
fn bytes_before_or_after_the_zip_are_refused() {
    let prefixed = forge_shaped(
        &valid_entries(),
        Shape {
            prefix: b"#!/bin/sh\nexec unzip\n".to_vec(),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&prefixed), &[code::MALFORMED_ZIP]);
    let suffixed = forge_shaped(
        &valid_entries(),
        Shape {
            suffix: b"<script>polyglot</script>".to_vec(),
            ..Shape::default()
        },
    );
    let r = refuse(&suffixed);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert!(r.problems[0].message.contains("25 unexpected bytes follow"));
}

#[test]
fn data_hidden_before_between_or_after_the_entries_is_refused() {
    // A polyglot: an HTML page followed by a zip whose offsets account for it.
    let polyglot = forge_shaped(
        &valid_entries(),
        Shape {
            prefix: b"<html><script>alert(1)</script></html>".to_vec(),
            absolute_offsets: true,
            ..Shape::default()
        },
    );
    let r = refuse(&polyglot);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert_eq!(
        r.problems[0].message,
        "the zip is malformed: 38 bytes at offset 0, before manifest.json, belong to no entry \
         (was data prepended or hidden in the zip?)"
    );
    let gap = forge_shaped(
        &valid_entries(),
        Shape {
            gap_before_cd: b"hidden".to_vec(),
            ..Shape::default()
        },
    );
    let r = refuse(&gap);
    assert_codes(&r, &[code::MALFORMED_ZIP]);
    assert!(r.problems[0].message.contains("6 bytes at offset"));
}

#[test]
fn an_empty_file_may_be_deflate_with_no_data() {
    let empty = E::new("empty.txt", "").raw(b"");
    let report = validate(&forge(&with(empty)), Some(ID), &Limits::default()).unwrap();
    assert_eq!(report.file_count, 6);
}

#[test]
fn an_end_record_miscounting_the_entries_is_refused() {
    let zip = forge_shaped(
        &valid_entries(),
        Shape {
            eocd_count: Some(3),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&zip), &[code::MALFORMED_ZIP]);
    let zip = forge_shaped(
        &valid_entries(),
        Shape {
            eocd_count: Some(9),
            ..Shape::default()
        },
    );
    assert_codes(&refuse(&zip), &[code::MALFORMED_ZIP]);
}

#[test]
fn zip64_markers_are_refused() {
    let e = E::new("a.txt", "x").declared_size(u32::MAX);
    assert_codes(&refuse(&forge(&with(e))), &[code::ZIP64_UNSUPPORTED]);
}

#[test]
fn a_central_record_pointing_nowhere_is_refused() {
    let mut zip = forge(&valid_entries());
    // Make the first central record point past the file data: find it by its signature.
    let cd = zip
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    zip[cd + 42..cd + 46].copy_from_slice(&1_000_000u32.to_le_bytes());
    let r = refuse(&zip);
    assert!(r.has(code::MALFORMED_ZIP), "{:#?}", r.problems);
    assert_eq!(r.problems[0].path.as_deref(), Some("manifest.json"));
    // The manifest could not be read, so it is not also reported missing.
    assert!(!r.has(code::MISSING_MANIFEST));
}

// ---------------------------------------------------------------------------------------------
// The manifest.

#[test]
fn a_package_without_manifest_is_refused() {
    let entries: Vec<E> = valid_entries().into_iter().skip(1).collect();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert_eq!(
        r.problems[0].message,
        "the package has no manifest.json at the root of the zip"
    );
}

#[test]
fn a_manifest_in_a_subfolder_gets_a_hint() {
    let entries: Vec<E> = valid_entries()
        .into_iter()
        .map(|mut e| {
            e.name = [b"my-app/", &e.name[..]].concat();
            e
        })
        .collect();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert!(r.problems[0]
        .message
        .contains("found my-app/manifest.json: zip the contents of the folder"));
}

#[test]
fn a_manifest_with_the_wrong_case_gets_a_hint() {
    let mut entries = valid_entries();
    entries[0].name = b"Manifest.JSON".to_vec();
    let r = refuse(&forge(&entries));
    assert_codes(&r, &[code::MISSING_MANIFEST]);
    assert!(r.problems[0]
        .message
        .ends_with("(found Manifest.JSON: the name must be all lower case)"));
}

#[test]
fn invalid_manifest_json_is_refused_with_its_position() {
    let json = "{\n  \"name\": \"Coffee Corner\",\n  \"version\": \"1.4.0\",\n}";
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::MANIFEST_INVALID_JSON]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: invalid JSON at line 4, column 1: trailing comma"
    );
    assert_eq!(r.problems[0].path.as_deref(), Some("manifest.json"));
}

#[test]
fn a_bad_semver_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::MANIFEST_INVALID_VERSION]);
    assert!(r.problems[0]
        .message
        .starts_with("manifest.json: \"version\": \"1.4\" is not a valid semantic version"));
}

#[test]
fn an_unknown_permission_is_refused_by_name() {
    let json =
        r#"{"name": "Coffee Corner", "version": "1.4.0", "permissions": ["storage", "camera"]}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::UNKNOWN_PERMISSION]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: unknown permission \"camera\" (known permissions: system_info, storage, \
         user_profile, open_miniprogram, report_error)"
    );
}

#[test]
fn a_missing_entry_page_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "entry": "main.html"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::ENTRY_MISSING]);
    assert_eq!(
        r.problems[0].message,
        "manifest.json: the entry page \"main.html\" is not in the zip"
    );
}

#[test]
fn an_entry_that_is_not_html_is_refused() {
    let json = r#"{"name": "Coffee Corner", "version": "1.4.0", "entry": "app.js"}"#;
    assert_codes(
        &refuse(&forge(&with_manifest(json))),
        &[code::MANIFEST_INVALID_ENTRY],
    );
}

#[test]
fn an_id_mismatch_is_refused() {
    let json = r#"{"id": "mp_someone_else", "name": "Coffee Corner", "version": "1.4.0"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(&r, &[code::ID_MISMATCH]);
    assert!(r.problems[0].message.contains(
        "\"id\" is \"mp_someone_else\" but this package is uploaded to mini-program \"mp_test\""
    ));
}

#[test]
fn wrong_types_and_missing_fields_are_refused() {
    let json = r#"{"name": ["Coffee"], "permissions": "storage"}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(
        &r,
        &[
            code::MANIFEST_WRONG_TYPE,
            code::MANIFEST_MISSING_FIELD,
            code::MANIFEST_WRONG_TYPE,
        ],
    );
}

#[test]
fn all_manifest_problems_are_listed_together() {
    let json = r#"{"id": "mp_other", "name": "", "version": "one", "entry": "start.html",
                   "permissions": ["camera", "microphone"]}"#;
    let r = refuse(&forge(&with_manifest(json)));
    assert_codes(
        &r,
        &[
            code::ID_MISMATCH,
            code::MANIFEST_INVALID_NAME,
            code::MANIFEST_INVALID_VERSION,
            code::ENTRY_MISSING,
            code::UNKNOWN_PERMISSION,
            code::UNKNOWN_PERMISSION,
        ],
    );
}

#[test]
fn problems_of_every_kind_are_listed_together() {
    let mut entries = with_manifest(r#"{"name": "Coffee Corner", "version": "1.4"}"#);
    entries.push(E::new("../up.js", "x"));
    entries.push(E::new("link.js", "/etc/passwd").attrs(0o120777 << 16));
    entries.push(E::new("virus.exe", "MZ"));
    entries.push(E::new("bad.js", "x").crc(1));
    entries.push(E::new("Bad.js", "y"));
    let r = refuse(&forge(&entries));
    assert_codes(
        &r,
        &[
            code::PATH_TRAVERSAL,
            code::SYMLINK,
            code::FILE_TYPE_NOT_ALLOWED,
            code::CASE_DUPLICATE,
            code::CRC_MISMATCH,
            code::MANIFEST_INVALID_VERSION,
        ],
    );
    // Display joins every message.
    let text = r.to_string();
    for p in &r.problems {
        assert!(text.contains(&p.message));
    }
    // A rejection serializes for the portal, and back.
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"code\":\"path_traversal\""));
    let back: Rejection = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

// ---------------------------------------------------------------------------------------------
// Reading files for serving.

#[test]
fn file_bytes_reads_files_of_a_valid_package() {
    let zip = forge(&valid_entries());
    assert_eq!(file_bytes(&zip, "app.js").unwrap(), APP_JS.as_bytes());
    assert_eq!(file_bytes(&zip, "icon.png").unwrap(), icon_png());
    assert_eq!(file_bytes(&zip, "missing.js"), None);
    assert_eq!(file_bytes(&zip, "APP.JS"), None, "exact names only");
    assert_eq!(file_bytes(&zip, "/app.js"), None);
    assert_eq!(
        list(&zip),
        vec![
            "manifest.json",
            "index.html",
            "app.js",
            "style.css",
            "icon.png"
        ]
    );
}

#[test]
fn file_bytes_refuses_files_that_validation_would_refuse() {
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let cases = [
        ("small.txt", E::new("small.txt", &zeros).declared_size(100)),
        ("bomb.txt", E::new("bomb.txt", &zeros)),
        ("bad.js", E::new("bad.js", "x").crc(1)),
        (
            "link.js",
            E::new("link.js", "/etc/passwd").attrs(0o120777 << 16),
        ),
        ("enc.js", E::new("enc.js", "x").stored().flags(1)),
        ("moved.js", E::new("moved.js", "x").local_name("other.js")),
        ("app.js", E::new("app.js", "second copy")),
    ];
    for (path, entry) in cases {
        let zip = forge(&with(entry));
        assert_eq!(file_bytes(&zip, path), None, "{path}");
    }
    assert_eq!(file_bytes(b"not a zip", "a.js"), None);
}

#[test]
fn list_leaves_out_directories_and_unsafe_names() {
    let mut entries = valid_entries();
    entries.push(E::dir("assets/"));
    entries.push(E::new("../evil.js", "x"));
    entries.push(E::new("assets/ok.js", "x"));
    let names = list(&forge(&entries));
    assert_eq!(names.len(), 6);
    assert_eq!(names.last().map(String::as_str), Some("assets/ok.js"));
    assert!(list(b"garbage").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Robustness.

#[test]
fn thousands_of_random_corruptions_never_panic() {
    let zip = forge(&valid_entries());
    let with_descriptors = forge(
        &valid_entries()
            .into_iter()
            .map(E::descriptor)
            .collect::<Vec<_>>(),
    );
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut refused = 0;
    for round in 0..4000 {
        let mut z = if round % 2 == 0 {
            zip.clone()
        } else {
            with_descriptors.clone()
        };
        // Damage 1 to 4 bytes, preferring headers (the first and last few hundred bytes).
        for _ in 0..(1 + next() % 4) {
            let len = z.len() as u64;
            let at = match next() % 3 {
                0 => next() % len,
                1 => next() % 200.min(len),
                _ => len - 1 - next() % 200.min(len),
            } as usize;
            z[at] = next() as u8;
        }
        if round % 7 == 0 {
            let keep = (next() % z.len() as u64) as usize;
            z.truncate(keep);
        }
        if validate(&z, Some(ID), &Limits::default()).is_err() {
            refused += 1;
        }
        for name in list(&z) {
            let _ = file_bytes(&z, &name);
        }
    }
    assert!(refused > 3000, "most corruptions are caught: {refused}");
}
