//! Constraint operators, named as in Unleash (`IN`, `STR_CONTAINS`, `SEMVER_GT`, ...).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A constraint operator. Serializes as its Unleash name (`"NUM_GTE"`).
///
/// An operator name this engine does not know deserializes as [`Operator::Unknown`] instead of
/// failing, because an Unleash client must keep working when the server knows more operators
/// than it does: a constraint with an unknown operator is simply false (even when inverted).
/// [`crate::validate_constraint`] rejects it, so it never gets into a Ministore release plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operator {
    /// The field equals one of `values`.
    In,
    /// The field equals none of `values` (true when the field is absent).
    NotIn,
    /// The field contains one of `values`.
    StrContains,
    /// The field starts with one of `values`.
    StrStartsWith,
    /// The field ends with one of `values`.
    StrEndsWith,
    /// The field, as a number, equals `value`.
    NumEq,
    /// The field, as a number, is greater than `value`.
    NumGt,
    /// The field, as a number, is greater than or equal to `value`.
    NumGte,
    /// The field, as a number, is less than `value`.
    NumLt,
    /// The field, as a number, is less than or equal to `value`.
    NumLte,
    /// The field, as an RFC 3339 instant, is strictly after `value`.
    DateAfter,
    /// The field, as an RFC 3339 instant, is strictly before `value`.
    DateBefore,
    /// The field, as a semantic version, has the same precedence as `value`.
    SemverEq,
    /// The field, as a semantic version, is greater than `value`.
    SemverGt,
    /// The field, as a semantic version, is greater than or equal to `value`.
    SemverGte,
    /// The field, as a semantic version, is less than `value`.
    SemverLt,
    /// The field, as a semantic version, is less than or equal to `value`.
    SemverLte,
    /// The regular expression `value` matches somewhere in the field (RE2 syntax).
    Regex,
    /// An operator name this engine does not know; always evaluates to false.
    Unknown(String),
}

impl Operator {
    /// Every known operator, in the order an admin form lists them.
    pub const ALL: [Operator; 18] = [
        Operator::In,
        Operator::NotIn,
        Operator::StrContains,
        Operator::StrStartsWith,
        Operator::StrEndsWith,
        Operator::NumEq,
        Operator::NumGt,
        Operator::NumGte,
        Operator::NumLt,
        Operator::NumLte,
        Operator::DateAfter,
        Operator::DateBefore,
        Operator::SemverEq,
        Operator::SemverGt,
        Operator::SemverGte,
        Operator::SemverLt,
        Operator::SemverLte,
        Operator::Regex,
    ];

    /// The Unleash name, e.g. `"STR_STARTS_WITH"`.
    pub fn as_str(&self) -> &str {
        match self {
            Operator::In => "IN",
            Operator::NotIn => "NOT_IN",
            Operator::StrContains => "STR_CONTAINS",
            Operator::StrStartsWith => "STR_STARTS_WITH",
            Operator::StrEndsWith => "STR_ENDS_WITH",
            Operator::NumEq => "NUM_EQ",
            Operator::NumGt => "NUM_GT",
            Operator::NumGte => "NUM_GTE",
            Operator::NumLt => "NUM_LT",
            Operator::NumLte => "NUM_LTE",
            Operator::DateAfter => "DATE_AFTER",
            Operator::DateBefore => "DATE_BEFORE",
            Operator::SemverEq => "SEMVER_EQ",
            Operator::SemverGt => "SEMVER_GT",
            Operator::SemverGte => "SEMVER_GTE",
            Operator::SemverLt => "SEMVER_LT",
            Operator::SemverLte => "SEMVER_LTE",
            Operator::Regex => "REGEX",
            Operator::Unknown(name) => name,
        }
    }

    /// The operator with this exact Unleash name, or [`Operator::Unknown`].
    pub fn from_name(name: &str) -> Operator {
        Operator::ALL
            .into_iter()
            .find(|op| op.as_str() == name)
            .unwrap_or_else(|| Operator::Unknown(name.to_owned()))
    }

    /// Operators that compare against the list `values` (the others use the single `value`).
    pub fn takes_values(&self) -> bool {
        matches!(
            self,
            Operator::In
                | Operator::NotIn
                | Operator::StrContains
                | Operator::StrStartsWith
                | Operator::StrEndsWith
        )
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Operator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Operator::from_name(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_round_trips_through_its_unleash_name() {
        for op in Operator::ALL {
            let json = serde_json::to_string(&op).unwrap();
            assert_eq!(json, format!("\"{}\"", op.as_str()));
            assert_eq!(serde_json::from_str::<Operator>(&json).unwrap(), op);
        }
    }

    #[test]
    fn an_unknown_operator_name_is_kept_not_rejected() {
        let op: Operator = serde_json::from_str("\"NOT_A_VALID_OPERATOR\"").unwrap();
        assert_eq!(op, Operator::Unknown("NOT_A_VALID_OPERATOR".into()));
        assert_eq!(
            serde_json::to_string(&op).unwrap(),
            "\"NOT_A_VALID_OPERATOR\""
        );
    }
}
