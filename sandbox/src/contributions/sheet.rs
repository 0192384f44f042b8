//! `GET /groups/:id/placeholder_reassignments`: GitLab's CSV of the source users an owner can still
//! reassign (pending or rejected), with the two columns the owner fills.

use super::model::{allowed, Op};
use super::seed::sync;
use crate::destination::authenticate;
use crate::world::{DestGroup, User, World, OWNER};
use crate::{render, Shared};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

pub const HEADER: &str =
    "Source host,Import type,Source user identifier,Source user name,Source username,GitLab username,GitLab public email";

/// RFC 4180 quoting.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The top-level group `id` (its number or full path) that `user` owns, or GitLab's 404 / 403: both CSV
/// endpoints answer for owners of top-level groups only.
pub(super) fn owned_top_level_group(world: &World, user: &User, id: &str) -> Result<DestGroup, Response> {
    let group = world
        .dest_groups
        .iter()
        .find(|g| g.parent_id.is_none() && (g.id.to_string() == id || g.full_path.eq_ignore_ascii_case(id)))
        .cloned();
    let Some(group) = group else { return Err(render::not_found()) };
    if world.access_level(user, &group) < OWNER {
        return Err(render::forbidden());
    }
    Ok(group)
}

pub(crate) async fn download(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let mut world = s.world();
    let user = match authenticate(&world, &headers) {
        Ok((u, _)) => u,
        Err(r) => return r,
    };
    sync(&mut world);
    let group = match owned_top_level_group(&world, &user, &id) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let mut csv = format!("{HEADER}\n");
    for u in world.contributions.source_users.iter().filter(|u| u.namespace_id == group.id) {
        if allowed(Op::Reassign, u.status) {
            let row = [u.hostname.as_str(), "gitlab_migration", &u.identifier, &u.name, &u.username, "", ""];
            csv.push_str(&row.map(field).join(","));
            csv.push('\n');
        }
    }
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response()
}
