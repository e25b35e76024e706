//! Release server functions (operators and admins).

#[cfg(feature = "ssr")]
use super::HostRelease;
use super::{AdminMpRow, ReleaseOverview};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{self, db::releases, plans},
};

#[cfg(feature = "ssr")]
fn parse_uuid(field: &str, s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| AppError::validation(field, "Not a valid id."))
}

/// All mini-programs with where they are live.
#[leptos::server(prefix = "/rpc", endpoint = "releases/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_miniprograms() -> Result<Vec<AdminMpRow>, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let rows = releases::list_programs(&st.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| AdminMpRow {
                id: r.id,
                name: r.name,
                org_name: r.org_name,
                suspended: r.suspended,
                live_in: r.live_in,
                latest_version: r.latest_version,
                latest_state: r.latest_state,
            })
            .collect())
    })
    .await
}

/// One mini-program's releases per host app, and the versions that may be released.
#[leptos::server(prefix = "/rpc", endpoint = "releases/overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_release_overview(mp_id: String) -> Result<ReleaseOverview, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let program = releases::program(&st.pool, &mp_id).await?;
        let hosts = releases::per_host(&st.pool, &mp_id).await?;
        let mut releasable = crate::miniprograms::api::versions_of(&st.pool, &mp_id).await?;
        releasable.retain(|v| releases::RELEASABLE.contains(&v.state));
        releasable.truncate(5);
        Ok(ReleaseOverview {
            mp_id,
            mp_name: program.name,
            org_name: program.org_name,
            suspended: program.suspended,
            suspended_reason: program.suspended_reason,
            host_apps: hosts
                .into_iter()
                .map(|h| HostRelease {
                    app_key: h.app_key,
                    name: h.name,
                    version: h.version,
                    active: h.active.unwrap_or(false),
                    plan: h.plan,
                })
                .collect(),
            releasable,
        })
    })
    .await
}

/// Releases an approved (or earlier released) version to host apps, fully. The version each
/// host app served before is superseded once nothing serves it.
#[leptos::server(prefix = "/rpc", endpoint = "releases/release")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn release_version(
    version_id: String,
    #[server(default)] app_keys: Vec<String>,
) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        if app_keys.is_empty() {
            return Err(AppError::validation(
                "app_keys",
                "Choose at least one host app.",
            ));
        }
        let st = server::state()?;
        let vid = parse_uuid("version_id", &version_id)?;
        plans::release_full(&st.pool, vid, &app_keys, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Stops serving a mini-program to one host app.
#[leptos::server(prefix = "/rpc", endpoint = "releases/withdraw")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn withdraw(mp_id: String, app_key: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        plans::withdraw(&st.pool, &mp_id, &app_key, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Suspends a mini-program everywhere (it stops resolving and leaves the storefront), or lifts
/// the suspension.
#[leptos::server(prefix = "/rpc", endpoint = "releases/suspend")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_suspended(mp_id: String, suspended: bool, reason: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let reason = reason.trim().to_string();
        if suspended && reason.chars().count() < 5 {
            return Err(AppError::validation(
                "reason",
                "Say why it is suspended (it goes in the audit log).",
            ));
        }
        let st = server::state()?;
        releases::set_suspended_audited(&st.pool, &mp_id, suspended, &reason, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Rolls every active release of a mini-program back to one of its last 5 approved versions.
#[leptos::server(prefix = "/rpc", endpoint = "releases/rollback")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn rollback(mp_id: String, version_id: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let vid = parse_uuid("version_id", &version_id)?;
        plans::roll_back(&st.pool, &mp_id, vid, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}
