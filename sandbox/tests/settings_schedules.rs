//! "Complete the move" (#26): pipeline schedules and their variables (list, details, create, update, with
//! GitLab's permissions, texts and codes), deploy tokens and pipeline triggers (listed; a deploy token's
//! secret never, a trigger's in full only to its owner), each answer against `tests/fixtures/gitlab-fields/`.

use crate::settings_common as common;

use common::*;
use reqwest::{Method, StatusCode};
use sandbox::settings::seed_more::{SCHEDULE_VALUES, TOKEN_SECRETS};
use serde_json::{json, Value};
use support::OWNER;

use crate::support;

const SOURCE_MAINTAINER: &str = "sandbox-source-maintainer-token";

fn list(a: &support::Answer) -> Vec<Value> {
    a.body.as_array().unwrap_or_else(|| panic!("not a list: {}", a.body)).clone()
}

#[tokio::test]
async fn schedules_and_their_variables_as_gitlab_serves_them() {
    let c = Client::new().await;
    let page = c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/pipeline_schedules?per_page=2", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!((page.header("x-total"), page.header("x-next-page")), ("3".into(), "2".into()));
    let all = list(&c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/pipeline_schedules", None).await);
    assert_eq!(all.len(), 3);
    for s in &all {
        check_fields("GET /projects/:id/pipeline_schedules", "pipeline_schedule", s);
        check_fields("pipeline_schedules[].owner", "user_basic", &s["owner"]);
    }
    let id = all[0]["id"].as_u64().unwrap();
    let one = c.src(Method::GET, &format!("/projects/3/pipeline_schedules/{id}"), None).await;
    check_fields("GET /projects/:id/pipeline_schedules/:id", "pipeline_schedule_details", &one.body);
    let vars = one.body["variables"].as_array().cloned().unwrap_or_default();
    assert_eq!(vars.len(), 2);
    for v in &vars {
        check_fields("variables[]", "schedule_variable", v);
    }
    assert_eq!(vars[1]["value"], SCHEDULE_VALUES[0], "a schedule variable's value is readable");
    let missing = c.src(Method::GET, "/projects/3/pipeline_schedules/999999", None).await;
    assert_eq!((missing.status, message(&missing)), (StatusCode::NOT_FOUND, json!("404 Pipeline Schedule Not Found")));

    // The destination copy: the schedule's owner (the importing user) writes its variables.
    let dest = c.dest_id("projects", "migrated/acme/platform/api").await;
    let scheds = list(&c.dest(Method::GET, &format!("/projects/{dest}/pipeline_schedules"), OWNER, None).await);
    assert_eq!(scheds.len(), 2);
    let sid = scheds[0]["id"].as_u64().unwrap();
    let base = format!("/projects/{dest}/pipeline_schedules/{sid}/variables");
    let made = c
        .dest(Method::POST, &base, OWNER, Some(json!({"key": "NIGHTLY_KEY", "value": "v-1", "variable_type": "file"})))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    check_fields("POST .../variables", "schedule_variable", &made.body);
    assert_eq!(made.body["variable_type"], "file");
    let again = c.dest(Method::POST, &base, OWNER, Some(json!({"key": "NIGHTLY_KEY", "value": "v-2"}))).await;
    assert_eq!((again.status, message(&again)), (StatusCode::BAD_REQUEST, json!({"key": ["has already been taken"]})));
    let bad = c.dest(Method::POST, &base, OWNER, Some(json!({"key": "no-dash", "value": "x"}))).await;
    assert_eq!(message(&bad), json!({"key": ["can contain only letters, digits and '_'."]}));
    let empty = c.dest(Method::POST, &base, OWNER, Some(json!({}))).await;
    assert_eq!(empty.body["error"], "key is missing, value is missing");
    let put = c.dest(Method::PUT, &format!("{base}/NIGHTLY_KEY"), OWNER, Some(json!({"value": "v-3"}))).await;
    assert_eq!((put.status, put.body["value"].clone()), (StatusCode::OK, json!("v-3")));
    check_fields("PUT .../variables/:key", "schedule_variable", &put.body);
    let nope = c.dest(Method::PUT, &format!("{base}/NOPE"), OWNER, Some(json!({"value": "x"}))).await;
    assert_eq!(message(&nope), "404 Pipeline Schedule Variable Not Found");
    let typed = c.dest(Method::PUT, &format!("{base}/NIGHTLY_KEY"), OWNER, Some(json!({"variable_type": "x"}))).await;
    assert_eq!(typed.body["error"], "variable_type does not have a valid value");

    // A Maintainer who does not own the schedule reads its variables but cannot write them
    // (`update_pipeline_schedule`: the owner or an administrator); read_api cannot write at all.
    let other =
        c.call(true, Method::GET, &format!("/projects/3/pipeline_schedules/{id}"), SOURCE_MAINTAINER, None).await;
    assert!(other.body["variables"].is_array(), "{}", other.body);
    let path = format!("/projects/3/pipeline_schedules/{id}/variables");
    let refused = c.call(true, Method::POST, &path, SOURCE_MAINTAINER, Some(json!({"key": "K", "value": "v"}))).await;
    assert_eq!((refused.status, message(&refused)), (StatusCode::FORBIDDEN, json!("403 Forbidden")));
    let ro = c.dest(Method::POST, &base, READONLY, Some(json!({"key": "K", "value": "v"}))).await;
    assert_eq!(ro.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn deploy_tokens_and_triggers_listed_without_their_secrets() {
    let c = Client::new().await;
    let group = list(&c.src(Method::GET, "/groups/acme/deploy_tokens", None).await);
    let project = list(&c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/deploy_tokens", None).await);
    assert_eq!((group.len(), project.len()), (1, 1));
    for t in group.iter().chain(&project) {
        check_fields("GET /:kind/:id/deploy_tokens", "deploy_token", t);
    }
    assert_eq!(project[0]["scopes"], json!(["read_repository", "read_package_registry"]));
    // The caller (the source's owner) owns the first trigger: GitLab returns its token in full; the second
    // belongs to somebody else: its first four characters after the prefix.
    let triggers = list(&c.src(Method::GET, "/projects/3/triggers", None).await);
    assert_eq!(triggers.len(), 2);
    for t in &triggers {
        check_fields("GET /projects/:id/triggers", "trigger", t);
        check_fields("triggers[].owner", "user_basic", &t["owner"]);
    }
    assert_eq!(triggers[0]["token"], TOKEN_SECRETS[2]);
    assert_eq!(triggers[1]["token"], "Qv7w");
    let dev = c.call(true, Method::GET, "/projects/3/triggers", SOURCE_MAINTAINER, None).await;
    assert_eq!(dev.status, StatusCode::OK);
    // The other way round for the second trigger's owner (the source's Maintainer).
    assert_eq!((dev.body[0]["token"].clone(), dev.body[1]["token"].clone()), (json!("Jenk"), json!(TOKEN_SECRETS[3])));
    let none = c.dest(Method::GET, "/projects/999999/triggers", OWNER, None).await;
    assert_eq!(message(&none), "404 Project Not Found");
    for page in 1..=2 {
        let one = c.src(Method::GET, &format!("/projects/3/triggers?per_page=1&page={page}"), None).await;
        assert_eq!(list(&one).len(), 1);
    }
    c.assert_no_secret(&[TOKEN_SECRETS[0], TOKEN_SECRETS[1]]);
}
