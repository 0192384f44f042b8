//! The board's writes to the plan (#27), one function each, so that the page and the tests apply the same
//! change: a wave recorded before its first request, a migration id added as GitLab answers, the wave completed
//! with what was sent (a wave nothing of which was sent is taken out again), and a lost answer found when the
//! plan is opened again. Each is written to GitLab as a commit; a co-owner's commit in between is merged
//! (`merge`), so none of these is ever lost.

use super::plan_io::{Plan, StartedWave};

/// Records a wave before its first request.
pub fn record_start(plan: &mut Plan, wave: StartedWave) {
    plan.started.push(wave);
}

/// Whether the wave that started at `started_ms` is in the plan (a merge may have dropped it: a co-owner
/// started the same groups and projects first).
pub fn is_recorded(plan: &Plan, started_ms: i64) -> bool {
    plan.started.iter().any(|w| w.started_ms == started_ms)
}

/// GitLab created migration `id` for the wave.
pub fn add_migration(plan: &mut Plan, started_ms: i64, id: u64) {
    if let Some(w) = plan.started.iter_mut().find(|w| w.started_ms == started_ms) {
        if !w.migrations.contains(&id) {
            w.migrations.push(id);
        }
    }
}

/// The wave's start is over: it holds what was sent (`carried`); one nothing of which was sent is taken out.
pub fn complete(plan: &mut Plan, started_ms: i64, carried: &[String]) {
    if let Some(w) = plan.started.iter_mut().find(|w| w.started_ms == started_ms) {
        w.sending = false;
        w.paths = carried.to_vec();
    }
    plan.started.retain(|w| w.started_ms != started_ms || !w.migrations.is_empty());
}

/// A wave left sending (the tab closed mid-start) whose migration was found among the user's newest.
pub fn found_late(plan: &mut Plan, started_ms: i64, id: u64) {
    add_migration(plan, started_ms, id);
    if let Some(w) = plan.started.iter_mut().find(|w| w.started_ms == started_ms) {
        w.sending = false;
    }
}
