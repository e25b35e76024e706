//! Two stores in one process, each over its own database, never answer from the other's: the
//! state a server function uses always comes from its own request (there is no process-wide
//! fallback), also when it is called while a page renders on the server.

mod common;

use app::catalog::api::ListCategories;
use app::orgs::api::MyOrgs;
use common::*;
use sqlx::PgPool;

/// A second, migrated database beside the test's own (dropped at the end by the caller).
async fn second_database(first: &PgPool, name: &str) -> PgPool {
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(first)
        .await
        .unwrap();
    let mut opts = (*first.connect_options()).clone();
    opts = opts.database(name);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(10)
        .connect_with(opts)
        .await
        .unwrap();
    sqlx::migrate!("../migrations").run(&pool).await.unwrap();
    pool
}

/// A marker only this database has: a category on the storefront, and an organization of the
/// demo developer in the portal (read through the session, i.e. the request's own context).
async fn mark(pool: &PgPool, marker: &str) {
    sqlx::query("INSERT INTO categories (slug, name, icon, position) VALUES ($1, $2, '🔖', 99)")
        .bind(marker.to_lowercase())
        .bind(marker)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "WITH o AS (INSERT INTO organizations (id, slug, name, kind)
                    VALUES (gen_random_uuid(), $1, $2, 'partner') RETURNING id)
         INSERT INTO org_members (org_id, account_id, role)
         SELECT o.id, a.id, 'developer' FROM o, accounts a WHERE a.email = $3",
    )
    .bind(format!("{}-org", marker.to_lowercase()))
    .bind(format!("{marker} Org"))
    .bind(DEVELOPER.0)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn two_routers_on_two_databases_in_one_process_never_mix(pool_a: PgPool) {
    let name_b = format!("iso_{}", uuid::Uuid::new_v4().simple());
    let pool_b = second_database(&pool_a, &name_b).await;
    let a = spawn(pool_a.clone()).await;
    let b = spawn(pool_b.clone()).await;
    mark(&pool_a, "Alphamarker").await;
    mark(&pool_b, "Bravomarker").await;
    let (ca, cb) = (
        a.signed_in(DEVELOPER.0, DEVELOPER.1).await,
        b.signed_in(DEVELOPER.0, DEVELOPER.1).await,
    );

    // Pages (server functions called while rendering) and direct server-function calls, to
    // both stores at once, interleaved.
    let mut calls = vec![];
    for i in 0..12 {
        for (s, c, own, other) in [
            (&a, &ca, "Alphamarker", "Bravomarker"),
            (&b, &cb, "Bravomarker", "Alphamarker"),
        ] {
            let path = ["/", "/portal", "/?category=nothing"][i % 3];
            calls.push(async move {
                let page = s.get(c, path).await.text().await.unwrap();
                let (_, rpc) = s.rpc(c, &ListCategories {}).await;
                let (_, orgs) = s.rpc(c, &MyOrgs {}).await;
                (path, own, other, page, rpc.to_string(), orgs.to_string())
            });
        }
    }
    let results = futures_util::future::join_all(calls).await;
    for (path, own, other, page, rpc, orgs) in results {
        assert!(!page.contains("state missing"), "{path}: {page}");
        assert!(
            !page.contains(other),
            "{path} of the {own} store shows {other}"
        );
        if path == "/portal" {
            assert!(page.contains(&format!("{own} Org")), "{path}: no {own} Org");
        } else {
            assert!(
                page.contains(own),
                "{path} of the {own} store lacks its marker"
            );
        }
        assert!(
            rpc.contains(own) && !rpc.contains(other),
            "categories: {rpc}"
        );
        assert!(orgs.contains(own) && !orgs.contains(other), "orgs: {orgs}");
    }
    pool_b.close().await;
    sqlx::query(&format!("DROP DATABASE {name_b} WITH (FORCE)"))
        .execute(&pool_a)
        .await
        .unwrap();
}
