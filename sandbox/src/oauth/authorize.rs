//! `GET /oauth/authorize`: the consent page (the sandbox's user is always signed in as Olivia), and
//! `POST /oauth/authorize`: her answer, sent back to the application's redirect URI with the state.

use super::{redirect_uri_allowed, APPLICATION_NAME, CLIENT_ID};
use crate::world::OWNER_ID;
use crate::Shared;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use std::collections::HashMap;

type Params = HashMap<String, String>;

const DENIED: &str = "The resource owner or authorization server denied the request.";

fn escape(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} · GitLab sandbox</title></head>\
         <body><main><h1>{t}</h1>{body}</main></body></html>",
        t = escape(title)
    );
    (status, Html(html)).into_response()
}

/// Doorkeeper shows these on the page instead of redirecting: the client or its redirect URI is not trusted.
fn pre_auth_error(p: &Params) -> Option<Response> {
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("client_id") != CLIENT_ID {
        let text = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
        return Some(page(StatusCode::UNAUTHORIZED, "An error has occurred", &format!("<p>{text}</p>")));
    }
    if !redirect_uri_allowed(get("redirect_uri")) {
        return Some(page(
            StatusCode::BAD_REQUEST,
            "An error has occurred",
            "<p>The redirect URI included is not valid.</p>",
        ));
    }
    None
}

/// `redirect_uri` with `pairs` added to its query.
fn back_to(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    (StatusCode::FOUND, [(header::LOCATION, format!("{redirect_uri}{sep}{query}"))]).into_response()
}

/// Errors that go back to the application (RFC 6749 §4.1.2.1) once the redirect URI is trusted.
fn request_error(p: &Params) -> Option<(&'static str, &'static str)> {
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("response_type") != "code" {
        return Some(("unsupported_response_type", "The authorization server does not support this response type."));
    }
    if !get("scope").split(' ').filter(|s| !s.is_empty()).all(|s| s == "api") {
        return Some(("invalid_scope", "The requested scope is invalid, unknown, or malformed."));
    }
    if get("code_challenge").is_empty() || get("code_challenge_method") != "S256" {
        return Some(("invalid_request", "The code challenge is required, with the S256 method."));
    }
    None
}

pub(crate) async fn consent(State(s): State<Shared>, Query(p): Query<Params>) -> Response {
    if let Some(r) = pre_auth_error(&p) {
        return r;
    }
    let state = p.get("state").cloned().unwrap_or_default();
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if let Some((error, description)) = request_error(&p) {
        return back_to(&redirect_uri, &[("error", error), ("error_description", description), ("state", &state)]);
    }
    let user = s.world().user(OWNER_ID).map(|u| u.name.clone()).unwrap_or_default();
    let hidden: String =
        ["client_id", "redirect_uri", "state", "response_type", "scope", "code_challenge", "code_challenge_method"]
            .iter()
            .map(|k| {
                let v = p.get(*k).map(String::as_str).unwrap_or("");
                format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", escape(v))
            })
            .collect();
    let body = format!(
        "<p>Signed in as <strong data-testid=\"oauth-user\">{user}</strong>.</p>\
         <p>An application called <strong>{app}</strong> is requesting access to your GitLab account.</p>\
         <p>It asks for the scope <code>api</code>: complete read and write access to the API.</p>\
         <p>You will be sent back to <code>{redirect}</code>.</p>\
         <form method=\"post\" action=\"/oauth/authorize\">{hidden}\
         <button type=\"submit\" name=\"decision\" value=\"authorize\">Authorize</button> \
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
        user = escape(&user),
        app = escape(APPLICATION_NAME),
        redirect = escape(&redirect_uri),
    );
    page(StatusCode::OK, &format!("Authorize {APPLICATION_NAME} to use your account?"), &body)
}

pub(crate) async fn decide(State(s): State<Shared>, Form(p): Form<Params>) -> Response {
    if let Some(r) = pre_auth_error(&p) {
        return r;
    }
    let state = p.get("state").cloned().unwrap_or_default();
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if let Some((error, description)) = request_error(&p) {
        return back_to(&redirect_uri, &[("error", error), ("error_description", description), ("state", &state)]);
    }
    if p.get("decision").map(String::as_str) != Some("authorize") {
        return back_to(&redirect_uri, &[("error", "access_denied"), ("error_description", DENIED), ("state", &state)]);
    }
    let challenge = p.get("code_challenge").cloned().unwrap_or_default();
    let code = s.world().oauth.grant(&redirect_uri, &challenge);
    back_to(&redirect_uri, &[("code", &code), ("state", &state)])
}
