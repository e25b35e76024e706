//! Organization server functions.

use super::{Invitation, MyOrg, OrgDetail};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    domain::{OrgKind, OrgRole, Role},
    orgs::Member,
    server::{self, access::require_org_role, db::orgs},
};

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
    Ok(orgs::is_member_by_slug(&st.pool, &slug, me)
        .await?
        .then_some(slug))
}

#[cfg(feature = "ssr")]
async fn org_by_slug(pool: &sqlx::PgPool, slug: &str) -> Result<orgs::OrgRow, AppError> {
    orgs::by_slug(pool, slug)
        .await?
        .ok_or_else(|| AppError::not_found("That organization"))
}

#[cfg(feature = "ssr")]
fn invitation(r: orgs::InvitationRow) -> Invitation {
    Invitation {
        id: r.id.to_string(),
        org_slug: r.org_slug,
        org_name: r.org_name,
        email: r.email,
        role: r.role,
    }
}

#[cfg(feature = "ssr")]
fn parse_uuid(field: &str, s: &str, what: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| AppError::validation(field, format!("Not {what}.")))
}

/// Switches the portal to one of the developer's organizations (its mini-programs only, and the
/// default for new ones), or back to all of them with an empty `slug`. Kept in the session.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/switch")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
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
        if !orgs::is_member_by_slug(&st.pool, &slug, me.id).await? {
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
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn my_orgs() -> Result<Vec<MyOrg>, AppError> {
    server::respond(async {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let current = current_org(me.id).await?;
        let rows = orgs::memberships(&st.pool, me.id).await?;
        Ok(rows
            .into_iter()
            .map(|r| MyOrg {
                current: current.as_deref() == Some(r.slug.as_str()),
                slug: r.slug,
                name: r.name,
                kind: r.kind,
                my_role: r.role,
                members: r.members,
            })
            .collect())
    })
    .await
}

/// Creates an organization; the creator becomes its owner.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/create")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn create_org(name: String, kind: String) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let name = name.trim().to_string();
        if !(2..=60).contains(&name.chars().count()) {
            return Err(AppError::validation(
                "name",
                "An organization name has 2 to 60 characters.",
            ));
        }
        let kind = OrgKind::parse(&kind)
            .ok_or_else(|| AppError::validation("kind", "Choose partner or in-house."))?;
        let slug = super::slugify(&name);
        if slug.len() < 2 {
            return Err(AppError::validation(
                "name",
                "Use some letters or digits in the name.",
            ));
        }
        let st = server::state()?;
        let org = orgs::NewOrg {
            id: uuid::Uuid::new_v4(),
            slug: &slug,
            name: &name,
            kind,
        };
        orgs::create_with_owner(&st.pool, &org, me.id).await?;
        Ok(slug)
    })
    .await
}

/// An organization with its members (members only; invitations for owners).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/get")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn get_org(slug: String) -> Result<OrgDetail, AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = org_by_slug(&st.pool, &slug).await?;
        let my_role = require_org_role(&st.pool, &me, org.id, OrgRole::Tester).await?;
        let members = orgs::members(&st.pool, org.id).await?;
        let invitations = if my_role == OrgRole::Owner {
            orgs::pending_invitations(&st.pool, org.id).await?
        } else {
            vec![]
        };
        Ok(OrgDetail {
            slug,
            name: org.name,
            kind: org.kind,
            my_role,
            members: members
                .into_iter()
                .map(|m| Member {
                    account_id: m.account_id.to_string(),
                    email: m.email,
                    display_name: m.display_name,
                    role: m.role,
                })
                .collect(),
            invitations: invitations.into_iter().map(invitation).collect(),
        })
    })
    .await
}

/// Owners invite someone by email with an org role.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/invite")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn invite_member(slug: String, email: String, role: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = org_by_slug(&st.pool, &slug).await?;
        require_org_role(&st.pool, &me, org.id, OrgRole::Owner).await?;
        let email = crate::domain::Email::parse(&email)?;
        let role = OrgRole::parse(&role)
            .ok_or_else(|| AppError::validation("role", "Choose owner, developer or tester."))?;
        if orgs::has_member_email(&st.pool, org.id, email.as_str()).await? {
            return Err(AppError::validation(
                "email",
                "This person is already a member.",
            ));
        }
        orgs::invite_audited(&st.pool, org.id, &slug, email.as_str(), role, me.id).await
    })
    .await
}

/// Invitations waiting for the signed-in user.
#[leptos::server(prefix = "/rpc", endpoint = "orgs/my_invitations")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn my_invitations() -> Result<Vec<Invitation>, AppError> {
    server::respond(async move {
        let me = server::require_signed_in().await?;
        let st = server::state()?;
        let rows = orgs::invitations_for(&st.pool, &me.email).await?;
        Ok(rows.into_iter().map(invitation).collect())
    })
    .await
}

/// Accepts an invitation addressed to the signed-in user's email. A consumer who accepts
/// becomes a developer (testers included: the portal is where trial builds are).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/accept")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn accept_invitation(invitation_id: String) -> Result<String, AppError> {
    server::respond(async move {
        let me = server::require_signed_in().await?;
        let st = server::state()?;
        let id = parse_uuid("invitation_id", &invitation_id, "an invitation id")?;
        orgs::accept(&st.pool, id, me.id, &me.email).await
    })
    .await
}

/// Owners remove a member (not the last owner).
#[leptos::server(prefix = "/rpc", endpoint = "orgs/remove_member")]
#[cfg_attr(feature = "ssr", tracing::instrument)]
pub async fn remove_member(slug: String, account_id: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Developer).await?;
        let st = server::state()?;
        let org = org_by_slug(&st.pool, &slug).await?;
        require_org_role(&st.pool, &me, org.id, OrgRole::Owner).await?;
        let target = parse_uuid("account_id", &account_id, "an account id")?;
        orgs::remove_member_audited(&st.pool, org.id, &slug, target, me.id).await
    })
    .await
}
