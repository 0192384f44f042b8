//! Rules of the cut-over (#26): which copies can be deleted and how, whether a source can archive groups, when
//! archiving deserves a warning, and what the registries hold that cannot move.

use crate::api::{Entity, EntityType, Version};
use crate::logic::display_status::DisplayStatus;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// GitLab's group archive API is generally available from 18.9 (behind a flag, off, since 18.0).
pub const GROUP_ARCHIVE_SINCE: (u32, u32) = (18, 9);

/// Whether the source can archive groups through the API; `None` when its version is unknown.
pub fn group_archive_supported(version: Option<&Version>) -> Option<bool> {
    version.and_then(Version::major_minor).map(|v| v >= GROUP_ARCHIVE_SINCE)
}

/// Whether the entity's copy deserves a look before its source is frozen: it is partial, or has failures.
pub fn archive_warning(e: &Entity) -> bool {
    DisplayStatus::of_entity(e) == DisplayStatus::PartiallyCompleted || !e.failures.is_empty()
}

/// The entities whose copy can be deleted and imported again: failed, timed out, canceled or partially
/// completed, with a group or project on the destination.
pub fn can_delete(e: &Entity) -> bool {
    let status = DisplayStatus::of_entity(e);
    matches!(
        status,
        DisplayStatus::Failed | DisplayStatus::Timeout | DisplayStatus::Canceled | DisplayStatus::PartiallyCompleted
    ) && deletion_plan(e).is_some()
}

/// How to delete one copy on the destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deletion {
    pub group: bool,
    /// The destination's group or project id (the path changes when GitLab marks it).
    pub id: u64,
    pub full_path: String,
    /// GitLab removes projects and subgroups at once on the second call; a top-level group waits for its
    /// retention period.
    pub remove_now: bool,
}

pub fn deletion_plan(e: &Entity) -> Option<Deletion> {
    let full_path = e.destination_full_path.clone().filter(|p| !p.is_empty())?;
    let group = e.kind() == EntityType::Group;
    let id = if group { e.namespace_id? } else { e.project_id? };
    let remove_now = !group || full_path.contains('/');
    Some(Deletion { group, id, full_path, remove_now })
}

/// What a project's registries hold: container repositories with their tags, packages per type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    pub repositories: usize,
    pub tags: u64,
    pub packages: BTreeMap<String, usize>,
    /// Every page was read (else the figures are "at least").
    pub complete: bool,
}

impl Inventory {
    pub fn count(repositories: &[Map<String, Value>], packages: &[Map<String, Value>], complete: bool) -> Inventory {
        let tags = repositories.iter().filter_map(|r| r.get("tags_count")?.as_u64()).sum();
        let mut by_type = BTreeMap::new();
        for p in packages {
            let kind = p.get("package_type").and_then(Value::as_str).unwrap_or("?");
            *by_type.entry(kind.chars().take(40).collect::<String>()).or_insert(0) += 1;
        }
        Inventory { repositories: repositories.len(), tags, packages: by_type, complete }
    }

    pub fn is_empty(&self) -> bool {
        self.repositories == 0 && self.packages.is_empty()
    }

    pub fn package_count(&self) -> usize {
        self.packages.values().sum()
    }

    /// "npm 2, maven 1".
    pub fn packages_text(&self) -> String {
        self.packages.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entity(v: Value) -> Entity {
        serde_json::from_value(v).expect("an entity")
    }

    #[test]
    fn projects_and_subgroups_are_removed_now_a_top_level_group_waits() {
        let p = entity(json!({"id": 1, "status": "failed", "entity_type": "project",
            "destination_full_path": "migrated/api", "project_id": 7}));
        assert_eq!(
            deletion_plan(&p),
            Some(Deletion { group: false, id: 7, full_path: "migrated/api".into(), remove_now: true })
        );
        assert!(can_delete(&p));
        let sub = entity(json!({"id": 2, "status": "canceled", "entity_type": "group",
            "destination_full_path": "migrated/design", "namespace_id": 9}));
        assert!(deletion_plan(&sub).is_some_and(|d| d.group && d.remove_now && d.id == 9));
        let top = entity(json!({"id": 3, "status": "timeout", "entity_type": "group",
            "destination_full_path": "design", "namespace_id": 4}));
        assert!(deletion_plan(&top).is_some_and(|d| !d.remove_now));
        // Finished copies are not offered; nor one that never reached the destination.
        let done = entity(json!({"id": 4, "status": "finished", "entity_type": "project",
            "destination_full_path": "migrated/web", "project_id": 8}));
        assert!(!can_delete(&done));
        let none =
            entity(json!({"id": 5, "status": "failed", "entity_type": "project", "destination_full_path": null}));
        assert!(!can_delete(&none));
    }

    #[test]
    fn group_archiving_needs_18_9() {
        let v = |s: &str| Version { version: s.into(), revision: None, enterprise: None };
        assert_eq!(group_archive_supported(Some(&v("17.11.3-ee"))), Some(false));
        assert_eq!(group_archive_supported(Some(&v("18.9.0"))), Some(true));
        assert_eq!(group_archive_supported(None), None);
    }

    #[test]
    fn registries_are_counted_by_repository_tag_and_package_type() {
        let rows =
            |v: Value| v.as_array().expect("array").iter().filter_map(|r| r.as_object().cloned()).collect::<Vec<_>>();
        let repos = rows(json!([{"id": 1, "tags_count": 14}, {"id": 2, "tags_count": 3}, {"id": 3}]));
        let packages = rows(json!([{"package_type": "npm"}, {"package_type": "npm"}, {"package_type": "maven"}]));
        let inv = Inventory::count(&repos, &packages, true);
        assert_eq!((inv.repositories, inv.tags, inv.package_count()), (3, 17, 3));
        assert_eq!(inv.packages_text(), "maven 1, npm 2");
    }
}
