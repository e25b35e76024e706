//! `GET /api/v1/miniprograms` and `GET /api/v1/miniprograms/{id}`: the catalogue of mini-programs
//! released to the calling host app.

use super::{ApiError, ErrorBody, HostApp, Params};
use app::domain::MpKind;
use app::server::db::catalog::{self, SummaryRow};
use app::server::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use sqlx::PgPool;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The developer of a mini-program: its owning organization.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Developer {
    pub id: Uuid,
    pub name: String,
}

/// `MiniProgramSummary` of HOST-API.md.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct MiniProgramSummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The category's slug (the value the `category` filter takes).
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub icon_url: Option<String>,
    pub summary: String,
    pub developer: Developer,
}

/// One mini-program's public details.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct MiniProgramDetails {
    #[serde(flatten)]
    pub summary: MiniProgramSummary,
    pub description_html: String,
    pub screenshots: Vec<String>,
    pub latest_version: String,
    /// RFC 3339; the later of the listing's and the release's last change.
    pub updated_at: String,
    /// Where it can be found (shops, branches); empty when it has none.
    pub places: Vec<Place>,
}

/// A place of a mini-program.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    /// e.g. `Mo-Fr 09:00-18:00; Sa 10:00-14:00`; empty when not given.
    pub opening_hours: String,
}

/// An item of a catalogue page: the summary, and with `near` the distance to its nearest place.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct CatalogItem {
    #[serde(flatten)]
    pub summary: MiniProgramSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

/// A page of the catalogue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page {
    pub items: Vec<CatalogItem>,
    pub next_cursor: Option<String>,
    /// With `facets`: `{"category": [{"value", "count"}], "kind": [...], "tags": [...]}`, counts
    /// over all matches (not only this page).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub facets: Option<serde_json::Value>,
    /// "Did you mean": a query with more results, when this one has few or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl From<SummaryRow> for MiniProgramSummary {
    fn from(r: SummaryRow) -> Self {
        MiniProgramSummary {
            id: r.id,
            name: r.name,
            kind: r.kind.as_str().to_string(),
            category: r.category,
            tags: r.tags,
            icon_url: r.icon_sha.map(|sha| blob_url(&sha)),
            summary: r.summary,
            developer: Developer {
                id: r.org_id,
                name: r.org_name,
            },
        }
    }
}

fn blob_url(sha: &str) -> String {
    format!("/blobs/{sha}")
}

/// The filters of a catalogue page, parsed from the query.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub q: Option<String>,
    pub category: Option<String>,
    pub kind: Option<MpKind>,
    /// The `(name, id)` of the last item of the previous page.
    pub after: Option<(String, String)>,
    pub limit: i64,
}

impl ListQuery {
    /// `limit`, `category` and `kind` (what a search shares with a listing; its cursor differs).
    fn parse_filters(p: &Params) -> Result<Self, ApiError> {
        let no_cursor: Vec<(String, String)> = p
            .iter()
            .filter(|(k, _)| *k != "cursor")
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::parse(&Params(no_cursor))
    }

    fn parse(p: &Params) -> Result<Self, ApiError> {
        let limit = match p.get("limit") {
            None => 20,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| {
                    ApiError::invalid("limit", "must be a whole number from 1 to 100")
                })?,
        };
        let kind = match p.non_empty("kind") {
            None => None,
            Some(k) => Some(
                MpKind::parse(k)
                    .ok_or_else(|| ApiError::invalid("kind", "must be `program` or `game`"))?,
            ),
        };
        let after = match p.non_empty("cursor") {
            None => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| {
                ApiError::invalid("cursor", "is not a `next_cursor` from a previous page")
            })?),
        };
        Ok(ListQuery {
            q: p.non_empty("q").map(str::to_string),
            category: p.non_empty("category").map(str::to_string),
            kind,
            after,
            limit,
        })
    }
}

fn encode_cursor(name: &str, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&(name, id)).expect("strings serialize"))
}

fn decode_cursor(cursor: &str) -> Option<(String, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// One page of the mini-programs released (and listed) for `host_app`, ordered by name then id.
pub async fn list_released(pool: &PgPool, host_app: Uuid, q: &ListQuery) -> sqlx::Result<Page> {
    let filter = catalog::CatalogFilter {
        q: q.q.as_deref(),
        category: q.category.as_deref(),
        kind: q.kind,
        after: q.after.as_ref().map(|(n, i)| (n.as_str(), i.as_str())),
        // One more than asked: whether there is a next page.
        limit: q.limit + 1,
    };
    let mut rows = catalog::list_released(pool, host_app, &filter).await?;
    let more = rows.len() as i64 > q.limit;
    rows.truncate(q.limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| encode_cursor(&r.name, &r.id)))
        .flatten();
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| CatalogItem {
                summary: r.into(),
                distance_km: None,
            })
            .collect(),
        next_cursor,
        facets: None,
        suggestion: None,
    })
}

/// The details of `mp_id`, if it is released to `host_app` (listed or not).
pub async fn released_details(
    pool: &PgPool,
    host_app: Uuid,
    mp_id: &str,
) -> sqlx::Result<Option<MiniProgramDetails>> {
    let Some(r) = catalog::released_details(pool, host_app, mp_id).await? else {
        return Ok(None);
    };
    let places = app::server::db::places::of_mp(pool, mp_id)
        .await?
        .into_iter()
        .map(|p| Place {
            name: p.name,
            address: p.address,
            lat: p.lat,
            lon: p.lon,
            opening_hours: p.opening_hours,
        })
        .collect();
    Ok(Some(MiniProgramDetails {
        places,
        description_html: markdown_to_safe_html(&r.description_md),
        screenshots: r.screenshots.iter().map(|s| blob_url(s)).collect(),
        latest_version: r.version,
        updated_at: r.updated_at.format(&Rfc3339).unwrap_or_default(),
        summary: r.summary.into(),
    }))
}

/// Markdown rendered to HTML, then sanitized (no scripts, handlers or unsafe URLs).
pub fn markdown_to_safe_html(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut raw = String::with_capacity(md.len() * 3 / 2);
    html::push_html(
        &mut raw,
        Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
    );
    ammonia::clean(&raw)
}

/// The catalogue of mini-programs released to this host app.
#[utoipa::path(
    get,
    path = "/api/v1/miniprograms",
    tag = "catalogue",
    params(
        ("q" = Option<String>, Query, description = "Search text: typo tolerant, the last word a prefix, Chinese words and pinyin; results in relevance order"),
        ("category" = Option<String>, Query, description = "A category slug"),
        ("kind" = Option<String>, Query, description = "`program` or `game`"),
        ("tag" = Option<Vec<String>>, Query, description = "Only with this tag (repeatable: all of them)"),
        ("near" = Option<String>, Query, description = "`lat,lon`: only mini-programs with a place within `radius_km`, nearest first, each with `distance_km`"),
        ("radius_km" = Option<f64>, Query, description = "With `near`: above 0, at most 500, default 5"),
        ("facets" = Option<String>, Query, description = "Comma list of `category`, `kind`, `tags`: counts over all matches"),
        ("sort" = Option<String>, Query, description = "With a search: `relevance` (default), `popular` or `newest`"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "1 to 100, default 20"),
    ),
    responses(
        (status = 200, description = "A page of the catalogue", body = Page),
        (status = 400, description = "A query parameter is malformed", body = ErrorBody),
        (status = 422, description = "`near`, `radius_km` or `facets` is not valid (the message names it)", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    host_app: HostApp,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let p = Params::from_query(query)?;
    if super::search::is_search(&p) {
        let base = ListQuery::parse_filters(&p)?;
        let s = super::search::SearchQuery::parse(
            &p,
            usize::try_from(base.limit).unwrap_or(20),
            base.category,
            base.kind.map(|k| k.as_str().to_string()),
        )?;
        let host = host_app.id.to_string();
        return Ok(Json(
            super::search::search_page(&state, &host, &p, s).await?,
        ));
    }
    let q = ListQuery::parse(&p)?;
    Ok(Json(list_released(&state.pool, host_app.id, &q).await?))
}

/// One mini-program's public details.
#[utoipa::path(
    get,
    path = "/api/v1/miniprograms/{id}",
    tag = "catalogue",
    params(("id" = String, Path, description = "The mini-program id (`mp_...`)")),
    responses(
        (status = 200, description = "The details", body = MiniProgramDetails),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
        (status = 404, description = "Not released to this host app", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn details(
    State(state): State<AppState>,
    host_app: HostApp,
    Path(id): Path<String>,
) -> Result<Json<MiniProgramDetails>, ApiError> {
    released_details(&state.pool, host_app.id, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("The mini-program {id}")))
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
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let c = encode_cursor("Café ✓", "mp_x");
        assert_eq!(decode_cursor(&c), Some(("Café ✓".into(), "mp_x".into())));
        assert_eq!(decode_cursor("not a cursor!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("[1]")), None);
    }

    #[test]
    fn bad_parameters_are_refused_naming_the_field() {
        for (name, value) in [
            ("limit", "0"),
            ("limit", "101"),
            ("limit", "ten"),
            ("kind", "app"),
            ("cursor", "%%"),
        ] {
            let e = ListQuery::parse(&params(&[(name, value)])).unwrap_err();
            assert_eq!(e.status, 400);
            assert!(e.message.starts_with(name), "{}", e.message);
        }
        let q = ListQuery::parse(&params(&[("q", "  "), ("limit", "100")])).unwrap();
        assert_eq!((q.q, q.limit), (None, 100));
        assert_eq!(ListQuery::parse(&params(&[])).unwrap().limit, 20);
    }

    #[test]
    fn descriptions_are_rendered_and_sanitized() {
        let html = markdown_to_safe_html(
            "# Hi\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))",
        );
        assert!(
            html.contains("<h1>Hi</h1>") && html.contains("<strong>bold</strong>"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
    }
}
