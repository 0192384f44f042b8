//! Cutting over and cleaning up (#26): archive or unarchive a source project or group (`POST
//! /projects/:id/archive`, Owner; groups from GitLab 18.9), delete a failed copy on the destination in GitLab's two
//! steps (`DELETE` marks it and renames it `<path>-deletion_scheduled-<id>`; `DELETE ?permanently_remove=true
//! &full_path=<that path>` removes it now), and the registries that cannot move, counted (`lib/api/
//! project_container_repositories.rb`, `lib/api/project_packages.rb`).

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::pagination::encode_component;
use super::settings::owner_path;
use gloo_net::http::Method;
use serde_json::{Map, Value};

/// Pages of a registry list read at most (100 rows each); beyond, the count says "at least".
const MAX_INVENTORY_PAGES: u32 = 10;

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Client {
    /// `GET /projects/:id` or `/groups/:id` (id or path): the fields the cut-over reads (`archived`, the paths,
    /// `marked_for_deletion_on`).
    pub async fn get_owner(&self, group: bool, id: &str) -> Result<Map<String, Value>, ApiError> {
        let path = owner_path(group, id);
        // A group's projects are not needed: GitLab would list them all in the answer otherwise.
        let path = if group { format!("{path}?with_projects=false") } else { path };
        self.get::<Value>(&path, NotFoundMeaning::MissingRecord).await.map(object)
    }

    /// Archives (or unarchives) a project or group; GitLab answers 201 with it, `archived` set.
    pub async fn set_archived(&self, group: bool, id: &str, archived: bool) -> Result<Map<String, Value>, ApiError> {
        let action = if archived { "archive" } else { "unarchive" };
        let path = format!("{}/{action}", owner_path(group, id));
        self.request::<Value>(Method::POST, &path, None, NotFoundMeaning::MissingRecord).await.map(|(v, _)| object(v))
    }

    /// `DELETE /projects/:id` (or group): the first call marks it for deletion (202), the second, with
    /// `permanently_remove=true` and the full path it has now (renamed by the first), removes it at once.
    pub async fn delete_owner(&self, group: bool, id: u64, permanently: Option<&str>) -> Result<(), ApiError> {
        let kind = if group { "groups" } else { "projects" };
        let query = permanently
            .map(|full_path| format!("?permanently_remove=true&full_path={}", encode_component(full_path)))
            .unwrap_or_default();
        let path = format!("/{kind}/{id}{query}");
        match self.request::<Value>(Method::DELETE, &path, None, NotFoundMeaning::MissingRecord).await {
            Ok(_) | Err(ApiError::Malformed { status: 200..=299, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every row of a registry list on the source (`registry/repositories?tags_count=true` or `packages`),
    /// and whether it was read to its end.
    pub async fn inventory(&self, project: &str, list: &str) -> Result<(Vec<Map<String, Value>>, bool), ApiError> {
        let mut rows = Vec::new();
        for page in 1..=MAX_INVENTORY_PAGES {
            let path = format!("{}/{list}{}page={page}&per_page=100", owner_path(false, project), sep(list));
            let got = self.get_page::<Value>(&path, NotFoundMeaning::MissingRecord).await?;
            let full = got.items.len() >= 100;
            rows.extend(got.items.into_iter().map(object));
            if !(got.info.next_page.is_some() || (got.info.page.is_none() && full)) {
                return Ok((rows, true));
            }
        }
        Ok((rows, false))
    }
}

fn sep(list: &str) -> char {
    if list.contains('?') {
        '&'
    } else {
        '?'
    }
}
