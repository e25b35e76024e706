//! Demo data for the run command: one account per role, organizations and categories.
//! Idempotent: running it again changes nothing that exists.

use super::db::accounts;
use super::passwords;
use crate::domain::{DisplayName, Email, Role};
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

const ORGS: [(&str, &str, &str); 3] = [
    ("ministore-labs", "Ministore Labs", "in_house"),
    ("acme-payments", "Acme Payments", "partner"),
    ("pixel-arcade", "Pixel Arcade", "partner"),
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

pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
        if accounts::by_email(pool, &email).await?.is_none() {
            let hash = passwords::hash(password.to_string())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
            accounts::create(pool, &email, &name, &hash, role)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if role >= Role::Developer {
                let a = accounts::by_email(pool, &email)
                    .await?
                    .expect("just created");
                accounts::accept_developer_terms(pool, a.id).await?;
            }
        }
    }
    for (slug, name, kind) in ORGS {
        sqlx::query("INSERT INTO organizations (id, slug, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING")
            .bind(Uuid::new_v4())
            .bind(slug)
            .bind(name)
            .bind(kind)
            .execute(pool)
            .await?;
    }
    // The demo developer owns two organizations; the consumer tests for one.
    for (email, org, role) in [
        ("developer@ministore.test", "acme-payments", "owner"),
        ("developer@ministore.test", "ministore-labs", "developer"),
        ("consumer@ministore.test", "acme-payments", "tester"),
    ] {
        sqlx::query(
            "INSERT INTO org_members (org_id, account_id, role)
             SELECT o.id, a.id, $3 FROM organizations o, accounts a WHERE o.slug = $2 AND a.email = $1
             ON CONFLICT DO NOTHING",
        )
        .bind(email)
        .bind(org)
        .bind(role)
        .execute(pool)
        .await?;
    }
    for (i, (slug, name, icon)) in CATEGORIES.iter().enumerate() {
        sqlx::query("INSERT INTO categories (slug, name, icon, position) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING")
            .bind(slug)
            .bind(name)
            .bind(icon)
            .bind(i as i32)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The demo host app's credentials. Demo only: documented in the README so the host API can be
/// tried with curl at once; never use them for a real deployment.
pub const DEMO_HOST_KEY: &str = "ha_demo";
pub const DEMO_HOST_SECRET: &str = "demo-secret-not-for-production";

/// Where the demo mini-programs live (each folder: manifest.json, files, listing.json).
pub fn demo_dir() -> std::path::PathBuf {
    std::env::var("MINISTORE_DEMO_DIR")
        .map(Into::into)
        .unwrap_or_else(|_| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/miniprograms")
        })
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
    blobs: &super::blobs::BlobStore,
    with_test_packages: bool,
) -> anyhow::Result<()> {
    use anyhow::Context;
    sqlx::query(
        "INSERT INTO host_apps (id, app_key, name, platforms, secret_hash) VALUES ($1, $2, 'Ministore Demo SuperApp', $3, $4)
         ON CONFLICT (app_key) DO NOTHING",
    )
    .bind(Uuid::new_v4())
    .bind(DEMO_HOST_KEY)
    .bind(vec!["ios", "android", "web"])
    .bind(super::blobs::sha256_hex(DEMO_HOST_SECRET.as_bytes()))
    .execute(pool)
    .await?;
    let (host_id,): (Uuid,) = sqlx::query_as("SELECT id FROM host_apps WHERE app_key = $1")
        .bind(DEMO_HOST_KEY)
        .fetch_one(pool)
        .await?;
    let (admin_id,): (Uuid,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = 'operator@ministore.test'")
            .fetch_one(pool)
            .await?;

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
        if !listing.demo && !with_test_packages {
            continue;
        }
        let mut files = vec![];
        for entry in std::fs::read_dir(&folder)? {
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
                sqlx::query("INSERT INTO blobs (sha256, size, content_type) VALUES ($1, $2, 'image/svg+xml') ON CONFLICT DO NOTHING")
                    .bind(&sha)
                    .bind(b.len() as i64)
                    .execute(pool)
                    .await?;
                Some(sha)
            }
            None => None,
        };
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO mini_programs (id, org_id, name, kind, category_id, tags, summary, description_md, icon_sha, listed, created_at)
             SELECT $1, o.id, $2, $3, c.id, $4, $5, $6, $7, $8, now() - interval '20 days'
             FROM organizations o LEFT JOIN categories c ON c.slug = $9 WHERE o.slug = $10
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&mp_id)
        .bind(&report.manifest.name)
        .bind(&listing.kind)
        .bind(&listing.tags)
        .bind(&listing.summary)
        .bind(&listing.description_md)
        .bind(&icon)
        .bind(listing.demo)
        .bind(&listing.category)
        .bind(&listing.org)
        .execute(&mut *tx)
        .await?;
        let exists: Option<(i32,)> =
            sqlx::query_as("SELECT 1 FROM versions WHERE mp_id = $1 AND version = $2")
                .bind(&mp_id)
                .bind(&report.version)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            tx.commit().await?;
            continue;
        }
        let sha = blobs.put(zip.clone()).await?;
        sqlx::query("INSERT INTO blobs (sha256, size, content_type) VALUES ($1, $2, 'application/zip') ON CONFLICT DO NOTHING")
            .bind(&sha)
            .bind(zip.len() as i64)
            .execute(&mut *tx)
            .await?;
        let v = semver::Version::parse(&report.version)?;
        // The calculator's second version stays approved: the grayscale demo's candidate.
        let release = !(mp_id == "mp_calculator" && v.minor >= 1);
        let vid = Uuid::new_v4();
        let permissions: Vec<String> = report
            .permissions
            .iter()
            .map(|p| p.name.as_str().to_string())
            .collect();
        sqlx::query(
            "INSERT INTO versions (id, mp_id, version, v_major, v_minor, v_patch, state, package_sha, size, report, permissions,
                                   entry, release_notes, submitted_at, reviewed_by, reviewed_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() - interval '3 days', $14, now() - interval '2 days', now() - interval '4 days')",
        )
        .bind(vid)
        .bind(&mp_id)
        .bind(&report.version)
        .bind(v.major as i64)
        .bind(v.minor as i64)
        .bind(v.patch as i64)
        .bind(if release { "released" } else { "approved" })
        .bind(&sha)
        .bind(zip.len() as i64)
        .bind(serde_json::to_value(&report)?)
        .bind(&permissions)
        .bind(&report.entry)
        .bind(if v.minor == 0 { "First release.".to_string() } else { format!("Version {}: a % key and a dark theme.", report.version) })
        .bind(admin_id)
        .execute(&mut *tx)
        .await?;
        if release {
            sqlx::query(
                "INSERT INTO releases (mp_id, host_app_id, stable_version_id, released_at) VALUES ($1, $2, $3, now() - interval '2 days')
                 ON CONFLICT (mp_id, host_app_id) DO UPDATE SET stable_version_id = EXCLUDED.stable_version_id, active = TRUE",
            )
            .bind(&mp_id)
            .bind(host_id)
            .bind(vid)
            .execute(&mut *tx)
            .await?;
        }
        super::db::audit::record(
            &mut *tx,
            Some(admin_id),
            "demo.loaded",
            "version",
            &format!("{mp_id}@{}", report.version),
            serde_json::json!({"state": if release { "released" } else { "approved" }}),
        )
        .await?;
        tx.commit().await?;
    }
    demo_plan(pool, host_id, admin_id).await?;
    Ok(())
}

/// The grayscale demo: the calculator's 1.1.0 rolled out to 20 % of the demo host app's users
/// (default group, `demo-tester` allow-listed, a ramp to 50 % and 100 % over the next days, a 5 %
/// error-rate gate), with 30 days of seen users and an hour of launches for the preview and the
/// health panel. Loaded once: a plan that exists (whatever its state) is left alone.
async fn demo_plan(pool: &PgPool, host_id: Uuid, operator: Uuid) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let any: Option<(Uuid,)> = sqlx::query_as(
        "SELECT id FROM release_plans WHERE mp_id = 'mp_calculator' AND host_app_id = $1 LIMIT 1",
    )
    .bind(host_id)
    .fetch_optional(&mut *tx)
    .await?;
    let versions: Vec<(Uuid, String, String)> = sqlx::query_as(
        "SELECT id, version, state FROM versions WHERE mp_id = 'mp_calculator' ORDER BY v_minor",
    )
    .fetch_all(&mut *tx)
    .await?;
    let (Some((stable, ..)), Some((candidate, cand_version, cand_state))) =
        (versions.first().cloned(), versions.get(1).cloned())
    else {
        return Ok(());
    };
    if any.is_some() || cand_state != "approved" {
        return Ok(());
    }
    let plan = Uuid::new_v4();
    sqlx::query("UPDATE versions SET state = 'released' WHERE id = $1")
        .bind(candidate)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO release_plans (id, mp_id, host_app_id, stable_version_id, candidate_version_id, state,
           percentage, bucket_group, allow_list, max_error_rate, min_launches, error_window_minutes, on_error,
           created_by, created_at, started_at)
         VALUES ($1, 'mp_calculator', $2, $3, $4, 'running', 20, 'mp_calculator', ARRAY['demo-tester'], 0.05, 50, 60,
                 'pause', $5, now() - interval '1 day', now() - interval '1 day')",
    )
    .bind(plan)
    .bind(host_id)
    .bind(stable)
    .bind(candidate)
    .bind(operator)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO plan_steps (plan_id, position, percentage, at) VALUES
           ($1, 1, 50, date_trunc('hour', now()) + interval '1 day'),
           ($1, 2, 100, date_trunc('hour', now()) + interval '3 days')",
    )
    .bind(plan)
    .execute(&mut *tx)
    .await?;
    super::db::audit::record(
        &mut *tx,
        Some(operator),
        "plan.start",
        "mini_program",
        "mp_calculator",
        serde_json::json!({"plan": plan, "candidate": cand_version, "percentage": 20, "demo": true}),
    )
    .await?;
    // 2,400 users seen over the last 30 days, spread over platforms, regions and app versions.
    sqlx::query(
        "INSERT INTO seen_users (host_app_id, user_id, last_seen, platform, region, app_version, device)
         SELECT $1, 'user-' || lpad(i::text, 4, '0'), now() - (i % 30) * interval '1 day' - (i % 24) * interval '1 hour',
                (ARRAY['ios', 'android', 'web'])[1 + i % 3], (ARRAY['eu', 'us', 'cn', 'sg'])[1 + i % 4],
                (ARRAY['3.2.0', '3.4.1', '4.0.0'])[1 + i % 3], (ARRAY['phone', 'tablet'])[1 + (i % 5 = 0)::int]
         FROM generate_series(1, 2400) AS i
         ON CONFLICT DO NOTHING",
    )
    .bind(host_id)
    .execute(&mut *tx)
    .await?;
    // The last hour's launches (and a few errors) of both versions.
    sqlx::query(
        "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms, platform, region, message)
         SELECT $1, gen_random_uuid(), CASE WHEN i % 61 = 0 THEN 'error' ELSE 'launch' END, 'mp_calculator',
                CASE WHEN i % 5 = 0 THEN $2 ELSE '1.0.0' END, 'user-' || lpad((i * 7 % 2400 + 1)::text, 4, '0'),
                now() - (i % 55) * interval '1 minute', 800 + i % 400, (ARRAY['ios', 'android', 'web'])[1 + i % 3],
                (ARRAY['eu', 'us', 'cn', 'sg'])[1 + i % 4], CASE WHEN i % 61 = 0 THEN 'TypeError: x is undefined' END
         FROM generate_series(1, 700) AS i",
    )
    .bind(host_id)
    .bind(&cand_version)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
