//! Sign-in throttling, per account and per client address, kept in PostgreSQL so every server
//! instance sees the same counts.
//!
//! The first `throttle_free_attempts` failures within the window cost nothing. After that each
//! further attempt must wait `2^(n - free) × 1 s`, capped at `throttle_max_delay` — so an attacker
//! gets a handful of guesses an hour, while the real user is held back at most that cap, never
//! locked out. A successful sign-in clears the account's failures.

use super::db::throttle;
use super::state::Settings;
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Refuses the attempt with `RateLimited` if this email or address must wait.
pub async fn check(db: &PgPool, s: &Settings, email: &str, address: &str) -> AppResult<()> {
    let window = s.throttle_window.as_secs() as f64;
    let f = throttle::failures(db, email, address, window).await?;
    let wait_email = wait(f.email_failures, s.throttle_free_attempts, f.email_last, s);
    let wait_addr = wait(
        f.address_failures,
        s.throttle_address_attempts,
        f.address_last,
        s,
    );
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

/// Counts a failed attempt against `email` and `address`.
pub async fn record_failure(db: &PgPool, email: &str, address: &str) -> AppResult<()> {
    Ok(throttle::record_failure(db, email, address).await?)
}

/// Clears the failures of `email` (after a successful sign-in).
pub async fn clear(db: &PgPool, email: &str) -> AppResult<()> {
    Ok(throttle::clear(db, email).await?)
}

/// Drops failures older than the window (run periodically).
pub async fn prune(db: &PgPool, s: &Settings) -> sqlx::Result<u64> {
    throttle::prune(db, s.throttle_window.as_secs() as f64 * 2.0).await
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
