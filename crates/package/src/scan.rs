//! Finds the external hosts a text file refers to: absolute `http://` and `https://` URLs and
//! protocol-relative `//host` URLs.
//!
//! The scan is a heuristic over bytes (it needs no valid UTF-8 and parses no HTML or JS):
//! - `http://host` and `https://host` are found anywhere, case-insensitively;
//! - `//host` counts only right after a quote, a backtick, `(` or `=` (as in
//!   `src="//cdn.example.com/x.js"` or `url(//fonts.example.com/f.woff2)`), so that JavaScript
//!   `// comments` are not taken for URLs, and only if the host has a dot;
//! - `http://www.w3.org/...` is skipped: those are XML namespace and DTD identifiers
//!   (`xmlns="http://www.w3.org/2000/svg"`), which browsers never fetch.

use std::collections::BTreeSet;

/// Adds to `out` the lower-case host names referred to by `text`.
pub(crate) fn external_hosts(text: &[u8], out: &mut BTreeSet<String>) {
    let mut i = 0;
    while i + 1 < text.len() {
        if text[i] != b'/' || text[i + 1] != b'/' {
            i += 1;
            continue;
        }
        let slashes = i;
        i += 2;
        let before = &text[..slashes];
        let scheme = if ends_with_scheme(before, b"https:") {
            Some("https")
        } else if ends_with_scheme(before, b"http:") {
            Some("http")
        } else if slashes > 0 && matches!(text[slashes - 1], b'"' | b'\'' | b'`' | b'(' | b'=') {
            None
        } else {
            continue;
        };
        let Some(host) = host_at(&text[slashes + 2..]) else {
            continue;
        };
        if scheme.is_none() && !host.contains('.') {
            continue;
        }
        if scheme == Some("http") && host == "www.w3.org" {
            continue;
        }
        out.insert(host);
    }
}

/// Whether `before` ends with `scheme` (case-insensitive) not preceded by a scheme character.
fn ends_with_scheme(before: &[u8], scheme: &[u8]) -> bool {
    if before.len() < scheme.len() {
        return false;
    }
    let start = before.len() - scheme.len();
    if !before[start..].eq_ignore_ascii_case(scheme) {
        return false;
    }
    start == 0
        || !matches!(before[start - 1], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.')
}

/// The host of the authority at the start of `rest`, lower case, if it is a plausible one.
fn host_at(rest: &[u8]) -> Option<String> {
    let end = rest
        .iter()
        .position(|&c| {
            !(c.is_ascii_alphanumeric()
                || matches!(c, b'.' | b'-' | b'_' | b':' | b'@' | b'[' | b']' | b'%'))
        })
        .unwrap_or(rest.len());
    let authority = std::str::from_utf8(&rest[..end]).ok()?;
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        let close = v6.find(']')?;
        let inner = &v6[..close];
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        return Some(format!("[{}]", inner.to_ascii_lowercase()));
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        });
    valid.then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        external_hosts(text.as_bytes(), &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn absolute_urls_in_html_css_and_js_are_found() {
        let html = r#"<script src="https://cdn.example.com/lib.js"></script>
            <link href="HTTP://Fonts.Example.org:8080/css?x=1">
            <a href='https://user:pw@shop.example.net/path'>x</a>"#;
        assert_eq!(
            hosts(html),
            vec!["cdn.example.com", "fonts.example.org", "shop.example.net"]
        );
        assert_eq!(
            hosts("fetch(`https://api.example.com/v1/${id}`)"),
            vec!["api.example.com"]
        );
    }

    #[test]
    fn protocol_relative_urls_count_only_in_url_positions() {
        assert_eq!(
            hosts(
                r#"<img src="//img.example.com/a.png"> body{background:url(//bg.example.com/b.png)}"#
            ),
            vec!["bg.example.com", "img.example.com"]
        );
        assert!(hosts("let a = 1; // see docs.example.com for details").is_empty());
        assert!(hosts("// comment.with.dots\nx = y").is_empty());
        assert!(hosts("var re = \"//\";").is_empty());
    }

    #[test]
    fn xml_namespaces_and_non_hosts_are_ignored() {
        assert!(hosts(r#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#).is_empty());
        assert!(hosts("'https://' + host").is_empty());
        assert!(hosts("`https://${host}/x`").is_empty());
        assert!(hosts("xhttps://evil.example.com").is_empty());
        assert_eq!(hosts("https://www.w3.org/TR/"), vec!["www.w3.org"]);
    }

    #[test]
    fn hosts_are_lower_cased_trimmed_and_deduplicated() {
        assert_eq!(
            hosts("http://A.Example.COM./x http://a.example.com http://localhost:3000/ http://[::1]:80/"),
            vec!["[::1]", "a.example.com", "localhost"]
        );
    }

    #[test]
    fn scanning_works_on_bytes_that_are_not_utf8() {
        let mut out = BTreeSet::new();
        external_hosts(
            b"\xff\xfe src=\"https://cdn.example.com/x.js\" \xc3",
            &mut out,
        );
        assert_eq!(out.into_iter().collect::<Vec<_>>(), vec!["cdn.example.com"]);
    }
}
