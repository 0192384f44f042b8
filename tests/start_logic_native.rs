//! Native tests of the start form's logic: the pre-flight verdicts and the lost-create decision.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{Entity, EntityType, Version};
use migration_console::logic::draft::DraftRow;
use migration_console::logic::lost_create::*;
use migration_console::logic::preflight::Answer::{CannotTell, No, Yes};
use migration_console::logic::preflight::CheckKind::*;
use migration_console::logic::preflight::Verdict::{Fail, Pass, Warn};
use migration_console::logic::preflight::*;
use std::collections::HashMap;

use EntityType::{Group, Project};

fn row(key: u64, kind: EntityType, source: &str, namespace: &str, slug: &str) -> DraftRow {
    let mut r = DraftRow::new(key, kind, source, namespace);
    r.destination_slug = slug.to_string();
    r
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn source(v: &str, scopes: Option<&[&str]>, exports: &[(&str, Answer)]) -> Option<SourceFacts> {
    let version = Version { version: v.to_string(), revision: None, enterprise: None };
    let exports = exports.iter().map(|(p, a)| ExportAnswer { source_full_path: p.to_string(), may_export: *a });
    Some(SourceFacts { version, scopes: scopes.map(strings), exports: exports.collect() })
}

/// A group and a project into `migrated`, everything in order: every check passes.
fn good() -> PreflightFacts {
    PreflightFacts {
        rows: vec![row(1, Group, "acme", "migrated", "acme"), row(2, Project, "acme/web", "migrated", "web")],
        source: source("17.5.1-ee", Some(&["api"]), &[("acme", Yes), ("acme/web", Yes)]),
        destination_version: Some((17, 6)),
        destination_enabled: Yes,
        can_create_group: false,
        destination_groups: strings(&["migrated", "other"]),
        collisions: HashMap::from([("migrated/acme".into(), false), ("migrated/web".into(), false)]),
    }
}

fn find(checks: &[Check], kind: CheckKind) -> &Check {
    checks.iter().find(|c| c.kind == kind).unwrap_or_else(|| panic!("no {kind:?} check in {checks:?}"))
}

fn verdict(facts: &PreflightFacts, kind: CheckKind) -> Verdict {
    find(&run(facts), kind).verdict
}

/// The verdict and what is shown after it.
fn judged(facts: &PreflightFacts, kind: CheckKind) -> (Verdict, Detail) {
    let c = find(&run(facts), kind).clone();
    (c.verdict, c.detail)
}

#[test]
fn a_form_in_order_passes_every_check_in_the_order_shown() {
    let checks = run(&good());
    let kinds: Vec<CheckKind> = checks.iter().map(|c| c.kind).collect();
    let order = [
        FormValid,
        SourceVersion,
        ProjectsSupported,
        SourceTokenScope,
        DestinationEnabled,
        SourceEnabled,
        DestinationPermission,
        NoCollision,
    ];
    assert_eq!(kinds, order);
    assert!(checks.iter().all(|c| c.verdict == Pass), "{checks:?}");
    assert!(!blocking(&checks));
    assert_eq!(find(&checks, SourceVersion).detail, Detail::Version("17.5.1-ee".into()));
    assert_eq!(find(&checks, SourceTokenScope).detail, Detail::Scopes(strings(&["api"])));
}

#[test]
fn the_projects_check_appears_only_with_a_project_row() {
    let mut facts = good();
    facts.rows.retain(|r| r.kind == Group);
    assert!(run(&facts).iter().all(|c| c.kind != ProjectsSupported));
}

#[test]
fn a_source_older_than_14_fails_and_an_unreadable_version_only_warns() {
    let mut facts = good();
    facts.source = source("13.12.3", Some(&["api"]), &[]);
    // The version is shown.
    assert_eq!(judged(&facts, SourceVersion), (Fail, Detail::Version("13.12.3".into())));
    assert!(blocking(&run(&facts)));
    facts.source = source("14.0.0", Some(&["api"]), &[]);
    assert_eq!(verdict(&facts, SourceVersion), Pass, "14.0 is enough for groups");
    facts.source = source("nightly", Some(&["api"]), &[]);
    assert_eq!(judged(&facts, SourceVersion), (Warn, Detail::Version("nightly".into())));
}

#[test]
fn projects_need_a_14_4_source_and_a_15_11_destination() {
    let mut facts = good();
    facts.source = source("14.3.0", Some(&["api"]), &[]);
    assert_eq!(verdict(&facts, ProjectsSupported), Fail, "source too old");
    facts.source = source("14.4.0", Some(&["api"]), &[]);
    assert_eq!(verdict(&facts, ProjectsSupported), Pass);
    facts.destination_version = Some((15, 10));
    assert_eq!(verdict(&facts, ProjectsSupported), Fail, "destination too old");
    facts.destination_version = Some((15, 11));
    assert_eq!(verdict(&facts, ProjectsSupported), Pass);
    facts.destination_version = None;
    // Unknown destination version: cannot tell.
    assert_eq!(verdict(&facts, ProjectsSupported), Warn);
}

#[test]
fn a_read_api_token_fails_the_scope_check_and_an_old_source_cannot_tell() {
    let mut facts = good();
    facts.source = source("17.0.0", Some(&["read_api", "read_repository"]), &[]);
    let shown = Detail::Scopes(strings(&["read_api", "read_repository"]));
    // Read_api is not enough to export.
    assert_eq!(judged(&facts, SourceTokenScope), (Fail, shown));
    assert!(blocking(&run(&facts)));
    facts.source = source("17.0.0", Some(&["read_user", "api"]), &[]);
    assert_eq!(verdict(&facts, SourceTokenScope), Pass);
    // Before 15.5, GitLab has no /personal_access_tokens/self.
    facts.source = source("15.4.0", None, &[]);
    assert_eq!(judged(&facts, SourceTokenScope), (Warn, Detail::None));
    assert!(!blocking(&run(&facts)), "cannot tell is not a blocker");
}

#[test]
fn without_a_source_the_source_checks_fail() {
    let mut facts = good();
    facts.source = None;
    for kind in [SourceVersion, SourceTokenScope, SourceEnabled] {
        assert_eq!(judged(&facts, kind), (Fail, Detail::None), "{kind:?}");
    }
    // No source version: cannot tell.
    assert_eq!(verdict(&facts, ProjectsSupported), Warn);
    assert!(blocking(&run(&facts)));
}

#[test]
fn direct_transfer_disabled_on_the_destination_fails_and_an_unanswered_probe_warns() {
    let mut facts = good();
    facts.destination_enabled = No;
    assert_eq!(verdict(&facts, DestinationEnabled), Fail);
    assert!(blocking(&run(&facts)));
    facts.destination_enabled = CannotTell;
    assert_eq!(verdict(&facts, DestinationEnabled), Warn);
    assert!(!blocking(&run(&facts)));
}

#[test]
fn a_refused_export_fails_with_its_path_and_an_unanswered_one_warns() {
    let mut facts = good();
    facts.source = source("17.0.0", Some(&["api"]), &[("acme", Yes), ("acme/web", No)]);
    assert_eq!(judged(&facts, SourceEnabled), (Fail, Detail::Paths(strings(&["acme/web"]))));
    facts.source = source("17.0.0", Some(&["api"]), &[("acme", CannotTell), ("acme/web", Yes)]);
    assert_eq!(judged(&facts, SourceEnabled), (Warn, Detail::Paths(vec![])));
    facts.source = source("17.0.0", Some(&["api"]), &[("acme", CannotTell), ("acme/web", No)]);
    // A refusal after an unanswered probe still fails.
    assert_eq!(verdict(&facts, SourceEnabled), Fail);
}

#[test]
fn the_source_is_asked_about_the_first_valid_row_of_each_type_groups_first() {
    let rows = vec![
        row(1, Project, "acme/web", "migrated", "web"),
        row(2, Group, "https://evil.example/x", "migrated", "x"),
        row(3, Group, "acme", "migrated", "acme"),
        row(4, Group, "legacy", "migrated", "legacy"),
    ];
    assert_eq!(export_probes(&rows), vec![(Group, "acme".to_string()), (Project, "acme/web".to_string())]);
    assert!(export_probes(&[]).is_empty());
}

#[test]
fn destinations_the_user_cannot_create_in_fail_once_each_top_level_first() {
    let mut facts = good();
    facts.rows = vec![
        row(1, Group, "a", "nowhere", "a"),
        row(2, Group, "b", "", "b"),
        row(3, Group, "c", "nowhere", "c"),
        row(4, Group, "d", "Migrated", "d"),
        row(5, Group, "e", "elsewhere", "e"),
    ];
    let refused = Detail::Namespaces(vec![None, Some("elsewhere".into()), Some("nowhere".into())]);
    // Migrated matches migrated; each once.
    assert_eq!(judged(&facts, DestinationPermission), (Fail, refused));

    facts.rows = vec![row(1, Group, "a", "", "a")];
    // Top level needs the right to create groups.
    assert_eq!(verdict(&facts, DestinationPermission), Fail);
    facts.can_create_group = true;
    assert_eq!(verdict(&facts, DestinationPermission), Pass);
    facts.rows = vec![row(1, Project, "a/p", "", "p")];
    // A project never lands at the top level.
    assert_eq!(verdict(&facts, DestinationPermission), Fail);
}

#[test]
fn a_taken_destination_fails_and_an_unchecked_one_warns() {
    let mut facts = good();
    facts.rows = vec![row(1, Group, "acme", "migrated", "Acme"), row(2, Group, "b", "migrated", "b")];
    facts.collisions = HashMap::from([("migrated/acme".into(), true), ("migrated/b".into(), false)]);
    let shown = Detail::Paths(strings(&["migrated/Acme"]));
    // Found without case, shown as the row spells it.
    assert_eq!(judged(&facts, NoCollision), (Fail, shown));
    assert!(blocking(&run(&facts)));
    facts.collisions.remove("migrated/acme");
    assert_eq!(verdict(&facts, NoCollision), Warn, "not checked yet: cannot tell");
    assert!(!blocking(&run(&facts)));
}

/// Today's behaviour, kept: with no rows, nothing is taken and nothing is refused, so those two checks pass;
/// the form check is what fails and blocks.
#[test]
fn no_rows_fail_the_form_check_while_collision_and_permission_pass_vacuously() {
    let mut facts = good();
    facts.rows.clear();
    assert_eq!(verdict(&facts, FormValid), Fail);
    assert_eq!(judged(&facts, NoCollision), (Pass, Detail::Paths(vec![])));
    assert_eq!(judged(&facts, DestinationPermission), (Pass, Detail::Namespaces(vec![])));
    assert!(blocking(&run(&facts)));
}

#[test]
fn an_invalid_row_fails_the_form_check() {
    let mut facts = good();
    facts.rows[0].destination_slug = "-bad-".into();
    assert_eq!(verdict(&facts, FormValid), Fail);
    assert!(blocking(&run(&facts)));
}

// The lost-create decision.

/// 2023-11-14T22:13:20Z.
const T: i64 = 1_700_000_000_000;

fn pending(destinations: &[&str], newest_before: Option<u64>) -> PendingSubmission {
    PendingSubmission { started_ms: T, destinations: strings(destinations), newest_before }
}

fn seen(id: u64, created_at: Option<&str>, destinations: &[&str]) -> SeenMigration {
    SeenMigration { id, created_at: created_at.map(str::to_string), destinations: strings(destinations) }
}

/// `T` plus `offset_s` seconds (within the same day), as GitLab writes dates.
fn at(offset_s: i64) -> String {
    let s = 22 * 3600 + 13 * 60 + 20 + offset_s;
    format!("2023-11-14T{:02}:{:02}:{:02}.000Z", s / 3600, s % 3600 / 60, s % 60)
}

#[test]
fn a_migration_newer_than_the_id_read_before_sending_with_the_rows_is_recognised() {
    let p = pending(&["migrated/tools"], Some(41));
    assert_eq!(at(0).as_str(), "2023-11-14T22:13:20.000Z");
    // The newest first; a date far in the past does not matter when the ids tell.
    let old = Some("2001-01-01T00:00:00Z");
    let newest = [seen(43, old, &["migrated/other"]), seen(42, old, &["migrated/tools"])];
    assert_eq!(decide(&p, &newest), LostCreate::CreatedLate { migration_id: 42 });
    // A newer migration landing elsewhere is not ours.
    assert_eq!(decide(&p, &newest[..1]), LostCreate::NotFound);
}

#[test]
fn an_older_migration_to_the_same_destination_is_not_taken_for_ours() {
    let p = pending(&["migrated/tools"], Some(42));
    let newest = [seen(42, Some(&at(10)), &["migrated/tools"]), seen(7, None, &["migrated/tools"])];
    // The id was 42 before sending.
    assert_eq!(decide(&p, &newest), LostCreate::NotFound);
    assert!(!may_be_ours(&p, 42, None));
    assert!(may_be_ours(&p, 43, None));
    // No migration before: any is newer.
    assert!(may_be_ours(&pending(&[], Some(0)), 1, None));
}

#[test]
fn without_the_id_the_clock_decides_with_a_minute_of_skew() {
    let p = pending(&["migrated/tools"], None);
    let found = LostCreate::CreatedLate { migration_id: 5 };
    // Server clock 30 s behind.
    assert_eq!(decide(&p, &[seen(5, Some(&at(-30)), &["migrated/tools"])]), found);
    let earlier = [seen(5, Some(&at(-120)), &["migrated/tools"])];
    // Two minutes before the request: an earlier one.
    assert_eq!(decide(&p, &earlier), LostCreate::NotFound);
    // No date: it may be ours.
    assert_eq!(decide(&p, &[seen(5, None, &["migrated/tools"])]), found);
    assert!(may_be_ours(&p, 1, Some(&at(-60))));
    assert!(!may_be_ours(&p, 1, Some(&at(-61))));
}

#[test]
fn destinations_match_without_case_and_nothing_found_keeps_the_rows() {
    let p = pending(&["Migrated/Tools"], Some(1));
    let found = LostCreate::CreatedLate { migration_id: 2 };
    assert_eq!(decide(&p, &[seen(2, None, &["migrated/tools"])]), found);
    assert_eq!(decide(&p, &[]), LostCreate::NotFound, "no migration at all");

    let rows = vec![row(1, Group, "tools", "migrated", "tools"), row(2, Group, "data", "migrated", "data")];
    let created = RowsOutcome { created_late: vec![1], still_pending: vec![] };
    // A row the request did not carry is in neither list.
    assert_eq!(sort_rows(&p, found, &rows), created);
    let kept = RowsOutcome { created_late: vec![], still_pending: vec![1] };
    // Not found: the row stays.
    assert_eq!(sort_rows(&p, LostCreate::NotFound, &rows), kept);
}

#[test]
fn an_entity_lands_at_namespace_slash_slug_as_asked() {
    let entity = |json: &str| -> Entity { serde_json::from_str(json).unwrap() };
    let landed = r#"{"id":1,"status":"created","destination_namespace":"migrated","destination_slug":"tools",
        "destination_full_path":"elsewhere/x"}"#;
    // What was asked, not where it ended up.
    assert_eq!(entity_destination(&entity(landed)), "migrated/tools");
    let top = r#"{"id":1,"status":"created","destination_namespace":"","destination_slug":"tools"}"#;
    assert_eq!(entity_destination(&entity(top)), "tools", "top level");
    let old = r#"{"id":1,"status":"created","destination_namespace":"migrated","destination_name":"old"}"#;
    // 14.x sends destination_name only.
    assert_eq!(entity_destination(&entity(old)), "migrated/old");
}

#[test]
fn a_pending_record_from_an_older_version_still_loads_and_is_matched_to_its_rows() {
    let p: PendingSubmission = serde_json::from_str(r#"{"started_ms":5,"destinations":["Migrated/Tools"]}"#).unwrap();
    // Recorded before ids were kept: the clock decides.
    assert_eq!(p.newest_before, None);
    assert!(p.concerns(&strings(&["other/x", "migrated/tools"])));
    assert!(!p.concerns(&strings(&["migrated/tool"])));
    let json = serde_json::to_string(&pending(&["a/b"], Some(3))).unwrap();
    assert_eq!(serde_json::from_str::<PendingSubmission>(&json).unwrap(), pending(&["a/b"], Some(3)));
}
