//! The review queue: submitted versions waiting for an operator, and what a reviewer reads of
//! one. (Decisions are version transitions: `db::versions::apply`.)

use crate::versions::VersionState;
use sqlx::PgExecutor;
use uuid::Uuid;

/// A submission in the review queue.
pub struct QueueRow {
    pub id: Uuid,
    pub mp_id: String,
    pub mp_name: String,
    pub org_name: String,
    pub version: String,
    pub submitted_at: time::OffsetDateTime,
    pub waiting_minutes: i64,
}

/// What a reviewer reads of a submission besides its queue entry.
pub struct SubmissionRow {
    pub summary: String,
    pub description_md: String,
    pub release_notes: String,
    pub package_sha: String,
    pub size: i64,
    pub report: Option<serde_json::Value>,
    pub state: VersionState,
}

/// Submissions in review, oldest first.
pub async fn review_queue(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<QueueRow>> {
    sqlx::query_as!(
        QueueRow,
        r#"SELECT v.id, v.mp_id, p.name AS mp_name, o.name AS org_name, v.version,
                  v.submitted_at AS "submitted_at!",
                  (extract(epoch FROM now() - v.submitted_at) / 60)::bigint AS "waiting_minutes!"
           FROM versions v JOIN mini_programs p ON p.id = v.mp_id
           JOIN organizations o ON o.id = p.org_id
           WHERE v.state = 'in_review' ORDER BY v.submitted_at"#
    )
    .fetch_all(db)
    .await
}

/// Version `id`'s queue entry, if it was ever submitted.
pub async fn queue_entry(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<QueueRow>> {
    sqlx::query_as!(
        QueueRow,
        r#"SELECT v.id, v.mp_id, p.name AS mp_name, o.name AS org_name, v.version,
                  v.submitted_at AS "submitted_at!",
                  (extract(epoch FROM now() - v.submitted_at) / 60)::bigint AS "waiting_minutes!"
           FROM versions v JOIN mini_programs p ON p.id = v.mp_id
           JOIN organizations o ON o.id = p.org_id
           WHERE v.id = $1 AND v.submitted_at IS NOT NULL"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// What a reviewer reads of version `id`.
pub async fn submission(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<SubmissionRow> {
    sqlx::query_as!(
        SubmissionRow,
        r#"SELECT p.summary, p.description_md, v.release_notes, v.package_sha AS "package_sha!",
                  v.size, v.report, v.state AS "state: VersionState"
           FROM versions v JOIN mini_programs p ON p.id = v.mp_id WHERE v.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}
