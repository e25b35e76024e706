//! The places of mini-programs ("store mini-programs": a shop, a branch network).

use sqlx::PgExecutor;

#[derive(Debug)]
pub struct PlaceRow {
    pub position: i32,
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
        "SELECT position, name, address, lat, lon, opening_hours FROM mp_places
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
        "SELECT p.position, p.name, p.address, p.lat, p.lon, p.opening_hours FROM mp_places p
         JOIN mini_programs m ON m.id = p.mp_id
         WHERE m.listed AND NOT m.suspended AND (p.name ILIKE $1 OR p.address ILIKE $1)
         ORDER BY (p.name ILIKE $1) DESC, length(p.name), p.mp_id, p.position LIMIT 1",
        pattern
    )
    .fetch_optional(db)
    .await
}

/// Adds `p` at the end of mini-program `mp_id`'s places (at most `max` of them), audited.
pub async fn add_audited(
    pool: &sqlx::PgPool,
    mp_id: &str,
    p: &crate::miniprograms::PlaceView,
    max: usize,
    by: uuid::Uuid,
) -> crate::error::AppResult<()> {
    use crate::error::AppError;
    let mut tx = pool.begin().await?;
    // Serialises concurrent additions to one mini-program's list.
    sqlx::query_scalar!(
        "SELECT id FROM mini_programs WHERE id = $1 FOR UPDATE",
        mp_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("That mini-program"))?;
    let (n, next) = sqlx::query!(
        r#"SELECT count(*) AS "n!", COALESCE(max(position) + 1, 0) AS "next!"
           FROM mp_places WHERE mp_id = $1"#,
        mp_id
    )
    .fetch_one(&mut *tx)
    .await
    .map(|r| (r.n, r.next))?;
    if n as usize >= max {
        return Err(AppError::validation(
            "name",
            format!("A mini-program lists at most {max} places."),
        ));
    }
    sqlx::query!(
        "INSERT INTO mp_places (mp_id, position, name, address, lat, lon, opening_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        mp_id,
        next,
        p.name,
        p.address,
        p.lat,
        p.lon,
        p.opening_hours
    )
    .execute(&mut *tx)
    .await?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "mp.place_added",
        "mini_program",
        mp_id,
        serde_json::json!({"name": p.name, "lat": p.lat, "lon": p.lon}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the place at `position` of mini-program `mp_id`, audited.
pub async fn remove_audited(
    pool: &sqlx::PgPool,
    mp_id: &str,
    position: i32,
    by: uuid::Uuid,
) -> crate::error::AppResult<()> {
    let mut tx = pool.begin().await?;
    let name = sqlx::query_scalar!(
        "DELETE FROM mp_places WHERE mp_id = $1 AND position = $2 RETURNING name",
        mp_id,
        position
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| crate::error::AppError::not_found("That place"))?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "mp.place_removed",
        "mini_program",
        mp_id,
        serde_json::json!({"name": name}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
