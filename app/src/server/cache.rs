//! A short-lived cache of one value derived from the database and the search index: fresh for
//! `ttl` and while the index's generation is the one it was made at, cleared at once by a write
//! that changes it on this instance (other instances see the change within `ttl`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Cached<T> {
    ttl: Duration,
    slot: Mutex<Option<(Instant, u64, T)>>,
}

impl<T: Clone> Cached<T> {
    pub fn new(ttl: Duration) -> Self {
        Cached {
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The value, if made at `generation` less than `ttl` ago.
    pub fn get(&self, generation: u64) -> Option<T> {
        let slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.as_ref()
            .filter(|(at, g, _)| *g == generation && at.elapsed() < self.ttl)
            .map(|(_, _, v)| v.clone())
    }

    /// Keeps `value`, made at `generation`.
    pub fn put(&self, generation: u64, value: T) {
        let mut slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = Some((Instant::now(), generation, value));
    }

    pub fn clear(&self) {
        let mut slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = None;
    }
}

#[cfg(test)]
mod tests {
    use super::Cached;
    use std::time::Duration;

    #[test]
    fn a_value_is_fresh_for_its_generation_and_time() {
        let c = Cached::new(Duration::from_secs(60));
        assert_eq!(c.get(1), None);
        c.put(1, "home");
        assert_eq!(c.get(1), Some("home"));
        assert_eq!(c.get(2), None, "the index changed");
        c.clear();
        assert_eq!(c.get(1), None);
        let short = Cached::new(Duration::ZERO);
        short.put(1, "home");
        assert_eq!(short.get(1), None, "expired");
    }
}
