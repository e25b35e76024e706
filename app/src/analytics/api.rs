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
