//! What the source instance shows of its seeded items beyond their names and paths, written once for every
//! source endpoint (lists, `GET /groups/:id`, `GET /projects/:id`, the campaign's statistics): a group's
//! `GroupView`, a project's `statistics` and repository size, and when each item was created and last updated.

use super::{GroupView, EPOCH_MS};
use crate::world::*;
use serde_json::{json, Value};

const MB: u64 = 1024 * 1024;

/// Ids of the scaled source (`--scale-source N`) start here (far above the seeded ones).
pub const SCALE_FIRST_ID: u64 = 100_000;

/// A source item's `created_at`: one minute per id after the sandbox's epoch.
pub fn created_ms(item: &SourceItem) -> i64 {
    EPOCH_MS + item.id as i64 * 60_000
}

/// A source item's `updated_at` / `last_activity_at`: two minutes per id after the epoch.
pub fn updated_ms(item: &SourceItem) -> i64 {
    EPOCH_MS + item.id as i64 * 120_000
}

/// A source group as `entities::group` shows it.
pub fn group_view(world: &World, item: &SourceItem) -> GroupView {
    GroupView {
        id: item.id,
        name: item.name.clone(),
        full_name: crate::paths::full_name(&item.full_path, |p| {
            world.source_item(Kind::Group, p).map(|g| g.name.clone())
        }),
        full_path: item.full_path.clone(),
        parent_id: item.parent_path().and_then(|p| world.source_item(Kind::Group, p)).map(|g| g.id),
        base: world.source_url.trim_end_matches('/').to_string(),
        created_ms: created_ms(item),
        archived: world.move_settings.cutover.is_archived(source_owner(Kind::Group, item.id), false),
        marked_for_deletion_ms: None,
    }
}

/// A source group or project as the cut-over's records name it.
pub fn source_owner(kind: Kind, id: u64) -> crate::world::settings::Owner {
    crate::world::settings::Owner { instance: crate::world::settings::Instance::Source, kind, id }
}

/// A deterministic spread from an id (the same world gives the same sizes).
pub fn spread(id: u64, salt: u64) -> u64 {
    let mut x = id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 29)
}

/// A project's repository size in bytes (every 100th scaled project's is very large).
pub fn repository_size(item: &SourceItem) -> u64 {
    if item.id >= SCALE_FIRST_ID && (item.id - SCALE_FIRST_ID) % 100 == 42 {
        12 * 1024 * MB + spread(item.id, 1) % (4 * 1024 * MB)
    } else {
        2 * MB + spread(item.id, 1) % (900 * MB)
    }
}

/// GitLab's `statistics` object of a project, in bytes.
pub fn statistics(item: &SourceItem) -> Value {
    let repository_size = repository_size(item);
    let wiki_size = if item.id.is_multiple_of(3) { 0 } else { 64 * 1024 + spread(item.id, 2) % (20 * MB) };
    let lfs_objects_size = if item.id.is_multiple_of(5) { spread(item.id, 3) % (500 * MB) } else { 0 };
    let job_artifacts_size = spread(item.id, 4) % (300 * MB);
    let uploads_size = spread(item.id, 5) % (50 * MB);
    let storage_size = repository_size + wiki_size + lfs_objects_size + job_artifacts_size + uploads_size;
    json!({
        "commit_count": 10 + spread(item.id, 6) % 5000,
        "storage_size": storage_size,
        "repository_size": repository_size,
        "wiki_size": wiki_size,
        "lfs_objects_size": lfs_objects_size,
        "job_artifacts_size": job_artifacts_size,
        "pipeline_artifacts_size": 0,
        "packages_size": 0,
        "snippets_size": 0,
        "uploads_size": uploads_size,
        "container_registry_size": 0,
    })
}

/// Every statistic at zero (a project whose source is gone).
pub fn empty_statistics() -> Value {
    let keys = [
        "commit_count",
        "storage_size",
        "repository_size",
        "wiki_size",
        "lfs_objects_size",
        "job_artifacts_size",
        "pipeline_artifacts_size",
        "packages_size",
        "snippets_size",
        "uploads_size",
        "container_registry_size",
    ];
    Value::Object(keys.iter().map(|k| (k.to_string(), json!(0))).collect())
}
