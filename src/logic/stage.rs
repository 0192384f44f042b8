//! What a running entity is doing now, in words the page can say, and whether it has stalled: from the
//! entity's stats and, when the user connected the source, the source's export status of each relation
//! (`export_relations/status`). No HTTP, no Leptos.

use crate::api::{Entity, ExportRelation, ExportState, Status};
use crate::logic::time::parse_timestamp_ms;

/// No progress for this long is a stall (configurable by the caller).
pub const DEFAULT_STALL_MS: i64 = 15 * 60_000;
/// GitLab times out an entity that has not changed for this long (its limits page: 8 hours; newer releases
/// wait 24 hours, so this is the earliest).
pub const GITLAB_TIMEOUT_MS: i64 = 8 * 3_600_000;

/// The order GitLab's pipelines import relations in (others follow, alphabetically).
const ORDER: [&str; 16] = [
    "labels",
    "milestones",
    "badges",
    "members",
    "boards",
    "epics",
    "iterations",
    "issues",
    "snippets",
    "merge_requests",
    "releases",
    "ci_pipelines",
    "protected_branches",
    "project_feature",
    "uploads",
    "wiki",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Created, not picked up by a worker yet (GitLab runs 5 entities of a migration at a time).
    WaitingToStart,
    /// The source has not started exporting anything (its status list is empty).
    SourceExportNotStarted,
    /// Waiting for the source's export of `relation`; batches done of total when it is batched.
    WaitingForExport { relation: String, batches: Option<(u64, u64)> },
    /// The source reported its export of `relation` failed.
    ExportFailed { relation: String, error: Option<String> },
    /// Importing `relation`: `done` of `total` items; it is relation `index` (1-based) of `count`.
    Importing { relation: String, done: u64, total: u64, index: usize, count: usize },
    /// Every relation with statistics is in: the last pipelines run.
    Finishing,
    /// Started, with no statistics and no export status to tell more.
    Started,
}

fn rank(relation: &str) -> (usize, &str) {
    (ORDER.iter().position(|r| *r == relation).unwrap_or(ORDER.len()), relation)
}

/// The stage of an entity that is created or started; `None` for one that has ended.
pub fn stage(entity: &Entity, export: Option<&[ExportRelation]>) -> Option<Stage> {
    match entity.status {
        Status::Created => return Some(Stage::WaitingToStart),
        Status::Started => {}
        _ => return None,
    }
    if let Some(failed) = export.and_then(|e| e.iter().find(|r| r.status == ExportState::Failed)) {
        return Some(Stage::ExportFailed { relation: failed.relation.clone(), error: failed.error.clone() });
    }
    let mut relations: Vec<(&String, u64, u64, u64)> = entity
        .stats
        .iter()
        .map(|(r, s)| (r, s.source.unwrap_or(0), s.fetched.unwrap_or(0), s.imported.unwrap_or(0)))
        .filter(|(_, source, _, _)| *source > 0)
        .collect();
    relations.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)));
    let count = relations.len();
    let current = relations.iter().enumerate().find(|(_, (_, source, _, imported))| imported < source);
    let export_of = |relation: &str| export.and_then(|e| e.iter().find(|r| r.relation == relation));
    match current {
        Some((index, (relation, source, fetched, imported))) => {
            let open = export_of(relation).filter(|x| matches!(x.status, ExportState::Pending | ExportState::Started));
            if let Some(ex) = open {
                // Nothing fetched yet, or a batched export whose fetched items are all in: waiting for the source.
                if *fetched == 0 || (ex.batched == Some(true) && imported >= fetched) {
                    return Some(waiting_for(ex));
                }
            }
            Some(Stage::Importing {
                relation: relation.to_string(),
                done: *imported,
                total: *source,
                index: index + 1,
                count,
            })
        }
        None if count > 0 => Some(Stage::Finishing),
        None => match export {
            Some([]) => Some(Stage::SourceExportNotStarted),
            Some(list) => {
                let mut open: Vec<&ExportRelation> =
                    list.iter().filter(|r| matches!(r.status, ExportState::Pending | ExportState::Started)).collect();
                open.sort_by(|a, b| rank(&a.relation).cmp(&rank(&b.relation)));
                Some(open.first().map(|r| waiting_for(r)).unwrap_or(Stage::Started))
            }
            None => Some(Stage::Started),
        },
    }
}

fn waiting_for(ex: &ExportRelation) -> Stage {
    let batches = (ex.batched == Some(true)).then(|| (ex.batches_done(), ex.batches_count.unwrap_or(0)));
    Stage::WaitingForExport { relation: ex.relation.clone(), batches }
}

/// What moved last, as the page has seen it across refreshes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observation {
    pub fingerprint: String,
    /// When the fingerprint was first seen with its current value.
    pub since_ms: i64,
    /// Whether a change was seen (the first observation only says when the page started looking).
    pub changed: bool,
}

/// Everything of the entity that moves while it makes progress: its status and counters. (The source's export
/// moving shows in its own `updated_at`, which [`last_progress_ms`] reads; its status arriving once the source is
/// connected is not progress.)
pub fn fingerprint(entity: &Entity) -> String {
    let mut out = format!("{}|", entity.status.as_str());
    for (r, s) in &entity.stats {
        out.push_str(&format!("{r}:{:?}/{:?}/{:?};", s.source, s.fetched, s.imported));
    }
    out
}

/// The next observation after seeing `fingerprint` at `now_ms`.
pub fn observe(previous: Option<&Observation>, fingerprint: String, now_ms: i64) -> Observation {
    match previous {
        Some(p) if p.fingerprint == fingerprint => p.clone(),
        Some(_) => Observation { fingerprint, since_ms: now_ms, changed: true },
        None => Observation { fingerprint, since_ms: now_ms, changed: false },
    }
}

/// The last time anything moved: the entity's `updated_at`, the source's export `updated_at`s, and a change
/// the page saw itself.
pub fn last_progress_ms(entity: &Entity, export: Option<&[ExportRelation]>, seen: Option<&Observation>) -> Option<i64> {
    let updated = entity.updated_at.as_deref().and_then(parse_timestamp_ms);
    let exported =
        export.unwrap_or_default().iter().filter_map(|r| r.updated_at.as_deref().and_then(parse_timestamp_ms)).max();
    let observed = seen.filter(|o| o.changed).map(|o| o.since_ms);
    [updated, exported, observed].into_iter().flatten().max()
}

/// Why the page warns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stall {
    /// What is stuck: the entity's stage.
    pub stage: Stage,
    /// How long nothing moved.
    pub quiet_ms: i64,
    /// Until GitLab times it out at the earliest (0: any moment now).
    pub timeout_in_ms: i64,
}

/// A stall: a running entity where nothing moved for `threshold_ms`. `None` while progress moves, for an
/// entity that ended, and when nothing tells when it last moved.
pub fn stall(
    entity: &Entity,
    export: Option<&[ExportRelation]>,
    seen: Option<&Observation>,
    now_ms: i64,
    threshold_ms: i64,
) -> Option<Stall> {
    let stage = stage(entity, export)?;
    let last = last_progress_ms(entity, export, seen)?;
    let quiet_ms = (now_ms - last).max(0);
    (quiet_ms >= threshold_ms).then(|| Stall { stage, quiet_ms, timeout_in_ms: (GITLAB_TIMEOUT_MS - quiet_ms).max(0) })
}
