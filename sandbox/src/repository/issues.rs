//! `POST /projects/:id/issues` (`lib/api/issues.rb`): `create_issue` (Guest and up,
//! `app/policies/project_policy.rb`), `title` required, `description` optional; 201 with
//! `API::Entities::Issue`. The model's validations answer as `render_validation_error!` does.

use super::{caller, project};
use crate::api::base_url;
use crate::entities::repository::{issue, IssueContext};
use crate::entities::user_basic;
use crate::settings::{body, grape_errors, text, validation_error};
use crate::world::repository::Issue;
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `Issuable`'s limits on the title and the description.
const TITLE_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 1_048_576;

fn create_inner(s: &Shared, headers: &HeaderMap, uri: &Uri, id: &str, bytes: &[u8]) -> Result<Response, Response> {
    let mut world = s.world();
    let user = caller(&world, headers, true)?;
    let params = body(headers, bytes)?;
    let field = |name: &str| params.get(name).filter(|v| !v.is_null());
    let mut errors = Vec::new();
    let title = match field("title").map(text) {
        None => {
            errors.push("title is missing".to_string());
            None
        }
        Some(None) => {
            errors.push("title is invalid".to_string());
            None
        }
        Some(Some(t)) => Some(t),
    };
    let description = match field("description").map(text) {
        Some(None) => {
            errors.push("description is invalid".to_string());
            None
        }
        other => other.flatten(),
    };
    grape_errors(errors)?;
    let title = title.unwrap_or_default();
    let base = base_url(uri);
    let (p, _) = project(&world, &user, id, &base)?;
    let mut invalid = Vec::new();
    if title.trim().is_empty() {
        invalid.push(("title", "can't be blank".to_string()));
    } else if title.chars().count() > TITLE_MAX {
        invalid.push(("title", format!("is too long (maximum is {TITLE_MAX} characters)")));
    }
    if description.as_deref().is_some_and(|d| d.chars().count() > DESCRIPTION_MAX) {
        invalid.push(("description", format!("is too long (maximum is {DESCRIPTION_MAX} characters)")));
    }
    if !invalid.is_empty() {
        return Err(validation_error(invalid));
    }
    let store = &mut world.repositories;
    store.next_issue_id += 1;
    let iid = store.issues.iter().filter(|i| i.project_id == p.view.id).count() as u64 + 1;
    let created = Issue {
        id: store.next_issue_id,
        iid,
        project_id: p.view.id,
        title: title.trim().to_string(),
        description,
        author_id: user.id,
        created_ms: world.now_ms,
    };
    world.repositories.issues.push(created.clone());
    let ctx = IssueContext {
        project_full_path: &p.view.full_path,
        project_url: &format!("{base}/{}", p.view.full_path),
        api_url: &format!("{base}/api/v4"),
        author: user_basic(&user, &base),
    };
    Ok((StatusCode::CREATED, Json(issue(&created, &ctx))).into_response())
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
