//! The destination's counts: what the simulated import created there.

use super::answer;
use crate::destination::authenticate;
use crate::pagination::PageParams;
use crate::paths::id_matches;
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

/// The size of the relation `list` of the destination group or project `raw` (what the import created of
/// it; a seeded group holds none); `None` when it does not exist.
pub fn count(world: &World, kind: Kind, raw: &str, list: &str) -> Option<u64> {
    match entity_at(world, kind, raw) {
        Some(e) => Some(e.stats.get(list).map_or(0, |c| c.imported)),
        None if kind == Kind::Group => {
            world.dest_groups.iter().any(|g| id_matches(raw, Some(g.id), Some(&g.full_path))).then_some(0)
        }
        None => None,
    }
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
