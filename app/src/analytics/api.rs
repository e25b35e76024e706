//! Analytics server functions (operators and admins).

use super::PlatformStats;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[leptos::server(prefix = "/rpc", endpoint = "analytics/platform_stats")]
pub async fn get_platform_stats() -> Result<PlatformStats, AppError> {
    server::respond(async {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let by_role: Vec<(String, i64)> =
            sqlx::query_as("SELECT role, count(*) FROM accounts GROUP BY role")
                .fetch_all(&st.pool)
                .await?;
        let accounts_by_role = Role::ALL
            .into_iter()
            .map(|r| {
                (
                    r,
                    by_role
                        .iter()
                        .find(|(n, _)| n == r.as_str())
                        .map_or(0, |(_, c)| *c),
                )
            })
            .collect();
        let (organizations, categories): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM categories)",
        )
        .fetch_one(&st.pool)
        .await?;
        let signups: Vec<(String, i64)> = sqlx::query_as(
            "SELECT to_char(d, 'YYYY-MM-DD'),
                    (SELECT count(*) FROM accounts a WHERE a.created_at::date = d::date)
             FROM generate_series(current_date - 13, current_date, interval '1 day') d ORDER BY d",
        )
        .fetch_all(&st.pool)
        .await?;
        Ok(PlatformStats {
            accounts_by_role,
            organizations,
            categories,
            signups,
        })
    })
    .await
}
