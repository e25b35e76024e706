//! The version lifecycle over real HTTP: upload (with refusals that store nothing), trial,
//! review, release, withdraw, suspend, roll back — and the refusals for wrong role, wrong
//! organization and wrong state.

mod common;
mod fixtures;

use app::miniprograms::api::{CreateMiniprogram, ReleasedMiniprograms, RemoveScreenshot};
use app::orgs::api::{AcceptInvitation, GetOrg, InviteMember, MyInvitations, RemoveMember};
use app::releases::api::{ReleaseVersion, Rollback, SetSuspended, Withdraw};
use app::review::api::Decide;
use app::versions::api::{StartTrial, SubmitForReview};
use common::*;
use fixtures::PNG;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

fn package(id: &str, version: &str) -> Vec<u8> {
    let manifest = format!(
        r#"{{"id":"{id}","name":"Tips","version":"{version}","entry":"index.html","permissions":["storage"]}}"#
    );
    ministore_package::build_zip(&[
        ("manifest.json", manifest.as_bytes()),
        (
            "index.html",
            b"<!doctype html><html><head></head><body>Tips</body></html>",
        ),
    ])
}

async fn upload(
    s: &TestServer,
    c: &reqwest::Client,
    mp: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let r = c
        .put(format!("{}/portal/upload/{mp}", s.base))
        .body(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn create_mp(s: &TestServer, c: &reqwest::Client) -> String {
    let (st, body) = s
        .rpc(
            c,
            &CreateMiniprogram {
                org_slug: "acme-payments".into(),
                name: "Tips".into(),
                kind: "program".into(),
                category: "finance".into(),
                summary: "Split bills".into(),
                description_md: "**Tips**".into(),
                tags: "money, tips".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    body.as_str().unwrap().to_string()
}

async fn versions(pool: &PgPool, mp: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT version, state FROM versions WHERE mp_id = $1 ORDER BY created_at")
        .bind(mp)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn uploads_are_refused_to_outsiders_and_bad_packages_store_nothing(pool: PgPool) {
    let s = spawn(pool.clone()).await;
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    let mp = create_mp(&s, &dev).await;

    // The consumer is a tester of the organization: not allowed to upload.
    let consumer = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    assert_eq!(
        upload(&s, &consumer, &mp, package(&mp, "1.0.0")).await.0,
        StatusCode::FORBIDDEN
    );
    // An operator is no member of the organization.
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    assert_eq!(
        upload(&s, &op, &mp, package(&mp, "1.0.0")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        upload(&s, &client(), &mp, package(&mp, "1.0.0")).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Not a zip, a wrong id, too large: precise refusals, nothing stored.
    let (st, body) = upload(&s, &dev, &mp, b"hello, not a zip".to_vec()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["problems"][0]["code"] == "not_a_zip", "{body}");
    let (st, body) = upload(&s, &dev, &mp, package("mp_other", "1.0.0")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("id_mismatch"), "{body}");
    let (st, _) = upload(&s, &dev, &mp, vec![0u8; 11 * 1024 * 1024]).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(versions(&pool, &mp).await.is_empty());
    let blobs: i64 =
        sqlx::query_scalar("SELECT count(*) FROM blobs WHERE content_type = 'application/zip'")
            .fetch_one(&pool)
            .await
            .unwrap();

    // A good one is stored with its report; the same or a lower version is refused.
    let (st, body) = upload(&s, &dev, &mp, package(&mp, "1.2.0")).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    assert_eq!(body["report"]["file_count"], 2);
    assert_eq!(
        upload(&s, &dev, &mp, package(&mp, "1.2.0")).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        upload(&s, &dev, &mp, package(&mp, "1.1.0")).await.0,
        StatusCode::CONFLICT
    );
    let after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM blobs WHERE content_type = 'application/zip'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(after, blobs + 1);
    assert_eq!(
        versions(&pool, &mp).await,
        vec![("1.2.0".to_string(), "validated".to_string())]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_version_goes_from_upload_to_release_and_each_step_refuses_the_wrong_role_or_state(
    pool: PgPool,
) {
    let s = spawn(pool.clone()).await;
    sqlx::query("INSERT INTO host_apps (id, app_key, name, secret_hash) VALUES ($1, 'ha_demo', 'Demo', 'x')")
        .bind(uuid::Uuid::new_v4())
        .execute(&pool)
        .await
        .unwrap();
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let consumer = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let mp = create_mp(&s, &dev).await;
    let (_, body) = upload(&s, &dev, &mp, package(&mp, "1.0.0")).await;
    let v1 = body["version_id"].as_str().unwrap().to_string();

    // Operators cannot approve what is not in review; developers cannot approve at all.
    let (st, _) = s
        .rpc(
            &op,
            &Decide {
                version_id: v1.clone(),
                approve: true,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, _) = s
        .rpc(
            &dev,
            &Decide {
                version_id: v1.clone(),
                approve: true,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // A tester cannot start a trial or submit.
    let (st, _) = s
        .rpc(
            &consumer,
            &StartTrial {
                version_id: v1.clone(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, body) = s
        .rpc(
            &dev,
            &StartTrial {
                version_id: v1.clone(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (st, _) = s
        .rpc(
            &dev,
            &SubmitForReview {
                version_id: v1.clone(),
                release_notes: "  ".into(),
            },
        )
        .await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "release notes are required"
    );
    let (st, _) = s
        .rpc(
            &dev,
            &SubmitForReview {
                version_id: v1.clone(),
                release_notes: "First".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    // Rejecting needs a reason.
    let (st, _) = s
        .rpc(
            &op,
            &Decide {
                version_id: v1.clone(),
                approve: false,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = s
        .rpc(
            &op,
            &Decide {
                version_id: v1.clone(),
                approve: true,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    // Developers cannot release.
    let (st, _) = s
        .rpc(
            &dev,
            &ReleaseVersion {
                version_id: v1.clone(),
                app_keys: vec!["ha_demo".into()],
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = s
        .rpc(
            &op,
            &ReleaseVersion {
                version_id: v1.clone(),
                app_keys: vec!["ha_demo".into()],
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (_, list) = s
        .rpc(&client(), &ReleasedMiniprograms { category: None })
        .await;
    assert!(
        list.to_string().contains(&mp),
        "released mini-programs appear on the storefront"
    );

    // A second version, released, supersedes the first; rolling back restores it.
    let (_, body) = upload(&s, &dev, &mp, package(&mp, "1.1.0")).await;
    let v2 = body["version_id"].as_str().unwrap().to_string();
    s.rpc(
        &dev,
        &SubmitForReview {
            version_id: v2.clone(),
            release_notes: "Second".into(),
        },
    )
    .await;
    s.rpc(
        &op,
        &Decide {
            version_id: v2.clone(),
            approve: true,
            reason: String::new(),
        },
    )
    .await;
    s.rpc(
        &op,
        &ReleaseVersion {
            version_id: v2.clone(),
            app_keys: vec!["ha_demo".into()],
        },
    )
    .await;
    let states = versions(&pool, &mp).await;
    assert_eq!(
        states,
        vec![
            ("1.0.0".into(), "superseded".into()),
            ("1.1.0".into(), "released".into())
        ]
    );
    let (st, body) = s
        .rpc(
            &op,
            &Rollback {
                mp_id: mp.clone(),
                version_id: v1.clone(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let states = versions(&pool, &mp).await;
    assert_eq!(
        states,
        vec![
            ("1.0.0".into(), "released".into()),
            ("1.1.0".into(), "superseded".into())
        ]
    );

    // Suspending takes it off the storefront; withdrawing from the only host app too.
    s.rpc(
        &op,
        &SetSuspended {
            mp_id: mp.clone(),
            suspended: true,
            reason: "Reported as broken".into(),
        },
    )
    .await;
    let (_, list) = s
        .rpc(&client(), &ReleasedMiniprograms { category: None })
        .await;
    assert!(!list.to_string().contains(&mp));
    s.rpc(
        &op,
        &SetSuspended {
            mp_id: mp.clone(),
            suspended: false,
            reason: String::new(),
        },
    )
    .await;
    let (st, _) = s
        .rpc(
            &op,
            &Withdraw {
                mp_id: mp.clone(),
                app_key: "ha_demo".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, list) = s
        .rpc(&client(), &ReleasedMiniprograms { category: None })
        .await;
    assert!(!list.to_string().contains(&mp));

    // Every step is in the audit log with who did it.
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE target_id LIKE $1 || '%' ORDER BY id")
            .bind(&mp)
            .fetch_all(&pool)
            .await
            .unwrap();
    let actions: Vec<String> = actions.into_iter().map(|(a,)| a).collect();
    for a in [
        "mp.created",
        "version.uploaded",
        "version.start_trial",
        "version.submit",
        "version.approve",
        "release.full",
        "version.supersede",
        "release.rolled_back",
        "mp.suspended",
        "release.withdrawn",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn only_owners_manage_members_and_invitations_reach_the_invitee(pool: PgPool) {
    let s = spawn(pool).await;
    let owner = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    // The developer is only a developer (not owner) of ministore-labs.
    let (st, _) = s
        .rpc(
            &owner,
            &InviteMember {
                slug: "ministore-labs".into(),
                email: "x@example.com".into(),
                role: "tester".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = s
        .rpc(
            &owner,
            &InviteMember {
                slug: "acme-payments".into(),
                email: OPERATOR.0.into(),
                role: "developer".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let (_, inv) = s.rpc(&op, &MyInvitations {}).await;
    let id = inv[0]["id"].as_str().unwrap().to_string();
    let (st, _) = s
        .rpc(
            &s.signed_in(ADMIN.0, ADMIN.1).await,
            &AcceptInvitation {
                invitation_id: id.clone(),
            },
        )
        .await;
    assert_eq!(
        st,
        StatusCode::NOT_FOUND,
        "an invitation is for its invitee only"
    );
    let (st, body) = s
        .rpc(
            &op,
            &AcceptInvitation {
                invitation_id: id.clone(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (_, org) = s
        .rpc(
            &op,
            &GetOrg {
                slug: "acme-payments".into(),
            },
        )
        .await;
    assert!(org["members"].to_string().contains(OPERATOR.0));
    // The last owner cannot be removed.
    let dev_id = org["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == DEVELOPER.0)
        .unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (st, _) = s
        .rpc(
            &owner,
            &RemoveMember {
                slug: "acme-payments".into(),
                account_id: dev_id,
            },
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_audit_log_exports_as_csv_for_operators_only(pool: PgPool) {
    let s = spawn(pool).await;
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    create_mp(&s, &dev).await;
    assert_eq!(
        s.get(&dev, "/admin/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.get(&client(), "/admin/audit.csv").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let r = s.get(&op, "/admin/audit.csv?action=mp.created").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = r.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "id,at,actor,action,target_type,target_id,detail");
    assert_eq!(lines.len(), 2, "{body}");
    assert!(lines[1].contains("\"mp.created\"") && lines[1].contains(DEVELOPER.0));
}

#[sqlx::test(migrations = "../migrations")]
async fn icons_and_screenshots_accept_only_real_images_from_members(pool: PgPool) {
    let s = spawn(pool.clone()).await;
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    let mp = create_mp(&s, &dev).await;
    let put = |c: &reqwest::Client, kind: &str, body: Vec<u8>| {
        c.put(format!("{}/portal/media/{mp}/{kind}", s.base))
            .body(body)
            .send()
    };
    assert_eq!(
        put(&dev, "icon", b"<svg onload=alert(1)></svg>".to_vec())
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(&dev, "icon", vec![0x89; 3 * 1024 * 1024])
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    assert_eq!(
        put(&op, "icon", PNG.to_vec()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let r = put(&dev, "icon", PNG.to_vec()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let url = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let icon: Option<String> =
        sqlx::query_scalar("SELECT icon_sha FROM mini_programs WHERE id = $1")
            .bind(&mp)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(format!("/blobs/{}", icon.unwrap()), url);
    let shot = |i: u8| [PNG, &[i]].concat();
    for i in 0..6 {
        assert_eq!(
            put(&dev, "screenshot", shot(i)).await.unwrap().status(),
            StatusCode::CREATED
        );
    }
    assert_eq!(
        put(&dev, "screenshot", shot(0)).await.unwrap().status(),
        StatusCode::CONFLICT,
        "the same image twice"
    );
    assert_eq!(
        put(&dev, "screenshot", shot(9)).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a seventh"
    );
    let first: Vec<String> =
        sqlx::query_scalar("SELECT unnest(screenshots) FROM mini_programs WHERE id = $1")
            .bind(&mp)
            .fetch_all(&pool)
            .await
            .unwrap();
    let (st, _) = s
        .rpc(
            &dev,
            &RemoveScreenshot {
                id: mp.clone(),
                url: format!("/blobs/{}", first[0]),
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let n: Option<i32> =
        sqlx::query_scalar("SELECT cardinality(screenshots) FROM mini_programs WHERE id = $1")
            .bind(&mp)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(n, Some(5));
}
