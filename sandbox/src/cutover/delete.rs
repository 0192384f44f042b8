//! Deleting a failed copy on the destination (`lib/api/projects.rb`, `lib/api/groups.rb` with EE's
//! `delete_group`, `app/services/{projects,groups}/mark_for_deletion_service.rb`). Delayed deletion is on for
//! every tier since 18.0: `DELETE /projects/:id` or `/groups/:id` (Owner: `remove_project`/`remove_group`)
//! marks it and renames it `<name>-deletion_scheduled-<id>` / `<path>-deletion_scheduled-<id>` (a project is
//! archived too), which frees the original path; `?permanently_remove=true&full_path=<its current full
//! path>` then removes it for good (subgroups only, for groups), with all it holds. 202 `"202 Accepted"`;
//! GitLab's 400 texts otherwise.

use crate::destination::catalog;
use crate::settings::find;
use crate::world::cutover::Mark;
use crate::world::settings::{Instance, Owner};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::delete;
use axum::{Extension, Router};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(crate) struct DeleteQuery {
    permanently_remove: Option<String>,
    full_path: Option<String>,
}

/// `Gitlab::Utils.to_boolean`: anything but a true word is no.
fn to_boolean(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| matches!(s.to_ascii_lowercase().as_str(), "true" | "t" | "yes" | "y" | "1" | "on"))
}

fn accepted() -> Response {
    render::message(StatusCode::ACCEPTED, "202 Accepted")
}

fn bad_request(text: &str) -> Response {
    render::message(StatusCode::BAD_REQUEST, text)
}

/// What a group or project is now: its name and full path, and whether a group is a subgroup.
struct Current {
    name: String,
    full_path: String,
    is_subgroup: bool,
}

fn current(world: &World, owner: Owner) -> Option<Current> {
    match owner.kind {
        Kind::Group => catalog::groups(world, "").into_iter().find(|g| g.view.id == owner.id).map(|g| Current {
            name: g.view.name,
            is_subgroup: g.view.full_path.contains('/'),
            full_path: g.view.full_path,
        }),
        Kind::Project => catalog::projects(world, "").into_iter().find(|p| p.view.id == owner.id).map(|p| Current {
            name: p.view.name,
            full_path: p.view.full_path,
            is_subgroup: false,
        }),
    }
}

/// Moves `from` and every path below it to `to` in the destination's taken paths (`None`: frees them).
fn move_paths(world: &mut World, from: &str, to: Option<&str>) {
    let from = from.to_ascii_lowercase();
    let below = format!("{from}/");
    let moved: Vec<String> =
        world.dest_paths.iter().filter(|p| **p == from || p.starts_with(&below)).cloned().collect();
    for p in moved {
        world.dest_paths.remove(&p);
        if let Some(to) = to {
            world.dest_paths.insert(format!("{}{}", to.to_ascii_lowercase(), p.get(from.len()..).unwrap_or_default()));
        }
    }
}

fn mark(world: &mut World, owner: Owner, now: Current) {
    let suffix = format!("-deletion_scheduled-{}", owner.id);
    let full_path = format!("{}{suffix}", now.full_path);
    move_paths(world, &now.full_path, Some(&full_path));
    let at_ms = world.now_ms;
    let m = Mark { at_ms, original_full_path: now.full_path, full_path, name: format!("{}{suffix}", now.name) };
    let cutover = &mut world.move_settings.cutover;
    cutover.marked.insert(owner, m);
    if owner.kind == Kind::Project {
        cutover.archived.insert(owner, true);
    }
}

fn remove(world: &mut World, owner: Owner, now: Current) {
    move_paths(world, &now.full_path, None);
    world.move_settings.cutover.removed.insert(owner, now.full_path);
}

/// `DELETE /projects/:id` and `DELETE /groups/:id` on the destination.
async fn destroy(
    State(s): State<Shared>,
    Extension(kind): Extension<Kind>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<DeleteQuery>,
) -> Response {
    let mut world = s.world();
    let t = match find(&world, &headers, Instance::Destination, kind, &raw, true) {
        Ok(t) if t.level >= OWNER => t,
        Ok(_) => return render::forbidden(),
        Err(r) => return r,
    };
    let Some(now) = current(&world, t.owner) else { return render::not_found() };
    let marked = world.move_settings.cutover.marked.contains_key(&t.owner);
    let (what, whole) = if kind == Kind::Group { ("Group", "subgroup") } else { ("Project", "project") };
    if to_boolean(&q.permanently_remove) {
        let refusal = if kind == Kind::Group && !now.is_subgroup {
            Some("`permanently_remove` option is only available for subgroups.".to_string())
        } else if !marked {
            Some(format!("{what} must be marked for deletion first."))
        } else if q.full_path.as_deref() != Some(now.full_path.as_str()) {
            Some(format!("`full_path` is incorrect. You must enter the complete path for the {whole}."))
        } else {
            None
        };
        if let Some(text) = refusal {
            return bad_request(&text);
        }
        remove(&mut world, t.owner, now);
        return accepted();
    }
    if marked {
        return bad_request(&format!("{what} has been already marked for deletion"));
    }
    mark(&mut world, t.owner, now);
    accepted()
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/projects/{id}", delete(destroy).layer(Extension(Kind::Project)))
        .route("/groups/{id}", delete(destroy).layer(Extension(Kind::Group)))
}
