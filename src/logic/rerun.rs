//! Importing again: which entities qualify, the rows of the new migration with free destination paths
//! proposed (`name-2`, `name-3`…), and the links between a migration and its re-imports, derived from the
//! API's own data (the same source path from the same source instance in a later migration), so that they
//! show in any browser. No HTTP, no Leptos: the collisions come from `crate::data::start`.

use crate::api::Entity;
use crate::logic::display_status::DisplayStatus;
use crate::logic::draft::{self, DraftRow};
use crate::logic::recent_sources::{path_key, same_instance, RecentMigration};
use std::collections::HashSet;

/// Failed, timed out, canceled, or finished with failures ("Partially completed").
pub fn qualifies(entity: &Entity) -> bool {
    matches!(
        DisplayStatus::of_entity(entity),
        DisplayStatus::Failed | DisplayStatus::Timeout | DisplayStatus::Canceled | DisplayStatus::PartiallyCompleted
    )
}

/// The entities of a migration to import again: those that qualify, without the ones whose ancestor group is
/// imported again with its projects anyway (it brings them along).
pub fn to_import_again(entities: &[Entity]) -> Vec<&Entity> {
    let chosen: HashSet<u64> = entities.iter().filter(|e| qualifies(e)).map(|e| e.id).collect();
    let parent_of = |id: u64| entities.iter().find(|e| e.id == id).and_then(|e| e.parent_id);
    let brings_children =
        |id: u64| entities.iter().find(|e| e.id == id).is_some_and(|e| e.migrate_projects != Some(false));
    entities
        .iter()
        .filter(|e| chosen.contains(&e.id))
        .filter(|e| {
            let mut up = e.parent_id;
            let mut guard = 0;
            while let Some(p) = up {
                if chosen.contains(&p) && brings_children(p) {
                    return false;
                }
                guard += 1;
                if guard > 64 {
                    break;
                }
                up = parent_of(p);
            }
            true
        })
        .collect()
}

/// `name-7` → `name`; anything else unchanged.
pub fn base_slug(slug: &str) -> &str {
    match slug.rsplit_once('-') {
        Some((base, n)) if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => slug,
    }
}

fn full_path(namespace: &str, slug: &str) -> String {
    let ns = namespace.trim().trim_matches('/');
    if ns.is_empty() {
        slug.to_string()
    } else {
        format!("{ns}/{slug}")
    }
}

/// The first free slug in `namespace`: `slug` itself, then `base-2`, `base-3`… `taken` holds lower-cased full
/// paths known to exist (or proposed for another row).
pub fn free_slug(slug: &str, namespace: &str, taken: &HashSet<String>) -> String {
    let is_free = |s: &str| draft::valid_slug(s) && !taken.contains(&full_path(namespace, s).to_ascii_lowercase());
    if is_free(slug) {
        return slug.to_string();
    }
    let base = base_slug(slug);
    let start = slug.strip_prefix(base).and_then(|n| n.trim_start_matches('-').parse::<u64>().ok()).unwrap_or(1);
    (start.max(1) + 1..start.max(1) + 1000).map(|n| format!("{base}-{n}")).find(|s| is_free(s)).unwrap_or_default()
}

/// The rows of the new migration, one per entity (row key = entity id), each with a free slug proposed:
/// not an entity's existing destination, not a path known `taken`, not another row's proposal.
pub fn plan_rows(entities: &[&Entity], taken: &HashSet<String>) -> Vec<DraftRow> {
    plan_rows_freed(entities, taken, false)
}

/// [`plan_rows`]; with `freed`, the entities' own destinations were deleted (Complete the move's clean-up) and are
/// proposed again: the destination's check of each row still says whether they are free.
pub fn plan_rows_freed(entities: &[&Entity], taken: &HashSet<String>, freed: bool) -> Vec<DraftRow> {
    let mut taken = taken.clone();
    for e in entities.iter().filter(|_| !freed) {
        if let Some(p) = e.destination_full_path.as_deref().filter(|p| !p.is_empty()) {
            taken.insert(p.to_ascii_lowercase());
        }
    }
    entities
        .iter()
        .map(|e| {
            let namespace = e.destination_namespace.clone().unwrap_or_default();
            let slug = e.slug().map(str::to_string).unwrap_or_else(|| draft::propose_slug(&e.source_full_path));
            let free = free_slug(&slug, &namespace, &taken);
            taken.insert(full_path(&namespace, &free).to_ascii_lowercase());
            DraftRow {
                key: e.id,
                kind: e.kind(),
                source_full_path: e.source_full_path.clone(),
                destination_namespace: namespace,
                destination_slug: free,
                migrate_projects: e.migrate_projects.unwrap_or(true),
                migrate_memberships: e.migrate_memberships.unwrap_or(true),
            }
        })
        .collect()
}

/// After the destination said a row's proposal is taken: the next free `name-N`, remembering it as taken.
pub fn repropose(row: &DraftRow, taken: &mut HashSet<String>) -> String {
    taken.insert(row.destination_full_path().to_ascii_lowercase());
    free_slug(&row.destination_slug, &row.destination_namespace, taken)
}

/// A migration's re-run links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RerunLinks {
    /// Later migrations of the same source paths: "imported again in migration #N".
    pub again_in: Vec<u64>,
    /// Earlier ones: "re-import of #M".
    pub again_of: Vec<u64>,
    /// Set when not every migration from the same source was looked at: the ids searched, lowest and highest.
    pub partial: Option<(u64, u64)>,
}

/// Migrations read at most for the re-run links of one migration (one small request each).
pub const RERUN_SEARCHED: usize = 20;

/// Which listed migrations to read for the re-run links of migration `id`: `id` itself left out (the page has
/// its entities), nearest to `id` first (a re-run usually follows closely), at most `limit`. The second value
/// says whether some were left out. (The source instance is compared later, by [`links`]: the page may not
/// know it yet when the search starts.)
pub fn candidates(id: u64, listed: &[u64], limit: usize) -> (Vec<u64>, bool) {
    let mut ids: Vec<u64> = listed.iter().copied().filter(|m| *m != id).collect();
    ids.sort_unstable_by_key(|m| (m.abs_diff(id), *m));
    ids.dedup();
    let left_out = ids.len() > limit;
    ids.truncate(limit);
    (ids, left_out)
}

/// The note's range when the search was partial (`left_out`, or the list of migrations was not read to its
/// end): the lowest and highest ids read, with `id` itself. `None` when everything was searched.
pub fn partial_range(id: u64, read: &[u64], left_out: bool) -> Option<(u64, u64)> {
    if !left_out {
        return None;
    }
    let lowest = read.iter().copied().chain([id]).min().unwrap_or(id);
    let highest = read.iter().copied().chain([id]).max().unwrap_or(id);
    Some((lowest, highest))
}

/// The links of migration `id` (from `source_url`, carrying `paths`) among `others`, smallest id first.
pub fn links(id: u64, source_url: Option<&str>, paths: &[String], others: &[RecentMigration]) -> RerunLinks {
    let mine: HashSet<String> = paths.iter().map(|p| path_key(p)).filter(|p| !p.is_empty()).collect();
    let mut out = RerunLinks::default();
    for m in others.iter().filter(|m| m.id != id && same_instance(source_url, m.source_url.as_deref())) {
        if m.source_paths.iter().any(|p| mine.contains(&path_key(p))) {
            if m.id > id {
                out.again_in.push(m.id);
            } else {
                out.again_of.push(m.id);
            }
        }
    }
    out.again_in.sort_unstable();
    out.again_in.dedup();
    out.again_of.sort_unstable();
    out.again_of.dedup();
    out
}
