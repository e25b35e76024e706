//! Audit log queries (operators and admins); the CSV export is a plain route in the server crate
//! that calls `query`.

#[cfg(feature = "ssr")]
use super::AuditFilter;
use super::AuditPage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// A page of audit entries, newest first, filtered.
#[cfg(feature = "ssr")]
pub async fn query(
    pool: &sqlx::PgPool,
    f: &AuditFilter,
    page: u32,
    per_page: u32,
) -> Result<AuditPage, AppError> {
    let rows = server::db::audit::search(pool, f, page, per_page).await?;
    Ok(AuditPage {
        entries: rows
            .entries
            .into_iter()
            .map(|r| super::AuditEntry {
                id: r.id,
                at: r
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                actor: r.actor,
                action: r.action,
                target_type: r.target_type,
                target_id: r.target_id,
                detail: r.detail.to_string(),
            })
            .collect(),
        total: rows.total,
        page,
        per_page,
    })
}

#[leptos::server(prefix = "/rpc", endpoint = "audit/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_audit(
    action: String,
    target: String,
    actor: String,
    page: u32,
) -> Result<AuditPage, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        let filter = AuditFilter {
            action,
            target,
            actor,
        };
        query(&st.pool, &filter, page.max(1), 50).await
    })
    .await
}
