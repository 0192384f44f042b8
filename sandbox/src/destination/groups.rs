//! The destination's groups and projects (`lib/api/groups.rb`, `lib/api/projects.rb`): `GET /groups` (the
//! console's destination picker), `GET /groups/:id` (`GroupDetail`), `GET /groups/:id/projects` and
//! `GET /projects/:id`, all reading `catalog`, so an id on one resolves on the others.

use super::authenticate;
use super::catalog::{self, CatalogGroup, CatalogProject};
use crate::api::{base_url, flag, GroupQuery};
use crate::entities::source_item::{empty_statistics, statistics};
use crate::entities::{self, ProjectView};
use crate::listing::{with_projects, List, DETAIL_PROJECTS_LIMIT};
use crate::ordering::{Order, SortKey, GROUP_ORDER, GROUP_PROJECTS_ORDER, PROJECTS_ORDER};
use crate::paths::{is_child_of, is_descendant, matches_search};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

fn group_not_found() -> Response {
    render::message(StatusCode::NOT_FOUND, "404 Group Not Found")
}

fn group_key(g: &CatalogGroup) -> SortKey<'_> {
    SortKey {
        id: g.view.id,
        name: &g.view.name,
        path: entities::last_segment(&g.view.full_path),
        created_ms: g.view.created_ms,
        updated_ms: g.view.created_ms,
        size: 0,
    }
}

fn project_key(p: &CatalogProject) -> SortKey<'_> {
    SortKey {
        id: p.view.id,
        name: &p.view.name,
        path: p.view.path(),
        created_ms: p.view.created_ms,
        updated_ms: p.view.last_activity_ms,
        size: 0,
    }
}

/// `GET /groups`: the seeded groups where the user has at least `min_access_level`, in `order_by` order.
pub(crate) async fn list(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let min: u8 = q.min_access_level.as_deref().and_then(|v| v.parse().ok()).unwrap_or(10);
    let top = flag(&q.top_level_only);
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    let seeded = |g: &CatalogGroup| world.dest_group(&g.view.full_path).is_some();
    let rows = |(user, _): (User, Token)| {
        let list = catalog::groups(&world, &base_url(&uri))
            .into_iter()
            .filter(|g| seeded(g) && catalog::access(&world, &user, &g.view.full_path, g.created_by) >= min)
            .filter(|g| !top || g.view.parent_id.is_none())
            .filter(|g| matches_search(&g.view.full_path, &g.view.name, &search));
        Some(list.collect())
    };
    let list = List { uri: &uri, q: &q, order: &GROUP_ORDER };
    list.answer(authenticate(&world, &headers), rows, group_key, |g| entities::group(&g.view))
}

/// The group `raw` names, if `user` may see it.
fn visible_group(world: &World, user: &User, base: &str, raw: &str) -> Option<CatalogGroup> {
    catalog::groups(world, base)
        .into_iter()
        .find(|g| catalog::names(raw, g.view.id, &g.view.full_path))
        .filter(|g| catalog::access(world, user, &g.view.full_path, g.created_by) > 0)
}

/// Projects under `group`: its own, or (`include_subgroups`) every descendant's.
fn projects_under(world: &World, user: &User, base: &str, group: &str, deep: bool) -> Vec<CatalogProject> {
    catalog::projects(world, base)
        .into_iter()
        .filter(|p| {
            let ns = &p.view.namespace.full_path;
            ns.eq_ignore_ascii_case(group) || (deep && is_descendant(ns, group))
        })
        .filter(|p| catalog::access(world, user, &p.view.full_path, p.created_by) > 0)
        .collect()
}

/// A migrated project's statistics: its source's, when the source still has it.
fn with_statistics(world: &World, mut view: ProjectView, source_path: Option<&str>) -> ProjectView {
    let item = source_path.and_then(|p| world.source_item(Kind::Project, p));
    view.statistics = Some(item.map_or_else(empty_statistics, statistics));
    view
}

fn source_path_of(world: &World, p: &CatalogProject) -> Option<String> {
    world
        .entities
        .iter()
        .filter(|e| e.kind == Kind::Project)
        .find(|e| e.project_id == Some(p.view.id) || e.destination_full_path.as_deref() == Some(&p.view.full_path))
        .map(|e| e.source_full_path.clone())
}

fn render_project(world: &World, p: CatalogProject, simple: bool, statistics: bool) -> Value {
    if simple {
        return entities::basic_project(&p.view);
    }
    let source = if statistics { source_path_of(world, &p) } else { None };
    let view = if statistics { with_statistics(world, p.view, source.as_deref()) } else { p.view };
    entities::project(&view)
}

/// `GET /groups/:id` (id or URL-encoded full path): `GroupDetail`, with its projects unless
/// `with_projects=false`.
pub(crate) async fn get(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let (user, _) = match authenticate(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let base = base_url(&uri);
    let Some(group) = visible_group(&world, &user, &base, &raw) else { return group_not_found() };
    let can_admin = catalog::access(&world, &user, &group.view.full_path, group.created_by) >= OWNER;
    let projects = with_projects(&q).then(|| {
        let mut list = projects_under(&world, &user, &base, &group.view.full_path, false);
        Order { key: "created_at", asc: false }.sort(&mut list, project_key);
        list.into_iter().take(DETAIL_PROJECTS_LIMIT).map(|p| render_project(&world, p, false, false)).collect()
    });
    Json(entities::group_detail(&group.view, can_admin, projects)).into_response()
}

/// `GET /groups/:id/projects`: full projects (`simple=true`: `BasicProjectDetails`), `statistics=true`,
/// `include_subgroups=true`, `order_by`/`sort`.
pub(crate) async fn projects(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let base = base_url(&uri);
    let rows = |(user, _): (User, Token)| {
        let group = visible_group(&world, &user, &base, &raw)?;
        Some(projects_under(&world, &user, &base, &group.view.full_path, flag(&q.include_subgroups)))
    };
    let (simple, statistics) = (flag(&q.simple), flag(&q.statistics));
    let list = List { uri: &uri, q: &q, order: &GROUP_PROJECTS_ORDER };
    list.answer(authenticate(&world, &headers), rows, project_key, |p| render_project(&world, p, simple, statistics))
}

/// `GET /projects/:id` (id or URL-encoded full path), `statistics=true` adds `statistics`.
pub(crate) async fn project(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let (user, _) = match authenticate(&world, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let found = catalog::projects(&world, &base_url(&uri))
        .into_iter()
        .find(|p| catalog::names(&raw, p.view.id, &p.view.full_path))
        .filter(|p| catalog::access(&world, &user, &p.view.full_path, p.created_by) > 0);
    match found {
        Some(p) => Json(render_project(&world, p, false, flag(&q.statistics))).into_response(),
        None => render::message(StatusCode::NOT_FOUND, "404 Project Not Found"),
    }
}

/// `GET /groups/:id/subgroups`: the direct child groups (`Entities::Group`), in `order_by` order.
pub(crate) async fn subgroups(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let base = base_url(&uri);
    let rows = |(user, _): (User, Token)| {
        let parent = visible_group(&world, &user, &base, &raw)?.view.full_path;
        let list = catalog::groups(&world, &base)
            .into_iter()
            .filter(|g| is_child_of(&g.view.full_path, &parent))
            .filter(|g| catalog::access(&world, &user, &g.view.full_path, g.created_by) > 0);
        Some(list.collect())
    };
    let list = List { uri: &uri, q: &q, order: &GROUP_ORDER };
    list.answer(authenticate(&world, &headers), rows, group_key, |g| entities::group(&g.view))
}

/// `GET /projects`: every destination project the user can see (`simple=true`: `BasicProjectDetails`),
/// `search`, `statistics=true`, `order_by`/`sort`.
pub(crate) async fn list_projects(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    let rows = |(user, _): (User, Token)| {
        let list = catalog::projects(&world, &base_url(&uri))
            .into_iter()
            .filter(|p| catalog::access(&world, &user, &p.view.full_path, p.created_by) > 0)
            .filter(|p| matches_search(&p.view.full_path, &p.view.name, &search));
        Some(list.collect())
    };
    let (simple, statistics) = (flag(&q.simple), flag(&q.statistics));
    let list = List { uri: &uri, q: &q, order: &PROJECTS_ORDER };
    list.answer(authenticate(&world, &headers), rows, project_key, |p| render_project(&world, p, simple, statistics))
}
