//! Which rows of the start form are already in one of the user's recent migrations: the same source path, from
//! the same source instance. A second tab (or a create whose answer was lost) must not invite a duplicate
//! migration unawares; the row is not blocked, the user may import it again on purpose. The HTTP side is in
//! `crate::data::start::recent_sources`.

use crate::api::Status;
use crate::logic::draft::DraftRow;
use crate::logic::instance_url::normalize_instance_url;
use std::collections::HashMap;

/// One recent migration as the form needs it: its id, status and source instance, and the source paths of its
/// entities (as GitLab sent them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentMigration {
    pub id: u64,
    pub status: Status,
    /// `BulkImport.source_url`; `None` from servers that do not send it.
    pub source_url: Option<String>,
    pub source_paths: Vec<String>,
}

/// Where a source path was seen: one migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenIn {
    pub migration_id: u64,
    pub status: Status,
    pub source_url: Option<String>,
}

/// Lower-cased source full path → the migrations that carry it, newest (largest id) first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentSources {
    by_path: HashMap<String, Vec<SeenIn>>,
}

/// What the row's notice says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecentState {
    /// Created or started: "is being migrated in #N".
    BeingMigrated,
    /// Finished, failed, timed out, canceled or a status GitLab adds later: "was migrated in #N".
    WasMigrated,
}

/// A row's recent migration of the same source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentMatch {
    pub migration_id: u64,
    pub state: RecentState,
}

/// The key a source path is compared by: GitLab's paths ignore case; blanks and outer slashes are typing.
pub fn path_key(source_full_path: &str) -> String {
    source_full_path.trim().trim_matches('/').to_ascii_lowercase()
}

/// Whether two source instance URLs name the same instance, compared normalized ("gitlab.example.com/" and
/// "https://GitLab.example.com/api/v4" are one). When either is unknown (an old server does not send
/// `source_url`; no source typed yet) nobody can tell, and it counts: the notice blocks nothing.
pub fn same_instance(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |u: Option<&str>| {
        let u = u.map(str::trim).filter(|u| !u.is_empty())?;
        Some(normalize_instance_url(u).unwrap_or_else(|_| u.trim_end_matches('/').to_ascii_lowercase()))
    };
    match (norm(a), norm(b)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(&b),
        _ => true,
    }
}

/// The words for a migration's status.
pub fn state_of(status: &Status) -> RecentState {
    match status {
        Status::Created | Status::Started => RecentState::BeingMigrated,
        _ => RecentState::WasMigrated,
    }
}

impl RecentSources {
    /// Indexes the migrations by the source paths of their entities.
    pub fn from_migrations(migrations: impl IntoIterator<Item = RecentMigration>) -> RecentSources {
        let mut by_path: HashMap<String, Vec<SeenIn>> = HashMap::new();
        for m in migrations {
            let mut paths: Vec<String> = m.source_paths.iter().map(|p| path_key(p)).filter(|p| !p.is_empty()).collect();
            paths.sort();
            paths.dedup();
            for path in paths {
                let seen = SeenIn { migration_id: m.id, status: m.status.clone(), source_url: m.source_url.clone() };
                by_path.entry(path).or_default().push(seen);
            }
        }
        for list in by_path.values_mut() {
            list.sort_by_key(|s| std::cmp::Reverse(s.migration_id));
        }
        RecentSources { by_path }
    }

    /// The newest migration that carries `source_full_path` from the instance `source_instance`.
    pub fn newest(&self, source_instance: Option<&str>, source_full_path: &str) -> Option<&SeenIn> {
        self.by_path
            .get(&path_key(source_full_path))?
            .iter()
            .find(|s| same_instance(source_instance, s.source_url.as_deref()))
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// Row key → its recent migration of the same source path from the same instance (`source_instance`: the
/// form's source URL, `""` when none is known). Rows without a source path have none.
pub fn recent_for_rows(rows: &[DraftRow], source_instance: &str, recent: &RecentSources) -> HashMap<u64, RecentMatch> {
    rows.iter()
        .filter(|r| !path_key(&r.source_full_path).is_empty())
        .filter_map(|r| {
            let seen = recent.newest(Some(source_instance), &r.source_full_path)?;
            Some((r.key, RecentMatch { migration_id: seen.migration_id, state: state_of(&seen.status) }))
        })
        .collect()
}
