//! Curation's server functions (operators). The banner picture is uploaded with
//! `PUT /admin/media/collections/{id}/banner` (`server::media`).

use super::{CollectionEdit, CollectionSummary};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::{local_value, showing, CollectionFields, CollectionItem, HostChoice};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{self, db},
};

#[cfg(feature = "ssr")]
fn collection_id(s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s.trim()).map_err(|_| AppError::not_found("That collection"))
}

/// The search engine's key for a collection's audience.
#[cfg(feature = "ssr")]
fn audience(host: Option<uuid::Uuid>) -> String {
    host.map_or_else(|| ministore_search::ANY_HOST.to_string(), |h| h.to_string())
}

/// Every collection, visible or not, in curated order (the featured one first).
#[leptos::server(prefix = "/rpc", endpoint = "curation/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_collections() -> Result<Vec<CollectionSummary>, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let now = time::OffsetDateTime::now_utc();
        let rows = db::collections::list_all(&st.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let from = local_value(r.visible_from).replace('T', " ");
                let to = local_value(r.visible_to).replace('T', " ");
                let window = match (from.is_empty(), to.is_empty()) {
                    (true, true) => String::new(),
                    (false, true) => format!("from {from}"),
                    (true, false) => format!("until {to}"),
                    (false, false) => format!("{from} – {to}"),
                };
                CollectionSummary {
                    id: r.id.to_string(),
                    title: r.title,
                    subtitle: r.subtitle,
                    host_app: r.host_name,
                    featured: r.featured,
                    window,
                    showing: showing(r.visible_from, r.visible_to, now),
                    items: r.mp_ids.len(),
                    banner_url: r.banner_sha.map(|s| format!("/blobs/{s}")),
                }
            })
            .collect())
    })
    .await
}

/// Collection `id` with its items, what may be added, and a preview of its home-page row.
#[leptos::server(prefix = "/rpc", endpoint = "curation/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_collection(id: String) -> Result<CollectionEdit, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = collection_id(&id)?;
        let c = db::collections::get(&st.pool, id)
            .await?
            .ok_or_else(|| AppError::not_found("That collection"))?;
        let names = db::collections::candidates(&st.pool).await?;
        let ids = c.mp_ids.clone();
        let host = audience(c.host_app_id);
        let docs = st.search.query(move |e| e.docs(&host, &ids)).await?;
        let visible: Vec<crate::miniprograms::StoreCard> =
            docs.into_iter().map(crate::discovery::api::card).collect();
        let items = c
            .mp_ids
            .iter()
            .map(|mp| {
                let card = visible.iter().find(|v| &v.id == mp);
                CollectionItem {
                    id: mp.clone(),
                    name: card.map_or_else(
                        || {
                            names
                                .iter()
                                .find(|n| &n.id == mp)
                                .map_or_else(|| mp.clone(), |n| n.name.clone())
                        },
                        |v| v.name.clone(),
                    ),
                    icon_url: card.and_then(|v| v.icon_url.clone()),
                    in_store: card.is_some(),
                }
            })
            .collect();
        let candidates = names
            .into_iter()
            .filter(|n| !c.mp_ids.contains(&n.id))
            .map(|n| HostChoice {
                id: n.id,
                name: n.name,
            })
            .collect();
        let host_apps = db::host_apps::list(&st.pool)
            .await?
            .into_iter()
            .filter(|h| !h.disabled || Some(h.id) == c.host_app_id)
            .map(|h| HostChoice {
                id: h.id.to_string(),
                name: h.name,
            })
            .collect();
        let preview = crate::discovery::HomeRow::new(
            &format!("collection-{}", c.id),
            &c.title,
            &c.subtitle,
            visible,
        );
        Ok(CollectionEdit {
            id: c.id.to_string(),
            title: c.title,
            subtitle: c.subtitle,
            host_app_id: c.host_app_id.map(|h| h.to_string()).unwrap_or_default(),
            visible_from: local_value(c.visible_from),
            visible_to: local_value(c.visible_to),
            featured: c.featured,
            showing: showing(
                c.visible_from,
                c.visible_to,
                time::OffsetDateTime::now_utc(),
            ),
            banner_url: c.banner_sha.map(|s| format!("/blobs/{s}")),
            items,
            candidates,
            host_apps,
            preview,
        })
    })
    .await
}

/// Creates a collection (empty, last in order) and opens its editor.
#[leptos::server(prefix = "/rpc", endpoint = "curation/create")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_collection(
    title: String,
    #[server(default)] subtitle: String,
    #[server(default)] host_app_id: String,
    #[server(default)] visible_from: String,
    #[server(default)] visible_to: String,
    #[server(default)] featured: bool,
) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let f = CollectionFields::parse(
            &title,
            &subtitle,
            &host_app_id,
            &visible_from,
            &visible_to,
            featured,
        )?;
        let st = server::state()?;
        let id = db::curation::create_audited(&st.pool, &f, me.id).await?;
        st.home.clear();
        leptos_axum::redirect(&format!("/admin/collections/{id}"));
        Ok(id.to_string())
    })
    .await
}

/// Saves a collection's title, subtitle, audience, window and whether it is the banner.
#[leptos::server(prefix = "/rpc", endpoint = "curation/update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_collection(
    id: String,
    title: String,
    #[server(default)] subtitle: String,
    #[server(default)] host_app_id: String,
    #[server(default)] visible_from: String,
    #[server(default)] visible_to: String,
    #[server(default)] featured: bool,
) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let id = collection_id(&id)?;
        let f = CollectionFields::parse(
            &title,
            &subtitle,
            &host_app_id,
            &visible_from,
            &visible_to,
            featured,
        )?;
        let st = server::state()?;
        db::curation::update_audited(&st.pool, id, &f, me.id).await?;
        st.home.clear();
        Ok(())
    })
    .await
}

/// Deletes a collection and goes back to the list.
#[leptos::server(prefix = "/rpc", endpoint = "curation/delete")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_collection(id: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let id = collection_id(&id)?;
        let st = server::state()?;
        db::curation::delete_audited(&st.pool, id, me.id).await?;
        st.home.clear();
        leptos_axum::redirect("/admin/collections");
        Ok(())
    })
    .await
}

/// Moves a collection one place up or down the home page.
#[leptos::server(prefix = "/rpc", endpoint = "curation/move")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn move_collection(id: String, up: bool) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let id = collection_id(&id)?;
        let st = server::state()?;
        db::curation::move_audited(&st.pool, id, up, me.id).await?;
        st.home.clear();
        Ok(())
    })
    .await
}

/// Adds (`add`), removes (`remove`) or moves (`up`, `down`) a mini-program of a collection.
#[leptos::server(prefix = "/rpc", endpoint = "curation/item")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn edit_collection_item(id: String, mp_id: String, op: String) -> Result<(), AppError> {
    use db::curation::ItemChange;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let id = collection_id(&id)?;
        let mp_id = mp_id.trim().to_string();
        if mp_id.is_empty() {
            return Err(AppError::validation("mp_id", "Choose a mini-program."));
        }
        let st = server::state()?;
        let change = match op.as_str() {
            "add" => {
                let known = db::collections::candidates(&st.pool).await?;
                if !known.iter().any(|c| c.id == mp_id) {
                    return Err(AppError::validation(
                        "mp_id",
                        "Only a listed mini-program that is not suspended can be added.",
                    ));
                }
                ItemChange::Add(mp_id)
            }
            "remove" => ItemChange::Remove(mp_id),
            "up" => ItemChange::Move(mp_id, true),
            "down" => ItemChange::Move(mp_id, false),
            _ => return Err(AppError::validation("op", "Unknown change.")),
        };
        db::curation::edit_items_audited(&st.pool, id, &change, me.id).await?;
        st.home.clear();
        Ok(())
    })
    .await
}

/// Removes a collection's banner picture.
#[leptos::server(prefix = "/rpc", endpoint = "curation/remove_banner")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_banner(id: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let id = collection_id(&id)?;
        let st = server::state()?;
        db::curation::set_banner_audited(&st.pool, id, None, me.id).await?;
        st.home.clear();
        Ok(())
    })
    .await
}
