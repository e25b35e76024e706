//! What the sandbox does to package files: path checks, content types, bridge injection, and a
//! small LRU of package zips (immutable, keyed by sha256).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The tag injected into every HTML file of a package.
pub const BRIDGE_TAG: &str = r#"<script src="/__ministore/bridge.js"></script>"#;

/// A relative `/`-separated path with no empty, `.` or `..` segment, backslash or control
/// character (anything else cannot name a file of a valid package).
pub fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 1024
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.split('/').all(|seg| !matches!(seg, "" | "." | ".."))
}

/// The `Content-Type` of a package file, by its (case-insensitive) extension.
pub fn content_type(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or(path);
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// `html` with [`BRIDGE_TAG`] right after its `<head>` tag (any case, with attributes); without
/// one, after a leading `<!doctype ...>` (so the page keeps standards mode), else at the start.
pub fn inject_bridge(html: &[u8]) -> Vec<u8> {
    let at = find_head_end(html)
        .or_else(|| doctype_end(html))
        .unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + BRIDGE_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(BRIDGE_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The index just past the `>` of the first `<head>` / `<head ...>` tag.
fn find_head_end(html: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find_ci(&html[from..], b"<head") {
        let start = from + i;
        let after = start + 5;
        match html.get(after) {
            Some(b'>') => return Some(after + 1),
            Some(c) if c.is_ascii_whitespace() || *c == b'/' => {
                return html[after..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map(|p| after + p + 1);
            }
            _ => from = after, // `<header>`, `<heading>`...
        }
    }
    None
}

/// The index just past a `<!doctype ...>` at the start (after a BOM and whitespace).
fn doctype_end(html: &[u8]) -> Option<usize> {
    let skip = html.strip_prefix(b"\xEF\xBB\xBF").map_or(0, |_| 3);
    let lead = skip
        + html[skip..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    let rest = &html[lead..];
    if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!doctype") {
        rest.iter().position(|&c| c == b'>').map(|p| lead + p + 1)
    } else {
        None
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The most recently used package zips, bounded by count and total size.
#[derive(Debug)]
pub struct PackageCache {
    max_items: usize,
    max_bytes: usize,
    entries: Mutex<VecDeque<(String, Arc<Vec<u8>>)>>,
}

impl PackageCache {
    pub fn new(max_items: usize, max_bytes: usize) -> Self {
        PackageCache {
            max_items,
            max_bytes,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    /// The zip of `sha`, if cached (it becomes the most recently used).
    pub fn get(&self, sha: &str) -> Option<Arc<Vec<u8>>> {
        let mut e = self.entries.lock().expect("not poisoned");
        let i = e.iter().position(|(k, _)| k == sha)?;
        let entry = e.remove(i).expect("index in range");
        let zip = entry.1.clone();
        e.push_front(entry);
        Some(zip)
    }

    /// Caches `zip` as `sha`, evicting the least recently used beyond the bounds.
    pub fn insert(&self, sha: &str, zip: Vec<u8>) -> Arc<Vec<u8>> {
        let zip = Arc::new(zip);
        let mut e = self.entries.lock().expect("not poisoned");
        e.retain(|(k, _)| k != sha);
        e.push_front((sha.to_string(), zip.clone()));
        let mut total: usize = e.iter().map(|(_, z)| z.len()).sum();
        while e.len() > 1 && (e.len() > self.max_items || total > self.max_bytes) {
            if let Some((_, z)) = e.pop_back() {
                total -= z.len();
            }
        }
        zip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn injected(html: &str) -> String {
        String::from_utf8(inject_bridge(html.as_bytes())).unwrap()
    }

    #[test]
    fn the_bridge_goes_right_after_the_head_tag_whatever_its_case() {
        let tag = BRIDGE_TAG;
        assert_eq!(
            injected("<html><HEAD><title>x</title>"),
            format!("<html><HEAD>{tag}<title>x</title>")
        );
        assert_eq!(
            injected("<header></header><head lang=en>"),
            format!("<header></header><head lang=en>{tag}")
        );
        assert_eq!(
            injected("<!DOCTYPE html>\n<p>hi"),
            format!("<!DOCTYPE html>{tag}\n<p>hi")
        );
        assert_eq!(injected("<p>hi"), format!("{tag}<p>hi"));
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["index.html", "a/b.js", "a..b/c.css"] {
            assert!(safe_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a/./b",
            "a//b",
            "a/",
            "a\\b",
            "a\0b",
        ] {
            assert!(!safe_path(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/INDEX.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("app.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("i.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_package_cache_evicts_the_least_recently_used() {
        let c = PackageCache::new(2, 1000);
        c.insert("a", vec![1]);
        c.insert("b", vec![2]);
        assert!(c.get("a").is_some());
        c.insert("c", vec![3]);
        assert!(c.get("b").is_none() && c.get("a").is_some() && c.get("c").is_some());
        let c = PackageCache::new(10, 5);
        c.insert("a", vec![0; 3]);
        c.insert("b", vec![0; 3]);
        assert!(c.get("a").is_none() && c.get("b").is_some());
    }
}
