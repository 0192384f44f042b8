//! A webhook as `WebHooks::Hook` keeps it and `API::Entities::{Hook,ProjectHook,GroupHook}` render it
//! (`lib/api/entities/{hook,project_hook,group_hook}.rb`, `lib/api/helpers/web_hooks_helpers.rb`,
//! `app/models/concerns/web_hooks/hook.rb`): the parameters a create or update reads, the URL checks, and
//! the answer, which never carries the token, a URL variable's value or a custom header's value.

use super::{boolean, text};
use crate::render::timestamp;
use crate::world::settings::Hook;
use crate::world::Kind;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The events every hook has (`Entities::Hook`).
const COMMON_EVENTS: [&str; 4] =
    ["push_events", "tag_push_events", "merge_requests_events", "repository_update_events"];

/// `Entities::ProjectHook`'s events.
const PROJECT_EVENTS: [&str; 15] = [
    "issues_events",
    "confidential_issues_events",
    "note_events",
    "confidential_note_events",
    "pipeline_events",
    "wiki_page_events",
    "deployment_events",
    "feature_flag_events",
    "job_events",
    "releases_events",
    "milestone_events",
    "emoji_events",
    "resource_access_token_events",
    "resource_deploy_token_events",
    "vulnerability_events",
];

/// `Entities::GroupHook`'s events (group webhooks: Premium; the sandbox reports an EE version).
const GROUP_EVENTS: [&str; 17] = [
    "issues_events",
    "confidential_issues_events",
    "note_events",
    "confidential_note_events",
    "pipeline_events",
    "wiki_page_events",
    "job_events",
    "deployment_events",
    "feature_flag_events",
    "releases_events",
    "milestone_events",
    "subgroup_events",
    "emoji_events",
    "resource_access_token_events",
    "member_events",
    "vulnerability_events",
    "project_events",
];

pub fn events(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = if kind == Kind::Group { &GROUP_EVENTS } else { &PROJECT_EVENTS };
    COMMON_EVENTS.iter().chain(own).copied().collect()
}

/// A new hook's defaults (`web_hooks` columns: `push_events` and `enable_ssl_verification` default to true).
pub fn new_hook(kind: Kind) -> Hook {
    Hook {
        id: 0,
        url: String::new(),
        name: None,
        description: None,
        created_ms: 0,
        events: events(kind).into_iter().map(|e| (e.to_string(), e == "push_events")).collect(),
        enable_ssl_verification: true,
        push_events_branch_filter: None,
        branch_filter_strategy: "wildcard".into(),
        custom_webhook_template: None,
        token: None,
        url_variables: BTreeMap::new(),
        custom_headers: BTreeMap::new(),
    }
}

/// The entity; `with_secret_keys: false` is the list's `with_url_variables: false, with_custom_headers: false`.
pub fn render(hook: &Hook, kind: Kind, owner_id: u64, with_secret_keys: bool) -> Value {
    let mut v = json!({
        "id": hook.id,
        "url": hook.url,
        "name": hook.name,
        "description": hook.description,
        "created_at": timestamp(hook.created_ms),
        "enable_ssl_verification": hook.enable_ssl_verification,
        "alert_status": "executable",
        "disabled_until": null,
        "push_events_branch_filter": hook.push_events_branch_filter,
        "branch_filter_strategy": hook.branch_filter_strategy,
        "custom_webhook_template": hook.custom_webhook_template,
    });
    let m = v.as_object_mut().expect("an object");
    for (name, on) in &hook.events {
        m.insert(name.clone(), Value::Bool(*on));
    }
    m.insert(if kind == Kind::Group { "group_id" } else { "project_id" }.into(), json!(owner_id));
    if with_secret_keys {
        let only_keys = |map: &BTreeMap<String, String>| map.keys().map(|k| json!({ "key": k })).collect::<Vec<_>>();
        m.insert("url_variables".into(), Value::Array(only_keys(&hook.url_variables)));
        m.insert("custom_headers".into(), Value::Array(only_keys(&hook.custom_headers)));
    }
    v
}

/// `[{key, value}]` as Grape reads it (each entry needs both); `Err` is Grape's message.
fn pairs(p: &Map<String, Value>, name: &str) -> Result<Option<BTreeMap<String, String>>, String> {
    let Some(list) = p.get(name).filter(|v| !v.is_null()) else { return Ok(None) };
    let Some(list) = list.as_array() else { return Err(format!("{name} is invalid")) };
    let mut out = BTreeMap::new();
    for item in list {
        match (item.get("key").and_then(text), item.get("value").and_then(text)) {
            (Some(k), Some(v)) => {
                out.insert(k, v);
            }
            (None, _) => return Err(format!("{name}[key] is missing")),
            (_, None) => return Err(format!("{name}[value] is missing")),
        }
    }
    Ok(Some(out))
}

/// Reads a create's or update's parameters into `hook` (an update merges URL variables and headers into
/// the stored ones); `Ok(false)` when nothing was given. `Err` is Grape's 400 text.
pub fn apply(hook: &mut Hook, kind: Kind, p: &Map<String, Value>) -> Result<bool, String> {
    let mut errors = Vec::new();
    let mut given = false;
    let before_url = hook.url.clone();
    let before_resolved = resolved(hook);
    let mut token_given = false;
    for name in ["url", "name", "description", "token", "push_events_branch_filter", "custom_webhook_template"] {
        let Some(x) = p.get(name) else { continue };
        let value = text(x);
        given = true;
        match name {
            "url" => hook.url = value.unwrap_or_default(),
            "name" => hook.name = value,
            "description" => hook.description = value,
            "token" => {
                token_given = true;
                hook.token = value.filter(|t| !t.is_empty());
            }
            "push_events_branch_filter" => hook.push_events_branch_filter = value,
            _ => hook.custom_webhook_template = value,
        }
    }
    if let Some(x) = p.get("branch_filter_strategy") {
        given = true;
        match text(x).filter(|s| ["wildcard", "regex", "all_branches"].contains(&s.as_str())) {
            Some(s) => hook.branch_filter_strategy = s,
            None => errors.push("branch_filter_strategy does not have a valid value".to_string()),
        }
    }
    let mut flags: Vec<&str> = events(kind);
    flags.push("enable_ssl_verification");
    for name in flags {
        let Some(x) = p.get(name) else { continue };
        given = true;
        match boolean(x) {
            Ok(b) if name == "enable_ssl_verification" => hook.enable_ssl_verification = b,
            Ok(b) => {
                hook.events.insert(name.to_string(), b);
            }
            Err(()) => errors.push(format!("{name} is invalid")),
        }
    }
    let mut headers_given = false;
    for name in ["url_variables", "custom_headers"] {
        match pairs(p, name) {
            Ok(Some(map)) if !map.is_empty() => {
                given = true;
                let slot = if name == "url_variables" { &mut hook.url_variables } else { &mut hook.custom_headers };
                slot.extend(map);
                headers_given |= name == "custom_headers";
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join(", "));
    }
    // `WebHooks::Hook`: a new URL clears the token, a new resolved URL the custom headers.
    if hook.url != before_url && !token_given && hook.id != 0 {
        hook.token = None;
    }
    if resolved(hook) != before_resolved && !headers_given && hook.id != 0 {
        hook.custom_headers.clear();
    }
    Ok(given)
}

/// The URL with its `{variable}`s filled in, `None` when one has no value.
pub fn resolved(hook: &Hook) -> Option<String> {
    let mut out = String::new();
    let mut rest = hook.url.as_str();
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}')? + start;
        out.push_str(&rest[..start]);
        out.push_str(hook.url_variables.get(&rest[start + 1..end])?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The sandbox's rule for "Requests to the local network are not allowed": loopback, `localhost`,
/// `0.0.0.0`, 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (GitLab also resolves names; the sandbox does not).
fn local(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") || host == "::1" || host == "0.0.0.0" {
        return true;
    }
    let octets: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    match octets.as_slice() {
        [127, ..] | [10, ..] | [192, 168, ..] => octets.len() == 4,
        [172, b, ..] => octets.len() == 4 && (16..=31).contains(b),
        _ => false,
    }
}

/// The hook's URL is valid: http(s), a host, every variable filled, not on the local network unless allowed.
pub fn url_ok(hook: &Hook, allow_local: bool) -> bool {
    let Some(url) = resolved(hook) else { return false };
    let Some((scheme, rest)) = url.split_once("://") else { return false };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or("").to_string()
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return false;
    }
    allow_local || !local(&host)
}

/// `validate :push_events_branch_filter`: a regex strategy needs a pattern that compiles.
pub fn branch_filter_ok(hook: &Hook) -> bool {
    match (&hook.push_events_branch_filter, hook.branch_filter_strategy.as_str()) {
        (Some(f), "regex") => regex_lite::Regex::new(f).is_ok(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_new_url_clears_the_token_and_a_new_resolved_url_the_headers() {
        let mut h = new_hook(Kind::Project);
        h.id = 1;
        h.url = "https://a.example.com/{p}".into();
        h.token = Some("t".into());
        h.url_variables.insert("p".into(), "x".into());
        h.custom_headers.insert("X-A".into(), "v".into());
        assert_eq!(apply(&mut h, Kind::Project, &params(json!({"name": "n"}))), Ok(true));
        assert_eq!((h.token.as_deref(), h.custom_headers.len()), (Some("t"), 1), "same URL keeps both");
        assert_eq!(apply(&mut h, Kind::Project, &params(json!({}))), Ok(false), "nothing given");
        let url = json!({"url_variables": [{"key": "p", "value": "y"}]});
        assert_eq!(apply(&mut h, Kind::Project, &params(url)), Ok(true));
        assert_eq!((h.token.as_deref(), h.custom_headers.len()), (Some("t"), 0), "resolved URL changed");
        h.custom_headers.insert("X-A".into(), "v".into());
        assert_eq!(apply(&mut h, Kind::Project, &params(json!({"url": "https://b.example.com/{p}"}))), Ok(true));
        assert_eq!((h.token.clone(), h.custom_headers.len()), (None, 0), "a new URL clears the token");
        assert_eq!(resolved(&h).as_deref(), Some("https://b.example.com/y"));
    }

    #[test]
    fn urls_the_sandbox_refuses() {
        let check = |url: &str, allow: bool| {
            let mut h = new_hook(Kind::Group);
            h.url = url.into();
            url_ok(&h, allow)
        };
        assert!(check("https://example.com/x", false) && check("http://user:pw@host.example:8080/", false));
        for bad in ["http://127.0.0.1/", "http://LOCALHOST/", "http://172.20.1.1/", "http://[::1]/", "ftp://e.com", "x"]
        {
            assert!(!check(bad, false), "{bad}");
        }
        assert!(check("http://127.0.0.1:9/", true) && check("http://172.32.0.1/", false));
    }
}
