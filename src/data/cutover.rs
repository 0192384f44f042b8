//! Cutting over (#26): each finished entity's source, archived or not; what its registries hold that cannot
//! move; archiving and unarchiving the source; and deleting a failed copy on the destination in GitLab's two
//! steps so that it can be imported again to its own path. Read in the page's lane after the comparison.

use super::bounded::run_bounded;
use crate::api::{ApiError, Client, Entity, EntityType, Version, MAX_IN_FLIGHT};
use crate::logic::complete::cutover::{deletion_plan, Deletion, Inventory};
use leptos::prelude::*;
use std::collections::HashMap;

/// Where an action on one entity stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Working,
    /// Archived or unarchived (the new state), or the copy deleted.
    Done,
    /// The copy is marked for deletion and GitLab keeps it until its retention period ends (a top-level group).
    Kept,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct CutOver {
    /// The source's `archived` flag per entity (`None`: not read, or could not be).
    pub archived: RwSignal<HashMap<u64, Option<bool>>>,
    pub inventory: RwSignal<HashMap<u64, Result<Inventory, ApiError>>>,
    pub actions: RwSignal<HashMap<u64, Action>>,
    /// The source's version, which decides whether groups can be archived (18.9+).
    pub source_version: RwSignal<Option<Version>>,
}

impl Default for CutOver {
    fn default() -> Self {
        CutOver::new()
    }
}

enum Job {
    Archived(u64, bool, String),
    Inventory(u64, String),
}

enum Got {
    Archived(u64, Option<bool>),
    Inventory(u64, Result<Inventory, ApiError>),
}

impl CutOver {
    pub fn new() -> CutOver {
        CutOver {
            archived: RwSignal::new(HashMap::new()),
            inventory: RwSignal::new(HashMap::new()),
            actions: RwSignal::new(HashMap::new()),
            source_version: RwSignal::new(None),
        }
    }

    /// Reads the source's side of `entities` (finished ones): archived flags, registries of projects, version.
    pub async fn read(self, entities: Vec<Entity>, source: Client, stopped: impl Fn() -> bool) {
        if let Ok(v) = source.version().await {
            let _ = self.source_version.try_set(Some(v));
        }
        let mut jobs = Vec::new();
        for e in &entities {
            let group = e.kind() == EntityType::Group;
            jobs.push(Job::Archived(e.id, group, e.source_full_path.clone()));
            if !group {
                jobs.push(Job::Inventory(e.id, e.source_full_path.clone()));
            }
        }
        let work = |job: Job| {
            let c = source.clone();
            async move {
                match job {
                    Job::Archived(id, group, path) => {
                        let flag = c.get_owner(group, &path).await.ok().and_then(|m| m.get("archived")?.as_bool());
                        Got::Archived(id, flag)
                    }
                    Job::Inventory(id, path) => Got::Inventory(id, read_inventory(&c, &path).await),
                }
            }
        };
        let on_done = |got| match got {
            Got::Archived(id, flag) => {
                let _ = self.archived.try_update(|a| a.insert(id, flag));
            }
            Got::Inventory(id, inv) => {
                let _ = self.inventory.try_update(|i| i.insert(id, inv));
            }
        };
        run_bounded(jobs, MAX_IN_FLIGHT, work, on_done, &stopped).await;
    }

    /// Archives (or unarchives) the sources of `entities`, six at a time; each row shows its own result.
    pub fn set_archived(self, source: Client, entities: Vec<Entity>, archived: bool) {
        let _ = self.actions.try_update(|a| entities.iter().for_each(|e| drop(a.insert(e.id, Action::Working))));
        leptos::task::spawn_local(async move {
            let work = |e: Entity| {
                let c = source.clone();
                async move { (e.id, c.set_archived(e.kind() == EntityType::Group, &e.source_full_path, archived).await) }
            };
            let on_done = |(id, got): (u64, Result<serde_json::Map<String, serde_json::Value>, ApiError>)| {
                let action = match got {
                    Ok(m) => {
                        let flag = m.get("archived").and_then(serde_json::Value::as_bool).unwrap_or(archived);
                        let _ = self.archived.try_update(|a| a.insert(id, Some(flag)));
                        Action::Done
                    }
                    Err(e) => Action::Failed(e),
                };
                let _ = self.actions.try_update(|a| a.insert(id, action));
            };
            run_bounded(entities, MAX_IN_FLIGHT, work, on_done, || false).await;
        });
    }

    /// Deletes a failed copy: marks it, reads the path GitLab renamed it to, and removes it at once with that
    /// path (projects and subgroups); a top-level group stays marked until GitLab's retention period ends.
    pub fn delete_copy(self, destination: Client, entity: Entity) {
        let Some(plan) = deletion_plan(&entity) else { return };
        let _ = self.actions.try_update(|a| a.insert(entity.id, Action::Working));
        leptos::task::spawn_local(async move {
            let result = delete(&destination, &plan).await;
            let action = match result {
                Ok(true) => Action::Done,
                Ok(false) => Action::Kept,
                Err(e) => Action::Failed(e),
            };
            let _ = self.actions.try_update(|a| a.insert(entity.id, action));
        });
    }
}

/// `Ok(true)` when removed now, `Ok(false)` when only marked (a top-level group).
async fn delete(client: &Client, plan: &Deletion) -> Result<bool, ApiError> {
    client.delete_owner(plan.group, plan.id, None).await?;
    if !plan.remove_now {
        return Ok(false);
    }
    let now = client.get_owner(plan.group, &plan.id.to_string()).await?;
    let field = if plan.group { "full_path" } else { "path_with_namespace" };
    let full_path = now.get(field).and_then(serde_json::Value::as_str).unwrap_or(&plan.full_path).to_string();
    client.delete_owner(plan.group, plan.id, Some(&full_path)).await?;
    Ok(true)
}

/// A registry GitLab has turned off for the project answers 404: it holds nothing.
async fn read_inventory(c: &Client, path: &str) -> Result<Inventory, ApiError> {
    let off = |r: Result<_, ApiError>| match r {
        Err(ApiError::NotFound) => Ok((Vec::new(), true)),
        other => other,
    };
    let (repositories, all_repositories) = off(c.inventory(path, "registry/repositories?tags_count=true").await)?;
    let (packages, all_packages) = off(c.inventory(path, "packages").await)?;
    Ok(Inventory::count(&repositories, &packages, all_repositories && all_packages))
}
