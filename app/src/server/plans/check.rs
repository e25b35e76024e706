//! Checking what the release page sends (a plan's settings, conditions and ramp), and turning
//! stored plans back into what the rules engine and the page use.

use crate::error::AppError;
use crate::grayscale::{ConditionInput, PlanInput, StepInput};
use crate::server::db::plans::PlanSettings;
use ministore_rules::{validate_constraint, Constraint, Operator, Plan};
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
    /// The plan's settings as the database stores them, with `candidate`, the allow-list and
    /// the conditions (JSON) the caller holds.
    pub fn settings<'a>(
        &'a self,
        candidate: Uuid,
        allow_list: &'a [String],
        conditions: &'a serde_json::Value,
    ) -> PlanSettings<'a> {
        PlanSettings {
            candidate_version_id: candidate,
            percentage: i16::from(self.rules.percentage),
            bucket_group: &self.rules.group,
            allow_list,
            conditions,
            min_version: self.min_version.as_deref(),
            max_error_rate: self.max_error_rate,
            min_launches: self.min_launches,
            error_window_minutes: self.error_window_minutes,
            on_error: self.on_error,
        }
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
    let steps = check_steps(&input.steps, now)?;
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

/// Checks the steps of a ramp that are not applied yet: at most [`MAX_STEPS`], each in the
/// future and after the one before.
fn check_steps(
    steps: &[StepInput],
    now: OffsetDateTime,
) -> Result<Vec<(u8, OffsetDateTime)>, AppError> {
    let pending: Vec<&StepInput> = steps.iter().filter(|s| !s.applied).collect();
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
    Ok(steps)
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

/// The conditions of a stored plan; conditions that do not parse are an error (they were
/// checked before they were saved).
pub fn stored_conditions(conditions: &serde_json::Value) -> Result<Vec<Constraint>, AppError> {
    serde::Deserialize::deserialize(conditions)
        .map_err(|e| AppError::internal(format!("stored plan conditions: {e}")))
}
