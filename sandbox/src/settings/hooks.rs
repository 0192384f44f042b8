//! Webhooks of projects and groups (`lib/api/project_hooks.rb`, `group_hooks.rb`, `lib/api/hooks/*`): list
//! (without `url_variables`/`custom_headers`), one (with their keys only), create, update (nothing given:
//! 400), delete, and one URL variable or custom header set or removed. A bad or local-network URL is 422
//! `{"error":"Invalid url given"}`; local hooks pass only with `POST /-/sandbox/settings {"allow_local_hooks":true}`.

use super::hook_model::{apply, branch_filter_ok, new_hook, render, url_ok};
use super::{body, find_admin, text, Target};
use crate::api::paged;
use crate::pagination::PageParams;
use crate::world::settings::{Hook, Instance, Owner};
use crate::world::*;
use crate::{render as gitlab, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Extension, Json, Router};

type On = Extension<Instance>;
type Of = Extension<Kind>;

/// Group webhooks are Premium (EE's `group_hooks.rb`): on an instance whose version is not `-ee` the routes do
/// not exist (404). Then [`find_admin`].
fn hook_target(
    world: &World,
    headers: &HeaderMap,
    instance: Instance,
    kind: Kind,
    raw: &str,
    write: bool,
) -> Result<Target, Response> {
    let version = match instance {
        Instance::Source => &world.settings.source_version,
        Instance::Destination => &world.settings.destination_version,
    };
    if kind == Kind::Group && !version.ends_with("-ee") {
        return Err(gitlab::not_found());
    }
    find_admin(world, headers, instance, kind, raw, write)
}

fn hook_id(raw: &str) -> Result<u64, Response> {
    raw.parse().map_err(|_| gitlab::error(StatusCode::BAD_REQUEST, "hook_id is invalid"))
}

/// `hook_scope.find(:hook_id)`: the hook's index, or Rails' RecordNotFound (`404 Not found`).
fn find_hook(world: &World, owner: &Owner, raw: &str) -> Result<usize, Response> {
    let id = hook_id(raw)?;
    let list = world.move_settings.hooks.get(owner).map(Vec::as_slice).unwrap_or_default();
    list.iter().position(|h| h.id == id).ok_or_else(gitlab::record_not_found)
}

/// `save_hook`: the URL, then the branch filter, each with its 422.
fn check(world: &World, hook: &Hook) -> Result<(), Response> {
    if !url_ok(hook, world.move_settings.allow_local_hooks) {
        return Err(gitlab::error(StatusCode::UNPROCESSABLE_ENTITY, "Invalid url given"));
    }
    if !branch_filter_ok(hook) {
        return Err(gitlab::error(StatusCode::UNPROCESSABLE_ENTITY, "Invalid branch filter given"));
    }
    Ok(())
}

pub(crate) async fn list(
    State(s): State<Shared>,
    Extension(instance): On,
    Extension(kind): Of,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<PageParams>,
) -> Response {
    let world = s.world();
    let target = match hook_target(&world, &headers, instance, kind, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let hooks = world.move_settings.hooks.get(&target.owner).cloned().unwrap_or_default();
    let rows = hooks.iter().map(|h| render(h, kind, target.owner.id, false)).collect();
    paged(rows, &q, &uri, &[])
}

pub(crate) async fn show(
    State(s): State<Shared>,
    Extension(instance): On,
    Extension(kind): Of,
    headers: HeaderMap,
    Path((raw, id)): Path<(String, String)>,
) -> Response {
    let world = s.world();
    let result = hook_target(&world, &headers, instance, kind, &raw, false)
        .and_then(|t| find_hook(&world, &t.owner, &id).map(|i| (t.owner, i)));
    match result {
        Ok((owner, i)) => Json(render(&world.move_settings.hooks[&owner][i], kind, owner.id, true)).into_response(),
        Err(r) => r,
    }
}

pub(crate) async fn create(
    State(s): State<Shared>,
    Extension(instance): On,
    Extension(kind): Of,
    headers: HeaderMap,
    Path(raw): Path<String>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let Target { owner, .. } = match hook_target(&world, &headers, instance, kind, &raw, true) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut hook = new_hook(kind);
    let missing = p.get("url").and_then(text).is_none();
    match apply(&mut hook, kind, &p) {
        Err(e) if missing => return gitlab::error(StatusCode::BAD_REQUEST, &format!("url is missing, {e}")),
        Err(e) => return gitlab::error(StatusCode::BAD_REQUEST, &e),
        Ok(_) if missing => return gitlab::error(StatusCode::BAD_REQUEST, "url is missing"),
        Ok(_) => {}
    }
    if let Err(r) = check(&world, &hook) {
        return r;
    }
    hook.id = world.move_settings.fresh_id();
    hook.created_ms = world.now_ms;
    let answer = render(&hook, kind, owner.id, true);
    world.move_settings.hooks.entry(owner).or_default().push(hook);
    (StatusCode::CREATED, Json(answer)).into_response()
}

pub(crate) async fn update(
    State(s): State<Shared>,
    Extension(instance): On,
    Extension(kind): Of,
    headers: HeaderMap,
    Path((raw, id)): Path<(String, String)>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let found = hook_target(&world, &headers, instance, kind, &raw, true)
        .and_then(|t| find_hook(&world, &t.owner, &id).map(|i| (t.owner, i)));
    let (owner, i) = match found {
        Ok(v) => v,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut hook = world.move_settings.hooks[&owner][i].clone();
    match apply(&mut hook, kind, &p) {
        Err(e) => return gitlab::error(StatusCode::BAD_REQUEST, &e),
        Ok(false) => return gitlab::error(StatusCode::BAD_REQUEST, "No parameters provided"),
        Ok(true) => {}
    }
    if let Err(r) = check(&world, &hook) {
        return r;
    }
    let answer = render(&hook, kind, owner.id, true);
    if let Some(slot) = world.move_settings.hooks.get_mut(&owner).and_then(|l| l.get_mut(i)) {
        *slot = hook;
    }
    Json(answer).into_response()
}

pub(crate) async fn destroy(
    State(s): State<Shared>,
    Extension(instance): On,
    Extension(kind): Of,
    headers: HeaderMap,
    Path((raw, id)): Path<(String, String)>,
) -> Response {
    let mut world = s.world();
    let found = hook_target(&world, &headers, instance, kind, &raw, true)
        .and_then(|t| find_hook(&world, &t.owner, &id).map(|i| (t.owner, i)));
    match found {
        Ok((owner, i)) => {
            if let Some(list) = world.move_settings.hooks.get_mut(&owner) {
                list.remove(i);
            }
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}

/// `PUT|DELETE …/hooks/:hook_id/{url_variables,custom_headers}/:key`: 204; `PUT` needs `value`.
async fn secret_entry(
    s: Shared,
    instance: Instance,
    kind: Kind,
    headers: HeaderMap,
    ids: (String, String, String),
    field: &str,
    bytes: Option<axum::body::Bytes>,
) -> Response {
    let (raw, id, key) = ids;
    let mut world = s.world();
    let found = hook_target(&world, &headers, instance, kind, &raw, true)
        .and_then(|t| find_hook(&world, &t.owner, &id).map(|i| (t.owner, i)));
    let (owner, i) = match found {
        Ok(v) => v,
        Err(r) => return r,
    };
    let value = match &bytes {
        Some(b) => match body(&headers, b).map(|p| p.get("value").and_then(text)) {
            Ok(Some(v)) => Some(v),
            Ok(None) => return gitlab::error(StatusCode::BAD_REQUEST, "value is missing"),
            Err(r) => return r,
        },
        None => None,
    };
    let Some(hook) = world.move_settings.hooks.get_mut(&owner).and_then(|l| l.get_mut(i)) else {
        return gitlab::record_not_found();
    };
    let (map, what) = if field == "url_variables" {
        (&mut hook.url_variables, "URL variable")
    } else {
        (&mut hook.custom_headers, "Custom header")
    };
    match value {
        Some(v) => {
            map.insert(key, v);
        }
        None if map.remove(&key).is_none() => {
            return gitlab::message(StatusCode::NOT_FOUND, &format!("404 {what} Not Found"))
        }
        None => {}
    }
    StatusCode::NO_CONTENT.into_response()
}

macro_rules! entry_handlers {
    ($put:ident, $delete:ident, $field:literal) => {
        async fn $put(
            State(s): State<Shared>,
            Extension(instance): On,
            Extension(kind): Of,
            headers: HeaderMap,
            Path(ids): Path<(String, String, String)>,
            bytes: axum::body::Bytes,
        ) -> Response {
            secret_entry(s, instance, kind, headers, ids, $field, Some(bytes)).await
        }

        async fn $delete(
            State(s): State<Shared>,
            Extension(instance): On,
            Extension(kind): Of,
            headers: HeaderMap,
            Path(ids): Path<(String, String, String)>,
        ) -> Response {
            secret_entry(s, instance, kind, headers, ids, $field, None).await
        }
    };
}

entry_handlers!(put_url_variable, delete_url_variable, "url_variables");
entry_handlers!(put_custom_header, delete_custom_header, "custom_headers");

pub(crate) fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for kind in [Kind::Group, Kind::Project] {
        let base = if kind == Kind::Group { "/groups/{id}/hooks" } else { "/projects/{id}/hooks" };
        router = router
            .route(base, get(list).post(create).layer(Extension(kind)))
            .route(&format!("{base}/{{hook_id}}"), get(show).put(update).delete(destroy).layer(Extension(kind)))
            .route(
                &format!("{base}/{{hook_id}}/url_variables/{{key}}"),
                put(put_url_variable).delete(delete_url_variable).layer(Extension(kind)),
            )
            .route(
                &format!("{base}/{{hook_id}}/custom_headers/{{key}}"),
                put(put_custom_header).delete(delete_custom_header).layer(Extension(kind)),
            );
    }
    router
}
