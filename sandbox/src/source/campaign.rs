//! What a campaign plan reads on the source (after-migration.md §5): a project's `statistics` (as GitLab's
//! `GET /projects/:id?statistics=true` and `GET /projects?statistics=true` give them), whether it is archived
//! and whose namespace it lives in, and a scaled source (`--scale-source N`) of many groups and projects whose
//! simulated import durations follow GitLab's published per-object timings.

use crate::api::token_of;
use crate::entities::source_item::{created_ms, group_view, source_owner, spread, updated_ms};
use crate::entities::{NamespaceView, ProjectView};
use crate::world::*;
use crate::{render, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// A repository above this size is one the console flags (GitLab's docs warn about very large repositories).
pub const HUGE_REPOSITORY: u64 = 10 * 1024 * 1024 * 1024;

/// Written once in `entities::source_item`, read here by the campaign tests.
pub use crate::entities::source_item::{empty_statistics, repository_size, statistics};

fn relation(item: &SourceItem, name: &str) -> u64 {
    item.relations.iter().find(|(r, _)| *r == name).map_or(0, |(_, n)| *n)
}

/// Scaled projects whose slug starts with this are archived.
pub fn is_archived(item: &SourceItem) -> bool {
    item.last_segment().starts_with("archived-")
}

/// A project whose parent path is no group lives in a user's personal namespace.
pub fn namespace_kind(world: &World, item: &SourceItem) -> &'static str {
    match item.parent_path() {
        Some(p) if world.source_item(Kind::Group, p).is_some() => "group",
        _ => "user",
    }
}

/// A source project as GitLab's REST API shows it to its owner (`entities::project`'s view).
pub fn project_view(world: &World, item: &SourceItem, with_statistics: bool) -> ProjectView {
    let parent = item.parent_path().unwrap_or("");
    let group = world.source_item(Kind::Group, parent);
    let owner = world.user(OWNER_ID);
    let namespace = match group {
        Some(g) => NamespaceView {
            id: g.id,
            name: g.name.clone(),
            human_name: group_view(world, g).full_name,
            full_path: g.full_path.clone(),
            kind: "group",
            parent_id: g.parent_path().and_then(|p| world.source_item(Kind::Group, p)).map(|p| p.id),
        },
        None => NamespaceView {
            id: item.id + 500_000,
            name: owner.map_or_else(|| parent.to_string(), |u| u.name.clone()),
            human_name: owner.map_or_else(|| parent.to_string(), |u| u.name.clone()),
            full_path: parent.to_string(),
            kind: "user",
            parent_id: None,
        },
    };
    let base = world.source_url.trim_end_matches('/').to_string();
    let personal = group.is_none();
    ProjectView {
        id: item.id,
        name: item.name.clone(),
        full_path: item.full_path.clone(),
        namespace,
        created_ms: created_ms(item),
        last_activity_ms: updated_ms(item),
        archived: world.move_settings.cutover.is_archived(source_owner(Kind::Project, item.id), is_archived(item)),
        marked_for_deletion_ms: None,
        open_issues_count: relation(item, "issues"),
        creator_id: OWNER_ID,
        statistics: with_statistics.then(|| statistics(item)),
        owner: owner.filter(|_| personal).map(|u| crate::entities::user_basic(u, &base)),
        base,
        empty_repo: false,
    }
}

/// A project as GitLab's `/projects` represents it (`API::Entities::Project`), with `statistics` when asked.
pub fn project_json(world: &World, item: &SourceItem, with_statistics: bool) -> Value {
    crate::entities::project(&project_view(world, item, with_statistics))
}

#[derive(Deserialize, Default)]
pub(crate) struct StatisticsQuery {
    statistics: Option<String>,
}

/// `GET /projects/:id` on the source (id or URL-encoded path), `?statistics=true` adds `statistics`.
pub(crate) async fn get_project(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<StatisticsQuery>,
) -> Response {
    let world = s.world();
    let known = token_of(&headers).is_some_and(|t| world.source_tokens.contains_key(t.as_str()));
    if !known {
        return render::unauthorized();
    }
    let found = world
        .source_items
        .iter()
        .find(|i| i.kind == Kind::Project && crate::paths::id_matches(&raw, Some(i.id), Some(&i.full_path)));
    match found {
        Some(item) => Json(project_json(&world, item, crate::api::flag(&q.statistics))).into_response(),
        None => render::message(StatusCode::NOT_FOUND, "404 Project Not Found"),
    }
}

/// `GET /projects/:id/issues_statistics` on the source: GitLab's counts of all, open and closed issues.
pub(crate) async fn issues_statistics(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let world = s.world();
    let known = token_of(&headers).is_some_and(|t| world.source_tokens.contains_key(t.as_str()));
    if !known {
        return render::unauthorized();
    }
    let found = world
        .source_items
        .iter()
        .find(|i| i.kind == Kind::Project && crate::paths::id_matches(&raw, Some(i.id), Some(&i.full_path)));
    match found {
        Some(item) => {
            let all = relation(item, "issues");
            let closed = all / 3;
            Json(json!({"statistics": {"counts": {"all": all, "closed": closed, "opened": all - closed}}}))
                .into_response()
        }
        None => render::message(StatusCode::NOT_FOUND, "404 Project Not Found"),
    }
}

/// The routes of this file on the source instance.
pub fn routes() -> axum::Router<Shared> {
    use axum::routing::get;
    axum::Router::new()
        .route("/projects/{id}", get(get_project))
        .route("/projects/{id}/issues_statistics", get(issues_statistics))
}

pub use crate::entities::source_item::SCALE_FIRST_ID;
/// Projects per scaled group.
pub const SCALE_GROUP_SIZE: usize = 40;

/// Seconds GitLab's docs give per imported object: repository 20, wiki 10, merge request 1, issue 0.1,
/// label and milestone 0.05, and about 2.4 for an empty project's own work.
pub fn simulated_duration_s(issues: u64, merge_requests: u64, labels: u64, has_wiki: bool) -> u64 {
    let tenths = 24 + 200 + if has_wiki { 100 } else { 0 } + merge_requests * 10 + issues + labels / 2;
    tenths.div_ceil(10)
}

/// Adds `projects` projects to the source: groups `fleet-NN` of [`SCALE_GROUP_SIZE`] projects each, every
/// 25th project archived, every 100th with a very large repository, and three in Olivia's personal namespace.
pub fn seed_scale(world: &mut World, projects: usize) {
    seed_scale_in(world, projects, None);
}

/// Like [`seed_scale`]; with `groups`, every project is spread evenly over that many groups (none personal):
/// a campaign's "500 projects in 40 groups".
pub fn seed_scale_in(world: &mut World, projects: usize, groups: Option<usize>) {
    let personal = if groups.is_some() { 0 } else { projects.min(3) };
    let grouped = projects - personal;
    let groups = groups.map(|g| g.clamp(1, grouped.max(1)));
    let group_of = |n: usize| match groups {
        Some(g) => n * g / grouped.max(1) + 1,
        None => n / SCALE_GROUP_SIZE + 1,
    };
    let mut id = SCALE_FIRST_ID;
    let mut items = Vec::with_capacity(projects + grouped / SCALE_GROUP_SIZE + 1);
    for n in 0..grouped {
        if n == 0 || group_of(n) != group_of(n - 1) {
            let g = group_of(n);
            items.push(SourceItem {
                id: SCALE_FIRST_ID + 50_000 + g as u64,
                kind: Kind::Group,
                full_path: format!("fleet-{g:02}"),
                name: format!("Fleet {g:02}"),
                relations: vec![("labels", 12), ("milestones", 4), ("members", 6)],
                behaviour: Behaviour::Clean,
                duration_s: 10,
            });
        }
        let g = group_of(n);
        let slug = if n % 25 == 24 { format!("archived-svc-{n:04}") } else { format!("svc-{n:04}") };
        items.push(scaled_project(id, &format!("fleet-{g:02}/{slug}"), &slug));
        id += 1;
    }
    for k in 0..personal {
        items.push(scaled_project(id, &format!("olivia/scratch-{k}"), &format!("scratch-{k}")));
        id += 1;
    }
    world.source_items.extend(items);
}

fn scaled_project(id: u64, path: &str, name: &str) -> SourceItem {
    let issues = 5 + spread(id, 7) % 200;
    let merge_requests = 2 + spread(id, 8) % 60;
    let labels = 10;
    SourceItem {
        id,
        kind: Kind::Project,
        full_path: path.into(),
        name: name.into(),
        relations: vec![("issues", issues), ("merge_requests", merge_requests), ("labels", labels)],
        behaviour: Behaviour::Clean,
        duration_s: simulated_duration_s(issues, merge_requests, labels, !id.is_multiple_of(3)),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ScaleQuery {
    projects: Option<usize>,
    /// Spread the projects over this many groups (none personal) instead of groups of 40.
    groups: Option<usize>,
}

/// `POST /-/sandbox/scale-source?projects=N`: the `--scale-source` flag at run time (a suite's own sandbox is
/// started with the common flags). Once per world: a second call answers 409.
pub(crate) async fn control_scale_source(State(s): State<Shared>, Query(q): Query<ScaleQuery>) -> Response {
    let mut world = s.world();
    if world.source_items.iter().any(|i| i.id >= SCALE_FIRST_ID) {
        return render::message(StatusCode::CONFLICT, "the source is scaled already");
    }
    let n = q.projects.unwrap_or(2000).min(20_000);
    let groups = q.groups.map(|g| g.clamp(1, 1_000));
    seed_scale_in(&mut world, n, groups);
    Json(json!({"projects": n, "groups": groups})).into_response()
}
