//! The audience preview: how many of the users a host app reported recently a plan would give
//! the candidate.

use crate::error::AppError;
use crate::grayscale::AudiencePreview;
use crate::server::db::plans::{self, SeenUserRow};
use futures_util::TryStreamExt;
use ministore_rules::{Context, Decision, Plan, Reason};
use sqlx::PgPool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// A seen user's last context, as the rules engine reads it (at time `now`).
fn context_of(u: SeenUserRow, now: &str) -> Context {
    let mut ctx = Context::for_user(u.user_id).with_current_time(now.to_string());
    if let serde_json::Value::Object(m) = u.custom {
        for (k, v) in m {
            if let serde_json::Value::String(v) = v {
                ctx.properties.insert(k, v);
            }
        }
    }
    for (k, v) in [
        ("platform", u.platform),
        ("region", u.region),
        ("app_version", u.app_version),
        ("device", u.device),
    ] {
        if let Some(v) = v {
            ctx.properties.insert(k.to_string(), v);
        }
    }
    ctx
}

/// How many of the users seen on `host` in the last 30 days `plan` would give the candidate.
pub async fn preview(pool: &PgPool, host: Uuid, plan: &Plan) -> Result<AudiencePreview, AppError> {
    let now = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default();
    let mut rows = plans::recently_seen(pool, host);
    let mut p = AudiencePreview::default();
    while let Some(user) = rows.try_next().await? {
        let ctx = context_of(user, &now);
        p.seen += 1;
        if plan.conditions.iter().all(|c| c.evaluate(&ctx)) {
            p.pass_conditions += 1;
        }
        match plan.decide(&ctx) {
            Decision::Candidate(Reason::AllowList) => {
                p.reached += 1;
                p.by_allow_list += 1;
            }
            Decision::Candidate(_) => p.reached += 1,
            Decision::Stable => {}
        }
    }
    Ok(p)
}
