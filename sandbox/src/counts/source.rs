//! The source's counts: what the source group or project holds.

use super::answer;
use crate::api::token_of;
use crate::pagination::PageParams;
use crate::paths::id_matches;
use crate::world::*;
use crate::{render, Shared};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::Router;

/// The size of the relation `list` of the source group or project `raw`; `None` when it does not exist.
pub fn count(world: &World, kind: Kind, raw: &str, list: &str) -> Option<u64> {
    let item = world.source_items.iter().find(|i| i.kind == kind && id_matches(raw, Some(i.id), Some(&i.full_path)))?;
    Some(item.relations.iter().find(|(r, _)| *r == list).map_or(0, |(_, n)| *n))
}

async fn list(s: Shared, headers: HeaderMap, uri: Uri, kind: Kind, raw: String, list: &str, q: PageParams) -> Response {
    let world = s.world();
    let known = token_of(&headers).is_some_and(|t| world.source_tokens.contains_key(t.as_str()));
    if !known {
        return render::unauthorized();
    }
    answer(count(&world, kind, &raw, list), kind, q, &uri)
}

/// `GET /projects/:id/<list>` and `GET /groups/:id/<list>` on the source instance.
pub fn routes() -> Router<Shared> {
    super::routes(|s, headers, uri, kind, raw, name, q| Box::pin(list(s, headers, uri, kind, raw, name, q)))
}
