//! The HTTP routes of both instances, and the sandbox's own control routes under `/-/sandbox/`.

use crate::engine::{self, NewEntitySpec};
use crate::pagination::{paginate, PageParams};
use crate::render;
use crate::validation::{self, ValidRequest};
use crate::world::*;
use crate::{faults, Faults, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

/// GitLab's `Rack::Cors` for `/api/*`: any origin, no credentials, these headers exposed.
fn cors() -> CorsLayer {
    let exposed = [
        "link", "x-total", "x-total-pages", "x-per-page", "x-page", "x-next-page", "x-prev-page", "x-request-id", "etag",
        "x-gitlab-meta",
    ];
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods(AllowMethods::any())
        .allow_headers(AllowHeaders::any())
        .expose_headers(exposed.map(HeaderName::from_static))
        .max_age(Duration::from_secs(7200))
}

/// The destination instance: the one the console signs in to.
pub fn destination(state: Shared) -> Router {
    let api = Router::new()
        .route("/version", get(dest_version))
        .route("/user", get(current_user))
        .route("/groups", get(dest_groups))
        .route("/namespaces/{id}/exists", get(namespace_exists))
        .route("/personal_access_tokens/self", get(dest_token_self))
        .route("/bulk_imports", post(create_import).get(list_imports))
        .route("/bulk_imports/entities", get(list_all_entities))
        .route("/bulk_imports/{id}", get(get_import))
        .route("/bulk_imports/{id}/entities", get(list_import_entities))
        .route("/bulk_imports/{id}/entities/{entity_id}", get(get_entity))
        .route("/bulk_imports/{id}/entities/{entity_id}/failures", get(list_failures))
        .route("/bulk_imports/{id}/cancel", post(cancel_import))
        .fallback(|| async { render::message(StatusCode::NOT_FOUND, "404 Not Found") })
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .layer(cors());
    let control = Router::new()
        .route("/advance", post(control_advance))
        .route("/faults", post(control_faults))
        .route("/settings", post(control_settings))
        .route("/state", get(control_state))
        .route("/static-table", get(control_static_table))
        .route("/hostile", post(control_hostile));
    let mut router = Router::new().nest("/api/v4", api).nest("/-/sandbox", control);
    router = match state.dist.clone() {
        Some(dist) => {
            let index = dist.join("index.html");
            // Deep links (/migrations/7) get index.html, as nginx's try_files does.
            router.fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)))
        }
        None => router.fallback(|| async { Html(NO_DIST_PAGE) }),
    };
    router.with_state(state)
}

const NO_DIST_PAGE: &str = "<!DOCTYPE html><title>GitLab sandbox</title><h1>GitLab sandbox</h1>\
<p>The API is at <code>/api/v4</code>. The console is not built: run <code>scripts/run-console.sh</code>, \
or start the sandbox with <code>--dist dist</code> after <code>trunk build</code>.</p>";

/// The source instance: where groups and projects are migrated from.
pub fn source(state: Shared) -> Router {
    let api = Router::new()
        .route("/version", get(source_version))
        .route("/personal_access_tokens/self", get(source_token_self))
        .route("/groups", get(source_groups))
        .route("/projects", get(source_projects))
        .route("/groups/{id}/export_relations/status", get(export_status_group))
        .route("/projects/{id}/export_relations/status", get(export_status_project))
        .fallback(|| async { render::message(StatusCode::NOT_FOUND, "404 Not Found") })
        .layer(cors());
    Router::new().nest("/api/v4", api).with_state(state)
}

// ---------------------------------------------------------------------------------------------------
// Authentication

fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(t) = headers.get("private-token").and_then(|v| v.to_str().ok()) {
        return Some(t.trim().to_string());
    }
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

/// `authenticate!`: the user and token, or 401.
fn authenticate(world: &World, headers: &HeaderMap) -> Result<(User, Token), Response> {
    let token = token_of(headers).ok_or_else(render::unauthorized)?;
    let t = world.tokens.get(token.as_str()).cloned().ok_or_else(render::unauthorized)?;
    let user = world.user(t.user_id).cloned().ok_or_else(render::unauthorized)?;
    Ok((user, t))
}

/// Every Bulk Imports route: 404 when the feature is off, then authentication.
fn bulk_imports_guard(world: &World, headers: &HeaderMap) -> Result<(User, Token), Response> {
    if !world.settings.bulk_import_enabled {
        return Err(render::not_found());
    }
    authenticate(world, headers)
}

fn parse_id(raw: &str, name: &str) -> Result<u64, Response> {
    raw.parse().map_err(|_| render::error(StatusCode::BAD_REQUEST, &format!("{name} is invalid")))
}

fn paged(items: Vec<Value>, params: &PageParams, uri: &Uri, keep: &[(&str, String)]) -> Response {
    let (slice, headers) = paginate(items, params, &format!("http://localhost/api/v4{}", uri.path()), keep);
    (headers, Json(Value::Array(slice))).into_response()
}

// ---------------------------------------------------------------------------------------------------
// Destination: helpers

async fn dest_version(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    Json(render::version(&world.settings.destination_version)).into_response()
}

async fn current_user(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match authenticate(&world, &headers) {
        Ok((user, _)) => Json(render::user(&user)).into_response(),
        Err(r) => r,
    }
}

async fn dest_token_self(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match authenticate(&world, &headers) {
        Ok((user, token)) => Json(token_json(&token, user.id)).into_response(),
        Err(r) => r,
    }
}

fn token_json(t: &Token, user_id: u64) -> Value {
    json!({"id": user_id * 10, "name": t.name, "revoked": false, "created_at": "2026-01-05T10:00:00.000Z",
        "scopes": t.scopes, "user_id": user_id, "active": true, "expires_at": "2027-01-05"})
}

#[derive(Deserialize, Default)]
struct GroupQuery {
    search: Option<String>,
    min_access_level: Option<String>,
    top_level_only: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

async fn dest_groups(State(s): State<Shared>, headers: HeaderMap, uri: Uri, Query(q): Query<GroupQuery>) -> Response {
    let world = s.world();
    let (user, _) = match authenticate(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let min: u8 = q.min_access_level.as_deref().and_then(|v| v.parse().ok()).unwrap_or(10);
    let top = q.top_level_only.as_deref() == Some("true");
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    let items: Vec<Value> = world
        .dest_groups
        .iter()
        .filter(|g| world.access_level(&user, g) >= min)
        .filter(|g| !top || g.parent_id.is_none())
        .filter(|g| search.is_empty() || g.full_path.to_lowercase().contains(&search) || g.name.to_lowercase().contains(&search))
        .map(|g| {
            json!({"id": g.id, "name": g.name, "path": g.full_path.rsplit('/').next(), "full_name": g.name,
            "full_path": g.full_path, "parent_id": g.parent_id, "web_url": format!("http://gitlab.sandbox/groups/{}", g.full_path),
            "visibility": "private", "project_creation_level": "maintainer", "subgroup_creation_level": "maintainer"})
        })
        .collect();
    paged(items, &PageParams { page: q.page, per_page: q.per_page }, &uri, &[])
}

#[derive(Deserialize, Default)]
struct ExistsQuery {
    parent_id: Option<u64>,
}

async fn namespace_exists(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ExistsQuery>,
) -> Response {
    let world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    let parent = q.parent_id.and_then(|p| world.dest_groups.iter().find(|g| g.id == p)).map(|g| g.full_path.clone());
    let full = |slug: &str| engine::join_path(parent.as_deref().unwrap_or(""), slug).to_ascii_lowercase();
    let exists = world.dest_paths.contains(&full(&id));
    let suggests: Vec<String> = if exists {
        (1..100).map(|n| format!("{id}{n}")).filter(|c| !world.dest_paths.contains(&full(c))).take(1).collect()
    } else {
        Vec::new()
    };
    Json(json!({"exists": exists, "suggests": suggests})).into_response()
}

// ---------------------------------------------------------------------------------------------------
// Destination: Bulk Imports

#[derive(Deserialize, Default)]
struct ListQuery {
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
        Some(s) => Some(Status::parse(s).ok_or_else(|| render::error(StatusCode::BAD_REQUEST, "status does not have a valid value"))?),
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

async fn list_imports(State(s): State<Shared>, headers: HeaderMap, uri: Uri, Query(q): Query<ListQuery>) -> Response {
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

async fn list_all_entities(State(s): State<Shared>, headers: HeaderMap, uri: Uri, Query(q): Query<ListQuery>) -> Response {
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

async fn get_import(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let world = s.world();
    let result = bulk_imports_guard(&world, &headers).and_then(|(user, _)| own_import(&world, &user, &id).map(render::import));
    match result {
        Ok(v) => Json(v).into_response(),
        Err(r) => r,
    }
}

async fn list_import_entities(
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

async fn get_entity(State(s): State<Shared>, headers: HeaderMap, Path((id, entity_id)): Path<(String, String)>) -> Response {
    let world = s.world();
    match own_entity(&world, &headers, &id, &entity_id) {
        Ok(e) => Json(render::entity(e)).into_response(),
        Err(r) => r,
    }
}

async fn list_failures(
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

async fn cancel_import(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
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
    let Some(import) = world.import(id) else { return render::not_found() };
    if import.user_id != user.id && !(user.is_admin && token.scopes.contains(&"admin_mode")) {
        return render::forbidden();
    }
    engine::cancel_import(&mut world, id);
    match world.import(id) {
        Some(i) => (StatusCode::OK, Json(render::import(i))).into_response(),
        None => render::not_found(),
    }
}

async fn create_import(State(s): State<Shared>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let mut world = s.world();
    let (user, token) = match bulk_imports_guard(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !token.has_api() {
        return render::insufficient_scope();
    }
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let request = match validation::validate_create(&json) {
        Ok(r) => r,
        Err(message) => return render::error(StatusCode::BAD_REQUEST, &message),
    };
    // check_rate_limit!(:bulk_import, scope: current_user): 6 a minute.
    let limit = world.settings.rate_limit_per_minute;
    let window = world.rate_windows.entry(user.id).or_default();
    let now = Instant::now();
    while window.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60)) {
        window.pop_front();
    }
    if window.len() >= limit {
        return render::rate_limited();
    }
    window.push_back(now);
    if let Err(message) = create_service_checks(&world, &user, &request) {
        return render::message(StatusCode::UNPROCESSABLE_ENTITY, &message);
    }
    let specs = request
        .entities
        .iter()
        .map(|e| NewEntitySpec {
            kind: if e.source_type == "project_entity" { Kind::Project } else { Kind::Group },
            source_full_path: e.source_full_path.clone(),
            destination_slug: e.destination_slug.clone(),
            destination_namespace: e.destination_namespace.clone(),
            migrate_projects: e.migrate_projects,
            migrate_memberships: e.migrate_memberships,
        })
        .collect();
    let url = request.url.trim_end_matches('/').to_string();
    let id = engine::create_import(&mut world, user.id, &url, specs);
    match world.import(id) {
        Some(i) => (StatusCode::CREATED, Json(render::import(i))).into_response(),
        None => render::message(StatusCode::INTERNAL_SERVER_ERROR, "500 Internal Server Error"),
    }
}

/// `BulkImports::CreateService`, in its order, with the texts of `lib/bulk_imports/error.rb`.
fn create_service_checks(world: &World, user: &User, request: &ValidRequest) -> Result<(), String> {
    let url = request.url.trim_end_matches('/');
    if !url.eq_ignore_ascii_case(world.source_url.trim_end_matches('/')) {
        return Err("Invalid source URL. Enter only the base URL of the source GitLab instance.".into());
    }
    let major: u32 = world.settings.source_version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 14 {
        return Err("Unsupported GitLab version. Minimum supported version is '14'.".into());
    }
    let scopes_ok = world.source_tokens.get(request.access_token.as_str()).is_some_and(Token::has_api);
    if !scopes_ok {
        return Err(
            "Check that the source instance base URL and the personal access token meet the necessary requirements."
                .into(),
        );
    }
    // The source-path check reads only the first entity, as GitLab's does.
    if let Some(first) = request.entities.first() {
        let kind = if first.source_type == "project_entity" { Kind::Project } else { Kind::Group };
        if world.source_item(kind, &first.source_full_path).is_none() {
            return Err(format!("Import failed. '{}' not found.", first.source_full_path));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in &request.entities {
        let ns = e.destination_namespace.as_str();
        let allowed = if ns.is_empty() {
            e.source_type == "group_entity" && user.can_create_group
        } else {
            world.dest_group(ns).is_some_and(|g| world.access_level(user, g) >= MAINTAINER)
        };
        if !allowed {
            return Err(format!("Import failed. Destination '{ns}' is invalid, or you don't have permission."));
        }
        let full = engine::join_path(ns, &e.destination_slug);
        if world.dest_paths.contains(&full.to_ascii_lowercase()) || !seen.insert(full.to_ascii_lowercase()) {
            return Err(format!("Import failed. '{full}' already exists. Change the destination and try again."));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Source instance

fn source_auth(world: &World, headers: &HeaderMap) -> Result<Token, Response> {
    let token = token_of(headers).ok_or_else(render::unauthorized)?;
    world.source_tokens.get(token.as_str()).cloned().ok_or_else(render::unauthorized)
}

async fn source_version(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match source_auth(&world, &headers) {
        Ok(_) => Json(render::version(&world.settings.source_version)).into_response(),
        Err(r) => r,
    }
}

async fn source_token_self(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match source_auth(&world, &headers) {
        Ok(t) => Json(token_json(&t, t.user_id)).into_response(),
        Err(r) => r,
    }
}

fn source_list(world: &World, kind: Kind, q: &GroupQuery) -> Vec<Value> {
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    let top = q.top_level_only.as_deref() == Some("true");
    world
        .source_items
        .iter()
        .filter(|i| i.kind == kind)
        .filter(|i| !top || i.parent_path().is_none())
        .filter(|i| search.is_empty() || i.full_path.to_lowercase().contains(&search) || i.name.to_lowercase().contains(&search))
        .map(|i| {
            let web = format!("{}/{}", world.source_url, i.full_path);
            match kind {
                Kind::Group => json!({"id": i.id, "name": i.name, "path": i.last_segment(), "full_name": i.name,
                    "full_path": i.full_path, "web_url": web, "parent_id": i.parent_path().and_then(|p| world.source_item(Kind::Group, p)).map(|g| g.id)}),
                Kind::Project => json!({"id": i.id, "name": i.name, "path": i.last_segment(), "path_with_namespace": i.full_path,
                    "name_with_namespace": i.full_path.replace('/', " / "), "web_url": web,
                    "namespace": {"full_path": i.parent_path().unwrap_or("")}}),
            }
        })
        .collect()
}

async fn source_groups(State(s): State<Shared>, headers: HeaderMap, uri: Uri, Query(q): Query<GroupQuery>) -> Response {
    let world = s.world();
    if let Err(r) = source_auth(&world, &headers) {
        return r;
    }
    let items = source_list(&world, Kind::Group, &q);
    paged(items, &PageParams { page: q.page.clone(), per_page: q.per_page.clone() }, &uri, &[])
}

async fn source_projects(State(s): State<Shared>, headers: HeaderMap, uri: Uri, Query(q): Query<GroupQuery>) -> Response {
    let world = s.world();
    if let Err(r) = source_auth(&world, &headers) {
        return r;
    }
    let items = source_list(&world, Kind::Project, &q);
    paged(items, &PageParams { page: q.page.clone(), per_page: q.per_page.clone() }, &uri, &[])
}

async fn export_status(s: Shared, headers: HeaderMap, kind: Kind, id: String) -> Response {
    let world = s.world();
    let token = match source_auth(&world, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let found = world.source_items.iter().find(|i| i.kind == kind && (i.id.to_string() == id || i.full_path == id));
    match found {
        None => render::message(StatusCode::NOT_FOUND, "404 Not Found"),
        Some(_) if !token.has_api() => render::forbidden(),
        Some(_) => Json(json!([])).into_response(),
    }
}

async fn export_status_group(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    export_status(s, headers, Kind::Group, id).await
}

async fn export_status_project(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    export_status(s, headers, Kind::Project, id).await
}

// ---------------------------------------------------------------------------------------------------
// Control routes (tests and demos)

#[derive(Deserialize)]
struct AdvanceQuery {
    seconds: f64,
}

/// Moves simulated time forward: how tests get deterministic progress.
async fn control_advance(State(s): State<Shared>, Query(q): Query<AdvanceQuery>) -> Response {
    let mut world = s.world();
    engine::advance(&mut world, (q.seconds.max(0.0) * 1000.0) as i64);
    Json(json!({"now": render::timestamp(world.now_ms)})).into_response()
}

async fn control_faults(State(s): State<Shared>, Json(f): Json<Faults>) -> Response {
    *s.faults.lock().unwrap_or_else(|p| p.into_inner()) = f;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct SettingsPatch {
    bulk_import_enabled: Option<bool>,
    speed: Option<f64>,
    source_version: Option<String>,
    /// GitLab's is 6; 0 refuses every creation with 429 (to test the console's handling).
    rate_limit_per_minute: Option<usize>,
    /// Forget the creations counted so far.
    #[serde(default)]
    reset_rate_limits: bool,
    /// `GET /bulk_imports/entities` answers 500 (GitLab #591217).
    all_entities_broken: Option<bool>,
    /// The signed-in owner's display name (the hostile-content suite puts every corpus string there).
    owner_name: Option<String>,
}

async fn control_settings(State(s): State<Shared>, Json(p): Json<SettingsPatch>) -> Response {
    let mut world = s.world();
    if let Some(v) = p.bulk_import_enabled {
        world.settings.bulk_import_enabled = v;
    }
    if let Some(v) = p.speed {
        world.settings.speed = v.max(0.0);
    }
    if let Some(v) = p.source_version {
        world.settings.source_version = v;
    }
    if let Some(v) = p.rate_limit_per_minute {
        world.settings.rate_limit_per_minute = v;
    }
    if p.reset_rate_limits {
        world.rate_windows.clear();
    }
    if let Some(v) = p.all_entities_broken {
        world.settings.all_entities_broken = v;
    }
    if let Some(name) = p.owner_name {
        if let Some(owner) = world.users.iter_mut().find(|u| u.id == OWNER_ID) {
            owner.name = name;
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Seeds the hostile corpus (see `hostile.rs`) and says what it created.
async fn control_hostile(State(s): State<Shared>) -> Response {
    let mut world = s.world();
    let (imports, entities) = crate::hostile::seed(&mut world);
    Json(json!({"strings": crate::hostile::corpus(), "imports": imports, "entities": entities})).into_response()
}

async fn control_state(State(s): State<Shared>) -> Response {
    let world = s.world();
    Json(json!({
        "now": render::timestamp(world.now_ms),
        "imports": world.imports.iter().map(render::import).collect::<Vec<_>>(),
        "entities": world.entities.len(),
    }))
    .into_response()
}

/// The practical floor for the benchmark: the owner's first page of migrations as a plain HTML table,
/// with the same columns as the console's list.
async fn control_static_table(State(s): State<Shared>) -> Response {
    let world = s.world();
    let mut imports: Vec<&Import> = world.imports.iter().filter(|i| i.user_id == OWNER_ID).collect();
    imports.sort_by(|a, b| b.created_ms.cmp(&a.created_ms));
    let escape = |v: &str| v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let rows: String = imports
        .iter()
        .take(20)
        .map(|i| {
            let v = render::import(i);
            let field = |k: &str| escape(v.get(k).and_then(|x| x.as_str()).unwrap_or(""));
            format!(
                "<tr><td><a href=\"/migrations/{id}\">#{id}</a></td><td>{}</td><td>{}</td><td></td><td>{}</td><td>{}</td></tr>",
                field("source_url"),
                field("status"),
                field("created_at"),
                field("updated_at"),
                id = i.id
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migrations</title></head><body><h1>Migrations</h1>\
         <table data-testid=\"migrations-table\"><thead><tr><th>ID</th><th>Source instance</th><th>Status</th><th>Entities</th><th>Created</th><th>Last update</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    );
    axum::response::Html(html).into_response()
}
