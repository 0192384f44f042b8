//! #27 part 4 on the destination: the Repository Files API, the commits list, `POST /projects` and
//! `POST /projects/:id/issues`, with GitLab's refusals (texts from `app/services/files/update_service.rb`,
//! `app/services/commits/create_service.rb` and Gitaly's index errors).

use crate::settings_common;
use crate::support;

use reqwest::Method;
use serde_json::{json, Value};
use settings_common::{message, Client, OTHER, READONLY};
use support::OWNER;

const SECOND_OWNER: &str = "sandbox-second-owner-token";
const DEVELOPER: &str = "sandbox-developer-token";

fn file_url(project: u64, path: &str) -> String {
    format!("/projects/{project}/repository/files/{}", path.replace('/', "%2F"))
}

fn write(content: &str, message: &str, last: Option<&str>) -> Value {
    let mut body = json!({"branch": "main", "content": content, "commit_message": message});
    if let Some(l) = last {
        body["last_commit_id"] = json!(l);
    }
    body
}

#[tokio::test]
async fn a_plan_file_round_trips_with_gitlabs_refusals() {
    let c = Client::new().await;
    // A project of its own in `migrated` (Maintainer+ may push to its protected `main`).
    let made = c
        .dest(Method::POST, "/projects", SECOND_OWNER, Some(json!({"name": "Campaign plan", "namespace_id": 100})))
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(
        (made.body["path_with_namespace"].as_str(), made.body["empty_repo"].as_bool()),
        (Some("migrated/campaign-plan"), Some(true))
    );
    let id = made.body["id"].as_u64().unwrap();
    let listed = c.dest(Method::GET, "/groups/100/projects?per_page=100", OWNER, None).await;
    assert!(listed.body.as_array().unwrap().iter().any(|p| p["id"] == id), "the new project is listed");
    let again =
        c.dest(Method::POST, "/projects", OWNER, Some(json!({"name": "Campaign plan", "namespace_id": 100}))).await;
    assert_eq!((again.status.as_u16(), &message(&again)["path"][0]), (400, &json!("has already been taken")));
    let refused = c.dest(Method::POST, "/projects", OTHER, Some(json!({"path": "x", "namespace_id": 100}))).await;
    assert_eq!((refused.status.as_u16(), message(&refused)), (400, json!({"namespace": ["is not valid"]})));
    let none = c.dest(Method::POST, "/projects", OWNER, Some(json!({"namespace_id": 100}))).await;
    assert_eq!(none.body["error"], "name, path are missing, at least one parameter must be provided");

    // Create, then read it back: content, blob and last commit.
    let path = "plans/wave 1.json";
    let plan = r#"{"waves":[1]}"#;
    let created = c.dest(Method::POST, &file_url(id, path), OWNER, Some(write(plan, "Add the plan", None))).await;
    assert_eq!((created.status.as_u16(), &created.body), (201, &json!({"file_path": path, "branch": "main"})));
    let got = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, path)), OWNER, None).await;
    assert_eq!(got.status, 200, "{}", got.body);
    use base64::Engine;
    let content = base64::engine::general_purpose::STANDARD.decode(got.body["content"].as_str().unwrap()).unwrap();
    assert_eq!(content, plan.as_bytes());
    assert_eq!(
        (got.body["file_name"].as_str(), got.body["size"].as_u64()),
        (Some("wave 1.json"), Some(plan.len() as u64))
    );
    let first = got.body["last_commit_id"].as_str().unwrap().to_string();
    assert_eq!((first.len(), got.header("x-gitlab-last-commit-id")), (40, first.clone()));
    let exists = c.dest(Method::POST, &file_url(id, path), OWNER, Some(write("{}", "Again", None))).await;
    assert_eq!((exists.status.as_u16(), message(&exists)), (400, json!("A file with this name already exists")));

    // Update with the right last commit, then with the stale one.
    let v2 =
        c.dest(Method::PUT, &file_url(id, path), OWNER, Some(write("{\"waves\":[1,2]}", "Wave 2", Some(&first)))).await;
    assert_eq!(v2.status, 200, "{}", v2.body);
    let stale = c.dest(Method::PUT, &file_url(id, path), SECOND_OWNER, Some(write("{}", "Mine", Some(&first)))).await;
    let changed = "You are attempting to update a file that has changed since you started editing it.";
    assert_eq!((stale.status.as_u16(), message(&stale)), (400, json!(changed)));
    let b64 = json!({"branch": "main", "content": "eyJ3YXZlcyI6W119", "encoding": "base64", "commit_message": "B64"});
    assert_eq!(c.dest(Method::PUT, &file_url(id, path), OWNER, Some(b64)).await.status, 200);
    let raw = c.dest(Method::GET, &format!("{}/raw?ref=main", file_url(id, path)), OWNER, None).await;
    assert_eq!((raw.status.as_u16(), raw.body.clone()), (200, json!({"waves": []})));

    // The commits, newest first, with author and time.
    let commits =
        c.dest(Method::GET, &format!("/projects/{id}/repository/commits?ref_name=main&per_page=2"), OWNER, None).await;
    let list = commits.body.as_array().unwrap();
    assert_eq!((list.len(), commits.header("x-total")), (2, "3".to_string()));
    assert_eq!((list[0]["title"].as_str(), list[1]["title"].as_str()), (Some("B64"), Some("Wave 2")));
    assert_eq!(
        (list[1]["author_name"].as_str(), list[1]["parent_ids"][0].as_str()),
        (Some("Olivia Owner"), Some(first.as_str()))
    );
    assert!(
        list[0]["committed_date"].as_str().is_some_and(|d| d.ends_with("+00:00"))
            && list[0]["short_id"].as_str().map(str::len) == Some(8)
    );
    let by_path = c.dest(Method::GET, &format!("/projects/{id}/repository/commits?path=nothing"), OWNER, None).await;
    assert_eq!(by_path.body, json!([]));

    // 404s: a file, a ref, a missing update, a project a non-member cannot see.
    let missing = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, "nope.json")), OWNER, None).await;
    assert_eq!((missing.status.as_u16(), missing.body.clone()), (404, json!({"message": "404 File Not Found"})));
    let no_ref = c.dest(Method::GET, &format!("{}?ref=zzz", file_url(id, path)), OWNER, None).await;
    assert_eq!(message(&no_ref), json!("404 Commit Not Found"));
    let upd = c.dest(Method::PUT, &file_url(id, "nope.json"), OWNER, Some(write("{}", "x", None))).await;
    assert_eq!(message(&upd), json!("A file with this name doesn't exist"));
    let outsider = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, path)), OTHER, None).await;
    assert_eq!((outsider.status.as_u16(), message(&outsider)), (404, json!("404 Project Not Found")));
    let bad = c.dest(Method::GET, &file_url(id, path), OWNER, None).await;
    assert_eq!((bad.status.as_u16(), bad.body["error"].as_str()), (400, Some("ref is missing")));
    let scope = c.dest(Method::PUT, &file_url(id, path), READONLY, Some(write("{}", "x", None))).await;
    assert_eq!(scope.status, 403);

    // A Developer reads, may not push to the protected default branch, may push to another one.
    let read = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, path)), DEVELOPER, None).await;
    assert_eq!(read.status, 200);
    let dev = c.dest(Method::PUT, &file_url(id, path), DEVELOPER, Some(write("{}", "Dev", None))).await;
    assert_eq!((dev.status.as_u16(), message(&dev)), (400, json!("You are not allowed to push into this branch")));
    let branch = json!({"branch": "dev-plan", "start_branch": "main", "content": "{}", "commit_message": "Dev"});
    assert_eq!(c.dest(Method::PUT, &file_url(id, path), DEVELOPER, Some(branch)).await.status, 200);

    // The writes feel the write-only fault; reads do not.
    let faults = json!({"mode": "500", "rate": 1.0, "only_writes": true});
    c.p.http.post(format!("{}/-/sandbox/faults", c.p.dest)).json(&faults).send().await.unwrap();
    assert_eq!(c.dest(Method::PUT, &file_url(id, path), OWNER, Some(write("{}", "x", None))).await.status, 500);
    assert_eq!(c.dest(Method::GET, &format!("{}?ref=main", file_url(id, path)), OWNER, None).await.status, 200);
    c.p.http.post(format!("{}/-/sandbox/faults", c.p.dest)).json(&json!({})).send().await.unwrap();

    // An issue in the same project.
    let issue = c
        .dest(
            Method::POST,
            &format!("/projects/{id}/issues"),
            OWNER,
            Some(json!({"title": "Wave 1 ready", "description": "See plans/"})),
        )
        .await;
    assert_eq!(
        (issue.status.as_u16(), issue.body["iid"].as_u64(), issue.body["state"].as_str()),
        (201, Some(1), Some("opened"))
    );
    assert_eq!(issue.body["references"]["full"], "migrated/campaign-plan#1");
    let untitled = c.dest(Method::POST, &format!("/projects/{id}/issues"), OWNER, Some(json!({}))).await;
    assert_eq!(untitled.body["error"], "title is missing");
}

#[tokio::test]
async fn a_migrated_project_has_a_history_and_a_developer_may_create_projects() {
    let c = Client::new().await;
    let projects = c.dest(Method::GET, "/groups/100/projects?per_page=1", OWNER, None).await;
    let id = projects.body[0]["id"].as_u64().unwrap();
    let readme = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, "README.md")), OWNER, None).await;
    assert_eq!(readme.status, 200, "{}", readme.body);
    let made = c
        .dest(
            Method::POST,
            "/projects",
            DEVELOPER,
            Some(json!({"path": "devon-notes", "namespace_id": 100, "initialize_with_readme": true})),
        )
        .await;
    assert_eq!((made.status.as_u16(), made.body["empty_repo"].as_bool()), (201, Some(false)), "{}", made.body);
    let personal = c.dest(Method::POST, "/projects", OTHER, Some(json!({"name": "Scratch"}))).await;
    assert_eq!(personal.body["namespace"]["kind"], "user", "{}", personal.body);
}

/// `POST /projects/:id/repository/commits` with one action, as the console writes its plan.
fn commit(action: &str, content: &str, last: Option<&str>) -> Value {
    let mut a = json!({"action": action, "file_path": "plan.json", "content": content});
    if let Some(l) = last {
        a["last_commit_id"] = json!(l);
    }
    json!({"branch": "main", "commit_message": format!("plan: {action}"), "stats": false, "actions": [a]})
}

#[tokio::test]
async fn one_commit_writes_the_plan_and_answers_with_the_commit() {
    let c = Client::new().await;
    let made = c.dest(Method::POST, "/projects", OWNER, Some(json!({"name": "Plan", "namespace_id": 100}))).await;
    let id = made.body["id"].as_u64().unwrap();
    let url = format!("/projects/{id}/repository/commits");
    // Create: 201 with the commit itself (its id is the next write's last_commit_id, its author the board's).
    let created = c.dest(Method::POST, &url, OWNER, Some(commit("create", "{\"a\": 1}\n", None))).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let first = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        (created.body["author_name"].as_str(), created.body["project_id"].as_u64()),
        (Some("Olivia Owner"), Some(id))
    );
    assert!(created.body.get("stats").is_none(), "stats=false leaves them out");
    let file = c.dest(Method::GET, &format!("{}?ref=main", file_url(id, "plan.json")), OWNER, None).await;
    assert_eq!(file.body["last_commit_id"].as_str(), Some(first.as_str()));
    // Update with it; stats by default count the changed block.
    let mut next = commit("update", "{\"a\": 2}\n", Some(&first));
    next.as_object_mut().unwrap().remove("stats");
    let second = c.dest(Method::POST, &url, OWNER, Some(next)).await;
    assert_eq!(second.status, 201, "{}", second.body);
    assert_eq!(second.body["stats"], json!({"additions": 1, "deletions": 1, "total": 2}));
    // The stale last_commit_id: GitLab's MultiService sentence, with the path.
    let stale = c.dest(Method::POST, &url, SECOND_OWNER, Some(commit("update", "{}", Some(&first)))).await;
    let changed = "The file has changed since you started editing it: plan.json";
    assert_eq!((stale.status.as_u16(), message(&stale)), (400, json!(changed)));
    let again = c.dest(Method::POST, &url, OWNER, Some(commit("create", "{}", None))).await;
    assert_eq!(message(&again), json!("A file with this name already exists"));
    // A Developer on the protected default branch: authorize_push_to_branch!'s 403, before the service.
    let dev = c.dest(Method::POST, &url, DEVELOPER, Some(commit("update", "{}", None))).await;
    assert_eq!(
        (dev.status.as_u16(), message(&dev)),
        (403, json!("403 Forbidden - You are not allowed to push into this branch"))
    );
    // Grape's own refusals.
    let bad = json!({"branch": "main", "commit_message": "x", "actions": [{"action": "rename", "file_path": "a"}]});
    let bad = c.dest(Method::POST, &url, OWNER, Some(bad)).await;
    assert_eq!(
        (bad.status.as_u16(), bad.body["error"].as_str()),
        (400, Some("actions[0][action] does not have a valid value"))
    );
    let none = c.dest(Method::POST, &url, OWNER, Some(json!({"branch": "main", "commit_message": "x"}))).await;
    assert_eq!(none.body["error"], "actions is missing");
    let update_without =
        json!({"branch": "main", "commit_message": "x", "actions": [{"action": "update", "file_path": "plan.json"}]});
    let update_without = c.dest(Method::POST, &url, OWNER, Some(update_without)).await;
    assert_eq!(update_without.body["error"], "actions[0][content] is missing");
    let listed = c.dest(Method::GET, &format!("{url}?path=plan.json"), OWNER, None).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(2), "two commits changed the plan; the refused ones none");
}
