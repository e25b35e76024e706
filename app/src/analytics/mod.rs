//! Analytics for the admin console: the platform's headline numbers, and the overview charts
//! read from the rollups of the event pipeline.

pub mod api;
pub mod beacon;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod mini_program;
pub mod mp_page;
#[cfg(feature = "ssr")]
pub mod overview;
pub mod page;

use serde::{Deserialize, Serialize};

/// Headline numbers of the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformStats {
    /// Accounts per role, in role order.
    pub accounts_by_role: Vec<(crate::domain::Role, i64)>,
    pub organizations: i64,
    pub categories: i64,
    /// Sign-ups per day over the last 14 days (oldest first): (yyyy-mm-dd, count).
    pub signups: Vec<(String, i64)>,
}

/// The filters of the analytics pages, as the query string carries them ('' or absent: all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsQuery {
    /// `yyyy-mm-dd`; default 29 days before `to`.
    pub from: String,
    /// `yyyy-mm-dd`; default today (UTC).
    pub to: String,
    /// A host app's key.
    pub host: String,
    pub platform: String,
    pub region: String,
}

impl AnalyticsQuery {
    /// The filters as a server function's arguments carry them.
    pub fn of(from: String, to: String, host: String, platform: String, region: String) -> Self {
        AnalyticsQuery {
            from,
            to,
            host,
            platform,
            region,
        }
    }
}

/// A chart, drawn on the server, and the data behind it as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The SVG (empty: nothing to draw in this range).
    pub svg: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A choice of a filter: its value and what the menu shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    /// A comparison or explanation under it.
    pub note: String,
}

/// A ranked row: a mini-program's launches and growth, or a search term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub label: String,
    /// Where the label links to ('' for none).
    pub href: String,
    pub value: i64,
    /// Growth against the period before, or the searches that found nothing.
    pub note: String,
}

/// The filter bar: the filters as applied (dates filled in), and the menus' choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilterBar {
    pub query: AnalyticsQuery,
    pub hosts: Vec<Choice>,
    pub platforms: Vec<Choice>,
    pub regions: Vec<Choice>,
}

/// The operators' overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub filters: FilterBar,
    pub figures: Vec<Figure>,
    /// Launches and unique users per day, then new users per day.
    pub activity: Chart,
    pub new_users: Chart,
    pub categories: Chart,
    pub platform_mix: Chart,
    pub top: Vec<Ranked>,
    pub growing: Vec<Ranked>,
    pub searches: Vec<Ranked>,
    pub no_results: Vec<Ranked>,
}

/// `1234567.0` → `1,234,567`; fractions keep one decimal.
pub fn thousands(v: f64) -> String {
    let whole = v.trunc() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if whole < 0 {
        out.insert(0, '-');
    }
    let frac = (v.fract().abs() * 10.0).round() as i64;
    if frac > 0 && frac < 10 {
        out.push_str(&format!(".{frac}"));
    }
    out
}

/// An integer with thousands separators.
pub fn thousands_i(v: i64) -> String {
    thousands(v as f64)
}

/// A retention cohort: the users whose first launch was in `week`, and the share of them who
/// launched again 0, 1, 2 … weeks later (percent; `None` for weeks still to come).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// The Monday, `yyyy-mm-dd`.
    pub week: String,
    pub users: i64,
    pub cells: Vec<Option<f64>>,
}

/// A step of a funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub label: String,
    pub users: i64,
    /// Percent of the first step.
    pub percent: f64,
}

/// One mini-program's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpAnalytics {
    pub mp_id: String,
    pub name: String,
    pub filters: FilterBar,
    pub figures: Vec<Figure>,
    pub activity: Chart,
    /// Launches per version, stacked: a grayscale rollout shows as a growing band.
    pub version_mix: Chart,
    /// Errors per 100 launches per version, with the release plan's gate drawn.
    pub error_rate: Chart,
    pub sessions: Chart,
    pub host_mix: Chart,
    pub platform_mix: Chart,
    pub cohorts: Vec<Cohort>,
    pub funnel: Vec<FunnelStep>,
    /// Error messages, most frequent first (`note`: the versions).
    pub errors: Vec<Ranked>,
}
