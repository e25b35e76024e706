//! Release plans on the server: checking what the release page sends, the release page, saving
//! a plan, moving plans through their states (for operators and for the background task), the
//! scheduled ramp, the error-rate gate, the audience preview, and the full releases, withdrawals
//! and roll backs that change the release under a plan. Plain async fns over `&PgPool` or a
//! transaction; the SQL is in `db::plans` and `db::releases`.

mod actions;
mod check;
mod gate;
mod page;
mod preview;
mod release;
mod save;
mod scheduler;

pub use actions::{act, apply_action, discard, end_open_plans, supersede_if_unused};
pub use check::{
    check, parse_time, rules_of, stored_conditions, to_condition_input, to_constraint, Checked,
    MAX_ALLOW_LIST, MAX_CONDITIONS, MAX_STEPS,
};
pub use gate::candidate_health;
pub use page::{plan_page, steps_of};
pub use preview::preview;
pub use release::{release_full, roll_back, withdraw};
pub use save::save;
pub use scheduler::tick;
