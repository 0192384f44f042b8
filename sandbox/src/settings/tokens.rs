//! What cannot move because its secret cannot be read: deploy tokens of groups and projects
//! (`lib/api/deploy_tokens.rb`, `lib/api/entities/deploy_token.rb`: the token is never exposed) and a project's
//! pipeline triggers (`lib/api/ci/triggers.rb`, `lib/api/entities/trigger.rb` with
//! `app/presenters/ci/trigger_presenter.rb`: the full token only for whom `admin_trigger` allows, its owner;
//! anyone else gets `short_token`, its first four characters after the `glptt-` prefix).

use super::{find, find_admin, Target};
use crate::api::paged;
use crate::pagination::PageParams;
use crate::world::settings::{DeployToken, Instance, Trigger};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// The prefix of a trigger token (`Ci::Trigger::TRIGGER_TOKEN_PREFIX`).
pub const TRIGGER_PREFIX: &str = "glptt-";

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
}

/// `Entities::DeployToken` (no `token`: "exposing :token is a security risk").
pub fn render_deploy_token(t: &DeployToken) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "username": t.username,
        "expires_at": t.expires_at,
        "scopes": t.scopes,
        "revoked": t.revoked,
        "expired": t.expired,
    })
}

/// `Entities::Trigger` through `Ci::TriggerPresenter`: the token in full for its owner, else `short_token`.
pub fn render_trigger(world: &World, t: &Trigger, caller: u64, base: &str) -> Value {
    let token = if t.owner_id == caller {
        t.token.clone()
    } else {
        t.token.strip_prefix(TRIGGER_PREFIX).unwrap_or(&t.token).chars().take(4).collect()
    };
    json!({
        "id": t.id,
        "token": token,
        "description": t.description,
        "created_at": render::timestamp(t.created_ms),
        "updated_at": render::timestamp(t.created_ms),
        "last_used": t.last_used_ms.map(render::timestamp),
        "expires_at": t.expires_at,
        "owner": world.user(t.owner_id).map(|u| crate::entities::user_basic(u, base)),
    })
}

/// `GET /projects/:id/deploy_tokens` and `GET /groups/:id/deploy_tokens` (Maintainer), paginated.
pub(crate) async fn deploy_tokens(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    // `read_deploy_token`: Maintainer on a project and on a group alike (`app/policies/group_policy.rb`).
    let Target { owner, level, .. } = match find(&world, &headers, instance, kind, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if level < MAINTAINER {
        return render::forbidden();
    }
    let rows = world.move_settings.deploy_tokens.get(&owner).map(|l| l.iter().map(render_deploy_token).collect());
    paged(rows.unwrap_or_default(), &PageParams { page: q.page, per_page: q.per_page }, &uri, &[])
}

/// `GET /projects/:id/triggers` (`admin_build`: Maintainer), paginated.
pub(crate) async fn triggers(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let world = s.world();
    let Target { owner, user_id, .. } = match find_admin(&world, &headers, instance, Kind::Project, &raw, false) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let base = super::schedules::base(&world, instance, &uri);
    let rows: Vec<Value> = world
        .move_settings
        .triggers
        .get(&owner)
        .map(|l| l.iter().map(|t| render_trigger(&world, t, user_id, &base)).collect())
        .unwrap_or_default();
    paged(rows, &PageParams { page: q.page, per_page: q.per_page }, &uri, &[])
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/groups/{id}/deploy_tokens", get(deploy_tokens).layer(Extension(Kind::Group)))
        .route("/projects/{id}/deploy_tokens", get(deploy_tokens).layer(Extension(Kind::Project)))
        .route("/projects/{id}/triggers", get(triggers))
}
