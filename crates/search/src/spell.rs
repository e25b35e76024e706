//! "Did you mean": each misspelt word replaced by the closest term of the index's own
//! dictionaries (then the most frequent), when the query has few or no hits.

use crate::analysis::damerau;
use crate::query::Parsed;
use crate::schema::Fields;
use tantivy::query::FuzzyTermQuery;
use tantivy::Term;

/// A different query with the words replaced, or `None` when no word has a better spelling.
pub fn suggest(searcher: &tantivy::Searcher, f: &Fields, p: &Parsed) -> Option<String> {
    let fields = [f.name, f.tags_text, f.category_name, f.summary];
    let mut changed = false;
    let mut out = Vec::with_capacity(p.words.len());
    for w in &p.words {
        let word = w.text.as_str();
        if w.han || word.chars().count() < 3 {
            out.push(word.to_string());
            continue;
        }
        let mut best: Option<(usize, u32, String)> = None;
        let mut known = false;
        for field in fields {
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), 2, true);
            for seg in searcher.segment_readers() {
                let Ok(inv) = seg.inverted_index(field) else {
                    continue;
                };
                let terms = inv.terms();
                if w.last {
                    // Someone still typing: a word that begins a term is no misspelling.
                    if let Ok(mut s) = terms.range().ge(word.as_bytes()).into_stream() {
                        if s.advance() && s.key().starts_with(word.as_bytes()) {
                            known = true;
                        }
                    }
                }
                let Ok(aut) = fuzzy.automaton() else { continue };
                let Ok(mut s) = terms.search(aut).into_stream() else {
                    continue;
                };
                while s.advance() {
                    let Ok(cand) = std::str::from_utf8(s.key()) else {
                        continue;
                    };
                    let d = damerau(cand, word);
                    if d == 0 {
                        known = true;
                    }
                    let freq = s.value().doc_freq;
                    let better = best
                        .as_ref()
                        .is_none_or(|(bd, bf, _)| d < *bd || (d == *bd && freq > *bf));
                    if d > 0 && better {
                        best = Some((d, freq, cand.to_string()));
                    }
                }
            }
        }
        match best {
            Some((_, _, cand)) if !known => {
                changed = true;
                out.push(cand);
            }
            _ => out.push(word.to_string()),
        }
    }
    changed.then(|| out.join(" "))
}
