//! Pipeline schedules and their variables (`lib/api/ci/pipeline_schedules.rb`,
//! `lib/api/entities/ci/{pipeline_schedule,pipeline_schedule_details,variable}.rb`,
//! `app/policies/ci/pipeline_schedule_policy.rb`): the list (`read_pipeline_schedule`, Reporter), one schedule
//! with its `variables` (only for whom `read_pipeline_schedule_variables` allows: Maintainer, or the schedule's
//! owner), and a variable created or updated (`set_pipeline_variables` and `update_pipeline_schedule`: the
//! schedule's owner, Developer or more, or an administrator).

use super::variable_model::{key_errors, required_key, value_and_type};
use super::{body, find, grape_errors, validation_error, Target};
use crate::api::paged;
use crate::pagination::PageParams;
use crate::world::settings::{Instance, Owner, Schedule, ScheduleVariable};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
}

/// The instance's web address, for `web_url`s.
pub(crate) fn base(world: &World, instance: Instance, uri: &Uri) -> String {
    match instance {
        Instance::Source => world.source_url.trim_end_matches('/').to_string(),
        Instance::Destination => crate::api::base_url(uri),
    }
}

fn owner_json(world: &World, id: u64, base: &str) -> Value {
    world.user(id).map(|u| crate::entities::user_basic(u, base)).unwrap_or(Value::Null)
}

/// `Entities::Ci::Variable` for a schedule variable: the model has no hidden, protected, masked, scope or
/// description, so the entity's `if:` leaves them out; `raw` is there (`Ci::RawVariable`).
pub fn render_variable(v: &ScheduleVariable) -> Value {
    json!({ "variable_type": v.variable_type, "key": v.key, "value": v.value, "raw": v.raw })
}

/// `Entities::Ci::PipelineSchedule`, and with `details` `PipelineScheduleDetails` (`last_pipeline`, and
/// `variables` when `with_variables`).
pub fn render_schedule(world: &World, s: &Schedule, base: &str, details: bool, with_variables: bool) -> Value {
    let created = render::timestamp(s.created_ms);
    let mut v = json!({
        "id": s.id,
        "description": s.description,
        "ref": s.git_ref,
        "cron": s.cron,
        "cron_timezone": s.cron_timezone,
        "next_run_at": render::timestamp(world.now_ms + 3_600_000),
        "active": s.active,
        "created_at": created,
        "updated_at": created,
        "owner": owner_json(world, s.owner_id, base),
        "inputs": [],
    });
    if details {
        v["last_pipeline"] = Value::Null;
        if with_variables {
            v["variables"] = Value::Array(s.variables.iter().map(render_variable).collect());
        }
    }
    v
}

/// The project (Reporter or more: `read_pipeline_schedule`, else GitLab's 403).
fn project(world: &World, headers: &HeaderMap, instance: Instance, raw: &str, write: bool) -> Result<Target, Response> {
    let target = find(world, headers, instance, Kind::Project, raw, write)?;
    if target.level < REPORTER {
        return Err(render::forbidden());
    }
    Ok(target)
}

/// The `pipeline_schedule` helper: 404 "Pipeline Schedule" when it is not this project's.
fn schedule_index(world: &World, owner: &Owner, id: &str) -> Result<usize, Response> {
    let list = world.move_settings.schedules.get(owner).map(Vec::as_slice).unwrap_or(&[]);
    id.parse::<u64>()
        .ok()
        .and_then(|id| list.iter().position(|s| s.id == id))
        .ok_or_else(|| render::message(StatusCode::NOT_FOUND, "404 Pipeline Schedule Not Found"))
}

/// `read_pipeline_schedule_variables`: `admin_pipeline` (Maintainer) or the owner with `update_build`.
fn reads_variables(t: &Target, s: &Schedule) -> bool {
    t.level >= MAINTAINER || (s.owner_id == t.user_id && t.level >= DEVELOPER)
}

type Id = Extension<Instance>;

/// `GET /projects/:id/pipeline_schedules`, paginated.
pub(crate) async fn list(
    State(s): State<Shared>,
    Extension(instance): Id,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    let t = match project(&world, &headers, instance, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let b = base(&world, instance, &uri);
    let rows: Vec<Value> = world
        .move_settings
        .schedules
        .get(&t.owner)
        .map(|l| l.iter().map(|s| render_schedule(&world, s, &b, false, false)).collect())
        .unwrap_or_default();
    paged(rows, &PageParams { page: q.page, per_page: q.per_page }, &uri, &[])
}

/// `GET /projects/:id/pipeline_schedules/:pipeline_schedule_id`.
pub(crate) async fn show(
    State(s): State<Shared>,
    Extension(instance): Id,
    headers: HeaderMap,
    uri: Uri,
    Path((raw, id)): Path<(String, String)>,
) -> Response {
    let world = s.world();
    let t = match project(&world, &headers, instance, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let i = match schedule_index(&world, &t.owner, &id) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let sched = &world.move_settings.schedules[&t.owner][i];
    let b = base(&world, instance, &uri);
    Json(render_schedule(&world, sched, &b, true, reads_variables(&t, sched))).into_response()
}

/// The checks of a variable write: the project, the schedule, then `set_pipeline_variables` (Maintainer
/// here) and `update_pipeline_schedule` (the schedule's owner with Developer or more, or an administrator).
fn writable(
    world: &World,
    headers: &HeaderMap,
    instance: Instance,
    raw: &str,
    id: &str,
) -> Result<(Owner, usize), Response> {
    let t = project(world, headers, instance, raw, true)?;
    let i = schedule_index(world, &t.owner, id)?;
    let sched = &world.move_settings.schedules[&t.owner][i];
    let admin = world.user(t.user_id).is_some_and(|u| u.is_admin);
    if t.level < MAINTAINER || !(admin || (sched.owner_id == t.user_id && t.level >= DEVELOPER)) {
        return Err(render::forbidden());
    }
    Ok((t.owner, i))
}

/// Key and type as `Ci::HasVariable` checks them (`has_variable.rb`), and the key's uniqueness per schedule.
fn validate(v: &ScheduleVariable, others: &[ScheduleVariable]) -> Result<(), Response> {
    let mut errors = key_errors(&v.key);
    if others.iter().any(|o| o.key == v.key) {
        errors.push(("key", "has already been taken".to_string()));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(validation_error(errors))
    }
}

/// `POST /projects/:id/pipeline_schedules/:pipeline_schedule_id/variables`: 201 with the variable.
pub(crate) async fn create_variable(
    State(s): State<Shared>,
    Extension(instance): Id,
    headers: HeaderMap,
    Path((raw, id)): Path<(String, String)>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let (owner, i) = match writable(&world, &headers, instance, &raw, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Vec::new();
    let key = required_key(&p, &mut errors);
    let mut v = ScheduleVariable {
        key: key.unwrap_or_default(),
        value: String::new(),
        variable_type: "env_var".into(),
        raw: false,
    };
    value_and_type(&p, &mut v.value, &mut v.variable_type, &mut errors);
    if let Err(r) = grape_errors(errors) {
        return r;
    }
    let Some(sched) = world.move_settings.schedules.get_mut(&owner).and_then(|l| l.get_mut(i)) else {
        return render::not_found();
    };
    if let Err(r) = validate(&v, &sched.variables) {
        return r;
    }
    let answer = render_variable(&v);
    sched.variables.push(v);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// `PUT /projects/:id/pipeline_schedules/:pipeline_schedule_id/variables/:key`: 404 "Pipeline Schedule
/// Variable" when the key is not there.
pub(crate) async fn update_variable(
    State(s): State<Shared>,
    Extension(instance): Id,
    headers: HeaderMap,
    Path((raw, id, key)): Path<(String, String, String)>,
    bytes: axum::body::Bytes,
) -> Response {
    let mut world = s.world();
    let (owner, i) = match writable(&world, &headers, instance, &raw, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = match body(&headers, &bytes) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(sched) = world.move_settings.schedules.get_mut(&owner).and_then(|l| l.get_mut(i)) else {
        return render::not_found();
    };
    let Some(slot) = sched.variables.iter_mut().find(|v| v.key == key) else {
        return render::message(StatusCode::NOT_FOUND, "404 Pipeline Schedule Variable Not Found");
    };
    let mut errors = Vec::new();
    let mut v = slot.clone();
    value_and_type(&p, &mut v.value, &mut v.variable_type, &mut errors);
    if let Err(r) = grape_errors(errors) {
        return r;
    }
    *slot = v.clone();
    Json(render_variable(&v)).into_response()
}

pub(crate) fn routes() -> Router<Shared> {
    let base = "/projects/{id}/pipeline_schedules";
    Router::new()
        .route(base, get(list))
        .route(&format!("{base}/{{schedule_id}}"), get(show))
        .route(&format!("{base}/{{schedule_id}}/variables"), post(create_variable))
        .route(&format!("{base}/{{schedule_id}}/variables/{{key}}"), put(update_variable))
}
