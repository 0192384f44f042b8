//! What the handlers of both instances share: the token a request carries, a token's JSON, the query of
//! group and project lists, and paginated answers.

use crate::pagination::{paginate, PageParams};
use crate::render;
use crate::world::Token;
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::Next;
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

/// Puts the URL the client used (scheme and `Host`) into the request's URI, as Rails' `request.url` knows
/// it, so that `Link` headers and this instance's `web_url`s point where the client came from. An
/// `X-Forwarded-Proto` of `https` is honoured, as behind GitLab's own proxy. Without a `Host` the URI stays
/// relative (and so do the links built from it).
pub(crate) async fn absolute_uri(mut req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string);
    let scheme = match req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    if let (Some(host), None) = (host, req.uri().authority()) {
        let path = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
        if let Ok(uri) = Uri::builder().scheme(scheme).authority(host.as_str()).path_and_query(path).build() {
            *req.uri_mut() = uri;
        }
    }
    next.run(req).await
}

/// `scheme://host[:port]` the client used, or "" when the request named no host (links then stay relative).
pub fn base_url(uri: &Uri) -> String {
    match (uri.scheme_str(), uri.authority()) {
        (Some(scheme), Some(authority)) => format!("{scheme}://{authority}"),
        _ => String::new(),
    }
}

/// One page of `items` with GitLab's paging headers, or Grape's 400 for a bad `page`/`per_page`.
pub(crate) fn paged(items: Vec<Value>, params: &PageParams, uri: &Uri, keep: &[(&str, String)]) -> Response {
    paged_map(items, params, uri, keep, |v| v)
}

/// [`paged`], rendering only the rows of the page asked for.
pub(crate) fn paged_map<T>(
    items: Vec<T>,
    params: &PageParams,
    uri: &Uri,
    keep: &[(&str, String)],
    render_row: impl Fn(T) -> Value,
) -> Response {
    if let Err(message) = crate::pagination::check(params) {
        return render::error(StatusCode::BAD_REQUEST, &message);
    }
    let base = format!("{}/api/v4{}", base_url(uri), uri.path());
    let (slice, headers) = paginate(items, params, &base, keep);
    (headers, Json(Value::Array(slice.into_iter().map(render_row).collect()))).into_response()
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
    pub(crate) order_by: Option<String>,
    pub(crate) sort: Option<String>,
    /// `simple=true` on project lists: `BasicProjectDetails`.
    pub(crate) simple: Option<String>,
    /// `include_subgroups=true` on `/groups/:id/projects`.
    pub(crate) include_subgroups: Option<String>,
    /// `with_projects=false` on `/groups/:id` leaves out `projects` and `shared_projects`.
    pub(crate) with_projects: Option<String>,
}

impl GroupQuery {
    pub(crate) fn page_params(&self) -> PageParams {
        PageParams { page: self.page.clone(), per_page: self.per_page.clone() }
    }

    /// The other parameters a `Link` header repeats.
    pub(crate) fn keep(&self) -> Vec<(&'static str, String)> {
        let pairs = [
            ("search", &self.search),
            ("min_access_level", &self.min_access_level),
            ("top_level_only", &self.top_level_only),
            ("statistics", &self.statistics),
            ("order_by", &self.order_by),
            ("sort", &self.sort),
            ("simple", &self.simple),
            ("include_subgroups", &self.include_subgroups),
        ];
        pairs.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, crate::pagination::encode(v)))).collect()
    }
}

/// Grape's Boolean: `true`/`1` (and `t`, `yes`, `on`) are true.
pub(crate) fn flag(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "t" | "yes" | "on"))
}
