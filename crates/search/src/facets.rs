//! Facet counts over every match: a collector that reads the keyword fast fields (category,
//! kind, tags) by term ordinal, per segment, and merges by value.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u32,
}

/// Counts per value, most frequent first (ties by value).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub category: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
    pub tags: Vec<FacetCount>,
}

/// At most this many tag values are returned.
const MAX_TAGS: usize = 30;

pub struct FacetsCollector {
    enabled: bool,
    names: [&'static str; 3],
}

impl FacetsCollector {
    pub fn new(enabled: bool, names: [&'static str; 3]) -> Self {
        FacetsCollector { enabled, names }
    }
}

pub struct SegmentFacets {
    columns: Vec<(StrColumn, Vec<u32>)>,
}

type Counts = [HashMap<String, u32>; 3];

impl Collector for FacetsCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        seg: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let mut columns = Vec::new();
        if self.enabled {
            for name in self.names {
                let col = seg.fast_fields().str(name)?.ok_or_else(|| {
                    tantivy::TantivyError::SchemaError(format!("{name} is not fast"))
                })?;
                let n = col.num_terms();
                columns.push((col, vec![0; n]));
            }
        }
        Ok(SegmentFacets { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Facets> {
        let mut all: Counts = Default::default();
        for s in segments {
            for (into, from) in all.iter_mut().zip(s) {
                for (k, v) in from {
                    *into.entry(k).or_default() += v;
                }
            }
        }
        let [category, kind, tags] = all.map(sorted);
        Ok(Facets {
            category,
            kind,
            tags: tags.into_iter().take(MAX_TAGS).collect(),
        })
    }
}

fn sorted(m: HashMap<String, u32>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = m
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, counts) in &mut self.columns {
            for ord in col.term_ords(doc) {
                if let Some(c) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut out: Counts = Default::default();
        for ((col, counts), into) in self.columns.into_iter().zip(out.iter_mut()) {
            let mut s = String::new();
            for (ord, n) in counts.into_iter().enumerate() {
                if n > 0 && col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                    into.insert(s.clone(), n);
                }
            }
        }
        out
    }
}
