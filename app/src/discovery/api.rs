//! Storefront search server functions. Public: the storefront's catalogue is every mini-program
//! released to an enabled host app (the index's [`ANY_HOST`](ministore_search::ANY_HOST) view).

#[cfg(feature = "ssr")]
use super::Mark;
use super::{SearchParams, SearchResults, Suggestion};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::{FacetValue, SearchHit, SortBy};
#[cfg(feature = "ssr")]
use crate::server::{self, db};

/// Results per page.
#[cfg(feature = "ssr")]
const PER_PAGE: usize = 20;
/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 200;

#[cfg(feature = "ssr")]
fn marks(v: Vec<ministore_search::Segment>) -> Vec<Mark> {
    v.into_iter()
        .map(|s| Mark {
            text: s.text,
            hit: s.hit,
        })
        .collect()
}

#[cfg(feature = "ssr")]
pub(crate) fn card(d: ministore_search::Doc) -> crate::miniprograms::StoreCard {
    crate::miniprograms::StoreCard {
        icon_url: d.icon.map(|sha| format!("/blobs/{sha}")),
        category: d.category_name,
        id: d.id,
        name: d.name,
        kind: d.kind,
        summary: d.summary,
        developer: d.developer,
    }
}

/// One page of storefront search results, with facet counts over all matches and "did you
/// mean". A search with text is recorded (query and result count) for the analytics.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/search")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn search_store(params: SearchParams) -> Result<SearchResults, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let mut p = params;
        p.q = p.q.trim().to_string();
        if p.q.chars().count() > MAX_QUERY {
            return Err(AppError::validation(
                "q",
                format!("Search for at most {MAX_QUERY} characters."),
            ));
        }
        p.page = p.page.clamp(1, 500);
        let req = ministore_search::Request {
            host: ministore_search::ANY_HOST.into(),
            q: p.q.clone(),
            category: p.category.clone().filter(|c| !c.is_empty()),
            kind: p.kind.clone().filter(|c| !c.is_empty()),
            tags: p
                .tag
                .clone()
                .filter(|t| !t.is_empty())
                .into_iter()
                .collect(),
            near: None,
            sort: match p.sort {
                SortBy::Relevance => ministore_search::Sort::Relevance,
                SortBy::Popular => ministore_search::Sort::Popular,
                SortBy::Newest => ministore_search::Sort::Newest,
            },
            offset: (p.page as usize - 1) * PER_PAGE,
            limit: PER_PAGE,
            facets: true,
            highlight: true,
        };
        let r = st.search.query(move |e| e.search(&req)).await?;
        let names = db::categories::list(&st.pool).await?;
        let label = |slug: &str| {
            names
                .iter()
                .find(|c| c.slug == slug)
                .map_or_else(|| slug.to_string(), |c| format!("{} {}", c.icon, c.name))
        };
        let facets = r.facets.unwrap_or_default();
        let fv = |v: Vec<ministore_search::FacetCount>, lab: &dyn Fn(&str) -> String| {
            v.into_iter()
                .map(|f| FacetValue {
                    label: lab(&f.value),
                    value: f.value,
                    count: f.count,
                })
                .collect::<Vec<_>>()
        };
        let kind_label = |k: &str| {
            if k == "game" {
                "Games".to_string()
            } else {
                "Apps".to_string()
            }
        };
        let account = server::current_user().await.ok().flatten().map(|a| a.id);
        let favourites = match account {
            Some(a) => {
                let mine = db::favourites::of_account(&st.pool, a).await?;
                Some(
                    r.hits
                        .iter()
                        .filter(|h| mine.contains(&h.doc.id))
                        .map(|h| h.doc.id.clone())
                        .collect(),
                )
            }
            None => None,
        };
        if !p.q.is_empty() && p.page == 1 {
            let (user, platform) = server::track::request_visitor(account).await;
            let mut e = server::track::event("search", user, platform);
            e.message = Some(p.q.chars().take(200).collect());
            e.results = Some(i32::try_from(r.total).unwrap_or(i32::MAX));
            server::track::record(&st, &[e]).await;
        }
        let pages = u32::try_from(r.total.div_ceil(PER_PAGE)).unwrap_or(u32::MAX);
        Ok(SearchResults {
            total: r.total,
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    name_marked: marks(h.name_marked),
                    summary_marked: marks(h.summary_marked),
                    tags: h.doc.tags.clone(),
                    card: card(h.doc),
                })
                .collect(),
            categories: fv(facets.category, &label),
            kinds: fv(facets.kind, &kind_label),
            tags: fv(facets.tags, &|t: &str| format!("#{t}")),
            suggestion: r.suggestion,
            pages,
            params: p,
            favourites,
        })
    })
    .await
}

/// Up to 8 suggestions for what has been typed in the top bar's search box.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/suggest")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn suggest_store(q: String) -> Result<Vec<Suggestion>, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let q = q.trim().to_string();
        if q.is_empty() || q.chars().count() > MAX_QUERY {
            return Ok(vec![]);
        }
        let docs = st
            .search
            .query(move |e| e.suggest(ministore_search::ANY_HOST, &q, 8))
            .await?;
        Ok(docs
            .into_iter()
            .map(|d| Suggestion {
                icon_url: d.icon.map(|sha| format!("/blobs/{sha}")),
                id: d.id,
                name: d.name,
                category: d.category_name,
            })
            .collect())
    })
    .await
}

/// A mini-program near the point asked about.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NearbyItem {
    pub card: crate::miniprograms::StoreCard,
    /// Its nearest place's name and address.
    pub place: String,
    pub distance_km: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NearbyResults {
    /// What the distances are from ("your location", or the place typed); `None` before asking.
    pub origin: Option<String>,
    pub radius_km: f64,
    pub items: Vec<NearbyItem>,
    /// Why there is no origin (a place that is not known).
    pub message: Option<String>,
    pub wider_url: String,
}

/// Listed mini-programs with a place within the radius of a point (or of a typed place the
/// store knows), nearest first.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/nearby")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn nearby_store(params: super::nearby::NearbyParams) -> Result<NearbyResults, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let radius = params.radius_km.clamp(0.1, 50.0);
        let (origin, lat, lon) = match (params.lat, params.lon, params.place.as_deref()) {
            (Some(lat), Some(lon), _) => {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(AppError::validation("lat", "That is not a place on Earth."));
                }
                ("your location".to_string(), lat, lon)
            }
            (_, _, Some(place)) => {
                let place = place.trim();
                if place.chars().count() > 100 {
                    return Err(AppError::validation("place", "Type at most 100 characters."));
                }
                match db::places::find(&st.pool, place).await? {
                    Some(p) => (p.name, p.lat, p.lon),
                    None => {
                        return Ok(NearbyResults {
                            origin: None,
                            radius_km: radius,
                            items: vec![],
                            message: Some(format!(
                                "No place called “{place}” is known here. Try a district or a street, or share your location."
                            )),
                            wider_url: String::new(),
                        })
                    }
                }
            }
            _ => {
                return Ok(NearbyResults {
                    origin: None,
                    radius_km: radius,
                    items: vec![],
                    message: None,
                    wider_url: String::new(),
                })
            }
        };
        let req = ministore_search::Request {
            host: ministore_search::ANY_HOST.into(),
            near: Some((lat, lon, radius)),
            limit: 50,
            ..ministore_search::Request::default()
        };
        let r = st
            .search
            .query(move |e| e.search(&req))
            .await?;
        let items = r
            .hits
            .into_iter()
            .map(|h| {
                let nearest = h
                    .doc
                    .places
                    .iter()
                    .min_by(|a, b| {
                        ministore_search::haversine_km(lat, lon, a.lat, a.lon)
                            .total_cmp(&ministore_search::haversine_km(lat, lon, b.lat, b.lon))
                    })
                    .map(|p| {
                        if p.address.is_empty() {
                            p.name.clone()
                        } else {
                            format!("{} · {}", p.name, p.address)
                        }
                    })
                    .unwrap_or_default();
                NearbyItem {
                    distance_km: h.distance_km.unwrap_or_default(),
                    place: nearest,
                    card: card(h.doc),
                }
            })
            .collect();
        Ok(NearbyResults {
            origin: Some(origin),
            radius_km: radius,
            items,
            message: None,
            wider_url: format!("/nearby?lat={lat:.5}&lon={lon:.5}&r=20"),
        })
    })
    .await
}
