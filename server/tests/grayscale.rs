//! Grayscale releases end to end over HTTP: the demo plan, operators driving plans through their
//! states, refusals, events, the error-rate gate, the scheduled ramp, the OpenAPI document, and
//! two server processes on one database agreeing within a second.

mod common;
mod fixtures;

use app::grayscale::api::{GetPlanPage, PlanAction, PreviewAudience, SavePlan};
use app::grayscale::PlanInput;
use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::time::{Duration, Instant};

const AUTH: &str = "Bearer ha_demo.demo-secret-not-for-production";

/// A server over the demo data (accounts, organizations, mini-programs, the running plan).
async fn demo(pool: PgPool) -> TestServer {
    let settings = fixtures::demo_data(&pool).await;
    let s = spawn_with(pool, settings).await;
    s.refresh().await;
    s
}

/// Starts, pauses, resumes, completes or rolls back a plan, as `c`.
async fn plan_action(
    s: &TestServer,
    c: &Client,
    plan_id: &str,
    action: &str,
) -> (StatusCode, Value) {
    s.rpc(
        c,
        &PlanAction {
            plan_id: plan_id.into(),
            action: action.into(),
        },
    )
    .await
}

async fn resolve(base: &str, mp: &str, query: &str) -> (StatusCode, Value) {
    let r = Client::new()
        .get(format!("{base}/api/v1/miniprograms/{mp}/resolve?{query}"))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn plan_page(s: &TestServer, op: &Client) -> Value {
    let (status, page) = s
        .rpc(
            op,
            &GetPlanPage {
                mp_id: "mp_calculator".into(),
                app_key: "ha_demo".into(),
            },
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

/// The page's plan input with `changes` applied, as the typed argument of `plans/save`.
fn edited(page: &Value, changes: Value) -> PlanInput {
    let mut input = page["input"].clone();
    for (k, v) in changes.as_object().unwrap() {
        input[k] = v.clone();
    }
    serde_json::from_value(input).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_demo_plan_buckets_users_as_host_api_md_says(pool: PgPool) {
    let s = demo(pool).await;
    let (status, r) = resolve(&s.base, "mp_calculator", "user_id=demo-tester").await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(
        (r["version"].as_str(), r["reason"].as_str()),
        (Some("1.1.0"), Some("allow_list"))
    );
    let mut candidates = 0;
    for i in 0..400 {
        let user = format!("user-{i}");
        let (_, r) = resolve(&s.base, "mp_calculator", &format!("user_id={user}")).await;
        let in_cohort = ministore_rules::bucket("mp_calculator", &user) <= 20;
        let want = if in_cohort {
            ("1.1.0", "percentage")
        } else {
            ("1.0.0", "full")
        };
        assert_eq!(
            (
                r["version"].as_str().unwrap(),
                r["reason"].as_str().unwrap()
            ),
            want,
            "{user}"
        );
        candidates += usize::from(in_cohort);
    }
    assert!(
        (50..=110).contains(&candidates),
        "{candidates} of 400 at 20 %"
    );
    // Sticky: the same user gets the same answer again.
    let (_, a) = resolve(&s.base, "mp_calculator", "user_id=user-7").await;
    let (_, b) = resolve(&s.base, "mp_calculator", "user_id=user-7&platform=ios").await;
    assert_eq!(a["version"], b["version"]);
    // Resolve calls are remembered for the audience preview (flushed every 5 s).
    let deadline = Instant::now() + Duration::from_secs(12);
    loop {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM seen_users WHERE user_id = 'user-399'")
                .fetch_one(&s.pool)
                .await
                .unwrap();
        if n == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "resolve users were not recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn operators_change_pause_roll_back_and_complete_plans(pool: PgPool) {
    let s = demo(pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let page = plan_page(&s, &op).await;
    assert_eq!(page["state"], "running");
    assert_eq!(page["input"]["percentage"], 20);
    assert_eq!(page["candidate"]["version"], "1.1.0");
    assert!(
        page["health"]["launches"].as_i64().unwrap() > 50,
        "{}",
        page["health"]
    );
    let plan_id = page["plan_id"].as_str().unwrap().to_string();

    // 100 % but only on iOS, with a minimum version.
    let body = edited(
        &page,
        json!({"percentage": 100, "min_version": "1.0.0",
               "conditions": [{"field": "platform", "operator": "IN", "values": ["ios"]}]}),
    );
    let (status, r) = s
        .rpc_json(
            &op,
            &SavePlan {
                input: body.clone(),
            },
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (_, ios) = resolve(&s.base, "mp_calculator", "user_id=u1&platform=ios").await;
    let (_, android) = resolve(&s.base, "mp_calculator", "user_id=u1&platform=android").await;
    let (_, tester) = resolve(
        &s.base,
        "mp_calculator",
        "user_id=demo-tester&platform=android",
    )
    .await;
    assert_eq!(
        (ios["version"].as_str(), ios["reason"].as_str()),
        (Some("1.1.0"), Some("percentage"))
    );
    assert_eq!(ios["min_version"], "1.0.0");
    assert_eq!(android["version"], "1.0.0");
    assert_eq!(tester["reason"], "allow_list");

    // The preview evaluates the plan against the demo's seen users: a third are on iOS.
    let (status, p) = s.rpc_json(&op, &PreviewAudience { input: body }).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let (seen, reached) = (p["seen"].as_i64().unwrap(), p["reached"].as_i64().unwrap());
    assert!(seen >= 2400, "{p}");
    assert!((seen / 3 - 5..=seen / 3 + 5).contains(&reached), "{p}");

    // Pause: the candidate keeps its audience; a second pause is a conflict.
    let act = |a: &'static str| plan_action(&s, &op, &plan_id, a);
    assert_eq!(act("pause").await.0, StatusCode::OK);
    assert_eq!(act("pause").await.0, StatusCode::CONFLICT);
    assert_eq!(
        resolve(&s.base, "mp_calculator", "user_id=u1&platform=ios")
            .await
            .1["version"],
        "1.1.0"
    );

    // Roll back: everyone gets the stable version, and says why.
    assert_eq!(act("rollback").await.0, StatusCode::OK);
    for q in ["user_id=u1&platform=ios", "user_id=demo-tester"] {
        let (_, r) = resolve(&s.base, "mp_calculator", q).await;
        assert_eq!(
            (r["version"].as_str(), r["reason"].as_str()),
            (Some("1.0.0"), Some("rollback")),
            "{q}"
        );
    }
    let state: String = sqlx::query_scalar(
        "SELECT state FROM versions WHERE mp_id = 'mp_calculator' AND version = '1.1.0'",
    )
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(state, "superseded");

    // A new plan for the same candidate: draft, start, complete.
    let page = plan_page(&s, &op).await;
    assert_eq!(page["state"], Value::Null);
    assert_eq!(page["history"][0]["state"], "rolled_back");
    let (status, id) = s
        .rpc_json(
            &op,
            &SavePlan {
                input: edited(&page, json!({"percentage": 5})),
            },
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_str().unwrap().to_string();
    assert_eq!(
        resolve(&s.base, "mp_calculator", "user_id=demo-tester")
            .await
            .1["version"],
        "1.0.0",
        "a draft changes nothing"
    );
    for (a, want) in [("start", "running"), ("complete", "completed")] {
        let (status, r) = plan_action(&s, &op, &id, a).await;
        assert_eq!((status, r.as_str()), (StatusCode::OK, Some(want)), "{a}");
    }
    let (_, r) = resolve(&s.base, "mp_calculator", "user_id=anyone").await;
    assert_eq!(
        (r["version"].as_str(), r["reason"].as_str()),
        (Some("1.1.0"), Some("full"))
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE target_id = 'mp_calculator' AND action LIKE 'plan.%' ORDER BY id",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    for a in [
        "plan.updated",
        "plan.pause",
        "plan.rollback",
        "plan.created",
        "plan.start",
        "plan.complete",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_plans_are_refused_naming_the_field(pool: PgPool) {
    let s = demo(pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let page = plan_page(&s, &op).await;
    let stable_id = page["stable"]["id"].clone();
    let cases = [
        (json!({"percentage": 101}), "percentage"),
        (
            json!({"conditions": [{"field": "platform", "operator": "LIKE", "values": ["x"]}]}),
            "conditions",
        ),
        (
            json!({"conditions": [{"field": "app_version", "operator": "SEMVER_GT", "values": ["one"]}]}),
            "conditions",
        ),
        (
            json!({"conditions": [{"field": "nonsense", "operator": "IN", "values": ["x"]}]}),
            "conditions",
        ),
        (json!({"min_version": "latest"}), "min_version"),
        (json!({"max_error_rate_pct": 0.0}), "max_error_rate_pct"),
        (
            json!({"steps": [{"percentage": 50, "at": "2001-01-01T00:00"}]}),
            "steps",
        ),
        (
            json!({"steps": [{"percentage": 50, "at": "soon"}]}),
            "steps",
        ),
        (
            json!({"candidate_version_id": stable_id}),
            "candidate_version_id",
        ),
    ];
    for (change, field) in cases {
        let (status, body) = s
            .rpc_json(
                &op,
                &SavePlan {
                    input: edited(&page, change.clone()),
                },
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{change}: {body}");
        assert_eq!(body["field"], field, "{change}: {body}");
    }
    // Nothing changed.
    let again = plan_page(&s, &op).await;
    assert_eq!(again["input"], page["input"]);
}

async fn post_events(base: &str, auth: Option<&str>, body: String) -> (StatusCode, Value) {
    let mut r = Client::new()
        .post(format!("{base}/api/v1/events"))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(a) = auth {
        r = r.header("Authorization", a);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn event(id: u128, kind: &str) -> Value {
    json!({"id": uuid::Uuid::from_u128(id).to_string(), "type": kind, "mp_id": "mp_calculator",
           "version": "1.1.0", "user_id": format!("ev-user-{id}"), "ts": "2026-11-22T08:00:00Z",
           "platform": "ios", "message": if kind == "error" { "boom" } else { "" }})
}

#[sqlx::test(migrations = "../migrations")]
async fn events_are_validated_durable_and_counted_once(pool: PgPool) {
    let s = demo(pool).await;
    let batch =
        json!({"events": [event(1, "launch"), event(2, "error"), event(1, "launch")]}).to_string();
    let (status, r) = post_events(&s.base, Some(AUTH), batch.clone()).await;
    assert_eq!(
        (status, r.clone()),
        (
            StatusCode::ACCEPTED,
            json!({"accepted": 2, "duplicates": 1})
        )
    );
    let (status, r) = post_events(&s.base, Some(AUTH), batch).await;
    assert_eq!(
        (status, r),
        (
            StatusCode::ACCEPTED,
            json!({"accepted": 0, "duplicates": 3})
        )
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM events WHERE user_id LIKE 'ev-user-%'")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(n, 2);
    // Launches record their user for the audience preview.
    let seen: i64 =
        sqlx::query_scalar("SELECT count(*) FROM seen_users WHERE user_id = 'ev-user-1'")
            .fetch_one(&s.pool)
            .await
            .unwrap();
    assert_eq!(seen, 1);

    // One bad event rejects the batch, naming its index; nothing is stored.
    let mut bad = event(3, "launch");
    bad["ts"] = json!("last tuesday");
    let (status, r) = post_events(
        &s.base,
        Some(AUTH),
        json!({"events": [event(4, "launch"), bad]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["error"]["code"], "invalid_argument");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("events[1]"),
        "{r}"
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM events WHERE user_id = 'ev-user-4'")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);

    let many: Vec<Value> = (100..1101).map(|i| event(i, "view")).collect();
    let (status, r) = post_events(&s.base, Some(AUTH), json!({"events": many}).to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{r}");
    assert_eq!(r["error"]["code"], "payload_too_large");
    let (status, r) = post_events(&s.base, Some(AUTH), "{not json".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{r}");
    let (status, r) = post_events(&s.base, Some(AUTH), json!({"events": []}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    let (status, r) = post_events(
        &s.base,
        None,
        json!({"events": [event(5, "launch")]}).to_string(),
    )
    .await;
    assert_eq!(
        (status, r["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = post_events(
        &s.base,
        Some("Bearer ha_demo.wrong"),
        json!({"events": [event(5, "launch")]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_error_gate_pauses_or_rolls_back_and_says_why(pool: PgPool) {
    let s = demo(pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let page = plan_page(&s, &op).await;
    let body = edited(
        &page,
        json!({"max_error_rate_pct": 10.0, "min_launches": 300, "error_window_minutes": 60}),
    );
    assert_eq!(
        s.rpc_json(&op, &SavePlan { input: body }).await.0,
        StatusCode::OK
    );
    // Under the minimum number of launches nothing happens, however bad the rate.
    let now = time::OffsetDateTime::now_utc();
    let ts = |i: u128| {
        (now - time::Duration::seconds(i as i64))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    // `n` events over the last minutes, one error every `error_every`.
    let batch = |first: u128, n: u128, error_every: u128| {
        let events: Vec<Value> = (0..n)
            .map(|i| {
                let kind = if i % error_every == 0 {
                    "error"
                } else {
                    "launch"
                };
                let mut e = event(first + i, kind);
                e["ts"] = json!(ts(i));
                e
            })
            .collect();
        json!({ "events": events }).to_string()
    };
    assert_eq!(
        post_events(&s.base, Some(AUTH), batch(10_000, 100, 2))
            .await
            .0,
        StatusCode::ACCEPTED
    );
    app::server::plans::tick(&s.pool).await.unwrap();
    assert_eq!(plan_page(&s, &op).await["state"], "running");
    // Past it, the plan pauses itself and says why.
    assert_eq!(
        post_events(&s.base, Some(AUTH), batch(20_000, 400, 4))
            .await
            .0,
        StatusCode::ACCEPTED
    );
    app::server::plans::tick(&s.pool).await.unwrap();
    let page = plan_page(&s, &op).await;
    assert_eq!(page["state"], "paused", "{page}");
    let why = page["state_reason"].as_str().unwrap();
    assert!(
        why.starts_with("Error rate ") && why.contains("10.0 % limit"),
        "{why}"
    );
    let actor: Option<uuid::Uuid> = sqlx::query_scalar(
        "SELECT actor_id FROM audit_log WHERE action = 'plan.pause' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(actor, None, "the system paused it");

    // Configured to roll back, it rolls back.
    let (status, _) = plan_action(&s, &op, page["plan_id"].as_str().unwrap(), "resume").await;
    assert_eq!(status, StatusCode::OK);
    let body = edited(
        &page,
        json!({"max_error_rate_pct": 10.0, "min_launches": 300, "on_error": "rollback"}),
    );
    assert_eq!(
        s.rpc_json(&op, &SavePlan { input: body }).await.0,
        StatusCode::OK
    );
    app::server::plans::tick(&s.pool).await.unwrap();
    let page = plan_page(&s, &op).await;
    assert_eq!(page["history"][0]["state"], "rolled_back", "{page}");
    s.refresh().await;
    let (_, r) = resolve(&s.base, "mp_calculator", "user_id=demo-tester").await;
    assert_eq!(
        (r["version"].as_str(), r["reason"].as_str()),
        (Some("1.0.0"), Some("rollback"))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn scheduled_steps_apply_when_due_and_wait_while_paused(pool: PgPool) {
    let s = demo(pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let page = plan_page(&s, &op).await;
    let steps = page["input"]["steps"].as_array().unwrap().clone();
    assert_eq!(steps.len(), 2, "the demo ramp");
    let plan: uuid::Uuid = page["plan_id"].as_str().unwrap().parse().unwrap();
    // Make the first step due.
    sqlx::query("UPDATE plan_steps SET at = now() - interval '1 second' WHERE plan_id = $1 AND position = 1")
        .bind(plan)
        .execute(&s.pool)
        .await
        .unwrap();
    let id = page["plan_id"].as_str().unwrap().to_string();
    let act = |a: &'static str| plan_action(&s, &op, &id, a);
    assert_eq!(act("pause").await.0, StatusCode::OK);
    app::server::plans::tick(&s.pool).await.unwrap();
    assert_eq!(
        plan_page(&s, &op).await["input"]["percentage"],
        20,
        "paused plans wait"
    );
    assert_eq!(act("resume").await.0, StatusCode::OK);
    app::server::plans::tick(&s.pool).await.unwrap();
    let after = plan_page(&s, &op).await;
    assert_eq!(after["input"]["percentage"], 50);
    assert_eq!(after["input"]["steps"][0]["applied"], true);
    assert_eq!(after["input"]["steps"][1]["applied"], false);
    let steps: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'plan.step' AND actor_id IS NULL",
    )
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(steps, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_host_api_route_is_in_the_openapi_document(pool: PgPool) {
    let s = demo(pool).await;
    let r = Client::new()
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    // Every endpoint of the contract that this server answers is documented, with its method...
    let contract = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/HOST-API.md"
    ))
    .or_else(|_| {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/HOST-API.md"))
    });
    let mut routes: Vec<(String, String)> = vec![
        ("get".into(), "/api/v1/miniprograms".into()),
        ("get".into(), "/api/v1/miniprograms/{id}".into()),
        ("get".into(), "/api/v1/miniprograms/{id}/resolve".into()),
        ("get".into(), "/packages/{file}".into()),
        ("post".into(), "/api/v1/events".into()),
        ("get".into(), "/api/v1/miniprograms/suggest".into()),
        ("get".into(), "/api/v1/users/{user_id}/recent".into()),
        ("get".into(), "/api/v1/users/{user_id}/favorites".into()),
        (
            "put".into(),
            "/api/v1/users/{user_id}/favorites/{mp_id}".into(),
        ),
        (
            "delete".into(),
            "/api/v1/users/{user_id}/favorites/{mp_id}".into(),
        ),
    ];
    if let Ok(md) = contract {
        for line in md.lines() {
            if let Some(rest) = line.strip_prefix("### `") {
                // "### `GET /path` and more words": the method and path inside the backticks.
                let code = rest.split('`').next().unwrap_or_default();
                let Some((method, path)) = code.split_once(' ') else {
                    continue;
                };
                let path = path.replace("{sha256}.zip", "{file}");
                if !routes.iter().any(|(_, p)| *p == path) {
                    routes.push((method.to_lowercase(), path));
                }
            }
        }
    }
    for (method, path) in &routes {
        let url = format!(
            "{}{}",
            s.base,
            path.replace("{id}", "mp_calculator")
                .replace("{mp_id}", "mp_calculator")
                .replace("{user_id}", "u1")
                .replace("{file}", "x.zip")
        );
        let r = Client::new()
            .request(method.to_uppercase().parse().unwrap(), &url)
            .header("Authorization", AUTH)
            .send()
            .await
            .unwrap();
        let status = r.status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        let body: Value = r.json().await.unwrap_or(Value::Null);
        // Not served: the API's answer for unknown endpoints, or a contract path without
        // placeholders that only a broader route (`/miniprograms/{id}`) matched, as not found.
        let unknown = body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("The endpoint "))
            || (status == StatusCode::NOT_FOUND
                && !path.contains('{')
                && !paths.contains_key(path.as_str()));
        if unknown {
            // Not served (yet): it must not be documented either.
            assert!(
                !paths.contains_key(path.as_str()),
                "{path} is documented but not served"
            );
            continue;
        }
        assert!(
            paths
                .get(path.as_str())
                .and_then(|p| p.get(method.as_str()))
                .is_some(),
            "{method} {path} is served but not documented"
        );
    }
    // ...and every documented path is served.
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                routes.iter().any(|(m, p)| m == method && p == path),
                "{method} {path} documented but not known to this test"
            );
        }
    }
    assert!(doc["components"]["schemas"]["Resolution"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// A free port on loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Process(std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the real server binary over `database_url`; returns it and its base URL once healthy.
async fn server_process(database_url: &str, blob_dir: &std::path::Path) -> (Process, String) {
    let (port, sandbox) = (free_port(), free_port());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", database_url)
        .env("MINISTORE_ADDR", format!("127.0.0.1:{port}"))
        .env("MINISTORE_SANDBOX_ADDR", format!("127.0.0.1:{sandbox}"))
        .env("MINISTORE_BLOB_DIR", blob_dir)
        .env("LEPTOS_OUTPUT_NAME", "ministore")
        .env("LEPTOS_SITE_ROOT", std::env::temp_dir())
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if Client::new()
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server process did not come up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Process(child), base)
}

/// Polls `base` until resolving the calculator for `user` gives `want`; returns how long it took.
async fn until(base: &str, query: &str, want: impl Fn(StatusCode, &Value) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let (status, body) = resolve(base, "mp_calculator", query).await;
        if want(status, &body) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "still {status} {body} after 3 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn two_server_processes_agree_within_a_second(pool: PgPool) {
    let settings = fixtures::demo_data(&pool).await;
    let db: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let root = std::env::var("DATABASE_URL").unwrap();
    let url = format!("{}/{db}", root.rsplit_once('/').unwrap().0);
    let (_a, a) = server_process(&url, &settings.blob_dir).await;
    let (_b, b) = server_process(&url, &settings.blob_dir).await;
    for base in [&a, &b] {
        let (status, r) = resolve(base, "mp_calculator", "user_id=demo-tester").await;
        assert_eq!(
            (status, r["version"].as_str()),
            (StatusCode::OK, Some("1.1.0"))
        );
    }

    // An operator on A takes demo-tester off the allow-list: B follows.
    let op = client();
    let sign_in = |base: &str| format!("{base}/rpc/accounts/sign_in");
    let r = op
        .post(sign_in(&a))
        .form(&[("email", OPERATOR.0), ("password", OPERATOR.1)])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let page: Value = op
        .post(format!("{a}/rpc/plans/get"))
        .form(&[("mp_id", "mp_calculator"), ("app_key", "ha_demo")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = op
        .post(format!("{a}/rpc/plans/save"))
        .json(&SavePlan {
            input: edited(&page, json!({"allow_list": [], "percentage": 0})),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let took = until(&b, "user_id=demo-tester", |_, r| r["version"] == "1.0.0").await;
    assert!(
        took < Duration::from_secs(1),
        "the plan change took {took:?} to reach B"
    );

    // Withdrawn on A: B stops resolving within the second.
    let r = op
        .post(format!("{a}/rpc/releases/withdraw"))
        .form(&[("mp_id", "mp_calculator"), ("app_key", "ha_demo")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let took = until(&b, "user_id=u1", |s, _| s == StatusCode::NOT_FOUND).await;
    assert!(
        took < Duration::from_secs(1),
        "the withdrawal took {took:?} to reach B"
    );

    // Suspended (straight in the database, as by a third instance): both stop resolving snake.
    let snake = |base: String| async move {
        Client::new()
            .get(format!(
                "{base}/api/v1/miniprograms/mp_snake/resolve?user_id=u1"
            ))
            .header("Authorization", AUTH)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(snake(a.clone()).await, StatusCode::OK);
    sqlx::query("UPDATE mini_programs SET suspended = true WHERE id = 'mp_snake'")
        .execute(&pool)
        .await
        .unwrap();
    let start = Instant::now();
    while snake(a.clone()).await != StatusCode::NOT_FOUND
        || snake(b.clone()).await != StatusCode::NOT_FOUND
    {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the suspension took over a second"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
