//! Search on the catalogue (`q`, `tag`, `near`, `facets` on `GET /api/v1/miniprograms`) and
//! `GET /api/v1/miniprograms/suggest`, answered from this instance's search index.

use super::catalog::{CatalogItem, Developer, MiniProgramSummary, Page};
use super::{ApiError, ErrorBody, HostApp, Params};
use app::server::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ministore_search::{Doc, Facets, Request, Sort};
use serde::Serialize;

/// The default radius of `near`, in kilometres, and the largest allowed.
const DEFAULT_RADIUS_KM: f64 = 5.0;
const MAX_RADIUS_KM: f64 = 500.0;
/// Results past this offset are not served (refine the query instead).
const MAX_OFFSET: usize = 10_000;

/// The search parameters of a catalogue request.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub q: String,
    pub category: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub near: Option<(f64, f64, f64)>,
    pub facets: bool,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

/// Whether a catalogue request searches (any of `q`, `tag`, `near`, `radius_km`, `facets`,
/// `sort`), rather
/// than lists by name.
pub fn is_search(p: &Params) -> bool {
    ["q", "tag", "near", "radius_km", "facets", "sort"]
        .iter()
        .any(|k| p.non_empty(k).is_some())
}

fn parse_near(v: &str) -> Option<(f64, f64)> {
    let (lat, lon) = v.split_once(',')?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lon: f64 = lon.trim().parse().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

fn encode_offset(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::json!({ "offset": offset }).to_string())
}

fn decode_offset(cursor: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    usize::try_from(v.get("offset")?.as_u64()?)
        .ok()
        .filter(|o| *o <= MAX_OFFSET)
}

impl SearchQuery {
    pub fn parse(
        p: &Params,
        limit: usize,
        category: Option<String>,
        kind: Option<String>,
    ) -> Result<Self, ApiError> {
        let q = p.non_empty("q").unwrap_or("").to_string();
        if q.chars().count() > 200 {
            return Err(ApiError::invalid("q", "must be at most 200 characters"));
        }
        let tags: Vec<String> = p
            .iter()
            .filter(|(k, v)| *k == "tag" && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_lowercase())
            .collect();
        if tags.len() > 10 {
            return Err(ApiError::invalid("tag", "at most 10 tags"));
        }
        let radius = match p.non_empty("radius_km") {
            None => DEFAULT_RADIUS_KM,
            Some(r) => r
                .parse::<f64>()
                .ok()
                .filter(|r| *r > 0.0 && *r <= MAX_RADIUS_KM)
                .ok_or_else(|| {
                    ApiError::unprocessable(
                        "radius_km",
                        "must be a number of kilometres above 0, at most 500",
                    )
                })?,
        };
        let near = match p.non_empty("near") {
            None if p.non_empty("radius_km").is_some() => {
                return Err(ApiError::unprocessable("radius_km", "needs `near`"));
            }
            None => None,
            Some(v) => {
                let (lat, lon) = parse_near(v).ok_or_else(|| {
                    ApiError::unprocessable(
                        "near",
                        "must be `lat,lon` in degrees (latitude -90 to 90, longitude -180 to 180)",
                    )
                })?;
                Some((lat, lon, radius))
            }
        };
        let mut facets = false;
        if let Some(list) = p.non_empty("facets") {
            for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                if !["category", "kind", "tags"].contains(&f) {
                    return Err(ApiError::unprocessable(
                        "facets",
                        format!("unknown facet `{f}` (use category, kind, tags)"),
                    ));
                }
                facets = true;
            }
        }
        let sort = match p.non_empty("sort") {
            None | Some("relevance") => Sort::Relevance,
            Some("popular") => Sort::Popular,
            Some("newest") => Sort::Newest,
            Some(_) => {
                return Err(ApiError::invalid(
                    "sort",
                    "must be relevance, popular or newest",
                ));
            }
        };
        let offset = match p.non_empty("cursor") {
            None => 0,
            Some(c) => decode_offset(c).ok_or_else(|| {
                ApiError::invalid(
                    "cursor",
                    "is not a `next_cursor` from a previous page of this search",
                )
            })?,
        };
        Ok(SearchQuery {
            q,
            category,
            kind,
            tags,
            near,
            facets,
            sort,
            offset,
            limit,
        })
    }
}

/// A search hit as the API lists it.
pub fn summary_of(d: Doc) -> MiniProgramSummary {
    MiniProgramSummary {
        developer: Developer {
            id: d.developer_id.parse().unwrap_or_default(),
            name: d.developer,
        },
        icon_url: d.icon.map(|sha| format!("/blobs/{sha}")),
        id: d.id,
        name: d.name,
        kind: d.kind,
        category: d.category,
        tags: d.tags,
        summary: d.summary,
    }
}

/// The facet counts the request asked for (all three are computed together).
fn facets_asked(p: &Params, f: Facets) -> serde_json::Value {
    let asked: Vec<&str> = p
        .non_empty("facets")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .collect();
    let mut out = serde_json::Map::new();
    for (name, list) in [("category", f.category), ("kind", f.kind), ("tags", f.tags)] {
        if asked.contains(&name) {
            out.insert(name.into(), serde_json::to_value(list).unwrap_or_default());
        }
    }
    serde_json::Value::Object(out)
}

/// One page of search results for `host`.
pub async fn search_page(
    st: &AppState,
    host: &str,
    p: &Params,
    s: SearchQuery,
) -> Result<Page, ApiError> {
    let req = Request {
        host: host.to_string(),
        q: s.q,
        category: s.category,
        kind: s.kind,
        tags: s.tags,
        near: s.near,
        sort: s.sort,
        offset: s.offset,
        limit: s.limit,
        facets: s.facets,
        highlight: false,
    };
    let r = st.search.query(move |e| e.search(&req)).await?;
    let next = s.offset + r.hits.len();
    let next_cursor = (next < r.total && next <= MAX_OFFSET).then(|| encode_offset(next));
    Ok(Page {
        items: r
            .hits
            .into_iter()
            .map(|h| CatalogItem {
                distance_km: h.distance_km.map(|d| (d * 100.0).round() / 100.0),
                summary: summary_of(h.doc),
            })
            .collect(),
        next_cursor,
        facets: r.facets.map(|f| facets_asked(p, f)),
        suggestion: r.suggestion,
    })
}

/// A suggestion as you type.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub icon_url: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Suggestions {
    pub items: Vec<Suggestion>,
}

/// As-you-type suggestions for the host app's search box.
#[utoipa::path(
    get,
    path = "/api/v1/miniprograms/suggest",
    tag = "catalogue",
    params(
        ("q" = String, Query, description = "What has been typed so far"),
        ("limit" = Option<u32>, Query, description = "1 to 10, default 8"),
    ),
    responses(
        (status = 200, description = "Suggestions, best first", body = Suggestions),
        (status = 400, description = "`q` is missing or a parameter is malformed", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn suggest(
    State(st): State<AppState>,
    host_app: HostApp,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Suggestions>, ApiError> {
    let p = Params::from_query(query)?;
    let q = p
        .non_empty("q")
        .ok_or_else(|| ApiError::invalid("q", "is required"))?
        .to_string();
    if q.chars().count() > 100 {
        return Err(ApiError::invalid("q", "must be at most 100 characters"));
    }
    let limit = match p.get("limit") {
        None => 8,
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| ApiError::invalid("limit", "must be a whole number from 1 to 10"))?,
    };
    let host = host_app.id.to_string();
    let docs = st
        .search
        .query(move |e| e.suggest(&host, &q, limit))
        .await?;
    Ok(Json(Suggestions {
        items: docs
            .into_iter()
            .map(|d| Suggestion {
                icon_url: d.icon.map(|sha| format!("/blobs/{sha}")),
                id: d.id,
                name: d.name,
                category: d.category,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn near_and_friends_are_checked_naming_the_field() {
        for (pairs, field) in [
            (vec![("near", "31.2")], "near"),
            (vec![("near", "91,10")], "near"),
            (vec![("near", "a,b")], "near"),
            (vec![("near", "31,121"), ("radius_km", "0")], "radius_km"),
            (vec![("near", "31,121"), ("radius_km", "9000")], "radius_km"),
            (vec![("radius_km", "3")], "radius_km"),
            (vec![("facets", "colour")], "facets"),
        ] {
            let e = SearchQuery::parse(&params(&pairs), 20, None, None).unwrap_err();
            assert_eq!(e.status, 422, "{pairs:?}");
            assert!(e.message.starts_with(field), "{}", e.message);
        }
        let e = SearchQuery::parse(&params(&[("sort", "random")]), 20, None, None).unwrap_err();
        assert!(e.message.starts_with("sort"));
        let s = SearchQuery::parse(
            &params(&[
                ("near", " 31.23 , 121.47 "),
                ("tag", "Coffee"),
                ("tag", "bread"),
                ("facets", "tags,kind"),
            ]),
            20,
            None,
            None,
        )
        .unwrap();
        assert_eq!(s.near, Some((31.23, 121.47, 5.0)));
        assert_eq!(s.tags, ["coffee", "bread"]);
        assert!(s.facets);
    }

    #[test]
    fn an_offset_cursor_round_trips() {
        assert_eq!(decode_offset(&encode_offset(40)), Some(40));
        assert_eq!(decode_offset("garbage"), None);
        assert_eq!(decode_offset(&encode_offset(MAX_OFFSET + 1)), None);
    }
}
