//! `GET /projects/:id/repository/commits` (`lib/api/commits.rb`): `download_code` (Reporter), the commits
//! reachable from `ref_name` (the default branch when absent), newest first, only those that changed
//! `path` when it is given; offset-paginated like every list of the sandbox. An unknown ref lists nothing.
//! `POST` commits one or more files (below).

use super::files::{decode64, string};
use super::write::{can_push, commit_files, multi_file_changed, CommitHead, FileChange, Person, NOT_ALLOWED};
use super::{authorize, caller, commit_email, project, repository};
use crate::api::{base_url, paged_map};
use crate::entities::repository::{commit, commit_detail};
use crate::pagination::{encode, PageParams};
use crate::settings::{body, boolean, grape_errors};
use crate::world::repository::{Commit, Repository};
use crate::world::*;
use crate::{render, Shared};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};

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

/// `POST /projects/:id/repository/commits` (`Files::MultiService`): in GitLab's order, the project and
/// `download_code`, Grape's parameters (400 `{"error"}`), `authorize_push_to_branch!` (403 in GitLab's words),
/// then the service (400 `{"message"}`: a file changed since `last_commit_id`, exists, is missing). The answer,
/// 201, is the new commit as `API::Entities::CommitDetail`. The sandbox takes the actions `create` and
/// `update`; `move`, `delete` and `chmod` are refused with a sentence saying so.
fn create_inner(s: &Shared, headers: &HeaderMap, uri: &Uri, id: &str, bytes: &[u8]) -> Result<Response, Response> {
    let mut world = s.world();
    let user = caller(&world, headers, true)?;
    let base = base_url(uri);
    let (p, level) = project(&world, &user, id, &base)?;
    authorize(level, REPORTER)?;
    let params = body(headers, bytes).and_then(|m| multi_params(&m))?;
    let initial = repository(&world, &p);
    if level < DEVELOPER || !can_push(&initial, level, &params.branch) {
        let text = format!("403 Forbidden - {NOT_ALLOWED}");
        return Err(render::message(StatusCode::FORBIDDEN, &text));
    }
    let committer = Person { name: user.name.clone(), email: commit_email(&user) };
    let author = Person {
        name: params.author_name.unwrap_or_else(|| committer.name.clone()),
        email: params.author_email.unwrap_or_else(|| committer.email.clone()),
    };
    let head = CommitHead {
        branch: params.branch,
        start_branch: params.start_branch,
        message: params.commit_message,
        author,
        committer,
        now_ms: world.now_ms,
    };
    let repo = world.repositories.repositories.entry(p.view.id).or_insert(initial);
    let sha = commit_files(repo, level, head, params.changes, multi_file_changed)
        .map_err(|m| render::message(StatusCode::BAD_REQUEST, &m))?;
    let Some(c) = repo.commit(&sha).cloned() else { return Err(render::not_found()) };
    let stats = params.stats.then(|| commit_stats(repo, &c));
    let project_url = format!("{base}/{}", p.view.full_path);
    Ok((StatusCode::CREATED, Json(commit_detail(&c, &project_url, p.view.id, stats))).into_response())
}

/// What the actions' parameters say, checked as Grape declares them.
struct MultiParams {
    branch: String,
    commit_message: String,
    start_branch: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
    stats: bool,
    changes: Vec<FileChange>,
}

const ACTIONS: [&str; 5] = ["create", "delete", "move", "update", "chmod"];

fn multi_params(m: &Map<String, Value>) -> Result<MultiParams, Response> {
    let mut errors = Vec::new();
    let branch = string(m, "branch", true, false, &mut errors);
    let commit_message = string(m, "commit_message", true, false, &mut errors);
    let actions = match m.get("actions").filter(|v| !v.is_null()) {
        None => {
            errors.push("actions is missing".into());
            Vec::new()
        }
        Some(Value::Array(list)) if list.is_empty() => {
            errors.push("actions is empty".into());
            Vec::new()
        }
        Some(Value::Array(list)) => list.clone(),
        Some(_) => {
            errors.push("actions is invalid".into());
            Vec::new()
        }
    };
    let start_branch = string(m, "start_branch", false, true, &mut errors);
    let author_email = string(m, "author_email", false, true, &mut errors);
    let author_name = string(m, "author_name", false, true, &mut errors);
    let stats = match m.get("stats").filter(|v| !v.is_null()).map(boolean) {
        Some(Err(())) => {
            errors.push("stats is invalid".into());
            true
        }
        other => other.and_then(Result::ok).unwrap_or(true),
    };
    let mut changes = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        let Some(a) = a.as_object() else {
            errors.push(format!("actions[{i}] is invalid"));
            continue;
        };
        let mut here = Vec::new();
        let action = string(a, "action", true, false, &mut here);
        if action.as_deref().is_some_and(|x| !ACTIONS.contains(&x)) {
            here.push("action does not have a valid value".into());
        }
        let path = string(a, "file_path", true, false, &mut here);
        let content = string(a, "content", action.as_deref() == Some("update"), true, &mut here);
        let encoding = string(a, "encoding", false, true, &mut here);
        if encoding.as_deref().is_some_and(|e| e != "base64" && e != "text") {
            here.push("encoding does not have a valid value".into());
        }
        let last_commit_id = string(a, "last_commit_id", false, true, &mut here);
        errors.extend(here.into_iter().map(|e| format!("actions[{i}][{e}")).map(|e| e.replacen(' ', "] ", 1)));
        let content = content.unwrap_or_default();
        let content = if encoding.as_deref() == Some("base64") { decode64(&content) } else { content.into_bytes() };
        match action.as_deref() {
            Some("create" | "update") => changes.push(FileChange {
                create: action.as_deref() == Some("create"),
                path: path.unwrap_or_default(),
                content,
                last_commit_id,
                execute_filemode: None,
            }),
            Some(other) if ACTIONS.contains(&other) => {
                errors.push(format!("the sandbox simulates the actions create and update only, not {other}"));
            }
            _ => {}
        }
    }
    grape_errors(errors)?;
    Ok(MultiParams {
        branch: branch.unwrap_or_default(),
        commit_message: commit_message.unwrap_or_default(),
        start_branch,
        author_name,
        author_email,
        stats,
        changes,
    })
}

/// Lines added and removed by `c` in the files it changed, against its parent: the lines between the common
/// start and end of each file (git's count when a change is one block, as a plan's edits are).
fn commit_stats(repo: &Repository, c: &Commit) -> (usize, usize) {
    let parent = c.parent_ids.first().and_then(|p| repo.commit(p));
    let empty: &[u8] = &[];
    let mut totals = (0, 0);
    for (path, blob) in &c.tree {
        let old = parent.and_then(|p| p.tree.get(path));
        if old.is_some_and(|o| o.id == blob.id) {
            continue;
        }
        let old: Vec<&[u8]> = old.map_or(empty, |o| o.data.as_slice()).split(|b| *b == b'\n').collect();
        let new: Vec<&[u8]> = blob.data.split(|b| *b == b'\n').collect();
        let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
        let lines = |v: &Vec<&[u8]>| v[head..v.len() - tail].iter().filter(|l| !l.is_empty()).count();
        totals.0 += lines(&new);
        totals.1 += lines(&old);
    }
    totals
}

pub(crate) async fn create(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    create_inner(&s, &headers, &uri, &id, &bytes).unwrap_or_else(|r| r)
}
