//! The source's registries, read only (the console counts them for a person: a browser cannot copy them).
//! `GET /projects/:id/registry/repositories` (`lib/api/project_container_repositories.rb`,
//! `read_container_image`, paginated; `API::Entities::ContainerRegistry::Repository` presented without the
//! user, so no `delete_api_path`; `tags_count=true` / `tags=true` add theirs) and `GET /projects/:id/packages`
//! (`lib/api/project_packages.rb`, `read_package`; `API::Entities::Package` as a collection: no `versions`;
//! no build info here, so no `pipeline(s)`), with its `package_type`, `package_name`, `order_by`, `sort`
//! and `status` parameters.

use crate::api::{base_url, flag, paged, paged_map};
use crate::pagination::PageParams;
use crate::render::timestamp;
use crate::settings::find;
use crate::world::cutover::{ContainerRepository, Package};
use crate::world::settings::Instance;
use crate::world::*;
use crate::Shared;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, Default)]
pub(crate) struct RepositoryQuery {
    page: Option<String>,
    per_page: Option<String>,
    tags: Option<String>,
    tags_count: Option<String>,
}

/// The registry's host as GitLab's `location` shows it (the instance's host, port 5050).
fn registry_host(base: &str) -> String {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let host = rest.split([':', '/']).next().unwrap_or(rest);
    format!("{host}:5050")
}

fn repository(r: &ContainerRepository, project: &SourceItem, host: &str, q: &RepositoryQuery) -> Value {
    let path = if r.name.is_empty() { project.full_path.clone() } else { format!("{}/{}", project.full_path, r.name) };
    let location = format!("{host}/{path}");
    let mut v = json!({
        "id": r.id,
        "name": r.name,
        "path": path,
        "project_id": project.id,
        "location": location,
        "created_at": timestamp(r.created_ms),
        "cleanup_policy_started_at": null,
        "status": null,
    });
    if flag(&q.tags_count) {
        v["tags_count"] = json!(r.tags_count);
    }
    if flag(&q.tags) {
        let tags: Vec<Value> = (1..=r.tags_count)
            .map(|n| json!({"name": format!("v1.{n}"), "path": format!("{path}:v1.{n}"), "location": format!("{location}:v1.{n}")}))
            .collect();
        v["tags"] = Value::Array(tags);
    }
    v
}

/// The project a request names (401, 403 scope, 404 first), and its source item on the source (the
/// destination has no registry content: `None`).
fn named_project<'w>(
    world: &'w World,
    headers: &HeaderMap,
    instance: Instance,
    raw: &str,
) -> Result<Option<&'w SourceItem>, Response> {
    let t = find(world, headers, instance, Kind::Project, raw, false)?;
    let item = world.source_items.iter().find(|i| i.kind == Kind::Project && i.id == t.owner.id);
    Ok(item.filter(|_| instance == Instance::Source))
}

/// `GET /projects/:id/registry/repositories`.
async fn repositories(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<RepositoryQuery>,
) -> Response {
    let world = s.world();
    let project = match named_project(&world, &headers, instance, &raw) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let host = registry_host(&base_url(&uri));
    let registries = &world.move_settings.cutover.registries;
    let rows: Vec<Value> = project
        .and_then(|p| Some((p, registries.get(&p.id)?)))
        .map(|(p, list)| list.iter().map(|r| repository(r, p, &host, &q)).collect())
        .unwrap_or_default();
    let keep = kept(&[("tags", &q.tags), ("tags_count", &q.tags_count)]);
    paged(rows, &PageParams { page: q.page.clone(), per_page: q.per_page.clone() }, &uri, &keep)
}

/// The query parameters given, to repeat in the `Link` header.
fn kept<'a>(params: &[(&'a str, &Option<String>)]) -> Vec<(&'a str, String)> {
    params.iter().filter_map(|(k, v)| Some((*k, (*v).clone()?))).collect()
}

#[derive(Deserialize, Default)]
pub(crate) struct PackageQuery {
    page: Option<String>,
    per_page: Option<String>,
    order_by: Option<String>,
    sort: Option<String>,
    package_type: Option<String>,
    package_name: Option<String>,
    status: Option<String>,
}

const PACKAGE_TYPES: [&str; 17] = [
    "maven",
    "npm",
    "conan",
    "nuget",
    "pypi",
    "composer",
    "generic",
    "golang",
    "debian",
    "rubygems",
    "helm",
    "terraform_module",
    "rpm",
    "ml_model",
    "cargo",
    "conda",
    "terraform_state",
];
const STATUSES: [&str; 6] = ["default", "hidden", "processing", "error", "pending_destruction", "deprecated"];

/// Grape's `values:` checks of the list's parameters, joined as Grape joins them.
fn check(q: &PackageQuery) -> Result<(), Response> {
    let mut errors = Vec::new();
    let checks: [(&str, &Option<String>, &[&str]); 4] = [
        ("order_by", &q.order_by, &["created_at", "name", "version", "type"]),
        ("sort", &q.sort, &["asc", "desc"]),
        ("package_type", &q.package_type, &PACKAGE_TYPES),
        ("status", &q.status, &STATUSES),
    ];
    for (name, value, allowed) in checks {
        if value.as_deref().is_some_and(|v| !allowed.contains(&v)) {
            errors.push(format!("{name} does not have a valid value"));
        }
    }
    crate::settings::grape_errors(errors)
}

fn package(p: &Package, project: &SourceItem, base: &str) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "version": p.version,
        "package_type": p.package_type,
        "status": "default",
        "_links": {
            "web_path": format!("/{}/-/packages/{}", project.full_path, p.id),
            "delete_api_path": format!("{base}/api/v4/projects/{}/packages/{}", project.id, p.id),
        },
        "created_at": timestamp(p.created_ms),
        "last_downloaded_at": p.last_downloaded_ms.map(timestamp),
        "tags": [],
    })
}

/// `GET /projects/:id/packages`.
async fn packages(
    State(s): State<Shared>,
    Extension(instance): Extension<Instance>,
    headers: HeaderMap,
    uri: Uri,
    Path(raw): Path<String>,
    Query(q): Query<PackageQuery>,
) -> Response {
    let world = s.world();
    let project = named_project(&world, &headers, instance, &raw).and_then(|p| check(&q).map(|()| p));
    let project = match project {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(project) = project else {
        return paged(Vec::new(), &PageParams { page: q.page, per_page: q.per_page }, &uri, &[]);
    };
    let mut list: Vec<Package> = world.move_settings.cutover.packages.get(&project.id).cloned().unwrap_or_default();
    list.retain(|p| q.package_type.as_deref().is_none_or(|t| p.package_type == t));
    list.retain(|p| q.package_name.as_deref().is_none_or(|n| p.name.to_lowercase().contains(&n.to_lowercase())));
    list.retain(|_| q.status.as_deref().is_none_or(|s| s == "default"));
    match q.order_by.as_deref().unwrap_or("created_at") {
        "name" => list.sort_by(|a, b| a.name.cmp(&b.name)),
        "version" => list.sort_by(|a, b| a.version.cmp(&b.version)),
        "type" => list.sort_by(|a, b| a.package_type.cmp(&b.package_type)),
        _ => list.sort_by_key(|p| (p.created_ms, p.id)),
    }
    if q.sort.as_deref() == Some("desc") {
        list.reverse();
    }
    let base = base_url(&uri);
    let keep = kept(&[
        ("order_by", &q.order_by),
        ("sort", &q.sort),
        ("package_type", &q.package_type),
        ("package_name", &q.package_name),
        ("status", &q.status),
    ]);
    let params = PageParams { page: q.page.clone(), per_page: q.per_page.clone() };
    paged_map(list, &params, &uri, &keep, |p| package(&p, project, &base))
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/projects/{id}/registry/repositories", get(repositories))
        .route("/projects/{id}/packages", get(packages))
}
