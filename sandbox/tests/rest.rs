//! The REST behaviours GitLab's code defines beyond field lists: ids that agree across endpoints, groups by
//! id or URL-encoded path, `order_by`/`sort` and Grape's 400s, `Link` headers and `web_url`s built from
//! the URL the client used, and `POST /bulk_imports` with a form body.

use crate::support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{start, OWNER};

fn ids(v: &Value) -> Vec<u64> {
    v.as_array().into_iter().flatten().filter_map(|x| x["id"].as_u64()).collect()
}

#[tokio::test]
async fn ids_agree_across_every_endpoint() {
    let p = start().await;
    let by_id = p.dest_get("/groups/100", OWNER).await;
    let by_path = p.dest_get("/groups/migrated", OWNER).await;
    assert_eq!(by_id.body, by_path.body, "a group by id and by path");
    let deep = p.dest_get("/groups/100/projects?include_subgroups=true&per_page=100", OWNER).await;
    let own = p.dest_get("/groups/100/projects?per_page=100", OWNER).await;
    assert!(ids(&deep.body).len() >= ids(&own.body).len() && !ids(&own.body).is_empty());
    for project in deep.body.as_array().unwrap() {
        let id = project["id"].as_u64().unwrap();
        let one = p.dest_get(&format!("/projects/{id}"), OWNER).await;
        assert_eq!(one.status, StatusCode::OK, "/projects/{id}");
        assert_eq!(one.body["path_with_namespace"], project["path_with_namespace"]);
        let path = project["path_with_namespace"].as_str().unwrap().replace('/', "%2F");
        assert_eq!(p.dest_get(&format!("/projects/{path}"), OWNER).await.body["id"], id);
        // The migration that created it names the same id.
        let ns = project["namespace"]["id"].as_u64().unwrap();
        assert_eq!(p.dest_get(&format!("/groups/{ns}"), OWNER).await.status, StatusCode::OK, "namespace {ns}");
    }
    let entities = p.dest_get("/bulk_imports/entities?per_page=100", OWNER).await;
    for e in entities.body.as_array().unwrap() {
        if let Some(pid) = e["project_id"].as_u64() {
            let one = p.dest_get(&format!("/projects/{pid}"), OWNER).await;
            assert_eq!(one.status, StatusCode::OK, "project_id {pid} of entity {}", e["id"]);
            assert_eq!(one.body["path_with_namespace"], e["destination_full_path"]);
        }
        if let Some(nid) = e["namespace_id"].as_u64() {
            let one = p.dest_get(&format!("/groups/{nid}?with_projects=false"), OWNER).await;
            assert_eq!(one.body["full_path"], e["destination_full_path"], "namespace_id {nid}");
        }
    }
    // Source: a group's projects resolve on /projects/:id, subgroups included on request.
    let acme = p.source_get("/groups/acme/projects?include_subgroups=true").await;
    let direct = p.source_get("/groups/1/projects").await;
    assert_eq!(ids(&direct.body), vec![5], "acme's own project is the handbook");
    assert_eq!(ids(&acme.body).len(), 4, "{}", acme.body);
    for id in ids(&acme.body) {
        assert_eq!(p.source_get(&format!("/projects/{id}")).await.body["id"], id);
    }
    let platform = p.source_get("/groups/acme%2Fplatform").await;
    assert_eq!((&platform.body["parent_id"], &platform.body["full_name"]), (&json!(1), &json!("ACME / Platform")));
    let api = p.source_get("/projects/3").await;
    assert_eq!(api.body["name_with_namespace"], "ACME / Platform / API", "Namespace#human_name / name");
    assert_eq!(p.source_get("/groups/nope").await.body, json!({"message": "404 Group Not Found"}));
    assert_eq!(p.dest_get("/groups/104", OWNER).await.status, StatusCode::NOT_FOUND, "another team's private group");
    assert_eq!(p.dest_get("/projects/999999", OWNER).await.body, json!({"message": "404 Project Not Found"}));
}

#[tokio::test]
async fn order_by_and_sort_are_honoured_and_bad_values_are_grapes_400() {
    let p = start().await;
    let names = |v: &Value, key: &str| -> Vec<String> {
        v.as_array().into_iter().flatten().map(|g| g[key].as_str().unwrap_or_default().to_string()).collect()
    };
    // An order is only checked on enough rows to show one.
    let enough = |what: &str, n: usize, min: usize| assert!(n >= min, "{what}: {n} rows, an order needs {min}");
    let default = p.source_get("/groups?per_page=100").await;
    enough("source groups", names(&default.body, "name").len(), 3);
    let mut sorted = names(&default.body, "name");
    sorted.sort();
    assert_eq!(names(&default.body, "name"), sorted, "groups: name asc by default");
    let by_id = p.source_get("/groups?order_by=id&sort=desc&per_page=100").await;
    let mut desc = ids(&by_id.body);
    enough("source groups by id", desc.len(), 3);
    assert!(desc.windows(2).all(|w| w[0] > w[1]), "{desc:?}");
    desc.reverse();
    assert_eq!(ids(&p.source_get("/groups?order_by=id&sort=asc&per_page=100").await.body), desc);
    let projects = p.source_get("/projects?order_by=path&sort=asc&per_page=100&simple=true").await;
    let mut paths = names(&projects.body, "path");
    enough("source projects by path", paths.len(), 3);
    let shown = paths.clone();
    paths.sort();
    assert_eq!(shown, paths, "projects by path");
    let created = p.source_get("/projects?per_page=100&simple=true").await;
    let newest_first = ids(&created.body);
    enough("source projects by created_at", newest_first.len(), 3);
    assert!(newest_first.windows(2).all(|w| w[0] > w[1]), "projects: created_at desc by default");
    let dest = p.dest_get("/groups?order_by=path&sort=desc", OWNER).await;
    let mut dest_paths = names(&dest.body, "path");
    enough("destination groups by path", dest_paths.len(), 3);
    let shown = dest_paths.clone();
    dest_paths.sort_by(|a, b| b.cmp(a));
    assert_eq!(shown, dest_paths);

    for (path, error) in [
        ("/groups?order_by=size", "order_by does not have a valid value"),
        ("/groups?sort=up", "sort does not have a valid value"),
        ("/groups?order_by=x&sort=y", "order_by does not have a valid value, sort does not have a valid value"),
        ("/groups?per_page=0", "per_page has a value not allowed"),
        ("/groups?per_page=ten", "per_page is invalid"),
        ("/projects?order_by=stars", "order_by does not have a valid value"),
        ("/groups/1/projects?order_by=storage_size", "order_by does not have a valid value"),
    ] {
        let a = p.source_get(path).await;
        assert_eq!((a.status, a.body), (StatusCode::BAD_REQUEST, json!({ "error": error })), "source {path}");
    }
    for path in ["/groups?order_by=size", "/groups/100/projects?sort=sideways", "/bulk_imports?per_page=0"] {
        let a = p.dest_get(path, OWNER).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}: {}", a.body);
        assert!(a.body["error"].as_str().is_some_and(|e| e.ends_with("valid value") || e.ends_with("not allowed")));
    }
}

#[tokio::test]
async fn links_and_web_urls_follow_the_url_the_client_used() {
    let p = start().await;
    let a = p.dest_get("/bulk_imports?per_page=2&sort=asc", OWNER).await;
    let link = a.header("link");
    let next = format!("<{}/api/v4/bulk_imports?page=2&per_page=2&sort=asc>; rel=\"next\"", p.dest);
    assert!(link.contains(&next), "{link}");
    assert!(!link.contains("localhost/") && !link.contains("gitlab.sandbox"), "{link}");
    assert_eq!(a.header("x-next-page"), "2");
    // A client that came through another name gets links to that name.
    let res = p
        .http
        .get(format!("{}/api/v4/groups?per_page=1", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .header("Host", "gitlab.example.test:8443")
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    let link = res.headers()["link"].to_str().unwrap().to_string();
    assert!(link.starts_with("<https://gitlab.example.test:8443/api/v4/groups?page=2&per_page=1"), "{link}");
    let body: Value = res.json().await.unwrap();
    assert!(body[0]["web_url"].as_str().unwrap().starts_with("https://gitlab.example.test:8443/groups/"));
    let user = p.dest_get("/user", OWNER).await;
    assert_eq!(user.body["web_url"], format!("{}/olivia", p.dest));
    let project = p.dest_get("/groups/100/projects?per_page=1", OWNER).await;
    let web = project.body[0]["web_url"].as_str().unwrap();
    assert!(web.starts_with(&format!("{}/migrated/", p.dest)), "{web}");
    // The source's web_urls are its external URL; its Link headers the URL the client used.
    let groups = p.source_get("/groups?per_page=2").await;
    assert!(groups.header("link").contains(&format!("<{}/api/v4/groups?page=2&per_page=2", p.source)));
    assert_eq!(
        groups.body[0]["web_url"],
        format!("{}/groups/{}", p.source, groups.body[0]["full_path"].as_str().unwrap())
    );
}

#[tokio::test]
async fn a_migration_can_be_started_with_a_form_body() {
    let p = start().await;
    let form = [
        ("configuration[url]", p.source.as_str()),
        ("configuration[access_token]", "sandbox-source-token"),
        ("entities[][source_type]", "group_entity"),
        ("entities[][source_full_path]", "tools"),
        ("entities[][destination_namespace]", "migrated"),
        ("entities[][destination_slug]", "tools-form"),
        ("entities[][migrate_projects]", "false"),
    ];
    let res = p
        .http
        .post(format!("{}/api/v4/bulk_imports", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let import: Value = res.json().await.unwrap();
    let entities = p.dest_get(&format!("/bulk_imports/{}/entities", import["id"]), OWNER).await;
    assert_eq!(entities.body[0]["destination_slug"], "tools-form");
    assert_eq!(entities.body[0]["migrate_projects"], false);
    // Grape's validation reads a form body as it reads JSON.
    let res = p
        .http
        .post(format!("{}/api/v4/bulk_imports", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .form(&[("configuration[url]", p.source.as_str()), ("entities[][source_type]", "wiki")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let error: Value = res.json().await.unwrap();
    let text = error["error"].as_str().unwrap();
    assert!(text.contains("configuration[access_token] is missing"), "{text}");
    assert!(text.contains("entities[0][source_type] does not have a valid value"), "{text}");
}

#[tokio::test]
async fn hostile_names_and_parameters_get_answers_never_a_crash() {
    let p = support::start_with(true).await;
    for path in [
        "/groups?order_by=name&search=%3Cscript%3E",
        "/groups/100/projects?include_subgroups=true&statistics=true&per_page=100",
        "/groups/100/subgroups?per_page=100",
        "/projects?per_page=100&order_by=last_activity_at",
        "/groups/%E2%80%AE%F0%9F%92%A9",
        "/groups/migrated%2F..%2F..%2Fetc/projects",
        "/projects/-1",
        "/groups?per_page=-5&page=99999999999999999999",
        "/groups?per_page=%00",
        "/bulk_imports?per_page=100",
    ] {
        let a = p.dest_get(path, OWNER).await;
        assert!(a.status.as_u16() < 500, "{path}: {} {}", a.status, a.body);
    }
    for path in ["/groups?sort=%FF", "/projects?order_by=%F0%9F", "/groups/%2F/subgroups"] {
        assert!(p.source_get(path).await.status.as_u16() < 500, "source {path}");
    }
    let res = p
        .http
        .post(format!("{}/api/v4/bulk_imports", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("entities[][[]=%ff&configuration]]=1&[]=&entities[0]=x&entities[][a]=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_form_key_nested_deeper_than_racks_limit_is_a_400_not_a_crash() {
    let p = start().await;
    // Rack's param_depth_limit is 32; 10,000 levels used to recurse once per level and overflow the stack.
    let body = format!("configuration{}=1", "[a]".repeat(10_000));
    let res = p
        .http
        .post(format!("{}/api/v4/bulk_imports", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let error: Value = res.json().await.unwrap();
    assert!(error["error"].as_str().is_some_and(|e| e.contains("nested too deeply")), "{error}");
    // The sandbox still answers.
    assert_eq!(p.dest_get("/groups/100", OWNER).await.status, StatusCode::OK);
}
