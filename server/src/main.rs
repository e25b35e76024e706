//! `server`: runs the store. `DATABASE_URL` is required; `MINISTORE_DEMO=1` loads demo data.

use leptos::prelude::get_configuration;
use std::future::IntoFuture;
use std::net::SocketAddr;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    let conf = get_configuration(None)?;
    let mut leptos_options = conf.leptos_options;
    if let Ok(addr) = std::env::var("MINISTORE_ADDR") {
        leptos_options.site_addr = addr
            .parse()
            .map_err(|e| anyhow::anyhow!("MINISTORE_ADDR={addr}: {e}"))?;
    }
    let addr: SocketAddr = leptos_options.site_addr;
    let database_url = std::env::var("DATABASE_URL").map_err(|_| {
        anyhow::anyhow!(
            "DATABASE_URL is not set (the run command sets it for the private database)"
        )
    })?;
    let settings = server::settings_from_env();
    let pool = server::connect(&database_url).await?;
    if std::env::var("MINISTORE_DEMO").is_ok_and(|v| v == "1") {
        server::demo::load(&pool).await?;
        let blobs = app::server::blobs::BlobStore::new(&settings.blob_dir)?;
        let test_packages = std::env::var("MINISTORE_DEMO_TEST_PACKAGES").is_ok_and(|v| v == "1");
        server::demo::load_programs(&pool, &blobs, test_packages).await?;
        // The charts are alive at once, not only after the first rollup tick.
        let days = app::server::db::analytics::roll_up(&pool).await?;
        tracing::info!(rolled_up = days, "demo data loaded");
    }
    app::server::passwords::warm_up();
    server::spawn_background(pool.clone(), settings.clone());
    let sandbox_addr: SocketAddr = std::env::var("MINISTORE_SANDBOX_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:3002".into())
        .parse()
        .map_err(|e| anyhow::anyhow!("MINISTORE_SANDBOX_ADDR: {e}"))?;
    let sandbox_origin = settings.sandbox_origin.clone();
    let sandbox = server::sandbox_router(
        server::app_state(leptos_options.clone(), pool.clone(), settings.clone()),
        &server::store_origins_from_env(),
    );
    let router = server::router(leptos_options, pool.clone(), settings);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on {addr}: {e} (is another server using the port? set MINISTORE_ADDR)"
        )
    })?;
    let sandbox_listener = tokio::net::TcpListener::bind(sandbox_addr)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {sandbox_addr} for the sandbox origin: {e} (is another server \
                 using the port? set MINISTORE_SANDBOX_ADDR, and MINISTORE_SANDBOX_ORIGIN to match)"
            )
        })?;
    tracing::info!("Ministore is serving on http://{addr}");
    tracing::info!("the sandbox origin {sandbox_origin} is served on http://{sandbox_addr}");
    // One signal stops both listeners.
    let (stop, stopped) = tokio::sync::watch::channel(());
    tokio::spawn(async move {
        shutdown().await;
        let _ = stop.send(());
    });
    let until_stopped = |mut rx: tokio::sync::watch::Receiver<()>| async move {
        let _ = rx.changed().await;
    };
    // TCP_NODELAY: a response's head and body go out at once, never held back by Nagle's
    // algorithm waiting for a delayed ACK (40 ms per small download otherwise).
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let sandbox_listener = sandbox_listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::try_join!(
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(until_stopped(stopped.clone()))
        .into_future(),
        axum::serve(sandbox_listener, sandbox)
            .with_graceful_shutdown(until_stopped(stopped))
            .into_future(),
    )?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
