//! Hostile mode for "Complete the move" (`POST /-/sandbox/hostile`): the seeded migration's settings carry the
//! corpus in GitLab's free-text fields on both instances, keep GitLab's rules for keys, scopes, URL-variable
//! keys and header names, and no answer carries a secret GitLab never returns.

use crate::settings_common as common;
use crate::support;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{OWNER, SOURCE};

/// `Ci::HasVariable`'s key rule.
fn key_ok(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Gitlab::Regex.environment_scope_regex`: letters, digits, `-_/${}.*` and spaces.
fn scope_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_/${}.* ".contains(c))
}

/// `web_hooks_url_variables.json` (`^[A-Za-z_][A-Za-z0-9_]*$`) and `web_hooks_custom_headers.json`
/// (`^[A-Za-z]+[0-9]*(?:[._-][A-Za-z0-9]+)*$`, approximated: a letter first, then letters, digits, `._-`).
fn url_variable_ok(k: &str) -> bool {
    k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && key_ok(k)
}
fn header_ok(k: &str) -> bool {
    k.starts_with(|c: char| c.is_ascii_alphabetic())
        && !k.ends_with(['.', '_', '-'])
        && k.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn texts<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    list.as_array().map(|a| a.iter().filter_map(|v| v[field].as_str()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn hostile_settings_carry_the_corpus_within_gitlabs_rules_and_no_secret() {
    let c = Client::new().await;
    let seeded: Value =
        c.p.http.post(format!("{}/-/sandbox/hostile", c.p.dest)).send().await.unwrap().json().await.unwrap();
    let corpus: Vec<String> = serde_json::from_value(seeded["strings"].clone()).unwrap();
    let complete = &seeded["complete"];
    let import = complete["import"].as_u64().unwrap();
    let entities = c.dest(Method::GET, &format!("/bulk_imports/{import}/entities"), OWNER, None).await;
    let moved: Vec<(&str, &str, &str)> = entities
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |f: &str| e[f].as_str().unwrap_or("");
            (s("source_full_path"), s("destination_full_path"), s("status"))
        })
        .collect();
    assert_eq!(
        moved,
        [
            ("hostile-move", "migrated/hostile-move", "finished"),
            ("hostile-move/app", "migrated/hostile-move/app", "finished")
        ]
    );

    let mut free_text: Vec<String> = Vec::new();
    for (source, path) in [
        (true, "hostile-move"),
        (true, "hostile-move/app"),
        (false, "migrated/hostile-move"),
        (false, "migrated/hostile-move/app"),
    ] {
        let token = if source { SOURCE } else { OWNER };
        let kind = if path.ends_with("/app") { "projects" } else { "groups" };
        let base = format!("/{kind}/{}", path.replace('/', "%2F"));
        let client = &c;
        let get = |list: &str| {
            let path = format!("{base}/{list}");
            async move { client.call(source, Method::GET, &path, token, None).await }
        };
        let vars = get("variables").await;
        assert_eq!(vars.status, StatusCode::OK, "{path}: {}", vars.body);
        for v in vars.body.as_array().unwrap() {
            assert!(key_ok(v["key"].as_str().unwrap()), "{path}: key {}", v["key"]);
            assert!(scope_ok(v["environment_scope"].as_str().unwrap()), "{path}: scope {}", v["environment_scope"]);
        }
        for f in ["description", "environment_scope"] {
            free_text.extend(texts(&vars.body, f).into_iter().map(str::to_string));
        }
        let hooks = get("hooks").await;
        for id in hooks.body.as_array().unwrap().iter().filter_map(|h| h["id"].as_u64()) {
            let one = c.call(source, Method::GET, &format!("{base}/hooks/{id}"), token, None).await.body;
            assert!(texts(&one["url_variables"], "key").iter().all(|k| url_variable_ok(k)), "{path}: {one}");
            assert!(texts(&one["custom_headers"], "key").iter().all(|k| header_ok(k)), "{path}: {one}");
            for f in ["name", "description", "url"] {
                free_text.extend(one[f].as_str().map(str::to_string));
            }
        }
        if kind == "projects" {
            free_text.extend(texts(&get("deploy_keys").await.body, "title").into_iter().map(str::to_string));
            free_text
                .extend(texts(&get("pipeline_schedules").await.body, "description").into_iter().map(str::to_string));
        }
        if source && kind == "projects" {
            free_text.extend(texts(&get("deploy_tokens").await.body, "name").into_iter().map(str::to_string));
            free_text.extend(texts(&get("triggers").await.body, "description").into_iter().map(str::to_string));
        }
    }
    // The corpus in at least a dozen free-text fields, on both instances; every shown string was served.
    let hostile = free_text.iter().filter(|t| corpus.contains(t)).count();
    assert!(hostile >= 12, "{hostile} corpus strings in {free_text:?}");
    for s in complete["shown"].as_array().unwrap().iter().filter_map(Value::as_str) {
        assert!(free_text.iter().any(|t| t.contains(s)), "{s:?} is served");
    }
    // GitLab never returns a hidden value, a hook token, URL-variable or header values, a deploy token.
    let never: Vec<&str> = complete["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| {
            ["Hsec1002", "Hsec1008", "Hsec1009", "Hsec1010", "Hsec1011", "Hsec1014"].iter().any(|m| s.contains(m))
        })
        .collect();
    assert_eq!(never.len(), 6);
    c.assert_no_secret(&never);
}
