//! Native tests of verification: counts from headers (X-Total dropped above 10,000), verdicts and what
//! failures explain, the rows of an entity, and the order the page lists them in. The report: report_native.rs.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{Entity, EntityFailure, EntityType, PageInfo, RelationStats, Status};
use migration_console::logic::verify::*;
use std::collections::BTreeMap;

fn stats(source: u64, fetched: u64, imported: u64) -> Option<RelationStats> {
    Some(RelationStats { source: Some(source), fetched: Some(fetched), imported: Some(imported) })
}

fn row(source: Option<Count>, st: Option<RelationStats>, destination: Option<Count>, failures: u64) -> VerifyRow {
    VerifyRow { relation: "merge_requests".into(), source, stats: st, destination, failures }
}

#[test]
fn counts_come_from_x_total_and_survive_its_absence() {
    let with_total = PageInfo { total: Some(1455), page: Some(1), per_page: Some(1), ..Default::default() };
    assert_eq!(Count::from_page(&with_total, 1), Count::Exact(1455));
    // GitLab drops X-Total above 10,000 rows but still says there is a next page.
    let over = PageInfo { page: Some(1), per_page: Some(1), next_page: Some(2), ..Default::default() };
    assert_eq!(Count::from_page(&over, 1), Count::AtLeast(10_001));
    assert_eq!(Count::from_page(&over, 1).text(), "≥ 10,001");
    // Headers but no total and no next page: this page is everything.
    let last = PageInfo { page: Some(1), per_page: Some(1), ..Default::default() };
    assert_eq!(Count::from_page(&last, 1), Count::Exact(1));
    // A proxy stripped every header: an empty list is still zero, one row is "at least one".
    assert_eq!(Count::from_page(&PageInfo::default(), 0), Count::Exact(0));
    assert_eq!(Count::from_page(&PageInfo::default(), 1), Count::AtLeast(1));
    assert_eq!(group_digits(1_234_567), "1,234,567");
    assert_eq!(group_digits(12), "12");
}

#[test]
fn list_paths_encode_the_full_path_and_leave_out_inherited_rows() {
    assert_eq!(
        list_path(EntityType::Project, "migrated/acme/api", "issues"),
        "/projects/migrated%2Facme%2Fapi/issues?per_page=1"
    );
    assert!(list_path(EntityType::Project, "a/b", "labels").ends_with("&include_ancestor_groups=false"));
    assert!(list_path(EntityType::Group, "a", "projects").contains("with_shared=false"));
    assert!(list_path(EntityType::Group, "a", "labels").contains("only_group_labels=true"));
    // A hostile path stays one path segment: no slash, no query, no fragment of its own.
    let p = list_path(EntityType::Group, "x/../../admin?#<script>", "subgroups");
    assert_eq!(p, "/groups/x%2F..%2F..%2Fadmin%3F%23%3Cscript%3E/subgroups?per_page=1");
    assert_eq!(lists_for(EntityType::Group), &GROUP_LISTS);
}

#[test]
fn verdicts_say_ok_or_the_difference_and_what_failures_explain() {
    use Count::*;
    // Source 22, stats 22/22/19, destination 19, 3 failures: 3 missing, all explained.
    let r = row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 3);
    assert_eq!(r.verdict(), Verdict::Missing { missing: 3, explained: 3 });
    assert_eq!(r.verdict().unexplained(), 0);
    // Only one failure for three missing: two unexplained.
    let r = row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 1);
    assert_eq!(r.verdict(), Verdict::Missing { missing: 3, explained: 1 });
    assert_eq!(r.verdict().unexplained(), 2);
    // Everything equal.
    assert_eq!(row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0).verdict(), Verdict::Match);
    // Source not connected: the stats' source is what should be there.
    assert_eq!(row(None, stats(85, 85, 85), Some(Exact(85)), 0).verdict(), Verdict::Match);
    assert_eq!(
        row(None, stats(85, 85, 80), Some(Exact(80)), 5).verdict(),
        Verdict::Missing { missing: 5, explained: 5 }
    );
    // Counts agree but the stats admit a loss: still reported.
    assert_eq!(
        row(None, stats(10, 10, 9), Some(Exact(10)), 0).verdict(),
        Verdict::Missing { missing: 1, explained: 0 }
    );
    // More on the destination than on the source.
    assert_eq!(row(Some(Exact(3)), None, Some(Exact(5)), 0).verdict(), Verdict::Extra(2));
    // Nothing to compare with.
    assert_eq!(row(None, None, Some(Exact(4)), 0).verdict(), Verdict::Unknown);
    assert_eq!(row(None, None, Some(Exact(0)), 0).verdict(), Verdict::Match);
    assert_eq!(row(None, None, Some(Exact(0)), 2).verdict(), Verdict::Unknown);
    assert_eq!(row(Some(AtLeast(10_001)), None, Some(Exact(4)), 0).verdict(), Verdict::Unknown);
    // Both over GitLab's limit: as equal as anyone can tell.
    assert_eq!(row(Some(AtLeast(10_001)), None, Some(AtLeast(10_001)), 0).verdict(), Verdict::Match);
    // Stats alone (a relation the destination API cannot count).
    assert_eq!(row(None, stats(12, 12, 12), None, 0).verdict(), Verdict::Match);
    // More failures than missing items: only the missing ones are "explained".
    assert_eq!(row(None, stats(5, 5, 4), None, 9).verdict(), Verdict::Missing { missing: 1, explained: 1 });
}

fn entity(id: u64, kind: EntityType, parent: Option<u64>, status: Status, dest: Option<&str>) -> Entity {
    serde_json::from_value::<Entity>(serde_json::json!({"id": id, "status": "finished"}))
        .map(|e| Entity {
            entity_type: Some(kind),
            parent_id: parent,
            status,
            source_full_path: format!("src/{id}"),
            destination_full_path: dest.map(str::to_string),
            ..e
        })
        .unwrap()
}

fn failure(relation: &str, class: &str) -> EntityFailure {
    EntityFailure {
        relation: Some(relation.into()),
        exception_class: Some(class.into()),
        exception_message: Some("Validation failed".into()),
        ..Default::default()
    }
}

#[test]
fn an_entitys_rows_cover_the_counted_lists_its_stats_and_its_children() {
    let mut g = entity(1, EntityType::Group, None, Status::Finished, Some("migrated/acme"));
    g.stats.insert("labels".into(), stats(24, 24, 24).unwrap());
    g.stats.insert("epics".into(), stats(17, 17, 15).unwrap());
    g.failures = vec![failure("epics", "NoMethodError"), failure("epics", "NoMethodError")];
    let all = vec![
        g.clone(),
        entity(2, EntityType::Group, Some(1), Status::Finished, Some("migrated/acme/platform")),
        entity(3, EntityType::Group, Some(1), Status::Failed, None),
        entity(4, EntityType::Project, Some(1), Status::Finished, Some("migrated/acme/handbook")),
        entity(5, EntityType::Project, Some(2), Status::Finished, Some("migrated/acme/platform/api")),
    ];
    let source = BTreeMap::from([("subgroups".to_string(), Count::Exact(2)), ("labels".to_string(), Count::Exact(24))]);
    let dest = BTreeMap::from([
        ("subgroups".to_string(), Count::Exact(1)),
        ("projects".to_string(), Count::Exact(1)),
        ("labels".to_string(), Count::Exact(24)),
        ("milestones".to_string(), Count::Exact(0)),
    ]);
    let rows = rows_for(&g, &all, &source, &dest);
    let names: Vec<&str> = rows.iter().map(|r| r.relation.as_str()).collect();
    assert_eq!(names, ["subgroups", "projects", "labels", "milestones", "epics"]);
    // Two subgroups in the migration, one failed: one missing, explained by the failed child entity.
    assert_eq!(rows[0].stats, stats(2, 2, 1));
    assert_eq!(rows[0].verdict(), Verdict::Missing { missing: 1, explained: 1 });
    // Only direct children count (entity 5 is under entity 2).
    assert_eq!(rows[1].stats, stats(1, 1, 1));
    assert_eq!(rows[1].verdict(), Verdict::Match);
    assert_eq!(rows[2].verdict(), Verdict::Match);
    // No stats and nothing on the destination: GitLab keeps no stats for an empty relation.
    assert_eq!(rows[3].verdict(), Verdict::Match);
    // Epics: stats only, two failures explain the two missing.
    assert_eq!(rows[4].verdict(), Verdict::Missing { missing: 2, explained: 2 });
    let s = summarize(&rows);
    assert_eq!((s.rows, s.matching, s.differing, s.unknown, s.unexplained), (5, 3, 2, 0, 0));
}

#[test]
fn failures_of_a_relation_without_stats_or_count_still_make_a_row() {
    let mut p = entity(9, EntityType::Project, None, Status::Finished, Some("m/p"));
    p.failures = vec![failure("snippets", "RuntimeError")];
    let rows = rows_for(&p, std::slice::from_ref(&p), &BTreeMap::new(), &BTreeMap::new());
    assert_eq!(rows.len(), PROJECT_LISTS.len() + 1);
    assert_eq!(rows.last().map(|r| (r.relation.as_str(), r.failures)), Some(("snippets", 1)));
}

/// A representative part of the sandbox's hostile corpus (sandbox/src/hostile.rs).
#[test]
fn the_page_lists_unexplained_differences_first_then_explained_then_unknown_then_matches() {
    use Count::*;
    let matching = vec![row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0)];
    let explained = vec![row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 3)];
    let unexplained = vec![
        row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0),
        row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 1),
    ];
    let unknown = vec![row(None, None, None, 0)];
    let extra = vec![row(None, stats(5, 5, 5), Some(Exact(7)), 0)];
    assert_eq!(rank(&unexplained), 0);
    assert_eq!(rank(&extra), 0);
    assert_eq!(rank(&explained), 1);
    assert_eq!(rank(&unknown), 2);
    assert_eq!(rank(&matching), 3);
    assert_eq!(rank(&[]), 3, "no rows: nothing to look at");
    let entities = [&matching, &unknown, &explained, &matching, &unexplained, &extra];
    // Each rank keeps the migration's order.
    assert_eq!(display_order(entities.iter().map(|r| r.as_slice())), vec![4, 5, 2, 1, 0, 3]);
}
