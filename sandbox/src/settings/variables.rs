//! CI/CD variables of projects and groups (`lib/api/ci/variables.rb`, `lib/api/group_variables.rb`,
//! `lib/api/helpers/variables_helpers.rb`, `app/models/concerns/ci/{has_variable,maskable,hidable_variable}.rb`):
//! list, one by key (`filter[environment_scope]` picks among several), create, update, delete. A hidden
//! variable's value is never read back (`value: null`).

use super::variable_model::{apply, render, required_key, validate};
use super::{body, boolean, find_admin, grape_errors, validation_error, Target};
use crate::api::paged;
use crate::pagination::PageParams;
use crate::world::settings::{Instance, Variable};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(crate) struct VariableQuery {
    page: Option<String>,
    per_page: Option<String>,
    #[serde(rename = "filter[environment_scope]")]
    environment_scope: Option<String>,
}

fn not_found(kind: Kind) -> Response {
    let what = if kind == Kind::Group { "GroupVariable" } else { "Variable" };
    render::message(StatusCode::NOT_FOUND, &format!("404 {what} Not Found"))
}

/// `find_variable`: the one variable with `key` (and the filter's scope), 404, or GitLab's 409.
fn position(list: &[Variable], kind: Kind, key: &str, scope: Option<&str>) -> Result<usize, Response> {
    let matches: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].key == key && scope.is_none_or(|s| list[i].environment_scope == s))
        .collect();
    match matches.as_slice() {
        [] => Err(not_found(kind)),
        [one] => Ok(*one),
        _ => Err(render::message(
            StatusCode::CONFLICT,
            "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'",
        )),
    }
}

type Id = Extension<Instance>;

/// `GET /:kind/:id/variables`, paginated.
pub(crate) async fn list(
    State(s): State<Shared>,
    Extension(instance): Id,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<VariableQuery>,
) -> Response {
    let world = s.world();
    let target = match find_admin(&world, &headers, instance, kind, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let rows = world.move_settings.variables.get(&target.owner).map(|l| l.iter().map(render).collect());
    paged(rows.unwrap_or_default(), &PageParams { page: q.page, per_page: q.per_page }, &uri, &[])
}

/// `GET /:kind/:id/variables/:key`.
pub(crate) async fn show(
    State(s): State<Shared>,
    Extension(instance): Id,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    Path((raw, key)): Path<(String, String)>,
    Query(q): Query<VariableQuery>,
) -> Response {
    let world = s.world();
    let target = match find_admin(&world, &headers, instance, kind, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let list = world.move_settings.variables.get(&target.owner).cloned().unwrap_or_default();
    match position(&list, kind, &key, q.environment_scope.as_deref()) {
        Ok(i) => Json(render(&list[i])).into_response(),
        Err(r) => r,
    }
}

/// `POST /:kind/:id/variables`: `masked_and_hidden` (POST only) hides and masks; 201.
pub(crate) async fn create(
    State(s): State<Shared>,
    Extension(instance): Id,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let Target { owner, .. } = match find_admin(&world, &headers, instance, kind, &raw, true) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Vec::new();
    let key = required_key(&p, &mut errors);
    let mut v = Variable {
        id: 0,
        key: key.unwrap_or_default(),
        value: String::new(),
        variable_type: "env_var".into(),
        hidden: false,
        protected: false,
        masked: false,
        raw: false,
        environment_scope: "*".into(),
        description: None,
    };
    apply(&mut v, &p, &mut errors);
    // The project API types `masked_and_hidden` as Boolean; the group API as String, which the service
    // tests for truthiness, so any value given there hides the variable.
    match p.get("masked_and_hidden").filter(|x| !x.is_null()) {
        Some(x) if kind == Kind::Group => v.hidden = !x.is_null(),
        Some(x) => match boolean(x) {
            Ok(b) => v.hidden = b,
            Err(()) => errors.push("masked_and_hidden is invalid".into()),
        },
        None => {}
    }
    if v.hidden {
        v.masked = true;
    }
    if let Err(r) = grape_errors(errors) {
        return r;
    }
    let others = world.move_settings.variables.get(&owner).cloned().unwrap_or_default();
    if let Err(r) = validate(&v, &others) {
        return r;
    }
    v.id = world.move_settings.fresh_id();
    let answer = render(&v);
    world.move_settings.variables.entry(owner).or_default().push(v);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// `PUT /:kind/:id/variables/:key[?filter[environment_scope]=…]` (no `masked_and_hidden`).
pub(crate) async fn update(
    State(s): State<Shared>,
    Extension(instance): Id,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    Path((raw, key)): Path<(String, String)>,
    Query(q): Query<VariableQuery>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let Target { owner, .. } = match find_admin(&world, &headers, instance, kind, &raw, true) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let list = world.move_settings.variables.get(&owner).cloned().unwrap_or_default();
    let i = match position(&list, kind, &key, q.environment_scope.as_deref()) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let before = list[i].clone();
    let mut v = before.clone();
    let mut errors = Vec::new();
    apply(&mut v, &p, &mut errors);
    if let Err(r) = grape_errors(errors) {
        return r;
    }
    // `Ci::HidableVariable` on update: a hidden variable keeps its visibility.
    if before.hidden && v.masked != before.masked {
        return validation_error(vec![(
            "base",
            "The visibility setting cannot be changed for masked and hidden variables.".into(),
        )]);
    }
    let others: Vec<Variable> = list.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, o)| o.clone()).collect();
    if let Err(r) = validate(&v, &others) {
        return r;
    }
    let answer = render(&v);
    if let Some(slot) = world.move_settings.variables.get_mut(&owner).and_then(|l| l.get_mut(i)) {
        *slot = v;
    }
    Json(answer).into_response()
}

/// `DELETE /:kind/:id/variables/:key[?filter[environment_scope]=…]`: 204.
pub(crate) async fn destroy(
    State(s): State<Shared>,
    Extension(instance): Id,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    Path((raw, key)): Path<(String, String)>,
    Query(q): Query<VariableQuery>,
) -> Response {
    let mut world = s.world();
    let Target { owner, .. } = match find_admin(&world, &headers, instance, kind, &raw, true) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let list = world.move_settings.variables.entry(owner).or_default();
    match position(list, kind, &key, q.environment_scope.as_deref()) {
        Ok(i) => {
            list.remove(i);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}

pub(crate) fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for kind in [Kind::Group, Kind::Project] {
        let base = if kind == Kind::Group { "/groups/{id}" } else { "/projects/{id}" };
        router = router
            .route(&format!("{base}/variables"), get(list).post(create).layer(Extension(kind)))
            .route(&format!("{base}/variables/{{key}}"), get(show).put(update).delete(destroy).layer(Extension(kind)));
    }
    router
}
