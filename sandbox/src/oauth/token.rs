//! `POST /oauth/token` (authorization_code and refresh_token grants) and `POST /oauth/revoke`, answered
//! as Doorkeeper answers them: RFC 6749 error bodies, `no-store`, and CORS for any origin.

use super::{TokenError, TokenSet, CLIENT_ID};
use crate::Shared;
use axum::extract::State;
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;
use std::collections::HashMap;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// GitLab's `Rack::Cors` for `/oauth/token` and `/oauth/revoke`: any origin, POST, the `Authorization`
/// header, no credentials.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::POST])
        .allow_headers([HeaderName::from_static("authorization")])
}

type Params = Form<HashMap<String, String>>;

impl TokenError {
    pub fn status(self) -> StatusCode {
        match self {
            TokenError::InvalidClient => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TokenError::InvalidRequest(_) => "invalid_request",
            TokenError::InvalidClient => "invalid_client",
            TokenError::InvalidGrant => "invalid_grant",
            TokenError::UnsupportedGrantType => "unsupported_grant_type",
        }
    }

    pub fn description(self) -> String {
        match self {
            TokenError::InvalidRequest(param) => format!("Missing required parameter: {param}."),
            TokenError::InvalidClient => "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.".into(),
            TokenError::InvalidGrant => "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.".into(),
            TokenError::UnsupportedGrantType => "The authorization grant type is not supported by the authorization server.".into(),
        }
    }
}

fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], Json(body)).into_response()
}

fn refused(e: TokenError) -> Response {
    no_store(e.status(), json!({"error": e.code(), "error_description": e.description()}))
}

fn param<'a>(p: &'a HashMap<String, String>, name: &'static str) -> Result<&'a str, TokenError> {
    p.get(name).map(String::as_str).filter(|v| !v.is_empty()).ok_or(TokenError::InvalidRequest(name))
}

pub(crate) async fn token(State(s): State<Shared>, Form(p): Params) -> Response {
    let mut world = s.world();
    let result = (|| {
        let grant_type = param(&p, "grant_type")?;
        if !matches!(grant_type, "authorization_code" | "refresh_token") {
            return Err(TokenError::UnsupportedGrantType);
        }
        if param(&p, "client_id")? != CLIENT_ID {
            return Err(TokenError::InvalidClient);
        }
        if grant_type == "refresh_token" {
            return world.oauth.refresh(param(&p, "refresh_token")?);
        }
        let (code, redirect_uri) = (param(&p, "code")?, param(&p, "redirect_uri")?);
        let verifier = param(&p, "code_verifier").map_err(|_| TokenError::InvalidGrant)?;
        world.oauth.exchange(code, redirect_uri, verifier)
    })();
    match result {
        Ok(TokenSet { access_token, refresh_token, expires_in, scope }) => {
            let created_at =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            no_store(
                StatusCode::OK,
                json!({"access_token": access_token, "token_type": "Bearer", "expires_in": expires_in,
                    "refresh_token": refresh_token, "scope": scope, "created_at": created_at}),
            )
        }
        Err(e) => refused(e),
    }
}

/// RFC 7009 as Doorkeeper does it for a public application: 200 `{}` whether or not the token existed.
pub(crate) async fn revoke(State(s): State<Shared>, Form(p): Params) -> Response {
    let token = match param(&p, "token") {
        Ok(t) => t,
        Err(e) => return refused(e),
    };
    s.world().oauth.revoke(token);
    no_store(StatusCode::OK, json!({}))
}
