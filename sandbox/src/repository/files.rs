//! The Repository Files API (`lib/api/files.rb`): `GET` (and `HEAD`, which axum answers from `GET` without
//! the body) `/projects/:id/repository/files/:file_path?ref=`, `GET …/raw`, `POST` (create) and `PUT`
//! (update). `:file_path` is URL-encoded (`%2F`); axum has decoded it.

use super::write::{commit_file, FileCommit, Person};
use super::{authorize, caller, commit_email, project, repository};
use crate::api::base_url;
use crate::entities::repository::{file, file_metadata, FileView};
use crate::settings::{body, boolean, grape_errors, text};
use crate::world::*;
use crate::{render, Shared};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Grape's `file_path: true` validator: no `..` segment, no leading `/` unless the route allows it.
fn check_path(path: &str, allow_initial_separator: bool) -> Option<String> {
    let trimmed = if allow_initial_separator { path.trim_start_matches('/') } else { path };
    let bad = trimmed.is_empty() || trimmed.starts_with('/') || trimmed.split('/').any(|s| s == "..");
    bad.then(|| "file_path should be a valid file path".to_string())
}

/// `set_http_headers(blob_data)`: each key as `X-Gitlab-File-Name`, `X-Gitlab-Blob-Id`, …
fn blob_headers(meta: &Value) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (key, value) in meta.as_object().into_iter().flatten() {
        let name: Vec<String> = key
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            })
            .collect();
        let value = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let name = HeaderName::try_from(format!("x-gitlab-{}", name.join("-")));
        if let (Ok(name), Ok(value)) = (name, HeaderValue::from_str(&value)) {
            h.insert(name, value);
        }
    }
    h
}

/// What a read found: the file's metadata (for the headers) and the JSON answer, or the raw bytes.
struct Found {
    meta: Value,
    json: Value,
    data: Vec<u8>,
}

/// `assign_file_vars!`: `read_code` (Reporter), the commit `ref` names (404 Commit), the file (404 File).
fn read(
    s: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    id: &str,
    path: &str,
    reference: Option<&str>,
) -> Result<Found, Response> {
    let world = s.world();
    let user = caller(&world, headers, false)?;
    let (p, level) = project(&world, &user, id, &base_url(uri))?;
    authorize(level, REPORTER)?;
    let repo = repository(&world, &p);
    let commit = repo
        .resolve(reference.unwrap_or(&repo.default_branch))
        .ok_or_else(|| render::message(StatusCode::NOT_FOUND, "404 Commit Not Found"))?;
    let blob = commit.tree.get(path).ok_or_else(|| render::message(StatusCode::NOT_FOUND, "404 File Not Found"))?;
    let last = repo.history_of_path(&commit.id, path).first().map(|c| c.id.clone()).unwrap_or_default();
    let view =
        FileView { path, blob, reference: reference.unwrap_or(""), commit_id: &commit.id, last_commit_id: &last };
    let meta = file_metadata(&view);
    Ok(Found { json: file(&view), meta, data: blob.data.clone() })
}

/// A read's caller (401 first), then its parameters as Grape checks them: `file_path`, and `ref`
/// (`requires … allow_blank: false`; optional on `raw`, whose path may start with `/`).
fn read_params(
    s: &Shared,
    headers: &HeaderMap,
    path: &str,
    q: &HashMap<String, String>,
    raw: bool,
) -> Result<Option<String>, Response> {
    caller(&s.world(), headers, false)?;
    let mut errors: Vec<String> = check_path(path, raw).into_iter().collect();
    match q.get("ref") {
        None if !raw => errors.push("ref is missing".into()),
        Some(r) if r.trim().is_empty() => errors.push("ref is empty".into()),
        _ => {}
    }
    grape_errors(errors)?;
    Ok(q.get("ref").cloned())
}

/// `GET /projects/:id/repository/files/:file_path?ref=`: the file with its content in Base64.
pub(crate) async fn show(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, path)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let found =
        read_params(&s, &headers, &path, &q, false).and_then(|r| read(&s, &headers, &uri, &id, &path, r.as_deref()));
    match found {
        Ok(found) => (blob_headers(&found.meta), Json(found.json)).into_response(),
        Err(r) => r,
    }
}

/// `GET …/files/:file_path/raw`: the bytes, `ref` defaulting to the default branch.
pub(crate) async fn raw(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, path)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let path = path.trim_start_matches('/');
    let found =
        read_params(&s, &headers, path, &q, true).and_then(|r| read(&s, &headers, &uri, &id, path, r.as_deref()));
    match found {
        Ok(found) => {
            let kind = if std::str::from_utf8(&found.data).is_ok() {
                "text/plain; charset=utf-8"
            } else {
                "application/octet-stream"
            };
            let mut h = blob_headers(&found.meta);
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache, no-store"));
            (h, found.data).into_response()
        }
        Err(r) => r,
    }
}

/// The write's parameters (`extended_file_params`), checked in Grape's order.
struct WriteParams {
    branch: String,
    commit_message: String,
    content: Vec<u8>,
    start_branch: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
    last_commit_id: Option<String>,
    execute_filemode: Option<bool>,
}

/// A `String` parameter: `name is missing` / `is empty` (`allow_blank: false`) / `is invalid` (not a string).
pub(super) fn string(
    m: &Map<String, Value>,
    name: &str,
    required: bool,
    blank: bool,
    errors: &mut Vec<String>,
) -> Option<String> {
    match m.get(name).filter(|v| !v.is_null()) {
        None if required => errors.push(format!("{name} is missing")),
        None => {}
        Some(v) => match text(v) {
            None => errors.push(format!("{name} is invalid")),
            Some(t) if !blank && t.trim().is_empty() => errors.push(format!("{name} is empty")),
            Some(t) => return Some(t),
        },
    }
    None
}

/// Ruby's `Base64.decode64`: lenient, characters outside the alphabet are skipped.
pub(super) fn decode64(text: &str) -> Vec<u8> {
    let mut clean: String = text
        .chars()
        .take_while(|c| *c != '=')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    base64::engine::general_purpose::STANDARD_NO_PAD.decode(clean).unwrap_or_default()
}

fn write_params(path: &str, m: &Map<String, Value>) -> Result<WriteParams, Response> {
    let mut errors: Vec<String> = check_path(path, false).into_iter().collect();
    let branch = string(m, "branch", true, false, &mut errors);
    let commit_message = string(m, "commit_message", true, false, &mut errors);
    let start_branch = string(m, "start_branch", false, true, &mut errors);
    let author_email = string(m, "author_email", false, true, &mut errors);
    let author_name = string(m, "author_name", false, true, &mut errors);
    let content = string(m, "content", true, true, &mut errors);
    let encoding = string(m, "encoding", false, true, &mut errors);
    if encoding.as_deref().is_some_and(|e| e != "base64" && e != "text") {
        errors.push("encoding does not have a valid value".into());
    }
    let last_commit_id = string(m, "last_commit_id", false, true, &mut errors);
    let execute_filemode = match m.get("execute_filemode").filter(|v| !v.is_null()).map(boolean) {
        Some(Err(())) => {
            errors.push("execute_filemode is invalid".into());
            None
        }
        other => other.and_then(Result::ok),
    };
    grape_errors(errors)?;
    let content = content.unwrap_or_default();
    let content = if encoding.as_deref() == Some("base64") { decode64(&content) } else { content.into_bytes() };
    Ok(WriteParams {
        branch: branch.unwrap_or_default(),
        commit_message: commit_message.unwrap_or_default(),
        content,
        start_branch,
        author_name,
        author_email,
        last_commit_id,
        execute_filemode,
    })
}

/// `POST` (create, 201) and `PUT` (update, 200): `authorize! :push_code` (Developer), then the service;
/// its refusals are 400 `{"message": …}`. The answer is `{file_path, branch}`.
fn write(
    s: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    id: &str,
    path: &str,
    bytes: &[u8],
    create: bool,
) -> Result<Response, Response> {
    let mut world = s.world();
    let user = caller(&world, headers, true)?;
    let params = body(headers, bytes).and_then(|m| write_params(path, &m))?;
    let (p, level) = project(&world, &user, id, &base_url(uri))?;
    authorize(level, DEVELOPER)?;
    let initial = repository(&world, &p);
    let committer = Person { name: user.name.clone(), email: commit_email(&user) };
    let author = Person {
        name: params.author_name.unwrap_or_else(|| committer.name.clone()),
        email: params.author_email.unwrap_or_else(|| committer.email.clone()),
    };
    let change = FileCommit {
        create,
        path: path.to_string(),
        branch: params.branch.clone(),
        start_branch: params.start_branch,
        message: params.commit_message,
        content: params.content,
        last_commit_id: params.last_commit_id,
        execute_filemode: params.execute_filemode,
        author,
        committer,
        now_ms: world.now_ms,
    };
    let repo = world.repositories.repositories.entry(p.view.id).or_insert(initial);
    commit_file(repo, level, change).map_err(|message| render::message(StatusCode::BAD_REQUEST, &message))?;
    let status = if create { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!({"file_path": path, "branch": params.branch}))).into_response())
}

/// `POST` creates, `PUT` updates.
pub(crate) async fn create_or_update(
    State(s): State<Shared>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    Path((id, path)): Path<(String, String)>,
    bytes: Bytes,
) -> Response {
    write(&s, &headers, &uri, &id, &path, &bytes, method == Method::POST).unwrap_or_else(|r| r)
}
