//! Review server functions (operators and admins only).

use super::{QueueItem, Submission};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
const QUEUE_SQL: &str = "SELECT v.id, v.mp_id, p.name, o.name, v.version, v.submitted_at,
        (extract(epoch FROM now() - v.submitted_at) / 60)::bigint
     FROM versions v JOIN mini_programs p ON p.id = v.mp_id JOIN organizations o ON o.id = p.org_id";

#[cfg(feature = "ssr")]
type QueueRow = (
    uuid::Uuid,
    String,
    String,
    String,
    String,
    time::OffsetDateTime,
    i64,
);

#[cfg(feature = "ssr")]
fn to_item((id, mp_id, mp_name, org_name, version, at, waiting): QueueRow) -> QueueItem {
    QueueItem {
        version_id: id.to_string(),
        mp_id,
        mp_name,
        org_name,
        version,
        submitted_at: at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        waiting_minutes: waiting,
    }
}

/// Submissions in review, oldest first.
#[leptos::server(prefix = "/rpc", endpoint = "review/queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        let rows: Vec<QueueRow> = sqlx::query_as(&format!(
            "{QUEUE_SQL} WHERE v.state = 'in_review' ORDER BY v.submitted_at"
        ))
        .fetch_all(&st.pool)
        .await?;
        Ok(rows.into_iter().map(to_item).collect())
    })
    .await
}

/// One submission with its listing, report and file list.
#[leptos::server(prefix = "/rpc", endpoint = "review/get")]
pub async fn get_submission(version_id: String) -> Result<Submission, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        let id = uuid::Uuid::parse_str(&version_id).map_err(|_| AppError::validation("version_id", "Not a version id."))?;
        let row: Option<QueueRow> = sqlx::query_as(&format!("{QUEUE_SQL} WHERE v.id = $1 AND v.submitted_at IS NOT NULL"))
            .bind(id)
            .fetch_optional(&st.pool)
            .await?;
        let item = to_item(row.ok_or_else(|| AppError::not_found("That submission"))?);
        let (summary, description_md, release_notes, sha, size, report, state): (String, String, String, String, i64, Option<serde_json::Value>, String) =
            sqlx::query_as(
                "SELECT p.summary, p.description_md, v.release_notes, v.package_sha, v.size, v.report, v.state
                 FROM versions v JOIN mini_programs p ON p.id = v.mp_id WHERE v.id = $1",
            )
            .bind(id)
            .fetch_one(&st.pool)
            .await?;
        let files = match st.blobs.get(&sha).await.map_err(|e| AppError::internal(format!("blob: {e}")))? {
            Some(bytes) => ministore_package::list(&bytes),
            None => vec![],
        };
        Ok(Submission {
            item,
            summary,
            description_html: crate::server::markdown::render(&description_md),
            release_notes,
            package_sha: sha,
            size,
            report_json: report.map(|r| r.to_string()).unwrap_or_default(),
            files,
            state: crate::versions::VersionState::parse(&state).unwrap_or(crate::versions::VersionState::InReview),
        })
    })
    .await
}

/// Approves or rejects a submission. A rejection needs a reason the developer will read.
#[leptos::server(prefix = "/rpc", endpoint = "review/decide")]
pub async fn decide(version_id: String, approve: bool, reason: String) -> Result<(), AppError> {
    use crate::server::db::versions;
    use crate::versions::{Actor, Transition};
    server::respond(async move {
        let me = server::require(crate::domain::Role::Operator).await?;
        let reason = reason.trim().to_string();
        if !approve && reason.chars().count() < 5 {
            return Err(AppError::validation(
                "reason",
                "Say why it is rejected, so the developer can fix it.",
            ));
        }
        if reason.chars().count() > 2000 {
            return Err(AppError::validation(
                "reason",
                "A reason has at most 2,000 characters.",
            ));
        }
        let st = server::state()?;
        let id = uuid::Uuid::parse_str(&version_id)
            .map_err(|_| AppError::validation("version_id", "Not a version id."))?;
        let mut tx = st.pool.begin().await?;
        let v = versions::lock(&mut tx, id).await?;
        let t = if approve {
            Transition::Approve
        } else {
            Transition::Reject
        };
        versions::transition(
            &mut tx,
            &v,
            t,
            Actor::Operator,
            Some(me.id),
            (!reason.is_empty()).then_some(reason.as_str()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Launch information for a submission, so the reviewer can run it in the sandbox.
#[leptos::server(prefix = "/rpc", endpoint = "review/launch")]
pub async fn review_launch_info(
    version_id: String,
) -> Result<crate::miniprograms::LaunchInfo, AppError> {
    server::respond(async move {
        let me = server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        let id = uuid::Uuid::parse_str(&version_id).map_err(|_| AppError::validation("version_id", "Not a version id."))?;
        let row: Option<(String, String, String, Vec<String>, String, String)> = sqlx::query_as(
            "SELECT v.mp_id, p.name, v.version, v.permissions, v.package_sha, v.entry
             FROM versions v JOIN mini_programs p ON p.id = v.mp_id WHERE v.id = $1 AND v.package_sha IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&st.pool)
        .await?;
        let (mp_id, name, version, permissions, sha, entry) = row.ok_or_else(|| AppError::not_found("That version"))?;
        Ok(crate::miniprograms::LaunchInfo {
            run_url: format!("{}/run/{sha}/{entry}", st.settings.sandbox_origin),
            id: mp_id,
            name,
            version,
            permissions,
            sandbox_origin: st.settings.sandbox_origin.clone(),
            user_name: Some(me.display_name),
            trial: true,
        })
    })
    .await
}
