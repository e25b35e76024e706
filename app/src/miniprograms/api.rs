//! Server functions for mini-programs: the portal's registration and listing, the storefront's
//! catalogue, detail and launch.

#[cfg(feature = "ssr")]
use super::{qr_svg, ListingForm};
use super::{LaunchInfo, MpDetail, MpRow, StoreCard, StoreDetail};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{
        self,
        access::{require_mp_role, require_org_role, OrgRole},
        db::{categories, mini_programs, orgs, versions},
    },
    versions::{VersionRow, VersionState},
};

#[cfg(feature = "ssr")]
fn blob_url(sha: &str) -> String {
    format!("/blobs/{sha}")
}

#[cfg(feature = "ssr")]
fn icon_url(sha: Option<String>) -> Option<String> {
    sha.as_deref().map(blob_url)
}

#[cfg(feature = "ssr")]
fn ts(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The id of the listing's category (none for an empty slug; an unknown one is a validation
/// error on `category`).
#[cfg(feature = "ssr")]
async fn category_id(pool: &sqlx::PgPool, l: &ListingForm) -> Result<Option<i32>, AppError> {
    if l.category.is_empty() {
        return Ok(None);
    }
    categories::id_by_slug(pool, &l.category)
        .await?
        .map(Some)
        .ok_or_else(|| AppError::validation("category", "Choose a category from the list."))
}

/// Versions of a mini-program, newest first.
#[cfg(feature = "ssr")]
pub async fn versions_of(pool: &sqlx::PgPool, mp_id: &str) -> Result<Vec<VersionRow>, AppError> {
    let rows = versions::of_mp(pool, mp_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| VersionRow {
            id: r.id.to_string(),
            version: r.version,
            state: r.state,
            size: r.size,
            package_sha: r.package_sha,
            release_notes: r.release_notes,
            review_reason: r.review_reason,
            created_at: ts(r.created_at),
            submitted_at: r.submitted_at.map(ts),
        })
        .collect())
}

/// The mini-programs of every organization the developer belongs to.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_miniprograms() -> Result<Vec<MpRow>, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let current = crate::orgs::api::current_org(me.id).await?;
        let rows = mini_programs::of_member(&st.pool, me.id, current.as_deref()).await?;
        Ok(rows
            .into_iter()
            .map(|r| MpRow {
                id: r.id,
                name: r.name,
                kind: r.kind.as_str().to_string(),
                org_name: r.org_name,
                icon_url: icon_url(r.icon_sha),
                latest_version: r.latest_version,
                latest_state: r.latest_state,
            })
            .collect())
    })
    .await
}

/// Registers a mini-program in an organization (owners and developers of it).
#[allow(clippy::too_many_arguments)]
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/create")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_miniprogram(
    org_slug: String,
    name: String,
    kind: String,
    category: String,
    summary: String,
    description_md: String,
    tags: String,
) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = orgs::id_by_slug(&st.pool, &org_slug)
            .await?
            .ok_or_else(|| AppError::validation("org_slug", "Choose one of your organizations."))?;
        require_org_role(&st.pool, &me, org, OrgRole::Developer).await?;
        let l = ListingForm::parse(&name, &kind, &category, &summary, &description_md, &tags)?;
        let category_id = category_id(&st.pool, &l).await?;
        let base = format!("mp_{}", crate::orgs::slugify(&l.name).replace('-', "_"));
        let mp = mini_programs::NewMiniProgram {
            id: &base,
            org_id: org,
            name: &l.name,
            kind: l.kind,
            category_id,
            tags: &l.tags,
            summary: &l.summary,
            description_md: &l.description_md,
            icon_sha: None,
            listed: true,
            created_by: Some(me.id),
        };
        mini_programs::register(&st.pool, &mp, &org_slug).await
    })
    .await
}

/// Edits a mini-program's listing.
#[allow(clippy::too_many_arguments)]
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_listing(
    id: String,
    name: String,
    kind: String,
    category: String,
    summary: String,
    description_md: String,
    tags: String,
) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        let l = ListingForm::parse(&name, &kind, &category, &summary, &description_md, &tags)?;
        let category_id = category_id(&st.pool, &l).await?;
        mini_programs::update_listing(&st.pool, &id, &l.update(category_id), me.id).await
    })
    .await
}

/// A mini-program's portal page (members of the owning organization; operators may look).
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_miniprogram(id: String) -> Result<MpDetail, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = require_mp_role(&st.pool, &me, &id, OrgRole::Tester).await?;
        let my_role = crate::server::access::org_role(&st.pool, me.id, org).await?;
        let p = mini_programs::portal_detail(&st.pool, &id).await?;
        let mut versions = versions_of(&st.pool, &id).await?;
        let trial_link = versions
            .iter()
            .any(|v| v.state == VersionState::InTrial)
            .then(|| format!("{}/app/{id}/run?trial=1", st.settings.public_origin));
        if my_role == Some(OrgRole::Tester) {
            versions.retain(|v| v.state == VersionState::InTrial);
        }
        Ok(MpDetail {
            id,
            name: p.name,
            kind: p.kind.as_str().to_string(),
            category: p.category,
            tags: p.tags,
            summary: p.summary,
            description_md: p.description_md,
            org_slug: p.org_slug,
            org_name: p.org_name,
            my_org_role: my_role.map(|r| r.as_str().to_string()),
            icon_url: icon_url(p.icon_sha),
            suspended: p.suspended,
            screenshots: p.screenshots.iter().map(|s| blob_url(s)).collect(),
            trial_qr_svg: trial_link.as_deref().map(qr_svg),
            trial_link,
            versions,
        })
    })
    .await
}

/// Released, listed, not suspended mini-programs for the storefront, newest release first.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/released")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn released_miniprograms(category: Option<String>) -> Result<Vec<StoreCard>, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let category = category.as_deref().filter(|c| !c.is_empty());
        let rows = mini_programs::released(&st.pool, category).await?;
        Ok(rows
            .into_iter()
            .map(|r| StoreCard {
                id: r.id,
                name: r.name,
                kind: r.kind.as_str().to_string(),
                category: r.category,
                summary: r.summary,
                icon_url: icon_url(r.icon_sha),
                developer: r.developer,
            })
            .collect())
    })
    .await
}

/// A released mini-program's storefront page.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/detail")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_store_detail(id: String) -> Result<StoreDetail, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let v = versions::released(&st.pool, &id)
            .await?
            .ok_or_else(|| AppError::not_found("That mini-program"))?;
        let p = mini_programs::store_listing(&st.pool, &id).await?;
        let places = crate::server::db::places::of_mp(&st.pool, &id)
            .await?
            .into_iter()
            .map(|r| super::PlaceView {
                name: r.name,
                address: r.address,
                lat: r.lat,
                lon: r.lon,
                opening_hours: r.opening_hours,
            })
            .collect();
        let deep_link = format!("{}/app/{id}", st.settings.public_origin);
        Ok(StoreDetail {
            card: StoreCard {
                id,
                name: p.name,
                kind: p.kind.as_str().to_string(),
                category: p.category,
                summary: p.summary,
                icon_url: icon_url(p.icon_sha),
                developer: p.developer,
            },
            description_html: crate::server::markdown::render(&p.description_md),
            tags: p.tags,
            version: v.version,
            release_notes: v.release_notes,
            released_at: ts(v.released_at),
            size: v.size,
            permissions: v.permissions,
            screenshots: p.screenshots.iter().map(|s| blob_url(s)).collect(),
            qr_svg: qr_svg(&deep_link),
            deep_link,
            places,
        })
    })
    .await
}

/// What the launch page needs: the released version, or with `trial` the version in trial
/// (members of the owning organization only).
#[leptos::server(prefix = "/rpc", endpoint = "catalog/launch")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_launch_info(id: String, trial: bool) -> Result<LaunchInfo, AppError> {
    server::respond(async move {
        let st = server::state()?;
        let me = server::current_user().await?;
        let v = if trial {
            let me = me.as_ref().ok_or(AppError::Unauthorized)?;
            require_mp_role(&st.pool, me, &id, OrgRole::Tester).await?;
            versions::trial_build(&st.pool, &id)
                .await?
                .ok_or_else(|| AppError::not_found("A trial build of this mini-program"))?
        } else {
            let r = versions::released(&st.pool, &id)
                .await?
                .ok_or_else(|| AppError::not_found("That mini-program"))?;
            // "Recently used": a signed-in launch of a released build.
            if let Some(me) = &me {
                if let Err(e) =
                    crate::server::db::favourites::touch_recent(&st.pool, me.id, &id).await
                {
                    tracing::warn!(error = %e, "recording a recent launch");
                }
            }
            versions::LaunchRow {
                mp_id: id.clone(),
                name: r.name,
                version: r.version,
                permissions: r.permissions,
                package_sha: r.package_sha,
                entry: r.entry,
            }
        };
        Ok(LaunchInfo {
            run_url: format!(
                "{}/run/{}/{}",
                st.settings.sandbox_origin, v.package_sha, v.entry
            ),
            id,
            name: v.name,
            version: v.version,
            permissions: v.permissions,
            sandbox_origin: st.settings.sandbox_origin.clone(),
            user_name: me.map(|m| m.display_name),
            trial,
        })
    })
    .await
}

/// Removes one screenshot from a mini-program's listing.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/remove_screenshot")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_screenshot(id: String, url: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        let sha = url.trim_start_matches("/blobs/");
        if !mini_programs::remove_screenshot(&st.pool, &id, sha).await? {
            return Err(AppError::not_found("That screenshot"));
        }
        Ok(())
    })
    .await
}
