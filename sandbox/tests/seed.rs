//! The seeded history, read over real HTTP as the owner sees it: one migration of every status the README
//! promises (complete, partially completed, failed, timeout, canceled, and one running), with the ids that
//! the end-to-end suites and scripts rely on.

use reqwest::Client;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::Value;

const OWNER: &str = "sandbox-owner-token";

struct Peer {
    dest: String,
    http: Client,
}

async fn start() -> Peer {
    let dest_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let src_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dest = format!("http://{}", dest_l.local_addr().unwrap());
    let source = format!("http://{}", src_l.local_addr().unwrap());
    let world = build_world(SeedOptions {
        seed: 42,
        start_ms: 1_790_000_000_000,
        source_url: source,
        settings: Settings { speed: 0.0, ..Settings::default() },
        scale_entities: 0,
        scale_failures: 0,
    });
    let state = Sandbox::new(world, None);
    let (d, s) = (routes::destination(state.clone()), routes::source(state));
    tokio::spawn(async move { axum::serve(dest_l, d).await });
    tokio::spawn(async move { axum::serve(src_l, s).await });
    Peer { dest, http: Client::new() }
}

impl Peer {
    async fn get(&self, path: &str) -> Value {
        let res =
            self.http.get(format!("{}/api/v4{path}", self.dest)).header("PRIVATE-TOKEN", OWNER).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap()
    }
}

/// The console's badge (src/logic/display_status.rs): `finished` is "Partially completed" when the
/// migration `has_failures`, "Complete" otherwise; the other statuses show as themselves.
fn badge(import: &Value) -> &str {
    match (import["status"].as_str().unwrap(), import["has_failures"].as_bool().unwrap()) {
        ("finished", true) => "partial",
        ("finished", false) => "complete",
        ("started", _) => "importing",
        (other, _) => other,
    }
}

#[tokio::test]
async fn the_history_holds_every_promised_status() {
    let p = start().await;
    let imports = p.get("/bulk_imports?per_page=100").await;
    let imports = imports.as_array().unwrap();
    let mut seen: Vec<(u64, &str)> = imports.iter().map(|i| (i["id"].as_u64().unwrap(), badge(i))).collect();
    seen.sort();
    // The ids the e2e suites and scripts use keep their statuses; 6 is another user's; 8 is the complete one.
    assert_eq!(
        seen,
        [
            (1, "partial"),
            (2, "partial"),
            (3, "failed"),
            (4, "timeout"),
            (5, "canceled"),
            (7, "importing"),
            (8, "complete")
        ]
    );
    assert_eq!(imports[0]["id"], 7, "the running migration stays the newest");

    for import in imports {
        let id = &import["id"];
        let entities = p.get(&format!("/bulk_imports/{id}/entities?per_page=100")).await;
        let entities = entities.as_array().unwrap();
        assert!(!entities.is_empty(), "migration {id} has entities");
        let failing = |e: &Value| e["has_failures"] == true || !e["failures"].as_array().unwrap().is_empty();
        match badge(import) {
            "complete" => {
                for e in entities {
                    assert_eq!(e["status"], "finished", "migration {id}: {e}");
                    assert!(!failing(e), "migration {id}: {e}");
                    assert!(e["destination_full_path"].is_string(), "migration {id}: {e}");
                    for (relation, c) in e["stats"].as_object().unwrap() {
                        assert_eq!(c["imported"], c["source"], "migration {id}, {relation}: {e}");
                    }
                }
            }
            "partial" => {
                assert!(entities.iter().all(|e| e["status"] == "finished"), "migration {id}");
                assert!(entities.iter().any(failing), "migration {id}: some entity has failures");
            }
            "importing" => assert!(entities.iter().any(|e| e["status"] == "started"), "migration {id}"),
            status => assert!(entities.iter().all(|e| e["status"] == status), "migration {id}: every entity {status}"),
        }
    }
}

#[tokio::test]
async fn the_complete_migration_is_a_group_with_its_project() {
    let p = start().await;
    let entities = p.get("/bulk_imports/8/entities").await;
    let paths: Vec<(&str, &str)> = entities
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["source_full_path"].as_str().unwrap(), e["destination_full_path"].as_str().unwrap()))
        .collect();
    assert_eq!(paths, [("design", "migrated/design-2"), ("design/icons", "migrated/design-2/icons")]);
    // The entity the screenshots open (/migrations/2/entities/8) is still legacy/monolith's.
    let monolith = p.get("/bulk_imports/2/entities/8").await;
    assert_eq!(monolith["source_full_path"], "legacy/monolith");
}

/// A failure's link opens the item on the source this sandbox serves (not a made-up host), and its message is
/// one that relation can have (an issue never fails with a merge request's "Source branch is invalid").
#[tokio::test]
async fn failure_links_point_at_the_served_source_and_messages_fit_the_relation() {
    let p = start().await;
    let mut links = 0;
    for id in [1, 2] {
        let import = p.get(&format!("/bulk_imports/{id}")).await;
        let source = import["source_url"].as_str().unwrap().to_string();
        let entities = p.get(&format!("/bulk_imports/{id}/entities?per_page=100")).await;
        for e in entities.as_array().unwrap() {
            let eid = &e["id"];
            let failures = p.get(&format!("/bulk_imports/{id}/entities/{eid}/failures?per_page=100")).await;
            for f in failures.as_array().unwrap() {
                let relation = f["relation"].as_str().unwrap();
                let message = f["exception_message"].as_str().unwrap();
                if let Some(url) = f["source_url"].as_str() {
                    let path = e["source_full_path"].as_str().unwrap();
                    assert!(url.starts_with(&format!("{source}/{path}/-/{relation}/")), "{url} (source {source})");
                    links += 1;
                }
                if message.contains("Source branch") {
                    assert_eq!(relation, "merge_requests", "{f}");
                }
            }
        }
    }
    assert!(links > 0, "the partially completed migrations have linked failures");
}
