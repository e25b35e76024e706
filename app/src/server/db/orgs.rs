//! Organizations, their members and invitations.

use crate::domain::{OrgKind, OrgRole};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

pub use super::invitations::{
    accept, invitations_for, invite_audited, pending_invitations, InvitationRow,
};

/// An organization by slug.
pub struct OrgRow {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
}

/// One of an account's organizations, with its role there and the member count.
pub struct MembershipRow {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub role: OrgRole,
    pub members: i64,
}

/// A member of an organization.
pub struct MemberRow {
    pub account_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: OrgRole,
}

pub struct NewOrg<'a> {
    pub id: Uuid,
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: OrgKind,
}

pub async fn by_slug(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<OrgRow>> {
    sqlx::query_as!(
        OrgRow,
        r#"SELECT id, name, kind AS "kind: OrgKind" FROM organizations WHERE slug = $1"#,
        slug
    )
    .fetch_optional(db)
    .await
}

pub async fn id_by_slug(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT id FROM organizations WHERE slug = $1", slug)
        .fetch_optional(db)
        .await
}

/// Whether `account` is a member of the organization `slug`.
pub async fn is_member_by_slug(
    db: impl PgExecutor<'_>,
    slug: &str,
    account: Uuid,
) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM org_members m JOIN organizations o ON o.id = m.org_id
           WHERE o.slug = $1 AND m.account_id = $2"#,
        slug,
        account
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// `account`'s role in `org`, if a member.
pub async fn role_of(
    db: impl PgExecutor<'_>,
    org: Uuid,
    account: Uuid,
) -> sqlx::Result<Option<OrgRole>> {
    sqlx::query_scalar!(
        r#"SELECT role AS "role: OrgRole" FROM org_members WHERE org_id = $1 AND account_id = $2"#,
        org,
        account
    )
    .fetch_optional(db)
    .await
}

/// The organizations `account` belongs to, by name.
pub async fn memberships(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> sqlx::Result<Vec<MembershipRow>> {
    sqlx::query_as!(
        MembershipRow,
        r#"SELECT o.slug, o.name, o.kind AS "kind: OrgKind", m.role AS "role: OrgRole",
                  (SELECT count(*) FROM org_members x WHERE x.org_id = o.id) AS "members!"
           FROM org_members m JOIN organizations o ON o.id = m.org_id
           WHERE m.account_id = $1 ORDER BY o.name"#,
        account
    )
    .fetch_all(db)
    .await
}

/// Creates an organization (a taken slug is a unique violation).
pub async fn create(tx: &mut PgConnection, org: &NewOrg<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO organizations (id, slug, name, kind) VALUES ($1, $2, $3, $4)",
        org.id,
        org.slug,
        org.name,
        org.kind as OrgKind
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Makes `account` a member of `org` with `role` (or changes the role of a member).
pub async fn upsert_member(
    db: impl PgExecutor<'_>,
    org: Uuid,
    account: Uuid,
    role: OrgRole,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO org_members (org_id, account_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, account_id) DO UPDATE SET role = EXCLUDED.role",
        org,
        account,
        role as OrgRole
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Members, owners first.
pub async fn members(db: impl PgExecutor<'_>, org: Uuid) -> sqlx::Result<Vec<MemberRow>> {
    sqlx::query_as!(
        MemberRow,
        r#"SELECT a.id AS account_id, a.email, a.display_name, m.role AS "role: OrgRole"
           FROM org_members m JOIN accounts a ON a.id = m.account_id
           WHERE m.org_id = $1 ORDER BY m.role = 'owner' DESC, a.display_name"#,
        org
    )
    .fetch_all(db)
    .await
}

/// Whether someone with `email` is already a member of `org`.
pub async fn has_member_email(
    db: impl PgExecutor<'_>,
    org: Uuid,
    email: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM org_members m JOIN accounts a ON a.id = m.account_id
           WHERE m.org_id = $1 AND a.email = $2"#,
        org,
        email
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Owners other than `except`.
pub async fn other_owners(tx: &mut PgConnection, org: Uuid, except: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM org_members
           WHERE org_id = $1 AND role = 'owner' AND account_id <> $2"#,
        org,
        except
    )
    .fetch_one(tx)
    .await
}

/// Removes a member; false if there was none.
pub async fn remove_member(tx: &mut PgConnection, org: Uuid, account: Uuid) -> sqlx::Result<bool> {
    let r = sqlx::query!(
        "DELETE FROM org_members WHERE org_id = $1 AND account_id = $2",
        org,
        account
    )
    .execute(tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Creates an organization with `owner` as its owner, audited, in one transaction. A taken
/// name is a validation error on `name`.
pub async fn create_with_owner(
    pool: &sqlx::PgPool,
    org: &NewOrg<'_>,
    owner: Uuid,
) -> crate::error::AppResult<()> {
    let mut tx = pool.begin().await?;
    if let Err(e) = create(&mut tx, org).await {
        if let sqlx::Error::Database(d) = &e {
            if d.is_unique_violation() {
                return Err(crate::error::AppError::validation(
                    "name",
                    "An organization with this name exists already.",
                ));
            }
        }
        return Err(e.into());
    }
    upsert_member(&mut *tx, org.id, owner, OrgRole::Owner).await?;
    super::audit::record(
        &mut *tx,
        Some(owner),
        "org.created",
        "organization",
        org.slug,
        serde_json::json!({"name": org.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes member `account` from `org` (never the last owner), audited.
pub async fn remove_member_audited(
    pool: &sqlx::PgPool,
    org: Uuid,
    slug: &str,
    account: Uuid,
    by: Uuid,
) -> crate::error::AppResult<()> {
    use crate::error::AppError;
    let mut tx = pool.begin().await?;
    if other_owners(&mut tx, org, account).await? == 0 {
        return Err(AppError::conflict(
            "An organization needs at least one owner.",
        ));
    }
    if !remove_member(&mut tx, org, account).await? {
        return Err(AppError::not_found("That member"));
    }
    super::audit::record(
        &mut *tx,
        Some(by),
        "org.member_removed",
        "organization",
        slug,
        serde_json::json!({"account_id": account}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
