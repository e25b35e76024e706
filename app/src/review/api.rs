//! Review server functions (operators and admins only).

use super::{QueueItem, Submission};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{
        self,
        db::{review, versions},
    },
    versions::api::parse_version_id,
};

#[cfg(feature = "ssr")]
fn to_item(r: review::QueueRow) -> QueueItem {
    QueueItem {
        version_id: r.id.to_string(),
        mp_id: r.mp_id,
        mp_name: r.mp_name,
        org_name: r.org_name,
        version: r.version,
        submitted_at: r
            .submitted_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        waiting_minutes: r.waiting_minutes,
    }
}

/// A reviewer's reason: a rejection says why (at least 5 characters); at most 2,000, trimmed.
#[cfg(feature = "ssr")]
fn parse_reason(approve: bool, reason: &str) -> Result<Option<&str>, AppError> {
    let reason = reason.trim();
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
    Ok((!reason.is_empty()).then_some(reason))
}

/// Submissions in review, oldest first.
#[leptos::server(prefix = "/rpc", endpoint = "review/queue")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let rows = review::review_queue(&st.pool).await?;
        Ok(rows.into_iter().map(to_item).collect())
    })
    .await
}

/// One submission with its listing, report and file list.
#[leptos::server(prefix = "/rpc", endpoint = "review/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_submission(version_id: String) -> Result<Submission, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = parse_version_id(&version_id)?;
        let item = review::queue_entry(&st.pool, id)
            .await?
            .ok_or_else(|| AppError::not_found("That submission"))?;
        let s = review::submission(&st.pool, id).await?;
        let files = match st
            .blobs
            .get(&s.package_sha)
            .await
            .map_err(|e| AppError::internal(format!("blob: {e}")))?
        {
            Some(bytes) => ministore_package::list(&bytes),
            None => vec![],
        };
        Ok(Submission {
            item: to_item(item),
            summary: s.summary,
            description_html: crate::server::markdown::render(&s.description_md),
            release_notes: s.release_notes,
            package_sha: s.package_sha,
            size: s.size,
            report_json: s.report.map(|r| r.to_string()).unwrap_or_default(),
            files,
            state: s.state,
        })
    })
    .await
}

/// Approves or rejects a submission. A rejection needs a reason the developer will read.
#[leptos::server(prefix = "/rpc", endpoint = "review/decide")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn decide(version_id: String, approve: bool, reason: String) -> Result<(), AppError> {
    use crate::versions::{Actor, Transition};
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let reason = parse_reason(approve, &reason)?;
        let st = server::state()?;
        let id = parse_version_id(&version_id)?;
        let t = if approve {
            Transition::Approve
        } else {
            Transition::Reject
        };
        versions::apply(&st.pool, id, t, Actor::Operator, Some(me.id), reason).await?;
        Ok(())
    })
    .await
}

/// Launch information for a submission, so the reviewer can run it in the sandbox.
#[leptos::server(prefix = "/rpc", endpoint = "review/launch")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn review_launch_info(
    version_id: String,
) -> Result<crate::miniprograms::LaunchInfo, AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = parse_version_id(&version_id)?;
        let v = versions::launch(&st.pool, id)
            .await?
            .ok_or_else(|| AppError::not_found("That version"))?;
        Ok(crate::miniprograms::LaunchInfo {
            run_url: format!(
                "{}/run/{}/{}",
                st.settings.sandbox_origin, v.package_sha, v.entry
            ),
            id: v.mp_id,
            name: v.name,
            version: v.version,
            permissions: v.permissions,
            sandbox_origin: st.settings.sandbox_origin.clone(),
            user_name: Some(me.display_name),
            trial: true,
        })
    })
    .await
}
