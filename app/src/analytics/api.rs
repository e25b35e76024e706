//! Analytics server functions (operators and admins).

use super::PlatformStats;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// The platform's headline numbers: accounts per role, organizations, categories, sign-ups.
#[leptos::server(prefix = "/rpc", endpoint = "analytics/platform_stats")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_platform_stats() -> Result<PlatformStats, AppError> {
    use server::db::events;
    server::respond(async {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let by_role = events::accounts_by_role(&st.pool).await?;
        let accounts_by_role = Role::ALL
            .into_iter()
            .map(|r| {
                let n = by_role
                    .iter()
                    .find(|c| c.role == r)
                    .map_or(0, |c| c.accounts);
                (r, n)
            })
            .collect();
        let totals = events::totals(&st.pool).await?;
        let signups = events::signups_per_day(&st.pool, 14).await?;
        Ok(PlatformStats {
            accounts_by_role,
            organizations: totals.organizations,
            categories: totals.categories,
            signups: signups.into_iter().map(|d| (d.day, d.signups)).collect(),
        })
    })
    .await
}

/// The operators' overview for the range and filters ('' for all, dates `yyyy-mm-dd`), read
/// from the rollups.
#[leptos::server(prefix = "/rpc", endpoint = "analytics/overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_overview(
    from: String,
    to: String,
    host: String,
    platform: String,
    region: String,
) -> Result<super::Overview, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let q = super::AnalyticsQuery::of(from, to, host, platform, region);
        super::overview::build(&st.pool, q, None, "/admin/analytics/").await
    })
    .await
}

/// One mini-program's numbers: operators see any; a developer those of their organizations'.
#[leptos::server(prefix = "/rpc", endpoint = "analytics/mini_program")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_mp_analytics(
    mp_id: String,
    from: String,
    to: String,
    host: String,
    platform: String,
    region: String,
) -> Result<super::MpAnalytics, AppError> {
    use crate::server::access::{require_mp_role, OrgRole};
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        if me.role() < Role::Operator {
            require_mp_role(&st.pool, &me, &mp_id, OrgRole::Developer).await?;
        }
        let q = super::AnalyticsQuery::of(from, to, host, platform, region);
        super::mini_program::build(&st.pool, &mp_id, q).await
    })
    .await
}

/// The developer's overview: the mini-programs of the organizations they belong to.
#[leptos::server(prefix = "/rpc", endpoint = "analytics/portal_overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_portal_overview(
    from: String,
    to: String,
    host: String,
    platform: String,
    region: String,
) -> Result<super::Overview, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let mine = server::db::mini_programs::of_member(&st.pool, me.id, None)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let q = super::AnalyticsQuery::of(from, to, host, platform, region);
        super::overview::build(&st.pool, q, Some(mine), "/portal/analytics/").await
    })
    .await
}
