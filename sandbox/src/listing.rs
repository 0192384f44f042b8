//! The steps every REST list of groups or projects takes, on both instances (a helper: it knows no feature):
//! the caller's token, then `order_by`/`sort` (Grape's 400), then the rows (or the group's 404), sorted and
//! paged with GitLab's headers. Also what `GET /groups/:id` reads the same way on both.

use crate::api::{flag, paged_map, GroupQuery};
use crate::ordering::{ListOrder, SortKey};
use crate::render;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;

/// `GroupDetail`'s `projects` stop at `GroupProjectsFinder::DEFAULT_PROJECTS_LIMIT`.
pub const DETAIL_PROJECTS_LIMIT: usize = 100;

/// `GET /groups/:id` sends `projects` unless `with_projects=false`.
pub(crate) fn with_projects(q: &GroupQuery) -> bool {
    q.with_projects.is_none() || flag(&q.with_projects)
}

/// What a list answers from: the query, its URL and the orders it accepts.
pub(crate) struct List<'a> {
    pub uri: &'a Uri,
    pub q: &'a GroupQuery,
    pub order: &'a ListOrder,
}

impl List<'_> {
    /// `auth` (the caller, or the 401/403 to send), then `order_by`/`sort`, then `rows` for that caller
    /// (`None`: the group it lists is not found), sorted by `key` and paged, each row of the page `render`ed.
    pub(crate) fn answer<A, T>(
        &self,
        auth: Result<A, Response>,
        rows: impl FnOnce(A) -> Option<Vec<T>>,
        key: impl Fn(&T) -> SortKey<'_>,
        render_row: impl Fn(T) -> Value,
    ) -> Response {
        let caller = match auth {
            Ok(caller) => caller,
            Err(refusal) => return refusal,
        };
        let q = self.q;
        let order = match self.order.parse(q.order_by.as_deref(), q.sort.as_deref(), &q.page_params()) {
            Ok(o) => o,
            Err(e) => return render::error(StatusCode::BAD_REQUEST, &e),
        };
        let Some(mut list) = rows(caller) else {
            return render::message(StatusCode::NOT_FOUND, "404 Group Not Found");
        };
        order.sort(&mut list, key);
        paged_map(list, &q.page_params(), self.uri, &q.keep(), render_row)
    }
}
