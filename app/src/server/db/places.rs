//! The places of mini-programs ("store mini-programs": a shop, a branch network).

use sqlx::PgExecutor;

#[derive(Debug)]
pub struct PlaceRow {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub opening_hours: String,
}

/// A mini-program's places, in its order.
pub async fn of_mp(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Vec<PlaceRow>> {
    sqlx::query_as!(
        PlaceRow,
        "SELECT name, address, lat, lon, opening_hours FROM mp_places
         WHERE mp_id = $1 ORDER BY position",
        mp_id
    )
    .fetch_all(db)
    .await
}

/// The first listed, not suspended mini-program's place whose name or address contains `text`
/// (case-insensitive): a typed place for "Nearby", geocoded against the places the store knows.
pub async fn find(db: impl PgExecutor<'_>, text: &str) -> sqlx::Result<Option<PlaceRow>> {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    sqlx::query_as!(
        PlaceRow,
        "SELECT p.name, p.address, p.lat, p.lon, p.opening_hours FROM mp_places p
         JOIN mini_programs m ON m.id = p.mp_id
         WHERE m.listed AND NOT m.suspended AND (p.name ILIKE $1 OR p.address ILIKE $1)
         ORDER BY (p.name ILIKE $1) DESC, length(p.name), p.mp_id, p.position LIMIT 1",
        pattern
    )
    .fetch_optional(db)
    .await
}
