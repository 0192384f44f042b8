//! Field decoders that turn a wrong type into "absent" rather than an error.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Value::deserialize(d)
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match value(d)? {
        Value::String(s) => Some(s),
        other => text(&other),
    })
}

/// A string, or a number as text; anything else is absent.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(n)),
        _ => None,
    }
}

/// A JSON number as text, without serde_json's float printer: its 10 KB table of powers of ten would sit in
/// the first load only for numbers sent where text belongs. Fractions keep up to 6 places.
pub fn number_text(n: &serde_json::Number) -> String {
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    let f = n.as_f64().unwrap_or_default();
    let sign = if f < 0.0 { "-" } else { "" };
    let micro = (f.abs() * 1e6 + 0.5) as u64; // saturates for huge numbers; such text is not worth more
    let (whole, fraction) = (micro / 1_000_000, micro % 1_000_000);
    let fraction = format!("{fraction:06}");
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

pub fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(string(d)?.unwrap_or_default())
}

pub fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string(d)?.ok_or_else(|| de::Error::custom("expected a string"))
}

pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(value(d)?.as_bool())
}

pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match value(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    })
}

/// A counter: negative or fractional numbers are not counts.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    id(d)
}

/// A value of a known shape (an enum such as the entity type); anything else is absent.
pub fn known<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(value(d)?).ok())
}

/// A list whose malformed items are skipped.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match value(d)? {
        Value::Array(items) => items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect(),
        _ => Vec::new(),
    })
}

/// A map whose malformed values are skipped (statistics per relation).
pub fn map<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<BTreeMap<String, T>, D::Error> {
    Ok(match value(d)? {
        Value::Object(map) => {
            map.into_iter().filter_map(|(k, v)| serde_json::from_value::<T>(v).ok().map(|s| (k, s))).collect()
        }
        _ => BTreeMap::new(),
    })
}
