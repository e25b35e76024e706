//! The [`Snapshot`]: everything resolve and host-app authentication read, loaded in one
//! consistent read and swapped in whole ([`Live::reload`]), so readers never wait or see half
//! a change.

use super::Live;
use crate::server::db::live as db;
use ministore_rules::{Context, Decision, Plan};
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

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
        db::snapshot_isolation(&mut tx).await?;
        let mut snap = Snapshot {
            loaded: true,
            ..Snapshot::default()
        };
        for h in db::host_keys(&mut *tx).await? {
            snap.host_apps.insert(
                h.app_key,
                HostKey {
                    id: h.id,
                    secret_hash: h.secret_hash,
                    disabled: h.disabled,
                },
            );
        }
        for r in db::releases(&mut *tx).await? {
            snap.releases.insert(
                (r.host_app_id, r.mp_id),
                LiveRelease {
                    org_id: r.org_id,
                    stable: Pkg {
                        version: r.version,
                        sha256: r.package_sha,
                        size: r.size,
                    },
                    reason: if r.reason == "rollback" {
                        "rollback"
                    } else {
                        "full"
                    },
                    min_version: r.min_version,
                    plan: None,
                },
            );
        }
        for p in db::plans(&mut *tx).await? {
            let Some(release) = snap.releases.get_mut(&(p.host_app_id, p.mp_id)) else {
                continue;
            };
            let rules = crate::server::plans::rules_of(
                &p.bucket_group,
                p.percentage,
                &p.allow_list,
                &p.conditions,
            );
            let needs_time = rules
                .conditions
                .iter()
                .any(|c| c.context_name == "currentTime");
            release.plan = Some(LivePlan {
                id: p.id,
                candidate: Pkg {
                    version: p.version,
                    sha256: p.package_sha,
                    size: p.size,
                },
                rules,
                min_version: p.min_version,
                needs_time,
            });
        }
        for t in db::trials(&mut *tx).await? {
            let newer = match snap.trials.get(&t.mp_id) {
                None => true,
                // Newest by semver; equal or unparsable: the latest upload.
                Some(old) => match (
                    semver::Version::parse(&t.version),
                    semver::Version::parse(&old.version),
                ) {
                    (Ok(a), Ok(b)) => a >= b,
                    _ => true,
                },
            };
            if newer {
                snap.trials.insert(
                    t.mp_id,
                    Pkg {
                        version: t.version,
                        sha256: t.package_sha,
                        size: t.size,
                    },
                );
            }
        }
        for m in db::testers(&mut *tx).await? {
            snap.testers
                .entry(m.org_id)
                .or_default()
                .insert(m.account_id.to_string());
        }
        tx.commit().await?;
        Ok(snap)
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

    /// Reads the database again and swaps the snapshot in. Reloads run one at a time, so the
    /// newest read always lands last.
    pub async fn reload(&self, pool: &PgPool) -> sqlx::Result<()> {
        let _guard = self.reloading.lock().await;
        let snap = Snapshot::load(pool).await?;
        self.snapshot.store(Arc::new(snap));
        self.reloads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// Host-app authentication from the snapshot: the enabled host app whose key is `key` and whose
/// secret hashes to its stored hash (compared in constant time; an unknown key costs the same).
pub fn verify_host(snap: &Snapshot, key: &str, secret: &str) -> Option<Uuid> {
    use subtle::ConstantTimeEq;
    let presented = crate::server::blobs::sha256_hex(secret.as_bytes());
    const NO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    let (id, stored, usable) = match snap.host_apps.get(key) {
        Some(h) => (h.id, h.secret_hash.as_str(), !h.disabled),
        None => (Uuid::nil(), NO_HASH, false),
    };
    let matches: bool = presented.as_bytes().ct_eq(stored.as_bytes()).into();
    (matches && usable && !id.is_nil()).then_some(id)
}
