//! Markdown descriptions rendered to sanitized HTML (no scripts, no styles, safe links).

/// Renders `md` (CommonMark with tables and strikethrough) and keeps only safe tags and
/// attributes; links get `rel="noopener noreferrer nofollow"`.
pub fn render(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, opts));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&out)
        .to_string()
}

/// The text of `md` without its markup (what the search index reads of a description).
pub fn plain_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(md.len());
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_and_event_handlers_are_removed_but_formatting_stays() {
        let html = super::render("**Hi** <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))");
        assert!(html.contains("<strong>Hi</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }
}
