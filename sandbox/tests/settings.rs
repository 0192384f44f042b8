//! "Complete the move" (#26) on both instances, as a client notices it: CI/CD variables (paging, hidden
//! values never read back, permissions, GitLab's error texts and codes), field lists from
//! `tests/fixtures/gitlab-fields/`, writes behind the fault injection, and no seeded secret in any answer.

mod support;

use reqwest::{Method, StatusCode};
use sandbox::settings::seed::{seeded_keys, HIDDEN_VALUES, HOOK_SECRETS};
use sandbox::settings::ssh_key::sample_key;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::{start, Answer, Peer, ADMIN, OWNER, SOURCE};

const READONLY: &str = "sandbox-readonly-token";
const OTHER: &str = "sandbox-other-token";
const SOURCE_READONLY: &str = "sandbox-source-readonly-token";

/// Every body any request of a test received, searched for secrets at the end.
#[derive(Default)]
struct Seen(std::sync::Mutex<Vec<String>>);

struct Client {
    p: Peer,
    seen: Seen,
}

impl Client {
    async fn new() -> Client {
        Client { p: start().await, seen: Seen::default() }
    }

    async fn call(&self, source: bool, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        let base = if source { &self.p.source } else { &self.p.dest };
        let mut req = self.p.http.request(method, format!("{base}/api/v4{path}")).header("PRIVATE-TOKEN", token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let text = res.text().await.unwrap();
        self.seen.0.lock().unwrap().push(text.clone());
        Answer { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    async fn dest(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        self.call(false, method, path, token, body).await
    }

    async fn src(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call(true, method, path, SOURCE, body).await
    }

    async fn dest_id(&self, kind: &str, path: &str) -> u64 {
        let a = self.dest(Method::GET, &format!("/{kind}/{}", path.replace('/', "%2F")), OWNER, None).await;
        a.body["id"].as_u64().unwrap_or_else(|| panic!("{path}: {}", a.body))
    }

    fn assert_no_secret(&self, secrets: &[&str]) {
        let seen = self.seen.0.lock().unwrap();
        assert!(seen.len() > 5, "bodies were recorded");
        for body in seen.iter() {
            for s in secrets {
                assert!(!body.contains(s), "secret {s:?} in an answer: {body}");
            }
        }
    }
}

fn fields(name: &str) -> BTreeSet<String> {
    let path = format!("{}/../tests/fixtures/gitlab-fields/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(v["source"].as_str().is_some_and(|s| s.contains("gitlabhq/gitlabhq")), "{name}: names its source");
    v["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().cloned().collect()
}

fn check_fields(what: &str, name: &str, v: &Value) {
    assert_eq!(keys(v), fields(name), "{what}: keys against {name}.json");
}

/// The list's fields: the fixture's, less what its `when` condition for lists removes.
fn check_list_fields(what: &str, name: &str, v: &Value) {
    let path = format!("{}/../tests/fixtures/gitlab-fields/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let f: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (_, cond) = f["when"].as_object().unwrap().iter().next().unwrap();
    let mut expected = fields(name);
    for k in cond["remove"].as_array().unwrap() {
        expected.remove(k.as_str().unwrap());
    }
    assert_eq!(keys(v), expected, "{what}: keys against {name}.json (list)");
}

fn message(a: &Answer) -> Value {
    a.body["message"].clone()
}

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

#[tokio::test]
async fn hooks_read_without_secrets_on_both_instances() {
    let c = Client::new().await;
    let list = c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/hooks", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.header("x-total"), "2");
    let hooks = list.body.as_array().unwrap();
    for h in hooks {
        check_list_fields("GET /projects/:id/hooks", "project_hook", h);
    }
    let ci = &hooks[0];
    assert_eq!(ci["url"], "https://ci.example.com/hooks/{project}?key={api_key}", "placeholders kept");
    assert_eq!((ci["merge_requests_events"].clone(), ci["push_events"].clone()), (json!(true), json!(true)));
    assert_eq!(ci["push_events_branch_filter"], "main");
    let id = ci["id"].as_u64().unwrap();
    let one = c.src(Method::GET, &format!("/projects/3/hooks/{id}"), None).await;
    check_fields("GET /projects/:id/hooks/:hook_id", "project_hook", &one.body);
    assert_eq!(one.body["url_variables"], json!([{"key": "api_key"}, {"key": "project"}]));
    assert_eq!(one.body["custom_headers"], json!([{"key": "X-Auth"}]));
    assert_eq!(one.body["project_id"], 3);

    let group = c.src(Method::GET, "/groups/acme/hooks", None).await;
    check_list_fields("GET /groups/:id/hooks", "group_hook", &group.body[0]);
    assert_eq!(group.body[0]["member_events"], true);
    let gid = group.body[0]["id"].as_u64().unwrap();
    let g = c.src(Method::GET, &format!("/groups/1/hooks/{gid}"), None).await;
    check_fields("GET /groups/:id/hooks/:hook_id", "group_hook", &g.body);
    c.src(Method::GET, "/projects/legacy%2Fmonolith/hooks", None).await;
    // A CE source has no group webhooks (Premium): the route is a 404.
    let ce = json!({"source_version": "17.11.3"});
    c.p.http.post(format!("{}/-/sandbox/settings", c.p.dest)).json(&ce).send().await.unwrap();
    let none = c.src(Method::GET, "/groups/acme/hooks", None).await;
    assert_eq!((none.status, message(&none)), (StatusCode::NOT_FOUND, json!("404 Not Found")));
    assert_eq!(c.src(Method::GET, "/projects/3/hooks", None).await.status, StatusCode::OK);

    let missing = c.src(Method::GET, "/projects/3/hooks/999999", None).await;
    assert_eq!((missing.status, message(&missing)), (StatusCode::NOT_FOUND, json!("404 Not found")));
    let bad = c.src(Method::GET, "/projects/3/hooks/abc", None).await;
    assert_eq!((bad.status, bad.body["error"].clone()), (StatusCode::BAD_REQUEST, json!("hook_id is invalid")));

    let dest_id = c.dest_id("projects", "migrated/acme/platform/api").await;
    let dest = c.dest(Method::GET, &format!("/projects/{dest_id}/hooks"), OWNER, None).await;
    let urls: Vec<_> = dest.body.as_array().unwrap().iter().map(|h| h["url"].as_str().unwrap().to_string()).collect();
    assert_eq!(urls, ["https://chat.example.com/notify", "https://ci.example.com/hooks/{project}?key={api_key}"]);
    let maintainer = c.dest(Method::GET, "/groups/platform-team/hooks", OWNER, None).await;
    assert_eq!(maintainer.status, StatusCode::FORBIDDEN);
    c.assert_no_secret(&HOOK_SECRETS);
}

#[tokio::test]
async fn hooks_create_update_delete_as_gitlab_does() {
    let c = Client::new().await;
    let id = c.dest_id("projects", "migrated/acme/platform/api").await;
    let path = format!("/projects/{id}/hooks");
    let token = "new-Hook-Token-555";
    let body = json!({
        "url": "https://ci.example.com/hooks/{project}?key={api_key}", "name": "CI", "description": "copied",
        "push_events": false, "merge_requests_events": true, "pipeline_events": true, "enable_ssl_verification": false,
        "push_events_branch_filter": "release/.*", "branch_filter_strategy": "regex",
        "custom_webhook_template": "{\"k\":1}", "token": token,
        "url_variables": [{"key": "project", "value": "api"}, {"key": "api_key", "value": "var-Value-777"}],
        "custom_headers": [{"key": "X-Auth", "value": "hdr-Value-888"}]
    });
    let made = c.dest(Method::POST, &path, OWNER, Some(body)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    check_fields("POST /projects/:id/hooks", "project_hook", &made.body);
    assert_eq!(made.body["branch_filter_strategy"], "regex");
    assert_eq!(made.body["enable_ssl_verification"], false);
    assert_eq!(made.body["push_events"], false);
    assert_eq!(made.body["custom_headers"], json!([{"key": "X-Auth"}]));
    let hook = made.body["id"].as_u64().unwrap();
    let one = format!("{path}/{hook}");

    // URL problems are all 422 {"error":"Invalid url given"}.
    for url in [
        "not a url",
        "ftp://example.com/x",
        "http://127.0.0.1/hook",
        "http://localhost:8080/x",
        "https://10.1.2.3/x",
        "http://192.168.0.5/",
        "https://example.com/{missing}",
    ] {
        let bad = c.dest(Method::POST, &path, OWNER, Some(json!({"url": url}))).await;
        assert_eq!(
            (bad.status, bad.body.clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": "Invalid url given"})),
            "{url}"
        );
    }
    let missing = c.dest(Method::POST, &path, OWNER, Some(json!({"name": "x"}))).await;
    assert_eq!(missing.body, json!({"error": "url is missing"}));
    let strategy =
        c.dest(Method::POST, &path, OWNER, Some(json!({"url": "https://e.com", "branch_filter_strategy": "x"}))).await;
    assert_eq!(strategy.body, json!({"error": "branch_filter_strategy does not have a valid value"}));
    let regex = c
        .dest(
            Method::POST,
            &path,
            OWNER,
            Some(json!({"url": "https://e.com", "push_events_branch_filter": "(", "branch_filter_strategy": "regex"})),
        )
        .await;
    assert_eq!(
        (regex.status, regex.body),
        (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": "Invalid branch filter given"}))
    );
    // Local hooks pass once the sandbox allows them.
    c.p.http
        .post(format!("{}/-/sandbox/settings", c.p.dest))
        .json(&json!({"allow_local_hooks": true}))
        .send()
        .await
        .unwrap();
    let local = c.dest(Method::POST, &path, OWNER, Some(json!({"url": "http://127.0.0.1:9/hook"}))).await;
    assert_eq!(local.status, StatusCode::CREATED, "{}", local.body);

    // PUT: nothing → 400; merged URL variables; a new URL clears the token (and, resolved anew, the headers).
    let nothing = c.dest(Method::PUT, &one, OWNER, Some(json!({}))).await;
    assert_eq!((nothing.status, nothing.body), (StatusCode::BAD_REQUEST, json!({"error": "No parameters provided"})));
    let put = c.dest(Method::PUT, &one, OWNER, Some(json!({"url_variables": [{"key": "extra", "value": "x"}]}))).await;
    assert_eq!(put.body["url_variables"], json!([{"key": "api_key"}, {"key": "extra"}, {"key": "project"}]));
    assert_eq!(put.body["custom_headers"], json!([{"key": "X-Auth"}]), "same URL: headers kept");
    let moved = c.dest(Method::PUT, &one, OWNER, Some(json!({"url": "https://ci2.example.com/{project}"}))).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.body["custom_headers"], json!([]), "a new resolved URL clears the headers");
    let bad = c.dest(Method::PUT, &one, OWNER, Some(json!({"url": "http://10.0.0.1/"}))).await;
    assert_eq!(bad.status, StatusCode::OK, "local hooks are allowed now: {}", bad.body);

    let entry = format!("{one}/url_variables/extra");
    let set = c.dest(Method::PUT, &entry, OWNER, Some(json!({"value": "y"}))).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let del = c.dest(Method::DELETE, &entry, OWNER, None).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let header = c
        .dest(Method::PUT, &format!("{one}/custom_headers/X-New"), OWNER, Some(json!({"value": "h-Secret-999"})))
        .await;
    assert_eq!(header.status, StatusCode::NO_CONTENT);
    let read = c.dest(Method::GET, &one, OWNER, None).await;
    assert_eq!(read.body["custom_headers"], json!([{"key": "X-New"}]));

    let group = c
        .dest(
            Method::POST,
            "/groups/migrated%2Facme/hooks",
            OWNER,
            Some(json!({"url": "https://audit.example.com/gitlab", "member_events": true, "token": "grp-Token-321"})),
        )
        .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.body);
    check_fields("POST /groups/:id/hooks", "group_hook", &group.body);
    let gone = c.dest(Method::DELETE, &one, OWNER, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let gone = c.dest(Method::DELETE, &one, OWNER, None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let readonly = c.dest(Method::POST, &path, READONLY, Some(json!({"url": "https://e.com"}))).await;
    assert_eq!(readonly.status, StatusCode::FORBIDDEN);
    c.assert_no_secret(&[token, "var-Value-777", "hdr-Value-888", "h-Secret-999", "grp-Token-321"]);
}

#[tokio::test]
async fn deploy_keys_listed_joined_and_refused_as_gitlab_does() {
    let c = Client::new().await;
    let [shared, legacy] = seeded_keys();
    let api = c.src(Method::GET, "/projects/acme%2Fplatform%2Fapi/deploy_keys", None).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(api.header("x-total"), "1");
    let k = &api.body[0];
    check_fields("GET /projects/:id/deploy_keys", "deploy_key", k);
    assert_eq!((k["key"].as_str().unwrap(), k["can_push"].clone()), (shared.as_str(), json!(true)));
    let sha = k["fingerprint_sha256"].as_str().unwrap();
    assert!(sha.starts_with("SHA256:") && sha.len() == 7 + 43, "unpadded base64 of SHA-256: {sha}");
    assert_eq!(k["fingerprint"].as_str().unwrap().split(':').count(), 16);
    let worker = c.src(Method::GET, "/projects/4/deploy_keys", None).await;
    assert_eq!((worker.body[0]["id"].clone(), worker.body[0]["can_push"].clone()), (k["id"].clone(), json!(false)));

    // Destination: the shared key on both migrated projects.
    let dest_api = c.dest_id("projects", "migrated/acme/platform/api").await;
    let dest_worker = c.dest_id("projects", "migrated/acme/platform/worker").await;
    let d = c.dest(Method::GET, &format!("/projects/{dest_worker}/deploy_keys"), OWNER, None).await;
    assert_eq!((d.body[0]["key"].as_str().unwrap(), d.body[0]["can_push"].clone()), (shared.as_str(), json!(true)));
    let dest_key = d.body[0]["id"].as_u64().unwrap();

    // The monolith's key copied to migrated/monolith: created; again: that row; elsewhere: joined, not created.
    let mono = c.dest_id("projects", "migrated/monolith").await;
    let path = format!("/projects/{mono}/deploy_keys");
    let made = c
        .dest(Method::POST, &path, OWNER, Some(json!({"title": "Legacy deploy", "key": legacy, "can_push": true})))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    check_fields("POST /projects/:id/deploy_keys", "deploy_key", &made.body);
    let again = c.dest(Method::POST, &path, OWNER, Some(json!({"title": "x", "key": legacy}))).await;
    assert_eq!((again.status, again.body["id"].clone()), (StatusCode::CREATED, made.body["id"].clone()));
    let joined = c.dest(Method::POST, &path, OWNER, Some(json!({"title": "Deploy (shared)", "key": shared}))).await;
    assert_eq!((joined.status, joined.body["id"].as_u64()), (StatusCode::CREATED, Some(dest_key)));
    // The same key with another comment: a new key with a fingerprint already taken.
    let other_comment = shared.replace("deploy@acme", "someone@else");
    let dup = c
        .dest(
            Method::POST,
            &format!("/projects/{dest_api}/deploy_keys"),
            OWNER,
            Some(json!({"title": "t", "key": other_comment})),
        )
        .await;
    assert_eq!(
        (dup.status, dup.body.clone()),
        (StatusCode::BAD_REQUEST, json!({"message": {"deploy_key.fingerprint_sha256": ["has already been taken"]}}))
    );
    let bad = c.dest(Method::POST, &path, OWNER, Some(json!({"title": "t", "key": "ssh-rsa nonsense"}))).await;
    assert_eq!(
        (bad.status, bad.body),
        (StatusCode::BAD_REQUEST, json!({"message": {"deploy_key.fingerprint_sha256": ["cannot be generated"]}}))
    );
    let alien = c.dest(Method::POST, &path, OWNER, Some(json!({"title": "t", "key": "pgp-key abc"}))).await;
    assert_eq!(alien.body["message"]["deploy_key.key"], json!(["is invalid"]));
    let missing = c.dest(Method::POST, &path, OWNER, Some(json!({}))).await;
    assert_eq!(missing.body, json!({"error": "key is missing, title is missing"}));

    // Enable (read-only, no can_push in the answer), then PUT can_push, then remove.
    let fresh = c
        .dest(
            Method::POST,
            &format!("/projects/{dest_api}/deploy_keys"),
            OWNER,
            Some(json!({"title": "New", "key": sample_key(9, "n")})),
        )
        .await;
    let fresh_id = fresh.body["id"].as_u64().unwrap();
    let enabled = c.dest(Method::POST, &format!("{path}/{fresh_id}/enable"), OWNER, None).await;
    assert_eq!(enabled.status, StatusCode::CREATED, "{}", enabled.body);
    check_list_fields("POST /projects/:id/deploy_keys/:key_id/enable", "deploy_key", &enabled.body);
    let listed = c.dest(Method::GET, &format!("{path}/{fresh_id}"), OWNER, None).await;
    assert_eq!(listed.body["can_push"], false);
    let put = c.dest(Method::PUT, &format!("{path}/{fresh_id}"), OWNER, Some(json!({"can_push": true}))).await;
    assert_eq!((put.status, put.body["can_push"].clone()), (StatusCode::OK, json!(true)));
    let nothing = c.dest(Method::PUT, &format!("{path}/{fresh_id}"), OWNER, Some(json!({}))).await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    let unknown = c.dest(Method::POST, &format!("{path}/999999/enable"), OWNER, None).await;
    assert_eq!((unknown.status, message(&unknown)), (StatusCode::NOT_FOUND, json!("404 Deploy key Not Found")));
    let gone = c.dest(Method::DELETE, &format!("{path}/{fresh_id}"), OWNER, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let gone = c.dest(Method::GET, &format!("{path}/{fresh_id}"), OWNER, None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);

    // Permissions: read_api cannot add, Otto cannot see the project.
    let ro = c.dest(Method::POST, &path, READONLY, Some(json!({"title": "t", "key": sample_key(5, "x")}))).await;
    assert_eq!(ro.status, StatusCode::FORBIDDEN);
    let other = c.dest(Method::GET, &path, OTHER, None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // Writes fail on demand, reads go on.
    let faults = json!({"mode": "503", "rate": 1.0, "only_writes": true});
    c.p.http.post(format!("{}/-/sandbox/faults", c.p.dest)).json(&faults).send().await.unwrap();
    let fail = c.dest(Method::POST, &path, OWNER, Some(json!({"title": "t", "key": sample_key(6, "x")}))).await;
    assert_eq!(fail.status, StatusCode::SERVICE_UNAVAILABLE);
    let hook_fail = c.src(Method::POST, "/projects/3/hooks", Some(json!({"url": "https://e.com"}))).await;
    assert_eq!(hook_fail.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(c.dest(Method::GET, &path, OWNER, None).await.status, StatusCode::OK);
}
