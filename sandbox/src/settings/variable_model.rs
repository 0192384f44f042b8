//! A CI/CD variable as `API::Entities::Ci::Variable` renders it and as the models check it
//! (`app/models/concerns/ci/{has_variable,maskable,hidable_variable}.rb`, `app/models/ci/variable.rb`): the
//! answer (a hidden value is null), the parameters a create or update reads, and the validation texts.

use super::{boolean, text, validation_error};
use crate::world::settings::Variable;
use axum::response::Response;
use serde_json::{json, Map, Value};

/// `API::Entities::Ci::Variable`: `value` is null for a hidden variable (`Ci::VariableValue`).
pub fn render(v: &Variable) -> Value {
    json!({
        "variable_type": v.variable_type,
        "key": v.key,
        "value": if v.hidden { Value::Null } else { Value::String(v.value.clone()) },
        "hidden": v.hidden,
        "protected": v.protected,
        "masked": v.masked,
        "raw": v.raw,
        "environment_scope": v.environment_scope,
        "description": v.description,
    })
}

/// `Ci::Maskable`: what a masked value must look like (`raw` allows any non-space character).
fn maskable(value: &str, raw: bool) -> bool {
    value.chars().count() >= 8
        && value.chars().all(|c| {
            if raw {
                !c.is_whitespace()
            } else {
                c.is_ascii_alphanumeric() || "_+=/@:.~-".contains(c)
            }
        })
}

/// `Ci::HasVariable`'s checks of a key (CI/CD and pipeline schedule variables alike).
pub(crate) fn key_errors(key: &str) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if key.is_empty() {
        errors.push(("key", "can't be blank".to_string()));
    }
    if key.chars().count() > 255 {
        errors.push(("key", "is too long (maximum is 255 characters)".to_string()));
    }
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        errors.push(("key", "can contain only letters, digits and '_'.".to_string()));
    }
    errors
}

/// A create's required `key` and `value` (Grape's "key is missing, value is missing"); the key if given.
pub(crate) fn required_key(p: &Map<String, Value>, errors: &mut Vec<String>) -> Option<String> {
    let key = p.get("key").and_then(text);
    if key.is_none() {
        errors.push("key is missing".to_string());
    }
    if p.get("value").is_none_or(Value::is_null) {
        errors.push("value is missing".to_string());
    }
    key
}

/// `value` and `variable_type` (`env_var` or `file`), as every variable API coerces them.
pub(crate) fn value_and_type(
    p: &Map<String, Value>,
    value: &mut String,
    variable_type: &mut String,
    errors: &mut Vec<String>,
) {
    if let Some(x) = p.get("value").filter(|x| !x.is_null()) {
        match text(x) {
            Some(s) => *value = s,
            None => errors.push("value is invalid".into()),
        }
    }
    if let Some(x) = p.get("variable_type").filter(|x| !x.is_null()) {
        match text(x).filter(|t| t == "env_var" || t == "file") {
            Some(t) => *variable_type = t,
            None => errors.push("variable_type does not have a valid value".into()),
        }
    }
}

/// The model's validations, in one `{"message": {...}}`.
pub(crate) fn validate(v: &Variable, others: &[Variable]) -> Result<(), Response> {
    let mut errors = key_errors(&v.key);
    if others.iter().any(|o| o.key == v.key && o.environment_scope == v.environment_scope) {
        errors.push(("key", format!("({}) has already been taken", v.key)));
    }
    if v.masked && !maskable(&v.value, v.raw) {
        errors.push(("value", "is invalid".to_string()));
    }
    if v.hidden && !v.masked {
        errors.push(("masked", "should be true when variable is hidden".to_string()));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(validation_error(errors))
    }
}

/// Reads the optional parameters of a create or update into `v`; Grape's coercion errors come back.
pub(crate) fn apply(v: &mut Variable, p: &Map<String, Value>, errors: &mut Vec<String>) {
    value_and_type(p, &mut v.value, &mut v.variable_type, errors);
    for (name, field) in [("protected", &mut v.protected), ("masked", &mut v.masked), ("raw", &mut v.raw)] {
        if let Some(x) = p.get(name).filter(|x| !x.is_null()) {
            match boolean(x) {
                Ok(b) => *field = b,
                Err(()) => errors.push(format!("{name} is invalid")),
            }
        }
    }
    if let Some(s) = p.get("environment_scope").and_then(text) {
        v.environment_scope = s;
    }
    if let Some(x) = p.get("description") {
        v.description = text(x);
    }
}
