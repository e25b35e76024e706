//! Invitations to organizations: sent by owners, accepted by the invitee (whose account then
//! becomes a member, and a developer).

use super::orgs::upsert_member;
use crate::domain::OrgRole;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// A pending invitation.
pub struct InvitationRow {
    pub id: Uuid,
    pub org_slug: String,
    pub org_name: String,
    pub email: String,
    pub role: OrgRole,
}

/// What accepting an invitation needs, locked.
pub struct OpenInvitation {
    pub org_id: Uuid,
    pub role: OrgRole,
    pub slug: String,
}

/// Pending invitations of `org`, oldest first.
pub async fn pending_invitations(
    db: impl PgExecutor<'_>,
    org: Uuid,
) -> sqlx::Result<Vec<InvitationRow>> {
    sqlx::query_as!(
        InvitationRow,
        r#"SELECT i.id, o.slug AS org_slug, o.name AS org_name, i.email, i.role AS "role: OrgRole"
           FROM invitations i JOIN organizations o ON o.id = i.org_id
           WHERE i.org_id = $1 AND i.accepted_at IS NULL ORDER BY i.created_at"#,
        org
    )
    .fetch_all(db)
    .await
}

/// Pending invitations addressed to `email`, oldest first.
pub async fn invitations_for(
    db: impl PgExecutor<'_>,
    email: &str,
) -> sqlx::Result<Vec<InvitationRow>> {
    sqlx::query_as!(
        InvitationRow,
        r#"SELECT i.id, o.slug AS org_slug, o.name AS org_name, i.email, i.role AS "role: OrgRole"
           FROM invitations i JOIN organizations o ON o.id = i.org_id
           WHERE i.email = $1 AND i.accepted_at IS NULL ORDER BY i.created_at"#,
        email
    )
    .fetch_all(db)
    .await
}

/// Invites `email` to `org` (again, with the new role, if invited before).
pub async fn invite(
    tx: &mut PgConnection,
    org: Uuid,
    email: &str,
    role: OrgRole,
    invited_by: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO invitations (id, org_id, email, role, invited_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, email)
         DO UPDATE SET role = EXCLUDED.role, accepted_at = NULL, created_at = now()",
        Uuid::new_v4(),
        org,
        email,
        role as OrgRole,
        invited_by
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Locks a pending invitation addressed to `email`.
pub async fn lock_invitation(
    tx: &mut PgConnection,
    id: Uuid,
    email: &str,
) -> sqlx::Result<Option<OpenInvitation>> {
    sqlx::query_as!(
        OpenInvitation,
        r#"SELECT i.org_id, i.role AS "role: OrgRole", o.slug
           FROM invitations i JOIN organizations o ON o.id = i.org_id
           WHERE i.id = $1 AND i.email = $2 AND i.accepted_at IS NULL FOR UPDATE OF i"#,
        id,
        email
    )
    .fetch_optional(tx)
    .await
}

pub async fn mark_accepted(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE invitations SET accepted_at = now() WHERE id = $1",
        id
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Accepts invitation `id` addressed to `email` for `account`: membership, acceptance, the
/// developer terms and the audit entry in one transaction. Returns the organization's slug.
pub async fn accept(
    pool: &sqlx::PgPool,
    id: Uuid,
    account: Uuid,
    email: &str,
) -> crate::error::AppResult<String> {
    let mut tx = pool.begin().await?;
    let inv = lock_invitation(&mut tx, id, email)
        .await?
        .ok_or_else(|| crate::error::AppError::not_found("That invitation"))?;
    upsert_member(&mut *tx, inv.org_id, account, inv.role).await?;
    mark_accepted(&mut tx, id).await?;
    super::accounts::accept_developer_terms(&mut *tx, account).await?;
    super::audit::record(
        &mut *tx,
        Some(account),
        "org.joined",
        "organization",
        &inv.slug,
        serde_json::json!({"role": inv.role}),
    )
    .await?;
    tx.commit().await?;
    Ok(inv.slug)
}

/// Invites `email` with `role`, audited.
pub async fn invite_audited(
    pool: &sqlx::PgPool,
    org: Uuid,
    slug: &str,
    email: &str,
    role: OrgRole,
    by: Uuid,
) -> crate::error::AppResult<()> {
    let mut tx = pool.begin().await?;
    invite(&mut tx, org, email, role, by).await?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "org.invited",
        "organization",
        slug,
        serde_json::json!({"email": email, "role": role}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
