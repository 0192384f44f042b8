//! The verification counts over real HTTP: both instances answer `per_page=1` list requests with `X-Total`
//! consistent with the simulated import (what failures explain is missing on the destination only), no
//! `X-Total` above 10,000 rows, GitLab's 404 and 401.

use reqwest::{Client, StatusCode};
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::{Behaviour, Kind, Settings, SourceItem};
use sandbox::{routes, Sandbox};

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
    let mut world = build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: source.clone(),
        settings,
        scale_entities: 0,
        scale_failures: 0,
    });
    world.source_items.push(SourceItem {
        id: 999,
        kind: Kind::Project,
        full_path: "huge/project".into(),
        name: "Huge".into(),
        relations: vec![("issues", 12_000)],
        behaviour: Behaviour::Clean,
        duration_s: 10,
    });
    let state = Sandbox::new(world, None);
    let (d, s) = (routes::destination(state.clone()), routes::source(state));
    tokio::spawn(async move { axum::serve(dest_l, d).await });
    tokio::spawn(async move { axum::serve(src_l, s).await });
    Peer { dest, source, http: Client::new() }
}

impl Peer {
    /// (status, X-Total, X-Next-Page, body) of `GET base/api/v4{path}?per_page=1`.
    async fn count(&self, base: &str, path: &str, token: &str) -> (StatusCode, Option<u64>, Option<String>, String) {
        let res = self
            .http
            .get(format!("{base}/api/v4{path}?per_page=1"))
            .header("PRIVATE-TOKEN", token)
            .send()
            .await
            .unwrap();
        let header = |n: &str| res.headers().get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
        let (total, next) = (header("x-total").and_then(|v| v.parse().ok()), header("x-next-page"));
        (res.status(), total, next, res.text().await.unwrap())
    }

    async fn both(&self, path_dest: &str, path_source: &str) -> (Option<u64>, Option<u64>) {
        let d = self.count(&self.dest, path_dest, OWNER).await;
        let s = self.count(&self.source, path_source, SOURCE).await;
        assert_eq!((d.0, s.0), (StatusCode::OK, StatusCode::OK), "{path_dest} / {path_source}: {} {}", d.3, s.3);
        (d.1, s.1)
    }
}

#[tokio::test]
async fn a_clean_group_counts_the_same_on_both_sides() {
    let p = start().await;
    // The seeded `acme` migration went to migrated/acme and finished without failures.
    for (list, n) in [("subgroups", 2), ("projects", 1), ("labels", 24), ("milestones", 8)] {
        let counts = p.both(&format!("/groups/migrated%2Facme/{list}"), &format!("/groups/acme/{list}")).await;
        assert_eq!(counts, (Some(n), Some(n)), "{list}");
    }
    for (list, n) in [("issues", 120), ("merge_requests", 85), ("milestones", 4), ("labels", 15), ("releases", 0)] {
        let counts = p
            .both(
                &format!("/projects/migrated%2Facme%2Fplatform%2Fapi/{list}"),
                &format!("/projects/acme%2Fplatform%2Fapi/{list}"),
            )
            .await;
        assert_eq!(counts, (Some(n), Some(n)), "{list}");
    }
}

#[tokio::test]
async fn items_that_failed_are_missing_on_the_destination_only() {
    let p = start().await;
    // acme/platform/worker leaves 3 merge requests failed: 22 on the source, 19 on the destination.
    let worker = "/projects/migrated%2Facme%2Fplatform%2Fworker";
    let counts = p.both(&format!("{worker}/merge_requests"), "/projects/acme%2Fplatform%2Fworker/merge_requests").await;
    assert_eq!(counts, (Some(19), Some(22)));
    let counts = p.both(&format!("{worker}/issues"), "/projects/acme%2Fplatform%2Fworker/issues").await;
    assert_eq!(counts, (Some(40), Some(40)));
    // legacy/monolith: 45 of 1,500 merge requests failed.
    let counts =
        p.both("/projects/migrated%2Fmonolith/merge_requests", "/projects/legacy%2Fmonolith/merge_requests").await;
    assert_eq!(counts, (Some(1455), Some(1500)));
}

#[tokio::test]
async fn numeric_ids_work_and_unknown_ones_are_gitlabs_404() {
    let p = start().await;
    // Source ids are the source items' ids: acme is 1.
    let (status, total, _, _) = p.count(&p.source, "/groups/1/subgroups", SOURCE).await;
    assert_eq!((status, total), (StatusCode::OK, Some(2)));
    let (status, _, _, body) = p.count(&p.dest, "/projects/nope%2Fnothing/issues", OWNER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("404 Project Not Found"), "{body}");
    let (status, _, _, body) = p.count(&p.source, "/groups/nope/labels", SOURCE).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("404 Group Not Found"), "{body}");
    // A failed entity never got its group: not there.
    let (status, ..) = p.count(&p.dest, "/groups/migrated%2Fbroken-group/projects", OWNER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn tokens_are_checked_on_both_sides() {
    let p = start().await;
    let (status, ..) = p.count(&p.dest, "/groups/migrated%2Facme/labels", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The destination token means nothing to the source.
    let (status, ..) = p.count(&p.source, "/groups/acme/labels", OWNER).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn above_ten_thousand_rows_there_is_no_total_but_a_next_page() {
    let p = start().await;
    let (status, total, next, _) = p.count(&p.source, "/projects/huge%2Fproject/issues", SOURCE).await;
    assert_eq!((status, total, next.as_deref()), (StatusCode::OK, None, Some("2")));
}
