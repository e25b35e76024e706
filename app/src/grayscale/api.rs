//! Release plan server functions (operators and admins only).

use super::{AudiencePreview, PlanInput, PlanPage};
use crate::error::AppError;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{self, db::host_apps, plans},
};

#[cfg(feature = "ssr")]
fn parse_plan_id(s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| AppError::validation("plan_id", "Not a valid id."))
}

/// The release page of a mini-program on one host app: its release, its open plan (or the
/// defaults of a new one), the candidate's health and past plans.
#[leptos::server(prefix = "/rpc", endpoint = "plans/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_plan_page(mp_id: String, app_key: String) -> Result<PlanPage, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        plans::plan_page(&st.pool, &mp_id, &app_key).await
    })
    .await
}

/// Creates the open plan of a release (as a draft) or changes it. Changes to a running plan
/// take effect at once, on every server instance. Returns the plan id.
#[leptos::server(prefix = "/rpc", endpoint = "plans/save", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_plan(input: PlanInput) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let checked = plans::check(&input, time::OffsetDateTime::now_utc())?;
        let candidate = uuid::Uuid::parse_str(&input.candidate_version_id).map_err(|_| {
            AppError::validation("candidate_version_id", "Choose a candidate version.")
        })?;
        let id = plans::save(&st.pool, &input, &checked, candidate, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(id.to_string())
    })
    .await
}

/// Starts, pauses, resumes, completes or rolls back a plan.
#[leptos::server(prefix = "/rpc", endpoint = "plans/action")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn plan_action(plan_id: String, action: String) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = parse_plan_id(&plan_id)?;
        // `super::`: the server fn's own args struct is named `PlanAction` too.
        let action = super::PlanAction::parse(&action)
            .ok_or_else(|| AppError::validation("action", "Unknown action."))?;
        let to = plans::act(&st.pool, id, action, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(to.as_str().to_string())
    })
    .await
}

/// Deletes a draft plan.
#[leptos::server(prefix = "/rpc", endpoint = "plans/discard")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn discard_plan(plan_id: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = parse_plan_id(&plan_id)?;
        plans::discard(&st.pool, id, me.id).await
    })
    .await
}

/// How many of the users seen on the host app in the last 30 days the plan would reach.
#[leptos::server(prefix = "/rpc", endpoint = "plans/preview", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn preview_audience(input: PlanInput) -> Result<AudiencePreview, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let mut draft = input.clone();
        draft.steps.clear();
        let checked = plans::check(&draft, time::OffsetDateTime::now_utc())?;
        let host = host_apps::by_key(&st.pool, &input.app_key).await?;
        plans::preview(&st.pool, host.id, &checked.rules).await
    })
    .await
}
