//! Ministore's grayscale release rule engine: who gets the candidate version of a mini-program.
//!
//! A pure module: no I/O, no async, no clock. The only notion of time is the `currentTime`
//! carried by the [`Context`], so the same rules give the same answer on every server instance
//! and in the browser (the admin console previews a release plan with this crate compiled to
//! wasm32).
//!
//! Two layers share the same primitives:
//!
//! * **Unleash compatibility** — [`murmur3_x86_32`], [`bucket`], [`Constraint`] (all Unleash
//!   operators), [`Strategy`] and [`Feature`] evaluate Unleash feature definitions exactly as an
//!   Unleash client does; `tests/conformance.rs` checks this against the Unleash
//!   client-specification vectors in `shared/conformance/unleash/`.
//! * **Ministore release plans** — [`Plan::decide`] implements the normative bucketing of
//!   HOST-API.md: allow-listed users always get the candidate, everyone else gets it when all
//!   conditions hold and `bucket(group, user_id) <= percentage`.

mod constraint;
mod context;
mod hash;
mod operator;
mod plan;
mod serde_util;
mod strategy;

pub use constraint::{validate_constraint, Constraint};
pub use context::{Context, HOST_CONTEXT_FIELDS};
pub use hash::{bucket, murmur3_x86_32, normalized_value};
pub use operator::Operator;
pub use plan::{Decision, Plan, Reason};
pub use strategy::{Feature, Strategy};
