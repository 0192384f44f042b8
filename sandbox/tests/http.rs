//! The sandbox over real HTTP: every endpoint, error bodies and messages, pagination headers, scoping,
//! cancel rules, the rate limit, CORS, and the engine under a controlled clock.

use reqwest::{Client, Method, StatusCode};
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::{json, Value};

const OWNER: &str = "sandbox-owner-token";
const OTHER: &str = "sandbox-other-token";
const ADMIN: &str = "sandbox-admin-token";
const READONLY: &str = "sandbox-readonly-token";

struct Peer {
    dest: String,
    source: String,
    http: Client,
}

async fn start_with(scale_entities: usize, scale_failures: usize) -> Peer {
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
        scale_entities,
        scale_failures,
    });
    let state = Sandbox::new(world, None);
    let (d, s) = (routes::destination(state.clone()), routes::source(state));
    tokio::spawn(async move { axum::serve(dest_l, d).await });
    tokio::spawn(async move { axum::serve(src_l, s).await });
    Peer { dest, source, http: Client::new() }
}

async fn start() -> Peer {
    start_with(0, 0).await
}

impl Peer {
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut req = self.http.request(method, format!("{}/api/v4{path}", self.dest));
        if let Some(t) = token {
            req = req.header("PRIVATE-TOKEN", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let text = res.text().await.unwrap();
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn get(&self, path: &str, token: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    async fn create(&self, token: &str, entities: Value) -> (StatusCode, Value) {
        let body = json!({"configuration": {"url": self.source, "access_token": "sandbox-source-token"}, "entities": entities});
        let (s, _, v) = self.call(Method::POST, "/bulk_imports", Some(token), Some(body)).await;
        (s, v)
    }

    async fn advance(&self, seconds: u64) {
        self.http.post(format!("{}/-/sandbox/advance?seconds={seconds}", self.dest)).send().await.unwrap();
    }
}

fn group(source: &str, ns: &str, slug: &str) -> Value {
    json!({"source_type": "group_entity", "source_full_path": source, "destination_namespace": ns, "destination_slug": slug})
}

#[tokio::test]
async fn history_shows_every_status_and_one_running() {
    let p = start().await;
    let (s, h, v) = p.get("/bulk_imports?per_page=100", OWNER).await;
    assert_eq!(s, 200);
    let statuses: Vec<&str> = v.as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    for want in ["finished", "failed", "timeout", "canceled", "started"] {
        assert!(statuses.contains(&want), "{want} missing from {statuses:?}");
    }
    let partial = v.as_array().unwrap().iter().any(|i| i["status"] == "finished" && i["has_failures"] == true);
    assert!(partial, "a partially completed migration");
    assert_eq!(h["x-total"], statuses.len().to_string().as_str());
    // Newest first by default, oldest first with sort=asc.
    let (_, _, asc) = p.get("/bulk_imports?sort=asc", OWNER).await;
    assert_eq!(asc[0]["id"], 1);
    assert!(v[0]["id"].as_u64() > asc[0]["id"].as_u64());
}

#[tokio::test]
async fn entities_have_children_stats_failures_and_destination_paths() {
    let p = start().await;
    let (_, _, ents) = p.get("/bulk_imports/1/entities?per_page=100", OWNER).await;
    let ents = ents.as_array().unwrap();
    assert!(ents.len() >= 7, "acme expands into its subgroups and projects");
    assert!(ents.iter().skip(1).all(|e| e["parent_id"].is_u64()));
    let worker = ents.iter().find(|e| e["source_full_path"] == "acme/platform/worker").unwrap();
    assert_eq!(worker["has_failures"], true);
    assert_eq!(worker["stats"]["merge_requests"], json!({"source": 22, "fetched": 22, "imported": 19}));
    let (_, h, fails) = p.get(&format!("/bulk_imports/1/entities/{}/failures", worker["id"]), OWNER).await;
    assert_eq!(fails.as_array().unwrap().len(), 3);
    assert_eq!(h["x-total"], "3");
    let link = format!("{}/acme/platform/worker/-/merge_requests/", p.source);
    assert!(fails[0]["source_url"].as_str().unwrap().starts_with(&link), "{}", fails[0]);
    // A failed entity never got a destination.
    let (_, _, failed) = p.get("/bulk_imports/3/entities", OWNER).await;
    assert_eq!(failed[0]["status"], "failed");
    assert!(failed[0]["destination_full_path"].is_null());
}

#[tokio::test]
async fn errors_have_gitlabs_bodies() {
    let p = start().await;
    let (s, _, v) = p.call(Method::GET, "/bulk_imports", None, None).await;
    assert_eq!((s, v), (StatusCode::UNAUTHORIZED, json!({"message": "401 Unauthorized"})));
    let (s, _, v) = p.get("/bulk_imports", "wrong").await;
    assert_eq!((s, v["message"].as_str()), (StatusCode::UNAUTHORIZED, Some("401 Unauthorized")));
    // Another user's migration is a 404, as user.bulk_imports scopes it.
    let (s, _, v) = p.get("/bulk_imports/6", OWNER).await;
    assert_eq!((s, v), (StatusCode::NOT_FOUND, json!({"message": "404 Not found"})));
    let (s, _, _) = p.get("/bulk_imports/6", OTHER).await;
    assert_eq!(s, 200);
    let (s, _, v) = p.get("/bulk_imports?status=paused", OWNER).await;
    assert_eq!((s, v), (StatusCode::BAD_REQUEST, json!({"error": "status does not have a valid value"})));
    let (s, _, v) = p.get("/bulk_imports/abc", OWNER).await;
    assert_eq!((s, v), (StatusCode::BAD_REQUEST, json!({"error": "import_id is invalid"})));
}

#[tokio::test]
async fn validation_messages_are_gitlabs() {
    let p = start().await;
    let (s, v) = p.create(OWNER, json!([group("acme", "migrated", "-bad-")])).await;
    assert_eq!(s, 400);
    assert_eq!(v["error"], "entities[0][destination_slug] can only include non-accented letters, digits, '_', '-' and '.'. It must not start with '-', '_', or '.', nor end with '-', '_', '.', '.git', or '.atom'. For example, 'destination_namespace' not 'destination/namespace'");
    let both = json!([{"source_type": "group_entity", "source_full_path": "acme", "destination_namespace": "migrated", "destination_slug": "a", "destination_name": "b"}]);
    let (_, v) = p.create(OWNER, both).await;
    assert_eq!(v["error"], "entities[0][destination_slug], entities[0][destination_name] are mutually exclusive");
    let neither =
        json!([{"source_type": "group_entity", "source_full_path": "acme", "destination_namespace": "migrated"}]);
    let (_, v) = p.create(OWNER, neither).await;
    assert_eq!(v["error"], "entities[0][destination_slug], entities[0][destination_name] are missing, at least one parameter must be provided");
    let (_, v) = p.create(OWNER, json!([group("https://evil.example/acme", "migrated", "x")])).await;
    assert!(v["error"].as_str().unwrap().starts_with("entities[0][source_full_path] must be a relative path"));
    let (_, v) = p.create(OWNER, json!([{"source_type": "repo", "source_full_path": "acme", "destination_namespace": "", "destination_slug": "x"}])).await;
    assert_eq!(v["error"], "entities[0][source_type] does not have a valid value");
}

#[tokio::test]
async fn create_service_checks_answer_422_with_gitlabs_messages() {
    let p = start().await;
    let (s, v) = p.create(OWNER, json!([group("nope", "migrated", "nope")])).await;
    assert_eq!(
        (s, v["message"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("Import failed. 'nope' not found."))
    );
    let (_, v) = p.create(OWNER, json!([group("acme", "docs", "acme2")])).await;
    assert_eq!(v["message"], "Import failed. Destination 'docs' is invalid, or you don't have permission.");
    let (_, v) = p.create(OWNER, json!([group("acme", "migrated", "acme")])).await;
    assert_eq!(v["message"], "Import failed. 'migrated/acme' already exists. Change the destination and try again.");
    let body = json!({"configuration": {"url": p.source, "access_token": "sandbox-source-readonly-token"}, "entities": [group("acme", "migrated", "acme-2")]});
    let (_, _, v) = p.call(Method::POST, "/bulk_imports", Some(OWNER), Some(body)).await;
    assert_eq!(
        v["message"],
        "Check that the source instance base URL and the personal access token meet the necessary requirements."
    );
    let body = json!({"configuration": {"url": "https://elsewhere.example", "access_token": "sandbox-source-token"}, "entities": [group("acme", "migrated", "acme-3")]});
    let (_, _, v) = p.call(Method::POST, "/bulk_imports", Some(OWNER), Some(body)).await;
    assert_eq!(v["message"], "Invalid source URL. Enter only the base URL of the source GitLab instance.");
    // read_api may watch but not create.
    let (s, v) = p.create(READONLY, json!([group("acme", "migrated", "acme-4")])).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::FORBIDDEN, Some("insufficient_scope")));
}

#[tokio::test]
async fn create_returns_201_and_the_engine_runs_it_to_the_end() {
    let p = start().await;
    let (s, v) = p.create(OWNER, json!([group("tools", "migrated", "tools")])).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["status"], "created");
    let id = v["id"].as_u64().unwrap();
    let (_, _, e) = p.get(&format!("/bulk_imports/{id}/entities"), OWNER).await;
    assert!(e[0]["destination_full_path"].is_null(), "no destination before the group exists");
    assert_eq!(e[0]["stats"], json!({}));
    p.advance(10).await;
    let (_, _, e) = p.get(&format!("/bulk_imports/{id}/entities"), OWNER).await;
    assert_eq!(e[0]["status"], "started");
    assert_eq!(e[0]["has_failures"], false);
    p.advance(600).await;
    let (_, _, imp) = p.get(&format!("/bulk_imports/{id}"), OWNER).await;
    assert_eq!(imp["status"], "finished");
    let (_, _, e) = p.get(&format!("/bulk_imports/{id}/entities"), OWNER).await;
    assert_eq!(e.as_array().unwrap().len(), 2, "tools expands into tools/cli");
    assert_eq!(e[0]["destination_full_path"], "migrated/tools");
}

#[tokio::test]
async fn cancel_rules() {
    let p = start().await;
    let running = 7;
    let (s, _, v) = p.call(Method::POST, &format!("/bulk_imports/{running}/cancel"), Some(OTHER), None).await;
    assert_eq!((s, v), (StatusCode::FORBIDDEN, json!({"message": "403 Forbidden"})));
    let (s, _, _) = p.call(Method::POST, "/bulk_imports/999/cancel", Some(OWNER), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, v) = p.call(Method::POST, &format!("/bulk_imports/{running}/cancel"), Some(OWNER), None).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("canceled")));
    let (_, _, e) = p.get(&format!("/bulk_imports/{running}/entities"), OWNER).await;
    assert!(e.as_array().unwrap().iter().all(|e| e["status"] == "canceled"), "cancel propagates to entities");
    // An administrator may cancel another user's migration.
    let (s, _, _) = p.call(Method::POST, "/bulk_imports/6/cancel", Some(ADMIN), None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn six_creations_a_minute_then_429() {
    let p = start().await;
    for n in 0..6 {
        let (s, v) = p.create(OWNER, json!([group("tools", "migrated", &format!("tools-{n}"))])).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (s, v) = p.create(OWNER, json!([group("tools", "migrated", "tools-7")])).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(v, json!({"message": {"error": "This endpoint has been requested too many times. Try again later."}}));
    let (s, _) = p.create(ADMIN, json!([group("tools", "migrated", "tools-8")])).await;
    assert_eq!(s, StatusCode::CREATED, "the limit is per user");
}

#[tokio::test]
async fn pagination_headers_and_the_10000_row_limit() {
    let p = start_with(10_001, 250).await;
    let (_, _, list) = p.get("/bulk_imports", OWNER).await;
    let big = list.as_array().unwrap().iter().filter_map(|i| i["id"].as_u64()).max().unwrap();
    let (_, h, rows) = p.get(&format!("/bulk_imports/{big}/entities?per_page=500&page=2"), OWNER).await;
    assert_eq!(rows.as_array().unwrap().len(), 100, "per_page is clamped to 100");
    assert_eq!((h["x-page"].to_str().unwrap(), h["x-per-page"].to_str().unwrap()), ("2", "100"));
    assert_eq!((h["x-next-page"].to_str().unwrap(), h["x-prev-page"].to_str().unwrap()), ("3", "1"));
    assert!(h.get("x-total").is_none() && h.get("x-total-pages").is_none(), "no totals above 10,000 rows");
    assert!(h["link"].to_str().unwrap().contains("rel=\"next\""));
    assert!(!h["link"].to_str().unwrap().contains("rel=\"last\""));
    let (_, h, _) = p.get(&format!("/bulk_imports/{big}/entities?page=1"), OWNER).await;
    assert_eq!(h["x-per-page"], "20");
    let first = rows[0]["id"].as_u64().unwrap();
    let (_, _, e) = p.get(&format!("/bulk_imports/{big}/entities?per_page=1"), OWNER).await;
    let (_, h, _) = p.get(&format!("/bulk_imports/{big}/entities/{}/failures?per_page=100", e[0]["id"]), OWNER).await;
    assert_eq!((h["x-total"].to_str().unwrap(), h["x-total-pages"].to_str().unwrap()), ("250", "3"));
    assert!(first > 0);
}

#[tokio::test]
async fn cors_is_answered_as_gitlab_answers_it() {
    let p = start().await;
    let res = p
        .http
        .request(Method::OPTIONS, format!("{}/api/v4/bulk_imports", p.dest))
        .header("Origin", "https://console.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "private-token,content-type")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    assert!(res.headers().get("access-control-allow-credentials").is_none());
    let res = p
        .http
        .get(format!("{}/api/v4/bulk_imports", p.dest))
        .header("Origin", "https://console.example")
        .header("PRIVATE-TOKEN", OWNER)
        .send()
        .await
        .unwrap();
    let exposed = res.headers()["access-control-expose-headers"].to_str().unwrap().to_string();
    for h in ["link", "x-total", "x-next-page"] {
        assert!(exposed.contains(h), "{h} exposed");
    }
}

#[tokio::test]
async fn disabled_direct_transfer_is_404_everywhere() {
    let p = start().await;
    p.http
        .post(format!("{}/-/sandbox/settings", p.dest))
        .json(&json!({"bulk_import_enabled": false}))
        .send()
        .await
        .unwrap();
    for path in ["/bulk_imports", "/bulk_imports/entities", "/bulk_imports/1", "/bulk_imports/1/entities"] {
        let (s, _, v) = p.get(path, OWNER).await;
        assert_eq!((s, v), (StatusCode::NOT_FOUND, json!({"message": "404 Not Found"})), "{path}");
    }
    let (s, _, _) = p.get("/user", OWNER).await;
    assert_eq!(s, 200, "the rest of the API still answers");
}

#[tokio::test]
async fn helpers_and_source_instance() {
    let p = start().await;
    let (_, _, u) = p.get("/user", OWNER).await;
    assert_eq!(u["username"], "olivia");
    assert!(u.get("is_admin").is_none(), "is_admin is sent to administrators only");
    let (_, _, v) = p.get("/version", OWNER).await;
    assert!(v["version"].as_str().unwrap().starts_with("18."));
    let (_, _, ex) = p.get("/namespaces/acme/exists?parent_id=100", OWNER).await;
    assert_eq!(ex, json!({"exists": true, "suggests": ["acme1"]}));
    let (_, _, groups) = p.get("/groups?min_access_level=40", OWNER).await;
    let paths: Vec<&str> = groups.as_array().unwrap().iter().map(|g| g["full_path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"migrated") && paths.contains(&"platform-team") && !paths.contains(&"docs"));
    let res = p
        .http
        .get(format!("{}/api/v4/groups?top_level_only=true&min_access_level=50", p.source))
        .header("PRIVATE-TOKEN", "sandbox-source-token")
        .send()
        .await
        .unwrap();
    let src: Value = res.json().await.unwrap();
    assert!(src.as_array().unwrap().iter().all(|g| !g["full_path"].as_str().unwrap().contains('/')));
    let res = p
        .http
        .get(format!("{}/api/v4/personal_access_tokens/self", p.source))
        .header("PRIVATE-TOKEN", "sandbox-source-readonly-token")
        .send()
        .await
        .unwrap();
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["scopes"], json!(["read_api"]));
}

#[tokio::test]
async fn faults_answer_as_configured_then_recover() {
    let p = start().await;
    let set = |f: Value| p.http.post(format!("{}/-/sandbox/faults", p.dest)).json(&f).send();
    set(json!({"mode": "503", "rate": 1.0})).await.unwrap();
    let (s, _, _) = p.get("/bulk_imports", OWNER).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    set(json!({"mode": "html", "rate": 1.0})).await.unwrap();
    let (s, _, v) = p.get("/bulk_imports", OWNER).await;
    assert_eq!(s, 200);
    assert!(v.as_str().unwrap().starts_with("<!DOCTYPE html>"));
    set(json!({"mode": "500", "rate": 0.5})).await.unwrap();
    let mut failed = 0;
    for _ in 0..10 {
        if p.get("/bulk_imports", OWNER).await.0 == 500 {
            failed += 1;
        }
    }
    assert_eq!(failed, 5);
    set(json!({})).await.unwrap();
    assert_eq!(p.get("/bulk_imports", OWNER).await.0, 200);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_run() {
    let (a, b) = (start().await, start().await);
    let (_, _, x) = a.get("/bulk_imports/2/entities", OWNER).await;
    let (_, _, y) = b.get("/bulk_imports/2/entities", OWNER).await;
    // The failure links name each sandbox's own source port; everything else is the same.
    let (x, y) = (x.to_string().replace(&a.source, "SOURCE"), y.to_string().replace(&b.source, "SOURCE"));
    let (x, y): (Value, Value) = (serde_json::from_str(&x).unwrap(), serde_json::from_str(&y).unwrap());
    assert_eq!(x[0]["failures"], y[0]["failures"]);
    assert_eq!(x[0]["failures"].as_array().unwrap().len(), 45);
}

#[tokio::test]
async fn the_remaining_endpoints_answer() {
    let p = start().await;
    let (s, h, all) = p.get("/bulk_imports/entities?status=failed", OWNER).await;
    assert_eq!(s, 200);
    assert!(all.as_array().unwrap().iter().all(|e| e["status"] == "failed"));
    assert!(h.get("x-total").is_some());
    let (_, _, ents) = p.get("/bulk_imports/2/entities", OWNER).await;
    let id = ents[0]["id"].as_u64().unwrap();
    let (s, _, one) = p.get(&format!("/bulk_imports/2/entities/{id}"), OWNER).await;
    assert_eq!((s, one["source_full_path"].as_str()), (StatusCode::OK, Some("legacy/monolith")));
    let (s, _, _) = p.get(&format!("/bulk_imports/1/entities/{id}"), OWNER).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "an entity of another migration");
    let (_, _, me) = p.get("/personal_access_tokens/self", READONLY).await;
    assert_eq!(me["scopes"], json!(["read_api"]));
    for (path, token, want) in [
        ("/groups/acme/export_relations/status", "sandbox-source-token", 200),
        ("/projects/3/export_relations/status", "sandbox-source-token", 200),
        ("/groups/nope/export_relations/status", "sandbox-source-token", 404),
        ("/groups/acme/export_relations/status", "sandbox-source-readonly-token", 403),
        ("/groups/acme/export_relations/status", "wrong", 401),
    ] {
        let res = p.http.get(format!("{}/api/v4{path}", p.source)).header("PRIVATE-TOKEN", token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), want, "{path} with {token}");
    }
}

#[tokio::test]
async fn an_old_source_is_refused_with_gitlabs_message() {
    let p = start().await;
    p.http
        .post(format!("{}/-/sandbox/settings", p.dest))
        .json(&json!({"source_version": "13.12.0"}))
        .send()
        .await
        .unwrap();
    let (s, v) = p.create(OWNER, json!([group("tools", "migrated", "tools-old")])).await;
    assert_eq!(
        (s, v["message"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("Unsupported GitLab version. Minimum supported version is '14'."))
    );
}

#[tokio::test]
async fn the_hostile_corpus_reaches_every_shown_field_verbatim() {
    let p = start().await;
    let seeded: Value =
        p.http.post(format!("{}/-/sandbox/hostile", p.dest)).send().await.unwrap().json().await.unwrap();
    let strings: Vec<String> = serde_json::from_value(seeded["strings"].clone()).unwrap();
    assert!(strings.len() >= 30, "{} strings", strings.len());
    assert!(strings.iter().any(|s| s.contains("<script>")) && strings.iter().any(|s| s.starts_with("javascript:")));
    let (import, entity) = (seeded["imports"][0].as_u64().unwrap(), seeded["entities"][0].as_u64().unwrap());
    let (_, _, m) = p.get(&format!("/bulk_imports/{import}"), OWNER).await;
    assert_eq!(m["source_url"], strings[0].as_str());
    let (_, _, e) = p.get(&format!("/bulk_imports/{import}/entities/{entity}"), OWNER).await;
    for field in ["source_full_path", "destination_slug", "destination_namespace", "destination_full_path"] {
        assert_eq!(e[field], strings[0].as_str(), "{field}");
    }
    assert!(e["stats"].get(strings[0].as_str()).is_some(), "relation name");
    let (_, _, failures) = p.get(&format!("/bulk_imports/{import}/entities/{entity}/failures"), OWNER).await;
    for field in
        ["relation", "exception_class", "exception_message", "correlation_id_value", "source_url", "source_title"]
    {
        assert_eq!(failures[0][field], strings[0].as_str(), "{field}");
    }
}

#[tokio::test]
async fn post_only_faults_leave_reads_alone() {
    let p = start().await;
    p.http
        .post(format!("{}/-/sandbox/faults", p.dest))
        .json(&json!({"mode": "500", "rate": 1, "only_post": true}))
        .send()
        .await
        .unwrap();
    let (s, _, _) = p.get("/bulk_imports", OWNER).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = p.create(OWNER, json!([group("tools", "migrated", "tools-x")])).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
}
