//! Discovery: search as you type in the storefront's top bar and the `/search` page (results
//! with highlights, facets, sort, "did you mean").

pub mod api;
pub mod device;
pub mod home;
pub mod home_api;
pub mod nearby;
pub mod search_box;
pub mod search_page;
pub mod stars;

use crate::miniprograms::StoreCard;
use serde::{Deserialize, Serialize};

/// A piece of a name or summary; `hit` when it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub text: String,
    pub hit: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub card: StoreCard,
    pub name_marked: Vec<Mark>,
    pub summary_marked: Vec<Mark>,
    pub tags: Vec<String>,
}

/// A facet value with its count over all matches; `value` is what the filter takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u32,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    Relevance,
    Popular,
    Newest,
}

impl SortBy {
    pub fn parse(s: &str) -> Option<SortBy> {
        match s {
            "relevance" => Some(SortBy::Relevance),
            "popular" => Some(SortBy::Popular),
            "newest" => Some(SortBy::Newest),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Relevance => "relevance",
            SortBy::Popular => "popular",
            SortBy::Newest => "newest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Relevance => "Best match",
            SortBy::Popular => "Most popular",
            SortBy::Newest => "Newest",
        }
    }
}

/// The filters of a search, as the URL carries them (`/search?q=…&category=…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub category: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub sort: SortBy,
    /// 1-based.
    pub page: u32,
}

impl SearchParams {
    /// The URL of this search with `f` applied (a filter changed: back to page 1).
    pub fn url_with(&self, f: impl FnOnce(&mut SearchParams)) -> String {
        let mut p = self.clone();
        p.page = 1;
        f(&mut p);
        p.url()
    }

    pub fn url(&self) -> String {
        let mut parts = vec![format!("q={}", encode(&self.q))];
        for (k, v) in [
            ("category", &self.category),
            ("kind", &self.kind),
            ("tag", &self.tag),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if self.sort != SortBy::Relevance {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        format!("/search?{}", parts.join("&"))
    }
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub params: SearchParams,
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub categories: Vec<FacetValue>,
    pub kinds: Vec<FacetValue>,
    pub tags: Vec<FacetValue>,
    pub suggestion: Option<String>,
    pub pages: u32,
    /// The hits the signed-in user has starred; `None` when signed out.
    pub favourites: Option<Vec<String>>,
}

/// A row of cards on the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeRow {
    /// Stable per row (`popular`, `new`, `recent`, `favourites`, `collection-<id>`,
    /// `category-<slug>`): tests and analytics find rows by it.
    pub key: String,
    pub title: String,
    pub subtitle: String,
    pub cards: Vec<StoreCard>,
    /// "See all".
    pub more: Option<String>,
}

impl HomeRow {
    pub fn new(key: &str, title: &str, subtitle: &str, cards: Vec<StoreCard>) -> Self {
        HomeRow {
            key: key.into(),
            title: title.into(),
            subtitle: subtitle.into(),
            cards,
            more: None,
        }
    }
}

/// The featured collection, shown as the home page's banner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Banner {
    pub title: String,
    pub subtitle: String,
    pub image_url: Option<String>,
    pub cards: Vec<StoreCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub banner: Option<Banner>,
    pub rows: Vec<HomeRow>,
    /// The signed-in user's favourites (for the stars on the cards); `None` when signed out.
    pub favourites: Option<Vec<String>>,
}

/// A suggestion as you type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub icon_url: Option<String>,
    pub category: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_filters_and_reset_the_page() {
        let p = SearchParams {
            q: "汇率 x&y".into(),
            category: Some("finance".into()),
            page: 3,
            ..SearchParams::default()
        };
        assert_eq!(
            p.url(),
            "/search?q=%E6%B1%87%E7%8E%87+x%26y&category=finance&page=3"
        );
        let u = p.url_with(|p| p.sort = SortBy::Newest);
        assert_eq!(
            u,
            "/search?q=%E6%B1%87%E7%8E%87+x%26y&category=finance&sort=newest"
        );
    }
}
