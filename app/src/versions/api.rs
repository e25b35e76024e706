//! Server functions for a version's developer-side transitions: trial, submit, cancel.

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{
        self,
        access::{require_mp_role, OrgRole},
        db::versions,
    },
};

/// A version id from a form.
#[cfg(feature = "ssr")]
pub(crate) fn parse_version_id(s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| AppError::validation("version_id", "Not a version id."))
}

/// Release notes as a submission needs them: not empty, at most 2,000 characters, trimmed.
#[cfg(feature = "ssr")]
fn parse_release_notes(notes: &str) -> Result<&str, AppError> {
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
    Ok(notes.trim())
}

/// A transition an owner or developer of the owning organization asks for.
#[cfg(feature = "ssr")]
async fn developer_transition(
    version_id: &str,
    t: super::Transition,
    notes: Option<String>,
) -> Result<super::VersionState, AppError> {
    let me = server::require(Role::Developer).await?;
    let st = server::state()?;
    let id = parse_version_id(version_id)?;
    let mp_id = versions::mp_of(&st.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("That version"))?;
    require_mp_role(&st.pool, &me, &mp_id, OrgRole::Developer).await?;
    let notes = notes.as_deref().map(parse_release_notes).transpose()?;
    versions::developer_transition(&st.pool, id, t, notes, me.id).await
}

/// Makes a validated version the trial build (testers can open it).
#[leptos::server(prefix = "/rpc", endpoint = "versions/start_trial")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
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
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
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
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
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
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn version_report(version_id: String) -> Result<super::VersionReport, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let id = parse_version_id(&version_id)?;
        let r = versions::report(&st.pool, id)
            .await?
            .ok_or_else(|| AppError::not_found("That version"))?;
        require_mp_role(&st.pool, &me, &r.mp_id, OrgRole::Tester).await?;
        Ok(super::VersionReport {
            mp_id: r.mp_id,
            version: r.version,
            state: r.state,
            report_json: r.report.map(|r| r.to_string()).unwrap_or_default(),
            queue_position: (r.state == super::VersionState::InReview).then_some(r.queue_position),
        })
    })
    .await
}

/// The package format and bridge documentation, rendered for the portal.
#[leptos::server(prefix = "/rpc", endpoint = "portal/docs")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn package_docs() -> Result<String, AppError> {
    server::respond(async move {
        server::require(Role::Developer).await?;
        let md = [
            include_str!("../../../crates/package/FORMAT.md"),
            include_str!("../../../sandbox/BRIDGE.md"),
        ]
        .join("\n\n---\n\n");
        Ok(crate::server::markdown::render(&md))
    })
    .await
}
