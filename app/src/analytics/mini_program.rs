//! Builds one mini-program's analytics (the admin console's and the portal's page).

use super::charts::{bars, over_days, Size};
use super::overview::{day_string, filter, filter_bar};
use super::{thousands, AnalyticsQuery, Cohort, Figure, FunnelStep, MpAnalytics, Ranked};
use crate::error::{AppError, AppResult};
use crate::server::db::analytics::mini_program as q;
use crate::server::db::analytics::overview as totals;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The most versions drawn apart; the rest are "older".
const VERSIONS: usize = 5;
/// Weeks after the first launch shown in the cohort table.
const COHORT_WEEKS: usize = 8;

fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

pub async fn build(pool: &PgPool, mp_id: &str, query: AnalyticsQuery) -> AppResult<MpAnalytics> {
    let name = q::name_of(pool, mp_id)
        .await?
        .ok_or_else(|| AppError::not_found("That mini-program"))?;
    let (mut f, applied) = filter(pool, &query).await?;
    f.mp_ids = Some(vec![mp_id.to_string()]);
    let (from, to) = (f.from.unwrap(), f.to.unwrap());
    let daily = totals::daily(pool, &f).await?;
    let users = totals::daily_users(pool, &f).await?;
    let new_users = totals::new_users(pool, &f, mp_id).await?;
    let days: Vec<String> = daily.iter().map(|d| day_string(d.day)).collect();
    let index: BTreeMap<time::Date, usize> =
        daily.iter().enumerate().map(|(i, d)| (d.day, i)).collect();
    let activity = over_days(
        "activity",
        "Launches and unique users per day",
        &days,
        &[
            (
                "Launches".into(),
                daily.iter().map(|d| d.launches as f64).collect(),
            ),
            (
                "Unique users".into(),
                users.iter().map(|d| d.n as f64).collect(),
            ),
            (
                "New users".into(),
                new_users.iter().map(|d| d.n as f64).collect(),
            ),
        ],
        false,
        Size::Wide,
    );

    // Versions: the most launched few by name (newest last), the rest as "older".
    let rows = q::versions(pool, &f, mp_id).await?;
    let mut by_version: BTreeMap<String, i64> = BTreeMap::new();
    for r in &rows {
        *by_version.entry(r.version.clone()).or_default() += r.launches;
    }
    let mut top: Vec<(String, i64)> = by_version.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut shown: Vec<String> = top.iter().take(VERSIONS).map(|(v, _)| v.clone()).collect();
    shown.sort_by_key(|v| version_order(v));
    let label = |v: &str| {
        if v.is_empty() {
            "unknown".to_string()
        } else if shown.iter().any(|s| s == v) {
            format!("v{v}")
        } else {
            "older".to_string()
        }
    };
    let mut labels: Vec<String> = shown.iter().map(|v| label(v)).collect();
    if top.len() > VERSIONS {
        labels.insert(0, "older".into());
    }
    if top.iter().any(|(v, _)| v.is_empty()) && !labels.iter().any(|l| l == "unknown") {
        labels.insert(0, "unknown".into());
    }
    let mut launches: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut errors: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in &rows {
        let (l, i) = (label(&r.version), index[&r.day]);
        launches
            .entry(l.clone())
            .or_insert_with(|| vec![0.0; days.len()])[i] += r.launches as f64;
        errors.entry(l).or_insert_with(|| vec![0.0; days.len()])[i] += r.errors as f64;
    }
    let series = |m: &BTreeMap<String, Vec<f64>>| {
        labels
            .iter()
            .filter_map(|l| m.get(l).map(|v| (l.clone(), v.clone())))
            .collect::<Vec<_>>()
    };
    let version_mix = over_days(
        "versions",
        "Launches per version",
        &days,
        &series(&launches),
        true,
        Size::Wide,
    );
    let mut rates: Vec<(String, Vec<f64>)> = series(&launches)
        .into_iter()
        .map(|(l, n)| {
            let e = &errors[&l];
            let r = n
                .iter()
                .zip(e)
                .map(|(n, e)| {
                    if *n > 0.0 {
                        (e / n * 1000.0).round() / 10.0
                    } else {
                        f64::NAN
                    }
                })
                .collect();
            (l, r)
        })
        .collect();
    let gate = q::gate(pool, mp_id).await?;
    if let Some(g) = gate {
        rates.push((
            format!("Gate ({} %)", g * 100.0),
            vec![g * 100.0; days.len()],
        ));
    }
    let error_rate = over_days(
        "errors",
        "Errors per 100 launches, by version",
        &days,
        &rates,
        false,
        Size::Wide,
    );

    let sessions = q::sessions(pool, &f, mp_id).await?;
    let avg: Vec<f64> = daily
        .iter()
        .map(|d| {
            if d.sessions == 0 {
                0.0
            } else {
                (d.duration_ms as f64 / d.sessions as f64 / 100.0).round() / 10.0
            }
        })
        .collect();
    let session_chart = over_days(
        "sessions",
        "Session length (seconds)",
        &days,
        &[
            ("Average".into(), avg),
            (
                "p90".into(),
                sessions
                    .iter()
                    .map(|s| (s.p90_ms as f64 / 100.0).round() / 10.0)
                    .collect(),
            ),
        ],
        false,
        Size::Half,
    );
    let shares = |v: Vec<totals::Share>| {
        v.into_iter()
            .map(|s| (s.label, s.launches as f64))
            .collect::<Vec<_>>()
    };
    let host_mix = bars(
        "hosts",
        "Launches by host app",
        "Launches",
        &shares(q::by_host(pool, &f, mp_id).await?),
        Size::Half,
    );
    let platform_mix = bars(
        "platforms",
        "Launches by platform",
        "Launches",
        &shares(totals::by_platform(pool, &f).await?),
        Size::Half,
    );

    // Retention: weekly cohorts as percentages of their size.
    let cells = q::cohorts(pool, &f, mp_id).await?;
    let this_week = to - time::Duration::days(to.weekday().number_days_from_monday().into());
    let mut cohorts: Vec<Cohort> = Vec::new();
    for c in &cells {
        if cohorts.last().is_none_or(|k| k.week != day_string(c.week)) {
            let weeks_since = ((this_week - c.week).whole_days() / 7) as usize;
            cohorts.push(Cohort {
                week: day_string(c.week),
                users: 0,
                cells: (0..COHORT_WEEKS)
                    .map(|w| (w <= weeks_since).then_some(0.0))
                    .collect(),
            });
        }
        let k = cohorts.last_mut().unwrap();
        if c.offset == 0 {
            k.users = c.users;
        }
        if let Some(Some(cell)) = k.cells.get_mut(c.offset as usize) {
            *cell = c.users as f64;
        }
    }
    for k in &mut cohorts {
        let size = k.users.max(1) as f64;
        for v in k.cells.iter_mut().flatten() {
            *v = (*v * 1000.0 / size).round() / 10.0;
        }
    }

    let fun = q::funnel(pool, &f, mp_id).await?;
    let funnel = vec![
        FunnelStep {
            label: "Viewed the detail page".into(),
            users: fun.viewed,
            percent: 100.0,
        },
        FunnelStep {
            label: "… and launched it".into(),
            users: fun.viewed_then_launched,
            percent: percent(fun.viewed_then_launched, fun.viewed),
        },
    ];
    let errors = q::errors(pool, &f, mp_id, 10)
        .await?
        .into_iter()
        .map(|e| Ranked {
            label: if e.message.is_empty() {
                "(no message)".into()
            } else {
                e.message
            },
            href: String::new(),
            value: e.errors,
            note: e
                .versions
                .iter()
                .map(|v| format!("v{v}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();

    let total: i64 = daily.iter().map(|d| d.launches).sum();
    let errors_total: i64 = daily.iter().map(|d| d.errors).sum();
    let range_users = totals::unique_users(pool, &f, from, to).await?;
    let (sessions_n, duration): (i64, i64) = daily
        .iter()
        .fold((0, 0), |(s, t), d| (s + d.sessions, t + d.duration_ms));
    let figures = vec![
        Figure {
            label: "Launches".into(),
            value: thousands(total as f64),
            note: format!("{} users", thousands(range_users as f64)),
        },
        Figure {
            label: "New users".into(),
            value: thousands(new_users.iter().map(|d| d.n).sum::<i64>() as f64),
            note: "first launch of this mini-program".into(),
        },
        Figure {
            label: "Average session".into(),
            value: if sessions_n == 0 {
                "—".into()
            } else {
                format!("{:.1} s", duration as f64 / sessions_n as f64 / 1000.0)
            },
            note: format!("{} sessions", thousands(sessions_n as f64)),
        },
        Figure {
            label: "Error rate".into(),
            value: format!("{:.2} %", percent(errors_total, total)),
            note: format!("{} errors", thousands(errors_total as f64)),
        },
    ];
    Ok(MpAnalytics {
        mp_id: mp_id.to_string(),
        name,
        filters: filter_bar(pool, applied).await?,
        figures,
        activity,
        version_mix,
        error_rate,
        sessions: session_chart,
        host_mix,
        platform_mix,
        cohorts,
        funnel,
        errors,
    })
}

/// Sorts versions as semantic versions where they are (`1.10.0` after `1.9.0`).
fn version_order(v: &str) -> (Vec<u64>, String) {
    (
        v.split('.').map(|p| p.parse().unwrap_or(0)).collect(),
        v.to_string(),
    )
}
