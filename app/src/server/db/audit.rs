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
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(target_type)
    .bind(target_id)
    .bind(detail)
    .execute(db)
    .await?;
    Ok(())
}
