//! Host-app management (admins only).

use super::{Credential, HostApp};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{self, blobs::sha256_hex, db::host_apps},
};

#[cfg(feature = "ssr")]
fn new_secret() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Every host app with how many mini-programs it has released.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_host_apps() -> Result<Vec<HostApp>, AppError> {
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let rows = host_apps::list(&st.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| HostApp {
                id: r.id.to_string(),
                app_key: r.app_key,
                name: r.name,
                platforms: r.platforms,
                disabled: r.disabled,
                created_at: r.created_at.date().to_string(),
                released: r.released,
            })
            .collect())
    })
    .await
}

/// Creates a host app; the answer holds its secret, shown this once.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/create")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_host_app(
    name: String,
    #[server(default)] platforms: Vec<String>,
) -> Result<Credential, AppError> {
    server::respond(async move {
        let me = server::require(Role::Admin).await?;
        let name = name.trim().to_string();
        if !(2..=60).contains(&name.chars().count()) {
            return Err(AppError::validation(
                "name",
                "A host app name has 2 to 60 characters.",
            ));
        }
        if let Some(p) = platforms
            .iter()
            .find(|p| !super::PLATFORMS.contains(&p.as_str()))
        {
            return Err(AppError::validation(
                "platforms",
                format!("“{p}” is not a platform."),
            ));
        }
        let st = server::state()?;
        let secret = new_secret();
        let app_key = format!("ha_{}", &new_secret()[..20]);
        let new = host_apps::NewHostApp {
            id: uuid::Uuid::new_v4(),
            app_key: &app_key,
            name: &name,
            platforms: &platforms,
            secret_hash: &sha256_hex(secret.as_bytes()),
        };
        host_apps::create_audited(&st.pool, &new, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(Credential { app_key, secret })
    })
    .await
}

/// Replaces a host app's secret; the old one stops working at once.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/rotate")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn rotate_secret(app_key: String) -> Result<Credential, AppError> {
    server::respond(async move {
        let me = server::require(Role::Admin).await?;
        let st = server::state()?;
        let secret = new_secret();
        let hash = sha256_hex(secret.as_bytes());
        host_apps::rotate_secret_audited(&st.pool, &app_key, &hash, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(Credential { app_key, secret })
    })
    .await
}

/// Disables (every call with its key is refused) or re-enables a host app.
#[leptos::server(prefix = "/rpc", endpoint = "hostapps/set_disabled")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_host_app_disabled(app_key: String, disabled: bool) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Admin).await?;
        let st = server::state()?;
        host_apps::set_disabled_audited(&st.pool, &app_key, disabled, me.id).await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}
