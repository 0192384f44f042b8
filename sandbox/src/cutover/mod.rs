//! The cut-over (#26 parts 3 to 5) on both instances: archiving projects and groups (`archive.rs`), deleting
//! a failed copy on the destination (`delete.rs`: mark, then remove for good) and the source's container
//! repositories and packages, read only (`registry.rs`). This file holds what they share: the group or
//! project's rendering on each instance (the request's target is `settings::find`'s).

pub mod archive;
pub mod delete;
pub mod registry;
pub mod seed;

use crate::destination::catalog;
use crate::entities::{self, GroupView};
use crate::world::settings::Instance;
use crate::world::*;
use crate::Shared;
use axum::{Extension, Router};
use serde_json::Value;

/// `API::Entities::Project` of a project on either instance, as `GET /projects/:id` shows it.
pub(crate) fn project_json(world: &World, instance: Instance, id: u64, base: &str) -> Option<Value> {
    match instance {
        Instance::Source => world
            .source_items
            .iter()
            .find(|i| i.kind == Kind::Project && i.id == id)
            .map(|i| crate::source::campaign::project_json(world, i, false)),
        Instance::Destination => {
            catalog::projects(world, base).into_iter().find(|p| p.view.id == id).map(|p| entities::project(&p.view))
        }
    }
}

/// A group on either instance, as its lists show it.
pub(crate) fn group_view(world: &World, instance: Instance, id: u64, base: &str) -> Option<GroupView> {
    match instance {
        Instance::Source => world
            .source_items
            .iter()
            .find(|i| i.kind == Kind::Group && i.id == id)
            .map(|i| crate::entities::source_item::group_view(world, i)),
        Instance::Destination => catalog::groups(world, base).into_iter().find(|g| g.view.id == id).map(|g| g.view),
    }
}

/// `major.minor` of a version string such as `18.9.0-ee` is at least `want`.
pub(crate) fn version_at_least(version: &str, want: (u32, u32)) -> bool {
    let mut parts = version.split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= want
}

/// Every route of this feature on one instance (the caller puts them behind the fault injection).
pub fn routes(instance: Instance) -> Router<Shared> {
    let router = Router::new().merge(archive::routes()).merge(registry::routes());
    let router = if instance == Instance::Destination { router.merge(delete::routes()) } else { router };
    router.layer(Extension(instance))
}
