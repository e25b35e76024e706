//! Database access, one module per aggregate: every SQL statement of the store lives here.
//! Plain async fns over a `PgExecutor` (pool or transaction), testable without HTTP. Queries are
//! checked at compile time against the migrations (`sqlx::query!` and friends; the `.sqlx/`
//! data committed at the workspace root lets a build run without a database). Rows come back as
//! named `*Row` structs; text-backed enums decode strictly (see `domain::text`).

pub mod accounts;
pub mod analytics;
pub mod audit;
pub mod blobs;
pub mod catalog;
pub mod categories;
pub mod collections;
pub mod curation;
pub mod demo;
pub mod events;
pub mod favourites;
pub mod host_apps;
pub mod invitations;
pub mod listing_images;
pub mod live;
pub mod mini_programs;
pub mod orgs;
pub mod places;
pub mod plans;
pub mod releases;
pub mod review;
pub mod search;
pub mod throttle;
pub mod versions;

/// The database answers.
pub async fn ping(db: impl sqlx::PgExecutor<'_>) -> sqlx::Result<()> {
    sqlx::query_scalar!(r#"SELECT 1 AS "one!""#)
        .fetch_one(db)
        .await
        .map(|_| ())
}
