//! "Complete the move" (#26) on both instances, as a client notices it: CI/CD variables (paging, hidden
//! values never read back, permissions, GitLab's error texts and codes), field lists from
//! `tests/fixtures/gitlab-fields/`, writes behind the fault injection, and no seeded secret in any answer.

use crate::settings_common as common;
use crate::support;

use common::*;
use reqwest::{Method, StatusCode};
use sandbox::settings::seed::HIDDEN_VALUES;
use serde_json::{json, Value};
use support::{ADMIN, OWNER, SOURCE};

#[tokio::test]
async fn variables_read_on_both_instances_with_hidden_values_null() {
    let c = Client::new().await;
    // Source: acme's group variables, paged.
    let page = c.src(Method::GET, "/groups/acme/variables?per_page=2", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.header("x-total"), "4");
    assert_eq!(page.header("x-next-page"), "2");
    assert!(page.header("link").contains("rel=\"next\""));
    let all = c.src(Method::GET, "/groups/1/variables", None).await;
    let list = all.body.as_array().unwrap();
    assert_eq!(list.len(), 4);
    for v in list {
        check_fields("GET /groups/:id/variables", "ci_variable", v);
    }
    let secret = list.iter().find(|v| v["key"] == "REGISTRY_PASSWORD").unwrap();
    assert_eq!(secret["hidden"], true);
    assert_eq!(secret["masked"], true);
    assert!(secret["value"].is_null(), "a hidden value is never read back: {secret}");
    let one = c.src(Method::GET, "/groups/acme/variables/REGISTRY_PASSWORD", None).await;
    assert!(one.body["value"].is_null());
    check_fields("GET /groups/:id/variables/:key", "ci_variable", &one.body);

    // A project: masked (readable), file, environment-scoped, by URL-encoded path.
    let api = c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/variables", None).await;
    let list = api.body.as_array().unwrap();
    let masked = list.iter().find(|v| v["key"] == "DATABASE_PASSWORD").unwrap();
    assert_eq!((masked["masked"].clone(), masked["value"].clone()), (json!(true), json!("Pa55word_masked-1")));
    assert!(list.iter().any(|v| v["key"] == "KUBECONFIG" && v["variable_type"] == "file"));
    let scoped: Vec<_> = list.iter().filter(|v| v["key"] == "API_URL").map(|v| &v["environment_scope"]).collect();
    assert_eq!(scoped, [&json!("production"), &json!("staging")]);

    // Two matches without a filter: 409 in GitLab's words; the filter picks one.
    let both = c.src(Method::GET, "/projects/3/variables/API_URL", None).await;
    assert_eq!(both.status, StatusCode::CONFLICT);
    assert_eq!(
        message(&both),
        "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'"
    );
    let prod = c.src(Method::GET, "/projects/3/variables/API_URL?filter%5Benvironment_scope%5D=production", None).await;
    assert_eq!(prod.body["value"], "https://api.example.com");
    let missing = c.src(Method::GET, "/projects/3/variables/NOPE", None).await;
    assert_eq!((missing.status, message(&missing)), (StatusCode::NOT_FOUND, json!("404 Variable Not Found")));
    let missing = c.src(Method::GET, "/groups/1/variables/NOPE", None).await;
    assert_eq!(message(&missing), "404 GroupVariable Not Found");
    let no_project = c.src(Method::GET, "/projects/999999/variables", None).await;
    assert_eq!((no_project.status, message(&no_project)), (StatusCode::NOT_FOUND, json!("404 Project Not Found")));

    // The destination's migrated counterpart: one the same, one different, one only there, the rest missing.
    let id = c.dest_id("projects", "migrated/acme/platform/api").await;
    let dest = c.dest(Method::GET, &format!("/projects/{id}/variables"), OWNER, None).await;
    assert_eq!(dest.status, StatusCode::OK, "{}", dest.body);
    let keys: Vec<_> = dest.body.as_array().unwrap().iter().map(|v| v["key"].as_str().unwrap().to_string()).collect();
    assert_eq!(keys, ["LOG_LEVEL", "API_URL", "DESTINATION_ONLY"]);
    let group = c.dest(Method::GET, "/groups/migrated%2Facme/variables", OWNER, None).await;
    assert_eq!(group.body[0]["key"], "DEPLOY_REGION");
    c.assert_no_secret(&HIDDEN_VALUES);
}

#[tokio::test]
async fn variables_permissions_as_gitlab_checks_them() {
    let c = Client::new().await;
    let id = c.dest_id("projects", "migrated/acme/platform/api").await;
    let path = format!("/projects/{id}/variables");
    // No token, a read_api token writing, a user without access, a Maintainer on a group (Owner needed).
    let none = c.dest(Method::GET, &path, "", None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let read = c.dest(Method::GET, &path, READONLY, None).await;
    assert_eq!(read.status, StatusCode::OK, "read_api reads: {}", read.body);
    let body = json!({"key": "NEW_ONE", "value": "x"});
    let write = c.dest(Method::POST, &path, READONLY, Some(body.clone())).await;
    assert_eq!((write.status, write.body["error"].clone()), (StatusCode::FORBIDDEN, json!("insufficient_scope")));
    let other = c.dest(Method::GET, &path, OTHER, None).await;
    assert_eq!((other.status, message(&other)), (StatusCode::NOT_FOUND, json!("404 Project Not Found")));
    let maintainer = c.dest(Method::GET, "/groups/platform-team/variables", OWNER, None).await;
    assert_eq!((maintainer.status, message(&maintainer)), (StatusCode::FORBIDDEN, json!("403 Forbidden")));
    let developer = c.dest(Method::POST, "/groups/docs/variables", OWNER, Some(body.clone())).await;
    assert_eq!(developer.status, StatusCode::FORBIDDEN);
    let admin = c.dest(Method::GET, "/groups/platform-team/variables", ADMIN, None).await;
    assert_eq!(admin.status, StatusCode::OK);
    let src_read = c.call(true, Method::POST, "/projects/3/variables", SOURCE_READONLY, Some(body)).await;
    assert_eq!(src_read.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn variables_create_update_delete_with_gitlabs_errors() {
    let c = Client::new().await;
    let id = c.dest_id("projects", "migrated/acme/platform/api").await;
    let path = format!("/projects/{id}/variables");
    let post = |body: Value| c.dest(Method::POST, &path, OWNER, Some(body));

    let made =
        post(json!({"key": "KUBECONFIG", "value": "apiVersion: v1", "variable_type": "file", "raw": true})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    check_fields("POST /projects/:id/variables", "ci_variable", &made.body);
    assert_eq!(made.body["environment_scope"], "*");
    // The same key and scope again: the idempotent copy's second try.
    let again = post(json!({"key": "KUBECONFIG", "value": "other"})).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.body, json!({"message": {"key": ["(KUBECONFIG) has already been taken"]}}));
    // Another scope is another variable.
    let staging = post(json!({"key": "KUBECONFIG", "value": "v", "environment_scope": "staging"})).await;
    assert_eq!(staging.status, StatusCode::CREATED);

    let bad_key = post(json!({"key": "BAD-KEY", "value": "v"})).await;
    assert_eq!(bad_key.body, json!({"message": {"key": ["can contain only letters, digits and '_'."]}}));
    let long = post(json!({"key": "K".repeat(256), "value": "v"})).await;
    assert_eq!(long.body["message"]["key"][0], "is too long (maximum is 255 characters)");
    let missing = post(json!({"description": "nothing"})).await;
    assert_eq!(
        (missing.status, missing.body),
        (StatusCode::BAD_REQUEST, json!({"error": "key is missing, value is missing"}))
    );
    let bad_type = post(json!({"key": "T", "value": "v", "variable_type": "secret"})).await;
    assert_eq!(bad_type.body, json!({"error": "variable_type does not have a valid value"}));
    let short_mask = post(json!({"key": "M", "value": "short", "masked": true})).await;
    assert_eq!(short_mask.body, json!({"message": {"value": ["is invalid"]}}));
    let spaced = post(json!({"key": "M", "value": "has a space in it", "masked": true, "raw": true})).await;
    assert_eq!(spaced.body, json!({"message": {"value": ["is invalid"]}}));
    let raw_ok = post(json!({"key": "M", "value": "$weird!chars#", "masked": true, "raw": true})).await;
    assert_eq!(raw_ok.status, StatusCode::CREATED, "{}", raw_ok.body);

    // masked_and_hidden: hidden and masked, its value never read back.
    let secret = "Top-Secret-Value-123";
    let hidden = post(json!({"key": "HIDDEN", "value": secret, "masked_and_hidden": true})).await;
    assert_eq!(hidden.status, StatusCode::CREATED, "{}", hidden.body);
    assert_eq!((hidden.body["hidden"].clone(), hidden.body["masked"].clone()), (json!(true), json!(true)));
    assert!(hidden.body["value"].is_null());
    let unmask = c.dest(Method::PUT, &format!("{path}/HIDDEN"), OWNER, Some(json!({"masked": false}))).await;
    assert_eq!(
        unmask.body,
        json!({"message": {"base": ["The visibility setting cannot be changed for masked and hidden variables."]}})
    );
    let changed =
        c.dest(Method::PUT, &format!("{path}/HIDDEN"), OWNER, Some(json!({"value": "New-Secret-Value-1"}))).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body["value"].is_null());

    // PUT and DELETE by key, the filter choosing among scopes.
    let two = c.dest(Method::PUT, &format!("{path}/KUBECONFIG"), OWNER, Some(json!({"value": "x"}))).await;
    assert_eq!(two.status, StatusCode::CONFLICT);
    let url = format!("{path}/KUBECONFIG?filter%5Benvironment_scope%5D=staging");
    let put = c.dest(Method::PUT, &url, OWNER, Some(json!({"value": "new", "protected": true}))).await;
    assert_eq!((put.body["value"].clone(), put.body["protected"].clone()), (json!("new"), json!(true)));
    check_fields("PUT /projects/:id/variables/:key", "ci_variable", &put.body);
    let gone = c.dest(Method::DELETE, &url, OWNER, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let gone = c.dest(Method::DELETE, &url, OWNER, None).await;
    assert_eq!((gone.status, message(&gone)), (StatusCode::NOT_FOUND, json!("404 Variable Not Found")));

    // Group variables on the source: `masked_and_hidden` is a String there, any value hides.
    let g = c
        .src(
            Method::POST,
            "/groups/legacy/variables",
            Some(json!({"key": "G", "value": "Group-Secret-99", "masked_and_hidden": "false"})),
        )
        .await;
    assert_eq!((g.status, g.body["hidden"].clone()), (StatusCode::CREATED, json!(true)));
    let dup = c.src(Method::POST, "/groups/legacy/variables", Some(json!({"key": "LEGACY_MODE", "value": "x"}))).await;
    assert_eq!(dup.body, json!({"message": {"key": ["(LEGACY_MODE) has already been taken"]}}));
    let mut secrets = HIDDEN_VALUES.to_vec();
    secrets.extend([secret, "New-Secret-Value-1", "Group-Secret-99"]);
    c.assert_no_secret(&secrets);
}

#[tokio::test]
async fn variable_writes_can_be_made_to_fail() {
    let c = Client::new().await;
    let faults = json!({"mode": "500", "rate": 1.0, "only_writes": true});
    c.p.http.post(format!("{}/-/sandbox/faults", c.p.dest)).json(&faults).send().await.unwrap();
    for source in [false, true] {
        let token = if source { SOURCE } else { OWNER };
        let path = if source { "/groups/acme/variables" } else { "/groups/migrated%2Facme/variables" };
        let read = c.call(source, Method::GET, path, token, None).await;
        assert_eq!(read.status, StatusCode::OK, "reads pass: {}", read.body);
        let body = json!({"key": "X", "value": "y"});
        let write = c.call(source, Method::POST, path, token, Some(body)).await;
        assert_eq!(write.status, StatusCode::INTERNAL_SERVER_ERROR);
        let put =
            c.call(source, Method::PUT, &format!("{path}/DEPLOY_REGION"), token, Some(json!({"value": "z"}))).await;
        assert_eq!(put.status, StatusCode::INTERNAL_SERVER_ERROR);
        let delete = c.call(source, Method::DELETE, &format!("{path}/DEPLOY_REGION"), token, None).await;
        assert_eq!(delete.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}

/// `--scale-settings`: 1,000 projects' settings seeded fast, a finished migration of them, and each project's
/// lists on both instances by URL-encoded path (20 variables, 3 hooks, 2 keys there; 10, 1, 1 here).
#[tokio::test]
async fn scaled_settings_served_by_path_on_both_instances() {
    let (mut took, mut import) = (std::time::Duration::MAX, 0);
    let p = support::start_seeded(|w| {
        let t = std::time::Instant::now();
        sandbox::settings::scale::seed(w, 1000);
        took = t.elapsed();
        import = w.imports.last().unwrap().id;
    })
    .await;
    assert!(took.as_millis() < 1000, "seeded in {took:?}");
    let c = Client { p, seen: Seen::default() };
    let entities = c.dest(Method::GET, &format!("/bulk_imports/{import}/entities?per_page=20"), OWNER, None).await;
    assert_eq!(entities.header("x-total"), "1000");
    assert_eq!(entities.body[0]["status"], "finished");
    let count =
        |a: &support::Answer, f: &dyn Fn(&Value) -> bool| a.body.as_array().unwrap().iter().filter(|v| f(v)).count();
    let get = |source: bool, list: &str| {
        let (prefix, token) = if source { ("", SOURCE) } else { ("migrated%2F", OWNER) };
        let path = format!("/projects/{prefix}settings-scale%2Fsvc-0999/{list}?per_page=100");
        let c = &c;
        async move { c.call(source, Method::GET, &path, token, None).await }
    };
    let vars = get(true, "variables").await;
    assert_eq!(count(&vars, &|_| true), 20, "{}", vars.body);
    assert_eq!(count(&vars, &|v| v["masked"] == true && v["hidden"] == false), 3);
    assert_eq!(count(&vars, &|v| v["hidden"] == true && v["value"].is_null()), 1);
    assert_eq!(count(&vars, &|v| v["environment_scope"] != "*"), 3);
    let copied = get(false, "variables").await;
    assert_eq!(count(&copied, &|_| true), 10, "{}", copied.body);
    assert_eq!(count(&copied, &|v| v["value"].as_str().is_some_and(|s| s.starts_with("old-"))), 2);
    let hooks = get(true, "hooks").await;
    assert_eq!(count(&hooks, &|_| true), 3);
    let ci =
        c.src(Method::GET, &format!("/projects/settings-scale%2Fsvc-0999/hooks/{}", hooks.body[0]["id"]), None).await;
    assert_eq!(ci.body["url_variables"].as_array().map(Vec::len), Some(2), "{}", ci.body);
    assert_eq!(count(&get(false, "hooks").await, &|_| true), 1);
    assert_eq!(count(&get(true, "deploy_keys").await, &|_| true), 2);
    assert_eq!(count(&get(false, "deploy_keys").await, &|_| true), 1);
}

/// `--scale-settings-copied 0`: every variable of every scaled project is missing on the destination.
#[tokio::test]
async fn scaled_settings_with_no_variable_copied() {
    let p = support::start_seeded(|w| sandbox::settings::scale::seed_copied(w, 3, 0)).await;
    let c = Client { p, seen: Seen::default() };
    for (source, prefix, token) in [(true, "", SOURCE), (false, "migrated%2F", OWNER)] {
        let path = format!("/projects/{prefix}settings-scale%2Fsvc-0002/variables?per_page=100");
        let vars = c.call(source, Method::GET, &path, token, None).await;
        assert_eq!(vars.body.as_array().map(Vec::len), Some(if source { 20 } else { 0 }), "{}", vars.body);
    }
}
