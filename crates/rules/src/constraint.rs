//! Constraints on context fields, with Unleash's exact semantics, and their validation.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::context::Context;
use crate::operator::Operator;
use crate::serde_util::{null_default, opt_string, string_list};

/// A condition on one context field, in Unleash's JSON shape
/// (`{"contextName", "operator", "values" | "value", "inverted", "caseInsensitive"}`).
///
/// List operators (`IN`, `NOT_IN`, `STR_*`) read `values`; the others read `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Constraint {
    /// The context field, by its Unleash name (`userId`, `currentTime`, `app_version`, ...).
    pub context_name: String,
    /// How the field is compared.
    pub operator: Operator,
    /// The values of list operators.
    #[serde(default, deserialize_with = "string_list")]
    pub values: Vec<String>,
    /// The value of single-value operators (`NUM_*`, `DATE_*`, `SEMVER_*`, `REGEX`).
    #[serde(
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Negates the result (but a constraint with an unknown operator stays false).
    #[serde(default, deserialize_with = "null_default")]
    pub inverted: bool,
    /// Compare case-insensitively (`IN`, `NOT_IN`, `STR_*`, `REGEX`).
    #[serde(default, deserialize_with = "null_default")]
    pub case_insensitive: bool,
}

impl Constraint {
    /// A constraint with a list of values (`IN`, `NOT_IN`, `STR_*`).
    pub fn with_values<I, S>(context_name: impl Into<String>, operator: Operator, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            context_name: context_name.into(),
            operator,
            values: values.into_iter().map(Into::into).collect(),
            value: None,
            inverted: false,
            case_insensitive: false,
        }
    }

    /// A constraint with a single value (`NUM_*`, `DATE_*`, `SEMVER_*`, `REGEX`).
    pub fn with_value(
        context_name: impl Into<String>,
        operator: Operator,
        value: impl Into<String>,
    ) -> Self {
        Self {
            value: Some(value.into()),
            ..Self::with_values(context_name, operator, Vec::<String>::new())
        }
    }

    /// Whether the constraint holds for this context, exactly as an Unleash client decides.
    ///
    /// * An absent field makes every operator false except `NOT_IN`, which is true; `inverted`
    ///   then negates that result. An unknown operator is false whether inverted or not.
    /// * `NUM_*` parse both sides as floats; `DATE_*` parse both as RFC 3339 instants and compare
    ///   strictly; `SEMVER_*` parse both as strict SemVer 2.0 (no leading `v`) and compare by
    ///   precedence (pre-releases before the release, build metadata ignored). A side that does
    ///   not parse makes the operator false.
    /// * `REGEX` searches the field (unanchored) with RE2 syntax; an invalid pattern is false.
    /// * `case_insensitive` lower-cases both sides for `IN`, `NOT_IN` and `STR_*`, and sets the
    ///   `i` flag for `REGEX`.
    pub fn evaluate(&self, ctx: &Context) -> bool {
        if matches!(self.operator, Operator::Unknown(_)) {
            return false;
        }
        self.holds(ctx.field_ref(&self.context_name)) != self.inverted
    }

    /// The operator's result before inversion.
    fn holds(&self, field: Option<&str>) -> bool {
        use Operator::*;
        let value = self.value.as_deref();
        match &self.operator {
            In | NotIn => {
                let found = field.map(|f| self.values.iter().any(|v| self.str_eq(f, v)));
                match found {
                    Some(found) => found == (self.operator == In),
                    None => self.operator == NotIn,
                }
            }
            StrContains | StrStartsWith | StrEndsWith => field.is_some_and(|f| {
                let f = self.fold(f);
                self.values.iter().any(|v| {
                    let v = self.fold(v);
                    match self.operator {
                        StrContains => f.contains(&*v),
                        StrStartsWith => f.starts_with(&*v),
                        _ => f.ends_with(&*v),
                    }
                })
            }),
            NumEq | NumGt | NumGte | NumLt | NumLte => {
                match (field.and_then(parse_number), value.and_then(parse_number)) {
                    (Some(f), Some(v)) => f.partial_cmp(&v).is_some_and(|o| self.accepts(o)),
                    _ => false,
                }
            }
            DateAfter | DateBefore => {
                match (field.and_then(parse_date), value.and_then(parse_date)) {
                    (Some(f), Some(v)) => self.accepts(f.cmp(&v)),
                    _ => false,
                }
            }
            SemverEq | SemverGt | SemverGte | SemverLt | SemverLte => {
                match (field.and_then(parse_semver), value.and_then(parse_semver)) {
                    (Some(f), Some(v)) => self.accepts(semver_precedence(&f, &v)),
                    _ => false,
                }
            }
            Regex => match (field, value) {
                (Some(f), Some(pattern)) => {
                    compile_regex(pattern, self.case_insensitive).is_ok_and(|re| re.is_match(f))
                }
                _ => false,
            },
            Unknown(_) => false,
        }
    }

    /// Whether `field.cmp(value)` satisfies an ordering operator.
    fn accepts(&self, ordering: Ordering) -> bool {
        use Operator::*;
        match self.operator {
            NumEq | SemverEq => ordering == Ordering::Equal,
            NumGt | SemverGt | DateAfter => ordering == Ordering::Greater,
            NumGte | SemverGte => ordering != Ordering::Less,
            NumLt | SemverLt | DateBefore => ordering == Ordering::Less,
            NumLte | SemverLte => ordering != Ordering::Greater,
            _ => false,
        }
    }

    fn str_eq(&self, a: &str, b: &str) -> bool {
        if self.case_insensitive {
            a.to_lowercase() == b.to_lowercase()
        } else {
            a == b
        }
    }

    fn fold<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.case_insensitive {
            s.to_lowercase().into()
        } else {
            s.into()
        }
    }
}

/// Checks that a constraint can do what its author meant, with a message for the admin console
/// that names the problem. Evaluation never fails (a broken constraint is just false); this is
/// what stops a broken one from being saved.
pub fn validate_constraint(c: &Constraint) -> Result<(), String> {
    use Operator::*;
    if c.context_name.trim().is_empty() {
        return Err("the context field name is empty".into());
    }
    let op = &c.operator;
    if let Unknown(name) = op {
        return Err(format!("unknown operator \"{name}\""));
    }
    if op.takes_values() {
        if c.values.is_empty() {
            return Err(format!(
                "{op} on \"{}\" needs at least one value",
                c.context_name
            ));
        }
        return Ok(());
    }
    let Some(value) = c.value.as_deref() else {
        return Err(format!("{op} on \"{}\" needs a value", c.context_name));
    };
    match op {
        NumEq | NumGt | NumGte | NumLt | NumLte => parse_number(value)
            .map(drop)
            .ok_or_else(|| format!("{op} needs a number, \"{value}\" is not one")),
        DateAfter | DateBefore => parse_date(value).map(drop).ok_or_else(|| {
            format!(
                "{op} needs an RFC 3339 date-time such as 2025-01-31T13:00:00Z, \
                 \"{value}\" is not one"
            )
        }),
        SemverEq | SemverGt | SemverGte | SemverLt | SemverLte => {
            semver::Version::parse(value).map(drop).map_err(|e| {
                format!(
                    "{op} needs a semantic version such as 1.4.0 or 2.0.0-beta.1, \
                     \"{value}\" is not one ({e})"
                )
            })
        }
        Regex => compile_regex(value, c.case_insensitive)
            .map(drop)
            .map_err(|e| format!("invalid regular expression \"{value}\": {e}")),
        _ => Ok(()),
    }
}

/// A finite float, as Unleash's `NUM_*` operators read numbers.
fn parse_number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn parse_date(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

fn parse_semver(s: &str) -> Option<semver::Version> {
    semver::Version::parse(s).ok()
}

/// SemVer 2.0 precedence: numeric core, then pre-release (a release outranks its
/// pre-releases); build metadata does not count.
fn semver_precedence(a: &semver::Version, b: &semver::Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| a.pre.cmp(&b.pre))
}

/// Size limit for compiled patterns: generous for any sane rule, small enough that a
/// pathological one is rejected instead of eating memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn compile_regex(pattern: &str, case_insensitive: bool) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(msg) => {
                let last = msg.lines().last().unwrap_or_default().trim();
                last.trim_start_matches("error: ").to_owned()
            }
            other => other.to_string(),
        })
}

#[cfg(test)]
mod tests;
