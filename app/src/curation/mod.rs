//! Curation: collections of mini-programs that operators put on the storefront's home page as
//! rows (one of them, featured, is the banner), each for every host app or for one, visible in
//! a window of time.

pub mod api;

use serde::{Deserialize, Serialize};

/// Mini-programs in one collection at most.
pub const MAX_ITEMS: usize = 50;
pub const MAX_TITLE: usize = 80;
pub const MAX_SUBTITLE: usize = 160;

/// Whether a collection shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Showing {
    Live,
    Scheduled,
    Ended,
}

impl Showing {
    pub fn label(self) -> &'static str {
        match self {
            Showing::Live => "Live",
            Showing::Scheduled => "Scheduled",
            Showing::Ended => "Ended",
        }
    }

    pub fn badge(self) -> &'static str {
        match self {
            Showing::Live => "badge badge-ok",
            Showing::Scheduled => "badge badge-warn",
            Showing::Ended => "badge",
        }
    }
}

/// A collection in the admin console's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionSummary {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    /// `None`: every host app and the storefront.
    pub host_app: Option<String>,
    pub featured: bool,
    /// "YYYY-MM-DD HH:MM" UTC, or empty.
    pub window: String,
    pub showing: Showing,
    pub items: usize,
    pub banner_url: Option<String>,
}

/// A mini-program in a collection being edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionItem {
    pub id: String,
    pub name: String,
    pub icon_url: Option<String>,
    /// Whether the collection's audience sees it now (released, listed, not suspended).
    pub in_store: bool,
}

/// A host app a collection may be for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostChoice {
    pub id: String,
    pub name: String,
}

/// Everything the collection editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionEdit {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    /// Empty: every host app.
    pub host_app_id: String,
    /// `datetime-local` values (UTC), or empty.
    pub visible_from: String,
    pub visible_to: String,
    pub featured: bool,
    pub showing: Showing,
    pub banner_url: Option<String>,
    pub items: Vec<CollectionItem>,
    /// Mini-programs that may be added (listed, not suspended, not in it yet), by name.
    pub candidates: Vec<HostChoice>,
    pub host_apps: Vec<HostChoice>,
    /// How the home page shows it now (its visible items), as a row or as the banner.
    pub preview: crate::discovery::HomeRow,
}

/// A collection's fields as the editor posts them, checked.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionFields {
    pub title: String,
    pub subtitle: String,
    pub host_app_id: Option<uuid::Uuid>,
    pub visible_from: Option<time::OffsetDateTime>,
    pub visible_to: Option<time::OffsetDateTime>,
    pub featured: bool,
}

#[cfg(feature = "ssr")]
impl CollectionFields {
    /// Checks the form: a title of 1 to 80 characters, a subtitle of up to 160, a host app id
    /// (or empty for all), times as RFC 3339 or `datetime-local` values read as UTC, the end
    /// after the start.
    pub fn parse(
        title: &str,
        subtitle: &str,
        host_app_id: &str,
        visible_from: &str,
        visible_to: &str,
        featured: bool,
    ) -> Result<Self, crate::error::AppError> {
        use crate::error::AppError;
        let title = title.trim().to_string();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            return Err(AppError::validation(
                "title",
                format!("A title has 1 to {MAX_TITLE} characters."),
            ));
        }
        let subtitle = subtitle.trim().to_string();
        if subtitle.chars().count() > MAX_SUBTITLE {
            return Err(AppError::validation(
                "subtitle",
                format!("A subtitle has at most {MAX_SUBTITLE} characters."),
            ));
        }
        let host_app_id = match host_app_id.trim() {
            "" => None,
            s => Some(
                uuid::Uuid::parse_str(s)
                    .map_err(|_| AppError::validation("host_app_id", "Choose a host app."))?,
            ),
        };
        let time = |field: &str, s: &str| match s.trim() {
            "" => Ok(None),
            s => crate::server::plans::parse_time(s)
                .map(Some)
                .ok_or_else(|| {
                    AppError::validation(field, "Give a date and time, e.g. 2026-12-24T09:00.")
                }),
        };
        let visible_from = time("visible_from", visible_from)?;
        let visible_to = time("visible_to", visible_to)?;
        if let (Some(a), Some(b)) = (visible_from, visible_to) {
            if b <= a {
                return Err(AppError::validation(
                    "visible_to",
                    "The end comes after the start.",
                ));
            }
        }
        Ok(CollectionFields {
            title,
            subtitle,
            host_app_id,
            visible_from,
            visible_to,
            featured,
        })
    }
}

/// Whether a collection visible from `from` to `to` shows at `now`.
#[cfg(feature = "ssr")]
pub fn showing(
    from: Option<time::OffsetDateTime>,
    to: Option<time::OffsetDateTime>,
    now: time::OffsetDateTime,
) -> Showing {
    if from.is_some_and(|f| f > now) {
        Showing::Scheduled
    } else if to.is_some_and(|t| t <= now) {
        Showing::Ended
    } else {
        Showing::Live
    }
}

/// A time as a `datetime-local` value in UTC ("2026-12-24T09:00").
#[cfg(feature = "ssr")]
pub fn local_value(t: Option<time::OffsetDateTime>) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    t.and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&f).ok())
        .unwrap_or_default()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_form_is_checked_field_by_field() {
        let ok =
            CollectionFields::parse(" Rainy day ", "", "", "2026-12-24T09:00", "", true).unwrap();
        assert_eq!(ok.title, "Rainy day");
        assert_eq!(ok.visible_from, Some(datetime!(2026-12-24 09:00 UTC)));
        assert_eq!(ok.host_app_id, None);
        let field = |r: Result<CollectionFields, crate::error::AppError>| match r {
            Err(crate::error::AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(CollectionFields::parse("  ", "", "", "", "", false)),
            "title"
        );
        let long = "x".repeat(MAX_TITLE + 1);
        assert_eq!(
            field(CollectionFields::parse(&long, "", "", "", "", false)),
            "title"
        );
        let sub = "y".repeat(MAX_SUBTITLE + 1);
        assert_eq!(
            field(CollectionFields::parse("A", &sub, "", "", "", false)),
            "subtitle"
        );
        assert_eq!(
            field(CollectionFields::parse("A", "", "nope", "", "", false)),
            "host_app_id"
        );
        assert_eq!(
            field(CollectionFields::parse("A", "", "", "tomorrow", "", false)),
            "visible_from"
        );
        assert_eq!(
            field(CollectionFields::parse(
                "A",
                "",
                "",
                "2026-12-24T09:00",
                "2026-12-24T09:00",
                false
            )),
            "visible_to"
        );
    }

    #[test]
    fn a_window_says_whether_it_shows() {
        let now = datetime!(2026-12-02 12:00 UTC);
        assert_eq!(showing(None, None, now), Showing::Live);
        assert_eq!(
            showing(Some(datetime!(2026-12-03 0:00 UTC)), None, now),
            Showing::Scheduled
        );
        assert_eq!(showing(None, Some(now), now), Showing::Ended);
        assert_eq!(
            local_value(Some(datetime!(2026-12-24 09:05 UTC))),
            "2026-12-24T09:05"
        );
        assert_eq!(local_value(None), "");
    }
}
