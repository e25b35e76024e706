//! Sign-up, sign-in, sign-out, sessions, throttling, cross-site refusal and password rules over
//! real HTTP.

mod common;

use app::accounts::api::{
    ChangePassword, GetCurrentUser, SetUserDisabled, SetUserRole, SignIn, SignOut, SignUp,
};
use app::analytics::api::GetPlatformStats;
use app::server::Settings;
use common::*;
use reqwest::StatusCode;
use sqlx::PgPool;
use std::time::Duration;

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("ministore_session="))
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_signs_in_as_a_consumer_and_sign_out_ends_the_session_on_the_server(pool: PgPool) {
    let s = spawn(pool.clone()).await;
    let c = client();
    let (st, body) = s
        .rpc(
            &c,
            &SignUp {
                email: "New@Example.com".into(),
                display_name: "New Person".into(),
                password: "a-fine-passphrase-42".into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert!(st.is_success(), "{st} {body}");
    let (_, me) = s.rpc(&c, &GetCurrentUser {}).await;
    assert_eq!(me["email"], "new@example.com");
    assert_eq!(me["role"], "consumer");
    let sessions_before: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&pool)
        .await
        .unwrap();
    s.rpc(&c, &SignOut {}).await;
    let (_, me) = s.rpc(&c, &GetCurrentUser {}).await;
    assert!(me.is_null(), "still signed in: {me}");
    let sessions_after: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        sessions_after,
        sessions_before - 1,
        "sign-out must delete the session row"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_session_cookie_is_http_only_same_site_lax_and_cycled_at_sign_in(pool: PgPool) {
    let s = spawn(pool).await;
    let c = client();
    // Get an anonymous session first (a page that touches the session).
    s.rpc(
        &c,
        &SignIn {
            email: "nobody@example.com".into(),
            password: "whatever-123".into(),
            next: None,
            favourite: None,
        },
    )
    .await;
    let r = c
        .post(format!("{}/rpc/accounts/sign_in", s.base))
        .form(&[("email", CONSUMER.0), ("password", CONSUMER.1)])
        .send()
        .await
        .unwrap();
    let cookie = session_cookie(&r).expect("a session cookie is set at sign-in");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not mark the cookie Secure: {cookie}"
    );
    let first_id = cookie.split(';').next().unwrap().to_string();
    let r = c
        .post(format!("{}/rpc/accounts/sign_in", s.base))
        .form(&[("email", CONSUMER.0), ("password", CONSUMER.1)])
        .send()
        .await
        .unwrap();
    let second = session_cookie(&r).expect("signing in again sets a new cookie");
    assert_ne!(
        first_id,
        second.split(';').next().unwrap(),
        "the session id must change at sign-in"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn secure_cookies_are_marked_secure(pool: PgPool) {
    let s = spawn_with(
        pool,
        Settings {
            secure_cookies: true,
            ..Settings::default()
        },
    )
    .await;
    let r = client()
        .post(format!("{}/rpc/accounts/sign_in", s.base))
        .form(&[("email", CONSUMER.0), ("password", CONSUMER.1)])
        .send()
        .await
        .unwrap();
    assert!(session_cookie(&r).unwrap().contains("Secure"));
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_user_and_wrong_password_get_the_same_answer(pool: PgPool) {
    let s = spawn(pool).await;
    let c = client();
    let (s1, b1) = s
        .rpc(
            &c,
            &SignIn {
                email: "ghost@example.com".into(),
                password: "whatever-123".into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    let (s2, b2) = s
        .rpc(
            &c,
            &SignIn {
                email: CONSUMER.0.into(),
                password: "whatever-123".into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert_eq!(s1, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((s1, &b1), (s2, &b2));
}

#[sqlx::test(migrations = "../migrations")]
async fn repeated_failures_are_throttled_per_account_but_not_for_long(pool: PgPool) {
    let settings = Settings {
        throttle_max_delay: Duration::from_secs(2),
        ..Settings::default()
    };
    let s = spawn_with(pool.clone(), settings).await;
    let c = client();
    for _ in 0..5 {
        let (st, _) = s
            .rpc(
                &c,
                &SignIn {
                    email: CONSUMER.0.into(),
                    password: "wrong-guess-1".into(),
                    next: None,
                    favourite: None,
                },
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The sixth attempt, even with the right password, must wait.
    let r = c
        .post(format!("{}/rpc/accounts/sign_in", s.base))
        .form(&[("email", CONSUMER.0), ("password", CONSUMER.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().get("retry-after").is_some());
    // Other accounts are unaffected.
    let (st, _) = s
        .rpc(
            &client(),
            &SignIn {
                email: DEVELOPER.0.into(),
                password: DEVELOPER.1.into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert!(st.is_success());
    // After the (capped) delay the real user gets in.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (st, body) = s
        .rpc(
            &c,
            &SignIn {
                email: CONSUMER.0.into(),
                password: CONSUMER.1.into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert!(st.is_success(), "{st} {body}");
}

#[sqlx::test(migrations = "../migrations")]
async fn cross_site_posts_are_refused(pool: PgPool) {
    let s = spawn(pool).await;
    let c = s.signed_in(ADMIN.0, ADMIN.1).await;
    for (h, v) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "http://evil.example"),
    ] {
        let r = c
            .post(format!("{}/rpc/admin/users/list", s.base))
            .header(h, v)
            .form(&[("query", ""), ("page", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{h}: {v}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["kind"], "cross_site");
    }
    let r = c
        .post(format!("{}/rpc/admin/users/list", s.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("query", ""), ("page", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[sqlx::test(migrations = "../migrations")]
async fn password_rules_are_enforced_on_the_server(pool: PgPool) {
    let s = spawn(pool).await;
    for (pw, needle) in [
        ("short", "at least 8"),
        ("password1", "most common"),
        (&"x".repeat(129)[..], "at most 128"),
    ] {
        let (st, body) = s
            .rpc(
                &client(),
                &SignUp {
                    email: "p@example.com".into(),
                    display_name: "P".into(),
                    password: pw.into(),
                    next: None,
                    favourite: None,
                },
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{pw}");
        assert_eq!(body["field"], "password");
        assert!(body["message"].as_str().unwrap().contains(needle), "{body}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn changing_the_password_ends_other_sessions_and_keeps_this_one(pool: PgPool) {
    let s = spawn(pool).await;
    let here = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let elsewhere = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let (st, body) = s
        .rpc(
            &here,
            &ChangePassword {
                current_password: CONSUMER.1.into(),
                new_password: "a-new-passphrase-77".into(),
            },
        )
        .await;
    assert!(st.is_success(), "{st} {body}");
    let (_, me) = s.rpc(&here, &GetCurrentUser {}).await;
    assert_eq!(me["email"], CONSUMER.0);
    let (_, other) = s.rpc(&elsewhere, &GetCurrentUser {}).await;
    assert!(other.is_null(), "the other session must end: {other}");
    s.signed_in(CONSUMER.0, "a-new-passphrase-77").await;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_absolute_timeout_ends_a_session_however_active(pool: PgPool) {
    let settings = Settings {
        session_absolute: Duration::from_secs(1),
        ..Settings::default()
    };
    let s = spawn_with(pool, settings).await;
    let c = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let (_, me) = s.rpc(&c, &GetCurrentUser {}).await;
    assert_eq!(me["email"], CONSUMER.0);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (_, me) = s.rpc(&c, &GetCurrentUser {}).await;
    assert!(me.is_null());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_idle_timeout_ends_a_quiet_session(pool: PgPool) {
    let settings = Settings {
        session_idle: Duration::from_secs(1),
        ..Settings::default()
    };
    let s = spawn_with(pool, settings).await;
    let c = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (_, me) = s.rpc(&c, &GetCurrentUser {}).await;
    assert!(me.is_null());
}

#[sqlx::test(migrations = "../migrations")]
async fn disabling_an_account_ends_its_sessions_and_blocks_sign_in(pool: PgPool) {
    let s = spawn(pool.clone()).await;
    let user = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let admin = s.signed_in(ADMIN.0, ADMIN.1).await;
    let (id,): (uuid::Uuid,) = sqlx::query_as("SELECT id FROM accounts WHERE email = $1")
        .bind(CONSUMER.0)
        .fetch_one(&pool)
        .await
        .unwrap();
    let (st, body) = s
        .rpc(
            &admin,
            &SetUserDisabled {
                account_id: id.to_string(),
                disabled: true,
            },
        )
        .await;
    assert!(st.is_success(), "{st} {body}");
    let (_, me) = s.rpc(&user, &GetCurrentUser {}).await;
    assert!(me.is_null());
    let (st, _) = s
        .rpc(
            &client(),
            &SignIn {
                email: CONSUMER.0.into(),
                password: CONSUMER.1.into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'account.disabled'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audit, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_changes_a_role_and_it_is_audited(pool: PgPool) {
    let s = spawn(pool.clone()).await;
    let admin = s.signed_in(ADMIN.0, ADMIN.1).await;
    let (id,): (uuid::Uuid,) = sqlx::query_as("SELECT id FROM accounts WHERE email = $1")
        .bind(CONSUMER.0)
        .fetch_one(&pool)
        .await
        .unwrap();
    let (st, _) = s
        .rpc(
            &admin,
            &SetUserRole {
                account_id: id.to_string(),
                role: "operator".into(),
            },
        )
        .await;
    assert!(st.is_success());
    let user = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let (st, _) = s.rpc(&user, &GetPlatformStats {}).await;
    assert_eq!(st, StatusCode::OK);
    let (st, body) = s
        .rpc(
            &admin,
            &SetUserRole {
                account_id: id.to_string(),
                role: "emperor".into(),
            },
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let detail: serde_json::Value =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'account.role_changed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(detail["to"], "operator");
}

/// The text of the page's embedded user (the `<script id="ms-user">` the browser hydrates with).
fn embedded_user(html: &str) -> &str {
    let start = html
        .find(r#"<script id="ms-user" type="application/json">"#)
        .expect("the shell embeds the page's user");
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    &rest[open..rest.find("</script>").unwrap()]
}

#[sqlx::test(migrations = "../migrations")]
async fn a_page_carries_its_signed_in_user_for_hydration_escaped(pool: PgPool) {
    let s = spawn(pool).await;
    let c = client();
    let page = s.get(&c, "/").await.text().await.unwrap();
    assert_eq!(embedded_user(&page), "null");

    // A display name that tries to end the script element early.
    let (st, body) = s
        .rpc(
            &c,
            &SignUp {
                email: "script@example.com".into(),
                display_name: "</script><b>x".into(),
                password: "a-fine-passphrase-42".into(),
                next: None,
                favourite: None,
            },
        )
        .await;
    assert!(st.is_success(), "{st} {body}");
    let page = s.get(&c, "/account").await.text().await.unwrap();
    let json = embedded_user(&page);
    assert!(!json.contains('<'), "{json}");
    let user: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(user["email"], "script@example.com");
    assert_eq!(user["display_name"], "</script><b>x");
    assert_eq!(user["role"], "consumer");

    // The not-found page knows its user too (its links navigate inside the app).
    let r = s.get(&c, "/portal/no-such-page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let page = r.text().await.unwrap();
    let user: serde_json::Value = serde_json::from_str(embedded_user(&page)).unwrap();
    assert_eq!(user["email"], "script@example.com");
}
