//! `GET /admin/analytics/export.csv?mp_id=&metric=&from=&to=` (and `host`, `platform`,
//! `region`): a chart's data as CSV, columns `date`, `breakdown`, `value`. `metric` is the
//! chart's id (`activity`, `new-users`, `categories`, `platforms` for the platform; `activity`,
//! `versions`, `errors`, `sessions`, `hosts`, `platforms` with `mp_id`). A chart without a
//! time axis has the range (`from/to`) as its date. Platform totals are for operators; a
//! developer may export a mini-program of their own organizations.

use super::access::{require_mp_role, OrgRole};
use super::AppState;
use crate::analytics::{AnalyticsQuery, Chart};
use crate::domain::Role;
use crate::error::AppError;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub mp_id: String,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub platform: String,
    #[serde(default)]
    pub region: String,
}

fn cell(s: &str) -> String {
    // Neutralise spreadsheet formulas; quote what needs it.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A chart's table in long form: one line per date (or the range) and series.
pub fn csv(chart: &Chart, range: &str) -> String {
    let mut out = String::from("date,breakdown,value\n");
    let dated = chart.header.first().is_some_and(|h| h == "Date");
    for row in &chart.rows {
        let (date, values) = if dated {
            (row[0].as_str(), &row[1..])
        } else {
            (range, &row[..])
        };
        let names: &[String] = if dated { &chart.header[1..] } else { &[] };
        if dated {
            for (name, v) in names.iter().zip(values) {
                let line = [date, name, &v.replace(',', "")].map(cell).join(",");
                out.push_str(&line);
                out.push('\n');
            }
        } else if let [label, v, ..] = values {
            out.push_str(&[date, label, &v.replace(',', "")].map(cell).join(","));
            out.push('\n');
        }
    }
    out
}

pub async fn export(
    State(st): State<AppState>,
    session: Session,
    Query(e): Query<ExportQuery>,
) -> Response {
    match build(&st, &session, e).await {
        Ok((name, body)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn build(
    st: &AppState,
    session: &Session,
    e: ExportQuery,
) -> Result<(String, String), AppError> {
    let me = super::auth::user_of(session, st)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let q = AnalyticsQuery::of(e.from, e.to, e.host, e.platform, e.region);
    let mp_id = e.mp_id.trim();
    let charts: Vec<Chart>;
    let applied;
    if mp_id.is_empty() {
        if me.role() < Role::Operator {
            return Err(AppError::forbidden(
                "Platform totals are for operators; give the mp_id of one of your mini-programs.",
            ));
        }
        let o = crate::analytics::overview::build(&st.pool, q, None, "").await?;
        applied = o.filters.query.clone();
        charts = vec![o.activity, o.new_users, o.categories, o.platform_mix];
    } else {
        if me.role() < Role::Operator {
            if me.role() < Role::Developer {
                return Err(AppError::forbidden(
                    "Analytics are for developers and operators.",
                ));
            }
            require_mp_role(&st.pool, &me, mp_id, OrgRole::Developer).await?;
        }
        let a = crate::analytics::mini_program::build(&st.pool, mp_id, q).await?;
        applied = a.filters.query.clone();
        charts = vec![
            a.activity,
            a.version_mix,
            a.error_rate,
            a.sessions,
            a.host_mix,
            a.platform_mix,
        ];
    }
    let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
    let chart = charts
        .iter()
        .find(|c| c.id == e.metric.trim())
        .ok_or_else(|| {
            AppError::validation("metric", format!("Choose one of: {}.", ids.join(", ")))
        })?;
    let range = format!("{}/{}", applied.from, applied.to);
    let scope = if mp_id.is_empty() { "platform" } else { mp_id };
    let name = format!(
        "ministore-{scope}-{}-{}-{}.csv",
        chart.id, applied.from, applied.to
    );
    Ok((name, csv(chart, &range)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_long_csv() {
        let c = Chart {
            id: "activity".into(),
            title: "t".into(),
            svg: String::new(),
            header: vec!["Date".into(), "Launches".into(), "Unique users".into()],
            rows: vec![vec!["2026-12-01".into(), "1,200".into(), "300".into()]],
        };
        assert_eq!(
            csv(&c, "x"),
            "date,breakdown,value\n2026-12-01,Launches,1200\n2026-12-01,Unique users,300\n"
        );
        let b = Chart {
            id: "platforms".into(),
            title: "t".into(),
            svg: String::new(),
            header: vec!["".into(), "Launches".into()],
            rows: vec![
                vec!["ios".into(), "12".into()],
                vec!["=cmd".into(), "1".into()],
            ],
        };
        assert_eq!(
            csv(&b, "2026-11-01/2026-11-30"),
            "date,breakdown,value\n2026-11-01/2026-11-30,ios,12\n2026-11-01/2026-11-30,'=cmd,1\n"
        );
    }
}
