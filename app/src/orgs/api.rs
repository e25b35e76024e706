//! Organization server functions.

use super::MyOrg;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// The organizations the signed-in developer is a member of.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/mine")]
pub async fn my_orgs() -> Result<Vec<MyOrg>, AppError> {
    server::respond(async {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT o.slug, o.name, o.kind, m.role,
                    (SELECT count(*) FROM org_members x WHERE x.org_id = o.id)
             FROM org_members m JOIN organizations o ON o.id = m.org_id
             WHERE m.account_id = $1 ORDER BY o.name",
        )
        .bind(me.id)
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, kind, my_role, members)| MyOrg {
                slug,
                name,
                kind,
                my_role,
                members,
            })
            .collect())
    })
    .await
}
