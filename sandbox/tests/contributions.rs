//! Placeholder reassignment: GitLab's state machine (every allowed and refused transition), the resend rate
//! limit, the simulated assignee, and `POST /api/graphql` over real HTTP (auth, owners only, sizes, CORS).

use reqwest::{Client, StatusCode};
use sandbox::contributions::model::*;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::{Settings, World, OWNER_ID};
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

fn first_in(world: &World, status: SuStatus) -> u64 {
    world.contributions.source_users.iter().find(|u| u.status == status).map(|u| u.id).expect("a source user")
}

#[test]
fn the_seed_leaves_every_status_in_migrated() {
    let w = world();
    for s in ALL_STATUSES {
        assert!(w.contributions.source_users.iter().any(|u| u.status == s && u.namespace_id == 100), "{s:?}");
    }
}

#[test]
fn every_transition_is_allowed_or_refused_as_gitlab_does() {
    let ops = [Op::Reassign, Op::Cancel, Op::Keep, Op::UndoKeep, Op::Resend, Op::Retry];
    for status in ALL_STATUSES {
        for op in ops {
            let mut w = world();
            let id = first_in(&w, SuStatus::PendingReassignment);
            // Put the source user in `status` with a fresh assignee, long ago (no rate limit in the way).
            for u in w.contributions.source_users.iter_mut().filter(|u| u.id == id) {
                u.status = status;
                u.reassign_to = Some(13);
                u.last_resend_ms = None;
            }
            let result = match op {
                Op::Reassign => reassign(&mut w, id, 14, OWNER_ID),
                Op::Resend => resend(&mut w, id).map(|_| ()),
                other => transition(&mut w, id, other, OWNER_ID),
            };
            let expected = allowed(op, status);
            assert_eq!(result.is_ok(), expected, "{op:?} from {status:?}");
            if !expected {
                assert_eq!(result, Err(INVALID_STATUS));
            }
            let after = w.contributions.get(id).expect("still there").status;
            let want = match (op, expected) {
                (_, false) | (Op::Resend, true) => status,
                (Op::Reassign, _) => SuStatus::AwaitingApproval,
                (Op::Cancel, _) | (Op::UndoKeep, _) => SuStatus::PendingReassignment,
                (Op::Keep, _) => SuStatus::KeepAsPlaceholder,
                (Op::Retry, _) => SuStatus::ReassignmentInProgress,
            };
            assert_eq!(after, want, "{op:?} from {status:?}");
        }
    }
    // The transition table itself, as the reference states it.
    use SuStatus::*;
    assert!(allowed(Op::Reassign, Rejected) && allowed(Op::Cancel, Rejected) && allowed(Op::Keep, Rejected));
    assert!(!allowed(Op::Reassign, AwaitingApproval) && !allowed(Op::Keep, Completed));
    assert!(!ALL_STATUSES.iter().any(|s| *s == Completed && ops.iter().any(|o| allowed(*o, *s))));
}

#[test]
fn reassign_refuses_blocked_bots_placeholders_and_a_taken_user() {
    let mut w = world();
    let pending: Vec<u64> = w
        .contributions
        .source_users
        .iter()
        .filter(|u| u.status == SuStatus::PendingReassignment)
        .map(|u| u.id)
        .collect();
    let (a, b) = (pending[0], pending[1]);
    assert_eq!(reassign(&mut w, a, 16, OWNER_ID), Err(INVALID_ASSIGNEE), "blocked");
    assert_eq!(reassign(&mut w, a, 17, OWNER_ID), Err(INVALID_ASSIGNEE), "bot");
    let placeholder = w.contributions.get(b).expect("b").placeholder_id;
    assert_eq!(reassign(&mut w, a, placeholder, OWNER_ID), Err(INVALID_ASSIGNEE), "placeholder");
    assert_eq!(reassign(&mut w, a, 13, OWNER_ID), Ok(()));
    assert_eq!(reassign(&mut w, b, 13, OWNER_ID), Err(TAKEN));
}

#[test]
fn resend_is_limited_to_once_per_eight_hours() {
    let mut w = world();
    let id = first_in(&w, SuStatus::PendingReassignment);
    reassign(&mut w, id, 13, OWNER_ID).expect("reassign");
    assert_eq!(resend(&mut w, id), Ok(true), "the reassign email does not count: the first resend goes");
    w.now_ms += RESEND_WINDOW_MS - 1;
    assert_eq!(resend(&mut w, id), Ok(false));
    w.now_ms += 1;
    assert_eq!(resend(&mut w, id), Ok(true));
    assert_eq!(resend(&mut w, id), Ok(false));
    // Another source user has its own window.
    let other =
        w.contributions.source_users.iter().find(|u| u.id != id && allowed(Op::Reassign, u.status)).map(|u| u.id);
    let other = other.expect("another one");
    reassign(&mut w, other, 14, OWNER_ID).expect("reassign");
    assert_eq!(resend(&mut w, other), Ok(true));
}

#[test]
fn retry_clears_the_error_and_refuses_after_three_in_sixteen_hours() {
    let mut w = world();
    let id = first_in(&w, SuStatus::PendingReassignment);
    reassign(&mut w, id, 13, OWNER_ID).expect("reassign");
    settle(&mut w, id, Outcome::Accept).expect("accept");
    settle(&mut w, id, Outcome::Fail).expect("fail");
    assert!(w.contributions.get(id).is_some_and(|u| u.error.is_some()));
    for _ in 0..3 {
        retry(&mut w, id, OWNER_ID).expect("retry");
        assert!(w.contributions.get(id).is_some_and(|u| u.error.is_none()), "retry clears the error");
        w.now_ms += 3_600_000;
        settle(&mut w, id, Outcome::Fail).expect("fail again");
    }
    let refusal = retry(&mut w, id, OWNER_ID).expect_err("a fourth retry within 16 hours");
    assert_eq!(
        refusal,
        "Reassignment retry has failed multiple times. Repeated failures suggest an unexpected error that may need \
         time to resolve. Please try again in about 13 hours."
    );
    assert_eq!(w.contributions.get(id).map(|u| u.status), Some(SuStatus::Failed));
    w.now_ms += 13 * 3_600_000;
    retry(&mut w, id, OWNER_ID).expect("the first retry left the window");
    assert_eq!(distance_in_words(20), "less than a minute");
    assert_eq!(distance_in_words(60 * 50), "about 1 hour");
    assert_eq!(distance_in_words(5 * 3600 + 40 * 60), "about 6 hours");
}

#[test]
fn the_assignee_answers_after_a_while_and_rita_always_rejects() {
    let mut w = world();
    let pending: Vec<u64> = w.contributions.source_users.iter().filter(|u| !u.fails_once).map(|u| u.id).collect();
    for u in w.contributions.source_users.iter_mut() {
        u.status = SuStatus::PendingReassignment;
        u.reassign_to = None;
    }
    reassign(&mut w, pending[0], 13, OWNER_ID).expect("dave");
    reassign(&mut w, pending[1], 15, OWNER_ID).expect("rita");
    w.now_ms += ANSWER_AFTER_MS;
    simulate(&mut w);
    assert_eq!(w.contributions.get(pending[0]).map(|u| u.status), Some(SuStatus::ReassignmentInProgress));
    assert_eq!(w.contributions.get(pending[1]).map(|u| u.status), Some(SuStatus::Rejected));
    w.now_ms += WORKER_AFTER_MS;
    simulate(&mut w);
    assert_eq!(w.contributions.get(pending[0]).map(|u| u.status), Some(SuStatus::Completed));
    let open = |w: &World| {
        w.contributions.source_users.iter().filter(|u| u.namespace_id == 100 && allowed(Op::Keep, u.status)).count()
    };
    let before = open(&w);
    assert!(before > 0);
    assert_eq!(keep_all(&mut w, 100, OWNER_ID), before);
    assert_eq!(open(&w), 0);
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let router = routes::destination(Sandbox::new(world(), None));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn gql(url: &str, token: &str, query: &str, variables: Value) -> (StatusCode, Value) {
    let r = Client::new()
        .post(format!("{url}/api/graphql"))
        .header("PRIVATE-TOKEN", token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .expect("send");
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

const LIST: &str = "query($p: ID!, $s: [ImportSourceUserStatus!]) { namespace(fullPath: $p) { id importSourceUsers(statuses: $s, first: 2) { nodes { id status } pageInfo { hasNextPage endCursor } } } }";
const KEEP: &str = "mutation($id: ImportSourceUserID!) { importSourceUserKeepAsPlaceholder(input: {id: $id}) { errors importSourceUser { status } } }";

#[tokio::test]
async fn graphql_over_http_answers_as_gitlab() {
    let url = serve().await;
    let (status, body) = gql(&url, "sandbox-owner-token", LIST, json!({"p": "migrated"})).await;
    assert_eq!(status, 200);
    let conn = &body["data"]["namespace"]["importSourceUsers"];
    assert!(conn.get("count").is_none(), "GitLab's connection has no count: {body}");
    assert_eq!(conn["nodes"].as_array().map(Vec::len), Some(2));
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    // Otto is not an owner: null and GitLab's sentence.
    let (status, body) = gql(&url, "sandbox-other-token", LIST, json!({"p": "migrated"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["namespace"]["importSourceUsers"], Value::Null);
    assert_eq!(body["errors"][0]["message"], NO_ACCESS);
    // A refusal is the payload's `errors`; a read_api token may not mutate.
    let (_, body) = gql(&url, "sandbox-owner-token", LIST, json!({"p": "migrated", "s": ["COMPLETED"]})).await;
    let done = body["data"]["namespace"]["importSourceUsers"]["nodes"][0]["id"].clone();
    let (status, body) = gql(&url, "sandbox-owner-token", KEEP, json!({"id": done})).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["importSourceUserKeepAsPlaceholder"]["errors"][0], INVALID_STATUS);
    let (_, body) = gql(&url, "sandbox-readonly-token", KEEP, json!({"id": done})).await;
    assert_eq!(body["errors"][0]["message"], NO_ACCESS);
    // Only one importSourceUsers per request.
    let twice = "{ a: namespace(fullPath: \"migrated\") { importSourceUsers { nodes { id } } } b: namespace(fullPath: \"migrated\") { importSourceUsers { nodes { id } } } }";
    let (_, body) = gql(&url, "sandbox-owner-token", twice, json!({})).await;
    assert!(body["errors"].as_array().is_some_and(|e| e.len() == 1), "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "\"importSourceUsers\" field can be requested only for 1 Namespace(s) at a time."
    );
    // Controller-level answers.
    let (status, body) = gql(&url, "nope", LIST, json!({"p": "migrated"})).await;
    assert_eq!((status.as_u16(), body["errors"][0]["message"].as_str()), (401, Some("Invalid token")));
    let big = format!("{{ namespace(fullPath: \"migrated\") {{ id }} }} #{}", "x".repeat(10_000));
    let (status, body) = gql(&url, "sandbox-owner-token", &big, json!({})).await;
    assert_eq!((status.as_u16(), body["errors"][0]["message"].as_str()), (422, Some("Query too large")));
    let pre = Client::new()
        .request(reqwest::Method::OPTIONS, format!("{url}/api/graphql"))
        .header("Origin", "http://console.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "private-token,content-type")
        .send()
        .await
        .expect("preflight");
    assert_eq!(pre.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("*"));
}

/// The console's documents, checked against this schema: a typo in a field, argument or type fails here.
#[path = "../../src/api/graphql_documents.rs"]
#[allow(dead_code)]
mod console_documents;

#[tokio::test]
async fn every_document_the_console_sends_is_valid_against_the_schema() {
    let url = serve().await;
    let (_, body) =
        gql(&url, "sandbox-owner-token", LIST, json!({"p": "migrated", "s": ["PENDING_REASSIGNMENT"]})).await;
    let id = body["data"]["namespace"]["importSourceUsers"]["nodes"][0]["id"].clone();
    let ns = body["data"]["namespace"]["id"].clone();
    let vars = json!({"fullPath": "migrated", "statuses": ["AWAITING_APPROVAL"], "search": "a", "sort": "STATUS_DESC",
        "first": 5, "id": id, "assigneeUserId": "gid://gitlab/User/13", "namespaceId": ns});
    for (field, doc) in console_documents::ALL {
        let (status, body) = gql(&url, "sandbox-owner-token", doc, vars.clone()).await;
        assert_eq!(status, 200, "{field}");
        // Validation errors have no `path`; a refusal from a resolver (a status that does not allow it) has one.
        let invalid = body["errors"].as_array().into_iter().flatten().filter(|e| e.get("path").is_none()).count();
        assert_eq!(invalid, 0, "{field}: {body}");
        let data = &body["data"];
        assert!(data.to_string().contains(field) || data["namespace"].is_object(), "{field}: {body}");
    }
    // And the check can fail: a misspelt field is reported without a path.
    let (_, body) = gql(
        &url,
        "sandbox-owner-token",
        "{ namespace(fullPath: \"migrated\") { importSourceUser { count } } }",
        json!({}),
    )
    .await;
    assert!(body["errors"][0].get("path").is_none() && body["errors"][0]["message"].is_string(), "{body}");
}

#[tokio::test]
async fn the_reassignment_sheet_lists_what_can_still_be_reassigned_for_owners_only() {
    let url = serve().await;
    let get = |token: &'static str, group: &'static str| {
        Client::new()
            .get(format!("{url}/api/v4/groups/{group}/placeholder_reassignments"))
            .header("PRIVATE-TOKEN", token)
            .send()
    };
    let r = get("sandbox-owner-token", "100").await.expect("send");
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    let body = r.text().await.expect("text");
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some(sandbox::contributions::sheet::HEADER));
    let rows: Vec<&str> = lines.collect();
    let w = world();
    let open = w
        .contributions
        .source_users
        .iter()
        .filter(|u| u.namespace_id == 100 && allowed(Op::Reassign, u.status))
        .count();
    assert_eq!(rows.len(), open);
    assert!(rows.iter().all(|r| r.ends_with(",,")), "the last two columns are left for the owner");
    assert_eq!(get("sandbox-other-token", "100").await.expect("send").status(), 403);
    assert_eq!(get("sandbox-owner-token", "101").await.expect("send").status(), 404, "top-level groups only");
}
