//! The destination instance's API: the Bulk Imports routes and the endpoints the console needs around
//! them, with the authentication they share.

pub mod bulk_imports;
pub mod catalog;
pub mod create;
pub mod groups;
pub mod helpers;

use crate::api::token_of;
use crate::render;
use crate::world::*;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// `authenticate!`: the user and token, or 401. A personal token (`PRIVATE-TOKEN` or Bearer) or an OAuth
/// access token (Bearer); an expired or revoked OAuth token gets GitLab's `invalid_token` answer.
pub(crate) fn authenticate(world: &World, headers: &HeaderMap) -> Result<(User, Token), Response> {
    let token = token_of(headers).ok_or_else(render::unauthorized)?;
    let t = match world.tokens.get(token.as_str()) {
        Some(t) => t.clone(),
        None => world.oauth.check(&token)?,
    };
    let user = world.user(t.user_id).cloned().ok_or_else(render::unauthorized)?;
    Ok((user, t))
}

/// Every Bulk Imports route: 404 when the feature is off, then authentication.
pub(crate) fn bulk_imports_guard(world: &World, headers: &HeaderMap) -> Result<(User, Token), Response> {
    if !world.settings.bulk_import_enabled {
        return Err(render::not_found());
    }
    authenticate(world, headers)
}

pub(crate) fn parse_id(raw: &str, name: &str) -> Result<u64, Response> {
    raw.parse().map_err(|_| render::error(StatusCode::BAD_REQUEST, &format!("{name} is invalid")))
}
