//! HTTP around the contributions area: `POST /api/graphql` (GitLab's controller-level answers around the
//! schema), `GET /api/v4/users?search=` for the assignee picker, and the control route that plays the
//! assignee and the worker for tests.

use super::model::{self, Outcome};
use super::schema;
use super::schema::{CallCount, Caller};
use super::seed::sync;
use super::users::{listed_users, user_matches, UserState};
use crate::api::{paged, token_of};
use crate::destination::authenticate;
use crate::pagination::PageParams;
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
    active: Option<String>,
    humans: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// `GET /users` (`lib/api/users.rb`): `search` (a part of the name or username, or the whole public email),
/// `active=true` leaves blocked users out, `humans=true` leaves bots out, offset pages with GitLab's
/// headers. A non-administrator gets `UserBasic` (`state`, `locked`; no `bot`, no `public_email`: the search
/// still matches a whole public email); an administrator also sees `public_email`, `bot` and `is_admin`. Placeholders are not listed.
pub(crate) async fn users(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(q): Query<UserSearch>,
) -> Response {
    let mut world = s.world();
    let caller = match authenticate(&world, &headers) {
        Ok((user, _)) => user,
        Err(r) => return r,
    };
    sync(&mut world);
    let flag = |v: &Option<String>| v.as_deref() == Some("true");
    let (active, humans) = (flag(&q.active), flag(&q.humans));
    let search = q.search.clone().unwrap_or_default();
    let rows: Vec<Value> = listed_users(&world)
        .into_iter()
        .filter(|u| user_matches(u, &search))
        .filter(|u| !active || u.state == UserState::Active)
        .filter(|u| !humans || !u.bot)
        .map(|u| {
            let state = if u.state == UserState::Active { "active" } else { "blocked" };
            let mut v = json!({"id": u.id, "username": u.username, "name": u.name,
                "state": state, "locked": false, "avatar_url": u.avatar_url, "web_url": u.web_url});
            if caller.is_admin {
                v["public_email"] = json!(u.public_email);
                v["bot"] = json!(u.bot);
                v["is_admin"] = json!(world.user(u.id).is_some_and(|x| x.is_admin));
            }
            v
        })
        .collect();
    let keep: Vec<(&str, String)> = [("search", &q.search), ("active", &q.active), ("humans", &q.humans)]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, query_escape(v))))
        .collect();
    let params = PageParams { page: q.page, per_page: q.per_page };
    paged(rows, &params, &uri, &keep)
}

fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize)]
pub(crate) struct ContribSettings {
    admin_bypass: Option<bool>,
}

/// `POST /-/sandbox/source-users/settings` `{"admin_bypass": true}`: GitLab's
/// `allow_bypass_placeholder_confirmation` (an administrator's reassign skips the assignee's approval).
pub(crate) async fn control_settings(State(s): State<Shared>, Json(body): Json<ContribSettings>) -> Response {
    let mut world = s.world();
    if let Some(on) = body.admin_bypass {
        world.contributions.admin_bypass = on;
    }
    Json(json!({"admin_bypass": world.contributions.admin_bypass})).into_response()
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
