use super::requests::{outcome, writable, write_for, CopyTally, Entered, Outcome};
use super::*;
use serde_json::json;

fn read(kind: SettingKind, v: Value) -> Setting {
    match v {
        Value::Object(m) => Setting::read(kind, m).expect("readable"),
        _ => panic!("an object"),
    }
}

fn var(key: &str, value: Option<&str>, scope: &str, hidden: bool) -> Setting {
    read(
        SettingKind::Variable,
        json!({"variable_type": "env_var", "key": key, "value": value, "hidden": hidden, "protected": false,
               "masked": hidden, "raw": false, "environment_scope": scope, "description": null}),
    )
}

#[test]
fn variables_pair_by_key_and_scope_with_what_needs_doing_first() {
    let source = vec![
        var("SAME", Some("1"), "*", false),
        var("URL", Some("https://a"), "production", false),
        var("URL", Some("https://b"), "staging", false),
        var("SECRET", None, "*", true),
    ];
    let destination = vec![var("SAME", Some("1"), "*", false), var("URL", Some("https://old"), "production", false)];
    let mut extra = var("ONLY_HERE", Some("x"), "*", false);
    extra.label = "ONLY_HERE".into();
    let mut destination = destination;
    destination.push(extra);
    let items = compare(SettingKind::Variable, &source, &destination);
    let got: Vec<(&str, &str)> = items.iter().map(|i| (i.label(), i.verdict.key())).collect();
    assert_eq!(
        got,
        vec![
            ("SECRET", "needs-person"),
            ("URL (staging)", "missing"),
            ("URL (production)", "differs"),
            ("SAME", "same"),
            ("ONLY_HERE", "destination-only"),
        ]
    );
    assert_eq!(items[2].verdict, Verdict::Differs(vec!["value".into()]));
    let t = Tally::of(&items);
    assert_eq!((t.needs_person, t.missing, t.differs, t.same, t.destination_only), (1, 1, 1, 1, 1));
}

#[test]
fn a_hidden_value_is_never_compared() {
    let items = compare(SettingKind::Variable, &[var("S", None, "*", true)], &[var("S", Some("other"), "*", true)]);
    assert_eq!(items[0].verdict, Verdict::Same);
}

#[test]
fn a_hidden_variable_is_created_only_with_the_value_a_person_entered() {
    let items = compare(SettingKind::Variable, &[var("S", None, "*", true)], &[]);
    assert!(write_for(&items[0], &Entered::new()).is_none());
    let entered = Entered::from([(Secret::HiddenValue, "typed-Secret-123".to_string())]);
    let w = write_for(&items[0], &entered).expect("a write");
    assert_eq!((w.put, w.path.as_str()), (false, "/variables"));
    assert_eq!(w.body["value"], "typed-Secret-123");
    assert_eq!(w.body["masked_and_hidden"], true);
    assert_eq!(w.body["masked"], true);
    assert_eq!(w.secrets, vec!["typed-Secret-123".to_string()]);
}

#[test]
fn a_visible_variable_keeps_every_attribute_and_sends_masked_and_hidden_only_when_true() {
    let mut s = var("KUBECONFIG", Some("apiVersion: v1"), "staging", false);
    s.raw.insert("variable_type".into(), json!("file"));
    s.raw.insert("protected".into(), json!(true));
    s.raw.insert("description".into(), json!("cluster"));
    let items = compare(SettingKind::Variable, &[s], &[]);
    let w = write_for(&items[0], &Entered::new()).expect("a write");
    let b = &w.body;
    assert_eq!(
        (&b["key"], &b["variable_type"], &b["protected"], &b["environment_scope"], &b["description"], &b["raw"]),
        (&json!("KUBECONFIG"), &json!("file"), &json!(true), &json!("staging"), &json!("cluster"), &json!(false))
    );
    assert!(b.get("masked_and_hidden").is_none());
    // The value never goes into the path: only the body.
    assert!(!w.path.contains("apiVersion"));
}

#[test]
fn an_overwrite_addresses_the_scope_and_leaves_a_hidden_destination_s_visibility() {
    let items = compare(
        SettingKind::Variable,
        &[var("URL", Some("https://new"), "production", false)],
        &[var("URL", Some("https://old"), "production", false)],
    );
    let w = write_for(&items[0], &Entered::new()).expect("a write");
    assert!(w.put);
    assert_eq!(w.path, "/variables/URL?filter%5Benvironment_scope%5D=production");
    assert_eq!(w.body["value"], "https://new");
    assert!(w.body.get("masked_and_hidden").is_none());
}

fn hook(token_present: Option<bool>, vars: &[&str], headers: &[&str]) -> Setting {
    let keys = |k: &[&str]| k.iter().map(|k| json!({"key": k})).collect::<Vec<_>>();
    let mut v = json!({"id": 7, "url": "https://ci.example.com/{project}", "name": "CI", "push_events": true,
        "merge_requests_events": false, "enable_ssl_verification": true, "push_events_branch_filter": "main",
        "branch_filter_strategy": "wildcard", "created_at": "2026-01-01T00:00:00Z",
        "url_variables": keys(vars), "custom_headers": keys(headers)});
    if let Some(t) = token_present {
        v["token_present"] = json!(t);
    }
    read(SettingKind::Hook, v)
}

#[test]
fn a_webhook_needs_a_person_for_url_variables_and_headers_and_its_token_is_optional() {
    let items = compare(SettingKind::Hook, &[hook(None, &["project"], &["X-Auth"])], &[]);
    assert_eq!(items[0].verdict, Verdict::NeedsPerson);
    assert!(write_for(&items[0], &Entered::new()).is_none());
    let entered = Entered::from([
        (Secret::UrlVariable("project".into()), "api".to_string()),
        (Secret::CustomHeader("X-Auth".into()), "header-Secret".to_string()),
        (Secret::HookToken, "tok-Secret".to_string()),
    ]);
    let w = write_for(&items[0], &entered).expect("a write");
    assert_eq!(w.body["url_variables"], json!([{"key": "project", "value": "api"}]));
    assert_eq!(w.body["custom_headers"], json!([{"key": "X-Auth", "value": "header-Secret"}]));
    assert_eq!(w.body["token"], "tok-Secret");
    assert_eq!(w.body["push_events_branch_filter"], "main");
    assert!(w.body.get("id").is_none() && w.body.get("created_at").is_none());
    // Without URL variables or headers a hook is created at once; its token stays for a person.
    let items = compare(SettingKind::Hook, &[hook(Some(true), &[], &[])], &[]);
    assert_eq!(items[0].verdict, Verdict::Missing);
    assert!(write_for(&items[0], &Entered::new()).is_some_and(|w| w.body.get("token").is_none()));
}

#[test]
fn a_webhook_overwrite_keeps_its_url_so_gitlab_keeps_its_token() {
    let mut dest = hook(None, &[], &[]);
    dest.raw.insert("merge_requests_events".into(), json!(true));
    let dest = read(SettingKind::Hook, Value::Object(dest.raw));
    let items = compare(SettingKind::Hook, &[hook(None, &[], &[])], &[dest]);
    assert_eq!(items[0].verdict, Verdict::Differs(vec!["merge_requests_events".into()]));
    let w = write_for(&items[0], &Entered::new()).expect("a write");
    assert_eq!((w.put, w.path.as_str()), (true, "/hooks/7"));
    assert!(w.body.get("url").is_none());
}

#[test]
fn deploy_keys_match_by_public_key_whatever_their_comment() {
    let key = |comment: &str, push: bool| {
        read(
            SettingKind::DeployKey,
            json!({"id": 3, "title": "Deploy", "key": format!("ssh-ed25519 AAAAC3Nz {comment}"), "can_push": push}),
        )
    };
    let items = compare(SettingKind::DeployKey, &[key("a@b", false)], &[key("c@d", true)]);
    assert_eq!(items[0].verdict, Verdict::Differs(vec!["can_push".into()]));
    let w = write_for(&items[0], &Entered::new()).expect("a write");
    assert_eq!((w.path.as_str(), &w.body["can_push"]), ("/deploy_keys/3", &json!(false)));
}

#[test]
fn already_taken_is_the_item_existing_but_a_scoped_group_variable_collides() {
    let items = compare(SettingKind::Variable, &[var("K", Some("v"), "staging", false)], &[]);
    let w = write_for(&items[0], &Entered::new()).expect("a write");
    let taken = Err("(K) has already been taken");
    assert_eq!(outcome(&items[0], false, &w, taken), Outcome::Exists);
    assert_eq!(outcome(&items[0], true, &w, taken), Outcome::Collision);
    let dropped = json!({"key": "K", "environment_scope": "*"});
    let dropped = dropped.as_object().expect("object");
    assert_eq!(outcome(&items[0], true, &w, Ok(dropped)), Outcome::ScopeDropped);
    assert_eq!(outcome(&items[0], false, &w, Ok(dropped)), Outcome::Created);
    assert_eq!(outcome(&items[0], false, &w, Err("Invalid url given")), Outcome::Failed("Invalid url given".into()));
}

#[test]
fn items_without_what_identifies_them_are_left_out() {
    assert!(Setting::read(SettingKind::Variable, Map::new()).is_none());
    let m = json!({"url": 5}).as_object().cloned().expect("object");
    assert!(Setting::read(SettingKind::Hook, m).is_none());
    let m = json!({"key": "   "}).as_object().cloned().expect("object");
    assert!(Setting::read(SettingKind::DeployKey, m).is_none());
}

#[test]
fn the_report_counts_what_was_written_what_waits_for_a_person_and_what_was_the_same() {
    let items = compare(
        SettingKind::Variable,
        &[var("A", Some("1"), "*", false), var("B", None, "*", true), var("C", Some("3"), "*", false)],
        &[var("C", Some("3"), "*", false)],
    );
    let (created, failed) = (Outcome::Created, Outcome::Failed("no".into()));
    let counts = after_copy_counts(items.iter().map(|i| (i, (i.label() == "A").then_some(&created))));
    assert_eq!(counts[&SettingKind::Variable], (1, 1, 1));
    assert_eq!(counts[&SettingKind::Hook], (0, 0, 0));
    let failed = after_copy_counts(items.iter().map(|i| (i, (i.label() == "A").then_some(&failed))));
    assert_eq!(failed[&SettingKind::Variable], (0, 1, 1));
}

#[test]
fn writable_says_what_write_for_makes_without_building_it() {
    let vars = compare(
        SettingKind::Variable,
        &[
            var("A", Some("1"), "*", false),
            var("B", None, "*", true),
            var("C", Some("3"), "*", false),
            var("D", Some("x"), "*", false),
        ],
        &[var("C", Some("3"), "*", false), var("D", Some("y"), "*", false), var("E", Some("e"), "*", false)],
    );
    let hooks = compare(SettingKind::Hook, &[hook(None, &["v"], &[]), hook(Some(true), &[], &[])], &[]);
    for item in vars.iter().chain(&hooks) {
        assert_eq!(writable(item), write_for(item, &Entered::new()).is_some(), "{item:?}");
    }
}

#[test]
fn a_stopped_copy_counts_every_chosen_write_once() {
    let mut t = CopyTally { chosen: 10, ..CopyTally::default() };
    for o in [Outcome::Created, Outcome::Exists, Outcome::ScopeDropped, Outcome::Updated] {
        t.add(&o);
    }
    t.add(&Outcome::Collision);
    t.add(&Outcome::Failed("403".into()));
    assert_eq!((t.written, t.failed, t.not_sent()), (4, 2, 4));
    assert_eq!(t.written + t.failed + t.not_sent(), t.chosen);
}
