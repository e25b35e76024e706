//! Demo data for the run command: one account per role, organizations and categories.
//! Idempotent: running it again changes nothing that exists.

use super::db::accounts;
use super::passwords;
use crate::domain::{DisplayName, Email, Role};
use sqlx::PgPool;
use uuid::Uuid;

/// The demo accounts: (email, display name, role, password). Documented in the README.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 4] = [
    (
        "consumer@ministore.test",
        "Casey Consumer",
        Role::Consumer,
        "ministore-consumer",
    ),
    (
        "developer@ministore.test",
        "Dana Developer",
        Role::Developer,
        "ministore-developer",
    ),
    (
        "operator@ministore.test",
        "Omar Operator",
        Role::Operator,
        "ministore-operator",
    ),
    (
        "admin@ministore.test",
        "Ada Admin",
        Role::Admin,
        "ministore-admin",
    ),
];

const ORGS: [(&str, &str, &str); 3] = [
    ("ministore-labs", "Ministore Labs", "in_house"),
    ("acme-payments", "Acme Payments", "partner"),
    ("pixel-arcade", "Pixel Arcade", "partner"),
];

const CATEGORIES: [(&str, &str, &str); 7] = [
    ("finance", "Finance", "💳"),
    ("utilities", "Utilities", "🧰"),
    ("games", "Games", "🎮"),
    ("lifestyle", "Lifestyle", "🌿"),
    ("travel", "Travel", "✈️"),
    ("shopping", "Shopping", "🛍️"),
    ("productivity", "Productivity", "✅"),
];

pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
        if accounts::by_email(pool, &email).await?.is_none() {
            let hash = passwords::hash(password.to_string())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
            accounts::create(pool, &email, &name, &hash, role)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if role >= Role::Developer {
                let a = accounts::by_email(pool, &email)
                    .await?
                    .expect("just created");
                accounts::accept_developer_terms(pool, a.id).await?;
            }
        }
    }
    for (slug, name, kind) in ORGS {
        sqlx::query("INSERT INTO organizations (id, slug, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING")
            .bind(Uuid::new_v4())
            .bind(slug)
            .bind(name)
            .bind(kind)
            .execute(pool)
            .await?;
    }
    // The demo developer owns two organizations; the consumer tests for one.
    for (email, org, role) in [
        ("developer@ministore.test", "acme-payments", "owner"),
        ("developer@ministore.test", "ministore-labs", "developer"),
        ("consumer@ministore.test", "acme-payments", "tester"),
    ] {
        sqlx::query(
            "INSERT INTO org_members (org_id, account_id, role)
             SELECT o.id, a.id, $3 FROM organizations o, accounts a WHERE o.slug = $2 AND a.email = $1
             ON CONFLICT DO NOTHING",
        )
        .bind(email)
        .bind(org)
        .bind(role)
        .execute(pool)
        .await?;
    }
    for (i, (slug, name, icon)) in CATEGORIES.iter().enumerate() {
        sqlx::query("INSERT INTO categories (slug, name, icon, position) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING")
            .bind(slug)
            .bind(name)
            .bind(icon)
            .bind(i as i32)
            .execute(pool)
            .await?;
    }
    Ok(())
}
