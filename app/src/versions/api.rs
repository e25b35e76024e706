//! Server functions for a version's developer-side transitions: trial, submit, cancel.

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
async fn developer_transition(
    version_id: &str,
    t: super::Transition,
    notes: Option<String>,
) -> Result<super::VersionState, AppError> {
    use crate::domain::Role;
    use crate::server::access::{require_mp_role, OrgRole};
    use crate::server::db::versions;
    let me = server::require(Role::Developer).await?;
    let st = server::state()?;
    let id = uuid::Uuid::parse_str(version_id)
        .map_err(|_| AppError::validation("version_id", "Not a version id."))?;
    let mut tx = st.pool.begin().await?;
    let v = versions::lock(&mut tx, id).await?;
    require_mp_role(&st.pool, &me, &v.mp_id, OrgRole::Developer).await?;
    if t == super::Transition::StartTrial {
        // One trial build at a time: the previous one goes back to validated.
        sqlx::query("UPDATE versions SET state = 'validated' WHERE mp_id = $1 AND state = 'in_trial' AND id <> $2")
            .bind(&v.mp_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(notes) = &notes {
        if notes.trim().is_empty() {
            return Err(AppError::validation(
                "release_notes",
                "Tell reviewers and users what changed.",
            ));
        }
        if notes.chars().count() > 2000 {
            return Err(AppError::validation(
                "release_notes",
                "Release notes have at most 2,000 characters.",
            ));
        }
        sqlx::query("UPDATE versions SET release_notes = $2 WHERE id = $1")
            .bind(id)
            .bind(notes.trim())
            .execute(&mut *tx)
            .await?;
    }
    let to = versions::transition(
        &mut tx,
        &v,
        t,
        super::Actor::OrgDeveloper,
        Some(me.id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// Makes a validated version the trial build (testers can open it).
#[leptos::server(prefix = "/rpc", endpoint = "versions/start_trial")]
pub async fn start_trial(version_id: String) -> Result<super::VersionState, AppError> {
    server::respond(developer_transition(
        &version_id,
        super::Transition::StartTrial,
        None,
    ))
    .await
}

/// Submits a version for review with its release notes.
#[leptos::server(prefix = "/rpc", endpoint = "versions/submit")]
pub async fn submit_for_review(
    version_id: String,
    release_notes: String,
) -> Result<super::VersionState, AppError> {
    server::respond(developer_transition(
        &version_id,
        super::Transition::Submit,
        Some(release_notes),
    ))
    .await
}

/// Takes a submission out of the review queue.
#[leptos::server(prefix = "/rpc", endpoint = "versions/cancel_submission")]
pub async fn cancel_submission(version_id: String) -> Result<super::VersionState, AppError> {
    server::respond(developer_transition(
        &version_id,
        super::Transition::CancelSubmission,
        None,
    ))
    .await
}

/// The validation report of a version (members of the owning org, and operators).
#[leptos::server(prefix = "/rpc", endpoint = "versions/report")]
pub async fn version_report(version_id: String) -> Result<super::VersionReport, AppError> {
    use crate::domain::Role;
    use crate::server::access::{require_mp_role, OrgRole};
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let id = uuid::Uuid::parse_str(&version_id).map_err(|_| AppError::validation("version_id", "Not a version id."))?;
        let row: Option<(String, String, String, Option<serde_json::Value>, Option<i64>)> = sqlx::query_as(
            "SELECT mp_id, version, state, report,
                    (SELECT count(*) FROM versions q WHERE q.state = 'in_review' AND q.submitted_at <= v.submitted_at)
             FROM versions v WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&st.pool)
        .await?;
        let (mp_id, version, state, report, position) = row.ok_or_else(|| AppError::not_found("That version"))?;
        require_mp_role(&st.pool, &me, &mp_id, OrgRole::Tester).await?;
        let state = super::VersionState::parse(&state).unwrap_or(super::VersionState::Uploaded);
        Ok(super::VersionReport {
            mp_id,
            version,
            state,
            report_json: report.map(|r| r.to_string()).unwrap_or_default(),
            queue_position: (state == super::VersionState::InReview).then_some(position.unwrap_or(0)),
        })
    })
    .await
}

/// The package format and bridge documentation, rendered for the portal.
#[leptos::server(prefix = "/rpc", endpoint = "portal/docs")]
pub async fn package_docs() -> Result<String, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Developer).await?;
        let md = [
            include_str!("../../../crates/package/FORMAT.md"),
            include_str!("../../../sandbox/BRIDGE.md"),
        ]
        .join("\n\n---\n\n");
        Ok(crate::server::markdown::render(&md))
    })
    .await
}
