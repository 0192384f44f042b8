//! JSON exactly as GitLab's API entities render it, and GitLab's error bodies.

use crate::world::*;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

pub fn timestamp(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A date as GitLab writes a `date` column: `2026-01-05`.
pub fn date(ms: i64) -> String {
    let t = timestamp(ms);
    t.get(..10).map_or_else(|| t.clone(), str::to_string)
}

/// `API::Entities::BulkImport`.
pub fn import(i: &Import) -> Value {
    json!({
        "id": i.id,
        "status": i.status.as_str(),
        "source_type": "gitlab",
        "source_url": i.source_url,
        "created_at": timestamp(i.created_ms),
        "updated_at": timestamp(i.updated_ms),
        "has_failures": i.has_failures,
    })
}

/// `API::Entities::BulkImports::EntityFailure` since 16.6, as the inline list and `/failures` send it: exactly
/// these six fields (`tests/fixtures/gitlab-fields/entity_failure.json`), the message cut to 72 characters.
/// `created_at`, `step`, `pipeline_class` and `pipeline_step` came only from 14.x to 16.5.
pub fn failure(f: &Failure) -> Value {
    json!({
        "relation": f.relation,
        "exception_message": truncate(&f.exception_message, FAILURE_MESSAGE_LIMIT),
        "exception_class": f.exception_class,
        "correlation_id_value": f.correlation_id_value,
        "source_url": f.source_url,
        "source_title": f.source_title,
    })
}

/// GitLab cuts a failure's message to this many characters, the ellipsis included.
pub const FAILURE_MESSAGE_LIMIT: usize = 72;

/// Rails' `String#truncate(limit)`: a text longer than `limit` characters keeps its first `limit - 3` and
/// ends with "...", so that the result is `limit` characters long; a shorter one is left as it is.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut out: String = text.chars().take(limit.saturating_sub(3)).collect();
    out.push_str("...");
    out
}

/// `API::Entities::BulkImports::Entity`.
pub fn entity(e: &Entity) -> Value {
    let stats: Map<String, Value> = e
        .stats
        .iter()
        .map(|(k, c)| (k.clone(), json!({"source": c.source, "fetched": c.fetched, "imported": c.imported})))
        .collect();
    json!({
        "id": e.id,
        "bulk_import_id": e.bulk_import_id,
        "status": e.status.as_str(),
        "entity_type": e.kind.as_str(),
        "source_full_path": e.source_full_path,
        "destination_full_path": e.destination_full_path,
        "destination_name": e.destination_slug,
        "destination_slug": e.destination_slug,
        "destination_namespace": e.destination_namespace,
        "parent_id": e.parent_id,
        "namespace_id": e.namespace_id,
        "project_id": e.project_id,
        "created_at": timestamp(e.created_ms),
        "updated_at": timestamp(e.updated_ms),
        "failures": e.failures.iter().map(failure).collect::<Vec<_>>(),
        "migrate_projects": e.migrate_projects,
        "migrate_memberships": e.migrate_memberships,
        "has_failures": e.has_failures,
        "stats": stats,
    })
}

/// `{"message": ...}`, as `render_api_error!` writes it (401, 403, 404, 422, 500).
pub fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

/// `{"error": ...}`, as Grape's validation errors are written (400).
pub fn error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "error": text }))).into_response()
}

pub fn unauthorized() -> Response {
    message(StatusCode::UNAUTHORIZED, "401 Unauthorized")
}

pub fn forbidden() -> Response {
    message(StatusCode::FORBIDDEN, "403 Forbidden")
}

pub fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "404 Not Found")
}

pub fn record_not_found() -> Response {
    message(StatusCode::NOT_FOUND, "404 Not found")
}

/// A `read_api` token on a write route.
pub fn insufficient_scope() -> Response {
    (
        StatusCode::FORBIDDEN,
        Json(json!({
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token.",
            "scope": "api"
        })),
    )
        .into_response()
}

/// The 429 body: `message` is an object.
pub fn rate_limited() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({"message": {"error": "This endpoint has been requested too many times. Try again later."}})),
    )
        .into_response()
}
