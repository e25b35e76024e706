//! Operators' changes to curated collections, each in one transaction with its audit entry.

use super::audit;
use crate::curation::{CollectionFields, MAX_ITEMS};
use crate::error::{AppError, AppResult};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A change to a collection's list of mini-programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemChange {
    Add(String),
    Remove(String),
    /// One place earlier (`true`) or later.
    Move(String, bool),
}

fn detail(f: &CollectionFields) -> serde_json::Value {
    serde_json::json!({
        "title": f.title,
        "subtitle": f.subtitle,
        "host_app_id": f.host_app_id,
        "visible_from": f.visible_from.map(|t| t.to_string()),
        "visible_to": f.visible_to.map(|t| t.to_string()),
        "featured": f.featured,
    })
}

/// Moves `list[i]` one place earlier (`up`) or later; its new index, or `None` at either end.
fn step<T>(list: &mut [T], i: usize, up: bool) -> Option<usize> {
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    (j < list.len()).then(|| {
        list.swap(i, j);
        j
    })
}

/// Records `action` on collection `id` by `by` in `tx`, then commits it.
async fn commit_audited(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    by: Uuid,
    action: &str,
    id: Uuid,
    detail: serde_json::Value,
) -> AppResult<()> {
    audit::record(
        &mut *tx,
        Some(by),
        action,
        "collection",
        &id.to_string(),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Locks collection `id` for the rest of `tx`, or answers that it does not exist.
async fn lock(tx: &mut PgConnection, id: Uuid) -> AppResult<()> {
    sqlx::query_scalar!("SELECT id FROM collections WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|_| ())
        .ok_or_else(|| AppError::not_found("That collection"))
}

/// Takes the featured slot from whichever collection holds it (there is one banner).
async fn clear_featured(tx: &mut PgConnection, except: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE collections SET featured = FALSE, updated_at = now()
         WHERE featured AND id <> $1",
        except
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Creates a collection (last in order) with fields `f`; its id.
pub async fn create_audited(pool: &PgPool, f: &CollectionFields, by: Uuid) -> AppResult<Uuid> {
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    // Serialises concurrent creations' positions.
    sqlx::query!("LOCK TABLE collections IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    if f.featured {
        clear_featured(&mut tx, id).await?;
    }
    sqlx::query!(
        "INSERT INTO collections (id, title, subtitle, host_app_id, visible_from, visible_to,
                                  position, featured, created_by)
         VALUES ($1, $2, $3, $4, $5, $6,
                 (SELECT COALESCE(max(position) + 1, 0) FROM collections), $7, $8)",
        id,
        f.title,
        f.subtitle,
        f.host_app_id,
        f.visible_from,
        f.visible_to,
        f.featured,
        by
    )
    .execute(&mut *tx)
    .await?;
    commit_audited(tx, by, "collection.created", id, detail(f)).await?;
    Ok(id)
}

/// Replaces collection `id`'s fields with `f`.
pub async fn update_audited(
    pool: &PgPool,
    id: Uuid,
    f: &CollectionFields,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    lock(&mut tx, id).await?;
    if f.featured {
        clear_featured(&mut tx, id).await?;
    }
    sqlx::query!(
        "UPDATE collections SET title = $2, subtitle = $3, host_app_id = $4, visible_from = $5,
                visible_to = $6, featured = $7, updated_at = now()
         WHERE id = $1",
        id,
        f.title,
        f.subtitle,
        f.host_app_id,
        f.visible_from,
        f.visible_to,
        f.featured
    )
    .execute(&mut *tx)
    .await?;
    commit_audited(tx, by, "collection.updated", id, detail(f)).await
}

/// Deletes collection `id` (and its list).
pub async fn delete_audited(pool: &PgPool, id: Uuid, by: Uuid) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let title = sqlx::query_scalar!("DELETE FROM collections WHERE id = $1 RETURNING title", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found("That collection"))?;
    commit_audited(
        tx,
        by,
        "collection.deleted",
        id,
        serde_json::json!({ "title": title }),
    )
    .await
}

/// Moves collection `id` one place earlier (`up`) or later among all collections; the others
/// are renumbered 0, 1, 2 … in their order. At either end it stays where it is.
pub async fn move_audited(pool: &PgPool, id: Uuid, up: bool, by: Uuid) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!("LOCK TABLE collections IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let mut order =
        sqlx::query_scalar!("SELECT id FROM collections ORDER BY position, created_at, id")
            .fetch_all(&mut *tx)
            .await?;
    let i = order
        .iter()
        .position(|c| *c == id)
        .ok_or_else(|| AppError::not_found("That collection"))?;
    let Some(j) = step(&mut order, i, up) else {
        return Ok(());
    };
    sqlx::query!(
        "UPDATE collections c SET position = (o.n - 1)::int, updated_at = now()
         FROM UNNEST($1::uuid[]) WITH ORDINALITY AS o (id, n) WHERE c.id = o.id",
        &order
    )
    .execute(&mut *tx)
    .await?;
    commit_audited(
        tx,
        by,
        "collection.reordered",
        id,
        serde_json::json!({ "direction": if up { "up" } else { "down" }, "position": j }),
    )
    .await
}

/// Applies `change` to collection `id`'s list of mini-programs.
pub async fn edit_items_audited(
    pool: &PgPool,
    id: Uuid,
    change: &ItemChange,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    lock(&mut tx, id).await?;
    let mut items = sqlx::query_scalar!(
        "SELECT mp_id FROM collection_items WHERE collection_id = $1 ORDER BY position",
        id
    )
    .fetch_all(&mut *tx)
    .await?;
    let (action, mp) = match change {
        ItemChange::Add(mp) => {
            if items.contains(mp) {
                return Err(AppError::conflict(
                    "That mini-program is in the collection already.",
                ));
            }
            if items.len() >= MAX_ITEMS {
                return Err(AppError::validation(
                    "mp_id",
                    format!("A collection holds at most {MAX_ITEMS} mini-programs."),
                ));
            }
            items.push(mp.clone());
            ("collection.item_added", mp)
        }
        ItemChange::Remove(mp) => {
            let n = items.len();
            items.retain(|m| m != mp);
            if items.len() == n {
                return Err(AppError::not_found("That mini-program in the collection"));
            }
            ("collection.item_removed", mp)
        }
        ItemChange::Move(mp, up) => {
            let i = items
                .iter()
                .position(|m| m == mp)
                .ok_or_else(|| AppError::not_found("That mini-program in the collection"))?;
            if step(&mut items, i, *up).is_none() {
                return Ok(());
            }
            ("collection.item_moved", mp)
        }
    };
    sqlx::query!("DELETE FROM collection_items WHERE collection_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO collection_items (collection_id, mp_id, position)
         SELECT $1, i.mp_id, (i.n - 1)::int FROM UNNEST($2::text[]) WITH ORDINALITY AS i (mp_id, n)",
        id,
        &items
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE collections SET updated_at = now() WHERE id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    commit_audited(
        tx,
        by,
        action,
        id,
        serde_json::json!({ "mp_id": mp, "items": items }),
    )
    .await
}

/// Sets collection `id`'s banner picture to blob `sha` (stored as one with this transaction),
/// or removes it (`None`).
pub async fn set_banner_audited(
    pool: &PgPool,
    id: Uuid,
    image: Option<(&str, i64, &str)>,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    lock(&mut tx, id).await?;
    if let Some((sha, size, content_type)) = image {
        super::blobs::insert(&mut *tx, sha, size, content_type).await?;
    }
    let sha = image.map(|i| i.0);
    sqlx::query!(
        "UPDATE collections SET banner_sha = $2, updated_at = now() WHERE id = $1",
        id,
        sha
    )
    .execute(&mut *tx)
    .await?;
    commit_audited(
        tx,
        by,
        if sha.is_some() {
            "collection.banner_uploaded"
        } else {
            "collection.banner_removed"
        },
        id,
        serde_json::json!({ "sha256": sha }),
    )
    .await
}
