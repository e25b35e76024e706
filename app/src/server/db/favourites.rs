//! Favourites and recently used mini-programs: storefront accounts' and host apps' users'.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// An account's favourites, newest first.
pub async fn of_account(db: impl PgExecutor<'_>, account: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT mp_id FROM favourites WHERE account_id = $1 ORDER BY created_at DESC, mp_id",
        account
    )
    .fetch_all(db)
    .await
}

pub async fn is_favourite(
    db: impl PgExecutor<'_>,
    account: Uuid,
    mp_id: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM favourites WHERE account_id = $1 AND mp_id = $2) AS "yes!""#,
        account,
        mp_id
    )
    .fetch_one(db)
    .await
}

/// Adds (idempotent) or removes a favourite.
pub async fn set_account(
    db: impl PgExecutor<'_>,
    account: Uuid,
    mp_id: &str,
    on: bool,
) -> sqlx::Result<()> {
    if on {
        sqlx::query!(
            "INSERT INTO favourites (account_id, mp_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            account,
            mp_id
        )
        .execute(db)
        .await?;
    } else {
        sqlx::query!(
            "DELETE FROM favourites WHERE account_id = $1 AND mp_id = $2",
            account,
            mp_id
        )
        .execute(db)
        .await?;
    }
    Ok(())
}

/// What an account launched, most recent first.
pub async fn recent_of_account(
    db: impl PgExecutor<'_>,
    account: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT mp_id FROM recent_launches WHERE account_id = $1
         ORDER BY last_used DESC, mp_id LIMIT $2",
        account,
        limit
    )
    .fetch_all(db)
    .await
}

/// An account launched `mp_id` now.
pub async fn touch_recent(db: impl PgExecutor<'_>, account: Uuid, mp_id: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO recent_launches (account_id, mp_id) VALUES ($1, $2)
         ON CONFLICT (account_id, mp_id)
         DO UPDATE SET last_used = now(), launches = recent_launches.launches + 1",
        account,
        mp_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A host app's user's favourites, newest first.
pub async fn of_host_user(
    db: impl PgExecutor<'_>,
    host: Uuid,
    user: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT mp_id FROM host_favourites WHERE host_app_id = $1 AND user_id = $2
         ORDER BY created_at DESC, mp_id",
        host,
        user
    )
    .fetch_all(db)
    .await
}

/// Adds (idempotent) or removes a host app's user's favourite.
pub async fn set_host_user(
    db: impl PgExecutor<'_>,
    host: Uuid,
    user: &str,
    mp_id: &str,
    on: bool,
) -> sqlx::Result<()> {
    if on {
        sqlx::query!(
            "INSERT INTO host_favourites (host_app_id, user_id, mp_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            host,
            user,
            mp_id
        )
        .execute(db)
        .await?;
    } else {
        sqlx::query!(
            "DELETE FROM host_favourites WHERE host_app_id = $1 AND user_id = $2 AND mp_id = $3",
            host,
            user,
            mp_id
        )
        .execute(db)
        .await?;
    }
    Ok(())
}

/// A host app's user's launches: each mini-program once, by its latest launch, newest first.
#[derive(Debug)]
pub struct RecentRow {
    pub mp_id: String,
    pub last_used: OffsetDateTime,
}

pub async fn recent_of_host_user(
    db: impl PgExecutor<'_>,
    host: Uuid,
    user: &str,
    limit: i64,
) -> sqlx::Result<Vec<RecentRow>> {
    sqlx::query_as!(
        RecentRow,
        r#"SELECT mp_id AS "mp_id!", max(ts) AS "last_used!" FROM events
           WHERE host_app_id = $1 AND user_id = $2 AND type = 'launch' AND mp_id IS NOT NULL
           GROUP BY mp_id ORDER BY max(ts) DESC, mp_id LIMIT $3"#,
        host,
        user,
        limit
    )
    .fetch_all(db)
    .await
}

/// The most launched mini-programs over the last `days` (any host app), most first.
pub async fn popular_since(
    db: impl PgExecutor<'_>,
    days: i32,
    limit: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT mp_id AS "mp_id!" FROM events
           WHERE type = 'launch' AND mp_id IS NOT NULL
             AND ts > now() - make_interval(days => $1)
           GROUP BY mp_id ORDER BY count(*) DESC, mp_id LIMIT $2"#,
        days,
        limit
    )
    .fetch_all(db)
    .await
}
