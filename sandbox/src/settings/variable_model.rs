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

/// The model's validations, in one `{"message": {...}}`.
pub(crate) fn validate(v: &Variable, others: &[Variable]) -> Result<(), Response> {
    let mut errors = Vec::new();
    if v.key.is_empty() {
        errors.push(("key", "can't be blank".to_string()));
    }
    if v.key.chars().count() > 255 {
        errors.push(("key", "is too long (maximum is 255 characters)".to_string()));
    }
    if !v.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || v.key.is_empty() {
        errors.push(("key", "can contain only letters, digits and '_'.".to_string()));
    }
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
    if let Some(x) = p.get("value").filter(|x| !x.is_null()) {
        match text(x) {
            Some(s) => v.value = s,
            None => errors.push("value is invalid".into()),
        }
    }
    if let Some(x) = p.get("variable_type").filter(|x| !x.is_null()) {
        match text(x).filter(|t| t == "env_var" || t == "file") {
            Some(t) => v.variable_type = t,
            None => errors.push("variable_type does not have a valid value".into()),
        }
    }
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
