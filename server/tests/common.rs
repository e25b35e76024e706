//! Starts the real router on a real socket over a fresh database, with demo accounts.

#![allow(dead_code)]

use app::server::Settings;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use std::net::SocketAddr;

pub struct TestServer {
    pub base: String,
    pub pool: PgPool,
    /// The server's in-memory resolve snapshot.
    pub live: std::sync::Arc<app::server::live::Live>,
    /// The server's search index.
    pub search: std::sync::Arc<app::server::search::Search>,
}

/// A response's status and JSON body (the text as a JSON string when it is not JSON).
async fn answer(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub async fn spawn(pool: PgPool) -> TestServer {
    spawn_with(pool, Settings::default()).await
}

pub async fn spawn_with(pool: PgPool, settings: Settings) -> TestServer {
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .unwrap();
    server::demo::load(&pool).await.unwrap();
    let conf = leptos::prelude::get_configuration(Some("../Cargo.toml")).unwrap();
    let state = server::app_state(conf.leptos_options, pool.clone(), settings);
    let live = state.live.clone();
    let search = state.search.clone();
    let router = server::router_with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    // The index is built in the background at start: wait for it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !search.is_ready() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        search.is_ready(),
        "the search index was not built within 20 s"
    );
    TestServer {
        base: format!("http://{addr}"),
        pool,
        live,
        search,
    }
}

/// A client that keeps cookies and does not follow redirects (so tests see them).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The fields of a server function's arguments as the browser (and `serde_qs`, which decodes
/// them) spells them: `None` left out, lists as `name[0]`, `name[1]`, nested structs as
/// `name[field]`. (`reqwest`'s own form encoding refuses lists.)
fn form_fields(args: &impl serde::Serialize) -> Vec<(String, String)> {
    fn flatten(key: String, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Null => {}
            Value::String(s) => out.push((key, s.clone())),
            Value::Bool(_) | Value::Number(_) => out.push((key, v.to_string())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    flatten(format!("{key}[{i}]"), item, out);
                }
            }
            Value::Object(fields) => {
                for (k, item) in fields {
                    flatten(format!("{key}[{k}]"), item, out);
                }
            }
        }
    }
    let mut out = vec![];
    match serde_json::to_value(args).unwrap() {
        Value::Object(fields) => {
            for (k, v) in &fields {
                flatten(k.clone(), v, &mut out);
            }
        }
        Value::Null => {}
        other => panic!("server function arguments must be a struct: {other}"),
    }
    out
}

impl TestServer {
    /// Rereads the database into the resolve snapshot now (after fixtures written behind the
    /// server's back, instead of waiting for the notification).
    pub async fn refresh(&self) {
        self.live.reload(&self.pool).await.unwrap();
        self.search.catch_up(&self.pool).await.unwrap();
    }

    /// Calls a server function by its endpoint with form fields; returns status and JSON body.
    pub async fn call(
        &self,
        c: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        answer(
            c.post(format!("{}/rpc/{endpoint}", self.base))
                .form(form)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Calls the server function `F` through HTTP as a form post, from its generated argument
    /// struct (`SwitchOrg { slug }`): a renamed or retyped argument fails to compile here.
    pub async fn rpc<F>(&self, c: &Client, args: &F) -> (StatusCode, Value)
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        answer(
            c.post(format!("{}{}", self.base, F::PATH))
                .form(&form_fields(args))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Calls the JSON-encoded server function `F` (`input = Json`) from its argument struct.
    pub async fn rpc_json<F>(&self, c: &Client, args: &F) -> (StatusCode, Value)
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        answer(
            c.post(format!("{}{}", self.base, F::PATH))
                .json(args)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Calls a server function that takes JSON (`input = Json`).
    pub async fn call_json(&self, c: &Client, endpoint: &str, body: &Value) -> (StatusCode, Value) {
        answer(
            c.post(format!("{}/rpc/{endpoint}", self.base))
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A client signed in as `email`.
    pub async fn signed_in(&self, email: &str, password: &str) -> Client {
        let c = client();
        let (s, body) = self
            .rpc(
                &c,
                &app::accounts::api::SignIn {
                    email: email.into(),
                    password: password.into(),
                    next: None,
                    favourite: None,
                },
            )
            .await;
        assert!(
            s.is_success() || s.is_redirection(),
            "sign-in of {email} failed: {s} {body}"
        );
        c
    }

    pub async fn get(&self, c: &Client, path: &str) -> reqwest::Response {
        c.get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
    }
}

pub const CONSUMER: (&str, &str) = ("consumer@ministore.test", "ministore-consumer");
pub const DEVELOPER: (&str, &str) = ("developer@ministore.test", "ministore-developer");
pub const OPERATOR: (&str, &str) = ("operator@ministore.test", "ministore-operator");
pub const ADMIN: (&str, &str) = ("admin@ministore.test", "ministore-admin");
