//! The cut-over (#26 parts 3 to 5) as a client notices it: archiving a project (Owner only; settings stay
//! writable, as GitLab's policy leaves them) and a group (18.9+ by the source's reported version), deleting a
//! failed copy on the destination (mark and rename, then remove for good with the right `full_path`, the
//! original path free again), the source's registries and packages with counts and paging, and the writes
//! behind the fault injection.

use crate::settings_common as common;
use crate::support;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{Answer, OWNER, SOURCE};

const SOURCE_MAINTAINER: &str = "sandbox-source-maintainer-token";

fn assert_answer(a: &Answer, status: StatusCode, what: &str) {
    assert_eq!(a.status, status, "{what}: {}", a.body);
}

async fn source_version(c: &Client, version: &str) {
    let body = json!({ "source_version": version });
    let res = c.p.http.post(format!("{}/-/sandbox/settings", c.p.dest)).json(&body).send().await.unwrap();
    assert!(res.status().is_success());
}

#[tokio::test]
async fn a_project_is_archived_by_its_owner_and_unarchived() {
    let c = Client::new().await;
    let refused = c.call(true, Method::POST, "/projects/3/archive", SOURCE_MAINTAINER, None).await;
    assert_answer(&refused, StatusCode::FORBIDDEN, "a Maintainer may not archive");
    assert_eq!(message(&refused), "403 Forbidden");
    let scope = c.call(true, Method::POST, "/projects/3/archive", SOURCE_READONLY, None).await;
    assert_eq!(scope.body["error"], "insufficient_scope");

    let archived = c.src(Method::POST, "/projects/acme%2Fplatform%2Fapi/archive", None).await;
    assert_answer(&archived, StatusCode::CREATED, "archive");
    assert_eq!(archived.body["archived"], true);
    let mut expected = fields("project");
    expected.remove("import_error");
    assert_eq!(keys(&archived.body), expected, "the project, presented without user_can_admin_project");
    assert_eq!(c.src(Method::GET, "/projects/3", None).await.body["archived"], true);

    // GitLab's `archived` rule leaves admin_cicd_variables and admin_project alone: settings stay writable.
    let variable = c.src(Method::POST, "/projects/3/variables", Some(json!({"key": "AFTER", "value": "x"}))).await;
    assert_answer(&variable, StatusCode::CREATED, "a variable on an archived project");

    let back = c.src(Method::POST, "/projects/3/unarchive", None).await;
    assert_answer(&back, StatusCode::CREATED, "unarchive");
    assert_eq!(back.body["archived"], false);
    assert_eq!(c.src(Method::GET, "/projects/3", None).await.body["archived"], false);

    // The same on the destination, on a project the owner's migration created.
    let id = c.dest_id("projects", "migrated/monolith").await;
    let dest = c.dest(Method::POST, &format!("/projects/{id}/archive"), OWNER, None).await;
    assert_answer(&dest, StatusCode::CREATED, "destination archive");
    assert_eq!(c.dest(Method::GET, &format!("/projects/{id}"), OWNER, None).await.body["archived"], true);
}

#[tokio::test]
async fn group_archiving_needs_a_source_of_18_9() {
    let c = Client::new().await;
    let old = c.src(Method::POST, "/groups/acme/archive", None).await;
    assert_answer(&old, StatusCode::NOT_FOUND, "17.11 has no such route");
    assert_eq!(message(&old), "404 Not Found");

    source_version(&c, "18.9.0-ee").await;
    let refused = c.call(true, Method::POST, "/groups/1/archive", SOURCE_MAINTAINER, None).await;
    assert_answer(&refused, StatusCode::FORBIDDEN, "a Maintainer may not archive a group");
    let archived = c.src(Method::POST, "/groups/acme/archive", None).await;
    assert_answer(&archived, StatusCode::CREATED, "archive");
    assert_eq!(archived.body["archived"], true);
    check_fields("POST /groups/:id/archive", "group", &archived.body);
    assert_eq!(c.src(Method::GET, "/groups/1", None).await.body["archived"], true);
    let again = c.src(Method::POST, "/groups/1/archive", None).await;
    assert_answer(&again, StatusCode::UNPROCESSABLE_ENTITY, "archived twice");
    assert_eq!(message(&again), "Group is already archived!");

    let back = c.src(Method::POST, "/groups/1/unarchive", None).await;
    assert_answer(&back, StatusCode::CREATED, "unarchive");
    assert_eq!(back.body["archived"], false);
    let again = c.src(Method::POST, "/groups/1/unarchive", None).await;
    assert_answer(&again, StatusCode::UNPROCESSABLE_ENTITY, "unarchived twice");
    assert_eq!(message(&again), "Group is already unarchived!");
}

async fn delete(c: &Client, path: &str) -> Answer {
    c.dest(Method::DELETE, path, OWNER, None).await
}

fn expect_400(a: &Answer, text: &str) {
    assert_answer(a, StatusCode::BAD_REQUEST, text);
    assert_eq!(message(a), text);
}

#[tokio::test]
async fn a_failed_copy_is_marked_then_removed_and_its_path_is_free_again() {
    let c = Client::new().await;
    // The canceled design/icons copy, inside the canceled design group.
    let icons = c.dest_id("projects", "migrated/design/icons").await;
    let project = format!("/projects/{icons}");
    let first = delete(&c, &format!("{project}?permanently_remove=true")).await;
    expect_400(&first, "Project must be marked for deletion first.");
    let refused = c.dest(Method::DELETE, &project, READONLY, None).await;
    assert_eq!(refused.body["error"], "insufficient_scope");
    assert_eq!(c.dest(Method::DELETE, &project, OTHER, None).await.status, StatusCode::NOT_FOUND);

    let marked = delete(&c, &project).await;
    assert_answer(&marked, StatusCode::ACCEPTED, "mark");
    assert_eq!(marked.body, json!({"message": "202 Accepted"}));
    let renamed = format!("migrated/design/icons-deletion_scheduled-{icons}");
    let now = c.dest(Method::GET, &project, OWNER, None).await.body;
    assert_eq!(now["path_with_namespace"], renamed.as_str());
    assert_eq!(now["name"], format!("Icons-deletion_scheduled-{icons}"));
    assert_eq!(now["archived"], true);
    assert!(now["marked_for_deletion_at"].is_string() && now["marked_for_deletion_on"].is_string(), "{now}");
    check_fields("GET /projects/:id (marked)", "project", &now);
    expect_400(&delete(&c, &project).await, "Project has been already marked for deletion");
    let wrong = delete(&c, &format!("{project}?permanently_remove=true&full_path=migrated%2Fdesign%2Ficons")).await;
    expect_400(&wrong, "`full_path` is incorrect. You must enter the complete path for the project.");
    let right =
        delete(&c, &format!("{project}?permanently_remove=true&full_path={}", renamed.replace('/', "%2F"))).await;
    assert_answer(&right, StatusCode::ACCEPTED, "remove");
    assert_eq!(c.dest(Method::GET, &project, OWNER, None).await.status, StatusCode::NOT_FOUND);

    // Groups: only a subgroup is removed for good.
    let top = delete(&c, "/groups/100?permanently_remove=true").await;
    expect_400(&top, "`permanently_remove` option is only available for subgroups.");
    let design = c.dest_id("groups", "migrated/design").await;
    let group = format!("/groups/{design}");
    expect_400(
        &delete(&c, &format!("{group}?permanently_remove=true")).await,
        "Group must be marked for deletion first.",
    );
    assert_answer(&delete(&c, &group).await, StatusCode::ACCEPTED, "mark the group");
    let now = c.dest(Method::GET, &group, OWNER, None).await.body;
    let renamed = format!("migrated/design-deletion_scheduled-{design}");
    assert_eq!(now["full_path"], renamed.as_str());
    assert!(now["marked_for_deletion_on"].is_string(), "{now}");
    expect_400(&delete(&c, &group).await, "Group has been already marked for deletion");
    let wrong = delete(&c, &format!("{group}?permanently_remove=true&full_path=migrated%2Fdesign")).await;
    expect_400(&wrong, "`full_path` is incorrect. You must enter the complete path for the subgroup.");
    let right = delete(&c, &format!("{group}?permanently_remove=true&full_path={}", renamed.replace('/', "%2F"))).await;
    assert_answer(&right, StatusCode::ACCEPTED, "remove the group");
    assert_eq!(c.dest(Method::GET, &group, OWNER, None).await.status, StatusCode::NOT_FOUND);

    // migrated/design is free: a new migration there is accepted.
    let body = json!({
        "configuration": {"url": c.p.source, "access_token": SOURCE},
        "entities": [{"source_type": "group_entity", "source_full_path": "design",
            "destination_slug": "design", "destination_namespace": "migrated"}],
    });
    let again = c.dest(Method::POST, "/bulk_imports", OWNER, Some(body)).await;
    assert_answer(&again, StatusCode::CREATED, "a new migration to the freed path");
}

#[tokio::test]
async fn marking_frees_the_original_path_at_once() {
    let c = Client::new().await;
    let body = json!({
        "configuration": {"url": c.p.source, "access_token": SOURCE},
        "entities": [{"source_type": "project_entity", "source_full_path": "legacy/monolith",
            "destination_slug": "monolith", "destination_namespace": "migrated"}],
    });
    let taken = c.dest(Method::POST, "/bulk_imports", OWNER, Some(body.clone())).await;
    assert_answer(&taken, StatusCode::UNPROCESSABLE_ENTITY, "the path is taken");
    let id = c.dest_id("projects", "migrated/monolith").await;
    assert_answer(&delete(&c, &format!("/projects/{id}")).await, StatusCode::ACCEPTED, "mark");
    let free = c.dest(Method::POST, "/bulk_imports", OWNER, Some(body)).await;
    assert_answer(&free, StatusCode::CREATED, "renamed away, the path is free");
}

fn names(a: &Answer, key: &str) -> Vec<Value> {
    a.body.as_array().unwrap_or_else(|| panic!("not a list: {}", a.body)).iter().map(|v| v[key].clone()).collect()
}

#[tokio::test]
async fn registries_and_packages_are_listed_with_counts_and_pages() {
    let c = Client::new().await;
    let repos = c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/registry/repositories?tags_count=true", None).await;
    assert_answer(&repos, StatusCode::OK, "repositories");
    assert_eq!(names(&repos, "tags_count"), [json!(14), json!(3)]);
    assert_eq!(names(&repos, "path"), [json!("acme/platform/api"), json!("acme/platform/api/worker")]);
    let plain = c.src(Method::GET, "/projects/3/registry/repositories", None).await;
    assert!(plain.body[0].get("tags_count").is_none(), "tags_count only when asked: {}", plain.body);
    let page = c.src(Method::GET, "/projects/3/registry/repositories?per_page=1&tags_count=true", None).await;
    assert_eq!((page.header("x-total"), page.header("x-next-page")), ("2".into(), "2".into()));
    assert!(page.header("link").contains("tags_count=true"));
    let monolith = c.src(Method::GET, "/projects/legacy%2Fmonolith/registry/repositories", None).await;
    assert_eq!(monolith.body.as_array().map(Vec::len), Some(1));
    let none = c.src(Method::GET, "/projects/acme%2Fhandbook/registry/repositories", None).await;
    assert_eq!(none.body, json!([]));
    let missing = c.src(Method::GET, "/projects/9999/registry/repositories", None).await;
    assert_eq!((missing.status, message(&missing)), (StatusCode::NOT_FOUND, json!("404 Project Not Found")));

    let packages = c.src(Method::GET, "/projects/3/packages", None).await;
    assert_eq!(names(&packages, "package_type"), [json!("npm"), json!("npm"), json!("maven"), json!("generic")]);
    let second = c.src(Method::GET, "/projects/3/packages?per_page=3&page=2", None).await;
    assert_eq!((second.header("x-total"), names(&second, "name")), ("4".into(), vec![json!("api-cli")]));
    let npm = c.src(Method::GET, "/projects/3/packages?package_type=npm&order_by=name&sort=desc", None).await;
    assert_eq!(names(&npm, "name"), [json!("@acme/api-types"), json!("@acme/api-client")]);
    let bad = c.src(Method::GET, "/projects/3/packages?order_by=size", None).await;
    assert_eq!(
        (bad.status, bad.body["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("order_by does not have a valid value"))
    );
    assert_eq!(c.src(Method::GET, "/projects/11/packages", None).await.body, json!([]));
}

#[tokio::test]
async fn cut_over_writes_can_be_made_to_fail() {
    let c = Client::new().await;
    let faults = json!({"mode": "500", "rate": 1.0, "only_writes": true});
    c.p.http.post(format!("{}/-/sandbox/faults", c.p.dest)).json(&faults).send().await.unwrap();
    let read = c.src(Method::GET, "/projects/3/packages", None).await;
    assert_answer(&read, StatusCode::OK, "reads pass");
    let archive = c.src(Method::POST, "/projects/3/archive", None).await;
    assert_answer(&archive, StatusCode::INTERNAL_SERVER_ERROR, "source archive");
    let id = c.dest_id("projects", "migrated/monolith").await;
    let gone = c.dest(Method::DELETE, &format!("/projects/{id}"), OWNER, None).await;
    assert_answer(&gone, StatusCode::INTERNAL_SERVER_ERROR, "destination delete");
    assert_eq!(c.src(Method::GET, "/projects/3", None).await.body["archived"], false, "the refused write did nothing");
}
