//! `manifest.json`: parsing and checking, reporting every problem at once.

mod permission;

#[cfg(test)]
mod tests;

pub use permission::Permission;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{code, zip, Problem, MANIFEST_PATH};

/// The entry page used when the manifest has no `entry`.
pub const DEFAULT_ENTRY: &str = "index.html";
/// Longest allowed `name`, in characters (Unicode scalar values).
pub const MAX_NAME_CHARS: usize = 60;

const KNOWN_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "entry",
    "permissions",
    "description",
    "min_host_version",
];

/// A parsed, valid `manifest.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The mini-program id, if the manifest states one.
    pub id: Option<String>,
    pub name: String,
    /// Strict semver 2.0.
    pub version: String,
    /// Path of the entry page inside the zip.
    pub entry: String,
    pub permissions: Vec<Permission>,
    pub description: Option<String>,
    /// Lowest host SDK version the mini-program needs (strict semver).
    pub min_host_version: Option<String>,
}

pub(crate) struct Outcome {
    pub manifest: Option<Manifest>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<String>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn problem(&mut self, code: &str, message: String) {
        self.problems.push(Problem::new(
            code,
            Some(MANIFEST_PATH),
            format!("{MANIFEST_PATH}: {message}"),
        ));
    }

    /// A string field: `None` if absent or null (or, with a problem, of the wrong type).
    fn string<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<&'v str> {
        match obj.get(key) {
            Some(Value::String(s)) => Some(s),
            None | Some(Value::Null) => {
                if required {
                    self.problem(
                        code::MANIFEST_MISSING_FIELD,
                        format!("the required field \"{key}\" is missing"),
                    );
                }
                None
            }
            Some(other) => {
                self.problem(
                    code::MANIFEST_WRONG_TYPE,
                    format!("\"{key}\" must be a string, found {}", type_name(other)),
                );
                None
            }
        }
    }
}

fn semver_problem(value: &str) -> Option<String> {
    match semver::Version::parse(value) {
        Ok(_) => None,
        Err(e) => Some(format!(
            "\"{value}\" is not a valid semantic version (MAJOR.MINOR.PATCH, as in \"1.4.0\" or \
             \"2.0.0-beta.1\"): {e}"
        )),
    }
}

/// Checks a manifest. `files` holds the exact paths of the files in the zip.
pub(crate) fn check(bytes: &[u8], expected_id: Option<&str>, files: &HashSet<&str>) -> Outcome {
    let mut warnings = Vec::new();
    let mut c = Checker {
        problems: Vec::new(),
    };
    let bytes = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => {
            warnings.push(format!(
                "{MANIFEST_PATH} starts with a byte-order mark (BOM); it was ignored, but save \
                 the file as UTF-8 without BOM"
            ));
            rest
        }
        None => bytes,
    };
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let what = full.strip_suffix(&suffix).unwrap_or(&full);
            c.problem(
                code::MANIFEST_INVALID_JSON,
                format!(
                    "invalid JSON at line {}, column {}: {what}",
                    e.line(),
                    e.column()
                ),
            );
            return Outcome {
                manifest: None,
                problems: c.problems,
                warnings,
            };
        }
    };
    let Value::Object(obj) = value else {
        c.problem(
            code::MANIFEST_WRONG_TYPE,
            format!("must contain a JSON object, found {}", type_name(&value)),
        );
        return Outcome {
            manifest: None,
            problems: c.problems,
            warnings,
        };
    };

    for key in obj.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            warnings.push(format!(
                "{MANIFEST_PATH}: unknown key \"{key}\" is ignored (known keys: {})",
                KNOWN_KEYS.join(", ")
            ));
        }
    }

    // id
    let id = c.string(&obj, "id", false);
    if let (Some(id), Some(expected)) = (id, expected_id) {
        if id != expected {
            c.problem(
                code::ID_MISMATCH,
                format!(
                    "\"id\" is \"{id}\" but this package is uploaded to mini-program \
                     \"{expected}\"; fix the id or upload to the right mini-program"
                ),
            );
        }
    }

    // name
    let name = c.string(&obj, "name", true);
    if let Some(name) = name {
        let chars = name.chars().count();
        if name.trim().is_empty() {
            c.problem(
                code::MANIFEST_INVALID_NAME,
                "\"name\" is empty; give the mini-program a name of 1 to 60 characters".into(),
            );
        } else if chars > MAX_NAME_CHARS {
            c.problem(
                code::MANIFEST_INVALID_NAME,
                format!("\"name\" is {chars} characters long, over the limit of {MAX_NAME_CHARS}"),
            );
        } else if name.chars().any(char::is_control) {
            c.problem(
                code::MANIFEST_INVALID_NAME,
                "\"name\" contains control characters (such as a line break or tab)".into(),
            );
        }
    }

    // version
    let version = c.string(&obj, "version", true);
    if let Some(problem) = version.and_then(semver_problem) {
        c.problem(
            code::MANIFEST_INVALID_VERSION,
            format!("\"version\": {problem}"),
        );
    }

    // min_host_version
    let min_host_version = c.string(&obj, "min_host_version", false);
    if let Some(problem) = min_host_version.and_then(semver_problem) {
        c.problem(
            code::MANIFEST_INVALID_MIN_HOST_VERSION,
            format!("\"min_host_version\": {problem}"),
        );
    }

    // description
    let description = c.string(&obj, "description", false);

    // entry
    let entry_present = matches!(obj.get("entry"), Some(v) if !v.is_null());
    let entry = if entry_present {
        c.string(&obj, "entry", false)
    } else {
        Some(DEFAULT_ENTRY)
    };
    let mut entry_ok = entry.is_some();
    if let Some(entry) = entry {
        if let Some((_, why)) = zip::name_problem(entry.as_bytes()) {
            entry_ok = false;
            c.problem(
                code::MANIFEST_INVALID_ENTRY,
                format!(
                    "\"entry\" \"{}\" is not a valid path inside the package: {why}",
                    zip::display_name(entry.as_bytes())
                ),
            );
        } else if !entry.to_ascii_lowercase().ends_with(".html") {
            entry_ok = false;
            c.problem(
                code::MANIFEST_INVALID_ENTRY,
                format!("\"entry\" \"{entry}\" must be an HTML page whose name ends in .html"),
            );
        } else if !files.contains(entry) {
            entry_ok = false;
            let lower = entry.to_lowercase();
            let near = files.iter().find(|f| f.to_lowercase() == lower);
            let hint = match near {
                Some(near) => format!(" (did you mean \"{near}\"? paths are case-sensitive)"),
                None if entry_present => String::new(),
                None => {
                    format!(" (no \"entry\" is given, so the default \"{DEFAULT_ENTRY}\" is used)")
                }
            };
            c.problem(
                code::ENTRY_MISSING,
                format!("the entry page \"{entry}\" is not in the zip{hint}"),
            );
        }
    }

    // permissions
    let mut permissions = Vec::new();
    match obj.get("permissions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => match Permission::parse(s) {
                        Some(p) if permissions.contains(&p) => warnings.push(format!(
                            "{MANIFEST_PATH}: permission \"{s}\" is listed more than once"
                        )),
                        Some(p) => permissions.push(p),
                        None => {
                            let known = Permission::ALL
                                .iter()
                                .map(|p| p.as_str())
                                .collect::<Vec<_>>()
                                .join(", ");
                            c.problem(
                                code::UNKNOWN_PERMISSION,
                                format!("unknown permission \"{s}\" (known permissions: {known})"),
                            );
                        }
                    },
                    other => c.problem(
                        code::MANIFEST_WRONG_TYPE,
                        format!(
                            "\"permissions\" must be an array of strings, but item {} is {}",
                            i + 1,
                            type_name(other)
                        ),
                    ),
                }
            }
        }
        Some(other) => c.problem(
            code::MANIFEST_WRONG_TYPE,
            format!(
                "\"permissions\" must be an array of strings, found {}",
                type_name(other)
            ),
        ),
    }

    let manifest = match (name, version, entry) {
        (Some(name), Some(version), Some(entry)) if c.problems.is_empty() && entry_ok => {
            Some(Manifest {
                id: id.map(str::to_string),
                name: name.to_string(),
                version: version.to_string(),
                entry: entry.to_string(),
                permissions,
                description: description.map(str::to_string),
                min_host_version: min_host_version.map(str::to_string),
            })
        }
        _ => None,
    };
    Outcome {
        manifest,
        problems: c.problems,
        warnings,
    }
}
