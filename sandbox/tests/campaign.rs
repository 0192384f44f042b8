//! Campaign planning on the source: a scaled source (`--scale-source`) of groups and projects with archived,
//! personal and very large ones; `statistics` on `GET /projects/:id` and `GET /projects?statistics=true`;
//! issues and merge request counts; simulated durations that follow GitLab's per-object timings.

use reqwest::{Client, StatusCode};
use sandbox::seed::{build_world, SeedOptions};
use sandbox::source::campaign::{self, HUGE_REPOSITORY};
use sandbox::world::{Kind, Settings, World};
use sandbox::{routes, Sandbox};
use serde_json::Value;

const SOURCE: &str = "sandbox-source-token";

fn world(scale: usize, source_url: &str) -> World {
    let mut world = build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: source_url.into(),
        settings: Settings { speed: 0.0, ..Settings::default() },
        scale_entities: 0,
        scale_failures: 0,
    });
    campaign::seed_scale(&mut world, scale);
    world
}

#[test]
fn a_scaled_source_holds_the_asked_projects_in_groups_with_flags_to_find() {
    let w = world(2000, "http://source.example");
    let scaled: Vec<_> = w.source_items.iter().filter(|i| i.id >= campaign::SCALE_FIRST_ID).collect();
    let projects: Vec<_> = scaled.iter().filter(|i| i.kind == Kind::Project).collect();
    assert_eq!(projects.len(), 2000);
    assert_eq!(scaled.iter().filter(|i| i.kind == Kind::Group).count(), 50, "1,997 grouped projects, 40 a group");
    assert_eq!(projects.iter().filter(|i| campaign::is_archived(i)).count(), 79);
    assert_eq!(projects.iter().filter(|i| campaign::namespace_kind(&w, i) == "user").count(), 3);
    let huge = projects
        .iter()
        .filter(|i| campaign::statistics(i)["repository_size"].as_u64().unwrap_or(0) > HUGE_REPOSITORY)
        .count();
    assert_eq!(huge, 20);
    // Every path is unique, so the engine finds each one.
    let mut paths: Vec<_> = scaled.iter().map(|i| (i.kind == Kind::Group, i.full_path.clone())).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), scaled.len());
}

#[test]
fn simulated_durations_follow_the_per_object_timings() {
    // 2.4 s of its own + repository 20 + wiki 10 + 30 merge requests at 1 + 100 issues at 0.1 + 10 labels at 0.05.
    assert_eq!(campaign::simulated_duration_s(100, 30, 10, true), 73);
    assert_eq!(campaign::simulated_duration_s(0, 0, 0, false), 23);
    let w = world(120, "http://source.example");
    for item in w.source_items.iter().filter(|i| i.id >= campaign::SCALE_FIRST_ID && i.kind == Kind::Project) {
        let n = |r: &str| item.relations.iter().find(|(k, _)| *k == r).map_or(0, |(_, n)| *n);
        let wiki = campaign::statistics(item)["wiki_size"].as_u64().unwrap_or(0) > 0;
        assert_eq!(
            item.duration_s,
            campaign::simulated_duration_s(n("issues"), n("merge_requests"), n("labels"), wiki)
        );
    }
}

async fn serve(scale: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = Sandbox::new(world(scale, &base), None);
    let app = routes::source(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn get(base: &str, path: &str, token: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let res = Client::new().get(format!("{base}/api/v4{path}")).header("PRIVATE-TOKEN", token).send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn projects_answer_statistics_and_counts_as_gitlab_does() {
    let base = serve(200).await;
    let (status, _, one) = get(&base, "/projects/100000?statistics=true", SOURCE).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["path_with_namespace"], "fleet-01/svc-0000");
    assert_eq!(one["namespace"]["kind"], "group");
    assert_eq!(one["archived"], false);
    assert!(one["statistics"]["repository_size"].as_u64().unwrap() > 0);
    assert!(one["statistics"]["wiki_size"].is_u64());
    let (_, _, plain) = get(&base, "/projects/fleet-01%2Fsvc-0000", SOURCE).await;
    assert_eq!(plain["id"], 100000);
    assert!(plain.get("statistics").is_none(), "statistics only when asked");
    let (status, _, _) = get(&base, "/projects/99999999", SOURCE).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&base, "/projects/100000", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (_, headers, page) = get(&base, "/projects?statistics=true&per_page=100&page=2", SOURCE).await;
    let total: u64 = headers["x-total"].to_str().unwrap().parse().unwrap();
    assert!(total >= 200, "{total}");
    assert_eq!(page.as_array().unwrap().len(), 100);
    assert!(page.as_array().unwrap().iter().all(|p| p["statistics"]["storage_size"].is_u64()));
    let personal = get(&base, "/projects?search=olivia/scratch&per_page=100", SOURCE).await.2;
    assert_eq!(personal.as_array().unwrap().len(), 3);
    assert!(personal.as_array().unwrap().iter().all(|p| p["namespace"]["kind"] == "user"));

    let issues = one["open_issues_count"].as_u64().unwrap();
    let (_, _, stats) = get(&base, "/projects/100000/issues_statistics", SOURCE).await;
    assert_eq!(stats["statistics"]["counts"]["all"].as_u64(), Some(issues));
    let (_, headers, _) = get(&base, "/projects/100000/merge_requests?per_page=1", SOURCE).await;
    assert!(headers["x-total"].to_str().unwrap().parse::<u64>().unwrap() >= 2);
}

#[tokio::test]
async fn the_source_scales_at_run_time_once() {
    let dest_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dest = format!("http://{}", dest_l.local_addr().unwrap());
    let state = Sandbox::new(world(0, "http://source.example"), None);
    let app = routes::destination(state.clone());
    tokio::spawn(async move { axum::serve(dest_l, app).await });
    let http = Client::new();
    let res = http.post(format!("{dest}/-/sandbox/scale-source?projects=300")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let scaled = state
        .world()
        .source_items
        .iter()
        .filter(|i| i.id >= campaign::SCALE_FIRST_ID && i.kind == Kind::Project)
        .count();
    assert_eq!(scaled, 300);
    let again = http.post(format!("{dest}/-/sandbox/scale-source?projects=300")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[test]
fn a_scaled_source_spreads_its_projects_over_the_groups_asked_for() {
    let mut w = world(0, "http://source.example");
    campaign::seed_scale_in(&mut w, 500, Some(40));
    let scaled: Vec<_> = w.source_items.iter().filter(|i| i.id >= campaign::SCALE_FIRST_ID).collect();
    let groups: Vec<_> = scaled.iter().filter(|i| i.kind == Kind::Group).collect();
    let projects: Vec<_> = scaled.iter().filter(|i| i.kind == Kind::Project).collect();
    assert_eq!((groups.len(), projects.len()), (40, 500));
    for g in &groups {
        let n = projects.iter().filter(|p| p.parent_path() == Some(g.full_path.as_str())).count();
        assert!((12..=13).contains(&n), "{}: {n} projects", g.full_path);
    }
}

#[test]
fn gitlab_takes_five_entities_of_a_migration_at_a_time() {
    use sandbox::engine::{self, NewEntitySpec, ENTITIES_AT_A_TIME};
    use sandbox::world::Status;
    let mut w = world(120, "http://source.example");
    let specs: Vec<NewEntitySpec> = (0..12)
        .map(|n| NewEntitySpec {
            kind: Kind::Project,
            source_full_path: format!("fleet-01/svc-{n:04}"),
            destination_slug: format!("svc-{n:04}"),
            destination_namespace: "migrated".into(),
            migrate_projects: true,
            migrate_memberships: true,
        })
        .collect();
    let id = engine::create_import(&mut w, 1, "http://source.example", specs);
    let (mut most, mut waited) = (0, false);
    for _ in 0..3_600 {
        engine::advance(&mut w, 1_000);
        let of_it: Vec<_> = w.entities.iter().filter(|e| e.bulk_import_id == id).collect();
        let started = of_it.iter().filter(|e| e.status == Status::Started).count();
        most = most.max(started);
        waited |= started == ENTITIES_AT_A_TIME && of_it.iter().any(|e| e.status == Status::Created);
        if of_it.iter().all(|e| !e.status.is_active()) {
            break;
        }
    }
    assert_eq!(most, ENTITIES_AT_A_TIME, "never more than 5 at work");
    assert!(waited, "the others wait as created while 5 work");
    assert!(w.entities.iter().filter(|e| e.bulk_import_id == id).all(|e| e.status == Status::Finished), "all end");
}
