//! The source's groups and projects (`lib/api/groups.rb`, `lib/api/projects.rb`): `GET /groups` (what the
//! console's source browser lists), `GET /groups/:id` (`GroupDetail`), `GET /groups/:id/projects` and
//! `GET /projects` (full projects, or `BasicProjectDetails` with `simple=true`), in `order_by` order. Ids
//! are the source items' own, so they resolve on `GET /projects/:id` (`campaign.rs`).

use super::campaign::{project_json, project_view};
use super::source_auth;
use crate::api::{flag, GroupQuery};
use crate::entities;
use crate::entities::source_item::{created_ms, group_view, repository_size, updated_ms};
use crate::listing::{with_projects, List, DETAIL_PROJECTS_LIMIT};
use crate::ordering::{ListOrder, SortKey, GROUP_ORDER, GROUP_PROJECTS_ORDER, PROJECTS_ORDER};
use crate::paths::{id_matches, is_child_of, is_descendant, matches_search};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

fn key(item: &SourceItem) -> SortKey<'_> {
    let size = if item.kind == Kind::Project { repository_size(item) } else { 0 };
    SortKey {
        id: item.id,
        name: &item.name,
        path: item.last_segment(),
        created_ms: created_ms(item),
        updated_ms: updated_ms(item),
        size,
    }
}

fn render_project(world: &World, item: &SourceItem, q: &GroupQuery) -> Value {
    if flag(&q.simple) {
        entities::basic_project(&project_view(world, item, false))
    } else {
        project_json(world, item, flag(&q.statistics))
    }
}

/// The source's items `rows` picks, after the token and the parameters are checked, sorted and paged.
fn answer(
    s: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    q: &GroupQuery,
    order: &ListOrder,
    rows: impl FnOnce(&World) -> Option<Vec<SourceItem>>,
) -> Response {
    let world = s.world();
    let list = List { uri, q, order };
    list.answer(
        source_auth(&world, headers),
        |_| rows(&world),
        key,
        |i| match i.kind {
            Kind::Group => entities::group(&group_view(&world, &i)),
            Kind::Project => render_project(&world, &i, q),
        },
    )
}

/// `GET /groups` on the source.
pub(crate) async fn list(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<GroupQuery>,
) -> Response {
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    let top = flag(&q.top_level_only);
    answer(&s, &headers, &uri, &q, &GROUP_ORDER, |world| {
        Some(
            world
                .source_items
                .iter()
                .filter(|i| {
                    i.kind == Kind::Group
                        && (!top || i.parent_path().is_none())
                        && matches_search(&i.full_path, &i.name, &search)
                })
                .cloned()
                .collect(),
        )
    })
}

/// `GET /projects` on the source.
pub(crate) async fn projects(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<GroupQuery>,
) -> Response {
    let search = q.search.clone().unwrap_or_default().to_lowercase();
    answer(&s, &headers, &uri, &q, &PROJECTS_ORDER, |world| {
        Some(
            world
                .source_items
                .iter()
                .filter(|i| i.kind == Kind::Project && matches_search(&i.full_path, &i.name, &search))
                .cloned()
                .collect(),
        )
    })
}

fn find_group<'w>(world: &'w World, raw: &str) -> Option<&'w SourceItem> {
    world.source_items.iter().find(|i| i.kind == Kind::Group && id_matches(raw, Some(i.id), Some(&i.full_path)))
}

/// `GET /groups/:id/projects` on the source (`include_subgroups=true`: every descendant's projects).
pub(crate) async fn group_projects(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let deep = flag(&q.include_subgroups);
    answer(&s, &headers, &uri, &q, &GROUP_PROJECTS_ORDER, |world| {
        let group = find_group(world, &raw)?.full_path.clone();
        Some(
            world
                .source_items
                .iter()
                .filter(|i| i.kind == Kind::Project)
                .filter(|i| {
                    let parent = i.parent_path().unwrap_or("");
                    parent.eq_ignore_ascii_case(&group) || (deep && is_descendant(parent, &group))
                })
                .cloned()
                .collect(),
        )
    })
}

/// `GET /groups/:id/subgroups` on the source: the direct child groups.
pub(crate) async fn subgroups(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    answer(&s, &headers, &uri, &q, &GROUP_ORDER, |world| {
        let group = find_group(world, &raw)?.full_path.clone();
        Some(
            world
                .source_items
                .iter()
                .filter(|i| i.kind == Kind::Group && is_child_of(&i.full_path, &group))
                .cloned()
                .collect(),
        )
    })
}

/// `GET /groups/:id` on the source: `GroupDetail` with its own projects unless `with_projects=false`.
pub(crate) async fn get(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Response {
    let world = s.world();
    if let Err(r) = source_auth(&world, &headers) {
        return r;
    }
    let Some(group) = find_group(&world, &raw) else {
        return render::message(StatusCode::NOT_FOUND, "404 Group Not Found");
    };
    let projects = with_projects(&q).then(|| {
        let mut own: Vec<&SourceItem> = world
            .source_items
            .iter()
            .filter(|i| i.kind == Kind::Project && is_child_of(&i.full_path, &group.full_path))
            .collect();
        own.sort_by_key(|i| std::cmp::Reverse(i.id));
        own.into_iter().take(DETAIL_PROJECTS_LIMIT).map(|i| project_json(&world, i, false)).collect()
    });
    Json(entities::group_detail(&group_view(&world, group), true, projects)).into_response()
}
