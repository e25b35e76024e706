//! Builds the overview (operators: the whole platform; a developer: their mini-programs).

use super::charts::{bars, over_days, Size};
use super::thousands;
use super::{AnalyticsQuery, Choice, Figure, FilterBar, Overview, Ranked};
use crate::domain::urlencode;
use crate::error::{AppError, AppResult};
use crate::server::db::analytics::overview::{self as q, Filter};
use crate::server::db::host_apps;
use sqlx::PgPool;
use time::{Date, Duration};

/// The longest range one page shows.
pub const MAX_DAYS: i64 = 366;

fn parse_day(field: &str, v: &str) -> AppResult<Option<Date>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(v, format)
        .map(Some)
        .map_err(|_| AppError::validation(field, format!("{v:?} is not a date (yyyy-mm-dd)")))
}

/// `yyyy-mm-dd`.
pub fn day_string(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Checks `query` into a filter (dates filled in, the host app looked up).
pub async fn filter(pool: &PgPool, query: &AnalyticsQuery) -> AppResult<(Filter, AnalyticsQuery)> {
    let today = time::OffsetDateTime::now_utc().date();
    let to = parse_day("to", &query.to)?.unwrap_or(today);
    let from = parse_day("from", &query.from)?.unwrap_or(to - Duration::days(29));
    if from > to {
        return Err(AppError::validation(
            "from",
            "The start comes after the end.",
        ));
    }
    if (to - from).whole_days() >= MAX_DAYS {
        return Err(AppError::validation(
            "from",
            format!("At most {MAX_DAYS} days at a time."),
        ));
    }
    let host = match query.host.trim() {
        "" => None,
        key => Some(host_apps::by_key(pool, key).await?.id),
    };
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let f = Filter {
        from: Some(from),
        to: Some(to),
        host,
        platform: text(&query.platform),
        region: text(&query.region),
        mp_ids: None,
    };
    let applied = AnalyticsQuery {
        from: day_string(from),
        to: day_string(to),
        host: query.host.trim().to_string(),
        platform: query.platform.trim().to_string(),
        region: query.region.trim().to_string(),
    };
    Ok((f, applied))
}

fn growth(now: i64, before: i64) -> String {
    if before == 0 {
        "new".into()
    } else {
        let pct = (now - before) as f64 * 100.0 / before as f64;
        format!("{}{:.0} %", if pct >= 0.0 { "+" } else { "−" }, pct.abs())
    }
}

/// The overview over `query`, for the mini-programs `scope` (`None`: all, with the searches);
/// a mini-program's row links to `link` followed by its id.
pub async fn build(
    pool: &PgPool,
    query: AnalyticsQuery,
    scope: Option<Vec<String>>,
    link: &str,
) -> AppResult<Overview> {
    let platform_wide = scope.is_none();
    let (mut f, applied) = filter(pool, &query).await?;
    f.mp_ids = scope;
    let (from, to) = (f.from.unwrap_or(f.to.unwrap()), f.to.unwrap());
    let daily = q::daily(pool, &f).await?;
    let users = q::daily_users(pool, &f).await?;
    let new_users = q::new_users(pool, &f, "").await?;
    let days: Vec<String> = daily.iter().map(|d| day_string(d.day)).collect();
    let launches: Vec<f64> = daily.iter().map(|d| d.launches as f64).collect();
    let dau: Vec<f64> = users.iter().map(|d| d.n as f64).collect();
    let total_launches: i64 = daily.iter().map(|d| d.launches).sum();
    let sessions: i64 = daily.iter().map(|d| d.sessions).sum();
    let duration: i64 = daily.iter().map(|d| d.duration_ms).sum();
    let errors: i64 = daily.iter().map(|d| d.errors).sum();
    let range_users = q::unique_users(pool, &f, from, to).await?;
    let wau = q::unique_users(pool, &f, to - Duration::days(6), to).await?;
    let mau = q::unique_users(pool, &f, to - Duration::days(29), to).await?;
    let new_total: i64 = new_users.iter().map(|d| d.n).sum();
    let n_days = days.len().max(1) as f64;
    let figures = vec![
        Figure {
            label: "Launches".into(),
            value: thousands(total_launches as f64),
            note: format!(
                "{} a day on average",
                thousands(total_launches as f64 / n_days)
            ),
        },
        Figure {
            label: "Unique users".into(),
            value: thousands(range_users as f64),
            note: format!(
                "DAU {} · WAU {} · MAU {}",
                thousands(dau.last().copied().unwrap_or(0.0)),
                thousands(wau as f64),
                thousands(mau as f64)
            ),
        },
        Figure {
            label: "New users".into(),
            value: thousands(new_total as f64),
            note: "first launch on the platform".into(),
        },
        Figure {
            label: "Average session".into(),
            value: if sessions == 0 {
                "—".into()
            } else {
                format!("{:.1} s", duration as f64 / sessions as f64 / 1000.0)
            },
            note: format!(
                "{} errors ({:.2} % of launches)",
                thousands(errors as f64),
                if total_launches == 0 {
                    0.0
                } else {
                    errors as f64 * 100.0 / total_launches as f64
                }
            ),
        },
    ];
    let activity = over_days(
        "activity",
        "Launches and unique users per day",
        &days,
        &[("Launches".into(), launches), ("Unique users".into(), dau)],
        false,
        Size::Wide,
    );
    let new_chart = over_days(
        "new-users",
        "New users per day",
        &days,
        &[(
            "New users".into(),
            new_users.iter().map(|d| d.n as f64).collect(),
        )],
        false,
        Size::Half,
    );
    let cats = q::by_category(pool, &f).await?;
    let categories = bars(
        "categories",
        "Launches by category",
        "Launches",
        &cats
            .iter()
            .map(|s| (s.label.clone(), s.launches as f64))
            .collect::<Vec<_>>(),
        Size::Wide,
    );
    let plats = q::by_platform(pool, &f).await?;
    let platform_mix = bars(
        "platforms",
        "Launches by platform",
        "Launches",
        &plats
            .iter()
            .map(|s| (s.label.clone(), s.launches as f64))
            .collect::<Vec<_>>(),
        Size::Half,
    );
    let top_rows = q::top_mini_programs(pool, &f, 50).await?;
    let ranked = |r: &q::TopRow| Ranked {
        label: r.name.clone(),
        href: format!("{link}{}", r.mp_id),
        value: r.launches,
        note: growth(r.launches, r.before),
    };
    let top = top_rows.iter().take(10).map(ranked).collect();
    let mut by_growth: Vec<&q::TopRow> = top_rows.iter().filter(|r| r.launches >= 20).collect();
    by_growth.sort_by_key(|r| std::cmp::Reverse((r.launches - r.before) * 1000 / r.before.max(1)));
    let growing = by_growth.into_iter().take(5).map(ranked).collect();
    let search = |rows: Vec<q::SearchRow>, empty: bool| {
        rows.into_iter()
            .map(|r| Ranked {
                href: format!("/search?q={}", urlencode(&r.q)),
                label: r.q,
                value: if empty { r.no_results } else { r.searches },
                note: if empty {
                    format!("of {} searches", thousands(r.searches as f64))
                } else if r.no_results > 0 {
                    format!("{} found nothing", thousands(r.no_results as f64))
                } else {
                    String::new()
                },
            })
            .collect::<Vec<_>>()
    };
    // Searches are the platform's, not a developer's.
    let (searches, no_results) = if platform_wide {
        (
            search(q::top_searches(pool, &f, false, 10).await?, false),
            search(q::top_searches(pool, &f, true, 10).await?, true),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Overview {
        filters: filter_bar(pool, applied).await?,
        figures,
        activity,
        new_users: new_chart,
        categories,
        platform_mix,
        top,
        growing,
        searches,
        no_results,
    })
}

/// The filter bar for the filters as applied: host apps, platforms, the regions seen lately.
pub async fn filter_bar(pool: &PgPool, query: AnalyticsQuery) -> AppResult<FilterBar> {
    let mut hosts = vec![Choice {
        value: String::new(),
        label: "All host apps".into(),
    }];
    hosts.extend(
        host_apps::key_names(pool)
            .await?
            .into_iter()
            .map(|h| Choice {
                value: h.app_key,
                label: h.name,
            }),
    );
    let mut platforms = vec![Choice {
        value: String::new(),
        label: "All platforms".into(),
    }];
    platforms.extend(["ios", "android", "web"].map(|p| Choice {
        value: p.into(),
        label: match p {
            "ios" => "iOS".into(),
            "android" => "Android".into(),
            _ => "Web".into(),
        },
    }));
    let mut regions = vec![Choice {
        value: String::new(),
        label: "All regions".into(),
    }];
    regions.extend(q::regions(pool).await?.into_iter().map(|r| Choice {
        label: r.clone(),
        value: r,
    }));
    Ok(FilterBar {
        query,
        hosts,
        platforms,
        regions,
    })
}
