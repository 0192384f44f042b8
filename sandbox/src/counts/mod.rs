//! Counts on both instances for the console's verification (after-migration.md §5): the list endpoints of a
//! project (issues, merge requests, milestones, labels, releases) and of a group (subgroups, projects, labels,
//! milestones), paginated as GitLab does so that `per_page=1` gives the count in `X-Total` (dropped above
//! 10,000 rows, as GitLab does).
//!
//! The numbers follow the simulated import: on the destination a relation holds what the entity's stats say
//! was imported (so the items its failures name are missing there); on the source it holds what the source
//! item has. Subgroups and projects are the groups and projects that exist under the path on each side.

pub mod destination;
pub mod source;

use crate::api::paged;
use crate::pagination::PageParams;
use crate::render;
use crate::world::*;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

/// The project lists that are counted, and the group ones.
pub const PROJECT_LISTS: [&str; 5] = ["issues", "merge_requests", "milestones", "labels", "releases"];
pub const GROUP_LISTS: [&str; 4] = ["subgroups", "projects", "labels", "milestones"];

/// What one list holds: its size, or the child paths for subgroups and projects.
pub enum Listing {
    Items(u64),
    Paths(Vec<String>),
}

/// A list's answer: GitLab's pagination over generated rows, or the 404 GitLab sends for an unknown id.
/// A counted list's handler: state, headers, URI, which kind, the raw id or path, the list's name, paging.
pub(crate) type ListHandler = fn(
    crate::Shared,
    axum::http::HeaderMap,
    Uri,
    Kind,
    String,
    &'static str,
    PageParams,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>;

/// One route per counted list of projects and groups, each answered by `list` (destination and source alike).
pub(crate) fn routes(list: ListHandler) -> axum::Router<crate::Shared> {
    use axum::extract::{Path, Query, State};
    let mut router = axum::Router::new();
    for (kind, lists, prefix) in
        [(Kind::Project, &PROJECT_LISTS[..], "projects"), (Kind::Group, &GROUP_LISTS[..], "groups")]
    {
        // A group's `projects` and `subgroups` are full entities, served by each instance's groups module.
        for name in lists.iter().filter(|n| !(kind == Kind::Group && matches!(**n, "projects" | "subgroups"))) {
            let handler =
                move |State(s): State<crate::Shared>,
                      headers: axum::http::HeaderMap,
                      uri: Uri,
                      Path(raw): Path<String>,
                      Query(q): Query<PageParams>| list(s, headers, uri, kind, raw, name, q);
            router = router.route(&format!("/{prefix}/{{id}}/{name}"), axum::routing::get(handler));
        }
    }
    router
}

pub(crate) fn answer(listing: Option<Listing>, kind: Kind, params: PageParams, uri: &Uri) -> Response {
    let Some(listing) = listing else {
        let what = if kind == Kind::Group { "404 Group Not Found" } else { "404 Project Not Found" };
        return render::message(StatusCode::NOT_FOUND, what);
    };
    let rows: Vec<Value> = match listing {
        // Rows are cheap placeholders: the console reads only the headers.
        Listing::Items(n) => (1..=n).map(|i| json!({"id": i, "iid": i})).collect(),
        Listing::Paths(paths) => paths
            .into_iter()
            .enumerate()
            .map(|(i, p)| json!({"id": i + 1, "full_path": p, "path_with_namespace": p}))
            .collect(),
    };
    paged(rows, &params, uri, &[])
}

/// Direct children (by path) among `paths`, case-insensitively, without duplicates.
pub fn children_of<'a>(parent: &str, paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = paths
        .filter(|p| p.rsplit_once('/').is_some_and(|(head, _)| head.eq_ignore_ascii_case(parent)))
        .map(str::to_string)
        .collect();
    out.sort_by_key(|p| p.to_ascii_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// GitLab takes a numeric id or the URL-encoded full path (axum has decoded it already).
pub(crate) fn id_matches(raw: &str, id: Option<u64>, full_path: Option<&str>) -> bool {
    match raw.parse::<u64>() {
        Ok(n) => id == Some(n),
        Err(_) => full_path.is_some_and(|p| p.eq_ignore_ascii_case(raw)),
    }
}
