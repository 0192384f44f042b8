//! The cut-over's starting data: the source's container repositories and packages (`acme/platform/api`: two
//! repositories with 14 and 3 tags and four packages; `legacy/monolith`: one repository; the rest none), and
//! on the destination a canceled project copy that got as far as creating the project
//! (`migrated/design/icons`, inside the canceled group `migrated/design`): a failed copy to delete.

use crate::entities::EPOCH_MS;
use crate::world::cutover::{ContainerRepository, Package};
use crate::world::*;

const HOUR_MS: i64 = 3_600_000;

fn repo(id: u64, name: &str, tags_count: u64, hours: i64) -> ContainerRepository {
    ContainerRepository { id, name: name.into(), created_ms: EPOCH_MS + hours * HOUR_MS, tags_count }
}

fn package(id: u64, name: &str, version: &str, package_type: &str, hours: i64, downloaded: Option<i64>) -> Package {
    Package {
        id,
        name: name.into(),
        version: version.into(),
        package_type: package_type.into(),
        created_ms: EPOCH_MS + hours * HOUR_MS,
        last_downloaded_ms: downloaded.map(|h| EPOCH_MS + h * HOUR_MS),
    }
}

pub fn seed(world: &mut World) {
    let id_of = |world: &World, path: &str| world.source_item(Kind::Project, path).map(|i| i.id);
    let store = |world: &mut World| std::mem::take(&mut world.move_settings.cutover);
    let mut cutover = store(world);
    if let Some(api) = id_of(world, "acme/platform/api") {
        cutover.registries.insert(api, vec![repo(31, "", 14, 20), repo(32, "worker", 3, 40)]);
        cutover.packages.insert(
            api,
            vec![
                package(71, "@acme/api-client", "1.4.0", "npm", 30, Some(200)),
                package(72, "@acme/api-types", "2.0.1", "npm", 31, None),
                package(73, "com/acme/api-sdk", "3.2.0", "maven", 32, Some(150)),
                package(74, "api-cli", "0.9.1", "generic", 33, None),
            ],
        );
    }
    if let Some(monolith) = id_of(world, "legacy/monolith") {
        cutover.registries.insert(monolith, vec![repo(33, "", 6, 10)]);
    }
    world.move_settings.cutover = cutover;
    partial_copy(world, "design/icons");
}

/// The canceled entity of `source_path` (a project) created its destination before it stopped.
fn partial_copy(world: &mut World, source_path: &str) {
    let found = world.entities.iter().position(|e| {
        e.kind == Kind::Project
            && e.source_full_path == source_path
            && e.status == Status::Canceled
            && e.destination_full_path.is_none()
    });
    let Some(idx) = found else { return };
    world.next_dest_id += 1;
    let id = world.next_dest_id;
    let e = &mut world.entities[idx];
    let full = crate::engine::join_path(&e.destination_namespace, &e.destination_slug);
    e.destination_full_path = Some(full.clone());
    e.project_id = Some(id);
    world.dest_paths.insert(full.to_ascii_lowercase());
}
