//! Organization-level access: who is a member of which organization, with which role.

use super::db::accounts::Account;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use sqlx::PgExecutor;
use uuid::Uuid;

pub use crate::domain::OrgRole;

/// `account`'s role in `org`, if a member.
pub async fn org_role(
    db: impl PgExecutor<'_>,
    account: Uuid,
    org: Uuid,
) -> AppResult<Option<OrgRole>> {
    Ok(super::db::orgs::role_of(db, org, account).await?)
}

/// The organization owning mini-program `mp_id` (NotFound if there is none).
pub async fn owner_org(db: impl PgExecutor<'_>, mp_id: &str) -> AppResult<Uuid> {
    super::db::mini_programs::org_of(db, mp_id)
        .await?
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
