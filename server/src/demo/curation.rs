//! The catalogue's curation and the demo consumer's history: the collections of the
//! storefront's home page (the featured one with a generated banner), loaded only into a store
//! that has no collection, and the demo consumer's favourites and recents, each written only
//! while the consumer has none.

use super::art;
use super::catalogue::Catalogue;
use app::server::db::{self, demo};
use sqlx::PgPool;
use uuid::Uuid;

/// The collections (created by `operator`, for every host app) and the consumer's rows.
pub async fn load(
    pool: &PgPool,
    blobs: &app::server::blobs::BlobStore,
    catalogue: &Catalogue,
    operator: Uuid,
) -> anyhow::Result<()> {
    if !demo::has_collections(pool).await? {
        let mut banners = vec![];
        for c in &catalogue.collections {
            banners.push(match (&c.colours, c.featured) {
                (Some((from, to)), true) => {
                    let svg = art::banner(from, to).into_bytes();
                    let size = i64::try_from(svg.len())?;
                    let sha = blobs.put(svg).await?;
                    db::blobs::insert(pool, &sha, size, "image/svg+xml").await?;
                    Some(sha)
                }
                _ => None,
            });
        }
        let mut tx = pool.begin().await?;
        for ((c, banner), position) in catalogue.collections.iter().zip(&banners).zip(0..) {
            demo::insert_collection(
                &mut tx,
                &demo::DemoCollection {
                    id: Uuid::new_v4(),
                    title: &c.title,
                    subtitle: &c.subtitle,
                    banner_sha: banner.as_deref(),
                    position,
                    featured: c.featured,
                    created_by: operator,
                },
                &c.items,
            )
            .await?;
        }
        tx.commit().await?;
    }
    if let Some(consumer) = &catalogue.consumer {
        demo::ensure_favourites(pool, &consumer.email, &consumer.favourites).await?;
        let ids: Vec<String> = consumer.recents.iter().map(|r| r.id.clone()).collect();
        let launches: Vec<i64> = consumer.recents.iter().map(|r| r.launches).collect();
        demo::ensure_recents(pool, &consumer.email, &ids, &launches).await?;
    }
    Ok(())
}
