//! The source instance's API: what the destination and the console's source browser read there.

use crate::api::{token_json, token_of};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

pub mod campaign;
pub mod export;
pub mod groups;

pub(crate) fn source_auth(world: &World, headers: &HeaderMap) -> Result<Token, Response> {
    let token = token_of(headers).ok_or_else(render::unauthorized)?;
    world.source_tokens.get(token.as_str()).cloned().ok_or_else(render::unauthorized)
}

pub(crate) async fn source_version(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match source_auth(&world, &headers) {
        Ok(_) => Json(crate::entities::version(&world.settings.source_version)).into_response(),
        Err(r) => r,
    }
}

/// `GET /user` on the source: the token's owner there (the console checks a source token with it).
pub(crate) async fn source_user(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match source_auth(&world, &headers) {
        Ok(t) => match world.user(t.user_id) {
            Some(u) => Json(crate::entities::user_public(u, world.source_url.trim_end_matches('/'))).into_response(),
            None => render::unauthorized(),
        },
        Err(r) => r,
    }
}

pub(crate) async fn source_token_self(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let world = s.world();
    match source_auth(&world, &headers) {
        Ok(t) => Json(token_json(&t, t.user_id)).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ExportQuery {
    relation: Option<String>,
}

/// `GET /{groups|projects}/:id/export_relations/status`: every relation's export, or one with `?relation=`.
async fn export_status(s: Shared, headers: HeaderMap, kind: Kind, id: String, q: ExportQuery) -> Response {
    let world = s.world();
    let token = match source_auth(&world, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let found = world.source_items.iter().find(|i| i.kind == kind && (i.id.to_string() == id || i.full_path == id));
    match found {
        None => render::message(StatusCode::NOT_FOUND, "404 Not Found"),
        Some(_) if !token.has_api() => render::forbidden(),
        Some(item) => {
            let list = export::relations(&world, item);
            match q.relation {
                None => Json(Value::Array(list)).into_response(),
                Some(r) => match list.into_iter().find(|v| v["relation"] == r.as_str()) {
                    Some(one) => Json(one).into_response(),
                    None => render::message(StatusCode::NOT_FOUND, "404 Not found"),
                },
            }
        }
    }
}

pub(crate) async fn export_status_group(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Response {
    export_status(s, headers, Kind::Group, id, q).await
}

pub(crate) async fn export_status_project(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Response {
    export_status(s, headers, Kind::Project, id, q).await
}
