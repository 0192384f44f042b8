//! The destination's groups and projects as its REST API shows them: the seeded groups, and what the
//! simulated migrations created (a group or project per entity that has a `destination_full_path`; the
//! newest one when a path was reused, as `counts::destination` reads them). One id per group or project,
//! the same on every endpoint: `namespace_id`/`project_id` of the entity that created it.

use crate::entities::{GroupView, NamespaceView, ProjectView, EPOCH_MS};
use crate::world::repository::CreatedProject;
use crate::world::*;
use std::collections::HashMap;

/// A group or project created by a migration whose entity carries no id (the scale seed) gets this + the
/// entity's id.
const UNNAMED_ID_BASE: u64 = 4_000_000;

/// A user's personal namespace on the destination gets this + the user's id.
pub const PERSONAL_NAMESPACE_BASE: u64 = 5_000_000;

/// A group on the destination and who created it (seeded groups: nobody).
pub struct CatalogGroup {
    pub view: GroupView,
    pub created_by: Option<u64>,
}

pub struct CatalogProject {
    pub view: ProjectView,
    pub created_by: Option<u64>,
}

fn importer(world: &World, e: &Entity) -> Option<u64> {
    world.import(e.bulk_import_id).map(|i| i.user_id)
}

/// The newest entity of `kind` per destination path (lower-cased).
fn created(world: &World, kind: Kind) -> Vec<&Entity> {
    let mut by_path: HashMap<String, &Entity> = HashMap::new();
    for e in world.entities.iter().filter(|e| e.kind == kind) {
        let Some(path) = e.destination_full_path.as_deref() else { continue };
        let slot = by_path.entry(path.to_ascii_lowercase()).or_insert(e);
        if e.id > slot.id {
            *slot = e;
        }
    }
    let mut list: Vec<&Entity> = by_path.into_values().collect();
    list.sort_by_key(|e| e.id);
    list
}

fn display_name(world: &World, e: &Entity) -> String {
    world.source_item(e.kind, &e.source_full_path).map(|s| s.name.clone()).unwrap_or_else(|| e.destination_slug.clone())
}

/// Every group on the destination, seeded ones first.
pub fn groups(world: &World, base: &str) -> Vec<CatalogGroup> {
    let mut out: Vec<CatalogGroup> = world
        .dest_groups
        .iter()
        .map(|g| CatalogGroup {
            view: GroupView {
                id: g.id,
                name: g.name.clone(),
                full_name: g.name.clone(),
                full_path: g.full_path.clone(),
                parent_id: g.parent_id,
                base: base.to_string(),
                created_ms: EPOCH_MS,
            },
            created_by: None,
        })
        .collect();
    for e in created(world, Kind::Group) {
        let Some(path) = e.destination_full_path.clone() else { continue };
        if out.iter().any(|g| g.view.full_path.eq_ignore_ascii_case(&path)) {
            continue;
        }
        out.push(CatalogGroup {
            view: GroupView {
                id: e.namespace_id.unwrap_or(UNNAMED_ID_BASE + e.id),
                name: display_name(world, e),
                full_name: String::new(),
                full_path: path,
                parent_id: None,
                base: base.to_string(),
                created_ms: e.created_ms,
            },
            created_by: importer(world, e),
        });
    }
    // Parents and full names from the paths.
    let index: HashMap<String, (u64, String)> =
        out.iter().map(|g| (g.view.full_path.to_ascii_lowercase(), (g.view.id, g.view.name.clone()))).collect();
    for g in out.iter_mut() {
        g.view.full_name =
            crate::paths::full_name(&g.view.full_path, |p| index.get(&p.to_ascii_lowercase()).map(|(_, n)| n.clone()));
        if g.created_by.is_some() {
            g.view.parent_id = g
                .view
                .full_path
                .rsplit_once('/')
                .and_then(|(parent, _)| index.get(&parent.to_ascii_lowercase()))
                .map(|(id, _)| *id);
        }
    }
    out
}

/// Every project a migration created on the destination.
pub fn projects(world: &World, base: &str) -> Vec<CatalogProject> {
    let groups = groups(world, base);
    created(world, Kind::Project)
        .into_iter()
        .filter_map(|e| {
            let path = e.destination_full_path.clone()?;
            let parent = path.rsplit_once('/').map_or("", |(p, _)| p).to_string();
            let ns = groups.iter().find(|g| g.view.full_path.eq_ignore_ascii_case(&parent));
            let namespace = NamespaceView {
                id: ns.map_or(UNNAMED_ID_BASE + e.id + 500_000, |g| g.view.id),
                name: ns.map_or_else(|| crate::entities::last_segment(&parent).to_string(), |g| g.view.name.clone()),
                human_name: ns.map_or_else(|| parent.clone(), |g| g.view.full_name.clone()),
                full_path: parent.clone(),
                kind: "group",
                parent_id: ns.and_then(|g| g.view.parent_id),
            };
            let id = e.project_id.unwrap_or(UNNAMED_ID_BASE + e.id);
            let issues = e.stats.get("issues").map_or(0, |c| c.imported) + api_issues(world, id);
            Some(CatalogProject {
                view: ProjectView {
                    id,
                    name: display_name(world, e),
                    full_path: path,
                    namespace,
                    base: base.to_string(),
                    created_ms: e.created_ms,
                    last_activity_ms: e.updated_ms,
                    archived: false,
                    open_issues_count: issues,
                    creator_id: importer(world, e).unwrap_or(OWNER_ID),
                    statistics: None,
                    owner: None,
                    empty_repo: false,
                },
                created_by: importer(world, e),
            })
        })
        .chain(world.repositories.projects.iter().map(|p| created_project(world, &groups, base, p)))
        .collect()
}

/// Issues opened through `POST /projects/:id/issues`.
fn api_issues(world: &World, project_id: u64) -> u64 {
    world.repositories.issues.iter().filter(|i| i.project_id == project_id).count() as u64
}

/// A project `POST /projects` created: in a group (the group's members' access) or in its creator's
/// personal namespace (the creator owns it).
fn created_project(world: &World, groups: &[CatalogGroup], base: &str, p: &CreatedProject) -> CatalogProject {
    let creator = world.user(p.creator_id);
    let group = groups.iter().find(|g| !p.personal && g.view.full_path.eq_ignore_ascii_case(&p.namespace_path));
    let namespace = match (group, creator) {
        (Some(g), _) => NamespaceView {
            id: g.view.id,
            name: g.view.name.clone(),
            human_name: g.view.full_name.clone(),
            full_path: g.view.full_path.clone(),
            kind: "group",
            parent_id: g.view.parent_id,
        },
        (None, creator) => NamespaceView {
            id: PERSONAL_NAMESPACE_BASE + p.creator_id,
            name: creator.map_or_else(|| p.namespace_path.clone(), |u| u.name.clone()),
            human_name: creator.map_or_else(|| p.namespace_path.clone(), |u| u.name.clone()),
            full_path: p.namespace_path.clone(),
            kind: "user",
            parent_id: None,
        },
    };
    let repository = world.repositories.repositories.get(&p.id);
    let issues = api_issues(world, p.id);
    CatalogProject {
        view: ProjectView {
            id: p.id,
            name: p.name.clone(),
            full_path: p.full_path(),
            namespace,
            base: base.to_string(),
            created_ms: p.created_ms,
            last_activity_ms: p.created_ms,
            archived: false,
            open_issues_count: issues,
            creator_id: p.creator_id,
            statistics: None,
            owner: creator.filter(|_| p.personal).map(|u| crate::entities::user_basic(u, base)),
            empty_repo: repository.is_none_or(|r| r.is_empty()),
        },
        created_by: p.personal.then_some(p.creator_id),
    }
}

/// The access `user` has to a destination group at `full_path`: a seeded group's (inherited) level, and
/// owner of what their own migrations created.
pub fn access(world: &World, user: &User, full_path: &str, created_by: Option<u64>) -> u8 {
    if user.is_admin || created_by == Some(user.id) {
        return OWNER;
    }
    let mut path = full_path;
    loop {
        if let Some(g) = world.dest_group(path) {
            return world.access_level(user, g);
        }
        match path.rsplit_once('/') {
            Some((parent, _)) => path = parent,
            None => return 0,
        }
    }
}

/// `raw` (an id or a full path, already URL-decoded) names this group or project.
pub fn names(raw: &str, id: u64, full_path: &str) -> bool {
    crate::paths::id_matches(raw, Some(id), Some(full_path))
}
