//! "Complete the move" (#26) on both instances, as a client notices it: webhooks (secrets never returned,
//! GitLab's 422/400 answers) and deploy keys (joined, not created twice; GitLab's refusals), against the field lists.

use crate::settings_common as common;
use crate::support;

use common::*;
use reqwest::{Method, StatusCode};
use sandbox::settings::seed::{seeded_keys, HOOK_SECRETS};
use sandbox::settings::ssh_key::sample_key;
use serde_json::json;
use support::OWNER;

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
