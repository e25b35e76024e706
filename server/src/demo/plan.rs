//! The grayscale demo: a running plan for the calculator's candidate version.

use app::server::db::{self, demo};
use app::versions::VersionState;
use sqlx::PgPool;
use uuid::Uuid;

/// The grayscale demo: the calculator's 1.1.0 rolled out to 20 % of the demo host app's users
/// (default group, `demo-tester` allow-listed, a ramp to 50 % and 100 % over the next days, a 5 %
/// error-rate gate), with 30 days of seen users and an hour of launches for the preview and the
/// health panel. Loaded once: a plan that exists (whatever its state) is left alone.
pub async fn demo_plan(pool: &PgPool, host_id: Uuid, operator: Uuid) -> anyhow::Result<()> {
    const MP: &str = "mp_calculator";
    let mut tx = pool.begin().await?;
    if demo::has_plan(&mut tx, MP, host_id).await? {
        return Ok(());
    }
    let versions = demo::versions_of(&mut tx, MP).await?;
    let (Some(stable), Some(candidate)) = (versions.first(), versions.get(1)) else {
        return Ok(());
    };
    if candidate.state != VersionState::Approved {
        return Ok(());
    }
    let plan = Uuid::new_v4();
    demo::insert_running_plan(
        &mut tx,
        plan,
        MP,
        host_id,
        stable.id,
        candidate.id,
        operator,
    )
    .await?;
    db::audit::record(
        &mut *tx,
        Some(operator),
        "plan.start",
        "mini_program",
        MP,
        serde_json::json!({"plan": plan, "candidate": candidate.version, "percentage": 20, "demo": true}),
    )
    .await?;
    demo::generate_seen_users(&mut tx, host_id).await?;
    demo::generate_launches(&mut tx, host_id, MP, &candidate.version).await?;
    // The last hour's launches fall on today, or yesterday just after midnight.
    let today = time::OffsetDateTime::now_utc().date();
    let days = [today - time::Duration::days(1), today];
    app::server::db::analytics::mark_dirty(&mut *tx, &days, &[MP.to_string(), MP.to_string()])
        .await?;
    tx.commit().await?;
    Ok(())
}
