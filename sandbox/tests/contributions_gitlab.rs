//! GitLab's behaviour around import source users, from its services and models (#25): the search rules,
//! reassign's checks in GitLab's order, the administrator bypass, "already assigned" per namespace, source
//! hostname and import type, who kept a source user, the retry limit over GraphQL, `GET /users` as GitLab
//! answers a non-administrator, and a query written the way GitLab's own frontend writes it.

use reqwest::Client;
use sandbox::contributions::model::*;
use sandbox::contributions::search::matches;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::{Settings, World, ADMIN_ID, OTHER_ID, OWNER_ID};
use sandbox::{routes, Sandbox};
use serde_json::{json, Value};

fn world() -> World {
    build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: "http://source.example".into(),
        settings: Settings { speed: 0.0, ..Settings::default() },
        scale_entities: 0,
        scale_failures: 0,
    })
}

fn pending(w: &World) -> Vec<u64> {
    let it = w.contributions.source_users.iter();
    it.filter(|u| u.status == SuStatus::PendingReassignment && u.namespace_id == 100).map(|u| u.id).collect()
}

#[test]
fn search_matches_words_of_three_or_more_anywhere_and_short_queries_whole() {
    // Every word of 3+ characters, anywhere, in the same column.
    assert!(matches("ada smi", "Ada Smith", "asmith"));
    assert!(matches("SMITH", "Ada Smith", "asmith"));
    assert!(matches("mit", "Ada Smith", "asmith"));
    assert!(!matches("ada jones", "Ada Smith", "asmith"), "every word must match");
    // Short words are dropped when a long one is there.
    assert!(matches("a smith", "Ada Smith", "asmith"));
    // Shorter than 3: the whole name or username, ignoring case.
    assert!(!matches("ad", "Ada Smith", "asmith"));
    assert!(matches("WU", "Chen Wu", "wu"));
    assert!(matches("cw", "Chen Wu", "CW"));
    assert!(!matches("wu", "Chen Wu", "cwu"), "a short query is not a part");
    // A quoted phrase is one term.
    assert!(matches("\"ada smith\"", "Ada Smith", "x"));
    assert!(!matches("\"smith ada\"", "Ada Smith", "x"));
    assert!(matches("", "anything", "at all"));
}

#[test]
fn reassign_checks_permission_then_personal_namespace_then_assignee_then_status() {
    let mut w = world();
    let ids = pending(&w);
    // Permission first: Otto may not, whatever else is wrong.
    assert_eq!(reassign(&mut w, ids[0], 17, OTHER_ID), Err(INSUFFICIENT));
    // A source user in Olivia's personal namespace: GitLab's sentence, before the assignee is looked at.
    let mut personal = w.contributions.get(ids[0]).cloned().expect("one");
    personal.id = 9_999;
    personal.namespace_id = PERSONAL_NAMESPACE_BASE + OWNER_ID;
    w.contributions.source_users.push(personal);
    assert_eq!(reassign(&mut w, 9_999, 17, OWNER_ID), Err(PERSONAL_NAMESPACE));
    // The assignee before the status: a bot on a completed one is an assignee refusal.
    let done = w.contributions.source_users.iter().find(|u| u.status == SuStatus::Completed).map(|u| u.id);
    let done = done.expect("a completed one");
    assert_eq!(reassign(&mut w, done, 17, OWNER_ID), Err(INVALID_ASSIGNEE));
    assert_eq!(reassign(&mut w, done, 13, OWNER_ID), Err(INVALID_STATUS));
    // Administrators are not assignable (allow_contribution_mapping_to_admins is off).
    assert_eq!(reassign(&mut w, ids[1], ADMIN_ID, OWNER_ID), Err(INVALID_ASSIGNEE));
}

#[test]
fn the_admin_bypass_skips_approval_and_takes_blocked_users() {
    let mut w = world();
    let ids = pending(&w);
    // Off: the admin's reassign waits for approval like anyone's.
    reassign(&mut w, ids[0], 13, ADMIN_ID).expect("reassign");
    assert_eq!(w.contributions.get(ids[0]).map(|u| u.status), Some(SuStatus::AwaitingApproval));
    w.contributions.admin_bypass = true;
    reassign(&mut w, ids[1], 14, ADMIN_ID).expect("bypass");
    assert_eq!(w.contributions.get(ids[1]).map(|u| u.status), Some(SuStatus::ReassignmentInProgress));
    // A blocked user is fine under the bypass; a bot is not, with the bypass's sentence.
    reassign(&mut w, ids[2], 16, ADMIN_ID).expect("blocked bill");
    assert_eq!(reassign(&mut w, ids[3], 17, ADMIN_ID), Err(INVALID_ASSIGNEE_BYPASS));
    // The owner is no administrator: no bypass for her.
    assert_eq!(reassign(&mut w, ids[3], OWNER_ID, OWNER_ID), Ok(()));
    assert_eq!(w.contributions.get(ids[3]).map(|u| u.status), Some(SuStatus::AwaitingApproval));
    assert_eq!(reassign(&mut w, ids[4], 16, OWNER_ID), Err(INVALID_ASSIGNEE), "bill is blocked: that comes first");
}

#[test]
fn already_assigned_is_scoped_by_namespace_source_hostname_and_import_type() {
    let mut w = world();
    let ids = pending(&w);
    reassign(&mut w, ids[0], 13, OWNER_ID).expect("dave");
    assert_eq!(reassign(&mut w, ids[1], 13, OWNER_ID), Err(TAKEN));
    // Another source instance: dave may be chosen again.
    for u in w.contributions.source_users.iter_mut().filter(|u| u.id == ids[1]) {
        u.hostname = "https://other.example".into();
    }
    reassign(&mut w, ids[1], 13, OWNER_ID).expect("other hostname");
    // Another import type on the first hostname: likewise.
    for u in w.contributions.source_users.iter_mut().filter(|u| u.id == ids[2]) {
        u.import_type = "github";
    }
    reassign(&mut w, ids[2], 13, OWNER_ID).expect("other import type");
    // A rejected reassignment keeps its user: still taken.
    settle(&mut w, ids[0], Outcome::Reject).expect("reject");
    assert_eq!(reassign(&mut w, ids[3], 13, OWNER_ID), Err(TAKEN));
}

#[test]
fn keep_and_keep_all_record_who_kept() {
    let mut w = world();
    let ids = pending(&w);
    transition(&mut w, ids[0], Op::Keep, OWNER_ID).expect("keep");
    assert_eq!(w.contributions.get(ids[0]).and_then(|u| u.reassigned_by), Some(OWNER_ID));
    transition(&mut w, ids[0], Op::UndoKeep, OWNER_ID).expect("undo");
    assert_eq!(w.contributions.get(ids[0]).and_then(|u| u.reassigned_by), None, "pending again: both users cleared");
    keep_all(&mut w, 100, ADMIN_ID);
    assert!(ids.iter().all(|id| w.contributions.get(*id).and_then(|u| u.reassigned_by) == Some(ADMIN_ID)));
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let router = routes::destination(Sandbox::new(world(), None));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn gql(url: &str, token: &str, query: &str, variables: Value) -> Value {
    let r = Client::new()
        .post(format!("{url}/api/graphql"))
        .header("PRIVATE-TOKEN", token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .expect("send");
    r.json().await.unwrap_or(Value::Null)
}

/// Written as GitLab's placeholders page writes its query: named operation, fragments (one on the `User`
/// interface), `__typename`, `before`/`last`, edges and page info.
const FRONTEND: &str = r#"
query importSourceUsers($fullPath: ID!, $after: String, $before: String, $first: Int, $last: Int,
    $statuses: [ImportSourceUserStatus!], $search: String, $sort: SourceUserSort) {
  namespace(fullPath: $fullPath) {
    id
    importSourceUsers(after: $after, before: $before, first: $first, last: $last, statuses: $statuses,
        search: $search, sort: $sort) {
      edges { cursor node { ...ImportSourceUser } }
      nodes { ...ImportSourceUser }
      pageInfo { ...PageInfo }
      __typename
    }
    __typename
  }
  currentUser { ...User }
}
fragment PageInfo on PageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
fragment User on User { id avatarUrl name username webUrl webPath state publicEmail __typename }
fragment ImportSourceUser on ImportSourceUser {
  id sourceUsername sourceName sourceHostname sourceUserIdentifier status importType reassignmentError createdAt
  placeholderUser { ...User } reassignToUser { ...User } reassignedByUser { ...User }
  namespace { id fullPath name }
  __typename
}
"#;

#[tokio::test]
async fn a_query_written_as_gitlabs_frontend_writes_it_runs() {
    let url = serve().await;
    let first = gql(&url, "sandbox-owner-token", FRONTEND, json!({"fullPath": "migrated", "first": 3})).await;
    assert!(first.get("errors").is_none(), "{first}");
    let conn = &first["data"]["namespace"]["importSourceUsers"];
    assert_eq!(conn["__typename"], "ImportSourceUserConnection");
    assert_eq!(conn["edges"].as_array().map(Vec::len), Some(3));
    assert_eq!(conn["edges"][0]["node"], conn["nodes"][0]);
    assert_eq!(conn["nodes"][0]["placeholderUser"]["__typename"], "UserCore");
    assert_eq!(first["data"]["currentUser"]["__typename"], "CurrentUser");
    assert_eq!(first["data"]["currentUser"]["username"], "olivia");
    assert_eq!(conn["nodes"][0]["importType"], "GITLAB_MIGRATION");
    // Default sort is SOURCE_NAME_ASC.
    let names: Vec<&str> =
        conn["nodes"].as_array().into_iter().flatten().filter_map(|n| n["sourceName"].as_str()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    // The next page, then back with before/last: the same three.
    let end = conn["pageInfo"]["endCursor"].clone();
    let second =
        gql(&url, "sandbox-owner-token", FRONTEND, json!({"fullPath": "migrated", "first": 3, "after": end})).await;
    let start = second["data"]["namespace"]["importSourceUsers"]["pageInfo"]["startCursor"].clone();
    assert_eq!(second["data"]["namespace"]["importSourceUsers"]["pageInfo"]["hasPreviousPage"], true);
    let back =
        gql(&url, "sandbox-owner-token", FRONTEND, json!({"fullPath": "migrated", "last": 3, "before": start})).await;
    assert_eq!(back["data"]["namespace"]["importSourceUsers"]["nodes"], conn["nodes"], "{back}");
    // `group` answers the same way.
    let q = "{ group(fullPath: \"migrated\") { id importSourceUsers(first: 1) { nodes { id } } } }";
    let g = gql(&url, "sandbox-owner-token", q, json!({})).await;
    assert_eq!(g["data"]["group"]["id"], "gid://gitlab/Group/100", "{g}");
}

#[tokio::test]
async fn users_over_graphql_and_rest_leave_out_blocked_users_and_bots_when_asked() {
    let url = serve().await;
    let q =
        "query($s: String) { users(search: $s, active: true, humans: true, first: 50) { nodes { username state } } }";
    let body = gql(&url, "sandbox-owner-token", q, json!({"s": ""})).await;
    let names: Vec<&str> = body["data"]["users"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["username"].as_str())
        .collect();
    assert!(names.contains(&"dave") && !names.contains(&"bill") && !names.contains(&"deploy-bot"), "{names:?}");
    let get = |query: &'static str| {
        Client::new().get(format!("{url}/api/v4/users?{query}")).header("PRIVATE-TOKEN", "sandbox-owner-token").send()
    };
    let r = get("search=b").await.expect("send");
    let all: Value = r.json().await.expect("json");
    let list = all.as_array().expect("array");
    assert!(list.iter().any(|u| u["username"] == "bill" && u["state"] == "blocked"));
    assert!(list.iter().all(|u| u.get("bot").is_none() && u["locked"] == false), "UserBasic: locked, no bot");
    assert!(list.iter().all(|u| !u["username"].as_str().unwrap_or("").contains("placeholder")));
    let r = get("search=b&active=true&humans=true").await.expect("send");
    let kept: Value = r.json().await.expect("json");
    let kept: Vec<&str> = kept.as_array().into_iter().flatten().filter_map(|u| u["username"].as_str()).collect();
    assert!(!kept.contains(&"bill") && !kept.contains(&"deploy-bot") && kept.contains(&"bob"), "{kept:?}");
    let r = get("per_page=2&page=2&active=true").await.expect("send");
    assert_eq!(r.headers()["x-page"], "2");
    assert_eq!(r.headers()["x-per-page"], "2");
    assert_eq!(r.headers()["x-prev-page"], "1");
    assert!(r.headers().contains_key("x-total") && r.headers().contains_key("link"));
    let page: Value = r.json().await.expect("json");
    assert_eq!(page.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_refused_retry_has_gitlabs_sentence_and_no_record() {
    let url = serve().await;
    let ids = {
        let list: Value = Client::new()
            .get(format!("{url}/-/sandbox/source-users"))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|u| u["status"] == "Failed")
            .filter_map(|u| u["id"].as_u64())
            .collect::<Vec<_>>()
    };
    let id = ids[0];
    let retry = "mutation($id: ImportSourceUserID!) { importSourceUserRetryFailedReassignment(input: {id: $id}) { errors importSourceUser { status reassignmentError } } }";
    let gid = format!("gid://gitlab/Import::SourceUser/{id}");
    for _ in 0..3 {
        let body = gql(&url, "sandbox-owner-token", retry, json!({"id": gid})).await;
        let p = &body["data"]["importSourceUserRetryFailedReassignment"];
        assert_eq!(p["errors"], json!([]), "{body}");
        assert_eq!(p["importSourceUser"]["reassignmentError"], Value::Null, "retry clears the error");
        let r = Client::new().post(format!("{url}/-/sandbox/source-users/{id}/fail")).send().await.expect("send");
        assert_eq!(r.status(), 200);
    }
    let body = gql(&url, "sandbox-owner-token", retry, json!({"id": gid})).await;
    let p = &body["data"]["importSourceUserRetryFailedReassignment"];
    assert_eq!(p["importSourceUser"], Value::Null);
    let text = p["errors"][0].as_str().unwrap_or_default();
    assert!(text.starts_with("Reassignment retry has failed multiple times. Repeated failures suggest"), "{text}");
    // Bypass on: an admin's reassign goes straight to in progress.
    let r = Client::new()
        .post(format!("{url}/-/sandbox/source-users/settings"))
        .json(&json!({"admin_bypass": true}))
        .send();
    assert_eq!(r.await.expect("send").status(), 200);
    let list: Value = Client::new()
        .get(format!("{url}/-/sandbox/source-users"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let pending = list
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["status"] == "PendingReassignment")
        .and_then(|u| u["id"].as_u64())
        .expect("a pending one");
    let reassign = "mutation($id: ImportSourceUserID!, $a: UserID!) { importSourceUserReassign(input: {id: $id, \
        assigneeUserId: $a}) { errors importSourceUser { status reassignedByUser { username } } } }";
    let vars = json!({"id": format!("gid://gitlab/Import::SourceUser/{pending}"), "a": "gid://gitlab/User/13"});
    let body = gql(&url, "sandbox-admin-token", reassign, vars).await;
    let p = &body["data"]["importSourceUserReassign"]["importSourceUser"];
    assert_eq!(p["status"], "REASSIGNMENT_IN_PROGRESS", "{body}");
    assert_eq!(p["reassignedByUser"]["username"], "root");
}
