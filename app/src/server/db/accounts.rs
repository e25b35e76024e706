//! Accounts: creation, look-up, roles, disabling, and the admin's user search.

use crate::domain::{DisplayName, Email, Role};
use crate::error::{AppError, AppResult};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// An account row. `role` decodes strictly: an unknown role in the database is an error.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub disabled: bool,
    pub auth_epoch: i32,
    pub developer_terms_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl Account {
    /// The account's platform role.
    pub fn role(&self) -> Role {
        self.role
    }
}

/// One page of a search, with the number of matches over all pages.
#[derive(Debug)]
pub struct AccountPage {
    pub total: i64,
    pub items: Vec<Account>,
}

pub async fn by_email(db: impl PgExecutor<'_>, email: &Email) -> sqlx::Result<Option<Account>> {
    sqlx::query_as!(
        Account,
        r#"SELECT id, email, display_name, password_hash, role AS "role: Role", disabled,
                  auth_epoch, developer_terms_at, created_at
           FROM accounts WHERE email = $1"#,
        email.as_str()
    )
    .fetch_optional(db)
    .await
}

pub async fn by_id(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Account>> {
    sqlx::query_as!(
        Account,
        r#"SELECT id, email, display_name, password_hash, role AS "role: Role", disabled,
                  auth_epoch, developer_terms_at, created_at
           FROM accounts WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Creates an account; a taken email is a validation error naming the email field.
pub async fn create(
    db: impl PgExecutor<'_>,
    email: &Email,
    name: &DisplayName,
    password_hash: &str,
    role: Role,
) -> AppResult<Account> {
    let r = sqlx::query_as!(
        Account,
        r#"INSERT INTO accounts (id, email, display_name, password_hash, role)
           VALUES ($1, $2, $3, $4, $5)
           RETURNING id, email, display_name, password_hash, role AS "role: Role", disabled,
                     auth_epoch, developer_terms_at, created_at"#,
        Uuid::new_v4(),
        email.as_str(),
        name.as_str(),
        password_hash,
        role as Role
    )
    .fetch_one(db)
    .await;
    match r {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::validation(
            "email",
            "An account with this email already exists. Sign in instead?",
        )),
        other => Ok(other?),
    }
}

/// Sets the password hash and bumps the epoch (ending the account's other sessions); returns
/// the new epoch.
pub async fn set_password(db: &PgPool, id: Uuid, hash: &str) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        "UPDATE accounts SET password_hash = $2, auth_epoch = auth_epoch + 1, updated_at = now()
         WHERE id = $1 RETURNING auth_epoch",
        id,
        hash
    )
    .fetch_one(db)
    .await
}

/// `RowNotFound` unless exactly one row changed.
fn one_row(r: sqlx::postgres::PgQueryResult) -> sqlx::Result<()> {
    if r.rows_affected() == 1 {
        Ok(())
    } else {
        Err(sqlx::Error::RowNotFound)
    }
}

pub async fn set_role(db: impl PgExecutor<'_>, id: Uuid, role: Role) -> sqlx::Result<()> {
    let r = sqlx::query!(
        "UPDATE accounts SET role = $2, updated_at = now() WHERE id = $1",
        id,
        role as Role
    )
    .execute(db)
    .await?;
    one_row(r)
}

/// Disabling an account also bumps its epoch, which ends every session it has.
pub async fn set_disabled(db: impl PgExecutor<'_>, id: Uuid, disabled: bool) -> sqlx::Result<()> {
    let r = sqlx::query!(
        "UPDATE accounts SET disabled = $2, updated_at = now(),
                auth_epoch = auth_epoch + CASE WHEN $2 THEN 1 ELSE 0 END
         WHERE id = $1",
        id,
        disabled
    )
    .execute(db)
    .await?;
    one_row(r)
}

/// Records the developer terms as accepted; a consumer becomes a developer.
pub async fn accept_developer_terms(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE accounts SET developer_terms_at = now(), updated_at = now(),
                role = CASE WHEN role = 'consumer' THEN 'developer' ELSE role END
         WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// `s` as a case-insensitive "contains" pattern for `LIKE`, its wildcards escaped.
fn contains_pattern(s: &str) -> String {
    format!(
        "%{}%",
        s.trim()
            .to_lowercase()
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// One page of accounts matching `query` (email or name, case-insensitive), newest first.
pub async fn search(
    db: &PgPool,
    query: &str,
    page: u32,
    per_page: u32,
) -> sqlx::Result<AccountPage> {
    let pattern = contains_pattern(query);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM accounts
           WHERE email LIKE $1 OR lower(display_name) LIKE $1"#,
        pattern
    )
    .fetch_one(db)
    .await?;
    let items = sqlx::query_as!(
        Account,
        r#"SELECT id, email, display_name, password_hash, role AS "role: Role", disabled,
                  auth_epoch, developer_terms_at, created_at
           FROM accounts WHERE email LIKE $1 OR lower(display_name) LIKE $1
           ORDER BY created_at DESC, email LIMIT $2 OFFSET $3"#,
        pattern,
        i64::from(per_page),
        i64::from(page.saturating_sub(1) * per_page)
    )
    .fetch_all(db)
    .await?;
    Ok(AccountPage { total, items })
}

/// Accepts the developer terms for `id` (a consumer becomes a developer), audited, in one
/// transaction.
pub async fn become_developer(pool: &PgPool, id: Uuid) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    accept_developer_terms(&mut *tx, id).await?;
    super::audit::record(
        &mut *tx,
        Some(id),
        "account.became_developer",
        "account",
        &id.to_string(),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the role of account `id` to `role`, audited (with the role before) by `by`.
pub async fn set_role_audited(pool: &PgPool, id: Uuid, role: Role, by: Uuid) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let before = by_id(&mut *tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That account"))?;
    set_role(&mut *tx, id, role).await?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "account.role_changed",
        "account",
        &id.to_string(),
        serde_json::json!({"from": before.role, "to": role.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables (ending every session) or re-enables account `id`, audited by `by`.
pub async fn set_disabled_audited(
    pool: &PgPool,
    id: Uuid,
    disabled: bool,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    set_disabled(&mut *tx, id, disabled).await?;
    let action = if disabled {
        "account.disabled"
    } else {
        "account.enabled"
    };
    super::audit::record(
        &mut *tx,
        Some(by),
        action,
        "account",
        &id.to_string(),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
