//! Failed sign-ins, per email and per client address (read by `server::throttle`).

use sqlx::PgExecutor;
use time::OffsetDateTime;

/// Recent failures of one email and one address: how many within the window, and the last one
/// ever (still on record).
#[derive(Debug)]
pub struct FailureCounts {
    pub email_failures: i64,
    pub email_last: Option<OffsetDateTime>,
    pub address_failures: i64,
    pub address_last: Option<OffsetDateTime>,
}

/// The failures of `email` and of `address` within the last `window_secs` seconds.
pub async fn failures(
    db: impl PgExecutor<'_>,
    email: &str,
    address: &str,
    window_secs: f64,
) -> sqlx::Result<FailureCounts> {
    sqlx::query_as!(
        FailureCounts,
        r#"SELECT
             (SELECT count(*) FROM login_failures
              WHERE email = $1 AND at > now() - make_interval(secs => $3)) AS "email_failures!",
             (SELECT max(at) FROM login_failures WHERE email = $1) AS "email_last?",
             (SELECT count(*) FROM login_failures
              WHERE address = $2 AND at > now() - make_interval(secs => $3)) AS "address_failures!",
             (SELECT max(at) FROM login_failures WHERE address = $2) AS "address_last?""#,
        email,
        address,
        window_secs
    )
    .fetch_one(db)
    .await
}

pub async fn record_failure(
    db: impl PgExecutor<'_>,
    email: &str,
    address: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO login_failures (email, address) VALUES ($1, $2)",
        email,
        address
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the failures of `email`.
pub async fn clear(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM login_failures WHERE email = $1", email)
        .execute(db)
        .await?;
    Ok(())
}

/// Drops failures older than `older_than_secs` seconds; returns how many.
pub async fn prune(db: impl PgExecutor<'_>, older_than_secs: f64) -> sqlx::Result<u64> {
    let r = sqlx::query!(
        "DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)",
        older_than_secs
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected())
}
