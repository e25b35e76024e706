//! Unleash activation strategies and feature toggles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::constraint::Constraint;
use crate::context::Context;
use crate::hash::normalized_value;
use crate::serde_util::{null_default, string_map};

/// One activation strategy of an Unleash feature: a name, string parameters and constraints that
/// must all hold.
///
/// Supported: `default`, `userWithId` (`userIds`, comma separated, spaces trimmed),
/// `gradualRolloutUserId` and `gradualRolloutSessionId` (`percentage`, `groupId`, both
/// required), `flexibleRollout` (`rollout`; `stickiness` `default` | `userId` | `sessionId` |
/// `random` | any context field; `groupId`, default the feature name) and
/// `gradualRolloutRandom` (`percentage`). Any other strategy is off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// The strategy name, e.g. `flexibleRollout`.
    pub name: String,
    /// Parameters; JSON numbers and booleans are read as their text, `null`s are dropped.
    #[serde(default, deserialize_with = "string_map")]
    pub parameters: BTreeMap<String, String>,
    /// Constraints that must all hold for the strategy to apply.
    #[serde(default, deserialize_with = "null_default")]
    pub constraints: Vec<Constraint>,
}

/// Where a rollout's "random" stickiness gets its numbers.
type Random<'a> = Option<&'a mut dyn FnMut() -> u32>;

impl Strategy {
    /// Whether this strategy is on for the context, within the feature `feature_name` (the
    /// default `groupId` of `flexibleRollout`).
    ///
    /// Deterministic: `random` stickiness (also the last resort of `default` stickiness, when
    /// the context has neither userId nor sessionId) counts as on only at a rollout of 100 or
    /// more, and off otherwise. Use [`Strategy::is_enabled_with_random`] to roll real dice.
    pub fn is_enabled(&self, ctx: &Context, feature_name: &str) -> bool {
        self.evaluate(ctx, feature_name, None)
    }

    /// Like [`Strategy::is_enabled`], but `random` stickiness draws a bucket
    /// `random() % 100 + 1` from the caller's generator, as Unleash clients do.
    pub fn is_enabled_with_random(
        &self,
        ctx: &Context,
        feature_name: &str,
        random: &mut dyn FnMut() -> u32,
    ) -> bool {
        self.evaluate(ctx, feature_name, Some(random))
    }

    fn evaluate(&self, ctx: &Context, feature_name: &str, random: Random<'_>) -> bool {
        self.constraints.iter().all(|c| c.evaluate(ctx)) && self.applies(ctx, feature_name, random)
    }

    fn applies(&self, ctx: &Context, feature_name: &str, random: Random<'_>) -> bool {
        match self.name.as_str() {
            "default" => true,
            "userWithId" => match (self.param("userIds"), ctx.field_ref("userId")) {
                (Some(ids), Some(user)) => ids.split(',').any(|id| id.trim() == user),
                _ => false,
            },
            "gradualRolloutUserId" => self.gradual_rollout(ctx, "userId"),
            "gradualRolloutSessionId" => self.gradual_rollout(ctx, "sessionId"),
            "flexibleRollout" => self.flexible_rollout(ctx, feature_name, random),
            "gradualRolloutRandom" => match self.percent("percentage") {
                Some(percentage) => random_bucket_within(percentage, random),
                None => false,
            },
            _ => false,
        }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).map(String::as_str)
    }

    /// A whole-number percentage parameter; a missing or malformed one turns the strategy off.
    fn percent(&self, name: &str) -> Option<u32> {
        self.param(name)?.trim().parse().ok()
    }

    fn gradual_rollout(&self, ctx: &Context, field: &str) -> bool {
        match (
            self.percent("percentage"),
            self.param("groupId"),
            ctx.field_ref(field),
        ) {
            (Some(percentage), Some(group), Some(id)) => {
                normalized_value(group, id, 100) <= percentage
            }
            _ => false,
        }
    }

    fn flexible_rollout(&self, ctx: &Context, feature_name: &str, random: Random<'_>) -> bool {
        let Some(rollout) = self.percent("rollout") else {
            return false;
        };
        let group = self.param("groupId").unwrap_or(feature_name);
        // `None` means "random": `default` stickiness ends there when there is no id at all.
        let sticky_id = match self.param("stickiness").unwrap_or("default") {
            "default" => ctx
                .field_ref("userId")
                .or_else(|| ctx.field_ref("sessionId")),
            "random" => None,
            field => match ctx.field_ref(field) {
                Some(id) => Some(id),
                None => return false,
            },
        };
        match sticky_id {
            Some(id) => normalized_value(group, id, 100) <= rollout,
            None => random_bucket_within(rollout, random),
        }
    }
}

/// A random bucket `1..=100` from the caller's generator is within `percentage`; without a
/// generator only a percentage of 100 or more is (deterministic: no hidden randomness).
fn random_bucket_within(percentage: u32, random: Random<'_>) -> bool {
    match random {
        Some(next) => {
            let bucket = next() % 100 + 1;
            bucket <= percentage
        }
        None => percentage >= 100,
    }
}

/// An Unleash feature toggle: on iff `enabled` and any strategy is on (no strategies: on).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// The toggle name.
    pub name: String,
    /// The kill switch: a disabled feature is off whatever its strategies say.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
    /// The strategies, any one of which turns the feature on.
    #[serde(default, deserialize_with = "null_default")]
    pub strategies: Vec<Strategy>,
}

impl Feature {
    /// Whether the feature is on for the context (deterministic; see [`Strategy::is_enabled`]).
    pub fn is_enabled(&self, ctx: &Context) -> bool {
        self.enabled
            && (self.strategies.is_empty()
                || self
                    .strategies
                    .iter()
                    .any(|s| s.is_enabled(ctx, &self.name)))
    }

    /// Whether the feature is on, drawing `random` stickiness from the caller's generator.
    pub fn is_enabled_with_random(&self, ctx: &Context, random: &mut dyn FnMut() -> u32) -> bool {
        self.enabled
            && (self.strategies.is_empty()
                || self
                    .strategies
                    .iter()
                    .any(|s| s.is_enabled_with_random(ctx, &self.name, random)))
    }
}

#[cfg(test)]
mod tests;
