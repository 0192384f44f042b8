//! The campaign plan kept in GitLab (#27): one JSON file in a destination project's repository, each change a
//! commit that says what changed, every write sending `last_commit_id`. When GitLab answers that the file
//! changed, it is read again and merged (`logic::campaign::merge`): a co-owner's change is never overwritten.
//! Browser storage stays the offline copy (`data::campaign::use_plan`). Where the plan lives is kept in browser
//! storage too (`campaign-plan-home`: ids and paths, never a token).

use crate::api::repository::{CommitInfo, FileWrite, PlanProject, FILE_CHANGED};
use crate::api::{ApiError, Client, Group};
use crate::logic::campaign::merge::{merge, NotMerged};
use crate::logic::campaign::plan_file::{self, FileRefusal};
use crate::logic::campaign::plan_io::Plan;
use serde::{Deserialize, Serialize};

const HOME_KEY: &str = "campaign-plan-home";
/// The file's name in the project (on its default branch).
pub const PLAN_FILE: &str = "migration-campaign.json";
/// GitLab's Maintainer: who may push to a protected default branch.
const MAINTAINER: u64 = 40;

/// Where the plan lives in GitLab.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanHome {
    pub project_id: u64,
    pub project_path: String,
    pub web_url: String,
    pub branch: String,
    pub file: String,
    /// The user may push to its default branch (checked when it was chosen; GitLab's refusal also sets it).
    pub writable: bool,
}

impl PlanHome {
    pub fn of(p: &PlanProject) -> PlanHome {
        PlanHome {
            project_id: p.id,
            project_path: p.path_with_namespace.clone(),
            web_url: p.web_url.clone(),
            branch: p.default_branch.clone().filter(|b| !b.is_empty()).unwrap_or_else(|| "main".into()),
            file: PLAN_FILE.into(),
            writable: true,
        }
    }

    /// The file in GitLab's web interface.
    pub fn file_url(&self) -> String {
        format!("{}/-/blob/{}/{}", self.web_url.trim_end_matches('/'), self.branch, self.file)
    }
}

/// The project the plan lives in, chosen on this browser.
pub fn use_plan_home() -> (leptos::prelude::Signal<Option<PlanHome>>, leptos::prelude::WriteSignal<Option<PlanHome>>) {
    crate::browser::use_stored(
        HOME_KEY,
        |raw| raw.and_then(|t| serde_json::from_str::<PlanHome>(&t).ok()).filter(|h| h.project_id > 0),
        |h| h.as_ref().and_then(|h| serde_json::to_string(h).ok()).unwrap_or_default(),
    )
}

/// The file as GitLab last gave or took it.
#[derive(Clone, Debug, PartialEq)]
pub struct Synced {
    pub plan: Plan,
    /// `None`: the file is not in the repository yet (the first write creates it).
    pub last_commit_id: Option<String>,
    /// Who changed it last, and when (the commit's author and time).
    pub author: Option<String>,
    pub authored_at: Option<String>,
}

impl Synced {
    fn with_commit(plan: Plan, c: Option<CommitInfo>) -> Synced {
        Synced {
            plan,
            last_commit_id: c.as_ref().map(|c| c.id.clone()).filter(|id| !id.is_empty()),
            author: c.as_ref().map(|c| c.author_name.clone()).filter(|a| !a.is_empty()),
            authored_at: c.and_then(|c| c.authored_date),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    Api(ApiError),
    /// The file in GitLab is not a plan this console takes: the browser copy stays in use.
    File(FileRefusal),
}

impl From<ApiError> for StoreError {
    fn from(e: ApiError) -> StoreError {
        StoreError::Api(e)
    }
}

/// A write that met a co-owner's change: what they changed, who, and what of mine was not applied.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeNote {
    pub theirs: String,
    pub by: Option<String>,
    pub not_merged: Vec<NotMerged>,
}

/// Whether the user may write to the project's protected default branch: Maintainer or more, from the
/// project's `permissions` when GitLab sends them, else from the groups where the user is Maintainer or more
/// (`destination_groups`): the project's group or one above it.
pub fn may_write(p: &PlanProject, maintainer_of: &[Group]) -> bool {
    let level = |a: &Option<crate::api::repository::AccessLevel>| a.as_ref().and_then(|a| a.access_level);
    if let Some(perm) = &p.permissions {
        if let Some(l) = level(&perm.project_access).max(level(&perm.group_access)) {
            return l >= MAINTAINER;
        }
    }
    let ns = p.namespace.as_ref().map(|n| n.full_path.to_ascii_lowercase()).unwrap_or_default();
    maintainer_of.iter().any(|g| {
        let g = g.full_path.to_ascii_lowercase();
        ns == g || ns.starts_with(&format!("{g}/"))
    })
}

/// The project at `path` (`group/name`).
pub async fn find_project(client: &Client, path: &str) -> Result<PlanProject, ApiError> {
    client.plan_project(path.trim()).await
}

/// Creates the project `name` in the group `namespace_id`.
pub async fn create_project(client: &Client, path: &str, namespace_id: u64) -> Result<PlanProject, ApiError> {
    client.create_plan_project(path, path, namespace_id).await
}

/// The last commit of the plan this browser saw (its id, author and time; never a token): when the file's
/// `last_commit_id` is still that one, opening the board reads the file only.
const COMMIT_KEY: &str = "campaign-plan-commit";

#[derive(Serialize, Deserialize)]
struct SeenCommit {
    project_id: u64,
    file: String,
    commit: CommitInfo,
}

fn remembered(home: &PlanHome, id: &str) -> Option<CommitInfo> {
    let raw = crate::browser::storage::get(crate::browser::storage::Kind::Local, COMMIT_KEY)?;
    let seen: SeenCommit = serde_json::from_str(&raw).ok()?;
    (seen.project_id == home.project_id && seen.file == home.file && seen.commit.id == id).then_some(seen.commit)
}

fn remember(home: &PlanHome, commit: &CommitInfo) {
    let seen = SeenCommit { project_id: home.project_id, file: home.file.clone(), commit: commit.clone() };
    if let Ok(text) = serde_json::to_string(&seen) {
        crate::browser::storage::set(crate::browser::storage::Kind::Local, COMMIT_KEY, &text);
    }
}

/// Reads the plan: the file (1 request), and its last commit for who and when (1 more request) unless this
/// browser already knows that commit (it wrote it, or read it before). `Ok(None)`: no file yet.
pub async fn read(client: &Client, home: &PlanHome) -> Result<Option<Synced>, StoreError> {
    let file = match client.repo_file(home.project_id, &home.file, &home.branch).await {
        Ok(f) => f,
        Err(ApiError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let bytes = plan_file::decode_base64(&file.content).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let plan = plan_file::read(&text).map_err(StoreError::File)?;
    let commit = match remembered(home, &file.last_commit_id) {
        Some(c) => Some(c),
        None => {
            let c = client.last_commit_of(home.project_id, &home.file, &home.branch).await.ok().flatten();
            if let Some(c) = c.as_ref().filter(|c| c.id == file.last_commit_id) {
                remember(home, c);
            }
            c
        }
    };
    let mut synced = Synced::with_commit(plan, commit);
    if !file.last_commit_id.is_empty() {
        synced.last_commit_id = Some(file.last_commit_id);
    }
    Ok(Some(synced))
}

/// One commit of the plan; GitLab answers with that commit, which the next write names.
async fn put(
    client: &Client,
    home: &PlanHome,
    plan: &Plan,
    message: &str,
    last: Option<&str>,
) -> Result<Synced, StoreError> {
    let content = plan_file::write(plan).map_err(StoreError::File)?;
    let w = FileWrite { branch: &home.branch, content: &content, commit_message: message, last_commit_id: last };
    let commit = client.commit_repo_file(home.project_id, &home.file, &w).await?;
    if !commit.id.is_empty() {
        remember(home, &commit);
    }
    Ok(Synced::with_commit(plan.clone(), Some(commit)))
}

/// Writes `mine` over `synced` (what GitLab had when this tab last read or wrote it): one request. When the
/// file changed meanwhile: read again (the file and its new commit), merge, write the merge (one more request).
pub async fn save(
    client: &Client,
    home: &PlanHome,
    synced: Option<&Synced>,
    mine: &Plan,
) -> Result<(Synced, Option<MergeNote>), StoreError> {
    let base = synced.map(|s| s.plan.clone()).unwrap_or_default();
    let last = synced.and_then(|s| s.last_commit_id.clone());
    let message = if last.is_none() {
        "migration campaign plan created".to_string()
    } else {
        plan_file::change_message(&base, mine)
    };
    match put(client, home, mine, &message, last.as_deref()).await {
        Ok(now) => Ok((now, None)),
        Err(StoreError::Api(ApiError::BadRequest(m))) if m.contains(FILE_CHANGED) || m.contains("already exists") => {
            let Some(theirs) = read(client, home).await? else {
                return Err(StoreError::Api(ApiError::BadRequest(m)));
            };
            let merged = merge(&base, mine, &theirs.plan);
            let note = MergeNote {
                theirs: plan_file::change_message(&base, &theirs.plan),
                by: theirs.author.clone(),
                not_merged: merged.not_merged,
            };
            if merged.plan == theirs.plan {
                return Ok((theirs, Some(note)));
            }
            let message = format!("merged: {}", plan_file::change_message(&theirs.plan, &merged.plan));
            let now = put(client, home, &merged.plan, &message, theirs.last_commit_id.as_deref()).await?;
            Ok((now, Some(note)))
        }
        Err(e) => Err(e),
    }
}

/// Posts the sign-off issue; gives its address.
pub async fn sign_off(client: &Client, home: &PlanHome, title: &str, markdown: &str) -> Result<String, ApiError> {
    client.create_issue(home.project_id, title, markdown).await.map(|i| i.web_url)
}
