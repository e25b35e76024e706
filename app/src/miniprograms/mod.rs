//! Mini-programs: registration and listings (portal), and what the storefront shows.

pub mod api;
pub mod places;

use crate::versions::VersionRow;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{domain::MpKind, error::AppError, server::db::mini_programs::ListingUpdate};

/// A mini-program in the developer's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub org_name: String,
    pub icon_url: Option<String>,
    pub latest_version: Option<String>,
    pub latest_state: Option<crate::versions::VersionState>,
}

/// A mini-program's portal page: listing plus versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpDetail {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub description_md: String,
    pub org_slug: String,
    pub org_name: String,
    pub my_org_role: Option<String>,
    pub icon_url: Option<String>,
    pub suspended: bool,
    pub versions: Vec<VersionRow>,
    /// Screenshot URLs, in order.
    pub screenshots: Vec<String>,
    /// While a version is in trial: the link testers open, and its QR code (SVG).
    pub trial_link: Option<String>,
    pub trial_qr_svg: Option<String>,
}

/// A card on the storefront.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCard {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub category: Option<String>,
    pub summary: String,
    pub icon_url: Option<String>,
    pub developer: String,
}

/// A storefront detail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreDetail {
    pub card: StoreCard,
    pub description_html: String,
    pub tags: Vec<String>,
    pub version: String,
    pub release_notes: String,
    pub released_at: String,
    pub size: i64,
    pub permissions: Vec<String>,
    pub screenshots: Vec<String>,
    /// The deep link to this page, and its QR code as an SVG document.
    pub deep_link: String,
    pub qr_svg: String,
    /// Where it can be found (shops, branches), in its order.
    pub places: Vec<PlaceView>,
}

/// A place of a mini-program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceView {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub opening_hours: String,
}

/// What the launch page needs to run a mini-program in the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaunchInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub run_url: String,
    pub permissions: Vec<String>,
    pub sandbox_origin: String,
    pub user_name: Option<String>,
    pub trial: bool,
}

/// `mp_` plus lower-case letters, digits, `_` and `-` (1 to 64 after the prefix).
pub fn valid_mp_id(id: &str) -> bool {
    id.strip_prefix("mp_").is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= 64
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    })
}

/// A listing as the portal's form posts it, checked: name and summary trimmed, tags lower-case
/// without duplicates, `category` a slug or empty.
#[cfg(feature = "ssr")]
pub(crate) struct ListingForm {
    pub name: String,
    pub kind: MpKind,
    pub category: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub description_md: String,
}

#[cfg(feature = "ssr")]
impl ListingForm {
    /// Checks the form's fields, in the order the form shows them.
    pub fn parse(
        name: &str,
        kind: &str,
        category: &str,
        summary: &str,
        description_md: &str,
        tags: &str,
    ) -> Result<ListingForm, crate::error::AppError> {
        let tags = parse_tags(tags);
        let name = name.trim();
        if !(2..=40).contains(&name.chars().count()) {
            return Err(AppError::validation(
                "name",
                "A name has 2 to 40 characters.",
            ));
        }
        let kind = MpKind::parse(kind)
            .ok_or_else(|| AppError::validation("kind", "Choose program or game."))?;
        let summary = summary.trim();
        if summary.chars().count() > 90 {
            return Err(AppError::validation(
                "summary",
                "A summary has at most 90 characters.",
            ));
        }
        if description_md.chars().count() > 10_000 {
            return Err(AppError::validation(
                "description_md",
                "A description has at most 10,000 characters.",
            ));
        }
        if tags.len() > MAX_TAGS || tags.iter().any(|t| t.chars().count() > 24) {
            return Err(AppError::validation(
                "tags",
                format!("Use at most {MAX_TAGS} tags of up to 24 characters."),
            ));
        }
        Ok(ListingForm {
            name: name.to_string(),
            kind,
            category: category.to_string(),
            tags,
            summary: summary.to_string(),
            description_md: description_md.to_string(),
        })
    }

    /// The listing as the database stores it, with the category's id.
    pub fn update(&self, category_id: Option<i32>) -> ListingUpdate<'_> {
        ListingUpdate {
            name: &self.name,
            kind: self.kind,
            category_id,
            tags: &self.tags,
            summary: &self.summary,
            description_md: &self.description_md,
        }
    }
}

/// Tags on one listing at most.
pub const MAX_TAGS: usize = 10;

/// Tags separated by commas (ASCII or full-width), lower-case, without empty ones or repeats.
#[cfg(feature = "ssr")]
pub(crate) fn parse_tags(s: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in s.split([',', '，', '、']) {
        let t = t.trim().to_lowercase();
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

/// A QR code of `data` as an SVG document (dark modules on white).
#[cfg(feature = "ssr")]
pub(crate) fn qr_svg(data: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(data.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_case_without_blanks_or_repeats() {
        assert_eq!(parse_tags(" Maths, maths,,Tools "), vec!["maths", "tools"]);
        assert_eq!(parse_tags("maths, tools, Maths"), vec!["maths", "tools"]);
        assert_eq!(
            parse_tags("工具，计算、maths"),
            vec!["工具", "计算", "maths"]
        );
    }

    #[test]
    fn a_listing_has_at_most_ten_tags() {
        let ten: Vec<String> = (0..MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert!(ListingForm::parse("Calc", "program", "", "", "", &ten.join(",")).is_ok());
        let eleven = format!("{},t10", ten.join(","));
        match ListingForm::parse("Calc", "program", "", "", "", &eleven) {
            Err(AppError::Validation { field, .. }) => assert_eq!(field, "tags"),
            _ => panic!("eleven tags were accepted"),
        }
    }

    #[test]
    fn a_listing_needs_a_name_and_a_known_kind() {
        let err = |r: Result<ListingForm, AppError>| match r {
            Err(AppError::Validation { field, .. }) => field,
            _ => String::new(),
        };
        assert_eq!(
            err(ListingForm::parse(" x ", "game", "", "", "", "")),
            "name"
        );
        assert_eq!(
            err(ListingForm::parse("Calc", "app", "", "", "", "")),
            "kind"
        );
        let ok = ListingForm::parse(" Calc ", "game", "tools", " Adds up ", "# Hi", "a").unwrap();
        assert_eq!((ok.name.as_str(), ok.summary.as_str()), ("Calc", "Adds up"));
        assert_eq!(ok.kind, MpKind::Game);
    }
}
