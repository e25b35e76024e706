//! Ministore release plans: which users of a host app get a mini-program's candidate version.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::constraint::{validate_constraint, Constraint};
use crate::context::Context;
use crate::hash::bucket;

/// The grayscale part of a release plan (DESIGN.md "Release plan", HOST-API.md "Bucketing").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The bucketing group; by convention the mini-program id. Changing it reshuffles users.
    pub group: String,
    /// Share of users, 0–100, who get the candidate (values above 100 act as 100).
    pub percentage: u8,
    /// User ids who always get the candidate, whatever the conditions and percentage.
    #[serde(default)]
    pub allow_list: BTreeSet<String>,
    /// Conditions on context fields that must all hold for the percentage to apply.
    #[serde(default)]
    pub conditions: Vec<Constraint>,
}

/// Why a user gets the candidate version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The user id is on the allow-list.
    AllowList,
    /// The user passed the conditions and falls within the percentage.
    Percentage,
}

impl Reason {
    /// The `reason` of the resolve reply: `"allow_list"` or `"percentage"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::AllowList => "allow_list",
            Reason::Percentage => "percentage",
        }
    }
}

/// Which version a user gets under a [`Plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The candidate version, and why.
    Candidate(Reason),
    /// The stable version.
    Stable,
}

impl Decision {
    /// Whether the user gets the candidate version.
    pub fn is_candidate(self) -> bool {
        matches!(self, Decision::Candidate(_))
    }
}

impl Plan {
    /// A plan for `group` at 0 %, with no allow-list and no conditions.
    pub fn new(group: impl Into<String>) -> Self {
        Self {
            group: group.into(),
            ..Self::default()
        }
    }

    /// Decides which version the context's user gets.
    ///
    /// 1. An allow-listed `userId` gets the candidate, whatever the conditions and percentage.
    /// 2. Otherwise every condition must hold, and the user's [`bucket`] in `group` must be at
    ///    most `percentage`: 0 lets no one in by percentage, 100 everyone who passes the
    ///    conditions.
    /// 3. Anyone else gets the stable version.
    ///
    /// A context without a `userId` cannot be bucketed: it gets the candidate only at 100 %.
    pub fn decide(&self, ctx: &Context) -> Decision {
        let user_id = ctx.field_ref("userId");
        if user_id.is_some_and(|id| self.allow_list.contains(id)) {
            return Decision::Candidate(Reason::AllowList);
        }
        if !self.conditions.iter().all(|c| c.evaluate(ctx)) {
            return Decision::Stable;
        }
        let percentage = u32::from(self.percentage);
        let in_cohort = match user_id {
            Some(id) => bucket(&self.group, id) <= percentage,
            None => percentage >= 100,
        };
        if in_cohort {
            Decision::Candidate(Reason::Percentage)
        } else {
            Decision::Stable
        }
    }

    /// Checks the plan before it is saved: a group, a percentage of at most 100 and valid
    /// conditions. The message names the problem (and the condition, by position from 1).
    pub fn validate(&self) -> Result<(), String> {
        if self.group.trim().is_empty() {
            return Err("the bucketing group is empty".into());
        }
        if self.percentage > 100 {
            return Err(format!("percentage {} is above 100", self.percentage));
        }
        for (i, condition) in self.conditions.iter().enumerate() {
            validate_constraint(condition).map_err(|e| format!("condition {}: {e}", i + 1))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
