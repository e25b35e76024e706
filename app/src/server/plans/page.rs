//! The release page of a mini-program on one host app, assembled from the database.

use crate::error::AppError;
use crate::grayscale::{PastPlan, PlanInput, PlanPage, StepInput, VersionChoice};
use crate::server::db::{self, plans::OpenPlanRow};
use sqlx::PgPool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

fn fmt(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn percentage(p: i16) -> u8 {
    p.clamp(0, 100) as u8
}

fn choice(id: Uuid, version: String) -> VersionChoice {
    VersionChoice {
        id: id.to_string(),
        version,
    }
}

/// The release page of `mp_id` on host app `app_key`: its release, its open plan (or the
/// defaults of a new one), the candidate's health and past plans.
pub async fn plan_page(pool: &PgPool, mp_id: &str, app_key: &str) -> Result<PlanPage, AppError> {
    let host = db::host_apps::by_key(pool, app_key).await?;
    let program = db::releases::program(pool, mp_id).await?;
    let release = db::releases::stable_of(pool, mp_id, host.id).await?;
    let stable_id = release.as_ref().map(|r| r.id);
    let choices = db::plans::candidate_choices(pool, mp_id, stable_id).await?;
    let open = db::plans::open_for(pool, mp_id, host.id).await?;
    let history = db::plans::history(pool, mp_id, host.id).await?;
    let mut page = PlanPage {
        mp_id: mp_id.to_string(),
        mp_name: program.name,
        app_key: app_key.to_string(),
        host_name: host.name,
        release_active: release.as_ref().is_some_and(|r| r.active),
        stable: release.map(|r| choice(r.id, r.version)),
        choices: choices
            .into_iter()
            .map(|c| choice(c.id, c.version))
            .collect(),
        plan_id: None,
        state: None,
        state_reason: None,
        candidate: None,
        input: PlanInput {
            mp_id: mp_id.to_string(),
            app_key: app_key.to_string(),
            group: mp_id.to_string(),
            min_launches: 50,
            error_window_minutes: 60,
            on_error: "pause".into(),
            ..PlanInput::default()
        },
        health: None,
        history: history
            .into_iter()
            .map(|p| PastPlan {
                id: p.id.to_string(),
                state: p.state,
                candidate: p.candidate,
                percentage: percentage(p.percentage),
                ended_at: p.ended_at.map(fmt),
                state_reason: p.state_reason,
            })
            .collect(),
        started_at: None,
        updated_at: None,
    };
    if let Some(first) = page.choices.first() {
        page.input.candidate_version_id = first.id.clone();
    }
    if let Some(open) = open {
        with_open_plan(pool, &mut page, host.id, open).await?;
    }
    Ok(page)
}

/// Fills in the open plan: its state, its settings as the form's input, and its candidate's
/// health (the candidate is offered first if it is no longer among the choices).
async fn with_open_plan(
    pool: &PgPool,
    page: &mut PlanPage,
    host: Uuid,
    p: OpenPlanRow,
) -> Result<(), AppError> {
    let conditions = super::stored_conditions(&p.conditions)?;
    let candidate_id = p.candidate_id.to_string();
    page.plan_id = Some(p.id.to_string());
    page.state = Some(p.state);
    page.state_reason = p.state_reason;
    page.candidate = Some(choice(p.candidate_id, p.candidate_version.clone()));
    page.started_at = p.started_at.map(fmt);
    page.updated_at = Some(fmt(p.updated_at));
    page.input = PlanInput {
        mp_id: page.mp_id.clone(),
        app_key: page.app_key.clone(),
        candidate_version_id: candidate_id.clone(),
        percentage: percentage(p.percentage),
        group: p.bucket_group,
        allow_list: p.allow_list,
        conditions: conditions.iter().map(super::to_condition_input).collect(),
        min_version: p.min_version,
        max_error_rate_pct: p.max_error_rate.map(|r| (r * 1000.0).round() / 10.0),
        min_launches: p.min_launches,
        error_window_minutes: p.error_window_minutes,
        on_error: p.on_error,
        steps: steps_of(pool, p.id).await?,
    };
    if !page.choices.iter().any(|c| c.id == candidate_id) {
        page.choices
            .insert(0, choice(p.candidate_id, p.candidate_version.clone()));
    }
    let health = super::candidate_health(
        pool,
        host,
        &page.mp_id,
        &p.candidate_version,
        p.error_window_minutes,
    )
    .await?;
    page.health = Some(health);
    Ok(())
}

/// Steps of a plan, in order, for the page.
pub async fn steps_of(pool: &PgPool, plan: Uuid) -> Result<Vec<StepInput>, AppError> {
    Ok(db::plans::steps(pool, plan)
        .await?
        .into_iter()
        .map(|s| StepInput {
            percentage: percentage(s.percentage),
            at: fmt(s.at),
            applied: s.applied,
        })
        .collect())
}
