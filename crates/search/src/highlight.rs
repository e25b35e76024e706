//! Which parts of a name or summary matched the query, for `<mark>` in the results.

use crate::analysis::{damerau, Mode, Segmenter};
use crate::query::Parsed;
use serde::{Deserialize, Serialize};

/// A piece of text, matched or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

fn word_matches(word: &str, q: &crate::query::QWord) -> bool {
    let qt = q.text.as_str();
    if word == qt || (q.last && word.starts_with(qt)) {
        return true;
    }
    if q.typos == 0 {
        return false;
    }
    let t = usize::from(q.typos);
    if damerau(word, qt) <= t {
        return true;
    }
    // A misspelt prefix: compare with the word's beginning of about the same length.
    q.last && {
        let n = qt.chars().count();
        let head: String = word.chars().take(n).collect();
        damerau(&head, qt) <= t
    }
}

/// `text` cut into matched and unmatched segments.
pub fn mark(seg: &Segmenter, text: &str, p: &Parsed) -> Vec<Segment> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for q in &p.words {
        if q.han {
            let mut at = 0;
            while let Some(i) = text[at..].find(q.text.as_str()) {
                ranges.push((at + i, at + i + q.text.len()));
                at += i + q.text.len();
            }
        }
    }
    for w in seg.words(text, Mode::Query) {
        if p.words.iter().any(|q| !q.han && word_matches(&w.text, q)) {
            ranges.push((w.from, w.to));
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in merged {
        if a > at {
            out.push(Segment {
                text: text[at..a].to_string(),
                hit: false,
            });
        }
        out.push(Segment {
            text: text[a..b].to_string(),
            hit: true,
        });
        at = b;
    }
    if at < text.len() || out.is_empty() {
        out.push(Segment {
            text: text[at..].to_string(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, q: &str) -> Vec<String> {
        let seg = Segmenter::default();
        mark(&seg, text, &Parsed::new(&seg, q))
            .into_iter()
            .filter(|s| s.hit)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn marks_exact_prefix_typo_and_chinese() {
        assert_eq!(marked("Currency Converter", "conv"), ["Converter"]);
        assert_eq!(marked("Currency Converter", "curency"), ["Currency"]);
        assert_eq!(marked("汇率换算 Currency", "汇率"), ["汇率"]);
        assert!(marked("Snake", "ladder").is_empty());
    }
}
