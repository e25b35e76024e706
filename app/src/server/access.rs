//! Organization-level access: who is a member of which organization, with which role.

use super::db::accounts::Account;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use uuid::Uuid;

/// A member's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Tester,
    Developer,
    Owner,
}

impl OrgRole {
    pub fn parse(s: &str) -> Option<OrgRole> {
        match s {
            "owner" => Some(OrgRole::Owner),
            "developer" => Some(OrgRole::Developer),
            "tester" => Some(OrgRole::Tester),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Developer => "developer",
            OrgRole::Tester => "tester",
        }
    }
}

/// `account`'s role in `org`, if a member.
pub async fn org_role(
    db: impl PgExecutor<'_>,
    account: Uuid,
    org: Uuid,
) -> AppResult<Option<OrgRole>> {
    let r: Option<(String,)> =
        sqlx::query_as("SELECT role FROM org_members WHERE org_id = $1 AND account_id = $2")
            .bind(org)
            .bind(account)
            .fetch_optional(db)
            .await?;
    Ok(r.and_then(|(s,)| OrgRole::parse(&s)))
}

/// The organization owning mini-program `mp_id` (NotFound if there is none).
pub async fn owner_org(db: impl PgExecutor<'_>, mp_id: &str) -> AppResult<Uuid> {
    let r: Option<(Uuid,)> = sqlx::query_as("SELECT org_id FROM mini_programs WHERE id = $1")
        .bind(mp_id)
        .fetch_optional(db)
        .await?;
    r.map(|(id,)| id)
        .ok_or_else(|| AppError::not_found("That mini-program"))
}

/// Requires `me` to hold at least `min` in the organization owning `mp_id`. Operators and admins
/// may look (`min == Tester`) at any mini-program; changes need real membership.
pub async fn require_mp_role(
    db: &sqlx::PgPool,
    me: &Account,
    mp_id: &str,
    min: OrgRole,
) -> AppResult<Uuid> {
    let org = owner_org(db, mp_id).await?;
    let role = org_role(db, me.id, org).await?;
    match role {
        Some(r) if r >= min => Ok(org),
        _ if min == OrgRole::Tester && me.role() >= Role::Operator => Ok(org),
        Some(_) => Err(AppError::forbidden(format!(
            "This needs the {} role in the organization that owns this mini-program.",
            min.as_str()
        ))),
        None => Err(AppError::forbidden(
            "You are not a member of the organization that owns this mini-program.",
        )),
    }
}

/// Requires `me` to hold at least `min` in organization `org`.
pub async fn require_org_role(
    db: &sqlx::PgPool,
    me: &Account,
    org: Uuid,
    min: OrgRole,
) -> AppResult<OrgRole> {
    match org_role(db, me.id, org).await? {
        Some(r) if r >= min => Ok(r),
        Some(_) => Err(AppError::forbidden(format!(
            "This needs the {} role in this organization.",
            min.as_str()
        ))),
        None => Err(AppError::forbidden(
            "You are not a member of this organization.",
        )),
    }
}
