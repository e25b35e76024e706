//! One demo package, from its files and its store listing: validated like an upload, stored,
//! and approved and released to the demo host app unless that version is there already.

use app::domain::MpKind;
use app::server::db::{self, demo};
use app::versions::VersionState;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// A demo mini-program's store listing (`listing.json` of a folder, or a catalogue entry).
#[derive(serde::Deserialize)]
pub struct Listing {
    pub category: String,
    pub kind: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub description_md: String,
    pub org: String,
    /// `false`: a test package, loaded (unlisted) only for the tests.
    #[serde(default = "yes")]
    pub demo: bool,
}

fn yes() -> bool {
    true
}

/// Where demo versions are released, and who reviewed them.
pub struct Target {
    pub host_id: Uuid,
    pub reviewer: Uuid,
}

/// `days` days before now.
pub fn days_ago(days: f64) -> OffsetDateTime {
    OffsetDateTime::now_utc() - Duration::seconds_f64(days * 86_400.0)
}

/// The files of a demo mini-program's folder (but its listing), sorted by name.
pub fn folder_files(folder: &std::path::Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
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

/// One demo mini-program: its listing (registered six days before `released_at`), and its
/// version, released at `released_at` (or approved two days ago, for the grayscale demo's
/// candidate), unless that version is there already. `label` names it in errors.
pub async fn load(
    pool: &PgPool,
    blobs: &app::server::blobs::BlobStore,
    target: &Target,
    label: &str,
    files: Vec<(String, Vec<u8>)>,
    listing: &Listing,
    released_at: OffsetDateTime,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let zip = ministore_package::build_zip(&refs);
    let report = ministore_package::validate(&zip, None, &ministore_package::Limits::default())
        .map_err(|e| anyhow::anyhow!("demo package {label} is invalid: {e}"))?;
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
        .with_context(|| format!("{label}: kind {:?}", listing.kind))?;
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
            created_at: released_at - Duration::days(6),
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
    let (state, reviewed_at) = if release {
        (VersionState::Released, released_at - Duration::hours(3))
    } else {
        (VersionState::Approved, days_ago(2.0))
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
    demo::backdate_version(&mut tx, vid, target.reviewer, reviewed_at).await?;
    if release {
        db::releases::upsert_active(&mut *tx, &mp_id, target.host_id, vid, Some(released_at))
            .await?;
    }
    db::audit::record(
        &mut *tx,
        Some(target.reviewer),
        "demo.loaded",
        "version",
        &format!("{mp_id}@{}", report.version),
        serde_json::json!({"state": state}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
