//! Demo data for the run command: one account per role, organizations and categories
//! (`load`), then the demo host app and its catalogue (`load_programs`): the hand-written
//! packages of `demo/miniprograms/`, the mini-programs generated from `demo/catalog.json` and
//! `demo/template/`, places, a launch history, curated collections and the demo consumer's
//! favourites and recents. Idempotent: running it again changes nothing that exists.

mod art;
mod catalogue;
mod curation;
mod package;
mod plan;
mod template;

use app::domain::{DisplayName, Email, OrgKind, OrgRole, Role};
use app::server::db::{accounts, demo, host_apps};
use app::server::passwords;
use sqlx::PgPool;
use uuid::Uuid;

/// The demo accounts: (email, display name, role, password). Documented in the README.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 4] = [
    (
        "consumer@ministore.test",
        "Casey Consumer",
        Role::Consumer,
        "ministore-consumer",
    ),
    (
        "developer@ministore.test",
        "Dana Developer",
        Role::Developer,
        "ministore-developer",
    ),
    (
        "operator@ministore.test",
        "Omar Operator",
        Role::Operator,
        "ministore-operator",
    ),
    (
        "admin@ministore.test",
        "Ada Admin",
        Role::Admin,
        "ministore-admin",
    ),
];

const ORGS: [(&str, &str, OrgKind); 3] = [
    ("ministore-labs", "Ministore Labs", OrgKind::InHouse),
    ("acme-payments", "Acme Payments", OrgKind::Partner),
    ("pixel-arcade", "Pixel Arcade", OrgKind::Partner),
];

const CATEGORIES: [(&str, &str, &str); 7] = [
    ("finance", "Finance", "💳"),
    ("utilities", "Utilities", "🧰"),
    ("games", "Games", "🎮"),
    ("lifestyle", "Lifestyle", "🌿"),
    ("travel", "Travel", "✈️"),
    ("shopping", "Shopping", "🛍️"),
    ("productivity", "Productivity", "✅"),
];

/// The demo accounts, organizations (the developer owns one and develops for another; the
/// consumer tests for one) and categories.
pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
        if accounts::by_email(pool, &email).await?.is_none() {
            let hash = passwords::hash(password.to_string())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
            let account = accounts::create(pool, &email, &name, &hash, role)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if role >= Role::Developer {
                accounts::accept_developer_terms(pool, account.id).await?;
            }
        }
    }
    for (slug, name, kind) in ORGS {
        demo::ensure_org(pool, slug, name, kind).await?;
    }
    for (email, org, role) in [
        ("developer@ministore.test", "acme-payments", OrgRole::Owner),
        (
            "developer@ministore.test",
            "ministore-labs",
            OrgRole::Developer,
        ),
        ("consumer@ministore.test", "acme-payments", OrgRole::Tester),
    ] {
        demo::ensure_member(pool, email, org, role).await?;
    }
    for (i, (slug, name, icon)) in (0i32..).zip(CATEGORIES) {
        demo::ensure_category(pool, slug, name, icon, i).await?;
    }
    Ok(())
}

/// The demo host app's credentials. Demo only: documented in the README so the host API can be
/// tried with curl at once; never use them for a real deployment.
pub const DEMO_HOST_KEY: &str = "ha_demo";
pub const DEMO_HOST_SECRET: &str = "demo-secret-not-for-production";

/// Where the demo mini-programs live (each folder: manifest.json, files, listing.json). The
/// catalogue (`catalog.json`, `template/`) is in the folder above, when it is there.
pub fn demo_dir() -> std::path::PathBuf {
    std::env::var("MINISTORE_DEMO_DIR").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/miniprograms"),
        Into::into,
    )
}

/// Loads the demo host app and the demo mini-programs: each package (a folder of
/// `demo_dir()`, or generated from the catalogue) is zipped, validated like an upload, stored,
/// approved and released to the demo host app (the newest version of each, except a second
/// calculator version kept approved for the grayscale demo). Then the catalogue's places,
/// launch history, collections and the demo consumer's favourites and recents.
/// `with_test_packages` also releases (unlisted) the malicious probe package the tests use.
pub async fn load_programs(
    pool: &PgPool,
    blobs: &app::server::blobs::BlobStore,
    with_test_packages: bool,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let started = std::time::Instant::now();
    let platforms = ["ios", "android", "web"].map(String::from);
    let host_id = host_apps::ensure(
        pool,
        &host_apps::NewHostApp {
            id: Uuid::new_v4(),
            app_key: DEMO_HOST_KEY,
            name: "Ministore Demo SuperApp",
            platforms: &platforms,
            secret_hash: &app::server::blobs::sha256_hex(DEMO_HOST_SECRET.as_bytes()),
        },
    )
    .await?;
    let target = package::Target {
        host_id,
        reviewer: demo::account_id(pool, "operator@ministore.test").await?,
    };

    let dir = demo_dir();
    let catalogue = catalogue::Catalogue::read(&dir)?;
    let mut folders: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading the demo mini-programs in {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.json").exists())
        .collect();
    folders.sort();
    for folder in folders {
        let listing: package::Listing =
            serde_json::from_slice(&std::fs::read(folder.join("listing.json"))?)
                .with_context(|| format!("{}/listing.json", folder.display()))?;
        if listing.demo || with_test_packages {
            let files = package::folder_files(&folder)?;
            let days = catalogue
                .as_ref()
                .and_then(|c| c.folder_release_days(&files));
            let released_at = package::days_ago(days.unwrap_or(2.0));
            let label = folder.display().to_string();
            package::load(pool, blobs, &target, &label, files, &listing, released_at).await?;
        }
    }
    if let Some(catalogue) = &catalogue {
        catalogue.load(pool, blobs, &target).await?;
    }
    plan::demo_plan(pool, target.host_id, target.reviewer).await?;
    if let Some(catalogue) = &catalogue {
        catalogue.launch_history(pool, target.host_id).await?;
        curation::load(pool, blobs, catalogue, target.reviewer).await?;
    }
    tracing::info!(took = ?started.elapsed(), "demo mini-programs loaded");
    Ok(())
}
