//! From what the user typed to a tantivy query.
//!
//! Each word of the query is a group: the best of its clauses over the fields (a disjunction-max
//! with a small tie-breaker). Exact terms are BM25-scored and boosted by field; fuzzy and prefix
//! automaton clauses score flat in tantivy, so they get lower boosts and can only decide between
//! documents the exact clauses did not. Every group must match (or, when nothing matches every
//! word, any). The whole query equal to a name adds a large boost: an exact name comes first.

use crate::analysis::{self, Mode, Segmenter};
use crate::schema::Fields;
use crate::{Request, ANY_HOST};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    Occur, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// A word of the query.
#[derive(Debug, Clone, PartialEq)]
pub struct QWord {
    pub text: String,
    /// The last word: the user may still be typing it (prefix).
    pub last: bool,
    pub han: bool,
    pub typos: u8,
}

/// A query split into words.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub words: Vec<QWord>,
    /// The query as the exact-name field holds names.
    pub exact: String,
    /// The query ends in a separator: its last word is complete (no prefix).
    pub closed: bool,
}

impl Parsed {
    pub fn new(seg: &Segmenter, q: &str) -> Parsed {
        let q = q.trim_start();
        let closed = q.ends_with(|c: char| c.is_whitespace());
        let mut words: Vec<QWord> = Vec::new();
        for w in seg.words(q, Mode::Query) {
            // The joined form of "to-do" comes after its parts; a query keeps the parts only
            // when the joined form is not a word of its own.
            if words.iter().any(|x| x.text == w.text) {
                continue;
            }
            words.push(QWord {
                han: analysis::has_han(&w.text),
                typos: analysis::typo_budget(&w.text),
                text: w.text,
                last: false,
            });
        }
        words.truncate(12);
        if let Some(l) = words.last_mut() {
            l.last = !closed;
        }
        Parsed {
            words,
            exact: analysis::normalize_name(q),
            closed,
        }
    }
}

fn term(f: Field, text: &str) -> Term {
    Term::from_field_text(f, text)
}

fn exact(f: Field, text: &str, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(
        Box::new(TermQuery::new(term(f, text), IndexRecordOption::WithFreqs)),
        boost,
    ))
}

fn fuzzy(f: Field, text: &str, typos: u8, prefix: bool, boost: f32) -> Box<dyn Query> {
    let q = if prefix {
        FuzzyTermQuery::new_prefix(term(f, text), typos, true)
    } else {
        FuzzyTermQuery::new(term(f, text), typos, true)
    };
    Box::new(BoostQuery::new(Box::new(q), boost))
}

/// The clauses of one word.
pub fn word_clauses(f: &Fields, w: &QWord) -> Vec<Box<dyn Query>> {
    let t = w.text.as_str();
    let mut c: Vec<Box<dyn Query>> = vec![
        exact(f.name, t, 8.0),
        exact(f.tags_text, t, 5.0),
        exact(f.category_name, t, 4.0),
        exact(f.developer, t, 3.0),
        exact(f.summary, t, 2.0),
        exact(f.description, t, 1.0),
    ];
    if w.han {
        // Words the dictionary cut differently, and single characters.
        c.push(exact(f.name_cjk2, t, 3.0));
        c.push(exact(f.summary_cjk2, t, 1.0));
        if w.last {
            c.push(exact(f.name_prefix, t, 6.0));
        }
        return c;
    }
    // Pinyin of Chinese names: edge n-grams, so a prefix matches; below a Han match.
    c.push(exact(f.name_py, t, 3.0));
    if t.chars().count() >= 2 {
        c.push(exact(f.name_pyi, t, 3.0));
    }
    if w.last {
        c.push(exact(f.name_prefix, t, 6.0));
        if t.chars().count() >= 2 {
            c.push(fuzzy(f.tags_text, t, 0, true, 1.5));
            c.push(fuzzy(f.summary, t, 0, true, 0.8));
        }
    }
    if w.typos > 0 {
        c.push(fuzzy(f.name, t, w.typos, false, 2.5));
        c.push(fuzzy(f.tags_text, t, w.typos, false, 1.5));
        c.push(fuzzy(f.category_name, t, w.typos, false, 1.2));
        c.push(fuzzy(f.summary, t, w.typos, false, 0.6));
        if w.last {
            c.push(fuzzy(f.name, t, w.typos, true, 2.0));
        }
    }
    c
}

/// The text part and the filters as one query.
pub fn build(f: &Fields, p: &Parsed, filters: &[Box<dyn Query>], all_words: bool) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = filters
        .iter()
        .map(|q| (Occur::Must, q.box_clone()))
        .collect();
    if p.words.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else {
        let occur = if all_words {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut words = BooleanQuery::new(vec![]);
        let groups: Vec<(Occur, Box<dyn Query>)> = p
            .words
            .iter()
            .map(|w| {
                let g: Box<dyn Query> = Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    word_clauses(f, w),
                    0.2,
                ));
                (occur, g)
            })
            .collect();
        if !groups.is_empty() {
            words = BooleanQuery::new(groups);
        }
        clauses.push((Occur::Must, Box::new(words)));
        if !p.exact.is_empty() {
            clauses.push((Occur::Should, exact(f.name_exact, &p.exact, 1000.0)));
        }
    }
    BooleanQuery::new(clauses)
}

fn filter(f: Field, value: &str) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(term(f, value), IndexRecordOption::Basic)),
        0.0,
    ))
}

/// The request's filters, each scoring nothing.
pub fn filters(f: &Fields, r: &Request, near: Option<&[(String, f64)]>) -> Vec<Box<dyn Query>> {
    let host = if r.host.is_empty() { ANY_HOST } else { &r.host };
    let mut out = vec![filter(f.host, host)];
    if let Some(c) = &r.category {
        out.push(filter(f.category, c));
    }
    if let Some(k) = &r.kind {
        out.push(filter(f.kind, k));
    }
    for t in &r.tags {
        out.push(filter(f.tags, &t.to_lowercase()));
    }
    if let Some(near) = near {
        out.push(Box::new(ConstScoreQuery::new(
            Box::new(TermSetQuery::new(near.iter().map(|(id, _)| term(f.id, id)))),
            0.0,
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_a_prefix_unless_closed() {
        let seg = Segmenter::default();
        let p = Parsed::new(&seg, "currency conv");
        assert_eq!(p.words.len(), 2);
        assert!(!p.words[0].last && p.words[1].last);
        let p = Parsed::new(&seg, "currency conv ");
        assert!(p.closed && !p.words[1].last);
        assert_eq!(p.exact, "currency conv");
    }

    #[test]
    fn typo_budgets_per_word() {
        let seg = Segmenter::default();
        let p = Parsed::new(&seg, "snak calculater 汇率");
        let budgets: Vec<u8> = p.words.iter().map(|w| w.typos).collect();
        assert_eq!(budgets, [0, 2, 0]);
        assert!(p.words[2].han);
    }

    #[test]
    fn fuzzy_clauses_only_with_a_budget() {
        let (_, f) = crate::schema::build();
        let short = QWord {
            text: "calc".into(),
            last: false,
            han: false,
            typos: 0,
        };
        let long = QWord {
            typos: 2,
            text: "calculater".into(),
            ..short.clone()
        };
        let n_short = word_clauses(&f, &short).len();
        let n_long = word_clauses(&f, &long).len();
        assert!(n_long > n_short, "{n_long} vs {n_short}");
        let han = QWord {
            text: "计算".into(),
            last: true,
            han: true,
            typos: 0,
        };
        assert!(format!("{:?}", word_clauses(&f, &han))
            .find("Fuzzy")
            .is_none());
    }
}
