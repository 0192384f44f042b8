//! The destination's counts: what the simulated import created there.

use super::{answer, children_of, id_matches, Listing};
use crate::destination::authenticate;
use crate::pagination::PageParams;
use crate::world::*;
use crate::Shared;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::Router;

/// The entity that created this group or project on the destination (the newest one, if a path was reused).
fn entity_at<'a>(world: &'a World, kind: Kind, raw: &str) -> Option<&'a Entity> {
    world
        .entities
        .iter()
        .filter(|e| e.kind == kind && e.destination_full_path.is_some())
        .filter(|e| {
            let id = if kind == Kind::Group { e.namespace_id } else { e.project_id };
            id_matches(raw, id, e.destination_full_path.as_deref())
        })
        .max_by_key(|e| e.id)
}

/// Every group or project path that exists on the destination.
fn existing(world: &World, kind: Kind) -> Vec<&str> {
    let mut paths: Vec<&str> =
        world.entities.iter().filter(|e| e.kind == kind).filter_map(|e| e.destination_full_path.as_deref()).collect();
    if kind == Kind::Group {
        paths.extend(world.dest_groups.iter().map(|g| g.full_path.as_str()));
    }
    paths
}

/// The size of `list` under the destination group or project `raw`; `None` when it does not exist.
pub fn count(world: &World, kind: Kind, raw: &str, list: &str) -> Option<Listing> {
    let path = match entity_at(world, kind, raw) {
        Some(e) => e.destination_full_path.clone().unwrap_or_default(),
        None if kind == Kind::Group => world
            .dest_groups
            .iter()
            .find(|g| id_matches(raw, Some(g.id), Some(&g.full_path)))
            .map(|g| g.full_path.clone())?,
        None => return None,
    };
    Some(match list {
        "subgroups" => Listing::Paths(children_of(&path, existing(world, Kind::Group).into_iter())),
        "projects" => Listing::Paths(children_of(&path, existing(world, Kind::Project).into_iter())),
        relation => {
            let imported = entity_at(world, kind, raw).and_then(|e| e.stats.get(relation)).map(|c| c.imported);
            Listing::Items(imported.unwrap_or(0))
        }
    })
}

async fn list(s: Shared, headers: HeaderMap, uri: Uri, kind: Kind, raw: String, list: &str, q: PageParams) -> Response {
    let world = s.world();
    if let Err(r) = authenticate(&world, &headers) {
        return r;
    }
    answer(count(&world, kind, &raw, list), kind, q, &uri)
}

/// `GET /projects/:id/<list>` and `GET /groups/:id/<list>` for the counted lists.
pub fn routes() -> Router<Shared> {
    super::routes(|s, headers, uri, kind, raw, name, q| Box::pin(list(s, headers, uri, kind, raw, name, q)))
}
