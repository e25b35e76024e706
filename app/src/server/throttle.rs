//! Sign-in throttling, per account and per client address, kept in PostgreSQL so every server
//! instance sees the same counts.
//!
//! The first `throttle_free_attempts` failures within the window cost nothing. After that each
//! further attempt must wait `2^(n - free) × 1 s`, capped at `throttle_max_delay` — so an attacker
//! gets a handful of guesses an hour, while the real user is held back at most that cap, never
//! locked out. A successful sign-in clears the account's failures.

use super::state::Settings;
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Refuses the attempt with `RateLimited` if this email or address must wait.
pub async fn check(db: &PgPool, s: &Settings, email: &str, address: &str) -> AppResult<()> {
    let window = s.throttle_window.as_secs() as f64;
    let (n_email, last_email, n_addr, last_addr): (i64, Option<OffsetDateTime>, i64, Option<OffsetDateTime>) =
        sqlx::query_as(
            "SELECT
               (SELECT count(*) FROM login_failures WHERE email = $1 AND at > now() - make_interval(secs => $3)),
               (SELECT max(at) FROM login_failures WHERE email = $1),
               (SELECT count(*) FROM login_failures WHERE address = $2 AND at > now() - make_interval(secs => $3)),
               (SELECT max(at) FROM login_failures WHERE address = $2)",
        )
        .bind(email)
        .bind(address)
        .bind(window)
        .fetch_one(db)
        .await?;
    let wait_email = wait(n_email, s.throttle_free_attempts, last_email, s);
    let wait_addr = wait(n_addr, s.throttle_address_attempts, last_addr, s);
    let wait = wait_email.max(wait_addr);
    if wait > 0 {
        return Err(AppError::RateLimited {
            retry_after_secs: wait as u64,
        });
    }
    Ok(())
}

/// Seconds left to wait after `failures` failures, the last at `last`.
fn wait(failures: i64, free: i64, last: Option<OffsetDateTime>, s: &Settings) -> i64 {
    let Some(last) = last else { return 0 };
    if failures < free {
        return 0;
    }
    let exp = (failures - free).min(20) as u32;
    let delay = 2i64.pow(exp).min(s.throttle_max_delay.as_secs() as i64);
    let elapsed = (OffsetDateTime::now_utc() - last).whole_seconds();
    (delay - elapsed).max(0)
}

pub async fn record_failure(db: &PgPool, email: &str, address: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO login_failures (email, address) VALUES ($1, $2)")
        .bind(email)
        .bind(address)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &PgPool, email: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(db)
        .await?;
    Ok(())
}

/// Drops failures older than the window (run periodically).
pub async fn prune(db: &PgPool, s: &Settings) -> sqlx::Result<u64> {
    let r = sqlx::query("DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1)")
        .bind(s.throttle_window.as_secs() as f64 * 2.0)
        .execute(db)
        .await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_exponentially_after_the_free_attempts_and_is_capped() {
        let s = Settings::default();
        let now = Some(OffsetDateTime::now_utc());
        assert_eq!(wait(4, 5, now, &s), 0);
        assert!(wait(5, 5, now, &s) >= 0 && wait(5, 5, now, &s) <= 1);
        assert!((30..=32).contains(&wait(10, 5, now, &s)));
        assert_eq!(wait(40, 5, now, &s), 15 * 60);
    }

    #[test]
    fn an_old_failure_no_longer_holds_the_user_back() {
        let s = Settings::default();
        let long_ago = Some(OffsetDateTime::now_utc() - time::Duration::hours(1));
        assert_eq!(wait(40, 5, long_ago, &s), 0);
    }
}
