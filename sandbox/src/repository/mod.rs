//! #27 part 4 on the destination: a project's repository through GitLab's Repository Files API
//! (`files.rs`, commits by `write.rs`) and Commits API (`commits.rs`), `POST /projects` (`projects.rs`) and
//! `POST /projects/:id/issues` (`issues.rs`). This file holds what they share: the caller, the project
//! `:id` names and the caller's access to it (`app/policies/project_policy.rb`), and its repository.

pub mod commits;
pub mod files;
pub mod issues;
pub mod projects;
pub mod write;

use crate::destination::authenticate;
use crate::destination::catalog::{self, CatalogProject};
use crate::render;
use crate::world::repository::{Blob, Commit, Repository};
use crate::world::*;
use crate::Shared;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

/// The branch a project's repository starts with.
pub const DEFAULT_BRANCH: &str = "main";

/// `authenticate!`, then a write's scope (`read_api` → 403 `insufficient_scope`).
pub(crate) fn caller(world: &World, headers: &HeaderMap, write: bool) -> Result<User, Response> {
    let (user, token) = authenticate(world, headers)?;
    if write && !token.has_api() {
        return Err(render::insufficient_scope());
    }
    Ok(user)
}

/// The project `raw` names (id or URL-decoded full path) and `user`'s access level there; 404 in GitLab's
/// words when it is missing or the user may not see it (a private project to a non-member).
pub(crate) fn project(world: &World, user: &User, raw: &str, base: &str) -> Result<(CatalogProject, u8), Response> {
    catalog::projects(world, base)
        .into_iter()
        .find(|p| catalog::names(raw, p.view.id, &p.view.full_path))
        .map(|p| {
            let level = catalog::access(world, user, &p.view.full_path, p.created_by);
            (p, level)
        })
        .filter(|(_, level)| *level > 0)
        .ok_or_else(|| render::message(StatusCode::NOT_FOUND, "404 Project Not Found"))
}

/// `authorize!`: 403 below `needed` (`read_code`/`download_code`: Reporter, `push_code`: Developer).
pub(crate) fn authorize(level: u8, needed: u8) -> Result<(), Response> {
    if level >= needed {
        Ok(())
    } else {
        Err(render::forbidden())
    }
}

/// 40 hex digits derived from `parts` (the sandbox's stand-in for git's object ids).
pub fn object_id(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    let hex = format!("{:x}", h.finalize());
    hex[..40].to_string()
}

/// A project's repository as it is now: what was written to it, or how it started. A project a migration
/// created has the source's history, here one commit adding `README.md`; one `POST /projects` created is
/// empty.
pub(crate) fn repository(world: &World, p: &CatalogProject) -> Repository {
    if let Some(r) = world.repositories.repositories.get(&p.view.id) {
        return r.clone();
    }
    let mut repo = Repository::new(DEFAULT_BRANCH);
    if world.repositories.projects.iter().any(|c| c.id == p.view.id) {
        return repo;
    }
    let data = format!("# {}\n", p.view.name).into_bytes();
    let blob = Blob { id: object_id(&[b"blob", &data]), data, executable: false };
    let creator = world.user(p.view.creator_id);
    let (name, email) = creator.map_or_else(
        || ("Administrator".to_string(), "admin@example.com".to_string()),
        |u| (u.name.clone(), commit_email(u)),
    );
    let message = "Initial commit".to_string();
    let id = object_id(&[p.view.full_path.as_bytes(), message.as_bytes(), blob.id.as_bytes()]);
    repo.commits.push(Commit {
        id: id.clone(),
        parent_ids: Vec::new(),
        message,
        author_name: name.clone(),
        author_email: email.clone(),
        authored_ms: p.view.created_ms,
        committer_name: name,
        committer_email: email,
        committed_ms: p.view.created_ms,
        tree: [("README.md".to_string(), blob)].into_iter().collect(),
    });
    repo.branches.insert(DEFAULT_BRANCH.to_string(), id);
    repo
}

/// The address a user's commits carry.
pub(crate) fn commit_email(u: &User) -> String {
    format!("{}@example.com", u.username)
}

/// Every route of this feature (the destination puts them behind its fault injection).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/projects/{id}/repository/files/{file_path}",
            get(files::show).post(files::create_or_update).put(files::create_or_update),
        )
        .route("/projects/{id}/repository/files/{file_path}/raw", get(files::raw))
        .route("/projects/{id}/repository/commits", get(commits::list).post(commits::create))
        .route("/projects/{id}/issues", post(issues::create))
}
