//! Native tests of the start form's "already migrated in #N" notices (issue #14, item 3).
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{EntityType, Status};
use migration_console::logic::draft::DraftRow;
use migration_console::logic::recent_sources::*;

const SOURCE: &str = "https://gitlab.source.example";

fn row(key: u64, source: &str) -> DraftRow {
    DraftRow::new(key, EntityType::Group, source, "migrated")
}

fn migration(id: u64, status: Status, source_url: Option<&str>, paths: &[&str]) -> RecentMigration {
    RecentMigration {
        id,
        status,
        source_url: source_url.map(str::to_string),
        source_paths: paths.iter().map(|p| p.to_string()).collect(),
    }
}

fn found(id: u64, state: RecentState) -> Option<RecentMatch> {
    Some(RecentMatch { migration_id: id, state })
}

#[test]
fn a_row_in_a_created_or_started_migration_is_being_migrated() {
    let recent = RecentSources::from_migrations([
        migration(11, Status::Created, Some(SOURCE), &["acme"]),
        migration(12, Status::Started, Some(SOURCE), &["legacy", "legacy/monolith"]),
    ]);
    let rows = [row(1, "acme"), row(2, "legacy/monolith"), row(3, "never/migrated")];
    let out = recent_for_rows(&rows, SOURCE, &recent);
    assert_eq!(out.get(&1).copied(), found(11, RecentState::BeingMigrated));
    assert_eq!(out.get(&2).copied(), found(12, RecentState::BeingMigrated));
    assert_eq!(out.get(&3), None, "a source never migrated has no notice");
    assert_eq!(out.len(), 2);
}

#[test]
fn ended_migrations_were_migrated_whatever_the_ending() {
    for status in
        [Status::Finished, Status::Failed, Status::Timeout, Status::Canceled, Status::Unknown("paused".into())]
    {
        let recent = RecentSources::from_migrations([migration(7, status.clone(), Some(SOURCE), &["acme"])]);
        let out = recent_for_rows(&[row(1, "acme")], SOURCE, &recent);
        assert_eq!(out.get(&1).copied(), found(7, RecentState::WasMigrated), "{status:?}");
    }
    assert_eq!(state_of(&Status::Created), RecentState::BeingMigrated);
    assert_eq!(state_of(&Status::Started), RecentState::BeingMigrated);
}

#[test]
fn the_newest_migration_carrying_the_path_wins_in_any_input_order() {
    let recent = RecentSources::from_migrations([
        migration(3, Status::Finished, Some(SOURCE), &["acme"]),
        migration(21, Status::Started, Some(SOURCE), &["acme", "acme"]),
        migration(9, Status::Failed, Some(SOURCE), &["acme"]),
    ]);
    let out = recent_for_rows(&[row(1, "acme")], SOURCE, &recent);
    assert_eq!(out.get(&1).copied(), found(21, RecentState::BeingMigrated));
}

#[test]
fn paths_compare_ignoring_case_blanks_and_outer_slashes() {
    let recent = RecentSources::from_migrations([migration(5, Status::Finished, Some(SOURCE), &["Acme/Platform"])]);
    let mut r = row(1, "acme/platform");
    r.source_full_path = " /ACME/platform/ ".into();
    let out = recent_for_rows(&[r, row(2, "acme"), row(3, "acme/platform/api")], SOURCE, &recent);
    assert_eq!(out.get(&1).copied(), found(5, RecentState::WasMigrated));
    assert_eq!(out.get(&2), None, "a parent path is another source");
    assert_eq!(out.get(&3), None, "a child path is another source");
}

#[test]
fn only_the_same_source_instance_counts_compared_normalized() {
    let recent = RecentSources::from_migrations([
        migration(30, Status::Started, Some("https://other.example"), &["acme"]),
        migration(20, Status::Finished, Some("https://GitLab.Source.Example/"), &["acme"]),
        migration(40, Status::Started, Some("https://other.example"), &["tools"]),
    ]);
    let rows = [row(1, "acme"), row(2, "tools")];
    for form_url in
        [SOURCE, "gitlab.source.example", "https://gitlab.source.example/api/v4", "HTTPS://gitlab.source.example/"]
    {
        let out = recent_for_rows(&rows, form_url, &recent);
        assert_eq!(
            out.get(&1).copied(),
            found(20, RecentState::WasMigrated),
            "{form_url}: the newer #30 is another instance"
        );
        assert_eq!(out.get(&2), None, "{form_url}: tools was migrated from another instance only");
    }
    assert!(!same_instance(Some("http://gitlab.source.example"), Some(SOURCE)), "the scheme is part of the instance");
    assert!(!same_instance(Some("https://gitlab.source.example:8443"), Some(SOURCE)));
    assert!(!same_instance(Some("https://gitlab.source.example/sub"), Some(SOURCE)));
}

#[test]
fn an_unknown_instance_cannot_be_told_apart_and_counts() {
    // Old servers do not send `source_url`; a form with no source typed yet has none: the notice is advice only.
    let recent = RecentSources::from_migrations([migration(8, Status::Created, None, &["acme"])]);
    assert_eq!(
        recent_for_rows(&[row(1, "acme")], SOURCE, &recent).get(&1).copied(),
        found(8, RecentState::BeingMigrated)
    );
    let recent = RecentSources::from_migrations([migration(9, Status::Finished, Some(SOURCE), &["acme"])]);
    assert_eq!(recent_for_rows(&[row(1, "acme")], "", &recent).get(&1).copied(), found(9, RecentState::WasMigrated));
    assert!(same_instance(None, Some(SOURCE)));
    assert!(same_instance(Some("  "), Some(SOURCE)));
}

#[test]
fn rows_without_a_source_path_and_empty_data_have_no_notice() {
    let recent = RecentSources::from_migrations([migration(1, Status::Started, Some(SOURCE), &["", "acme"])]);
    assert!(recent_for_rows(&[row(1, ""), row(2, "  ")], SOURCE, &recent).is_empty());
    let none = RecentSources::default();
    assert!(none.is_empty());
    assert!(recent_for_rows(&[row(1, "acme")], SOURCE, &none).is_empty());
    assert_eq!(path_key(" /Acme/Web/ "), "acme/web");
}

#[test]
fn newest_reports_the_status_and_instance_it_found() {
    let recent = RecentSources::from_migrations([migration(4, Status::Timeout, Some(SOURCE), &["data"])]);
    let seen = recent.newest(Some(SOURCE), "DATA").expect("found");
    assert_eq!(seen.migration_id, 4);
    assert_eq!(seen.status, Status::Timeout);
    assert_eq!(seen.source_url.as_deref(), Some(SOURCE));
    assert!(recent.newest(Some("https://elsewhere.example"), "data").is_none());
}
