//! Organization server functions.

use super::MyOrg;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// The session key of the organization the portal is switched to.
#[cfg(feature = "ssr")]
const CURRENT_ORG: &str = "portal.org";

/// The organization (slug) the signed-in developer switched the portal to, if they are still a
/// member of it.
#[cfg(feature = "ssr")]
pub async fn current_org(me: uuid::Uuid) -> Result<Option<String>, AppError> {
    let session = server::auth::session().await?;
    let Some(slug) = session.get::<String>(CURRENT_ORG).await.ok().flatten() else {
        return Ok(None);
    };
    let st = server::state()?;
    let member: Option<(i32,)> = sqlx::query_as(
        "SELECT 1 FROM org_members m JOIN organizations o ON o.id = m.org_id
         WHERE o.slug = $1 AND m.account_id = $2",
    )
    .bind(&slug)
    .bind(me)
    .fetch_optional(&st.pool)
    .await?;
    Ok(member.map(|_| slug))
}

/// Switches the portal to one of the developer's organizations (its mini-programs only, and the
/// default for new ones), or back to all of them with an empty `slug`. Kept in the session.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/switch")]
pub async fn switch_org(slug: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let session = server::auth::session().await?;
        let slug = slug.trim().to_string();
        if slug.is_empty() {
            let _ = session.remove::<String>(CURRENT_ORG).await;
            return Ok(());
        }
        let st = server::state()?;
        let member: Option<(i32,)> = sqlx::query_as(
            "SELECT 1 FROM org_members m JOIN organizations o ON o.id = m.org_id
             WHERE o.slug = $1 AND m.account_id = $2",
        )
        .bind(&slug)
        .bind(me.id)
        .fetch_optional(&st.pool)
        .await?;
        if member.is_none() {
            return Err(AppError::not_found("That organization"));
        }
        session
            .insert(CURRENT_ORG, slug)
            .await
            .map_err(|e| AppError::internal(format!("session: {e}")))?;
        Ok(())
    })
    .await
}

/// The organizations the signed-in developer is a member of.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/mine")]
pub async fn my_orgs() -> Result<Vec<MyOrg>, AppError> {
    server::respond(async {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let current = current_org(me.id).await?;
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT o.slug, o.name, o.kind, m.role,
                    (SELECT count(*) FROM org_members x WHERE x.org_id = o.id)
             FROM org_members m JOIN organizations o ON o.id = m.org_id
             WHERE m.account_id = $1 ORDER BY o.name",
        )
        .bind(me.id)
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, kind, my_role, members)| MyOrg {
                current: current.as_deref() == Some(slug.as_str()),
                slug,
                name,
                kind,
                my_role,
                members,
            })
            .collect())
    })
    .await
}

#[cfg(feature = "ssr")]
mod imp {
    pub use crate::server::access::{require_org_role, OrgRole};
    pub use crate::server::db::audit;
    pub use uuid::Uuid;

    pub async fn org_by_slug(
        pool: &sqlx::PgPool,
        slug: &str,
    ) -> Result<(Uuid, String, String), crate::error::AppError> {
        sqlx::query_as("SELECT id, name, kind FROM organizations WHERE slug = $1")
            .bind(slug)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| crate::error::AppError::not_found("That organization"))
    }
}

/// Creates an organization; the creator becomes its owner.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/create")]
pub async fn create_org(name: String, kind: String) -> Result<String, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let name = name.trim().to_string();
        if name.chars().count() < 2 || name.chars().count() > 60 {
            return Err(AppError::validation(
                "name",
                "An organization name has 2 to 60 characters.",
            ));
        }
        if kind != "partner" && kind != "in_house" {
            return Err(AppError::validation("kind", "Choose partner or in-house."));
        }
        let slug = super::slugify(&name);
        if slug.len() < 2 {
            return Err(AppError::validation(
                "name",
                "Use some letters or digits in the name.",
            ));
        }
        let st = server::state()?;
        let mut tx = st.pool.begin().await?;
        let id = Uuid::new_v4();
        let r =
            sqlx::query("INSERT INTO organizations (id, slug, name, kind) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(&slug)
                .bind(&name)
                .bind(&kind)
                .execute(&mut *tx)
                .await;
        if let Err(sqlx::Error::Database(e)) = &r {
            if e.is_unique_violation() {
                return Err(AppError::validation(
                    "name",
                    "An organization with this name exists already.",
                ));
            }
        }
        r?;
        sqlx::query("INSERT INTO org_members (org_id, account_id, role) VALUES ($1, $2, 'owner')")
            .bind(id)
            .bind(me.id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            Some(me.id),
            "org.created",
            "organization",
            &slug,
            serde_json::json!({"name": name}),
        )
        .await?;
        tx.commit().await?;
        Ok(slug)
    })
    .await
}

/// An organization with its members (members only; invitations for owners).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/get")]
pub async fn get_org(slug: String) -> Result<super::OrgDetail, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let (id, name, kind) = org_by_slug(&st.pool, &slug).await?;
        let my_role = require_org_role(&st.pool, &me, id, OrgRole::Tester).await?;
        let members: Vec<(Uuid, String, String, String)> = sqlx::query_as(
            "SELECT a.id, a.email, a.display_name, m.role FROM org_members m JOIN accounts a ON a.id = m.account_id
             WHERE m.org_id = $1 ORDER BY m.role = 'owner' DESC, a.display_name",
        )
        .bind(id)
        .fetch_all(&st.pool)
        .await?;
        let invitations: Vec<(Uuid, String, String)> = if my_role == OrgRole::Owner {
            sqlx::query_as("SELECT id, email, role FROM invitations WHERE org_id = $1 AND accepted_at IS NULL ORDER BY created_at")
                .bind(id)
                .fetch_all(&st.pool)
                .await?
        } else {
            vec![]
        };
        Ok(super::OrgDetail {
            slug: slug.clone(),
            name: name.clone(),
            kind,
            my_role: my_role.as_str().into(),
            members: members
                .into_iter()
                .map(|(id, email, display_name, role)| super::Member { account_id: id.to_string(), email, display_name, role })
                .collect(),
            invitations: invitations
                .into_iter()
                .map(|(id, email, role)| super::Invitation { id: id.to_string(), org_slug: slug.clone(), org_name: name.clone(), email, role })
                .collect(),
        })
    })
    .await
}

/// Owners invite someone by email with an org role.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/invite")]
pub async fn invite_member(slug: String, email: String, role: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let (org, _, _) = org_by_slug(&st.pool, &slug).await?;
        require_org_role(&st.pool, &me, org, OrgRole::Owner).await?;
        let email = crate::domain::Email::parse(&email)?;
        let role = OrgRole::parse(&role).ok_or_else(|| AppError::validation("role", "Choose owner, developer or tester."))?;
        let already: Option<(i32,)> = sqlx::query_as(
            "SELECT 1 FROM org_members m JOIN accounts a ON a.id = m.account_id WHERE m.org_id = $1 AND a.email = $2",
        )
        .bind(org)
        .bind(email.as_str())
        .fetch_optional(&st.pool)
        .await?;
        if already.is_some() {
            return Err(AppError::validation("email", "This person is already a member."));
        }
        let mut tx = st.pool.begin().await?;
        sqlx::query(
            "INSERT INTO invitations (id, org_id, email, role, invited_by) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (org_id, email) DO UPDATE SET role = EXCLUDED.role, accepted_at = NULL, created_at = now()",
        )
        .bind(Uuid::new_v4())
        .bind(org)
        .bind(email.as_str())
        .bind(role.as_str())
        .bind(me.id)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut *tx, Some(me.id), "org.invited", "organization", &slug, serde_json::json!({"email": email.as_str(), "role": role.as_str()})).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Invitations waiting for the signed-in user.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/my_invitations")]
pub async fn my_invitations() -> Result<Vec<super::Invitation>, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require_signed_in().await?;
        let st = server::state()?;
        let rows: Vec<(Uuid, String, String, String, String)> = sqlx::query_as(
            "SELECT i.id, o.slug, o.name, i.email, i.role FROM invitations i JOIN organizations o ON o.id = i.org_id
             WHERE i.email = $1 AND i.accepted_at IS NULL ORDER BY i.created_at",
        )
        .bind(&me.email)
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, org_slug, org_name, email, role)| super::Invitation { id: id.to_string(), org_slug, org_name, email, role })
            .collect())
    })
    .await
}

/// Accepts an invitation addressed to the signed-in user's email. A consumer who accepts
/// becomes a developer (testers included: the portal is where trial builds are).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/accept")]
pub async fn accept_invitation(invitation_id: String) -> Result<String, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require_signed_in().await?;
        let st = server::state()?;
        let id = Uuid::parse_str(&invitation_id).map_err(|_| AppError::validation("invitation_id", "Not an invitation id."))?;
        let mut tx = st.pool.begin().await?;
        let inv: Option<(Uuid, String, String)> = sqlx::query_as(
            "SELECT i.org_id, i.role, o.slug FROM invitations i JOIN organizations o ON o.id = i.org_id
             WHERE i.id = $1 AND i.email = $2 AND i.accepted_at IS NULL FOR UPDATE OF i",
        )
        .bind(id)
        .bind(&me.email)
        .fetch_optional(&mut *tx)
        .await?;
        let (org, role, slug) = inv.ok_or_else(|| AppError::not_found("That invitation"))?;
        sqlx::query("INSERT INTO org_members (org_id, account_id, role) VALUES ($1, $2, $3) ON CONFLICT (org_id, account_id) DO UPDATE SET role = EXCLUDED.role")
            .bind(org)
            .bind(me.id)
            .bind(&role)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE invitations SET accepted_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
        crate::server::db::accounts::accept_developer_terms(&mut *tx, me.id).await?;
        audit::record(&mut *tx, Some(me.id), "org.joined", "organization", &slug, serde_json::json!({"role": role})).await?;
        tx.commit().await?;
        Ok(slug)
    })
    .await
}

/// Owners remove a member (not the last owner).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/remove_member")]
pub async fn remove_member(slug: String, account_id: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let (org, _, _) = org_by_slug(&st.pool, &slug).await?;
        require_org_role(&st.pool, &me, org, OrgRole::Owner).await?;
        let target = Uuid::parse_str(&account_id).map_err(|_| AppError::validation("account_id", "Not an account id."))?;
        let mut tx = st.pool.begin().await?;
        let owners: i64 = sqlx::query_scalar("SELECT count(*) FROM org_members WHERE org_id = $1 AND role = 'owner' AND account_id <> $2")
            .bind(org)
            .bind(target)
            .fetch_one(&mut *tx)
            .await?;
        if owners == 0 {
            return Err(AppError::conflict("An organization needs at least one owner."));
        }
        let r = sqlx::query("DELETE FROM org_members WHERE org_id = $1 AND account_id = $2")
            .bind(org)
            .bind(target)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(AppError::not_found("That member"));
        }
        audit::record(&mut *tx, Some(me.id), "org.member_removed", "organization", &slug, serde_json::json!({"account_id": account_id})).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
