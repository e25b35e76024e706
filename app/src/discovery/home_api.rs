//! The storefront home page's rows, and favourites.

use super::HomeData;
#[cfg(feature = "ssr")]
use super::{Banner, HomeRow};
use crate::error::AppError;
use crate::miniprograms::StoreCard;

#[cfg(feature = "ssr")]
use crate::server::{self, db};

/// Cards per row.
#[cfg(feature = "ssr")]
const ROW: usize = 12;

/// The storefront's cards for `ids`, in that order (only what is released and listed).
#[cfg(feature = "ssr")]
pub(crate) async fn cards(
    st: &server::AppState,
    ids: Vec<String>,
) -> Result<Vec<StoreCard>, AppError> {
    let docs = st
        .search
        .query(move |e| e.docs(ministore_search::ANY_HOST, &ids))
        .await?;
    Ok(docs.into_iter().map(super::api::card).collect())
}

/// The first `ROW` cards of a browse (no text) by `sort`, optionally in a category.
#[cfg(feature = "ssr")]
async fn browse(
    st: &server::AppState,
    sort: ministore_search::Sort,
    category: Option<String>,
) -> Result<Vec<StoreCard>, AppError> {
    let req = ministore_search::Request {
        host: ministore_search::ANY_HOST.into(),
        category,
        sort,
        limit: ROW,
        ..ministore_search::Request::default()
    };
    let r = st.search.query(move |e| e.search(&req)).await?;
    Ok(r.hits
        .into_iter()
        .map(|h| super::api::card(h.doc))
        .collect())
}

/// The rows every visitor sees: the featured banner, the curated collections, popular this
/// week, new, and a row per category.
#[cfg(feature = "ssr")]
async fn shared_rows(st: &server::AppState) -> Result<HomeData, AppError> {
    let mut rows = Vec::new();
    let mut banner = None;
    for c in db::collections::visible(&st.pool, None).await? {
        let list = cards(st, c.mp_ids).await?;
        if list.is_empty() {
            continue;
        }
        if c.featured && banner.is_none() {
            banner = Some(Banner {
                title: c.title,
                subtitle: c.subtitle,
                image_url: c.banner_sha.map(|sha| format!("/blobs/{sha}")),
                cards: list.into_iter().take(6).collect(),
            });
        } else {
            rows.push(HomeRow::new(
                &format!("collection-{}", c.id),
                &c.title,
                &c.subtitle,
                list,
            ));
        }
    }
    let popular = db::favourites::popular_since(&st.pool, 7, ROW as i64).await?;
    let mut popular = cards(st, popular).await?;
    if popular.len() < ROW {
        // Fill a quiet week with the month's most launched.
        for c in browse(st, ministore_search::Sort::Popular, None).await? {
            if popular.len() < ROW && !popular.iter().any(|p| p.id == c.id) {
                popular.push(c);
            }
        }
    }
    rows.push(HomeRow::new(
        "popular",
        "Popular this week",
        "What people open most",
        popular,
    ));
    let newest = browse(st, ministore_search::Sort::Newest, None).await?;
    rows.push(HomeRow::new("new", "New", "Just released", newest));
    for cat in db::categories::list(&st.pool).await? {
        let list = browse(st, ministore_search::Sort::Popular, Some(cat.slug.clone())).await?;
        if !list.is_empty() {
            let mut row = HomeRow::new(
                &format!("category-{}", cat.slug),
                &format!("{} {}", cat.icon, cat.name),
                "",
                list,
            );
            row.more = Some(format!("/?category={}", cat.slug));
            rows.push(row);
        }
    }
    rows.retain(|r| !r.cards.is_empty());
    Ok(HomeData {
        banner,
        rows,
        favourites: None,
    })
}

/// The home page: the rows every visitor sees (from a cache of a few seconds, dropped when the
/// index or the curation changes), after a signed-in user's recently used and favourites.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/home")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn store_home() -> Result<HomeData, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let me = server::current_user().await?;
        let generation = st.search.generation();
        let shared = match st.home.get(generation) {
            Some(h) => h,
            None => {
                let h = shared_rows(&st).await?;
                st.home.put(generation, h.clone());
                h
            }
        };
        let Some(me) = me else {
            return Ok(shared);
        };
        let mut rows = Vec::new();
        let recent = db::favourites::recent_of_account(&st.pool, me.id, 12).await?;
        let recent = cards(&st, recent).await?;
        if !recent.is_empty() {
            rows.push(HomeRow::new(
                "recent",
                "Recently used",
                "Pick up where you left off",
                recent,
            ));
        }
        let ids = db::favourites::of_account(&st.pool, me.id).await?;
        let favs = cards(&st, ids.clone()).await?;
        if !favs.is_empty() {
            rows.push(HomeRow::new("favourites", "Your favourites", "", favs));
        }
        rows.extend(shared.rows);
        Ok(HomeData {
            banner: shared.banner,
            rows,
            favourites: Some(ids),
        })
    })
    .await
}

/// Stars (or unstars) a mini-program for the signed-in account. Returns the new state.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/favourite")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_favourite(id: String, on: bool) -> Result<bool, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let me = server::require_signed_in().await?;
        if on {
            // Only what the storefront shows can be starred.
            let found = cards(&st, vec![id.clone()]).await?;
            if found.is_empty() {
                return Err(AppError::not_found("That mini-program"));
            }
        }
        db::favourites::set_account(&st.pool, me.id, &id, on).await?;
        if on {
            let (user, platform) = server::track::request_visitor(Some(me.id)).await;
            let mut e = server::track::event("favourite", user, platform);
            e.mp_id = Some(id);
            server::track::record(&st, &[e]).await;
        }
        Ok(on)
    })
    .await
}

/// Keeps the star a visitor chose before signing in (or up): `id` becomes a favourite of
/// `account` when the storefront shows it; otherwise nothing happens (it may have been
/// withdrawn meanwhile), as signing in must not fail for it.
#[cfg(feature = "ssr")]
pub(crate) async fn keep_favourite(
    st: &server::AppState,
    account: uuid::Uuid,
    id: &str,
) -> Result<(), AppError> {
    if cards(st, vec![id.to_string()]).await?.is_empty() {
        tracing::info!(
            mp = id,
            "a star chosen before signing in is not in the store"
        );
        return Ok(());
    }
    db::favourites::set_account(&st.pool, account, id, true).await?;
    Ok(())
}

/// Whether the signed-in account has starred `id` (`false` when signed out).
#[leptos::server(prefix = "/rpc", endpoint = "discovery/is-favourite")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn is_favourite(id: String) -> Result<Option<bool>, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let Some(me) = server::current_user().await? else {
            return Ok(None);
        };
        Ok(Some(
            db::favourites::is_favourite(&st.pool, me.id, &id).await?,
        ))
    })
    .await
}

/// The signed-in account's favourites, newest first.
#[leptos::server(prefix = "/rpc", endpoint = "discovery/favourites")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_favourites() -> Result<Vec<StoreCard>, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let me = server::require_signed_in().await?;
        let ids = db::favourites::of_account(&st.pool, me.id).await?;
        cards(&st, ids).await
    })
    .await
}
