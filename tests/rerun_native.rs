//! Native tests of "import again" and "what is it doing now": the stage in words, the stall rule, re-run
//! planning with free destination proposals, and the links between a migration and its re-imports.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{Entity, EntityType, ExportRelation, ExportState, Status};
use migration_console::logic::recent_sources::RecentMigration;
use migration_console::logic::rerun::*;
use migration_console::logic::stage::*;
use serde_json::{json, Value};
use std::collections::HashSet;

const T0: i64 = 1_790_000_000_000; // 2026-09-21T13:33:20Z
const MIN: i64 = 60_000;

fn ts(ms: i64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn entity(v: Value) -> Entity {
    let mut base = json!({"id": 1, "status": "started", "source_full_path": "acme", "entity_type": "group",
        "destination_namespace": "migrated", "destination_slug": "acme", "updated_at": ts(T0), "stats": {}});
    for (k, val) in v.as_object().unwrap() {
        base[k] = val.clone();
    }
    serde_json::from_value(base).unwrap()
}

fn export(v: Value) -> Vec<ExportRelation> {
    serde_json::from_value(v).unwrap()
}

#[test]
fn the_export_status_decodes_gitlabs_integers_names_and_garbage() {
    let e = export(json!([
        {"relation": "labels", "status": 1, "error": null, "updated_at": "2026-01-01T00:00:00Z", "batched": false,
         "batches_count": 0, "total_objects_count": 5},
        {"relation": "issues", "status": "started", "batched": true, "batches_count": 3,
         "batches": [{"status": 1, "batch_number": 1}, {"status": 0, "batch_number": 2}, "junk"]},
        {"relation": "epics", "status": -1, "error": "boom"},
        {"relation": 7, "status": {"x": 1}}
    ]));
    assert_eq!(e[0].status, ExportState::Finished);
    assert_eq!((e[1].status, e[1].batches_done(), e[1].batches_count), (ExportState::Started, 1, Some(3)));
    assert_eq!((e[2].status, e[2].error.as_deref()), (ExportState::Failed, Some("boom")));
    assert_eq!((e[3].relation.as_str(), e[3].status), ("7", ExportState::Unknown));
}

#[test]
fn the_stage_in_words_from_stats_and_the_source() {
    assert_eq!(stage(&entity(json!({"status": "created"})), None), Some(Stage::WaitingToStart));
    assert_eq!(stage(&entity(json!({"status": "finished"})), None), None);
    assert_eq!(stage(&entity(json!({})), None), Some(Stage::Started));
    assert_eq!(stage(&entity(json!({})), Some(&[])), Some(Stage::SourceExportNotStarted));
    // Relations in GitLab's order, whatever order the stats come in: labels are done, issues are next.
    let stats = json!({"stats": {"merge_requests": {"source": 10, "fetched": 0, "imported": 0},
        "issues": {"source": 120, "fetched": 60, "imported": 45}, "labels": {"source": 5, "fetched": 5, "imported": 5}}});
    let running = entity(stats);
    assert_eq!(
        stage(&running, None),
        Some(Stage::Importing { relation: "issues".into(), done: 45, total: 120, index: 2, count: 3 })
    );
    // Nothing fetched of issues yet and the source still exporting them: waiting for the source.
    let waiting = entity(json!({"stats": {"issues": {"source": 2500, "fetched": 0, "imported": 0}}}));
    let ex = export(json!([{"relation": "issues", "status": 0, "batched": true, "batches_count": 3,
        "batches": [{"status": 1}, {"status": 0}, {"status": 0}]}]));
    assert_eq!(
        stage(&waiting, Some(&ex)),
        Some(Stage::WaitingForExport { relation: "issues".into(), batches: Some((1, 3)) })
    );
    let failed =
        export(json!([{"relation": "labels", "status": 1}, {"relation": "issues", "status": -1, "error": "timeout"}]));
    assert_eq!(
        stage(&running, Some(&failed)),
        Some(Stage::ExportFailed { relation: "issues".into(), error: Some("timeout".into()) })
    );
    let done = entity(json!({"stats": {"labels": {"source": 5, "fetched": 5, "imported": 5}}}));
    assert_eq!(stage(&done, None), Some(Stage::Finishing));
}

#[test]
fn a_stall_is_no_progress_for_the_threshold_and_never_while_progress_moves() {
    let stuck =
        entity(json!({"updated_at": ts(T0), "stats": {"epics": {"source": 40, "fetched": 16, "imported": 16}}}));
    let first = observe(None, fingerprint(&stuck), T0 + 20 * MIN);
    let warning = stall(&stuck, None, Some(&first), T0 + 20 * MIN, DEFAULT_STALL_MS).expect("20 quiet minutes");
    assert_eq!(warning.quiet_ms, 20 * MIN);
    assert_eq!(warning.timeout_in_ms, GITLAB_TIMEOUT_MS - 20 * MIN, "the timeout ahead");
    assert!(matches!(warning.stage, Stage::Importing { ref relation, .. } if relation == "epics"));
    assert_eq!(stall(&stuck, None, Some(&first), T0 + 14 * MIN, DEFAULT_STALL_MS), None, "under 15 minutes");
    // The page saw the counters move: no warning, even though updated_at is old.
    let moved =
        entity(json!({"updated_at": ts(T0), "stats": {"epics": {"source": 40, "fetched": 20, "imported": 18}}}));
    let second = observe(Some(&first), fingerprint(&moved), T0 + 21 * MIN);
    assert!(second.changed);
    assert_eq!(stall(&moved, None, Some(&second), T0 + 22 * MIN, DEFAULT_STALL_MS), None);
    // The same again later keeps its time; 15 minutes after the last change, it warns.
    let third = observe(Some(&second), fingerprint(&moved), T0 + 30 * MIN);
    assert_eq!(third.since_ms, T0 + 21 * MIN);
    assert!(stall(&moved, None, Some(&third), T0 + 36 * MIN, DEFAULT_STALL_MS).is_some());
    // The source's export moving counts as progress.
    let ex = export(json!([{"relation": "epics", "status": 0, "updated_at": ts(T0 + 19 * MIN)}]));
    assert_eq!(stall(&stuck, Some(&ex), Some(&first), T0 + 20 * MIN, DEFAULT_STALL_MS), None);
    // A configurable threshold; an ended entity never stalls; past 8 hours the timeout is due now.
    assert!(stall(&stuck, None, None, T0 + 6 * MIN, 5 * MIN).is_some());
    assert_eq!(stall(&entity(json!({"status": "timeout"})), None, None, T0 + 99 * MIN, 1), None);
    assert_eq!(stall(&stuck, None, None, T0 + 9 * 60 * MIN, DEFAULT_STALL_MS).map(|s| s.timeout_in_ms), Some(0));
    // Nothing tells when it last moved (no updated_at, first look): no warning.
    let blind = entity(json!({"updated_at": null}));
    assert_eq!(stall(&blind, None, Some(&observe(None, String::new(), T0)), T0 + 60 * MIN, DEFAULT_STALL_MS), None);
}

#[test]
fn which_entities_qualify_for_importing_again() {
    let list = vec![
        entity(json!({"id": 1, "status": "failed"})),
        entity(json!({"id": 2, "status": "finished", "has_failures": true})),
        entity(json!({"id": 3, "status": "finished", "has_failures": false})),
        entity(json!({"id": 4, "status": "timeout"})),
        entity(json!({"id": 5, "status": "canceled"})),
        entity(json!({"id": 6, "status": "started"})),
        // A failed child of a failed group that brings its projects: the group brings it along.
        entity(json!({"id": 7, "status": "failed", "parent_id": 1})),
        entity(json!({"id": 8, "status": "failed", "parent_id": 3})),
    ];
    let ids: Vec<u64> = to_import_again(&list).iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![1, 2, 4, 5, 8]);
    assert!(!qualifies(&list[2]) && !qualifies(&list[5]));
}

#[test]
fn proposals_are_free_paths_that_avoid_each_other_and_known_collisions() {
    assert_eq!(base_slug("monolith-2"), "monolith");
    assert_eq!(base_slug("data-ml"), "data-ml");
    assert_eq!(base_slug("-3"), "-3");
    let partial = entity(json!({"id": 10, "status": "finished", "has_failures": true, "entity_type": "project",
        "source_full_path": "legacy/monolith", "destination_slug": "monolith", "destination_full_path": "migrated/monolith"}));
    let failed = entity(
        json!({"id": 11, "status": "failed", "source_full_path": "broken-group", "destination_slug": "broken-group",
        "destination_full_path": null, "migrate_projects": false}),
    );
    let taken: HashSet<String> = ["migrated/monolith-2".to_string()].into();
    let rows = plan_rows(&[&partial, &failed], &taken);
    assert_eq!(rows[0].destination_slug, "monolith-3", "its own path and the known collision are avoided");
    assert_eq!((rows[0].key, rows[0].kind), (10, EntityType::Project));
    assert_eq!(rows[1].destination_slug, "broken-group", "a failed entity never got its path: it is free");
    assert!(!rows[1].migrate_projects);
    // Two re-runs of the same slug in one namespace do not propose the same path.
    let a = entity(json!({"id": 1, "destination_slug": "acme", "destination_full_path": "migrated/acme"}));
    let b = entity(json!({"id": 2, "destination_slug": "acme-2", "destination_full_path": "migrated/acme-2"}));
    let rows = plan_rows(&[&a, &b], &HashSet::new());
    assert_eq!((rows[0].destination_slug.as_str(), rows[1].destination_slug.as_str()), ("acme-3", "acme-4"));
    // After Complete the move deleted the partial copies, their own paths are proposed again.
    let freed = plan_rows_freed(&[&a, &b], &HashSet::new(), true);
    assert_eq!((freed[0].destination_slug.as_str(), freed[1].destination_slug.as_str()), ("acme", "acme-2"));
    // The destination says the proposal is taken: the next number, remembering the taken one.
    let mut known: HashSet<String> = ["migrated/acme-4".to_string()].into();
    assert_eq!(repropose(&rows[0], &mut known), "acme-5");
    assert!(known.contains("migrated/acme-3"));
    assert_eq!(free_slug("x", "", &["x".to_string()].into()), "x-2", "top level");
}

#[test]
fn rerun_links_come_from_the_same_source_path_on_the_same_instance() {
    let m = |id: u64, url: &str, paths: &[&str]| RecentMigration {
        id,
        status: Status::Finished,
        source_url: Some(url.to_string()),
        source_paths: paths.iter().map(|p| p.to_string()).collect(),
    };
    let src = "https://gitlab.example.com";
    let others = vec![
        m(2, src, &["Legacy/Monolith"]),
        m(5, src, &["design"]),
        m(9, src, &["legacy/monolith", "tools"]),
        m(12, "https://elsewhere.example", &["legacy/monolith"]),
        m(14, src, &["legacy/monolith"]),
    ];
    let l = links(9, Some(src), &["legacy/monolith".into()], &others);
    assert_eq!(l, RerunLinks { again_in: vec![14], again_of: vec![2], partial: None });
    assert_eq!(links(5, Some(src), &["design".into()], &others), RerunLinks::default());
}

#[test]
fn re_run_links_search_the_migrations_nearest_to_this_one_and_say_when_they_searched_only_some() {
    // The page's own migration is never read (its entities are on the page), the nearest come first.
    let listed: Vec<u64> = (1..=30).rev().collect();
    let (ids, left_out) = candidates(10, &listed, 4);
    assert_eq!(ids, vec![9, 11, 8, 12]);
    assert!(left_out, "26 more were listed");
    assert_eq!(partial_range(10, &ids, left_out), Some((8, 12)));
    // Everything listed fits: nothing to say.
    let (ids, left_out) = candidates(3, &[5, 4, 3, 2, 1], RERUN_SEARCHED);
    assert_eq!(ids, vec![2, 4, 1, 5]);
    assert!(!left_out);
    assert_eq!(partial_range(3, &ids, left_out), None);
    // The list itself had more pages: the range searched includes this migration.
    assert_eq!(partial_range(3, &[], true), Some((3, 3)));
    assert_eq!(partial_range(3, &[4, 5], true), Some((3, 5)));
    // An old migration far below the newest ones: the nearest listed are read, never more than the bound.
    let (ids, _) = candidates(1, &(100..200).collect::<Vec<_>>(), RERUN_SEARCHED);
    assert_eq!(ids.len(), RERUN_SEARCHED);
    assert_eq!(ids[0], 100);
}
