//! Shared helpers of the package tests: a tiny zip writer that forges hostile and broken
//! packages byte by byte, the valid package they are variations of, and assertions on the
//! refusals. Each test file uses only some of them.

#![allow(dead_code)]

use ministore_package::{code, validate, Limits, Rejection};
use miniz_oxide::deflate::compress_to_vec;

// ---------------------------------------------------------------------------------------------
// The forging zip writer.

pub const ID: &str = "mp_test";

/// One entry to forge. By default, an honest deflate (or stored) entry; every field of the
/// local header, the central record and the data can be made to lie.
#[derive(Clone)]
pub struct E {
    pub name: Vec<u8>,
    pub data: Vec<u8>,
    pub method: u16,
    /// Compressed bytes to write instead of compressing `data`.
    pub raw: Option<Vec<u8>>,
    pub flags: u16,
    pub attrs: u32,
    pub made_by: u16,
    /// Write a data descriptor (flag bit 3, zero CRC and sizes in the local header).
    pub descriptor: bool,
    /// Overrides for both headers.
    pub crc: Option<u32>,
    pub csize: Option<u32>,
    pub usize: Option<u32>,
    /// Overrides for the local header only.
    pub local_name: Option<Vec<u8>>,
    pub local_flags: Option<u16>,
    pub local_method: Option<u16>,
    pub local_crc: Option<u32>,
    pub local_csize: Option<u32>,
    pub local_usize: Option<u32>,
    /// Write no local header or data: the central record points at entry `i`'s.
    pub alias_of: Option<usize>,
}

impl E {
    pub fn new(name: impl AsRef<[u8]>, data: impl AsRef<[u8]>) -> E {
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
    pub fn dir(name: &str) -> E {
        let mut e = E::new(name, b"").stored();
        e.attrs = 0o040755 << 16;
        e
    }
    pub fn stored(mut self) -> E {
        self.method = 0;
        self
    }
    pub fn method(mut self, method: u16, raw: &[u8]) -> E {
        self.method = method;
        self.raw = Some(raw.to_vec());
        self
    }
    pub fn raw(mut self, raw: &[u8]) -> E {
        self.raw = Some(raw.to_vec());
        self
    }
    pub fn flags(mut self, flags: u16) -> E {
        self.flags = flags;
        self
    }
    pub fn attrs(mut self, attrs: u32) -> E {
        self.attrs = attrs;
        self
    }
    pub fn descriptor(mut self) -> E {
        self.descriptor = true;
        self.flags |= 1 << 3;
        self
    }
    pub fn crc(mut self, crc: u32) -> E {
        self.crc = Some(crc);
        self
    }
    pub fn declared_size(mut self, size: u32) -> E {
        self.usize = Some(size);
        self
    }
    pub fn local_name(mut self, name: &str) -> E {
        self.local_name = Some(name.as_bytes().to_vec());
        self
    }
    pub fn alias_of(mut self, index: usize) -> E {
        self.alias_of = Some(index);
        self
    }

    pub fn compressed(&self) -> Vec<u8> {
        match (&self.raw, self.method) {
            (Some(raw), _) => raw.clone(),
            (None, 8) => compress_to_vec(&self.data, 6),
            (None, _) => self.data.clone(),
        }
    }
}

/// Shape of the whole zip.
#[derive(Default)]
pub struct Shape {
    pub prefix: Vec<u8>,
    pub suffix: Vec<u8>,
    pub eocd_count: Option<u16>,
    /// Count offsets from the start of the file, prefix included (as self-extractors and
    /// polyglot files do), instead of from the start of the zip.
    pub absolute_offsets: bool,
    /// Bytes written between the last entry and the central directory.
    pub gap_before_cd: Vec<u8>,
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

pub fn forge(entries: &[E]) -> Vec<u8> {
    forge_shaped(entries, Shape::default())
}

pub fn forge_shaped(entries: &[E], shape: Shape) -> Vec<u8> {
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

pub const INDEX_HTML: &str = r#"<!doctype html>
<html>
<head>
  <link rel="stylesheet" href="style.css">
  <script src="https://cdn.example.com/lib/chart.min.js"></script>
  <script src="app.js" defer></script>
</head>
<body><img src="icon.png" alt=""><h1>Coffee Corner</h1></body>
</html>
"#;

pub const APP_JS: &str = "// Coffee Corner\n\
    const menu = ['espresso', 'latte', 'flat white'];\n\
    document.querySelector('h1').title = menu.join(', ');\n";

pub const STYLE_CSS: &str = "body { font-family: sans-serif; margin: 0 }\nh1 { color: #6b3e26 }\n";

pub fn manifest_json() -> String {
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
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
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

pub fn icon_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(600, 42));
    png
}

pub fn valid_entries() -> Vec<E> {
    vec![
        E::new("manifest.json", manifest_json()),
        E::new("index.html", INDEX_HTML),
        E::new("app.js", APP_JS),
        E::new("style.css", STYLE_CSS),
        E::new("icon.png", icon_png()).stored(),
    ]
}

pub fn with(extra: E) -> Vec<E> {
    let mut entries = valid_entries();
    entries.push(extra);
    entries
}

pub fn with_manifest(json: &str) -> Vec<E> {
    let mut entries = valid_entries();
    entries[0] = E::new("manifest.json", json);
    entries
}

/// Validates with the default limits and expects a refusal.
pub fn refuse(zip: &[u8]) -> Rejection {
    refuse_with(zip, &Limits::default())
}

pub fn refuse_with(zip: &[u8], limits: &Limits) -> Rejection {
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
pub fn assert_codes(rejection: &Rejection, expected: &[&str]) {
    assert_eq!(
        rejection.codes(),
        expected,
        "problems were: {:#?}",
        rejection.problems
    );
}

pub fn message_of<'a>(rejection: &'a Rejection, code: &str) -> &'a str {
    &rejection
        .problems
        .iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", rejection.problems))
        .message
}
