//! The destination's endpoints besides Bulk Imports that the console calls: version, current user, token,
//! and the namespace check (groups and projects: `groups.rs`).

use super::authenticate;
use crate::api::{base_url, token_json};
use crate::{engine, entities, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub(crate) async fn dest_version(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    Json(entities::version(&world.settings.destination_version)).into_response()
}

/// `GET /user`: `UserPublic` (an administrator: `UserWithAdmin`), its `web_url` on the URL the client used.
pub(crate) async fn current_user(State(s): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let world = s.world();
    match authenticate(&world, &headers) {
        Ok((user, _)) => Json(entities::user_public(&user, &base_url(&uri))).into_response(),
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
