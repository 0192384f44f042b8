//! Deploy keys of projects (`lib/api/deploy_keys.rb`, `lib/api/entities/{deploy_key,deploy_keys_project}.rb`,
//! `app/models/key.rb`): list, one, add (a key already here is returned; one the caller can reach on another
//! project is joined, not created; any other key with the same fingerprint is GitLab's 400), enable an
//! existing key (read-only), `can_push`/`title` by PUT, remove (204). Maintainer needed, as `admin_project`.

use super::ssh_key::{blob, fingerprint_md5, fingerprint_sha256};
use super::{body, boolean, find_admin, text, validation_error, Target};
use crate::api::paged;
use crate::destination::catalog;
use crate::pagination::PageParams;
use crate::render::timestamp;
use crate::world::settings::{DeployKey, Instance};
use crate::world::*;
use crate::{render as gitlab, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{json, Value};

/// `Entities::DeployKey`; `can_push` is `Entities::DeployKeysProject`'s, merged in beside it.
pub fn render(k: &DeployKey, can_push: Option<bool>) -> Value {
    let mut v = json!({
        "id": k.id,
        "title": k.title,
        "created_at": timestamp(k.created_ms),
        "expires_at": k.expires_at,
        "key": k.key,
        "usage_type": "auth_and_signing",
        "fingerprint": k.fingerprint,
        "fingerprint_sha256": k.fingerprint_sha256,
    });
    if let (Some(push), Some(m)) = (can_push, v.as_object_mut()) {
        m.insert("can_push".into(), Value::Bool(push));
    }
    v
}

fn not_found() -> Response {
    gitlab::message(StatusCode::NOT_FOUND, "404 Deploy key Not Found")
}

/// `current_user.accessible_deploy_keys`: the key is on a project of this instance where the user is a
/// Maintainer (the source's token owns every project there).
fn reachable(world: &World, instance: Instance, user_id: u64, key: &DeployKey) -> bool {
    if key.instance != instance {
        return false;
    }
    match instance {
        Instance::Source => !key.projects.is_empty(),
        Instance::Destination => {
            let Some(user) = world.user(user_id) else { return false };
            catalog::projects(world, "").iter().any(|p| {
                key.projects.contains_key(&p.view.id)
                    && catalog::access(world, user, &p.view.full_path, p.created_by) >= MAINTAINER
            })
        }
    }
}

fn target(world: &World, headers: &HeaderMap, instance: Instance, raw: &str, write: bool) -> Result<Target, Response> {
    find_admin(world, headers, instance, Kind::Project, raw, write)
}

fn key_index(world: &World, instance: Instance, raw: &str) -> Result<usize, Response> {
    let id: u64 = raw.parse().map_err(|_| gitlab::error(StatusCode::BAD_REQUEST, "key_id is invalid"))?;
    world.move_settings.deploy_keys.iter().position(|k| k.id == id && k.instance == instance).ok_or_else(not_found)
}

pub(crate) async fn list(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<PageParams>,
) -> Response {
    let world = s.world();
    let t = match target(&world, &headers, instance, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let keys = world.move_settings.deploy_keys.iter().filter(|k| k.instance == instance);
    let rows = keys.filter_map(|k| k.projects.get(&t.owner.id).map(|push| render(k, Some(*push)))).collect();
    paged(rows, &q, &uri, &[])
}

pub(crate) async fn show(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    Path((raw, key_id)): Path<(String, String)>,
) -> Response {
    let world = s.world();
    let found = target(&world, &headers, instance, &raw, false)
        .and_then(|t| key_index(&world, instance, &key_id).map(|i| (t, i)));
    match found {
        Ok((t, i)) => {
            let k = &world.move_settings.deploy_keys[i];
            match k.projects.get(&t.owner.id) {
                Some(push) => Json(render(k, Some(*push))).into_response(),
                None => not_found(),
            }
        }
        Err(r) => r,
    }
}

/// `POST /projects/:id/deploy_keys {title, key, can_push, expires_at}`: 201.
pub(crate) async fn create(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let t = match target(&world, &headers, instance, &raw, true) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let key = p.get("key").and_then(text).map(|k| k.trim().to_string());
    let title = p.get("title").and_then(text);
    let missing: Vec<&str> =
        [("key", key.is_none()), ("title", title.is_none())].into_iter().filter_map(|(n, m)| m.then_some(n)).collect();
    if !missing.is_empty() {
        let text = missing.iter().map(|n| format!("{n} is missing")).collect::<Vec<_>>().join(", ");
        return gitlab::error(StatusCode::BAD_REQUEST, &text);
    }
    let (key, title) = (key.unwrap_or_default(), title.unwrap_or_default());
    let can_push = match p.get("can_push").filter(|v| !v.is_null()).map(boolean) {
        Some(Err(())) => return gitlab::error(StatusCode::BAD_REQUEST, "can_push is invalid"),
        Some(Ok(b)) => b,
        None => false,
    };
    let project = t.owner.id;
    let store = &world.move_settings.deploy_keys;
    // Already on this project: that row, as it is.
    if let Some(k) = store.iter().find(|k| k.instance == instance && k.key == key && k.projects.contains_key(&project))
    {
        return (StatusCode::CREATED, Json(render(k, k.projects.get(&project).copied()))).into_response();
    }
    // One the caller can reach elsewhere: joined.
    let reach = store.iter().position(|k| k.key == key && reachable(&world, instance, t.user_id, k));
    if let Some(i) = reach {
        let k = &mut world.move_settings.deploy_keys[i];
        k.projects.insert(project, can_push);
        return (StatusCode::CREATED, Json(render(k, Some(can_push)))).into_response();
    }
    // `Key`'s checks as far as the sandbox models them: a known algorithm prefix, a fingerprint it can generate.
    let Some(b) = blob(&key) else {
        let mut errors = Vec::new();
        if !super::ssh_key::known_type(&key) {
            errors.push(("deploy_key.key", "is invalid".to_string()));
        }
        errors.push(("deploy_key.fingerprint_sha256", "cannot be generated".to_string()));
        return validation_error(errors);
    };
    let sha = fingerprint_sha256(&b);
    if store.iter().any(|k| k.instance == instance && k.fingerprint_sha256 == sha) {
        return validation_error(vec![("deploy_key.fingerprint_sha256", "has already been taken".into())]);
    }
    let id = world.move_settings.fresh_id();
    let k = DeployKey {
        id,
        title,
        key,
        fingerprint: fingerprint_md5(&b),
        fingerprint_sha256: sha,
        created_ms: world.now_ms,
        expires_at: p.get("expires_at").and_then(text),
        instance,
        projects: [(project, can_push)].into(),
    };
    let answer = render(&k, Some(can_push));
    world.move_settings.deploy_keys.push(k);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// `POST /projects/:id/deploy_keys/:key_id/enable`: 201, the key without `can_push` (joined read-only).
pub(crate) async fn enable(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    Path((raw, key_id)): Path<(String, String)>,
) -> Response {
    let mut world = s.world();
    let found = target(&world, &headers, instance, &raw, true)
        .and_then(|t| key_index(&world, instance, &key_id).map(|i| (t, i)));
    let (t, i) = match found {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !reachable(&world, instance, t.user_id, &world.move_settings.deploy_keys[i]) {
        return not_found();
    }
    let k = &mut world.move_settings.deploy_keys[i];
    k.projects.entry(t.owner.id).or_insert(false);
    (StatusCode::CREATED, Json(render(k, None))).into_response()
}

/// `PUT /projects/:id/deploy_keys/:key_id {title, can_push}` (at least one).
pub(crate) async fn update(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    Path((raw, key_id)): Path<(String, String)>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let found = target(&world, &headers, instance, &raw, true)
        .and_then(|t| key_index(&world, instance, &key_id).map(|i| (t, i)));
    let (t, i) = match found {
        Ok(v) => v,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let title = p.get("title").and_then(text);
    let can_push = match p.get("can_push").filter(|v| !v.is_null()).map(boolean) {
        Some(Err(())) => return gitlab::error(StatusCode::BAD_REQUEST, "can_push is invalid"),
        other => other.and_then(Result::ok),
    };
    if title.is_none() && can_push.is_none() {
        return gitlab::error(
            StatusCode::BAD_REQUEST,
            "title, can_push are missing, at least one parameter must be provided",
        );
    }
    let k = &mut world.move_settings.deploy_keys[i];
    let Some(push) = k.projects.get_mut(&t.owner.id) else { return not_found() };
    if let Some(b) = can_push {
        *push = b;
    }
    let push = *push;
    if let Some(title) = title {
        k.title = title;
    }
    Json(render(k, Some(push))).into_response()
}

/// `DELETE /projects/:id/deploy_keys/:key_id`: 204; a key left on no project is gone.
pub(crate) async fn destroy(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    Path((raw, key_id)): Path<(String, String)>,
) -> Response {
    let mut world = s.world();
    let found = target(&world, &headers, instance, &raw, true)
        .and_then(|t| key_index(&world, instance, &key_id).map(|i| (t, i)));
    let (t, i) = match found {
        Ok(v) => v,
        Err(r) => return r,
    };
    let keys = &mut world.move_settings.deploy_keys;
    if keys[i].projects.remove(&t.owner.id).is_none() {
        return not_found();
    }
    if keys[i].projects.is_empty() {
        keys.remove(i);
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/projects/{id}/deploy_keys", get(list).post(create))
        .route("/projects/{id}/deploy_keys/{key_id}", get(show).put(update).delete(destroy))
        .route("/projects/{id}/deploy_keys/{key_id}/enable", post(enable))
}
