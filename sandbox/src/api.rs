//! What the handlers of both instances share: the token a request carries, a token's JSON, the query of
//! group and project lists, and paginated answers.

use crate::pagination::{paginate, PageParams};
use crate::world::Token;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub(crate) fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(t) = headers.get("private-token").and_then(|v| v.to_str().ok()) {
        return Some(t.trim().to_string());
    }
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

pub(crate) fn paged(items: Vec<Value>, params: &PageParams, uri: &Uri, keep: &[(&str, String)]) -> Response {
    let (slice, headers) = paginate(items, params, &format!("http://localhost/api/v4{}", uri.path()), keep);
    (headers, Json(Value::Array(slice))).into_response()
}

pub(crate) fn token_json(t: &Token, user_id: u64) -> Value {
    json!({"id": user_id * 10, "name": t.name, "revoked": false, "created_at": "2026-01-05T10:00:00.000Z",
        "scopes": t.scopes, "user_id": user_id, "active": true, "expires_at": "2027-01-05"})
}

/// The query of `GET /groups` on both instances and of `GET /projects` on the source.
#[derive(Deserialize, Default)]
pub(crate) struct GroupQuery {
    pub(crate) search: Option<String>,
    pub(crate) min_access_level: Option<String>,
    pub(crate) top_level_only: Option<String>,
    pub(crate) page: Option<String>,
    pub(crate) per_page: Option<String>,
    /// `statistics=true` on the source's `/projects`: each project's `statistics`.
    pub(crate) statistics: Option<String>,
}
