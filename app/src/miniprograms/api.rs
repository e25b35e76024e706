//! Server functions for mini-programs: the portal's registration and listing, the storefront's
//! catalogue, detail and launch.

use super::{LaunchInfo, MpDetail, MpRow, StoreCard, StoreDetail};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
mod imp {
    pub use crate::domain::Role;
    pub use crate::server::access::{require_mp_role, require_org_role, OrgRole};
    pub use crate::server::db::audit;
    pub use crate::versions::{VersionRow, VersionState};
    pub use uuid::Uuid;

    pub fn icon_url(sha: Option<String>) -> Option<String> {
        sha.map(|s| format!("/blobs/{s}"))
    }

    pub fn ts(t: time::OffsetDateTime) -> String {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    pub fn check_listing(
        name: &str,
        kind: &str,
        summary: &str,
        description: &str,
        tags: &[String],
    ) -> Result<(), crate::error::AppError> {
        use crate::error::AppError;
        let n = name.trim().chars().count();
        if !(2..=40).contains(&n) {
            return Err(AppError::validation(
                "name",
                "A name has 2 to 40 characters.",
            ));
        }
        if kind != "program" && kind != "game" {
            return Err(AppError::validation("kind", "Choose program or game."));
        }
        if summary.trim().chars().count() > 90 {
            return Err(AppError::validation(
                "summary",
                "A summary has at most 90 characters.",
            ));
        }
        if description.chars().count() > 10_000 {
            return Err(AppError::validation(
                "description_md",
                "A description has at most 10,000 characters.",
            ));
        }
        if tags.len() > 8 || tags.iter().any(|t| t.chars().count() > 24) {
            return Err(AppError::validation(
                "tags",
                "Use at most 8 tags of up to 24 characters.",
            ));
        }
        Ok(())
    }

    pub fn parse_tags(s: &str) -> Vec<String> {
        let mut tags: Vec<String> = s
            .split(',')
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        tags.dedup();
        tags
    }

    pub async fn category_id(
        pool: &sqlx::PgPool,
        slug: &str,
    ) -> Result<Option<i32>, crate::error::AppError> {
        if slug.is_empty() {
            return Ok(None);
        }
        let id: Option<(i32,)> = sqlx::query_as("SELECT id FROM categories WHERE slug = $1")
            .bind(slug)
            .fetch_optional(pool)
            .await?;
        id.map(|(i,)| Some(i)).ok_or_else(|| {
            crate::error::AppError::validation("category", "Choose a category from the list.")
        })
    }

    /// Versions of a mini-program, newest first.
    pub async fn versions_of(
        pool: &sqlx::PgPool,
        mp_id: &str,
    ) -> Result<Vec<VersionRow>, crate::error::AppError> {
        type Row = (
            Uuid,
            String,
            String,
            i64,
            Option<String>,
            String,
            Option<String>,
            time::OffsetDateTime,
            Option<time::OffsetDateTime>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, version, state, size, package_sha, release_notes, review_reason, created_at, submitted_at
             FROM versions WHERE mp_id = $1 ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC",
        )
        .bind(mp_id)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    version,
                    state,
                    size,
                    package_sha,
                    release_notes,
                    review_reason,
                    created,
                    submitted,
                )| VersionRow {
                    id: id.to_string(),
                    version,
                    state: VersionState::parse(&state).unwrap_or(VersionState::Uploaded),
                    size,
                    package_sha,
                    release_notes,
                    review_reason,
                    created_at: ts(created),
                    submitted_at: submitted.map(ts),
                },
            )
            .collect())
    }
}

/// The mini-programs of every organization the developer belongs to.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/list")]
pub async fn my_miniprograms() -> Result<Vec<MpRow>, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let current = crate::orgs::api::current_org(me.id).await?;
        type Row = (String, String, String, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.id, p.name, p.kind, o.name, p.icon_sha, v.version, v.state
             FROM mini_programs p JOIN organizations o ON o.id = p.org_id
             JOIN org_members m ON m.org_id = p.org_id AND m.account_id = $1
             LEFT JOIN LATERAL (SELECT version, state FROM versions WHERE mp_id = p.id
                 ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC LIMIT 1) v ON TRUE
             WHERE $2::text IS NULL OR o.slug = $2
             ORDER BY p.updated_at DESC",
        )
        .bind(me.id)
        .bind(current)
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, org_name, icon, v, s)| MpRow {
                id,
                name,
                kind,
                org_name,
                icon_url: icon_url(icon),
                latest_version: v,
                latest_state: s.as_deref().and_then(VersionState::parse),
            })
            .collect())
    })
    .await
}

/// Registers a mini-program in an organization (owners and developers of it).
#[allow(clippy::too_many_arguments)]
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/create")]
pub async fn create_miniprogram(
    org_slug: String,
    name: String,
    kind: String,
    category: String,
    summary: String,
    description_md: String,
    tags: String,
) -> Result<String, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM organizations WHERE slug = $1").bind(&org_slug).fetch_optional(&st.pool).await?;
        let (org,) = org.ok_or_else(|| AppError::validation("org_slug", "Choose one of your organizations."))?;
        require_org_role(&st.pool, &me, org, OrgRole::Developer).await?;
        let tags = parse_tags(&tags);
        check_listing(&name, &kind, &summary, &description_md, &tags)?;
        let cat = category_id(&st.pool, &category).await?;
        let base = format!("mp_{}", crate::orgs::slugify(&name).replace('-', "_"));
        let mut tx = st.pool.begin().await?;
        let mut id = base.clone();
        for n in 2.. {
            let taken: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM mini_programs WHERE id = $1").bind(&id).fetch_optional(&mut *tx).await?;
            if taken.is_none() {
                break;
            }
            id = format!("{base}_{n}");
        }
        if !super::valid_mp_id(&id) {
            return Err(AppError::validation("name", "Use some letters or digits in the name."));
        }
        sqlx::query(
            "INSERT INTO mini_programs (id, org_id, name, kind, category_id, tags, summary, description_md, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(org)
        .bind(name.trim())
        .bind(&kind)
        .bind(cat)
        .bind(&tags)
        .bind(summary.trim())
        .bind(&description_md)
        .bind(me.id)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut *tx, Some(me.id), "mp.created", "mini_program", &id, serde_json::json!({"name": name.trim(), "org": org_slug})).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// Edits a mini-program's listing.
#[allow(clippy::too_many_arguments)]
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/update")]
pub async fn update_listing(
    id: String,
    name: String,
    kind: String,
    category: String,
    summary: String,
    description_md: String,
    tags: String,
) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        let tags = parse_tags(&tags);
        check_listing(&name, &kind, &summary, &description_md, &tags)?;
        let cat = category_id(&st.pool, &category).await?;
        let mut tx = st.pool.begin().await?;
        sqlx::query(
            "UPDATE mini_programs SET name = $2, kind = $3, category_id = $4, tags = $5, summary = $6,
                    description_md = $7, updated_at = now() WHERE id = $1",
        )
        .bind(&id)
        .bind(name.trim())
        .bind(&kind)
        .bind(cat)
        .bind(&tags)
        .bind(summary.trim())
        .bind(&description_md)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut *tx, Some(me.id), "mp.listing_updated", "mini_program", &id, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// A mini-program's portal page (members of the owning organization; operators may look).
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/get")]
pub async fn get_miniprogram(id: String) -> Result<MpDetail, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = require_mp_role(&st.pool, &me, &id, OrgRole::Tester).await?;
        let my_role = crate::server::access::org_role(&st.pool, me.id, org).await?;
        type Row = (String, String, Option<String>, Vec<String>, String, String, String, String, Option<String>, bool, Vec<String>);
        let (name, kind, category, tags, summary, description_md, org_slug, org_name, icon, suspended, screenshots): Row = sqlx::query_as(
            "SELECT p.name, p.kind, c.slug, p.tags, p.summary, p.description_md, o.slug, o.name, p.icon_sha, p.suspended, p.screenshots
             FROM mini_programs p JOIN organizations o ON o.id = p.org_id LEFT JOIN categories c ON c.id = p.category_id
             WHERE p.id = $1",
        )
        .bind(&id)
        .fetch_one(&st.pool)
        .await?;
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
            name,
            kind,
            category,
            tags,
            summary,
            description_md,
            org_slug,
            org_name,
            my_org_role: my_role.map(|r| r.as_str().to_string()),
            icon_url: icon_url(icon),
            suspended,
            screenshots: screenshots.into_iter().map(|s| format!("/blobs/{s}")).collect(),
            trial_qr_svg: trial_link.as_deref().map(qr_svg),
            trial_link,
            versions,
        })
    })
    .await
}

/// Released, listed, not suspended mini-programs for the storefront, newest release first.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/released")]
pub async fn released_miniprograms(category: Option<String>) -> Result<Vec<StoreCard>, AppError> {
    use imp::*;
    server::respond(async move {
        let st = server::state()?;
        type Row = (String, String, String, Option<String>, String, Option<String>, String);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.id, p.name, p.kind, c.name, p.summary, p.icon_sha, o.name
             FROM mini_programs p JOIN organizations o ON o.id = p.org_id LEFT JOIN categories c ON c.id = p.category_id
             JOIN LATERAL (SELECT max(r.released_at) AS at FROM releases r JOIN host_apps h ON h.id = r.host_app_id
                           WHERE r.mp_id = p.id AND r.active AND NOT h.disabled) rel ON rel.at IS NOT NULL
             WHERE p.listed AND NOT p.suspended AND ($1::text IS NULL OR c.slug = $1)
             ORDER BY rel.at DESC, p.name",
        )
        .bind(category.filter(|c| !c.is_empty()))
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, category, summary, icon, developer)| StoreCard { id, name, kind, category, summary, icon_url: icon_url(icon), developer })
            .collect())
    })
    .await
}

#[cfg(feature = "ssr")]
pub use imp::versions_of;

#[cfg(feature = "ssr")]
async fn released_version(
    pool: &sqlx::PgPool,
    id: &str,
) -> Result<
    Option<(
        uuid::Uuid,
        String,
        String,
        String,
        i64,
        Vec<String>,
        time::OffsetDateTime,
    )>,
    AppError,
> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.version, v.package_sha, v.release_notes, v.size, v.permissions, r.released_at
         FROM releases r JOIN versions v ON v.id = r.stable_version_id JOIN host_apps h ON h.id = r.host_app_id
         JOIN mini_programs p ON p.id = r.mp_id
         WHERE r.mp_id = $1 AND r.active AND NOT h.disabled AND NOT p.suspended
         ORDER BY v.v_major DESC, v.v_minor DESC, v.v_patch DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// A released mini-program's storefront page.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/detail")]
pub async fn get_store_detail(id: String) -> Result<StoreDetail, AppError> {
    use imp::*;
    server::respond(async move {
        let st = server::state()?;
        let (_, version, _, release_notes, size, permissions, released_at) =
            released_version(&st.pool, &id).await?.ok_or_else(|| AppError::not_found("That mini-program"))?;
        type Row = (String, String, Option<String>, String, Option<String>, String, Vec<String>, String, Vec<String>);
        let (name, kind, category, summary, icon, developer, tags, description_md, screenshots): Row = sqlx::query_as(
            "SELECT p.name, p.kind, c.name, p.summary, p.icon_sha, o.name, p.tags, p.description_md, p.screenshots
             FROM mini_programs p JOIN organizations o ON o.id = p.org_id LEFT JOIN categories c ON c.id = p.category_id
             WHERE p.id = $1",
        )
        .bind(&id)
        .fetch_one(&st.pool)
        .await?;
        let deep_link = format!("{}/app/{id}", st.settings.public_origin);
        Ok(StoreDetail {
            card: StoreCard { id, name, kind, category, summary, icon_url: icon_url(icon), developer },
            description_html: crate::server::markdown::render(&description_md),
            tags,
            version,
            release_notes,
            released_at: ts(released_at),
            size,
            permissions,
            screenshots: screenshots.into_iter().map(|s| format!("/blobs/{s}")).collect(),
            qr_svg: qr_svg(&deep_link),
            deep_link,
        })
    })
    .await
}

/// What the launch page needs: the released version, or with `trial` the version in trial
/// (members of the owning organization only).
#[leptos::server(prefix = "/rpc", endpoint = "catalog/launch")]
pub async fn get_launch_info(id: String, trial: bool) -> Result<LaunchInfo, AppError> {
    use imp::*;
    server::respond(async move {
        let st = server::state()?;
        let me = server::current_user().await?;
        let (version, sha, permissions, name) = if trial {
            let me = me.as_ref().ok_or(AppError::Unauthorized)?;
            require_mp_role(&st.pool, me, &id, OrgRole::Tester).await?;
            let row: Option<(String, String, Vec<String>, String)> = sqlx::query_as(
                "SELECT v.version, v.package_sha, v.permissions, p.name FROM versions v JOIN mini_programs p ON p.id = v.mp_id
                 WHERE v.mp_id = $1 AND v.state = 'in_trial' ORDER BY v.created_at DESC LIMIT 1",
            )
            .bind(&id)
            .fetch_optional(&st.pool)
            .await?;
            row.ok_or_else(|| AppError::not_found("A trial build of this mini-program"))?
        } else {
            let (_, version, sha, _, _, permissions, _) =
                released_version(&st.pool, &id).await?.ok_or_else(|| AppError::not_found("That mini-program"))?;
            let (name,): (String,) = sqlx::query_as("SELECT name FROM mini_programs WHERE id = $1").bind(&id).fetch_one(&st.pool).await?;
            (version, sha, permissions, name)
        };
        let (entry,): (String,) = sqlx::query_as("SELECT entry FROM versions WHERE mp_id = $1 AND version = $2")
            .bind(&id)
            .bind(&version)
            .fetch_one(&st.pool)
            .await?;
        Ok(LaunchInfo {
            run_url: format!("{}/run/{sha}/{entry}", st.settings.sandbox_origin),
            id,
            name,
            version,
            permissions,
            sandbox_origin: st.settings.sandbox_origin.clone(),
            user_name: me.map(|m| m.display_name),
            trial,
        })
    })
    .await
}

/// A QR code of `data` as an SVG document (dark modules on white).
#[cfg(feature = "ssr")]
fn qr_svg(data: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(data.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

/// Removes one screenshot from a mini-program's listing.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/remove_screenshot")]
pub async fn remove_screenshot(id: String, url: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        let sha = url.trim_start_matches("/blobs/").to_string();
        let r = sqlx::query("UPDATE mini_programs SET screenshots = array_remove(screenshots, $2), updated_at = now() WHERE id = $1 AND $2 = ANY(screenshots)")
            .bind(&id)
            .bind(&sha)
            .execute(&st.pool)
            .await?;
        if r.rows_affected() == 0 {
            return Err(AppError::not_found("That screenshot"));
        }
        Ok(())
    })
    .await
}
