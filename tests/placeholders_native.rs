//! Placeholder reassignment logic: GitLab's transitions as offered actions, groups, URL state, avatars.

use migration_console::logic::placeholders::*;

#[test]
fn each_status_offers_exactly_gitlabs_transitions() {
    use Action::*;
    use SourceStatus::*;
    assert_eq!(actions(Pending), &[Reassign, Keep]);
    assert_eq!(actions(Awaiting), &[Cancel, Resend]);
    assert_eq!(actions(Rejected), &[Reassign, Keep, Cancel]);
    assert_eq!(actions(Failed), &[Retry]);
    assert_eq!(actions(Kept), &[UndoKeep]);
    assert!(actions(InProgress).is_empty() && actions(Completed).is_empty() && actions(Unknown).is_empty());
    for s in KEEP_ALL_FROM {
        assert!(actions(s).contains(&Keep));
    }
}

#[test]
fn statuses_round_trip_and_unknown_ones_allow_nothing() {
    for s in ALL {
        assert_eq!(SourceStatus::parse(s.as_api()), s);
        assert_eq!(SourceStatus::from_slug(s.slug()), Some(s));
    }
    assert_eq!(SourceStatus::parse("REVOKED"), SourceStatus::Unknown);
    assert!(SourceStatus::Awaiting.is_moving() && SourceStatus::InProgress.is_moving());
    assert!(!SourceStatus::Pending.is_moving());
}

#[test]
fn the_groups_cover_every_status_once() {
    for s in ALL {
        assert_eq!(GROUPS.iter().filter(|g| g.statuses().contains(&s)).count(), 1, "{s:?}");
    }
}

#[test]
fn the_view_round_trips_through_the_url_and_ignores_junk() {
    let v = ContribView {
        group: "migrated".into(),
        status: Some(SourceStatus::Rejected),
        search: "a&b c".into(),
        sort: "STATUS_DESC",
        after: Some("cursor:20".into()),
    };
    let q = v.to_query();
    assert_eq!(q, "?group=migrated&status=rejected&search=a%26b%20c&sort=STATUS_DESC&after=cursor%3A20");
    let decoded = |k: &str| match k {
        "group" => Some("migrated".to_string()),
        "status" => Some("rejected".to_string()),
        "search" => Some("a&b c".to_string()),
        "sort" => Some("status_desc".to_string()),
        "after" => Some("cursor:20".to_string()),
        _ => None,
    };
    assert_eq!(ContribView::parse(decoded), v);
    let junk = ContribView::parse(|k| (k == "status" || k == "sort").then(|| "<script>".to_string()));
    assert_eq!((junk.status, junk.sort), (None, "SOURCE_NAME_ASC"));
}

#[test]
fn only_http_avatars_are_shown() {
    assert_eq!(safe_avatar(Some("https://x.example/a.png")).as_deref(), Some("https://x.example/a.png"));
    assert_eq!(safe_avatar(Some("HTTP://x.example/a.png")).as_deref(), Some("HTTP://x.example/a.png"));
    for bad in ["javascript:__canary('a')", " JaVaScRiPt:x", "data:image/png;base64,xx", "//evil.example/a.png", ""] {
        assert_eq!(safe_avatar(Some(bad)), None, "{bad}");
    }
    assert_eq!(top_level("migrated/acme/x"), "migrated");
}

#[test]
fn gitlabs_graphql_answers_become_one_sentence_each() {
    use migration_console::api::graphql::decode_page;
    use migration_console::api::ApiError;
    use migration_console::data::contributions::{unavailable, Unavailable};
    use serde_json::json;
    // GitLab before 17.x: the field is unknown to its schema.
    let old = json!({"errors": [{"message": "Field 'importSourceUsers' doesn't exist on type 'Namespace'"}]});
    let e = decode_page(&old).expect_err("an old server has no list");
    assert_eq!(unavailable(&e), Some(Unavailable::OldServer));
    // Not an owner: `null` for the field, with GitLab's resource-access sentence.
    let not_owner = json!({
        "data": {"namespace": {"id": "gid://gitlab/Group/100", "importSourceUsers": null}},
        "errors": [{"message": "The resource that you are attempting to access does not exist or you don't have permission to perform this action"}]
    });
    let e = decode_page(&not_owner).expect_err("a non-owner has no list");
    assert_eq!(unavailable(&e), Some(Unavailable::NotOwner));
    // No such group: `null` namespace, no error.
    let e = decode_page(&json!({"data": {"namespace": null}})).expect_err("no group");
    assert_eq!(unavailable(&e), Some(Unavailable::NoGroup));
    // Anything else stays an error the page words as usual (not hidden as "old server").
    let other = json!({"errors": [{"message": "Internal server error"}]});
    let e = decode_page(&other).expect_err("an error");
    assert_eq!(unavailable(&e), None);
    assert!(matches!(e, ApiError::UnexpectedStatus { status: 200, .. }));
    // A page: nodes, count, cursor.
    let page = decode_page(&json!({"data": {"namespace": {"id": "gid://gitlab/Group/100", "importSourceUsers": {
        "count": 41,
        "nodes": [{"id": "gid://gitlab/Import::SourceUser/1", "status": "PENDING_REASSIGNMENT", "sourceHostname": "https://src.example", "sourceUserIdentifier": "7", "sourceName": "Ada", "sourceUsername": "ada"}],
        "pageInfo": {"hasNextPage": true, "endCursor": "abc"}
    }}}}))
    .expect("a page");
    assert_eq!((page.nodes.len(), page.count, page.has_next_page), (1, Some(41), true));
    assert_eq!(page.end_cursor.as_deref(), Some("abc"));
    assert_eq!(page.namespace_id.as_deref(), Some("gid://gitlab/Group/100"));
}
