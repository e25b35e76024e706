//! Keeping the snapshot in step with the database: LISTEN for the triggers' notifications,
//! resync periodically, and flush the buffered users.

use super::Live;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

/// The notification channel the triggers use.
pub const CHANNEL: &str = "ministore_resolve";

/// Keeps `live` in step with the database: LISTEN for change notifications (reloading on each
/// burst), resync every `resync` as a safety net, and flush the seen users every 5 seconds.
/// Runs until the process ends; reconnects after errors.
pub fn spawn(live: Arc<Live>, pool: PgPool, resync: Duration) {
    let (l, p) = (live.clone(), pool.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if p.is_closed() {
                return;
            }
            if let Err(e) = l.flush_seen(&p).await {
                tracing::warn!(error = %e, "recording seen users");
            }
        }
    });
    tokio::spawn(async move {
        loop {
            if pool.is_closed() {
                return;
            }
            if let Err(e) = listen(&live, &pool, resync).await {
                if pool.is_closed() {
                    return; // shutting down: nothing to report
                }
                tracing::warn!(error = %e, "resolve change listener; reconnecting in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    });
}

async fn listen(live: &Live, pool: &PgPool, resync: Duration) -> sqlx::Result<()> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    // Anything that changed before we listened.
    live.reload(pool).await?;
    loop {
        match tokio::time::timeout(resync, listener.try_recv()).await {
            // A notification: take every one already here, then reload once.
            Ok(Ok(Some(_))) => {
                while listener.next_buffered().is_some() {}
                live.reload(pool).await?;
            }
            // The connection dropped (and will reconnect): notifications may be lost.
            Ok(Ok(None)) => live.reload(pool).await?,
            Ok(Err(e)) => return Err(e),
            // Quiet for a while: resync anyway.
            Err(_) => live.reload(pool).await?,
        }
    }
}
