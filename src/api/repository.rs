//! Where a campaign plan is kept in GitLab (#27): a destination project (`GET /projects/:id`, `POST
//! /projects`), one file in its repository (Repository Files API: `GET`, `POST` create, `PUT` update with
//! `last_commit_id`), the file's last commit (Commits API, `path` and `ref_name`) and the sign-off issue
//! (`POST /projects/:id/issues`).

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::lenient;
use super::pagination::encode_component;
use gloo_net::http::Method;
use serde::Deserialize;
use serde_json::json;

/// GitLab's words when `last_commit_id` is not the file's last commit (`Files::MultiService`: "The file has
/// changed since you started editing it: <path>"; `Files::UpdateService` says it in a longer sentence).
pub const FILE_CHANGED: &str = "has changed since you started editing it";
/// GitLab's words when the user may not push to the branch (the Commits API's `authorize_push_to_branch!`, a
/// 403; `Commits::CreateService`, a 400).
pub const NOT_ALLOWED: &str = "not allowed to push into this branch";

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AccessLevel {
    #[serde(default, deserialize_with = "lenient::count")]
    pub access_level: Option<u64>,
}

/// `permissions` of `GET /projects/:id`: the caller's own levels (either may be null).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Permissions {
    #[serde(default, deserialize_with = "lenient::known")]
    pub project_access: Option<AccessLevel>,
    #[serde(default, deserialize_with = "lenient::known")]
    pub group_access: Option<AccessLevel>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct NamespaceOf {
    #[serde(default, deserialize_with = "lenient::id")]
    pub id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub full_path: String,
}

/// A destination project, as much as the plan needs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PlanProject {
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub path_with_namespace: String,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub web_url: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub default_branch: Option<String>,
    #[serde(default, deserialize_with = "lenient::known")]
    pub namespace: Option<NamespaceOf>,
    #[serde(default, deserialize_with = "lenient::known")]
    pub permissions: Option<Permissions>,
}

/// A file as `GET …/repository/files/:path` answers it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RepoFile {
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub content: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub encoding: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub last_commit_id: String,
}

/// A commit as the commits list gives it (and the Commits API's create: `CommitDetail` has the same keys).
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
pub struct CommitInfo {
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub author_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub authored_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct IssueRef {
    #[serde(default, deserialize_with = "lenient::id")]
    pub iid: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub web_url: String,
}

/// One write of the plan file.
pub struct FileWrite<'a> {
    pub branch: &'a str,
    pub content: &'a str,
    pub commit_message: &'a str,
    /// Omitted on a create.
    pub last_commit_id: Option<&'a str>,
}

fn file_route(project: u64, path: &str) -> String {
    format!("/projects/{project}/repository/files/{}", encode_component(path))
}

impl Client {
    /// `GET /projects/:id` by id or full path.
    pub async fn plan_project(&self, id_or_path: &str) -> Result<PlanProject, ApiError> {
        self.get(&format!("/projects/{}", encode_component(id_or_path)), NotFoundMeaning::MissingRecord).await
    }

    /// `POST /projects` in the group `namespace_id`.
    pub async fn create_plan_project(
        &self,
        name: &str,
        path: &str,
        namespace_id: u64,
    ) -> Result<PlanProject, ApiError> {
        let body = json!({"name": name, "path": path, "namespace_id": namespace_id}).to_string();
        self.request(Method::POST, "/projects", Some(body), NotFoundMeaning::NotGitLab).await.map(|(p, _)| p)
    }

    /// The file at `path` on `reference`.
    pub async fn repo_file(&self, project: u64, path: &str, reference: &str) -> Result<RepoFile, ApiError> {
        let route = format!("{}?ref={}", file_route(project, path), encode_component(reference));
        self.get(&route, NotFoundMeaning::MissingRecord).await
    }

    /// Creates or updates the file in one commit through the Commits API (`POST …/repository/commits`, one
    /// `create` or `update` action with `last_commit_id`), which answers with the commit itself: its id is what
    /// the next write names, its author and time what the board shows. `stats=false`: GitLab need not diff.
    pub async fn commit_repo_file(&self, project: u64, path: &str, w: &FileWrite<'_>) -> Result<CommitInfo, ApiError> {
        let mut action = json!({"file_path": path, "content": w.content});
        match w.last_commit_id {
            Some(last) => {
                action["action"] = json!("update");
                action["last_commit_id"] = json!(last);
            }
            None => action["action"] = json!("create"),
        }
        let body = json!({"branch": w.branch, "commit_message": w.commit_message, "stats": false, "actions": [action]});
        let route = format!("/projects/{project}/repository/commits");
        self.request(Method::POST, &route, Some(body.to_string()), NotFoundMeaning::MissingRecord).await.map(|(c, _)| c)
    }

    /// The newest commit that changed `path` on `reference`.
    pub async fn last_commit_of(
        &self,
        project: u64,
        path: &str,
        reference: &str,
    ) -> Result<Option<CommitInfo>, ApiError> {
        let route = format!(
            "/projects/{project}/repository/commits?path={}&ref_name={}&per_page=1",
            encode_component(path),
            encode_component(reference)
        );
        let page = self.get_page::<CommitInfo>(&route, NotFoundMeaning::MissingRecord).await?;
        Ok(page.items.into_iter().next())
    }

    /// `POST /projects/:id/issues`.
    pub async fn create_issue(&self, project: u64, title: &str, description: &str) -> Result<IssueRef, ApiError> {
        let body = json!({"title": title, "description": description}).to_string();
        let route = format!("/projects/{project}/issues");
        self.request(Method::POST, &route, Some(body), NotFoundMeaning::MissingRecord).await.map(|(i, _)| i)
    }
}
