//! Domain newtypes shared by the server and the browser: parsed once at the edge, so a form shows
//! the same message the server would.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::AppError;

mod text;

crate::sql_text!(Role, |s| Role::parse(s).ok());
crate::sql_text!(OrgRole, OrgRole::parse);
crate::sql_text!(OrgKind, OrgKind::parse);
crate::sql_text!(MpKind, MpKind::parse);

/// A member's role in an organization. Ordered: an owner can do all a developer can, and a
/// developer all a tester can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Tester,
    Developer,
    Owner,
}

impl OrgRole {
    pub const ALL: [OrgRole; 3] = [OrgRole::Owner, OrgRole::Developer, OrgRole::Tester];

    pub fn parse(s: &str) -> Option<OrgRole> {
        OrgRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Developer => "developer",
            OrgRole::Tester => "tester",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Owner => "Owner",
            OrgRole::Developer => "Developer",
            OrgRole::Tester => "Tester",
        }
    }

    /// Owners and developers change an organization's mini-programs; testers only try them.
    pub fn can_edit(self) -> bool {
        self >= OrgRole::Developer
    }
}

impl fmt::Display for OrgRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an organization is to the operator: its own team or an outside partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    InHouse,
    Partner,
}

impl OrgKind {
    pub fn parse(s: &str) -> Option<OrgKind> {
        match s {
            "in_house" => Some(OrgKind::InHouse),
            "partner" => Some(OrgKind::Partner),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::InHouse => "in_house",
            OrgKind::Partner => "partner",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::InHouse => "In-house team",
            OrgKind::Partner => "Partner",
        }
    }
}

/// A mini-program is an ordinary program or a game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MpKind {
    Program,
    Game,
}

impl MpKind {
    pub fn parse(s: &str) -> Option<MpKind> {
        match s {
            "program" => Some(MpKind::Program),
            "game" => Some(MpKind::Game),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MpKind::Program => "program",
            MpKind::Game => "game",
        }
    }
}

impl fmt::Display for MpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A platform role. Ordered: each role can do everything the roles below it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Consumer,
    Developer,
    Operator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Consumer, Role::Developer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Consumer => "consumer",
            Role::Developer => "developer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Consumer => "Consumer",
            Role::Developer => "Developer",
            Role::Operator => "Operator",
            Role::Admin => "Admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role, AppError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| AppError::validation("role", format!("“{s}” is not a role.")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A syntactically valid, lower-cased email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, AppError> {
        let s = raw.trim().to_lowercase();
        let err = |m: &str| AppError::validation("email", m);
        if s.is_empty() {
            return Err(err("Enter your email address."));
        }
        if s.len() > 254 {
            return Err(err("That email address is too long."));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(err("An email address needs an @, like name@example.com."));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains(char::is_whitespace) || !domain_ok
        {
            return Err(err(
                "That does not look like an email address (name@example.com).",
            ));
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name: 1 to 60 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, AppError> {
        let s = raw.trim();
        let n = s.chars().count();
        if n == 0 {
            return Err(AppError::validation(
                "display_name",
                "Enter a display name.",
            ));
        }
        if n > 60 {
            return Err(AppError::validation(
                "display_name",
                "A display name has at most 60 characters.",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(AppError::validation(
                "display_name",
                "A display name cannot contain control characters.",
            ));
        }
        Ok(DisplayName(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// The length rules of a new password, checked in the browser and on the server. The server also
/// refuses the most common passwords (`server::passwords::is_common`).
pub fn check_password_shape(field: &str, password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(AppError::validation(
            field,
            format!("Use at least {PASSWORD_MIN} characters."),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(AppError::validation(
            field,
            format!("Use at most {PASSWORD_MAX} characters."),
        ));
    }
    Ok(())
}

/// A same-site path to go back to after signing in. Anything else (another host, `//evil`,
/// a scheme) becomes `/`, so the sign-in page cannot be used as an open redirect.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_from_consumer_to_admin() {
        assert!(Role::Consumer < Role::Developer);
        assert!(Role::Developer < Role::Operator);
        assert!(Role::Operator < Role::Admin);
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_the_email_field() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@ex..com",
        ] {
            let e = Email::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn passwords_shorter_than_8_or_longer_than_128_are_refused() {
        assert!(check_password_shape("password", "1234567").is_err());
        assert!(check_password_shape("password", "12345678").is_ok());
        assert!(check_password_shape("password", &"x".repeat(128)).is_ok());
        assert!(check_password_shape("password", &"x".repeat(129)).is_err());
    }

    #[test]
    fn next_paths_off_this_site_become_the_home_page() {
        assert_eq!(safe_next("/portal/apps?x=1"), "/portal/apps?x=1");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(61)).is_err());
    }
}

/// Percent-encodes everything but unreserved characters (for query parameters).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
