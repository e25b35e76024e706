//! The audit log: who did what to which thing, when and why.

use sqlx::PgExecutor;
use uuid::Uuid;

/// Appends one entry. Call it inside the transaction that makes the change.
pub async fn record(
    db: impl PgExecutor<'_>,
    actor: Option<Uuid>,
    action: &str,
    target_type: &str,
    target_id: &str,
    detail: serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         VALUES ($1, $2, $3, $4, $5)",
        actor,
        action,
        target_type,
        target_id,
        detail
    )
    .execute(db)
    .await?;
    Ok(())
}

/// One audit entry, with its actor's email (if the actor still exists).
#[derive(Debug)]
pub struct AuditRow {
    pub id: i64,
    pub at: time::OffsetDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub detail: serde_json::Value,
}

/// One page of entries, with the number of matches over all pages.
#[derive(Debug)]
pub struct AuditRows {
    pub total: i64,
    pub entries: Vec<AuditRow>,
}

/// `s` as a case-insensitive "contains" pattern for `LIKE`, its wildcards escaped (`%%` when
/// `s` is blank: matches everything).
fn contains_pattern(s: &str) -> String {
    format!(
        "%{}%",
        s.trim()
            .to_lowercase()
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// A page of entries, newest first, whose action, target (id or type) and actor (email or
/// name) contain the filter's texts (case-insensitive; a blank filter matches everything, also
/// entries without an actor).
pub async fn search(
    db: &sqlx::PgPool,
    f: &crate::audit::AuditFilter,
    page: u32,
    per_page: u32,
) -> sqlx::Result<AuditRows> {
    let (action, target, actor) = (
        contains_pattern(&f.action),
        contains_pattern(&f.target),
        contains_pattern(&f.actor),
    );
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
           FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
           WHERE lower(l.action) LIKE $1
             AND (lower(l.target_id) LIKE $2 OR lower(l.target_type) LIKE $2)
             AND ($3 = '%%' OR lower(coalesce(a.email, '')) LIKE $3
                  OR lower(coalesce(a.display_name, '')) LIKE $3)"#,
        action,
        target,
        actor
    )
    .fetch_one(db)
    .await?;
    let entries = sqlx::query_as!(
        AuditRow,
        r#"SELECT l.id, l.at, a.email AS "actor?", l.action, l.target_type, l.target_id, l.detail
           FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
           WHERE lower(l.action) LIKE $1
             AND (lower(l.target_id) LIKE $2 OR lower(l.target_type) LIKE $2)
             AND ($3 = '%%' OR lower(coalesce(a.email, '')) LIKE $3
                  OR lower(coalesce(a.display_name, '')) LIKE $3)
           ORDER BY l.id DESC LIMIT $4 OFFSET $5"#,
        action,
        target,
        actor,
        i64::from(per_page),
        i64::from(page.saturating_sub(1) * per_page)
    )
    .fetch_all(db)
    .await?;
    Ok(AuditRows { total, entries })
}
