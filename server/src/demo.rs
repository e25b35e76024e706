//! Demo data for the run command: one account per role, organizations and categories.
//! Idempotent: running it again changes nothing that exists.

use app::domain::{DisplayName, Email, MpKind, OrgKind, OrgRole, Role};
use app::server::db::{self, accounts, demo, host_apps};
use app::server::passwords;
use app::versions::VersionState;
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

/// Where the demo mini-programs live (each folder: manifest.json, files, listing.json).
pub fn demo_dir() -> std::path::PathBuf {
    std::env::var("MINISTORE_DEMO_DIR").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/miniprograms"),
        Into::into,
    )
}

#[derive(serde::Deserialize)]
struct Listing {
    category: String,
    kind: String,
    summary: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    description_md: String,
    org: String,
    #[serde(default = "yes")]
    demo: bool,
}

fn yes() -> bool {
    true
}

/// Loads the demo host app and the demo mini-programs: each package is zipped from its folder,
/// validated like an upload, stored, approved and released to the demo host app (the newest
/// version of each, except a second calculator version kept approved for the grayscale demo).
/// `with_test_packages` also releases (unlisted) the malicious probe package the tests use.
pub async fn load_programs(
    pool: &PgPool,
    blobs: &app::server::blobs::BlobStore,
    with_test_packages: bool,
) -> anyhow::Result<()> {
    use anyhow::Context;
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
    let reviewer = demo::account_id(pool, "operator@ministore.test").await?;

    let dir = demo_dir();
    let mut folders: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading the demo mini-programs in {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.json").exists())
        .collect();
    folders.sort();
    for folder in folders {
        let listing: Listing = serde_json::from_slice(&std::fs::read(folder.join("listing.json"))?)
            .with_context(|| format!("{}/listing.json", folder.display()))?;
        if listing.demo || with_test_packages {
            load_program(pool, blobs, &folder, &listing, host_id, reviewer).await?;
        }
    }
    demo_plan(pool, host_id, reviewer).await?;
    Ok(())
}

/// The files of a demo mini-program's folder (but its listing), sorted by name.
fn package_files(folder: &std::path::Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = vec![];
    for entry in std::fs::read_dir(folder)? {
        let p = entry?.path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if p.is_file() && name != "listing.json" {
            files.push((name, std::fs::read(&p)?));
        }
    }
    files.sort();
    Ok(files)
}

/// One demo mini-program: its listing, and its version (released, or approved for the grayscale
/// demo's candidate) unless that version is there already.
async fn load_program(
    pool: &PgPool,
    blobs: &app::server::blobs::BlobStore,
    folder: &std::path::Path,
    listing: &Listing,
    host_id: Uuid,
    reviewer: Uuid,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let files = package_files(folder)?;
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let zip = ministore_package::build_zip(&refs);
    let report = ministore_package::validate(&zip, None, &ministore_package::Limits::default())
        .map_err(|e| anyhow::anyhow!("demo package {} is invalid: {e}", folder.display()))?;
    let mp_id = report
        .manifest
        .id
        .clone()
        .context("demo manifests carry their id")?;
    let icon = match files.iter().find(|(n, _)| n == "icon.svg") {
        Some((_, b)) => {
            let sha = blobs.put(b.clone()).await?;
            db::blobs::insert(pool, &sha, i64::try_from(b.len())?, "image/svg+xml").await?;
            Some(sha)
        }
        None => None,
    };
    let kind = MpKind::parse(&listing.kind)
        .with_context(|| format!("{}: kind {:?}", folder.display(), listing.kind))?;
    let mut tx = pool.begin().await?;
    demo::ensure_mini_program(
        &mut tx,
        &demo::DemoListing {
            id: &mp_id,
            org_slug: &listing.org,
            name: &report.manifest.name,
            kind,
            category_slug: &listing.category,
            tags: &listing.tags,
            summary: &listing.summary,
            description_md: &listing.description_md,
            icon_sha: icon.as_deref(),
            listed: listing.demo,
        },
    )
    .await?;
    if db::versions::exists(&mut *tx, &mp_id, &report.version).await? {
        tx.commit().await?;
        return Ok(());
    }
    let sha = blobs.put(zip.clone()).await?;
    let size = i64::try_from(zip.len())?;
    db::blobs::insert(&mut *tx, &sha, size, "application/zip").await?;
    let v = semver::Version::parse(&report.version)?;
    // The calculator's second version stays approved: the grayscale demo's candidate.
    let release = !(mp_id == "mp_calculator" && v.minor >= 1);
    let state = if release {
        VersionState::Released
    } else {
        VersionState::Approved
    };
    let vid = Uuid::new_v4();
    let permissions: Vec<String> = report
        .permissions
        .iter()
        .map(|p| p.name.as_str().to_string())
        .collect();
    let notes = if v.minor == 0 {
        "First release.".to_string()
    } else {
        format!("Version {}: a % key and a dark theme.", report.version)
    };
    db::versions::insert(
        &mut *tx,
        &db::versions::NewVersion {
            id: vid,
            mp_id: &mp_id,
            version: &v,
            state,
            package_sha: &sha,
            size,
            report: serde_json::to_value(&report)?,
            permissions: &permissions,
            entry: &report.entry,
            release_notes: &notes,
            uploaded_by: None,
        },
    )
    .await?;
    demo::backdate_version(&mut tx, vid, reviewer).await?;
    if release {
        let two_days_ago = time::OffsetDateTime::now_utc() - time::Duration::days(2);
        db::releases::upsert_active(&mut *tx, &mp_id, host_id, vid, Some(two_days_ago)).await?;
    }
    db::audit::record(
        &mut *tx,
        Some(reviewer),
        "demo.loaded",
        "version",
        &format!("{mp_id}@{}", report.version),
        serde_json::json!({"state": state}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The grayscale demo: the calculator's 1.1.0 rolled out to 20 % of the demo host app's users
/// (default group, `demo-tester` allow-listed, a ramp to 50 % and 100 % over the next days, a 5 %
/// error-rate gate), with 30 days of seen users and an hour of launches for the preview and the
/// health panel. Loaded once: a plan that exists (whatever its state) is left alone.
async fn demo_plan(pool: &PgPool, host_id: Uuid, operator: Uuid) -> anyhow::Result<()> {
    const MP: &str = "mp_calculator";
    let mut tx = pool.begin().await?;
    if demo::has_plan(&mut tx, MP, host_id).await? {
        return Ok(());
    }
    let versions = demo::versions_of(&mut tx, MP).await?;
    let (Some(stable), Some(candidate)) = (versions.first(), versions.get(1)) else {
        return Ok(());
    };
    if candidate.state != VersionState::Approved {
        return Ok(());
    }
    let plan = Uuid::new_v4();
    demo::insert_running_plan(
        &mut tx,
        plan,
        MP,
        host_id,
        stable.id,
        candidate.id,
        operator,
    )
    .await?;
    db::audit::record(
        &mut *tx,
        Some(operator),
        "plan.start",
        "mini_program",
        MP,
        serde_json::json!({"plan": plan, "candidate": candidate.version, "percentage": 20, "demo": true}),
    )
    .await?;
    demo::generate_seen_users(&mut tx, host_id).await?;
    demo::generate_launches(&mut tx, host_id, MP, &candidate.version).await?;
    tx.commit().await?;
    Ok(())
}
