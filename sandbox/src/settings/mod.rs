//! "Complete the move" (#26) on both instances: CI/CD variables (`variables.rs`), webhooks (`hooks.rs`) and
//! deploy keys (`deploy_keys.rs`) of groups and projects, pipeline schedules and their variables (`schedules.rs`),
//! deploy tokens and pipeline triggers, listed only (`tokens.rs`), as GitLab's API serves them; what the seeds put
//! there (`seed.rs`, `seed_more.rs`, `scale.rs`, and `hostile.rs` for hostile mode). This file holds what
//! they share: which instance answers, the group or project `:id` names (id or URL-encoded path), the
//! caller's access to it, and the body of a write (JSON or a form, as Grape reads either).

pub mod deploy_keys;
pub mod hook_model;
pub mod hooks;
pub mod hostile;
pub mod scale;
pub mod schedules;
pub mod seed;
pub mod seed_more;
pub mod ssh_key;
pub mod tokens;
pub mod variable_model;
pub mod variables;

use crate::destination::{authenticate, catalog};
use crate::source::source_auth;
use crate::world::settings::{Instance, Owner};
use crate::world::*;
use crate::{render, Shared};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use serde_json::{Map, Value};

/// The group or project a request names, and the caller's access level there.
pub(crate) struct Target {
    pub owner: Owner,
    pub level: u8,
    pub user_id: u64,
}

/// `authenticate!`, the token's scope on a write (`read_api` → 403 `insufficient_scope`), then the group or
/// project (404 in GitLab's words when it is missing or invisible).
pub(crate) fn find(
    world: &World,
    headers: &HeaderMap,
    instance: Instance,
    kind: Kind,
    raw: &str,
    write: bool,
) -> Result<Target, Response> {
    let not_found = || {
        let what = if kind == Kind::Group { "Group" } else { "Project" };
        render::message(StatusCode::NOT_FOUND, &format!("404 {what} Not Found"))
    };
    match instance {
        Instance::Destination => {
            let (user, token) = authenticate(world, headers)?;
            if write && !token.has_api() {
                return Err(render::insufficient_scope());
            }
            let found = match kind {
                Kind::Group => catalog::groups(world, "")
                    .into_iter()
                    .find(|g| catalog::names(raw, g.view.id, &g.view.full_path))
                    .map(|g| (g.view.id, catalog::access(world, &user, &g.view.full_path, g.created_by))),
                Kind::Project => catalog::find_project(world, raw)
                    .map(|(id, path, created_by)| (id, catalog::access(world, &user, &path, created_by))),
            };
            match found {
                Some((id, level)) if level > 0 => {
                    Ok(Target { owner: Owner { instance, kind, id }, level, user_id: user.id })
                }
                _ => Err(not_found()),
            }
        }
        Instance::Source => {
            let token = source_auth(world, headers)?;
            if write && !token.has_api() {
                return Err(render::insufficient_scope());
            }
            let item = world
                .source_items
                .iter()
                .find(|i| i.kind == kind && crate::paths::id_matches(raw, Some(i.id), Some(&i.full_path)))
                .ok_or_else(not_found)?;
            // The owner's tokens own everything there; the maintainer token's user is a Maintainer everywhere.
            let level = if token.user_id == OWNER_ID { OWNER } else { MAINTAINER };
            Ok(Target { owner: Owner { instance, kind, id: item.id }, level, user_id: token.user_id })
        }
    }
}

/// [`find`], then `admin_cicd_variables` / `admin_project` / `admin_group`: Maintainer on a project, Owner
/// on a group, else GitLab's 403.
pub(crate) fn find_admin(
    world: &World,
    headers: &HeaderMap,
    instance: Instance,
    kind: Kind,
    raw: &str,
    write: bool,
) -> Result<Target, Response> {
    let target = find(world, headers, instance, kind, raw, write)?;
    let needed = if kind == Kind::Group { OWNER } else { MAINTAINER };
    if target.level < needed {
        return Err(render::forbidden());
    }
    Ok(target)
}

/// A write's parameters: a JSON object, or a form as Rack's parser reads it (400 when nested too deeply).
pub(crate) fn body(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Response> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let value = if form {
        crate::form::parse(bytes).map_err(|m| render::error(StatusCode::BAD_REQUEST, m))?
    } else if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(bytes).unwrap_or(Value::Null)
    };
    match value {
        Value::Object(m) => Ok(m),
        _ => Err(render::error(StatusCode::BAD_REQUEST, "There was a problem with the body of your request")),
    }
}

/// Grape's Boolean coercion: `true`/`false`, and the strings Rails reads as such. `Err` names a value that
/// is neither.
pub(crate) fn boolean(v: &Value) -> Result<bool, ()> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "yes" | "on" => Ok(true),
            "false" | "0" | "f" | "no" | "off" => Ok(false),
            _ => Err(()),
        },
        Value::Number(n) if n.as_u64() == Some(1) => Ok(true),
        Value::Number(n) if n.as_u64() == Some(0) => Ok(false),
        _ => Err(()),
    }
}

/// A string parameter (numbers read as their text, as Grape coerces them).
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Grape's 400 for parameters it could not coerce or that are missing: `"a is invalid, b is missing"`.
pub(crate) fn grape_errors(errors: Vec<String>) -> Result<(), Response> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(render::error(StatusCode::BAD_REQUEST, &errors.join(", ")))
    }
}

/// A model's validation errors as `render_validation_error!` writes them: 400 `{"message":{attr:[texts]}}`.
pub(crate) fn validation_error(errors: Vec<(&str, String)>) -> Response {
    let mut map = Map::new();
    for (attr, text) in errors {
        let list = map.entry(attr.to_string()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = list {
            a.push(Value::String(text));
        }
    }
    (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({ "message": map }))).into_response()
}

/// Every route of this feature on one instance (the caller puts them behind the fault injection).
pub fn routes(instance: Instance) -> Router<Shared> {
    Router::new()
        .merge(variables::routes())
        .merge(hooks::routes())
        .merge(deploy_keys::routes())
        .merge(schedules::routes())
        .merge(tokens::routes())
        .layer(Extension(instance))
}
