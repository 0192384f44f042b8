//! Native tests of the start form's rows: GitLab's path rules, slug proposals, field problems, refusals
//! mapped to rows, per-type batches and the 6-a-minute limit.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::EntityType;
use migration_console::logic::draft::*;

fn row(key: u64, kind: EntityType, source: &str, ns: &str, slug: &str) -> DraftRow {
    DraftRow { destination_slug: slug.into(), ..DraftRow::new(key, kind, source, ns) }
}

#[test]
fn slugs_and_paths_follow_gitlabs_rules() {
    for ok in ["a", "my-group", "my.group_2", "A1b2"] {
        assert!(valid_slug(ok), "{ok}");
    }
    for bad in ["", "-a", "a-", "a..b", "a/b", "é", "a.git", "a.atom", "a b", "_a"] {
        assert!(!valid_slug(bad), "{bad}");
    }
    assert!(valid_full_path("acme/platform/api"));
    assert!(valid_full_path("_under/.dot"));
    assert!(!valid_full_path("https://gitlab.com/acme"));
    assert!(!valid_full_path("acme//x"));
    assert!(!valid_full_path("acme/-x"));
}

#[test]
fn every_problem_is_reported_on_its_field_before_sending() {
    let rows = vec![
        row(1, EntityType::Group, "", "migrated", "ok"),
        row(2, EntityType::Group, "https://x.com/a", "https://x.com/b", "-bad-"),
        row(3, EntityType::Project, "acme/api", "", "api"),
        row(4, EntityType::Group, "acme", "migrated", "Acme"),
        row(5, EntityType::Group, "acme2", "migrated", "acme"),
        row(6, EntityType::Group, "acme3", "", ""),
    ];
    let p = validate(&rows);
    assert_eq!(p[&1][&Field::Source], Problem::SourceMissing);
    assert_eq!(p[&2][&Field::Source], Problem::SourceFormat);
    assert_eq!(p[&2][&Field::Namespace], Problem::NamespaceFormat);
    assert_eq!(p[&2][&Field::Slug], Problem::SlugFormat);
    assert_eq!(p[&3][&Field::Namespace], Problem::ProjectAtTopLevel);
    assert!(!p.contains_key(&4), "the first of two rows with one destination is fine");
    assert_eq!(p[&5][&Field::Slug], Problem::DuplicateDestination, "paths compare case-insensitively");
    assert_eq!(p[&6][&Field::Slug], Problem::SlugMissing);
    assert!(validate(&[row(1, EntityType::Group, "acme", "", "acme")]).is_empty(), "a top-level group is fine");
}

#[test]
fn slugs_are_proposed_from_the_source_and_kept_free() {
    assert_eq!(propose_slug("acme/platform"), "platform");
    assert_eq!(propose_slug("acme/My Group!.git"), "My-Group");
    assert_eq!(propose_slug("--"), "imported");
    assert!(valid_slug(&propose_slug("x/__a__b..c--")));
}

#[test]
fn gitlab_refusals_land_on_the_rows_they_name() {
    let batch = vec![
        row(10, EntityType::Group, "acme", "migrated", "acme"),
        row(11, EntityType::Group, "tools", "docs", "tools"),
    ];
    assert_eq!(rows_concerned("entities[1][destination_slug] can only include…", &batch), vec![11]);
    assert_eq!(
        rows_concerned("Import failed. 'migrated/acme' already exists. Change the destination and try again.", &batch),
        vec![10]
    );
    assert_eq!(
        rows_concerned("Import failed. Destination 'docs' is invalid, or you don't have permission.", &batch),
        vec![11]
    );
    assert_eq!(rows_concerned("Import failed. 'tools' not found.", &batch), vec![11]);
    assert!(rows_concerned("Unsupported GitLab version. Minimum supported version is '14'.", &batch).is_empty());
}

#[test]
fn groups_and_projects_go_in_separate_requests_and_the_limit_is_six_a_minute() {
    let rows = vec![
        row(1, EntityType::Project, "a/p", "migrated", "p"),
        row(2, EntityType::Group, "a", "migrated", "a"),
        row(3, EntityType::Project, "a/q", "migrated", "q"),
    ];
    let b = batches(&rows);
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].0, EntityType::Group);
    assert_eq!(b[1].1.iter().map(|r| r.key).collect::<Vec<_>>(), vec![1, 3]);
    let json = serde_json::to_value(b[1].1[0].to_new_entity()).unwrap();
    assert_eq!(json["source_type"], "project_entity");
    assert!(json.get("migrate_projects").is_none(), "only groups take migrate_projects");

    assert_eq!(rate_wait_ms(100_000, &[]), 0);
    let five: Vec<i64> = (0..5).map(|i| 50_000 + i * 1000).collect();
    assert_eq!(rate_wait_ms(100_000, &five), 0);
    let six: Vec<i64> = (0..6).map(|i| 50_000 + i * 1000).collect();
    assert_eq!(rate_wait_ms(100_000, &six), 10_000, "the oldest leaves the window at 110 s");
    assert_eq!(rate_wait_ms(200_000, &six), 0);
}
