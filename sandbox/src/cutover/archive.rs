//! Archiving (`lib/api/projects.rb`, `lib/api/groups.rb`): `POST /projects/:id/archive|unarchive` (Owner,
//! `archive_project`) answers 201 with the project (`archived` set; presented without `user_can_admin_project`,
//! so no `import_error`); `POST /groups/:id/archive|unarchive` (Owner, `archive_group`; GitLab 18.9+, a 404
//! on an older instance, as a GitLab without the route) answers 201 with the group, 422 when it already is
//! (`Namespaces::Groups::{Archive,Unarchive}Service`). Archiving does not refuse settings writes: the
//! project policy's `archived` rule prevents pushes, issues, pipelines, packages... not
//! `admin_cicd_variables` or `admin_project` (`app/policies/project_policy.rb`, `ArchivedAbilities`).

use super::{group_view, project_json, version_at_least};
use crate::api::base_url;
use crate::settings::find;
use crate::world::settings::Instance;
use crate::world::*;
use crate::{entities, render, Shared};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};

/// The group archiving API's first generally available version (flag `archive_group` before).
const GROUP_ARCHIVE_GA: (u32, u32) = (18, 9);

fn project(s: Shared, instance: Instance, headers: HeaderMap, uri: Uri, raw: String, archive: bool) -> Response {
    let mut world = s.world();
    let t = match find(&world, &headers, instance, Kind::Project, &raw, true) {
        Ok(t) if t.level >= OWNER => t,
        Ok(_) => return render::forbidden(),
        Err(r) => return r,
    };
    world.move_settings.cutover.archived.insert(t.owner, archive);
    match project_json(&world, instance, t.owner.id, &base_url(&uri)) {
        Some(mut v) => {
            if let Some(m) = v.as_object_mut() {
                m.remove("import_error");
            }
            (StatusCode::CREATED, Json(v)).into_response()
        }
        None => render::message(StatusCode::NOT_FOUND, "404 Project Not Found"),
    }
}

fn group(s: Shared, instance: Instance, headers: HeaderMap, uri: Uri, raw: String, archive: bool) -> Response {
    let mut world = s.world();
    let version = match instance {
        Instance::Source => &world.settings.source_version,
        Instance::Destination => &world.settings.destination_version,
    };
    if !version_at_least(version, GROUP_ARCHIVE_GA) {
        return render::not_found();
    }
    let t = match find(&world, &headers, instance, Kind::Group, &raw, true) {
        Ok(t) if t.level >= OWNER => t,
        Ok(_) => return render::forbidden(),
        Err(r) => return r,
    };
    let base = base_url(&uri);
    let was = group_view(&world, instance, t.owner.id, &base).is_some_and(|g| g.archived);
    if was == archive {
        let text = if archive { "Group is already archived!" } else { "Group is already unarchived!" };
        return render::message(StatusCode::UNPROCESSABLE_ENTITY, text);
    }
    world.move_settings.cutover.archived.insert(t.owner, archive);
    match group_view(&world, instance, t.owner.id, &base) {
        Some(g) => (StatusCode::CREATED, Json(entities::group(&g))).into_response(),
        None => render::message(StatusCode::NOT_FOUND, "404 Group Not Found"),
    }
}

/// Which of the pair a route is: archive (`true`) or unarchive.
#[derive(Clone, Copy)]
struct Archive(bool);

/// `POST /projects/:id/archive|unarchive` and `POST /groups/:id/archive|unarchive`.
async fn route(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    Extension((kind, Archive(archive))): Extension<(Kind, Archive)>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
) -> Response {
    match kind {
        Kind::Project => project(s, instance, headers, uri, raw, archive),
        Kind::Group => group(s, instance, headers, uri, raw, archive),
    }
}

pub(crate) fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for (action, archive) in [("archive", true), ("unarchive", false)] {
        router = router
            .route(
                &format!("/projects/{{id}}/{action}"),
                post(route).layer(Extension((Kind::Project, Archive(archive)))),
            )
            .route(&format!("/groups/{{id}}/{action}"), post(route).layer(Extension((Kind::Group, Archive(archive)))));
    }
    router
}
