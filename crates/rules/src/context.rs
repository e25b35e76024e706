//! The evaluation context: who is asking, from where, and when.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::serde_util::{opt_string, string_map};

/// The named context fields of Ministore's resolve endpoint (HOST-API.md). They, and every custom
/// `ctx.<name>` query parameter, live in [`Context::properties`] under their own name
/// (`app_version`, not `appVersion`; `ctx.tier` becomes `tier`).
pub const HOST_CONTEXT_FIELDS: [&str; 4] = ["platform", "region", "app_version", "device"];

/// What a rule is evaluated against: the Unleash context.
///
/// Serializes as Unleash JSON (`userId`, `sessionId`, `appName`, `environment`, `currentTime`,
/// `remoteAddress`, `properties`); property values that are `null` deserialize as absent.
///
/// The engine never reads the clock: `current_time` (RFC 3339) is the "now" that `DATE_*`
/// constraints on `currentTime` compare against. A caller that wants "now" puts it here; without
/// it those constraints are false.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Context {
    /// The user id (`userId`); the stickiness key of rollouts and of Ministore's bucketing.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_id: Option<String>,
    /// The session id (`sessionId`).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_id: Option<String>,
    /// The calling application (`appName`).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_name: Option<String>,
    /// The environment (`environment`).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub environment: Option<String>,
    /// "Now", as an RFC 3339 date-time (`currentTime`), supplied by the caller.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub current_time: Option<String>,
    /// The client's IP address (`remoteAddress`).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remote_address: Option<String>,
    /// Every other field: Unleash custom properties, and Ministore's `platform`, `region`,
    /// `app_version`, `device` and `ctx.<name>` values (see [`HOST_CONTEXT_FIELDS`]).
    #[serde(
        deserialize_with = "string_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub properties: BTreeMap<String, String>,
}

impl Context {
    /// A context for one user and nothing else.
    pub fn for_user(user_id: impl Into<String>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            ..Self::default()
        }
    }

    /// Sets "now" (RFC 3339), the instant `DATE_*` constraints on `currentTime` compare against.
    pub fn with_current_time(mut self, rfc3339: impl Into<String>) -> Self {
        self.current_time = Some(rfc3339.into());
        self
    }

    /// Sets one property (a Ministore context field or an Unleash custom property).
    pub fn with_property(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.insert(name.into(), value.into());
        self
    }

    /// Builds the context of a `GET /api/v1/miniprograms/{id}/resolve` call from its query
    /// pairs: `user_id`, the [`HOST_CONTEXT_FIELDS`] and `ctx.<name>` custom fields (stored as
    /// property `<name>`). A named field wins over a `ctx.` field of the same name, whatever the
    /// order; other parameters are ignored. `current_time` is left for the caller to set.
    pub fn from_host_query<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let mut ctx = Self::default();
        let mut custom = BTreeMap::new();
        for (key, value) in pairs {
            let key = key.as_ref();
            if key == "user_id" {
                ctx.user_id = Some(value.into());
            } else if HOST_CONTEXT_FIELDS.contains(&key) {
                ctx.properties.insert(key.to_owned(), value.into());
            } else if let Some(name) = key.strip_prefix("ctx.").filter(|n| !n.is_empty()) {
                custom.insert(name.to_owned(), value.into());
            }
        }
        for (name, value) in custom {
            ctx.properties.entry(name).or_insert(value);
        }
        ctx
    }

    /// The value of a context field by its Unleash name, borrowed.
    ///
    /// `userId`, `sessionId`, `appName`, `environment`, `currentTime` and `remoteAddress` read
    /// the named field and, when it is absent, fall back to a property of the same name (as
    /// Unleash's `resolveContextValue` does); any other name reads [`Context::properties`].
    pub fn field_ref(&self, name: &str) -> Option<&str> {
        let named = match name {
            "userId" => self.user_id.as_deref(),
            "sessionId" => self.session_id.as_deref(),
            "appName" => self.app_name.as_deref(),
            "environment" => self.environment.as_deref(),
            "currentTime" => self.current_time.as_deref(),
            "remoteAddress" => self.remote_address.as_deref(),
            _ => None,
        };
        named.or_else(|| self.properties.get(name).map(String::as_str))
    }

    /// The value of a context field by its Unleash name; see [`Context::field_ref`].
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_ref(name).map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_fields_resolve_by_their_unleash_names() {
        let ctx = Context {
            user_id: Some("u".into()),
            session_id: Some("s".into()),
            app_name: Some("a".into()),
            environment: Some("e".into()),
            current_time: Some("2024-01-01T00:00:00Z".into()),
            remote_address: Some("127.0.0.1".into()),
            properties: BTreeMap::from([("platform".into(), "ios".into())]),
        };
        assert_eq!(ctx.field("userId").as_deref(), Some("u"));
        assert_eq!(ctx.field("sessionId").as_deref(), Some("s"));
        assert_eq!(ctx.field("appName").as_deref(), Some("a"));
        assert_eq!(ctx.field("environment").as_deref(), Some("e"));
        assert_eq!(
            ctx.field("currentTime").as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(ctx.field("remoteAddress").as_deref(), Some("127.0.0.1"));
        assert_eq!(ctx.field("platform").as_deref(), Some("ios"));
        assert_eq!(ctx.field("region"), None);
    }

    #[test]
    fn an_absent_named_field_falls_back_to_a_property_of_that_name() {
        let ctx = Context::default().with_property("appName", "App");
        assert_eq!(ctx.field("appName").as_deref(), Some("App"));
    }

    #[test]
    fn null_properties_deserialize_as_absent() {
        let ctx: Context =
            serde_json::from_str(r#"{"userId": 7, "properties": {"a": null, "b": "x", "n": 1.5}}"#)
                .unwrap();
        assert_eq!(ctx.user_id.as_deref(), Some("7"));
        assert_eq!(ctx.field("a"), None);
        assert_eq!(ctx.field("b").as_deref(), Some("x"));
        assert_eq!(ctx.field("n").as_deref(), Some("1.5"));
    }

    #[test]
    fn host_query_fields_become_properties_and_named_fields_win_over_custom_ones() {
        let ctx = Context::from_host_query([
            ("ctx.platform", "web"),
            ("user_id", "u1"),
            ("platform", "ios"),
            ("app_version", "2.1.0"),
            ("ctx.tier", "gold"),
            ("ctx.", "ignored"),
            ("unrelated", "ignored"),
        ]);
        assert_eq!(ctx.user_id.as_deref(), Some("u1"));
        assert_eq!(ctx.field("platform").as_deref(), Some("ios"));
        assert_eq!(ctx.field("app_version").as_deref(), Some("2.1.0"));
        assert_eq!(ctx.field("tier").as_deref(), Some("gold"));
        assert_eq!(ctx.properties.len(), 3);
    }
}
