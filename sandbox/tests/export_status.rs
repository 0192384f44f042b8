//! The source's `export_relations/status` over real HTTP: GitLab's fields, following the simulated
//! migration, and the three source-export faults (never starts, one relation fails, stuck).

use reqwest::Client;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::{json, Value};

const OWNER: &str = "sandbox-owner-token";
const SOURCE: &str = "sandbox-source-token";

struct Peer {
    dest: String,
    source: String,
    http: Client,
}

async fn start() -> Peer {
    let dest_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let src_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dest = format!("http://{}", dest_l.local_addr().unwrap());
    let source = format!("http://{}", src_l.local_addr().unwrap());
    let settings = Settings { speed: 0.0, ..Settings::default() };
    let world = build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: source.clone(),
        settings,
        scale_entities: 0,
        scale_failures: 0,
    });
    let state = Sandbox::new(world, None);
    let (d, s) = (routes::destination(state.clone()), routes::source(state));
    tokio::spawn(async move { axum::serve(dest_l, d).await });
    tokio::spawn(async move { axum::serve(src_l, s).await });
    Peer { dest, source, http: Client::new() }
}

impl Peer {
    async fn status(&self, path: &str) -> (u16, Value) {
        let res = self
            .http
            .get(format!("{}/api/v4/{path}", self.source))
            .header("PRIVATE-TOKEN", SOURCE)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
    }

    async fn dest(&self, path: &str) -> Value {
        let res =
            self.http.get(format!("{}/api/v4{path}", self.dest)).header("PRIVATE-TOKEN", OWNER).send().await.unwrap();
        res.json().await.unwrap()
    }

    /// Starts a migration of one group and answers its id.
    async fn migrate(&self, kind: &str, source: &str, slug: &str) -> u64 {
        let body = json!({"configuration": {"url": self.source, "access_token": SOURCE}, "entities": [
            {"source_type": kind, "source_full_path": source, "destination_namespace": "migrated", "destination_slug": slug}]});
        let res = self
            .http
            .post(format!("{}/api/v4/bulk_imports", self.dest))
            .header("PRIVATE-TOKEN", OWNER)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 201);
        res.json::<Value>().await.unwrap()["id"].as_u64().unwrap()
    }

    async fn entity(&self, import: u64) -> Value {
        self.dest(&format!("/bulk_imports/{import}/entities")).await[0].clone()
    }

    async fn advance(&self, seconds: u64) {
        self.http.post(format!("{}/-/sandbox/advance?seconds={seconds}", self.dest)).send().await.unwrap();
    }

    async fn fault(&self, body: Value) {
        self.http.post(format!("{}/-/sandbox/faults", self.dest)).json(&body).send().await.unwrap();
    }
}

#[tokio::test]
async fn the_status_has_gitlabs_fields_and_follows_the_migration() {
    let p = start().await;
    let id = p.migrate("group_entity", "tools", "tools-a").await;
    let (s, v) = p.status("groups/tools/export_relations/status").await;
    assert_eq!((s, v), (200, json!([])), "nothing exported before the entity starts");
    p.advance(8).await;
    let (_, v) = p.status("groups/61/export_relations/status").await;
    let labels = &v[0];
    let keys: Vec<&String> = labels.as_object().unwrap().keys().collect();
    for k in ["relation", "status", "error", "updated_at", "batched", "batches_count", "total_objects_count"] {
        assert!(keys.iter().any(|x| *x == k), "{k} missing from {labels}");
    }
    assert_eq!(labels["relation"], "labels");
    assert_eq!(labels["status"], 1, "a small relation's export is done at once");
    assert_eq!(labels["batched"], false);
    assert!(labels.get("batches").is_none(), "batches only for batched exports");
    let (_, one) = p.status("groups/tools/export_relations/status?relation=labels").await;
    assert_eq!(one["relation"], "labels", "?relation= answers one object");
    let (s, _) = p.status("groups/tools/export_relations/status?relation=epics").await;
    assert_eq!(s, 404);
    p.advance(600).await;
    assert_eq!(p.entity(id).await["status"], "finished");
    // A batched relation (1,500 merge requests, 1,000 per batch) of the seeded, finished monolith.
    let (_, v) = p.status("projects/legacy%2Fmonolith/export_relations/status").await;
    let mrs = v.as_array().unwrap().iter().find(|r| r["relation"] == "merge_requests").unwrap().clone();
    assert_eq!((mrs["batched"].clone(), mrs["batches_count"].clone()), (json!(true), json!(2)));
    assert_eq!(mrs["total_objects_count"], 1500);
    assert_eq!(
        mrs["batches"][1],
        json!({"status": 1, "batch_number": 2, "objects_count": 500, "error": null,
        "updated_at": mrs["batches"][1]["updated_at"].clone()})
    );
    let (s, _) = p.status("groups/nope/export_relations/status").await;
    assert_eq!(s, 404);
    // The console checks a source token with /version and /user.
    let (s, user) = p.status("user").await;
    assert_eq!((s, user["username"].as_str()), (200, Some("olivia")));
}

#[tokio::test]
async fn an_export_that_never_starts_is_an_empty_list_then_fails_the_entity() {
    let p = start().await;
    p.fault(json!({"source_export": "never-starts"})).await;
    let id = p.migrate("group_entity", "tools", "tools-b").await;
    p.advance(60).await;
    let e = p.entity(id).await;
    assert_eq!(e["status"], "started");
    assert_eq!(e["stats"], json!({}), "nothing moves");
    assert_eq!(p.status("groups/tools/export_relations/status").await.1, json!([]));
    p.advance(300).await;
    let e = p.entity(id).await;
    assert_eq!(e["status"], "failed");
    assert_eq!(e["failures"][0]["exception_message"], "Empty export status on source instance");
}

#[tokio::test]
async fn one_relation_export_fails_and_the_entity_ends_partially_completed() {
    let p = start().await;
    p.fault(json!({"source_export": "fails-one"})).await;
    let id = p.migrate("project_entity", "design/icons", "icons-c").await;
    p.advance(120).await;
    let e = p.entity(id).await;
    assert_eq!((e["status"].clone(), e["has_failures"].clone()), (json!("finished"), json!(true)));
    let failure = &e["failures"][0];
    assert_eq!(failure["relation"], "merge_requests");
    let message = failure["exception_message"].as_str().unwrap();
    assert!(message.starts_with("Export from source instance failed: "), "{message}");
    assert_eq!(e["stats"]["merge_requests"]["imported"], 0);
    assert_eq!(e["stats"]["issues"]["imported"], 33, "the other relations arrive");
    let (_, v) = p.status("projects/design%2Ficons/export_relations/status").await;
    let mrs = v.as_array().unwrap().iter().find(|r| r["relation"] == "merge_requests").unwrap().clone();
    assert_eq!(mrs["status"], -1);
    // GitLab's failure carries the source's error, cut to 72 characters as its API entity cuts it.
    let full = format!("Export from source instance failed: {}", mrs["error"].as_str().unwrap());
    assert_eq!(message, sandbox::render::truncate(&full, 72));
}

#[tokio::test]
async fn a_stuck_export_moves_nothing_until_released_or_timed_out() {
    let p = start().await;
    let id = p.migrate("group_entity", "design", "design-d").await;
    p.advance(20).await;
    p.fault(json!({"source_export": "stuck"})).await;
    p.advance(2).await;
    let before = p.entity(id).await;
    p.advance(60).await;
    let after = p.entity(id).await;
    assert_eq!(after["status"], "started");
    assert_eq!((&before["stats"], &before["updated_at"]), (&after["stats"], &after["updated_at"]));
    let (_, v) = p.status("groups/design/export_relations/status").await;
    assert!(v.as_array().unwrap().iter().any(|r| r["status"] == 0), "exports stay started: {v}");
    // Released, it moves again.
    p.fault(json!({})).await;
    p.advance(5).await;
    assert_ne!(p.entity(id).await["stats"], after["stats"]);
    // Stuck again past the stale limit (120 s in the sandbox), it times out.
    p.fault(json!({"source_export": "stuck"})).await;
    p.advance(130).await;
    assert_eq!(p.entity(id).await["status"], "timeout");
}
