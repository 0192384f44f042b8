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
    // A page: nodes and cursor (GitLab sends no count).
    let page = decode_page(&json!({"data": {"namespace": {"id": "gid://gitlab/Group/100", "importSourceUsers": {
        "nodes": [{"id": "gid://gitlab/Import::SourceUser/1", "status": "PENDING_REASSIGNMENT", "sourceHostname": "https://src.example", "sourceUserIdentifier": "7", "sourceName": "Ada", "sourceUsername": "ada"}],
        "pageInfo": {"hasNextPage": true, "endCursor": "abc"}
    }}}}))
    .expect("a page");
    assert_eq!((page.nodes.len(), page.has_next_page), (1, true));
    assert_eq!(page.end_cursor.as_deref(), Some("abc"));
    assert_eq!(page.namespace_id.as_deref(), Some("gid://gitlab/Group/100"));
}

#[test]
fn counts_grow_page_by_page_and_are_known_only_when_their_chain_ends() {
    use SourceStatus::*;
    let mut t = Tally::default();
    assert_eq!(t.group(Group::NeedsDecision), Count::Counting(0));
    assert_eq!(t.total(), Count::Counting(0));
    // 100 pending, then 40 rejected and 2 failed: the needs chain's pages.
    t.add_page(Group::NeedsDecision, std::iter::repeat_n("PENDING_REASSIGNMENT", 100));
    assert_eq!(t.group(Group::NeedsDecision), Count::Counting(100));
    t.add_page(Group::NeedsDecision, std::iter::repeat_n("REJECTED", 40).chain(["FAILED", "FAILED"]));
    assert_eq!(t.keep_all(), Count::Counting(140), "keep all has no number until its chain ends");
    t.end_chain(Group::NeedsDecision, ChainState::Done);
    assert_eq!(t.group(Group::NeedsDecision), Count::Known(142));
    assert_eq!(t.keep_all(), Count::Known(140));
    assert_eq!(t.status(Failed), Count::Known(2));
    assert_eq!(t.total(), Count::Counting(142), "the total waits for every chain");
    t.add_page(Group::Waiting, ["AWAITING_APPROVAL", "REVOKED"]);
    t.end_chain(Group::Waiting, ChainState::Done);
    assert_eq!(t.group(Group::Waiting), Count::Known(2), "an unknown status still counts in its chain");
    assert_eq!(t.status(Awaiting), Count::Known(1));
    t.end_chain(Group::Done, ChainState::Failed);
    assert_eq!(t.group(Group::Done), Count::Unknown);
    assert_eq!(t.total(), Count::Unknown);
    t.end_chain(Group::Done, ChainState::Done);
    assert_eq!(t.total(), Count::Known(144));
    // What a view's total line can say: a status filter or nothing, never a search.
    let mut v = ContribView { group: "g".into(), ..ContribView::default() };
    assert_eq!(t.matching(&v), Some(Count::Known(144)));
    v.status = Some(Rejected);
    assert_eq!(t.matching(&v), Some(Count::Known(40)));
    v.search = "ada".into();
    assert_eq!(t.matching(&v), None);
    assert_eq!(Count::Known(1).plus(Count::Counting(2)), Count::Counting(3));
}
