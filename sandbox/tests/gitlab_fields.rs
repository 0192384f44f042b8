//! Every REST answer of both instances against the field lists read from GitLab's entities
//! (`tests/fixtures/gitlab-fields/*.json`): the exact key set the caller gets, nested objects included, so
//! a field added or removed on one side only fails here.

use crate::support;

use serde_json::Value;
use std::collections::BTreeSet;
use support::{start, Answer, ADMIN, OWNER};

fn fixture(name: &str) -> Value {
    let path = format!("{}/../tests/fixtures/gitlab-fields/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(v["source"].as_str().is_some_and(|s| s.contains("gitlabhq/gitlabhq")), "{name}: names its GitLab source");
    v
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// Checks one object against a fixture under the named `when` conditions.
fn check(what: &str, name: &str, conditions: &[&str], v: &Value) {
    let f = fixture(name);
    let mut expected = strings(&f["fields"]);
    let mut nested: Vec<(String, BTreeSet<String>)> = f["nested"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, list)| list.is_array())
        .map(|(k, list)| (k.clone(), strings(list)))
        .collect();
    for c in conditions {
        let extra = &f["when"][*c];
        assert!(!extra.is_null(), "{name}.json has no condition {c:?}");
        match extra {
            Value::Array(_) => expected.extend(strings(extra)),
            Value::Object(m) if m.contains_key("remove") => {
                for k in strings(&m["remove"]) {
                    expected.remove(&k);
                }
            }
            Value::Object(m) => {
                for (k, list) in m {
                    expected.insert(k.clone());
                    nested.push((k.clone(), strings(list)));
                }
            }
            _ => panic!("{name}.json: condition {c:?} is neither a list nor an object"),
        }
    }
    assert!(!expected.is_empty(), "{name}.json lists no fields");
    let got = keys(v);
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} ({name}.json): missing {missing:?}, not in GitLab's entity {extra:?}"
    );
    for (k, list) in nested {
        assert!(!list.is_empty(), "{name}.json lists no keys of {k}");
        assert!(v[&k].is_object(), "{what}: {k} is not an object ({name}.json lists its keys): {}", v[&k]);
        assert_eq!(keys(&v[&k]), list, "{what}: keys of {k} ({name}.json)");
    }
}

fn each(what: &str, name: &str, conditions: &[&str], a: &Answer) {
    assert!(a.status.is_success(), "{what}: {} {}", a.status, a.body);
    let list = a.body.as_array().unwrap_or_else(|| panic!("{what}: not a list: {}", a.body));
    assert!(!list.is_empty(), "{what}: empty, nothing checked");
    for item in list {
        check(what, name, conditions, item);
    }
}

fn one(what: &str, name: &str, conditions: &[&str], a: &Answer) {
    assert!(a.status.is_success(), "{what}: {} {}", a.status, a.body);
    check(what, name, conditions, &a.body);
}

#[tokio::test]
async fn destination_answers_carry_gitlabs_fields() {
    let p = start().await;
    one("GET /version", "version", &[], &p.dest_get("/version", OWNER).await);
    one("GET /user", "user", &[], &p.dest_get("/user", OWNER).await);
    let admin = p.dest_get("/user", ADMIN).await;
    one("GET /user as admin", "user", &["the user is an administrator (UserWithAdmin)"], &admin);
    each("GET /groups", "group", &[], &p.dest_get("/groups?min_access_level=10", OWNER).await);
    each("GET /groups/:id/subgroups", "group", &[], &p.dest_get("/groups/100/subgroups", OWNER).await);

    let top = p.dest_get("/groups/100", OWNER).await;
    one("GET /groups/100", "group_detail", &["the caller can admin the group (owner)", "a top-level group"], &top);
    let projects = top.body["projects"].as_array().cloned().unwrap_or_default();
    assert!(!projects.is_empty(), "migrated holds the seeded migrations' projects");
    for project in &projects {
        check("GET /groups/100 projects[]", "project", &[], project);
    }
    let sub = p.dest_get("/groups/migrated%2Farchive?with_projects=false", OWNER).await;
    one(
        "GET /groups/migrated%2Farchive",
        "group_detail",
        &["the caller can admin the group (owner)", "with_projects=false"],
        &sub,
    );

    let all = "/groups/100/projects?include_subgroups=true";
    each("GET /groups/:id/projects", "project", &[], &p.dest_get(all, OWNER).await);
    let stats = p.dest_get(&format!("{all}&statistics=true"), OWNER).await;
    each("GET /groups/:id/projects?statistics=true", "project", &["statistics=true"], &stats);
    each(
        "GET /groups/:id/projects?simple=true",
        "basic_project",
        &[],
        &p.dest_get(&format!("{all}&simple=true"), OWNER).await,
    );
    each("GET /projects", "project", &[], &p.dest_get("/projects", OWNER).await);
    each("GET /projects?simple=true", "basic_project", &[], &p.dest_get("/projects?simple=true", OWNER).await);
    let id = stats.body[0]["id"].as_u64().unwrap();
    one("GET /projects/:id", "project", &[], &p.dest_get(&format!("/projects/{id}"), OWNER).await);

    let imports = p.dest_get("/bulk_imports", OWNER).await;
    each("GET /bulk_imports", "bulk_import", &[], &imports);
    let import_id = imports.body[0]["id"].as_u64().unwrap();
    one("GET /bulk_imports/:id", "bulk_import", &[], &p.dest_get(&format!("/bulk_imports/{import_id}"), OWNER).await);
    each("GET /bulk_imports/entities", "bulk_import_entity", &[], &p.dest_get("/bulk_imports/entities", OWNER).await);
    each("GET /users?search=", "user_basic", &[], &p.dest_get("/users?search=da&active=true", OWNER).await);
    let by_email = p.dest_get("/users?search=dave%40example.com", OWNER).await;
    each("GET /users?search=<public email>", "user_basic", &[], &by_email);
    let entities = p.dest_get(&format!("/bulk_imports/{import_id}/entities"), OWNER).await;
    each("GET /bulk_imports/:id/entities", "bulk_import_entity", &[], &entities);
    let entity_id = entities.body[0]["id"].as_u64().unwrap();
    let entity = p.dest_get(&format!("/bulk_imports/{import_id}/entities/{entity_id}"), OWNER).await;
    one("GET /bulk_imports/:id/entities/:id", "bulk_import_entity", &[], &entity);
}

#[tokio::test]
async fn source_answers_carry_gitlabs_fields() {
    let p = start().await;
    one("source GET /version", "version", &[], &p.source_get("/version").await);
    one("source GET /user", "user", &[], &p.source_get("/user").await);
    each("source GET /groups", "group", &[], &p.source_get("/groups").await);
    each("source GET /groups/:id/subgroups", "group", &[], &p.source_get("/groups/1/subgroups").await);
    let acme = p.source_get("/groups/acme").await;
    one(
        "source GET /groups/acme",
        "group_detail",
        &["the caller can admin the group (owner)", "a top-level group"],
        &acme,
    );
    let projects = acme.body["projects"].as_array().cloned().unwrap_or_default();
    assert!(!projects.is_empty(), "acme holds seeded projects: {}", acme.body);
    for project in &projects {
        check("source GET /groups/acme projects[]", "project", &[], project);
    }
    let deep = p.source_get("/groups/1/projects?include_subgroups=true&statistics=true").await;
    each("source GET /groups/:id/projects", "project", &["statistics=true"], &deep);
    each("source GET /projects?simple=true", "basic_project", &[], &p.source_get("/projects?simple=true").await);
    each("source GET /projects", "project", &[], &p.source_get("/projects?search=acme").await);
    one("source GET /projects/:id", "project", &[], &p.source_get("/projects/3").await);
    let registries = "/projects/3/registry/repositories";
    each("source GET registry/repositories", "container_repository", &[], &p.source_get(registries).await);
    let counted = p.source_get(&format!("{registries}?tags_count=true&tags=true")).await;
    each(
        "source GET registry/repositories?tags_count&tags",
        "container_repository",
        &["tags_count=true", "tags=true"],
        &counted,
    );
    each("source GET /projects/:id/packages", "package", &[], &p.source_get("/projects/3/packages").await);

    // A project in a personal namespace carries its owner (UserBasic).
    p.http.post(format!("{}/-/sandbox/scale-source?projects=3", p.dest)).send().await.unwrap();
    let personal = p.source_get("/projects/olivia%2Fscratch-0").await;
    one(
        "source GET /projects/:personal",
        "project",
        &["a project in a personal namespace (project.group is nil)"],
        &personal,
    );
    assert_eq!(personal.body["namespace"]["kind"], "user");
}

/// `POST` with the owner's token and a JSON body.
async fn post(p: &support::Peer, path: &str, body: Value) -> Answer {
    let res = p
        .http
        .post(format!("{}/api/v4{path}", p.dest))
        .header("PRIVATE-TOKEN", OWNER)
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let text = res.text().await.unwrap();
    Answer { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
}

#[tokio::test]
async fn repository_answers_carry_gitlabs_fields() {
    let p = start().await;
    let created = post(&p, "/projects", serde_json::json!({"name": "Fields", "namespace_id": 100})).await;
    one("POST /projects", "project", &[], &created);
    let id = created.body["id"].as_u64().unwrap();
    let file = serde_json::json!({"branch": "main", "content": "{}", "commit_message": "Add plan"});
    let written = post(&p, &format!("/projects/{id}/repository/files/plan.json"), file).await;
    assert_eq!(written.status, 201, "{}", written.body);
    let got = p.dest_get(&format!("/projects/{id}/repository/files/plan.json?ref=main"), OWNER).await;
    one("GET /projects/:id/repository/files/:file_path", "repository_file", &[], &got);
    each(
        "GET /projects/:id/repository/commits",
        "commit",
        &[],
        &p.dest_get(&format!("/projects/{id}/repository/commits"), OWNER).await,
    );
    let update = |stats: bool, last: &str| {
        let content = format!("{{\"waves\": {}}}\n", u8::from(stats) + 1);
        serde_json::json!({"branch": "main", "commit_message": "Plan: a wave", "stats": stats, "actions": [
            {"action": "update", "file_path": "plan.json", "content": content, "last_commit_id": last}]})
    };
    let last = got.body["last_commit_id"].as_str().unwrap().to_string();
    let committed = post(&p, &format!("/projects/{id}/repository/commits"), update(false, &last)).await;
    assert_eq!(committed.status, 201, "{}", committed.body);
    one("POST /projects/:id/repository/commits", "commit_detail", &[], &committed);
    let last = committed.body["id"].as_str().unwrap().to_string();
    let with_stats = post(&p, &format!("/projects/{id}/repository/commits"), update(true, &last)).await;
    one("POST /projects/:id/repository/commits?stats", "commit_detail", &["stats"], &with_stats);
    let issue =
        post(&p, &format!("/projects/{id}/issues"), serde_json::json!({"title": "Wave 1", "description": "x"})).await;
    one("POST /projects/:id/issues", "issue", &[], &issue);
}
