//! Release plans on the server: checking what the release page sends, moving plans through
//! their states (for operators and for the background task), the scheduled ramp, the error-rate
//! gate and the audience preview.

use crate::error::AppError;
use crate::grayscale::{
    next_plan_state, AudiencePreview, ConditionInput, PlanAction, PlanInput, PlanState, StepInput,
};
use crate::server::db::{audit, versions};
use crate::versions::{Actor, Transition, VersionState};
use ministore_rules::{validate_constraint, Constraint, Context, Operator, Plan};
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeSet;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

/// The most ids an allow-list holds, and the most conditions and steps a plan has.
pub const MAX_ALLOW_LIST: usize = 10_000;
pub const MAX_CONDITIONS: usize = 20;
pub const MAX_STEPS: usize = 20;

/// A [`PlanInput`] that passed every check.
#[derive(Debug, Clone)]
pub struct Checked {
    pub rules: Plan,
    pub min_version: Option<String>,
    pub max_error_rate: Option<f64>,
    pub min_launches: i32,
    pub error_window_minutes: i32,
    pub on_error: &'static str,
    pub steps: Vec<(u8, OffsetDateTime)>,
}

impl Checked {
    /// Binds the plan's settings to `q`, in this order: `candidate_version_id, percentage,
    /// bucket_group, allow_list, conditions, min_version, max_error_rate, min_launches,
    /// error_window_minutes, on_error` (a new plan's INSERT and an open plan's UPDATE).
    pub fn bind_settings<'q>(
        &'q self,
        q: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
        candidate: Uuid,
        allow: &'q [String],
        conditions: &'q serde_json::Value,
    ) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
        q.bind(candidate)
            .bind(i16::from(self.rules.percentage))
            .bind(&self.rules.group)
            .bind(allow)
            .bind(conditions)
            .bind(&self.min_version)
            .bind(self.max_error_rate)
            .bind(self.min_launches)
            .bind(self.error_window_minutes)
            .bind(self.on_error)
    }
}

/// Checks the editable part of a plan; every message names the field (and the row, from 1).
pub fn check(input: &PlanInput, now: OffsetDateTime) -> Result<Checked, AppError> {
    if input.percentage > 100 {
        return Err(AppError::validation(
            "percentage",
            "The percentage is 0 to 100.",
        ));
    }
    let group = input.group.trim();
    let group = if group.is_empty() {
        input.mp_id.as_str()
    } else {
        group
    };
    if group.len() > 200 {
        return Err(AppError::validation(
            "group",
            "The group is at most 200 characters.",
        ));
    }
    let mut allow_list = BTreeSet::new();
    for id in &input.allow_list {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        if id.len() > 256 {
            return Err(AppError::validation(
                "allow_list",
                format!("A user id is at most 256 bytes: {}…", prefix(id, 24)),
            ));
        }
        allow_list.insert(id.to_string());
    }
    if allow_list.len() > MAX_ALLOW_LIST {
        return Err(AppError::validation(
            "allow_list",
            format!("The allow-list holds at most {MAX_ALLOW_LIST} user ids."),
        ));
    }
    if input.conditions.len() > MAX_CONDITIONS {
        return Err(AppError::validation(
            "conditions",
            format!("A plan has at most {MAX_CONDITIONS} conditions."),
        ));
    }
    let conditions = input
        .conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            to_constraint(c).map_err(|e| {
                AppError::validation("conditions", format!("Condition {}: {e}", i + 1))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let min_version = match input.min_version.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => {
            semver::Version::parse(v).map_err(|_| {
                AppError::validation("min_version", format!("{v:?} is not a version like 1.2.0."))
            })?;
            Some(v.to_string())
        }
    };
    let max_error_rate = match input.max_error_rate_pct {
        None => None,
        Some(p) if p.is_finite() && p > 0.0 && p <= 100.0 => Some(p / 100.0),
        Some(_) => {
            return Err(AppError::validation(
                "max_error_rate_pct",
                "The maximum error rate is a percentage above 0 and at most 100.",
            ))
        }
    };
    if !(1..=1_000_000).contains(&input.min_launches) {
        return Err(AppError::validation(
            "min_launches",
            "The minimum number of launches is 1 to 1,000,000.",
        ));
    }
    if !(1..=10_080).contains(&input.error_window_minutes) {
        return Err(AppError::validation(
            "error_window_minutes",
            "The window is 1 minute to 7 days (10,080 minutes).",
        ));
    }
    let on_error = match input.on_error.as_str() {
        "pause" | "" => "pause",
        "rollback" => "rollback",
        other => {
            return Err(AppError::validation(
                "on_error",
                format!("{other:?} is neither pause nor rollback."),
            ))
        }
    };
    let pending: Vec<&StepInput> = input.steps.iter().filter(|s| !s.applied).collect();
    if pending.len() > MAX_STEPS {
        return Err(AppError::validation(
            "steps",
            format!("A ramp has at most {MAX_STEPS} steps."),
        ));
    }
    let mut steps = Vec::with_capacity(pending.len());
    for (i, s) in pending.iter().enumerate() {
        let n = i + 1;
        if s.percentage > 100 {
            return Err(AppError::validation(
                "steps",
                format!("Step {n}: the percentage is 0 to 100."),
            ));
        }
        let at = parse_time(&s.at).ok_or_else(|| {
            AppError::validation(
                "steps",
                format!("Step {n}: {:?} is not a date and time.", s.at),
            )
        })?;
        if at <= now {
            return Err(AppError::validation(
                "steps",
                format!("Step {n} is in the past; pick a later time."),
            ));
        }
        if let Some((_, prev)) = steps.last() {
            if at <= *prev {
                return Err(AppError::validation(
                    "steps",
                    format!("Step {n} must come after step {}.", n - 1),
                ));
            }
        }
        steps.push((s.percentage, at));
    }
    let rules = Plan {
        group: group.to_string(),
        percentage: input.percentage,
        allow_list,
        conditions,
    };
    rules
        .validate()
        .map_err(|e| AppError::validation("conditions", e))?;
    Ok(Checked {
        rules,
        min_version,
        max_error_rate,
        min_launches: input.min_launches,
        error_window_minutes: input.error_window_minutes,
        on_error,
        steps,
    })
}

fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` read as UTC.
pub fn parse_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let short = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let long = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(s, &short)
        .or_else(|_| PrimitiveDateTime::parse(s, &long))
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Whether `name` is one of the builder's named fields (the others are `ctx.<name>`).
fn is_named_field(name: &str) -> bool {
    crate::grayscale::CONDITION_FIELDS
        .iter()
        .any(|(f, _)| *f == name)
}

/// The builder's field name as a rules context name: `ctx.tier` → `tier`.
fn context_name(field: &str) -> Result<String, String> {
    let field = field.trim();
    if is_named_field(field) {
        return Ok(field.to_string());
    }
    match field.strip_prefix("ctx.") {
        Some(name)
            if !name.is_empty()
                && name.len() <= 64
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b)) =>
        {
            Ok(name.to_string())
        }
        _ => Err(format!(
            "{field:?} is not a context field (platform, region, app_version, device, userId or ctx.<name>)."
        )),
    }
}

/// One builder row as an Unleash constraint, checked.
pub fn to_constraint(c: &ConditionInput) -> Result<Constraint, String> {
    let name = context_name(&c.field)?;
    let operator = Operator::from_name(c.operator.trim());
    if let Operator::Unknown(op) = &operator {
        return Err(format!("{op:?} is not an operator."));
    }
    let values: Vec<String> = c
        .values
        .iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return Err("give at least one value.".into());
    }
    let constraint = if operator.takes_values() {
        Constraint {
            context_name: name,
            operator,
            values,
            value: None,
            inverted: c.inverted,
            case_insensitive: c.case_insensitive,
        }
    } else {
        if values.len() > 1 {
            return Err(format!("{} compares with one value.", c.operator.trim()));
        }
        Constraint {
            context_name: name,
            operator,
            values: vec![],
            value: values.into_iter().next(),
            inverted: c.inverted,
            case_insensitive: c.case_insensitive,
        }
    };
    validate_constraint(&constraint)?;
    Ok(constraint)
}

/// A stored constraint as a builder row.
pub fn to_condition_input(c: &Constraint) -> ConditionInput {
    let field = if is_named_field(&c.context_name) {
        c.context_name.clone()
    } else {
        format!("ctx.{}", c.context_name)
    };
    ConditionInput {
        field,
        operator: c.operator.as_str().to_string(),
        values: if c.operator.takes_values() {
            c.values.clone()
        } else {
            c.value.clone().into_iter().collect()
        },
        inverted: c.inverted,
        case_insensitive: c.case_insensitive,
    }
}

/// Rows of a plan as the rules engine sees them.
pub fn rules_of(
    group: &str,
    percentage: i16,
    allow_list: &[String],
    conditions: &serde_json::Value,
) -> Plan {
    Plan {
        group: group.to_string(),
        percentage: percentage.clamp(0, 100) as u8,
        allow_list: allow_list.iter().cloned().collect(),
        conditions: serde::Deserialize::deserialize(conditions).unwrap_or_default(),
    }
}

/// Marks `version_id` superseded when no active release and no live plan serves it any more.
pub async fn supersede_if_unused(
    tx: &mut PgConnection,
    version_id: Uuid,
    actor: Option<Uuid>,
) -> Result<(), AppError> {
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM releases WHERE stable_version_id = $1 AND active)
              + (SELECT count(*) FROM release_plans WHERE candidate_version_id = $1
                   AND state IN ('running', 'paused'))",
    )
    .bind(version_id)
    .fetch_one(&mut *tx)
    .await?;
    if used == 0 {
        let v = versions::lock(tx, version_id).await?;
        if v.state == VersionState::Released {
            versions::transition(tx, &v, Transition::Supersede, Actor::System, actor, None).await?;
        }
    }
    Ok(())
}

/// Moves a plan, locked in `tx`, through `action`. `actor` is the operator (`None`: the system,
/// with `reason` saying why). Returns the new state.
pub async fn apply_action(
    tx: &mut PgConnection,
    plan_id: Uuid,
    action: PlanAction,
    actor: Option<Uuid>,
    reason: Option<&str>,
) -> Result<PlanState, AppError> {
    let row: Option<(String, Uuid, String, Uuid, Uuid, Option<String>)> = sqlx::query_as(
        "SELECT mp_id, host_app_id, state, stable_version_id, candidate_version_id, min_version
         FROM release_plans WHERE id = $1 FOR UPDATE",
    )
    .bind(plan_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (mp_id, host, state, stable, candidate, min_version) =
        row.ok_or_else(|| AppError::not_found("That release plan"))?;
    let from = PlanState::parse(&state).ok_or_else(|| AppError::internal("plan state"))?;
    let to = next_plan_state(from, action).map_err(AppError::conflict)?;
    let release: Option<(Uuid, bool)> = sqlx::query_as(
        "SELECT stable_version_id, active FROM releases WHERE mp_id = $1 AND host_app_id = $2 FOR UPDATE",
    )
    .bind(&mp_id)
    .bind(host)
    .fetch_optional(&mut *tx)
    .await?;
    let mut detail = serde_json::json!({ "from": from.as_str(), "to": to.as_str() });
    if let Some(r) = reason {
        detail["reason"] = r.into();
    }
    match action {
        PlanAction::Start => {
            let (current_stable, active) = release
                .ok_or_else(|| AppError::conflict("Release a version fully before a plan."))?;
            if !active {
                return Err(AppError::conflict(
                    "The mini-program is withdrawn from this host app: release it again first.",
                ));
            }
            if current_stable == candidate {
                return Err(AppError::conflict(
                    "The candidate is already the stable version: choose another candidate.",
                ));
            }
            if current_stable != stable {
                sqlx::query("UPDATE release_plans SET stable_version_id = $2 WHERE id = $1")
                    .bind(plan_id)
                    .bind(current_stable)
                    .execute(&mut *tx)
                    .await?;
            }
            let v = versions::lock(tx, candidate).await?;
            match v.state {
                VersionState::Released => {}
                VersionState::Approved | VersionState::Superseded => {
                    versions::transition(tx, &v, Transition::Release, Actor::Operator, actor, None)
                        .await?;
                }
                other => {
                    return Err(AppError::conflict(format!(
                        "The candidate {} is {} and cannot be rolled out.",
                        v.version,
                        other.label().to_lowercase()
                    )))
                }
            }
            sqlx::query(
                "UPDATE release_plans SET state = 'running', started_at = now(), updated_at = now(),
                 state_reason = NULL WHERE id = $1",
            )
            .bind(plan_id)
            .execute(&mut *tx)
            .await?;
        }
        PlanAction::Pause | PlanAction::Resume => {
            sqlx::query(
                "UPDATE release_plans SET state = $2, updated_at = now(), state_reason = $3 WHERE id = $1",
            )
            .bind(plan_id)
            .bind(to.as_str())
            .bind(reason)
            .execute(&mut *tx)
            .await?;
        }
        PlanAction::Complete => {
            let (_, active) = release.ok_or_else(|| AppError::conflict("The release is gone."))?;
            if !active {
                return Err(AppError::conflict(
                    "The mini-program is withdrawn from this host app: roll the plan back instead.",
                ));
            }
            sqlx::query(
                "UPDATE releases SET stable_version_id = $3, reason = 'full',
                 min_version = COALESCE($4, min_version), updated_at = now()
                 WHERE mp_id = $1 AND host_app_id = $2",
            )
            .bind(&mp_id)
            .bind(host)
            .bind(candidate)
            .bind(&min_version)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE release_plans SET state = 'completed', percentage = 100, ended_at = now(),
                 updated_at = now() WHERE id = $1",
            )
            .bind(plan_id)
            .execute(&mut *tx)
            .await?;
            supersede_if_unused(tx, stable, actor).await?;
        }
        PlanAction::Rollback => {
            sqlx::query(
                "UPDATE release_plans SET state = 'rolled_back', ended_at = now(), updated_at = now(),
                 state_reason = $2 WHERE id = $1",
            )
            .bind(plan_id)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE releases SET reason = 'rollback', updated_at = now()
                 WHERE mp_id = $1 AND host_app_id = $2",
            )
            .bind(&mp_id)
            .bind(host)
            .execute(&mut *tx)
            .await?;
            supersede_if_unused(tx, candidate, actor).await?;
        }
    }
    audit::record(
        &mut *tx,
        actor,
        &format!("plan.{}", action.as_str()),
        "mini_program",
        &mp_id,
        detail,
    )
    .await?;
    Ok(to)
}

/// Ends the live plans of a mini-program (on one host app, or all) because the release itself
/// changed under them (withdrawn, rolled back to an older version): they are marked rolled back.
pub async fn end_open_plans(
    tx: &mut PgConnection,
    mp_id: &str,
    host: Option<Uuid>,
    actor: Uuid,
    why: &str,
) -> Result<(), AppError> {
    let ids: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT id, state FROM release_plans WHERE mp_id = $1 AND ($2::uuid IS NULL OR host_app_id = $2)
         AND state IN ('draft', 'running', 'paused') FOR UPDATE",
    )
    .bind(mp_id)
    .bind(host)
    .fetch_all(&mut *tx)
    .await?;
    for (id, state) in ids {
        if state == "draft" {
            sqlx::query("DELETE FROM release_plans WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            apply_action(tx, id, PlanAction::Rollback, Some(actor), Some(why)).await?;
        }
    }
    Ok(())
}

/// One pass of the background task: applies the scheduled steps that are due, and checks the
/// error-rate gates. Safe to run on several instances at once (rows are locked and skipped).
pub async fn tick(pool: &PgPool) -> Result<(), AppError> {
    apply_due_steps(pool).await?;
    check_error_gates(pool).await?;
    Ok(())
}

async fn apply_due_steps(pool: &PgPool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let due: Vec<(Uuid, String, i16)> = sqlx::query_as(
        "SELECT p.id, p.mp_id, p.percentage FROM release_plans p
         WHERE p.state = 'running' AND EXISTS (SELECT 1 FROM plan_steps s
             WHERE s.plan_id = p.id AND s.applied_at IS NULL AND s.at <= now())
         FOR UPDATE SKIP LOCKED",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (id, mp_id, before) in due {
        let (percentage,): (i16,) = sqlx::query_as(
            "SELECT percentage FROM plan_steps WHERE plan_id = $1 AND applied_at IS NULL AND at <= now()
             ORDER BY at DESC LIMIT 1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE plan_steps SET applied_at = now() WHERE plan_id = $1 AND applied_at IS NULL AND at <= now()",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE release_plans SET percentage = $2, updated_at = now() WHERE id = $1")
            .bind(id)
            .bind(percentage)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            None,
            "plan.step",
            "mini_program",
            &mp_id,
            serde_json::json!({"plan": id, "from": before, "to": percentage}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The candidate's launches and errors on a host app over the last `window` minutes.
pub async fn candidate_health(
    db: &mut PgConnection,
    host: Uuid,
    mp_id: &str,
    version: &str,
    window_minutes: i32,
) -> Result<(i64, i64), AppError> {
    let (launches, errors): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE type = 'launch'), count(*) FILTER (WHERE type = 'error')
         FROM events WHERE host_app_id = $1 AND mp_id = $2 AND version = $3
           AND ts > now() - make_interval(mins => $4)",
    )
    .bind(host)
    .bind(mp_id)
    .bind(version)
    .bind(window_minutes)
    .fetch_one(&mut *db)
    .await?;
    Ok((launches, errors))
}

async fn check_error_gates(pool: &PgPool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    type Gate = (Uuid, Uuid, String, String, f64, i32, i32, String);
    let gated: Vec<Gate> = sqlx::query_as(
        "SELECT p.id, p.host_app_id, p.mp_id, v.version, p.max_error_rate, p.min_launches,
                p.error_window_minutes, p.on_error
         FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
         WHERE p.state = 'running' AND p.max_error_rate IS NOT NULL
         FOR UPDATE OF p SKIP LOCKED",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (id, host, mp_id, version, max_rate, min_launches, window, on_error) in gated {
        let (launches, errors) = candidate_health(&mut tx, host, &mp_id, &version, window).await?;
        if launches < i64::from(min_launches) || launches == 0 {
            continue;
        }
        let rate = errors as f64 / launches as f64;
        if rate <= max_rate {
            continue;
        }
        let why = format!(
            "Error rate {:.1} % over the last {window} min ({errors} errors / {launches} launches) passed the {:.1} % limit.",
            rate * 100.0,
            max_rate * 100.0
        );
        let action = if on_error == "rollback" {
            PlanAction::Rollback
        } else {
            PlanAction::Pause
        };
        apply_action(&mut tx, id, action, None, Some(&why)).await?;
        tracing::warn!(plan = %id, %mp_id, %why, "error-rate gate tripped");
    }
    tx.commit().await?;
    Ok(())
}

/// How many of the users seen on `host` in the last 30 days `plan` would give the candidate.
pub async fn preview(pool: &PgPool, host: Uuid, plan: &Plan) -> Result<AudiencePreview, AppError> {
    use futures_util::TryStreamExt;
    let now = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default();
    let mut rows = sqlx::query_as::<
        _,
        (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            serde_json::Value,
        ),
    >(
        "SELECT user_id, platform, region, app_version, device, custom FROM seen_users
         WHERE host_app_id = $1 AND last_seen > now() - interval '30 days'",
    )
    .bind(host)
    .fetch(pool);
    let mut p = AudiencePreview::default();
    while let Some((user, platform, region, app_version, device, custom)) = rows.try_next().await? {
        let mut ctx = Context::for_user(user).with_current_time(now.clone());
        if let serde_json::Value::Object(m) = custom {
            for (k, v) in m {
                if let serde_json::Value::String(v) = v {
                    ctx.properties.insert(k, v);
                }
            }
        }
        for (k, v) in [
            ("platform", platform),
            ("region", region),
            ("app_version", app_version),
            ("device", device),
        ] {
            if let Some(v) = v {
                ctx.properties.insert(k.to_string(), v);
            }
        }
        p.seen += 1;
        if plan.conditions.iter().all(|c| c.evaluate(&ctx)) {
            p.pass_conditions += 1;
        }
        match plan.decide(&ctx) {
            ministore_rules::Decision::Candidate(ministore_rules::Reason::AllowList) => {
                p.reached += 1;
                p.by_allow_list += 1;
            }
            ministore_rules::Decision::Candidate(_) => p.reached += 1,
            ministore_rules::Decision::Stable => {}
        }
    }
    Ok(p)
}

/// Steps of a plan, in order, for the page.
pub async fn steps_of(pool: &PgPool, plan: Uuid) -> Result<Vec<StepInput>, AppError> {
    let rows: Vec<(i16, OffsetDateTime, bool)> = sqlx::query_as(
        "SELECT percentage, at, applied_at IS NOT NULL FROM plan_steps WHERE plan_id = $1 ORDER BY position",
    )
    .bind(plan)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(p, at, applied)| StepInput {
            percentage: p.clamp(0, 100) as u8,
            at: at.format(&Rfc3339).unwrap_or_default(),
            applied,
        })
        .collect())
}
