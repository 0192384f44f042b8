//! The reassignment sheet upload (`POST /groups/:id/placeholder_reassignments`): GitLab's limits and texts
//! over real HTTP, owners only, and the rows applied in the background; the scale seed.

use reqwest::Client;
use sandbox::contributions::model::SuStatus;
use sandbox::contributions::sheet::HEADER;
use sandbox::contributions::upload::*;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::{Settings, World};
use sandbox::{routes, Sandbox, Shared};
use serde_json::Value;

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

async fn serve() -> (String, Shared) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let state = Sandbox::new(world(), None);
    let router = routes::destination(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, state)
}

async fn upload(url: &str, token: &str, name: &str, body: &[u8]) -> (u16, Value) {
    let boundary = "sheetboundary42";
    let mut form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    form.extend_from_slice(body);
    form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = Client::new()
        .post(format!("{url}/api/v4/groups/migrated/placeholder_reassignments"))
        .header("PRIVATE-TOKEN", token)
        .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
        .body(form)
        .send()
        .await
        .expect("send");
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_filled_sheet_is_accepted_and_applied_in_the_background() {
    let (url, state) = serve().await;
    let rows: Vec<(String, String)> = {
        let w = state.world();
        let group = w.dest_group("migrated").expect("migrated").id;
        w.contributions
            .source_users
            .iter()
            .filter(|u| u.namespace_id == group && u.status == SuStatus::PendingReassignment)
            .map(|u| (u.hostname.clone(), u.identifier.clone()))
            .take(2)
            .collect()
    };
    assert_eq!(rows.len(), 2);
    let sheet = format!(
        "{HEADER}\n{},gitlab_migration,{},A,a,dave,\n{},gitlab_migration,{},B,b,,erin@example.com\n",
        rows[0].0, rows[0].1, rows[1].0, rows[1].1
    );
    let (status, body) = upload(&url, "sandbox-owner-token", "filled.csv", sheet.as_bytes()).await;
    assert_eq!((status, body["message"].as_str()), (201, Some(ACCEPTED)));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let w = state.world();
    for (want, (_, identifier)) in [13, 14].into_iter().zip(rows) {
        let u = w.contributions.source_users.iter().find(|u| u.identifier == identifier).expect("row");
        assert_eq!((u.status, u.reassign_to), (SuStatus::AwaitingApproval, Some(want)), "{identifier}");
    }
}

#[tokio::test]
async fn bad_sheets_get_gitlabs_sentences() {
    let (url, _) = serve().await;
    let ok_header = format!("{HEADER}\n");
    let (s, b) = upload(&url, "sandbox-owner-token", "filled.xlsx", ok_header.as_bytes()).await;
    assert_eq!((s, b["message"].as_str()), (422, Some(NOT_CSV)));
    let (s, b) = upload(&url, "sandbox-owner-token", "filled.csv", b"Name,Email\n").await;
    assert_eq!(s, 422);
    assert!(b["message"].as_str().unwrap_or("").starts_with(PREVENTING), "{b}");
    let (s, b) = upload(&url, "sandbox-owner-token", "filled.csv", b"Source host,\xff\xfe\n").await;
    assert!(s == 422 && b["message"].as_str().unwrap_or("").contains("UTF-8"), "{b}");
    let big = format!("{HEADER}\n{}", "x,y,z,a,b,c,d\n".repeat(MAX_BYTES / 14 + 10));
    let (s, b) = upload(&url, "sandbox-owner-token", "filled.csv", big.as_bytes()).await;
    assert!(s == 422 && b["message"].as_str().unwrap_or("").contains("10 MB"), "{b}");
    let many = format!("{HEADER}\n{}", "x,y,z,a,b,c,d\n".repeat(MAX_ROWS + 1));
    let (s, b) = upload(&url, "sandbox-owner-token", "filled.csv", many.as_bytes()).await;
    assert!(s == 422 && b["message"].as_str().unwrap_or("").contains("50,000"), "{b}");
    assert_eq!(upload(&url, "sandbox-other-token", "filled.csv", ok_header.as_bytes()).await.0, 403);
    assert_eq!(upload(&url, "sandbox-readonly-token", "filled.csv", ok_header.as_bytes()).await.0, 403);
    assert_eq!(upload(&url, "wrong", "filled.csv", ok_header.as_bytes()).await.0, 401);
}

#[test]
fn the_scale_seed_adds_source_users_and_people_who_can_take_them() {
    let mut w = world();
    let before = w.contributions.source_users.len();
    let total = sandbox::contributions::seed::seed_many(&mut w, "migrated", 500);
    assert_eq!(w.contributions.source_users.len(), before + 500);
    assert!(total >= 500);
    assert!(w.contributions.people.iter().any(|p| p.username == "member00500" && p.active));
    assert_eq!(sandbox::contributions::seed::seed_many(&mut w, "no-such-group", 5), 0);
}
