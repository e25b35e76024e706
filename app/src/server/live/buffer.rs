//! The users resolve sees, buffered in memory and written to `seen_users` in batches (launch
//! events record theirs as they are stored, see `db::events::store`).

use super::Live;
use crate::server::db::live::{self as db, SeenUsers};
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The most distinct users buffered between two flushes (beyond, new ones wait for the next).
const SEEN_BUFFER_MAX: usize = 200_000;

/// A user as last seen by resolve or a launch event.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub platform: Option<String>,
    pub region: Option<String>,
    pub app_version: Option<String>,
    pub device: Option<String>,
    pub custom: BTreeMap<String, String>,
}

impl Live {
    /// Remembers that `user` of `host` was seen with this context (written by [`Live::flush_seen`]).
    pub fn saw(&self, host: Uuid, user: &str, seen: impl FnOnce() -> Seen) {
        let Ok(mut map) = self.seen.lock() else {
            return;
        };
        let key = (host, user.to_string());
        if map.len() >= SEEN_BUFFER_MAX && !map.contains_key(&key) {
            return;
        }
        map.insert(key, seen());
    }

    /// Writes the buffered users to `seen_users` in one statement.
    pub async fn flush_seen(&self, pool: &PgPool) -> sqlx::Result<usize> {
        let batch: HashMap<(Uuid, String), Seen> = match self.seen.lock() {
            Ok(mut map) => std::mem::take(&mut *map),
            Err(_) => return Ok(0),
        };
        if batch.is_empty() {
            return Ok(0);
        }
        let n = batch.len();
        let mut rows = SeenUsers::default();
        for ((host, user), s) in batch {
            rows.hosts.push(host);
            rows.users.push(user);
            rows.platforms.push(s.platform);
            rows.regions.push(s.region);
            rows.app_versions.push(s.app_version);
            rows.devices.push(s.device);
            rows.customs
                .push(serde_json::to_value(s.custom).unwrap_or_default());
        }
        db::record_seen(pool, &rows).await?;
        Ok(n)
    }
}
