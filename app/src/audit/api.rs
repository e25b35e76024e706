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
    let like = |s: &str| {
        format!(
            "%{}%",
            s.trim()
                .to_lowercase()
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    };
    let (action, target, actor) = (like(&f.action), like(&f.target), like(&f.actor));
    const WHERE: &str = "FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
        WHERE lower(l.action) LIKE $1 AND (lower(l.target_id) LIKE $2 OR lower(l.target_type) LIKE $2)
          AND ($3 = '%%' OR lower(coalesce(a.email, '')) LIKE $3 OR lower(coalesce(a.display_name, '')) LIKE $3)";
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {WHERE}"))
        .bind(&action)
        .bind(&target)
        .bind(&actor)
        .fetch_one(pool)
        .await?;
    let rows: Vec<(i64, time::OffsetDateTime, Option<String>, String, String, String, serde_json::Value)> = sqlx::query_as(&format!(
        "SELECT l.id, l.at, a.email, l.action, l.target_type, l.target_id, l.detail {WHERE} ORDER BY l.id DESC LIMIT $4 OFFSET $5"
    ))
    .bind(&action)
    .bind(&target)
    .bind(&actor)
    .bind(per_page as i64)
    .bind((page.saturating_sub(1) * per_page) as i64)
    .fetch_all(pool)
    .await?;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(
                |(id, at, actor, action, target_type, target_id, detail)| super::AuditEntry {
                    id,
                    at: at
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default(),
                    actor,
                    action,
                    target_type,
                    target_id,
                    detail: detail.to_string(),
                },
            )
            .collect(),
        total,
        page,
        per_page,
    })
}

#[leptos::server(prefix = "/rpc", endpoint = "audit/list")]
pub async fn list_audit(
    action: String,
    target: String,
    actor: String,
    page: u32,
) -> Result<AuditPage, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        query(
            &st.pool,
            &AuditFilter {
                action,
                target,
                actor,
            },
            page.max(1),
            50,
        )
        .await
    })
    .await
}
