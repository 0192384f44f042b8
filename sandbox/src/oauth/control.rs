//! `POST /-/sandbox/oauth`: lifetimes for tests, and whether the console's `config.json` names the
//! sandbox's application (only the suite that asks for it sees "Sign in with GitLab").

use super::CLIENT_ID;
use crate::Shared;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

#[derive(Deserialize)]
pub(crate) struct OAuthSettings {
    access_token_lifetime_s: Option<u64>,
    code_lifetime_s: Option<u64>,
    /// `config.json` gains `"oauth_application_id": "sandbox-console"`.
    config_application: Option<bool>,
    /// Every access token issued so far expires now.
    #[serde(default)]
    expire_access_tokens: bool,
}

pub(crate) async fn settings(State(s): State<Shared>, Json(p): Json<OAuthSettings>) -> Response {
    let mut world = s.world();
    if let Some(v) = p.access_token_lifetime_s {
        world.oauth.access_lifetime = Duration::from_secs(v);
    }
    if let Some(v) = p.code_lifetime_s {
        world.oauth.code_lifetime = Duration::from_secs(v);
    }
    if let Some(v) = p.config_application {
        world.oauth.config_application = v;
    }
    if p.expire_access_tokens {
        world.oauth.expire_all();
    }
    StatusCode::NO_CONTENT.into_response()
}

/// In front of the console's files: when asked, `/config.json` is the deployed one (or `{}`) with the
/// application id added. Otherwise the request goes on untouched.
pub(crate) async fn config_json(State(s): State<Shared>, request: Request, next: Next) -> Response {
    let wanted = request.uri().path() == "/config.json" && s.world().oauth.config_application;
    if !wanted {
        return next.run(request).await;
    }
    let deployed = match s.dist.as_ref().map(|d| d.join("config.json")) {
        Some(path) => tokio::fs::read_to_string(path).await.unwrap_or_default(),
        None => String::new(),
    };
    let mut config: Value = serde_json::from_str(&deployed).unwrap_or_else(|_| Value::Object(Default::default()));
    if let Value::Object(map) = &mut config {
        map.insert("oauth_application_id".into(), Value::String(CLIENT_ID.into()));
    }
    let body = Body::from(config.to_string());
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], body)
        .into_response()
}
