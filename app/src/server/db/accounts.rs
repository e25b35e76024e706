//! Accounts: creation, look-up, roles, disabling.

use crate::accounts::{AccountRow, UserPage};
use crate::domain::{DisplayName, Email, Role};
use crate::error::{AppError, AppResult};
use sqlx::{FromRow, PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, FromRow)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub disabled: bool,
    pub auth_epoch: i32,
    pub developer_terms_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl Account {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Consumer)
    }
}

const COLUMNS: &str = "id, email, display_name, password_hash, role, disabled, auth_epoch, \
                       developer_terms_at, created_at";

pub async fn by_email(db: impl PgExecutor<'_>, email: &Email) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE email = $1"))
        .bind(email.as_str())
        .fetch_optional(db)
        .await
}

pub async fn by_id(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Creates an account; a taken email is a `Conflict` naming the email field.
pub async fn create(
    db: impl PgExecutor<'_>,
    email: &Email,
    name: &DisplayName,
    password_hash: &str,
    role: Role,
) -> AppResult<Account> {
    let r = sqlx::query_as(&format!(
        "INSERT INTO accounts (id, email, display_name, password_hash, role)
         VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    ))
    .bind(Uuid::new_v4())
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(password_hash)
    .bind(role.as_str())
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

pub async fn set_password(db: &PgPool, id: Uuid, hash: &str) -> sqlx::Result<i32> {
    let (epoch,): (i32,) = sqlx::query_as(
        "UPDATE accounts SET password_hash = $2, auth_epoch = auth_epoch + 1, updated_at = now()
         WHERE id = $1 RETURNING auth_epoch",
    )
    .bind(id)
    .bind(hash)
    .fetch_one(db)
    .await?;
    Ok(epoch)
}

pub async fn set_role(db: impl PgExecutor<'_>, id: Uuid, role: Role) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET role = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(role.as_str())
        .execute(db)
        .await
        .and_then(|r| {
            if r.rows_affected() == 1 {
                Ok(())
            } else {
                Err(sqlx::Error::RowNotFound)
            }
        })
}

/// Disabling an account also bumps its epoch, which ends every session it has.
pub async fn set_disabled(db: impl PgExecutor<'_>, id: Uuid, disabled: bool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE accounts SET disabled = $2, updated_at = now(),
                auth_epoch = auth_epoch + CASE WHEN $2 THEN 1 ELSE 0 END
         WHERE id = $1",
    )
    .bind(id)
    .bind(disabled)
    .execute(db)
    .await
    .and_then(|r| {
        if r.rows_affected() == 1 {
            Ok(())
        } else {
            Err(sqlx::Error::RowNotFound)
        }
    })
}

pub async fn accept_developer_terms(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE accounts SET developer_terms_at = now(), updated_at = now(),
                role = CASE WHEN role = 'consumer' THEN 'developer' ELSE role END
         WHERE id = $1",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// One page of accounts matching `query` (email or name, case-insensitive), newest first.
pub async fn search(db: &PgPool, query: &str, page: u32, per_page: u32) -> sqlx::Result<UserPage> {
    let pattern = format!(
        "%{}%",
        query
            .trim()
            .to_lowercase()
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let (total,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM accounts WHERE email LIKE $1 OR lower(display_name) LIKE $1",
    )
    .bind(&pattern)
    .fetch_one(db)
    .await?;
    let rows: Vec<Account> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM accounts WHERE email LIKE $1 OR lower(display_name) LIKE $1
         ORDER BY created_at DESC, email LIMIT $2 OFFSET $3"
    ))
    .bind(&pattern)
    .bind(per_page as i64)
    .bind((page.saturating_sub(1) * per_page) as i64)
    .fetch_all(db)
    .await?;
    Ok(UserPage {
        total: total as u64,
        page,
        per_page,
        items: rows
            .into_iter()
            .map(|a| AccountRow {
                id: a.id.to_string(),
                email: a.email.clone(),
                display_name: a.display_name.clone(),
                role: a.role(),
                disabled: a.disabled,
                created_at: a.created_at.date().to_string(),
            })
            .collect(),
    })
}
