//! Host-app management (admins only).

use super::{Credential, HostApp};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
fn new_secret() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Every host app with how many mini-programs it has released.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/list")]
pub async fn list_host_apps() -> Result<Vec<HostApp>, AppError> {
    server::respond(async move {
        server::require(crate::domain::Role::Operator).await?;
        let st = server::state()?;
        let rows: Vec<(
            uuid::Uuid,
            String,
            String,
            Vec<String>,
            bool,
            time::OffsetDateTime,
            i64,
        )> = sqlx::query_as(
            "SELECT h.id, h.app_key, h.name, h.platforms, h.disabled, h.created_at,
                    (SELECT count(*) FROM releases r WHERE r.host_app_id = h.id AND r.active)
             FROM host_apps h ORDER BY h.created_at",
        )
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, app_key, name, platforms, disabled, at, released)| HostApp {
                    id: id.to_string(),
                    app_key,
                    name,
                    platforms,
                    disabled,
                    created_at: at.date().to_string(),
                    released,
                },
            )
            .collect())
    })
    .await
}

/// Creates a host app; the answer holds its secret, shown this once.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/create")]
pub async fn create_host_app(
    name: String,
    #[server(default)] platforms: Vec<String>,
) -> Result<Credential, AppError> {
    server::respond(async move {
        let me = server::require(crate::domain::Role::Admin).await?;
        let name = name.trim().to_string();
        if !(2..=60).contains(&name.chars().count()) {
            return Err(AppError::validation("name", "A host app name has 2 to 60 characters."));
        }
        if let Some(p) = platforms.iter().find(|p| !super::PLATFORMS.contains(&p.as_str())) {
            return Err(AppError::validation("platforms", format!("“{p}” is not a platform.")));
        }
        let st = server::state()?;
        let secret = new_secret();
        let app_key = format!("ha_{}", &new_secret()[..20]);
        let mut tx = st.pool.begin().await?;
        sqlx::query("INSERT INTO host_apps (id, app_key, name, platforms, secret_hash) VALUES ($1, $2, $3, $4, $5)")
            .bind(uuid::Uuid::new_v4())
            .bind(&app_key)
            .bind(&name)
            .bind(&platforms)
            .bind(crate::server::blobs::sha256_hex(secret.as_bytes()))
            .execute(&mut *tx)
            .await?;
        crate::server::db::audit::record(&mut *tx, Some(me.id), "hostapp.created", "host_app", &app_key, serde_json::json!({"name": name})).await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(Credential { app_key, secret })
    })
    .await
}

/// Replaces a host app's secret; the old one stops working at once.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/rotate")]
pub async fn rotate_secret(app_key: String) -> Result<Credential, AppError> {
    server::respond(async move {
        let me = server::require(crate::domain::Role::Admin).await?;
        let st = server::state()?;
        let secret = new_secret();
        let mut tx = st.pool.begin().await?;
        let r = sqlx::query(
            "UPDATE host_apps SET secret_hash = $2, rotated_at = now() WHERE app_key = $1",
        )
        .bind(&app_key)
        .bind(crate::server::blobs::sha256_hex(secret.as_bytes()))
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(AppError::not_found("That host app"));
        }
        crate::server::db::audit::record(
            &mut *tx,
            Some(me.id),
            "hostapp.secret_rotated",
            "host_app",
            &app_key,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(Credential { app_key, secret })
    })
    .await
}

/// Disables (every call with its key is refused) or re-enables a host app.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/set_disabled")]
pub async fn set_host_app_disabled(app_key: String, disabled: bool) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(crate::domain::Role::Admin).await?;
        let st = server::state()?;
        let mut tx = st.pool.begin().await?;
        let r = sqlx::query("UPDATE host_apps SET disabled = $2 WHERE app_key = $1")
            .bind(&app_key)
            .bind(disabled)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(AppError::not_found("That host app"));
        }
        let action = if disabled {
            "hostapp.disabled"
        } else {
            "hostapp.enabled"
        };
        crate::server::db::audit::record(
            &mut *tx,
            Some(me.id),
            action,
            "host_app",
            &app_key,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}
