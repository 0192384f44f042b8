//! The Bulk Imports routes that read and cancel: list migrations and entities, get one, its failures, cancel.

use super::{bulk_imports_guard, parse_id};
use crate::api::paged;
use crate::pagination::PageParams;
use crate::world::*;
use crate::{engine, render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
    sort: Option<String>,
    status: Option<String>,
}

/// `sort` and `status` as Grape checks them: a bad value is a 400.
fn list_filters(q: &ListQuery) -> Result<(bool, Option<Status>), Response> {
    let asc = match q.sort.as_deref() {
        None | Some("desc") => false,
        Some("asc") => true,
        Some(_) => return Err(render::error(StatusCode::BAD_REQUEST, "sort does not have a valid value")),
    };
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| render::error(StatusCode::BAD_REQUEST, "status does not have a valid value"))?,
        ),
    };
    Ok((asc, status))
}

fn keep_params(q: &ListQuery) -> Vec<(&'static str, String)> {
    let mut keep = Vec::new();
    if let Some(s) = &q.sort {
        keep.push(("sort", s.clone()));
    }
    if let Some(s) = &q.status {
        keep.push(("status", s.clone()));
    }
    keep
}

/// Rows already in ascending order, reversed for `desc` (GitLab's default), then paginated.
fn sorted_page<T>(mut rows: Vec<&T>, asc: bool, render: fn(&T) -> Value, q: &ListQuery, uri: &Uri) -> Response {
    if !asc {
        rows.reverse();
    }
    let items = rows.into_iter().map(render).collect();
    paged(items, &PageParams { page: q.page.clone(), per_page: q.per_page.clone() }, uri, &keep_params(q))
}

pub(crate) async fn list_imports(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    let (user, asc, status) = match bulk_imports_guard(&world, &headers).and_then(|(u, _)| Ok((u, list_filters(&q)?))) {
        Ok((u, (asc, status))) => (u, asc, status),
        Err(r) => return r,
    };
    let mut rows: Vec<&Import> =
        world.imports.iter().filter(|i| i.user_id == user.id && status.is_none_or(|s| i.status == s)).collect();
    rows.sort_by_key(|i| (i.created_ms, i.id));
    sorted_page(rows, asc, render::import, &q, &uri)
}

pub(crate) async fn list_all_entities(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    let (user, asc, status) = match bulk_imports_guard(&world, &headers).and_then(|(u, _)| Ok((u, list_filters(&q)?))) {
        Ok((u, (asc, status))) => (u, asc, status),
        Err(r) => return r,
    };
    if world.settings.all_entities_broken {
        return render::message(StatusCode::INTERNAL_SERVER_ERROR, "500 Internal Server Error");
    }
    let mine: Vec<u64> = world.imports.iter().filter(|i| i.user_id == user.id).map(|i| i.id).collect();
    let mut rows: Vec<&Entity> = world
        .entities
        .iter()
        .filter(|e| mine.contains(&e.bulk_import_id) && status.is_none_or(|s| e.status == s))
        .collect();
    rows.sort_by_key(|e| (e.created_ms, e.id));
    sorted_page(rows, asc, render::entity, &q, &uri)
}

/// The user's own migration, or 404 (another user's is a 404 too).
fn own_import<'w>(world: &'w World, user: &User, raw: &str) -> Result<&'w Import, Response> {
    let id = parse_id(raw, "import_id")?;
    world.import(id).filter(|i| i.user_id == user.id).ok_or_else(render::record_not_found)
}

pub(crate) async fn get_import(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let world = s.world();
    let result =
        bulk_imports_guard(&world, &headers).and_then(|(user, _)| own_import(&world, &user, &id).map(render::import));
    match result {
        Ok(v) => Json(v).into_response(),
        Err(r) => r,
    }
}

pub(crate) async fn list_import_entities(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    let import = match bulk_imports_guard(&world, &headers).and_then(|(user, _)| own_import(&world, &user, &id)) {
        Ok(i) => i,
        Err(r) => return r,
    };
    // This route declares no `sort`: rows come ordered by id.
    let status = match list_filters(&ListQuery { sort: None, ..q_clone(&q) }) {
        Ok((_, s)) => s,
        Err(r) => return r,
    };
    let mut rows: Vec<&Entity> = world
        .entities
        .iter()
        .filter(|e| e.bulk_import_id == import.id && status.is_none_or(|s| e.status == s))
        .collect();
    rows.sort_by_key(|e| e.id);
    let items = rows.into_iter().map(render::entity).collect();
    let keep: Vec<_> = keep_params(&q).into_iter().filter(|(k, _)| *k == "status").collect();
    paged(items, &PageParams { page: q.page.clone(), per_page: q.per_page.clone() }, &uri, &keep)
}

fn q_clone(q: &ListQuery) -> ListQuery {
    ListQuery { page: q.page.clone(), per_page: q.per_page.clone(), sort: q.sort.clone(), status: q.status.clone() }
}

fn own_entity<'w>(world: &'w World, headers: &HeaderMap, id: &str, entity_id: &str) -> Result<&'w Entity, Response> {
    let (user, _) = bulk_imports_guard(world, headers)?;
    let import = own_import(world, &user, id)?;
    let eid = parse_id(entity_id, "entity_id")?;
    world.entities.iter().find(|e| e.id == eid && e.bulk_import_id == import.id).ok_or_else(render::record_not_found)
}

pub(crate) async fn get_entity(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path((id, entity_id)): Path<(String, String)>,
) -> Response {
    let world = s.world();
    match own_entity(&world, &headers, &id, &entity_id) {
        Ok(e) => Json(render::entity(e)).into_response(),
        Err(r) => r,
    }
}

pub(crate) async fn list_failures(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, entity_id)): Path<(String, String)>,
    Query(q): Query<PageParams>,
) -> Response {
    let world = s.world();
    match own_entity(&world, &headers, &id, &entity_id) {
        Ok(e) => paged(e.failures.iter().map(render::failure).collect(), &q, &uri, &[]),
        Err(r) => r,
    }
}

pub(crate) async fn cancel_import(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let mut world = s.world();
    let (user, token) = match bulk_imports_guard(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !token.has_api() {
        return render::insufficient_scope();
    }
    let id = match parse_id(&id, "import_id") {
        Ok(id) => id,
        Err(r) => return r,
    };
    // Not user-scoped: someone else's migration is a 403, not a 404.
    let Some(import) = world.import(id) else {
        return render::not_found();
    };
    if import.user_id != user.id && !(user.is_admin && token.scopes.contains(&"admin_mode")) {
        return render::forbidden();
    }
    engine::cancel_import(&mut world, id);
    match world.import(id) {
        Some(i) => (StatusCode::OK, Json(render::import(i))).into_response(),
        None => render::not_found(),
    }
}
