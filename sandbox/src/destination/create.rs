//! `POST /bulk_imports`: parameter validation, the rate limit, then `BulkImports::CreateService`'s checks.

use super::bulk_imports_guard;
use crate::engine::{self, NewEntitySpec};
use crate::validation::{self, ValidRequest};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use std::time::{Duration, Instant};

pub(crate) async fn create_import(State(s): State<Shared>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let mut world = s.world();
    let (user, token) = match bulk_imports_guard(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !token.has_api() {
        return render::insufficient_scope();
    }
    // JSON, or a form body as GitLab's docs show it (`--data "configuration[url]=…&entities[][…]=…"`).
    let form = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let json: Value = if form {
        match crate::form::parse(&body) {
            Ok(v) => v,
            Err(message) => return render::error(StatusCode::BAD_REQUEST, message),
        }
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
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
