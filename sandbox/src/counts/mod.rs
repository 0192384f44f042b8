//! Counts on both instances for the console's verification (after-migration.md §5): the list endpoints of a
//! project (issues, merge requests, milestones, labels, releases) and of a group (labels, milestones),
//! paginated as GitLab does so that `per_page=1` gives the count in `X-Total` (dropped above 10,000 rows, as
//! GitLab does).
//!
//! The numbers follow the simulated import: on the destination a relation holds what the entity's stats say
//! was imported (so the items its failures name are missing there); on the source it holds what the source
//! item has. A group's subgroups and projects are full entities, listed by each instance's groups module.

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
pub const GROUP_LISTS: [&str; 2] = ["labels", "milestones"];

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
        for name in lists {
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

/// A list's answer: GitLab's pagination over `size` generated rows, or (`None`) the 404 GitLab sends for an
/// unknown id.
pub(crate) fn answer(size: Option<u64>, kind: Kind, params: PageParams, uri: &Uri) -> Response {
    let Some(size) = size else {
        let what = if kind == Kind::Group { "404 Group Not Found" } else { "404 Project Not Found" };
        return render::message(StatusCode::NOT_FOUND, what);
    };
    // Rows are cheap placeholders: the console reads only the headers.
    let rows: Vec<Value> = (1..=size).map(|i| json!({"id": i, "iid": i})).collect();
    paged(rows, &params, uri, &[])
}
