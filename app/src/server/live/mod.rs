//! What the host API's hot paths need, held in memory: host-app credentials, active releases with
//! their live plans, versions in trial and the testers of each organization.
//!
//! Each server instance loads a [`Snapshot`] at start ([`snapshot`]) and reloads it when
//! PostgreSQL says something changed (triggers on the tables notify `ministore_resolve` at
//! commit; see the grayscale migration), plus a periodic resync in case a notification is lost
//! ([`listener`]). Resolve and host-app authentication then cost no query. The users resolve
//! sees are buffered and written in batches, for the audience preview ([`buffer`]).

mod buffer;
mod listener;
mod snapshot;

pub use buffer::Seen;
pub use listener::{spawn, CHANNEL};
pub use snapshot::{verify_host, HostKey, LivePlan, LiveRelease, Pkg, Resolved, Snapshot, Why};

use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

/// The in-memory state of one server instance: the current snapshot and the users seen since
/// the last flush.
pub struct Live {
    snapshot: ArcSwap<Snapshot>,
    reloading: tokio::sync::Mutex<()>,
    seen: Mutex<HashMap<(Uuid, String), Seen>>,
    /// Reloads so far (for tests and logs).
    pub reloads: std::sync::atomic::AtomicU64,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            snapshot: ArcSwap::from_pointee(Snapshot::default()),
            reloading: tokio::sync::Mutex::new(()),
            seen: Mutex::new(HashMap::new()),
            reloads: Default::default(),
        }
    }
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").finish_non_exhaustive()
    }
}
