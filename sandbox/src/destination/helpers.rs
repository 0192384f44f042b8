//! The destination's endpoints besides Bulk Imports that the console calls: version, current user, token,
//! groups (the destination picker) and the namespace check.

use super::authenticate;
use crate::api::{paged, token_json, GroupQuery};
use crate::pagination::PageParams;
use crate::{engine, render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub(crate) async fn dest_version(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    Json(render::version(&world.settings.destination_version)).into_response()
}

pub(crate) async fn current_user(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match authenticate(&world, &headers) {
        Ok((user, _)) => Json(render::user(&user)).into_response(),
        Err(r) => r,
    }
}

pub(crate) async fn dest_token_self(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match authenticate(&world, &headers) {
        Ok((user, token)) => Json(token_json(&token, user.id)).into_response(),
        Err(r) => r,
    }
}

pub(crate) async fn dest_groups(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<GroupQuery>,
) -> Response {
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
pub(crate) struct ExistsQuery {
    parent_id: Option<u64>,
}

pub(crate) async fn namespace_exists(
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
