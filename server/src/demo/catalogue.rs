//! The generated part of the demo catalogue. `demo/catalog.json` lists mini-programs (store
//! listing, colour, icon glyph, how long ago it was released, places), and the one template in
//! `demo/template/` becomes each one's package (see `template`). The same file says when the
//! hand-written packages were released, which mini-programs are launched most, and holds the
//! collections and the demo consumer's favourites and recents.

use super::art;
use super::package::{self, Listing, Target};
use super::template::Template;
use anyhow::Context;
use app::domain::OrgKind;
use app::server::db::demo;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// `demo/catalog.json`, with the template it is rendered with.
#[derive(serde::Deserialize)]
pub struct Catalogue {
    /// Organizations besides the ones `load` creates.
    #[serde(default)]
    orgs: Vec<Org>,
    /// How many days ago each hand-written package (by mini-program id) was released.
    #[serde(default)]
    folder_releases: HashMap<String, f64>,
    /// Mini-program ids, the most launched first (see `launch_history`).
    #[serde(default)]
    popular: Vec<String>,
    #[serde(default)]
    pub collections: Vec<Collection>,
    pub consumer: Option<Consumer>,
    programs: Vec<Entry>,
    #[serde(skip)]
    template: Template,
}

#[derive(serde::Deserialize)]
struct Org {
    slug: String,
    name: String,
    kind: String,
}

/// A generated mini-program.
#[derive(serde::Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub version: String,
    /// `#rrggbb`: the icon's and the page's colour.
    pub colour: String,
    /// The icon's emoji, character or short word.
    pub glyph: String,
    pub released_days_ago: f64,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(flatten)]
    pub listing: Listing,
}

#[derive(serde::Deserialize)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    /// `Mo-Fr 08:00-20:00; Sa-Su 09:00-18:00`.
    pub opening_hours: String,
}

/// A curated collection of the storefront's home page; the featured one is its banner.
#[derive(serde::Deserialize)]
pub struct Collection {
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    #[serde(default)]
    pub featured: bool,
    /// The banner's gradient (featured collections only).
    #[serde(default)]
    pub colours: Option<(String, String)>,
    pub items: Vec<String>,
}

/// What the demo consumer has used, so signed-in pages show something.
#[derive(serde::Deserialize)]
pub struct Consumer {
    pub email: String,
    /// Newest first.
    pub favourites: Vec<String>,
    /// Last used first.
    pub recents: Vec<Recent>,
}

#[derive(serde::Deserialize)]
pub struct Recent {
    pub id: String,
    pub launches: i64,
}

/// Launches over 30 days of the most launched mini-program; the one ranked `r` gets
/// `TOP_LAUNCHES / r^ZIPF` (Zipf-like: a few thousands, most in the tens to hundreds).
const TOP_LAUNCHES: f64 = 5000.0;
const ZIPF: f64 = 1.2;

/// Whether `c` is a Chinese character.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Whether `id` is a valid mini-program id (`^mp_[a-z0-9_-]{1,64}$`).
fn is_mp_id(id: &str) -> bool {
    id.strip_prefix("mp_").is_some_and(|rest| {
        (1..=64).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    })
}

impl Catalogue {
    /// The catalogue next to the demo mini-programs' folder `dir` (`dir/../catalog.json` and
    /// `dir/../template/`), or `None` when there is none.
    pub fn read(dir: &std::path::Path) -> anyhow::Result<Option<Catalogue>> {
        let Some(root) = dir.parent() else {
            return Ok(None);
        };
        let file = root.join("catalog.json");
        if !file.exists() {
            tracing::info!(path = %file.display(), "no demo catalogue");
            return Ok(None);
        }
        let mut c: Catalogue = serde_json::from_slice(&std::fs::read(&file)?)
            .with_context(|| format!("{}", file.display()))?;
        c.template = Template::read(&root.join("template"))?;
        let mut ids = std::collections::HashSet::new();
        for e in &c.programs {
            anyhow::ensure!(is_mp_id(&e.id), "catalog.json: bad id {:?}", e.id);
            anyhow::ensure!(ids.insert(&e.id), "catalog.json: {} twice", e.id);
            anyhow::ensure!(art::is_colour(&e.colour), "{}: colour {:?}", e.id, e.colour);
            anyhow::ensure!(
                e.released_days_ago.is_finite() && e.released_days_ago >= 0.0,
                "{}: released_days_ago",
                e.id
            );
        }
        Ok(Some(c))
    }

    /// How many days ago the hand-written package with these files was released, if the
    /// catalogue says.
    pub fn folder_release_days(&self, files: &[(String, Vec<u8>)]) -> Option<f64> {
        let (_, manifest) = files.iter().find(|(n, _)| n == "manifest.json")?;
        let manifest: serde_json::Value = serde_json::from_slice(manifest).ok()?;
        self.folder_releases.get(manifest["id"].as_str()?).copied()
    }

    /// The catalogue's organizations and mini-programs, each released (or left as it is, when
    /// its version exists) with its places (when it has none yet).
    pub async fn load(
        &self,
        pool: &PgPool,
        blobs: &app::server::blobs::BlobStore,
        target: &Target,
    ) -> anyhow::Result<()> {
        for o in &self.orgs {
            let kind = OrgKind::parse(&o.kind).with_context(|| format!("org kind {}", o.kind))?;
            demo::ensure_org(pool, &o.slug, &o.name, kind).await?;
        }
        for e in &self.programs {
            let label = format!("catalog.json: {}", e.id);
            let files = self.template.render(e).with_context(|| label.clone())?;
            let released_at = package::days_ago(e.released_days_ago);
            package::load(pool, blobs, target, &label, files, &e.listing, released_at).await?;
            if !e.places.is_empty() {
                let column = |f: fn(&Place) -> String| e.places.iter().map(f).collect::<Vec<_>>();
                demo::ensure_places(
                    pool,
                    &e.id,
                    &column(|p| p.name.clone()),
                    &column(|p| p.address.clone()),
                    &e.places.iter().map(|p| p.lat).collect::<Vec<_>>(),
                    &e.places.iter().map(|p| p.lon).collect::<Vec<_>>(),
                    &column(|p| p.opening_hours.clone()),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// The demo history of 90 days (once: see `demo::generate_launch_history`), the `popular`
    /// mini-programs getting launches by their rank, and searches.
    pub async fn launch_history(&self, pool: &PgPool, host: Uuid) -> anyhow::Result<()> {
        let counts: Vec<i32> = (1..=self.popular.len())
            .map(|rank| (TOP_LAUNCHES / (rank as f64).powf(ZIPF)).round() as i32)
            .collect();
        let today = time::OffsetDateTime::now_utc().date();
        app::server::db::analytics::ensure_partitions(
            pool,
            today - time::Duration::days(89),
            today,
        )
        .await?;
        let added = demo::generate_launch_history(pool, host, &self.popular, &counts).await?;
        let searches = demo::generate_search_history(pool, host).await?;
        if added > 0 || searches > 0 {
            app::server::db::analytics::mark_all_dirty(pool).await?;
            tracing::info!(
                events = added,
                searches,
                "demo history of 90 days generated"
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_mini_program_id_rule() {
        assert!(is_mp_id("mp_jisuanqi"));
        assert!(is_mp_id("mp_2048"));
        assert!(!is_mp_id("mp_"));
        assert!(!is_mp_id("mp_JiSuan"));
        assert!(!is_mp_id("jisuanqi"));
    }
}
