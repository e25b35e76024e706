//! `GET /admin/audit.csv`: the audit log, filtered like the page, as CSV (operators and admins).

use super::AppState;
use crate::audit::api::query;
use crate::audit::AuditFilter;
use crate::domain::Role;
use crate::error::AppError;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

fn cell(s: &str) -> String {
    // Quote every cell; neutralise spreadsheet formulas.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub async fn export(
    State(st): State<AppState>,
    session: Session,
    Query(f): Query<AuditFilter>,
) -> Response {
    let me = match super::auth::user_of(&session, &st).await {
        Ok(Some(me)) => me,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(e) => return e.into_response(),
    };
    if me.role() < Role::Operator {
        let e = AppError::forbidden("The audit log is for operators and admins.");
        return e.into_response();
    }
    let mut out = String::from("id,at,actor,action,target_type,target_id,detail\n");
    let mut page = 1;
    loop {
        let p = match query(&st.pool, &f, page, 1000).await {
            Ok(p) => p,
            Err(e) => return e.into_response(),
        };
        for e in &p.entries {
            let row = [
                e.id.to_string(),
                e.at.clone(),
                e.actor.clone().unwrap_or_default(),
                e.action.clone(),
                e.target_type.clone(),
                e.target_id.clone(),
                e.detail.clone(),
            ];
            out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        if i64::from(page) * 1000 >= p.total || page >= 100 {
            break;
        }
        page += 1;
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ministore-audit.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}
