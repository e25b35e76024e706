//! Lenient deserializers for Unleash JSON, which uses `null` for "absent" and sometimes sends
//! numbers or booleans where a string is meant.

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, Error};
use serde_json::Value;

/// `null` (or a missing field, with `#[serde(default)]`) becomes `T::default()`.
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A string, or a number/boolean written as its JSON text; `null` is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar_to_string(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// A list of strings (numbers and booleans stringified, `null` entries dropped); `null` is empty.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items = Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(s) = scalar_to_string(item).map_err(D::Error::custom)? {
            out.push(s);
        }
    }
    Ok(out)
}

/// A string-to-string map (numbers and booleans stringified, `null` values dropped, as an absent
/// context property); `null` is empty.
pub fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let entries = Option::<BTreeMap<String, Value>>::deserialize(d)?.unwrap_or_default();
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        match scalar_to_string(value) {
            Ok(Some(s)) => {
                out.insert(key, s);
            }
            Ok(None) => {}
            Err(e) => return Err(D::Error::custom(format!("{key}: {e}"))),
        }
    }
    Ok(out)
}

fn scalar_to_string(value: Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(format!("expected a string, found {other}")),
    }
}
