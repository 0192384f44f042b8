//! HTTP around the contributions area: `POST /api/graphql` (GitLab's controller-level answers around the
//! schema), `GET /api/v4/users?search=` for the assignee picker, and the control route that plays the
//! assignee and the worker for tests.

use super::model::{self, Outcome};
use super::schema;
use super::schema::{CallCount, Caller};
use super::seed::sync;
use crate::api::token_of;
use crate::destination::authenticate;
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// GitLab's `GraphqlController` refuses query texts over this many characters.
pub const MAX_QUERY_CHARS: usize = 10_000;

fn gql_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"errors": [{"message": message}]}))).into_response()
}

pub(crate) async fn graphql(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let caller = {
        let world = s.world();
        match token_of(&headers) {
            None => Caller { user_id: None, can_write: false },
            // A personal token, or an OAuth access token (Bearer) as on `/api/v4`.
            Some(t) => match world.tokens.get(t.as_str()).cloned().map(Ok).unwrap_or_else(|| world.oauth.check(&t)) {
                Ok(token) => Caller { user_id: Some(token.user_id), can_write: token.has_api() },
                Err(_) => return gql_error(StatusCode::UNAUTHORIZED, "Invalid token"),
            },
        }
    };
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return gql_error(StatusCode::BAD_REQUEST, "Unexpected end of document");
    };
    let query = body.get("query").and_then(Value::as_str).unwrap_or_default().to_string();
    if query.chars().count() > MAX_QUERY_CHARS {
        return gql_error(StatusCode::UNPROCESSABLE_ENTITY, "Query too large");
    }
    let mut request = async_graphql::Request::new(query).data(s.clone()).data(caller).data(CallCount::default());
    if let Some(vars) = body.get("variables").filter(|v| v.is_object()) {
        request = request.variables(async_graphql::Variables::from_json(vars.clone()));
    }
    if let Some(name) = body.get("operationName").and_then(Value::as_str) {
        request = request.operation_name(name);
    }
    let response = schema().execute(request).await;
    Json(serde_json::to_value(&response).unwrap_or(Value::Null)).into_response()
}

#[derive(Deserialize, Default)]
pub(crate) struct UserSearch {
    search: Option<String>,
}

/// `GET /users?search=`: every destination user matching by name, username or public email, with `state`
/// and `bot` as GitLab sends them (the picker offers active humans only). Placeholders are not listed.
pub(crate) async fn users(State(s): State<Shared>, headers: HeaderMap, Query(q): Query<UserSearch>) -> Response {
    let mut world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    sync(&mut world);
    let needle = q.search.unwrap_or_default().to_lowercase();
    let hit = |parts: &[&str]| needle.is_empty() || parts.iter().any(|p| p.to_lowercase().contains(&needle));
    let mut out: Vec<Value> = world
        .users
        .iter()
        .filter(|u| hit(&[&u.username, &u.name]))
        .map(|u| {
            json!({"id": u.id, "username": u.username, "name": u.name, "state": "active", "bot": false,
                "avatar_url": null, "web_url": format!("http://localhost/{}", u.username), "public_email": null})
        })
        .collect();
    out.extend(
        world
            .contributions
            .people
            .iter()
            .filter(|p| !p.placeholder && hit(&[&p.username, &p.name, p.public_email.as_deref().unwrap_or("")]))
            .map(|p| {
                json!({"id": p.id, "username": p.username, "name": p.name,
                "state": if p.active { "active" } else { "blocked" }, "bot": p.bot, "avatar_url": p.avatar_url,
                "web_url": format!("http://localhost/{}", p.username), "public_email": p.public_email})
            }),
    );
    out.truncate(20);
    Json(Value::Array(out)).into_response()
}

/// `POST /-/sandbox/source-users/{id}/{accept|reject|fail|complete}`: the assignee's or the worker's move.
pub(crate) async fn control_source_user(State(s): State<Shared>, Path((id, action)): Path<(u64, String)>) -> Response {
    let outcome = match action.as_str() {
        "accept" => Outcome::Accept,
        "reject" => Outcome::Reject,
        "fail" => Outcome::Fail,
        "complete" => Outcome::Complete,
        _ => return (StatusCode::BAD_REQUEST, Json(json!({"message": "unknown action"}))).into_response(),
    };
    let mut world = s.world();
    sync(&mut world);
    match model::settle(&mut world, id, outcome) {
        Ok(()) => {
            let u = world.contributions.get(id).map(|u| format!("{:?}", u.status));
            Json(json!({"id": id, "status": u})).into_response()
        }
        Err(text) => (StatusCode::CONFLICT, Json(json!({"message": text}))).into_response(),
    }
}

/// `GET /-/sandbox/source-users`: every source user with its id and status (tests find their rows here).
pub(crate) async fn control_list(State(s): State<Shared>) -> Response {
    let mut world = s.world();
    sync(&mut world);
    let rows: Vec<Value> = world
        .contributions
        .source_users
        .iter()
        .map(|u| {
            json!({"id": u.id, "namespace_id": u.namespace_id, "username": u.username, "name": u.name,
            "identifier": u.identifier, "hostname": u.hostname,
            "status": format!("{:?}", u.status), "reassign_to": u.reassign_to})
        })
        .collect();
    Json(Value::Array(rows)).into_response()
}

#[derive(Deserialize)]
pub(crate) struct SeedMany {
    group: String,
    count: usize,
}

/// `POST /-/sandbox/source-users/seed` `{"group": "migrated", "count": 200}`: more pending source users and
/// as many assignable users (sheet and scale tests).
pub(crate) async fn control_seed(State(s): State<Shared>, Json(body): Json<SeedMany>) -> Response {
    let mut world = s.world();
    let total = super::seed::seed_many(&mut world, &body.group, body.count.min(20_000));
    Json(json!({"group": body.group, "source_users": total})).into_response()
}
