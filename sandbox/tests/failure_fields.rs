//! Failures as current GitLab sends them: exactly the fields of `API::Entities::BulkImports::EntityFailure`
//! (read from GitLab's source into `tests/fixtures/gitlab-fields/entity_failure.json`), on `/failures` and in
//! every entity's inline list, with the message cut to 72 characters as Rails' `truncate(72)` cuts it.

use sandbox::render::truncate;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;

const OWNER: &str = "sandbox-owner-token";

struct Contract {
    fields: BTreeSet<String>,
    message_limit: usize,
}

fn contract() -> Contract {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/gitlab-fields/entity_failure.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(doc["source"], "lib/api/entities/bulk_imports/entity_failure.rb", "the GitLab file it comes from");
    let fields = doc["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
    let message_limit = doc["truncated"]["exception_message"].as_u64().unwrap() as usize;
    Contract { fields, message_limit }
}

async fn start() -> String {
    let dest_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let src_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dest = format!("http://{}", dest_l.local_addr().unwrap());
    let source = format!("http://{}", src_l.local_addr().unwrap());
    let world = build_world(SeedOptions {
        seed: 7,
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
    dest
}

async fn get(dest: &str, path: &str) -> Value {
    let res =
        reqwest::Client::new().get(format!("{dest}/api/v4{path}")).header("PRIVATE-TOKEN", OWNER).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn keys(failure: &Value) -> BTreeSet<String> {
    failure.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn every_failure_carries_exactly_gitlabs_fields_with_the_message_cut_to_72() {
    let contract = contract();
    let dest = start().await;
    let entities = get(&dest, "/bulk_imports/entities?per_page=100").await;
    let mut seen = 0;
    let mut cut = 0;
    for e in entities.as_array().unwrap() {
        let inline = e["failures"].as_array().unwrap().clone();
        let listed = get(&dest, &format!("/bulk_imports/{}/entities/{}/failures", e["bulk_import_id"], e["id"])).await;
        for f in inline.iter().chain(listed.as_array().unwrap()) {
            assert_eq!(keys(f), contract.fields, "{f}");
            let message = f["exception_message"].as_str().unwrap();
            assert!(message.chars().count() <= contract.message_limit, "{message}");
            seen += 1;
            cut += usize::from(message.ends_with("...") && message.chars().count() == contract.message_limit);
        }
    }
    assert!(seen > 0, "the seeded history has failures");
    assert!(cut > 0, "the failed group's long network error arrives cut, as GitLab cuts it");
}

#[test]
fn truncation_is_rails_truncate() {
    // Rails' own example: "Once upon a time in a world far far away".truncate(27).
    assert_eq!(truncate("Once upon a time in a world far far away", 27), "Once upon a time in a wo...");
    assert_eq!(truncate("short", 72), "short");
    let exact = "x".repeat(72);
    assert_eq!(truncate(&exact, 72), exact, "72 characters are left as they are");
    let long = "é".repeat(100);
    let cut = truncate(&long, 72);
    assert_eq!((cut.chars().count(), cut.ends_with("...")), (72, true), "counted in characters, not bytes");
}
