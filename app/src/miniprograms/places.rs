//! The places of a mini-program (a shop, a branch network) as its developers list them in the
//! portal: checked (coordinates in range, opening hours well formed), each change audited.

use super::PlaceView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{
        self,
        access::{require_mp_role, OrgRole},
        db,
    },
};

/// Places of one mini-program at most.
pub const MAX_PLACES: usize = 100;

const DAYS: [&str; 8] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH"];

/// Checks opening hours in the common subset of OpenStreetMap's `opening_hours`: empty
/// (unknown), `24/7`, or rules separated by `;`, each days (`Mo`–`Su`, `PH` for public holidays;
/// ranges and lists: `Mo-Fr`, `Sa,Su`) and then times (`09:00-18:00`, several with commas; an
/// end before the start runs past midnight) or `off`; a rule of times alone is every day.
pub fn check_opening_hours(s: &str) -> Result<(), String> {
    let s = s.trim();
    if s.is_empty() || s == "24/7" {
        return Ok(());
    }
    for rule in s.split(';').map(str::trim) {
        if rule.is_empty() {
            return Err("A “;” has no rule after it.".into());
        }
        let (days, times) = match rule.split_once(' ') {
            Some((d, t)) if d.chars().next().is_some_and(char::is_alphabetic) => {
                (Some(d), t.trim())
            }
            _ => (None, rule),
        };
        if let Some(days) = days {
            check_days(days)?;
        }
        if times != "off" {
            for range in times.split(',').map(str::trim) {
                check_time_range(range)?;
            }
        }
    }
    Ok(())
}

fn check_days(days: &str) -> Result<(), String> {
    for part in days.split(',') {
        let known = |d: &str| DAYS.contains(&d);
        let ok = match part.split_once('-') {
            Some((a, b)) => known(a) && known(b) && a != "PH" && b != "PH",
            None => known(part),
        };
        if !ok {
            return Err(format!(
                "“{part}” is not a day: use Mo Tu We Th Fr Sa Su or PH, e.g. Mo-Fr or Sa,Su."
            ));
        }
    }
    Ok(())
}

fn check_time_range(range: &str) -> Result<(), String> {
    let bad = || format!("“{range}” is not a time range like 09:00-18:00.");
    let (a, b) = range.split_once('-').ok_or_else(bad)?;
    let minutes = |t: &str| -> Option<u32> {
        let (h, m) = t.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(h * 60 + m)
    };
    let (a, b) = (minutes(a).ok_or_else(bad)?, minutes(b).ok_or_else(bad)?);
    if a == b || a == 24 * 60 {
        return Err(bad());
    }
    Ok(())
}

/// A place as the portal's form posts it, checked.
#[cfg(feature = "ssr")]
pub fn parse_place(
    name: &str,
    address: &str,
    lat: &str,
    lon: &str,
    opening_hours: &str,
) -> Result<PlaceView, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::validation(
            "name",
            "A place's name has 1 to 100 characters.",
        ));
    }
    let address = address.trim();
    if address.chars().count() > 200 {
        return Err(AppError::validation(
            "address",
            "An address has at most 200 characters.",
        ));
    }
    let coordinate = |field: &str, s: &str, limit: f64, what: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .ok_or_else(|| {
                AppError::validation(
                    field,
                    format!("A {what} is a number from -{limit} to {limit}, e.g. 31.2304."),
                )
            })
    };
    let lat = coordinate("lat", lat, 90.0, "latitude")?;
    let lon = coordinate("lon", lon, 180.0, "longitude")?;
    let opening_hours = opening_hours.trim();
    if opening_hours.chars().count() > 200 {
        return Err(AppError::validation(
            "opening_hours",
            "Opening hours have at most 200 characters.",
        ));
    }
    check_opening_hours(opening_hours).map_err(|m| AppError::validation("opening_hours", m))?;
    Ok(PlaceView {
        name: name.to_string(),
        address: address.to_string(),
        lat,
        lon,
        opening_hours: opening_hours.to_string(),
    })
}

/// A mini-program's places in its order, each with its position (members of its organization).
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/places")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_places(id: String) -> Result<Vec<(i32, PlaceView)>, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Tester).await?;
        let rows = db::places::of_mp(&st.pool, &id).await?;
        Ok(rows
            .into_iter()
            .map(|p| {
                let view = PlaceView {
                    name: p.name,
                    address: p.address,
                    lat: p.lat,
                    lon: p.lon,
                    opening_hours: p.opening_hours,
                };
                (p.position, view)
            })
            .collect())
    })
    .await
}

/// Adds a place at the end of a mini-program's list.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/add_place")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn add_place(
    id: String,
    name: String,
    #[server(default)] address: String,
    lat: String,
    lon: String,
    #[server(default)] opening_hours: String,
) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        let place = parse_place(&name, &address, &lat, &lon, &opening_hours)?;
        db::places::add_audited(&st.pool, &id, &place, MAX_PLACES, me.id).await
    })
    .await
}

/// Removes the place at `position` (0-based) of a mini-program's list.
#[leptos::server(prefix = "/rpc", endpoint = "portal/mp/remove_place")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_place(id: String, position: i32) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        require_mp_role(&st.pool, &me, &id, OrgRole::Developer).await?;
        db::places::remove_audited(&st.pool, &id, position, me.id).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::check_opening_hours as hours;

    #[test]
    fn opening_hours_in_the_common_subset_are_accepted() {
        for ok in [
            "",
            "24/7",
            "Mo-Fr 09:00-18:00",
            "Mo-Fr 07:00-23:00; Sa-Su 08:00-23:30",
            "Mo-Su 06:00-23:30",
            "Mo,We,Fr 10:00-12:00,14:00-18:00",
            "Fr-Sa 18:00-02:00",
            "10:00-20:00; Su off",
            "Mo-Sa 00:00-24:00; PH off",
        ] {
            assert_eq!(hours(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn malformed_opening_hours_say_what_is_wrong() {
        for bad in [
            "Mon-Fri 9-5",
            "Mo-Fr 9:00-18:00",
            "Mo-Fr 09:00-25:00",
            "Mo-Fr 09:60-18:00",
            "Mo-Fr 09:00",
            "Mo-Fr 09:00-09:00",
            "Mo-Fr 24:00-02:00",
            "Mo-Fr 09:00-18:00;",
            "Xx 09:00-18:00",
            "PH-Mo 09:00-18:00",
        ] {
            let e = hours(bad).expect_err(bad);
            assert!(e.contains('“'), "{bad}: {e}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_place_needs_coordinates_in_range() {
        use crate::error::AppError;
        let field = |r: Result<super::PlaceView, AppError>| match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let ok = super::parse_place(" Cafe ", "1 Road", "31.23", "121.47", "Mo-Fr 08:00-20:00");
        assert_eq!(ok.unwrap().name, "Cafe");
        assert_eq!(field(super::parse_place("", "", "1", "1", "")), "name");
        assert_eq!(field(super::parse_place("A", "", "91", "1", "")), "lat");
        assert_eq!(field(super::parse_place("A", "", "x", "1", "")), "lat");
        assert_eq!(field(super::parse_place("A", "", "1", "-180.5", "")), "lon");
        assert_eq!(field(super::parse_place("A", "", "1", "NaN", "")), "lon");
        assert_eq!(
            field(super::parse_place("A", "", "1", "1", "9-5")),
            "opening_hours"
        );
    }
}
