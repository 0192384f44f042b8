//! `POST /projects` (`lib/api/projects.rb`, `Projects::CreateService`): a project in the group
//! `namespace_id` names, or in the caller's personal namespace without it. The caller needs
//! `create_projects` on the group: Developers and up, GitLab's default project creation level
//! (`DEVELOPER_MAINTAINER_PROJECT_ACCESS` in `config/initializers/1_settings.rb`); else the namespace "is not
//! valid". 201 with `API::Entities::Project`; it shows in `/projects` and `/groups/:id/projects` after.

use super::write::{commit_file, FileCommit, Person};
use super::{caller, commit_email, DEFAULT_BRANCH};
use crate::api::base_url;
use crate::destination::catalog;
use crate::settings::{body, boolean, grape_errors, text, validation_error};
use crate::world::repository::{CreatedProject, Repository};
use crate::world::*;
use crate::{entities, Shared};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

/// `Gitlab::PathRegex.project_path_format_message`.
const PATH_FORMAT: &str =
    "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'";
/// `Gitlab::Regex.project_name_regex_message`.
const NAME_FORMAT: &str =
    "can contain only letters, digits, emoji, '_', '.', '+', dashes, or spaces. It must start with a letter, digit, emoji, or '_'.";

fn valid_path(p: &str) -> bool {
    !p.is_empty()
        && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !p.starts_with(['-', '.'])
        && !p.ends_with('.')
        && !p.ends_with(".git")
        && !p.ends_with(".atom")
}

fn valid_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_' || !c.is_ascii())
        && n.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-' | ' ') || !c.is_ascii())
}

/// Rails' `String#parameterize`: lower case, runs of other characters become one `-`, none at the ends.
fn parameterize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn optional(m: &Map<String, Value>, name: &str, errors: &mut Vec<String>) -> Option<String> {
    let v = m.get(name).filter(|v| !v.is_null())?;
    let t = text(v);
    if t.is_none() {
        errors.push(format!("{name} is invalid"));
    }
    t
}

/// The group `namespace_id` names, if `user` may create projects there; `Ok(None)`: the personal namespace.
fn namespace(world: &World, user: &User, id: Option<u64>) -> Result<Option<String>, Response> {
    let Some(id) = id else { return Ok(None) };
    let group = catalog::groups(world, "").into_iter().find(|g| g.view.id == id);
    match group {
        Some(g) if catalog::access(world, user, &g.view.full_path, g.created_by) >= DEVELOPER => {
            Ok(Some(g.view.full_path))
        }
        _ => Err(validation_error(vec![("namespace", "is not valid".into())])),
    }
}

fn create_inner(s: &Shared, headers: &HeaderMap, uri: &Uri, bytes: &[u8]) -> Result<Response, Response> {
    let mut world = s.world();
    let user = caller(&world, headers, true)?;
    let m = body(headers, bytes)?;
    let mut errors = Vec::new();
    let name = optional(&m, "name", &mut errors);
    let path = optional(&m, "path", &mut errors);
    let description = optional(&m, "description", &mut errors);
    let namespace_id = optional(&m, "namespace_id", &mut errors).and_then(|v| {
        let n = v.trim().parse::<u64>().ok();
        if n.is_none() {
            errors.push("namespace_id is invalid".into());
        }
        n
    });
    let readme = match m.get("initialize_with_readme").filter(|v| !v.is_null()).map(boolean) {
        Some(Err(())) => {
            errors.push("initialize_with_readme is invalid".into());
            false
        }
        other => other.is_some_and(|r| r.unwrap_or(false)),
    };
    if name.is_none() && path.is_none() {
        errors.push("name, path are missing, at least one parameter must be provided".into());
    }
    grape_errors(errors)?;
    let group = namespace(&world, &user, namespace_id)?;
    let name = name.or_else(|| path.clone()).unwrap_or_default();
    let path = path.unwrap_or_else(|| parameterize(&name));
    let (namespace_path, personal) = match group {
        Some(g) => (g, false),
        None => (user.username.clone(), true),
    };
    let full_path = format!("{namespace_path}/{path}");
    let base = base_url(uri);
    let siblings: Vec<_> = catalog::projects(&world, &base)
        .into_iter()
        .filter(|p| p.view.namespace.full_path.eq_ignore_ascii_case(&namespace_path))
        .collect();
    let mut invalid: Vec<(&str, String)> = Vec::new();
    if siblings.iter().any(|p| p.view.name == name) {
        invalid.push(("project_namespace.name", "has already been taken".into()));
        invalid.push(("name", "has already been taken".into()));
    }
    if !valid_name(&name) {
        invalid.push(("name", NAME_FORMAT.into()));
    }
    let taken = world.dest_paths.iter().any(|p| p.eq_ignore_ascii_case(&full_path))
        || siblings.iter().any(|p| p.view.full_path.eq_ignore_ascii_case(&full_path));
    if taken {
        invalid.push(("path", "has already been taken".into()));
    }
    if !valid_path(&path) {
        invalid.push(("path", PATH_FORMAT.into()));
    }
    if !invalid.is_empty() {
        return Err(validation_error(invalid));
    }
    world.next_dest_id += 1;
    let id = world.next_dest_id;
    let created_ms = world.now_ms;
    world.dest_paths.insert(full_path.to_ascii_lowercase());
    world.repositories.projects.push(CreatedProject {
        id,
        name,
        path,
        description,
        namespace_path,
        personal,
        creator_id: user.id,
        created_ms,
    });
    let mut repo = Repository::new(DEFAULT_BRANCH);
    if readme {
        let me = || Person { name: user.name.clone(), email: commit_email(&user) };
        let first = FileCommit {
            create: true,
            path: "README.md".into(),
            branch: DEFAULT_BRANCH.into(),
            start_branch: None,
            message: "Initial commit".into(),
            content: format!("# {}\n", full_path.rsplit('/').next().unwrap_or("")).into_bytes(),
            last_commit_id: None,
            execute_filemode: None,
            author: me(),
            committer: me(),
            now_ms: created_ms,
        };
        // The creator's first commit, as `initialize_with_readme` makes it: never refused.
        let _ = commit_file(&mut repo, OWNER, first);
    }
    world.repositories.repositories.insert(id, repo);
    let view = catalog::projects(&world, &base).into_iter().find(|p| p.view.id == id).map(|p| p.view);
    match view {
        Some(v) => Ok((StatusCode::CREATED, Json(entities::project(&v))).into_response()),
        None => Err(crate::render::message(StatusCode::NOT_FOUND, "404 Project Not Found")),
    }
}

/// `POST /projects`.
pub(crate) async fn create(State(s): State<Shared>, headers: HeaderMap, uri: Uri, bytes: Bytes) -> Response {
    create_inner(&s, &headers, &uri, &bytes).unwrap_or_else(|r| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names() {
        assert_eq!(parameterize("Campaign plan (2026)!"), "campaign-plan-2026");
        assert!(valid_path("campaign-plan.v2") && !valid_path("-x") && !valid_path("x.git") && !valid_path("a b"));
        assert!(valid_name("Campaign plan") && !valid_name("-x") && !valid_name("a/b"));
    }
}
