//! What the host API's hot paths need, held in memory: host-app credentials, active releases with
//! their live plans, versions in trial and the testers of each organization.
//!
//! Each server instance loads a [`Snapshot`] at start and reloads it when PostgreSQL says
//! something changed (triggers on the tables notify `ministore_resolve` at commit; see the
//! grayscale migration), plus a periodic resync in case a notification is lost. Resolve and
//! host-app authentication then cost no query. The users resolve sees are buffered here and
//! written in batches (for the audience preview).

use arc_swap::ArcSwap;
use ministore_rules::{Context, Decision, Plan};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// The notification channel the triggers use.
pub const CHANNEL: &str = "ministore_resolve";
/// The most distinct users buffered between two flushes (beyond, new ones wait for the next).
const SEEN_BUFFER_MAX: usize = 200_000;

/// A package as resolve returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pkg {
    pub version: String,
    pub sha256: String,
    pub size: i64,
}

/// A running or paused plan, ready to decide.
#[derive(Debug, Clone)]
pub struct LivePlan {
    pub id: Uuid,
    pub candidate: Pkg,
    pub rules: Plan,
    pub min_version: Option<String>,
    /// Whether some condition reads `currentTime` (then "now" is put in the context).
    pub needs_time: bool,
}

/// An active release of a mini-program to a host app.
#[derive(Debug, Clone)]
pub struct LiveRelease {
    pub org_id: Uuid,
    pub stable: Pkg,
    /// `full` or `rollback`.
    pub reason: &'static str,
    pub min_version: Option<String>,
    pub plan: Option<LivePlan>,
}

/// A host app's credentials.
#[derive(Debug, Clone)]
pub struct HostKey {
    pub id: Uuid,
    pub secret_hash: String,
    pub disabled: bool,
}

/// Everything resolve and host-app authentication read.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub host_apps: HashMap<String, HostKey>,
    pub releases: HashMap<(Uuid, String), LiveRelease>,
    /// The newest version in trial of each mini-program.
    pub trials: HashMap<String, Pkg>,
    /// Enabled members of each organization (account ids as strings).
    pub testers: HashMap<Uuid, HashSet<String>>,
    pub loaded: bool,
}

/// Why a user gets the version they get (HOST-API.md `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Full,
    Percentage,
    AllowList,
    Trial,
    Rollback,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Full => "full",
            Why::Percentage => "percentage",
            Why::AllowList => "allow_list",
            Why::Trial => "trial",
            Why::Rollback => "rollback",
        }
    }
}

/// The outcome of a resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub pkg: &'a Pkg,
    pub why: Why,
    pub min_version: Option<&'a str>,
}

impl Snapshot {
    /// Which version `ctx`'s user gets of `mp_id` through `host`; `None` when it is not
    /// released there (no release, withdrawn, suspended). `now` (RFC 3339) is only called when a
    /// condition compares dates with the current time.
    pub fn resolve<'a>(
        &'a self,
        host: Uuid,
        mp_id: &str,
        ctx: &mut Context,
        now: impl FnOnce() -> String,
    ) -> Option<Resolved<'a>> {
        let release = self.releases.get(&(host, mp_id.to_string()))?;
        let min_version = release
            .plan
            .as_ref()
            .and_then(|p| p.min_version.as_deref())
            .or(release.min_version.as_deref());
        let user = ctx.user_id.as_deref().unwrap_or("");
        if let (Some(trial), Some(testers)) =
            (self.trials.get(mp_id), self.testers.get(&release.org_id))
        {
            if testers.contains(user) {
                return Some(Resolved {
                    pkg: trial,
                    why: Why::Trial,
                    min_version,
                });
            }
        }
        if let Some(plan) = &release.plan {
            if plan.needs_time {
                ctx.current_time = Some(now());
            }
            match plan.rules.decide(ctx) {
                Decision::Candidate(r) => {
                    return Some(Resolved {
                        pkg: &plan.candidate,
                        why: match r {
                            ministore_rules::Reason::AllowList => Why::AllowList,
                            ministore_rules::Reason::Percentage => Why::Percentage,
                        },
                        min_version,
                    })
                }
                Decision::Stable => {
                    return Some(Resolved {
                        pkg: &release.stable,
                        why: Why::Full,
                        min_version,
                    })
                }
            }
        }
        Some(Resolved {
            pkg: &release.stable,
            why: if release.reason == "rollback" {
                Why::Rollback
            } else {
                Why::Full
            },
            min_version,
        })
    }

    /// Loads everything in one consistent read.
    pub async fn load(pool: &PgPool) -> sqlx::Result<Snapshot> {
        let mut tx = pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        let mut snap = Snapshot {
            loaded: true,
            ..Snapshot::default()
        };
        let hosts: Vec<(Uuid, String, String, bool)> =
            sqlx::query_as("SELECT id, app_key, secret_hash, disabled FROM host_apps")
                .fetch_all(&mut *tx)
                .await?;
        for (id, key, secret_hash, disabled) in hosts {
            snap.host_apps.insert(
                key,
                HostKey {
                    id,
                    secret_hash,
                    disabled,
                },
            );
        }
        type ReleaseRow = (
            String,
            Uuid,
            Uuid,
            String,
            String,
            i64,
            String,
            Option<String>,
        );
        let releases: Vec<ReleaseRow> = sqlx::query_as(
            "SELECT r.mp_id, r.host_app_id, m.org_id, v.version, v.package_sha, b.size, r.reason, r.min_version
             FROM releases r
             JOIN mini_programs m ON m.id = r.mp_id
             JOIN versions v ON v.id = r.stable_version_id
             JOIN blobs b ON b.sha256 = v.package_sha
             JOIN host_apps h ON h.id = r.host_app_id
             WHERE r.active AND NOT m.suspended AND NOT h.disabled
               AND v.state IN ('released', 'superseded')",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (mp, host, org_id, version, sha256, size, reason, min_version) in releases {
            snap.releases.insert(
                (host, mp),
                LiveRelease {
                    org_id,
                    stable: Pkg {
                        version,
                        sha256,
                        size,
                    },
                    reason: if reason == "rollback" {
                        "rollback"
                    } else {
                        "full"
                    },
                    min_version,
                    plan: None,
                },
            );
        }
        type PlanRow = (
            Uuid,
            String,
            Uuid,
            i16,
            String,
            Vec<String>,
            serde_json::Value,
            Option<String>,
            String,
            String,
            i64,
        );
        let plans: Vec<PlanRow> = sqlx::query_as(
            "SELECT p.id, p.mp_id, p.host_app_id, p.percentage, p.bucket_group, p.allow_list,
                    p.conditions, p.min_version, v.version, v.package_sha, b.size
             FROM release_plans p
             JOIN versions v ON v.id = p.candidate_version_id
             JOIN blobs b ON b.sha256 = v.package_sha
             WHERE p.state IN ('running', 'paused')",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, mp, host, pct, group, allow, conditions, min_version, version, sha256, size) in
            plans
        {
            let Some(release) = snap.releases.get_mut(&(host, mp)) else {
                continue;
            };
            let rules = super::plans::rules_of(&group, pct, &allow, &conditions);
            let needs_time = rules
                .conditions
                .iter()
                .any(|c| c.context_name == "currentTime");
            release.plan = Some(LivePlan {
                id,
                candidate: Pkg {
                    version,
                    sha256,
                    size,
                },
                rules,
                min_version,
                needs_time,
            });
        }
        let trials: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT v.mp_id, v.version, v.package_sha, b.size
             FROM versions v JOIN blobs b ON b.sha256 = v.package_sha
             WHERE v.state = 'in_trial' ORDER BY v.created_at",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (mp, version, sha256, size) in trials {
            let newer = match snap.trials.get(&mp) {
                None => true,
                Some(old) => {
                    // Newest by semver; equal or unparsable: the latest upload.
                    match (
                        semver::Version::parse(&version),
                        semver::Version::parse(&old.version),
                    ) {
                        (Ok(a), Ok(b)) => a >= b,
                        _ => true,
                    }
                }
            };
            if newer {
                snap.trials.insert(
                    mp,
                    Pkg {
                        version,
                        sha256,
                        size,
                    },
                );
            }
        }
        let members: Vec<(Uuid, Uuid)> = sqlx::query_as(
            "SELECT om.org_id, om.account_id FROM org_members om
             JOIN accounts a ON a.id = om.account_id WHERE NOT a.disabled",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (org, account) in members {
            snap.testers
                .entry(org)
                .or_default()
                .insert(account.to_string());
        }
        tx.commit().await?;
        Ok(snap)
    }
}

/// A user as last seen by resolve or a launch event.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub platform: Option<String>,
    pub region: Option<String>,
    pub app_version: Option<String>,
    pub device: Option<String>,
    pub custom: BTreeMap<String, String>,
}

/// The in-memory state of one server instance.
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

impl Live {
    /// The current snapshot, loading it first if this instance has none yet.
    pub async fn snapshot(&self, pool: &PgPool) -> sqlx::Result<Arc<Snapshot>> {
        let snap = self.snapshot.load_full();
        if snap.loaded {
            return Ok(snap);
        }
        self.reload(pool).await?;
        Ok(self.snapshot.load_full())
    }

    /// Reads the database again and swaps the snapshot in. Reloads run one at a time, so the newest read always lands last.
    pub async fn reload(&self, pool: &PgPool) -> sqlx::Result<()> {
        let _guard = self.reloading.lock().await;
        let snap = Snapshot::load(pool).await?;
        self.snapshot.store(Arc::new(snap));
        self.reloads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

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
        let mut hosts = Vec::with_capacity(n);
        let mut users = Vec::with_capacity(n);
        let mut platforms = Vec::with_capacity(n);
        let mut regions = Vec::with_capacity(n);
        let mut app_versions = Vec::with_capacity(n);
        let mut devices = Vec::with_capacity(n);
        let mut customs = Vec::with_capacity(n);
        for ((host, user), s) in batch {
            hosts.push(host);
            users.push(user);
            platforms.push(s.platform);
            regions.push(s.region);
            app_versions.push(s.app_version);
            devices.push(s.device);
            customs.push(serde_json::to_value(s.custom).unwrap_or_default());
        }
        record_seen(
            pool,
            &hosts,
            &users,
            &platforms,
            &regions,
            &app_versions,
            &devices,
            &customs,
        )
        .await?;
        Ok(n)
    }
}

/// Upserts users into `seen_users` (arrays of equal length).
#[allow(clippy::too_many_arguments)]
pub async fn record_seen(
    db: impl sqlx::PgExecutor<'_>,
    hosts: &[Uuid],
    users: &[String],
    platforms: &[Option<String>],
    regions: &[Option<String>],
    app_versions: &[Option<String>],
    devices: &[Option<String>],
    customs: &[serde_json::Value],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO seen_users (host_app_id, user_id, last_seen, platform, region, app_version, device, custom)
         SELECT DISTINCT ON (h, u) h, u, now(), p, r, a, d, c
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
              AS t(h, u, p, r, a, d, c)
         ON CONFLICT (host_app_id, user_id) DO UPDATE SET last_seen = now(),
           platform = COALESCE(EXCLUDED.platform, seen_users.platform),
           region = COALESCE(EXCLUDED.region, seen_users.region),
           app_version = COALESCE(EXCLUDED.app_version, seen_users.app_version),
           device = COALESCE(EXCLUDED.device, seen_users.device),
           custom = seen_users.custom || EXCLUDED.custom",
    )
    .bind(hosts)
    .bind(users)
    .bind(platforms)
    .bind(regions)
    .bind(app_versions)
    .bind(devices)
    .bind(customs)
    .execute(db)
    .await?;
    Ok(())
}

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

/// Host-app authentication from the snapshot: the enabled host app whose key is `key` and whose
/// secret hashes to its stored hash (compared in constant time; an unknown key costs the same).
pub fn verify_host(snap: &Snapshot, key: &str, secret: &str) -> Option<Uuid> {
    use subtle::ConstantTimeEq;
    let presented = super::blobs::sha256_hex(secret.as_bytes());
    const NO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    let (id, stored, usable) = match snap.host_apps.get(key) {
        Some(h) => (h.id, h.secret_hash.as_str(), !h.disabled),
        None => (Uuid::nil(), NO_HASH, false),
    };
    let matches: bool = presented.as_bytes().ct_eq(stored.as_bytes()).into();
    (matches && usable && !id.is_nil()).then_some(id)
}
