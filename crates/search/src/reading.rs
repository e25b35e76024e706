//! The read side of the engine: searches, suggestions, documents by id, nearby.

use crate::{facets, highlight, query, spell};
use crate::{Doc, Engine, Facets, Hit, Request, Result, Results, Sort, FEW_HITS};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

impl Engine {
    /// The document stored at `addr` (its payload), if it has one.
    fn stored(&self, searcher: &Searcher, addr: DocAddress) -> Result<Option<Doc>> {
        let stored: TantivyDocument = searcher.doc(addr)?;
        match stored.get_first(self.f.payload).and_then(|v| v.as_bytes()) {
            Some(bytes) => Ok(Some(serde_json::from_slice(bytes)?)),
            None => Ok(None),
        }
    }

    /// The documents matching a request, a page of them, and what goes with it.
    pub fn search(&self, req: &Request) -> Result<Results> {
        let searcher = self.reader.searcher();
        let parsed = query::Parsed::new(&self.seg, &req.q);
        let near = req.near.map(|(lat, lon, r)| self.within(lat, lon, r));
        if near.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Results {
                facets: req.facets.then(Facets::default),
                ..Results::default()
            });
        }
        let filters = query::filters(&self.f, req, near.as_deref());
        let mut results = self.run(&searcher, &parsed, &filters, req, near.as_deref(), true)?;
        if results.total == 0 && parsed.words.len() > 1 {
            // Nothing has every word: rank what has some of them.
            results = self.run(&searcher, &parsed, &filters, req, near.as_deref(), false)?;
        }
        if results.total < FEW_HITS && !parsed.words.is_empty() {
            if let Some(s) = spell::suggest(&searcher, &self.f, &parsed) {
                let mut alt = Request {
                    q: s.clone(),
                    facets: false,
                    highlight: false,
                    limit: 1,
                    offset: 0,
                    ..req.clone()
                };
                alt.near = req.near;
                let p = query::Parsed::new(&self.seg, &s);
                let f = query::filters(&self.f, &alt, near.as_deref());
                if self
                    .run(&searcher, &p, &f, &alt, near.as_deref(), true)?
                    .total
                    >= results.total.max(1)
                {
                    results.suggestion = Some(s);
                }
            }
        }
        if req.highlight {
            for h in &mut results.hits {
                h.name_marked = highlight::mark(&self.seg, &h.doc.name, &parsed);
                h.summary_marked = highlight::mark(&self.seg, &h.doc.summary, &parsed);
            }
        }
        Ok(results)
    }

    /// The searchable documents among `ids` (in the order of `ids`; the rest are skipped):
    /// cards for rows the database orders (favourites, recents, collections).
    pub fn docs(&self, host: &str, ids: &[String]) -> Result<Vec<Doc>> {
        let searcher = self.reader.searcher();
        let req = Request {
            host: host.to_string(),
            ..Request::default()
        };
        let near: Vec<(String, f64)> = ids.iter().map(|id| (id.clone(), 0.0)).collect();
        let filters = query::filters(&self.f, &req, Some(&near));
        let q = query::build(&self.f, &query::Parsed::new(&self.seg, ""), &filters, true);
        let found = searcher.search(&q, &TopDocs::with_limit(ids.len().max(1)).order_by_score())?;
        let mut by_id = HashMap::new();
        for (_, addr) in found {
            if let Some(d) = self.stored(&searcher, addr)? {
                by_id.insert(d.id.clone(), d);
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Suggestions as you type: the best few names (no facets, no spelling).
    pub fn suggest(&self, host: &str, q: &str, limit: usize) -> Result<Vec<Doc>> {
        let req = Request {
            host: host.to_string(),
            q: q.to_string(),
            limit,
            ..Request::default()
        };
        if q.trim().is_empty() {
            return Ok(vec![]);
        }
        let searcher = self.reader.searcher();
        let parsed = query::Parsed::new(&self.seg, q);
        let filters = query::filters(&self.f, &req, None);
        let mut r = self.run(&searcher, &parsed, &filters, &req, None, true)?;
        if r.total == 0 && parsed.words.len() > 1 {
            r = self.run(&searcher, &parsed, &filters, &req, None, false)?;
        }
        Ok(r.hits.into_iter().map(|h| h.doc).collect())
    }

    /// The mini-programs with a place within `radius_km` of a point, with their distance.
    fn within(&self, lat: f64, lon: f64, radius_km: f64) -> Vec<(String, f64)> {
        let places = self
            .places
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out: Vec<(String, f64)> = places
            .iter()
            .filter_map(|(id, ps)| {
                let d = ps
                    .iter()
                    .map(|p| haversine_km(lat, lon, p.lat, p.lon))
                    .fold(f64::INFINITY, f64::min);
                (d <= radius_km).then(|| (id.clone(), d))
            })
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1));
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &query::Parsed,
        filters: &[Box<dyn tantivy::query::Query>],
        req: &Request,
        near: Option<&[(String, f64)]>,
        all_words: bool,
    ) -> Result<Results> {
        let q = query::build(&self.f, parsed, filters, all_words);
        let limit = req.limit.max(1);
        let facets_collector =
            facets::FacetsCollector::new(req.facets, ["category", "kind", "tags"]);
        let (total, facets, addrs): (usize, Facets, Vec<(f32, tantivy::DocAddress)>) =
            if let Some(near) = near {
                // Nearest first: every match (few: they are near), ordered by distance.
                let (total, facets, all) = searcher.search(
                    &q,
                    &(
                        Count,
                        facets_collector,
                        TopDocs::with_limit(near.len().max(1)).order_by_score(),
                    ),
                )?;
                (total, facets, all)
            } else {
                match (req.sort, parsed.words.is_empty()) {
                    (Sort::Relevance, false) => {
                        let max = self.max_popularity.load(Ordering::Relaxed);
                        let top = TopDocs::with_limit(limit)
                            .and_offset(req.offset)
                            .tweak_score(move |seg: &tantivy::SegmentReader| {
                                let pop = seg
                                    .fast_fields()
                                    .u64("popularity")
                                    .ok()
                                    .map(|c| c.first_or_default_col(0));
                                move |doc, score: f32| {
                                    let p = pop.as_ref().map_or(0, |c| c.get_val(doc));
                                    score * popularity_factor(p, max)
                                }
                            });
                        searcher.search(&q, &(Count, facets_collector, top))?
                    }
                    (Sort::Newest, _) => {
                        let top = TopDocs::with_limit(limit)
                            .and_offset(req.offset)
                            .order_by_fast_field::<i64>("released", tantivy::Order::Desc);
                        let (t, f, v) = searcher.search(&q, &(Count, facets_collector, top))?;
                        (t, f, v.into_iter().map(|(_, a)| (0.0, a)).collect())
                    }
                    _ => {
                        let top = TopDocs::with_limit(limit)
                            .and_offset(req.offset)
                            .order_by_fast_field::<u64>("popularity", tantivy::Order::Desc);
                        let (t, f, v) = searcher.search(&q, &(Count, facets_collector, top))?;
                        (t, f, v.into_iter().map(|(_, a)| (0.0, a)).collect())
                    }
                }
            };
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let Some(doc) = self.stored(searcher, addr)? else {
                continue;
            };
            let distance_km =
                near.and_then(|n| n.iter().find(|(id, _)| *id == doc.id).map(|x| x.1));
            hits.push(Hit {
                doc,
                score,
                distance_km,
                name_marked: vec![],
                summary_marked: vec![],
            });
        }
        if near.is_some() {
            hits.sort_by(|a, b| {
                a.distance_km
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.distance_km.unwrap_or(f64::INFINITY))
            });
            hits = hits.into_iter().skip(req.offset).take(limit).collect();
        }
        Ok(Results {
            total,
            hits,
            facets: req.facets.then_some(facets),
            suggestion: None,
        })
    }
}

/// At most +5 % for the most launched mini-program, logarithmic: it orders results of similar
/// relevance and never lifts a weaker match over a clearly better one.
fn popularity_factor(popularity: u64, max: u64) -> f32 {
    if max == 0 {
        return 1.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let r = ((1 + popularity) as f32).ln() / ((1 + max) as f32).ln();
    1.0 + 0.05 * r
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}
