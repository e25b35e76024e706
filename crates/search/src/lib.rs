//! The store's search engine: an in-memory tantivy index of the catalogue, derived from
//! PostgreSQL and rebuilt from it at any time.
//!
//! - English: the last word is a prefix; typos by word length (0 up to 4 characters, 1 for 5 to
//!   8, 2 from 9, Damerau–Levenshtein), fuzzy clauses under exact ones; an exact name first;
//!   popularity only as a tie-breaker.
//! - Chinese: jieba word segmentation in search mode with every name in its dictionary, Han
//!   unigram/bigram fallback fields, and the pinyin of names (full and initials, edge n-grams).
//! - Facets over all matches, "did you mean" from the index's own terms, highlighted matches.
//!
//! One writer (a mutex around tantivy's `IndexWriter`); any number of concurrent readers. The
//! calls are synchronous and CPU-bound: run them on a blocking thread.

pub mod analysis;
mod facets;
mod highlight;
mod query;
mod schema;
mod spell;

pub use facets::{FacetCount, Facets};
pub use highlight::Segment;

use analysis::Segmenter;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The host-app term every document released to any host app carries (the storefront's view).
pub const ANY_HOST: &str = "*";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index payload: {0}")]
    Payload(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// A place of a mini-program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub opening_hours: String,
}

/// One mini-program as the index knows it. Everything but `description` comes back with a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Doc {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Plain text (the Markdown rendered to text); indexed, not returned.
    #[serde(skip)]
    pub description: String,
    pub tags: Vec<String>,
    /// The category's slug and name.
    pub category: Option<String>,
    pub category_name: Option<String>,
    /// `program` or `game`.
    pub kind: String,
    pub developer_id: String,
    pub developer: String,
    /// The icon's blob hash.
    pub icon: Option<String>,
    /// The host apps (ids) it is released to, plus [`ANY_HOST`] when there is one.
    pub hosts: Vec<String>,
    /// Launches over the last 30 days.
    pub popularity: u64,
    /// When it was first released (Unix seconds), for "newest".
    pub released_at: i64,
    pub places: Vec<Place>,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Relevance (or popularity when there is no text).
    #[default]
    Relevance,
    Popular,
    Newest,
}

/// A search: text and filters within one host app's catalogue.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A host app id or [`ANY_HOST`].
    pub host: String,
    pub q: String,
    pub category: Option<String>,
    pub kind: Option<String>,
    /// All of these tags.
    pub tags: Vec<String>,
    /// Only those with a place within `radius_km` of (lat, lon), nearest first.
    pub near: Option<(f64, f64, f64)>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    pub facets: bool,
    /// Compute highlighted name and summary segments.
    pub highlight: bool,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: Doc,
    pub score: f32,
    /// To the nearest place, with `near`.
    pub distance_km: Option<f64>,
    pub name_marked: Vec<Segment>,
    pub summary_marked: Vec<Segment>,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// How many documents match (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Option<Facets>,
    /// "Did you mean": a query with more results, when this one has few or none.
    pub suggestion: Option<String>,
}

/// Fewer hits than this and "did you mean" is tried.
const FEW_HITS: usize = 3;

/// The index of one server instance.
pub struct Engine {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: schema::Fields,
    seg: Segmenter,
    /// The places of each mini-program that has some (for `near`).
    places: RwLock<HashMap<String, Vec<Place>>>,
    /// The highest popularity indexed (normalises the tie-breaker).
    max_popularity: AtomicU64,
    docs: AtomicU64,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("docs", &self.docs.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Memory for the writer's indexing buffer.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

impl Engine {
    /// An empty index in memory.
    pub fn new() -> Result<Engine> {
        let (schema, f) = schema::build();
        let index = Index::create_in_ram(schema);
        let seg = Segmenter::default();
        schema::register(&index, &seg);
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Engine {
            reader,
            writer: Mutex::new(writer),
            f,
            seg,
            places: RwLock::default(),
            max_popularity: AtomicU64::new(0),
            docs: AtomicU64::new(0),
        })
    }

    /// How many mini-programs are searchable.
    pub fn len(&self) -> u64 {
        self.docs.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Replaces the whole index with `docs` (start-up, rebuilds).
    pub fn replace_all(&self, docs: Vec<Doc>) -> Result<()> {
        self.write(|w, places| {
            w.delete_all_documents()?;
            places.clear();
            for d in &docs {
                self.seg.learn_name(&d.name);
            }
            for d in docs {
                self.add(w, places, d)?;
            }
            Ok(())
        })
    }

    /// Applies changes: every id in `changed` is removed, then `docs` (the current state of
    /// those still searchable) are added. One commit; readers see all of it or none.
    pub fn apply(&self, changed: &[String], docs: Vec<Doc>) -> Result<()> {
        self.write(|w, places| {
            for id in changed {
                w.delete_term(Term::from_field_text(self.f.id, id));
                places.remove(id);
            }
            for d in &docs {
                self.seg.learn_name(&d.name);
            }
            for d in docs {
                self.add(w, places, d)?;
            }
            Ok(())
        })
    }

    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter, &mut HashMap<String, Vec<Place>>) -> Result<()>,
    ) -> Result<()> {
        let mut w = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut places = self
            .places
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(e) = change(&mut w, &mut places) {
            w.rollback()?;
            return Err(e);
        }
        w.commit()?;
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        self.docs.store(searcher.num_docs(), Ordering::Relaxed);
        let max = self.max_popularity_of(&searcher);
        self.max_popularity.store(max, Ordering::Relaxed);
        Ok(())
    }

    fn max_popularity_of(&self, searcher: &tantivy::Searcher) -> u64 {
        let mut max = 0;
        for seg in searcher.segment_readers() {
            if let Ok(col) = seg.fast_fields().u64("popularity") {
                max = max.max(col.max_value());
            }
        }
        max
    }

    fn add(
        &self,
        w: &mut IndexWriter,
        places: &mut HashMap<String, Vec<Place>>,
        d: Doc,
    ) -> Result<()> {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &d.id);
        doc.add_text(f.name, &d.name);
        doc.add_text(f.name_exact, analysis::normalize_name(&d.name));
        doc.add_text(f.name_prefix, &d.name);
        let (py, pyi) = analysis::name_pinyin(&d.name);
        if !py.is_empty() {
            doc.add_text(f.name_py, py.join(" "));
            doc.add_text(f.name_pyi, pyi.join(" "));
        }
        doc.add_text(f.name_cjk2, &d.name);
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.summary_cjk2, &d.summary);
        doc.add_text(f.description, &d.description);
        for t in &d.tags {
            doc.add_text(f.tags_text, t);
            doc.add_text(f.tags, t.to_lowercase());
        }
        if let Some(c) = &d.category {
            doc.add_text(f.category, c);
        }
        if let Some(c) = &d.category_name {
            doc.add_text(f.category_name, c);
        }
        doc.add_text(f.kind, &d.kind);
        doc.add_text(f.developer, &d.developer);
        for h in &d.hosts {
            doc.add_text(f.host, h);
        }
        doc.add_u64(f.popularity, d.popularity);
        doc.add_i64(f.released, d.released_at);
        doc.add_bytes(f.payload, &serde_json::to_vec(&d)?);
        if !d.places.is_empty() {
            places.insert(d.id.clone(), d.places.clone());
        }
        w.add_document(doc)?;
        Ok(())
    }
}

mod reading;
pub use reading::haversine_km;

#[cfg(test)]
mod tests;
