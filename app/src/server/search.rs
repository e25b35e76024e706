//! This instance's search index, derived from PostgreSQL: read whole at start (and every
//! [`REBUILD_EVERY`], which also refreshes popularity), then kept current by the change feed —
//! woken by `LISTEN ministore_search`, polled every [`POLL`] as a safety net, each batch of
//! changes one index commit. Queries run on blocking threads.

use super::db::search::{self as feed, SearchDocRow, Watermark};
use ministore_search::{Doc, Engine, Place, ANY_HOST};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The notification channel of the feed's trigger.
pub const CHANNEL: &str = "ministore_search";
/// The safety-net poll when no notification comes.
pub const POLL: Duration = Duration::from_secs(2);
/// A full re-read of the catalogue (popularity moves with launches, not with the feed).
pub const REBUILD_EVERY: Duration = Duration::from_secs(15 * 60);
/// Feed rows older than this are deleted.
const KEEP_FEED: Duration = Duration::from_secs(24 * 60 * 60);
/// Mini-programs re-read (and applied in one index commit) at a time.
const BATCH: usize = 2000;

/// The index and where in the feed it is.
pub struct Search {
    pub engine: Engine,
    /// `None` until the first build.
    watermark: tokio::sync::Mutex<Option<Watermark>>,
    ready: AtomicBool,
    /// Unix milliseconds of the last time the index was known to be caught up.
    synced_at_ms: AtomicI64,
    /// Counts the index's changes (builds and applied batches): what was derived from it at
    /// one generation is stale at the next.
    generation: AtomicU64,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("docs", &self.engine.len())
            .field("ready", &self.ready.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Default for Search {
    fn default() -> Self {
        Search {
            engine: Engine::new().expect("an in-memory search index can be created"),
            watermark: tokio::sync::Mutex::new(None),
            ready: AtomicBool::new(false),
            synced_at_ms: AtomicI64::new(0),
            generation: AtomicU64::new(0),
        }
    }
}

/// What `/readyz` and the logs say of the index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub ready: bool,
    pub documents: u64,
    /// Changes committed but not yet in the index, and how old the oldest is.
    pub pending_changes: i64,
    pub lag_seconds: f64,
    /// Since the feed was last read to its end.
    pub seconds_since_sync: f64,
}

fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(i64::MAX)
}

/// A database row as the engine's document.
pub fn to_doc(r: SearchDocRow) -> Doc {
    let places: Vec<Place> = serde_json::from_value(r.places).unwrap_or_default();
    let mut hosts: Vec<String> = r.hosts.iter().map(ToString::to_string).collect();
    hosts.push(ANY_HOST.to_string());
    Doc {
        description: super::markdown::plain_text(&r.description_md),
        id: r.id,
        name: r.name,
        summary: r.summary,
        tags: r.tags,
        category: r.category,
        category_name: r.category_name,
        kind: r.kind.as_str().to_string(),
        developer_id: r.org_id.to_string(),
        developer: r.org_name,
        icon: r.icon_sha,
        hosts,
        popularity: u64::try_from(r.popularity).unwrap_or(0),
        released_at: r.released_at.unix_timestamp(),
        places,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Index(#[from] ministore_search::Error),
    #[error("search task: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl Search {
    /// Runs `f` on the engine on a blocking thread.
    pub async fn with<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Result<T, tokio::task::JoinError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || f(&me.engine)).await
    }

    /// Runs a query on the engine on a blocking thread; its error and the task's are one.
    pub async fn query<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Engine) -> ministore_search::Result<T> + Send + 'static,
    ) -> Result<T, SearchError> {
        Ok(self.with(f).await??)
    }

    /// The index's generation (see the field).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// Reads the whole catalogue into the index. The feed position is taken first, so every
    /// change after it is applied again by the next catch-up (applying is idempotent).
    pub async fn rebuild(self: &Arc<Self>, pool: &PgPool) -> Result<usize, SearchError> {
        let mut mark = self.watermark.lock().await;
        let head = feed::feed_head(pool).await?;
        let rows = feed::docs(pool, None).await?;
        let docs: Vec<Doc> = rows.into_iter().map(to_doc).collect();
        let n = docs.len();
        self.with(move |e| e.replace_all(docs)).await??;
        self.generation.fetch_add(1, Ordering::Relaxed);
        *mark = Some(head);
        drop(mark);
        self.catch_up(pool).await?;
        self.ready.store(true, Ordering::Relaxed);
        Ok(n)
    }

    /// Applies every change that became visible since the watermark, [`BATCH`] mini-programs
    /// per index commit, then moves the watermark. Returns how many mini-programs changed.
    pub async fn catch_up(self: &Arc<Self>, pool: &PgPool) -> Result<usize, SearchError> {
        let mut mark = self.watermark.lock().await;
        let Some(after) = mark.clone() else {
            return Ok(0); // not built yet: the build reads everything
        };
        let changes = feed::changes_since(pool, &after).await?;
        for ids in changes.mp_ids.chunks(BATCH) {
            let ids = ids.to_vec();
            let docs: Vec<Doc> = feed::docs(pool, Some(&ids))
                .await?
                .into_iter()
                .map(to_doc)
                .collect();
            self.with(move |e| e.apply(&ids, docs)).await??;
            self.generation.fetch_add(1, Ordering::Relaxed);
        }
        *mark = Some(changes.snapshot);
        self.synced_at_ms.store(now_ms(), Ordering::Relaxed);
        Ok(changes.mp_ids.len())
    }

    /// How far behind the database the index is.
    pub async fn status(&self, pool: &PgPool) -> Result<Status, sqlx::Error> {
        let mark = self.watermark.lock().await.clone();
        let (pending, age) = match mark {
            Some(m) => feed::pending(pool, &m).await?,
            None => (0, None),
        };
        Ok(Status {
            ready: self.is_ready(),
            documents: self.engine.len(),
            pending_changes: pending,
            lag_seconds: age.unwrap_or(0.0).max(0.0),
            #[allow(clippy::cast_precision_loss)]
            seconds_since_sync: (now_ms() - self.synced_at_ms.load(Ordering::Relaxed)) as f64
                / 1000.0,
        })
    }
}

/// Keeps `search` current until the pool closes: build, then follow the feed; reconnects and
/// rebuilds after errors.
pub fn spawn(search: Arc<Search>, pool: PgPool) {
    tokio::spawn(async move {
        loop {
            if pool.is_closed() {
                return;
            }
            if let Err(e) = follow(&search, &pool).await {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "search index feed; retrying in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    });
}

async fn follow(search: &Arc<Search>, pool: &PgPool) -> Result<(), SearchError> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    let started = std::time::Instant::now();
    let n = search.rebuild(pool).await?;
    tracing::info!(
        documents = n,
        ms = started.elapsed().as_millis() as u64,
        "search index built"
    );
    let mut last_rebuild = std::time::Instant::now();
    let mut last_prune = std::time::Instant::now();
    loop {
        match tokio::time::timeout(POLL, listener.try_recv()).await {
            Ok(Ok(Some(_))) => {
                // A burst of commits: take what is already here, then one catch-up.
                while listener.next_buffered().is_some() {}
            }
            Ok(Ok(None)) | Err(_) => {}
            Ok(Err(e)) => return Err(e.into()),
        }
        let applied = search.catch_up(pool).await?;
        if applied > 0 {
            tracing::debug!(applied, "search index updated");
        }
        if last_rebuild.elapsed() >= REBUILD_EVERY {
            search.rebuild(pool).await?;
            last_rebuild = std::time::Instant::now();
        }
        if last_prune.elapsed() >= Duration::from_secs(3600) {
            feed::prune(pool, KEEP_FEED).await?;
            last_prune = std::time::Instant::now();
        }
    }
}
