//! `GET /projects/:id/repository/commits` (`lib/api/commits.rb`): `download_code` (Reporter), the commits
//! reachable from `ref_name` (the default branch when absent), newest first, only those that changed
//! `path` when it is given; offset-paginated like every list of the sandbox. An unknown ref lists nothing.

use super::{authorize, caller, project, repository};
use crate::api::{base_url, paged_map};
use crate::entities::repository::commit;
use crate::pagination::{encode, PageParams};
use crate::world::*;
use crate::Shared;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(crate) struct CommitsQuery {
    ref_name: Option<String>,
    path: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

fn list_inner(s: &Shared, headers: &HeaderMap, uri: &Uri, id: &str, q: &CommitsQuery) -> Result<Response, Response> {
    let world = s.world();
    let user = caller(&world, headers, false)?;
    let base = base_url(uri);
    let (p, level) = project(&world, &user, id, &base)?;
    authorize(level, REPORTER)?;
    let repo = repository(&world, &p);
    let reference = q.ref_name.as_deref().filter(|r| !r.is_empty()).unwrap_or(&repo.default_branch);
    let head = repo.resolve(reference).map(|c| c.id.clone());
    let commits = match (head, q.path.as_deref().filter(|p| !p.is_empty())) {
        (None, _) => Vec::new(),
        (Some(h), Some(path)) => repo.history_of_path(&h, path),
        (Some(h), None) => repo.history(&h),
    };
    let project_url = format!("{base}/{}", p.view.full_path);
    let keep: Vec<(&str, String)> = [("ref_name", &q.ref_name), ("path", &q.path)]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, encode(v))))
        .collect();
    let page = PageParams { page: q.page.clone(), per_page: q.per_page.clone() };
    Ok(paged_map(commits, &page, uri, &keep, |c| commit(c, &project_url)))
}

pub(crate) async fn list(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    Query(q): Query<CommitsQuery>,
) -> Response {
    list_inner(&s, &headers, &uri, &id, &q).unwrap_or_else(|r| r)
}
