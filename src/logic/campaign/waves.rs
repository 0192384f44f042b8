//! Splitting a selection into waves by a target (a duration per wave or a number of projects), keeping a group
//! with everything selected under it: a group is migrated with its projects (`migrate_projects`), so they are
//! one unit, sent as the group alone. Waves run one after another; inside a wave, entities share the workers.

use super::estimate::{item_seconds, Assumptions};
use super::{Kind, PlanItem};
use serde::{Deserialize, Serialize};

/// What one wave may hold at most.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "lowercase")]
pub enum Target {
    /// Estimated seconds per wave.
    Seconds(u64),
    /// Projects per wave (GitLab's professional services migrate about 200 a day).
    Projects(u32),
}

impl Default for Target {
    fn default() -> Target {
        Target::Projects(200)
    }
}

/// A group with what is selected under it, or a project on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The entity that is sent (index into the items).
    pub head: usize,
    /// Everything the unit holds, the head first.
    pub members: Vec<usize>,
}

/// One wave: which items, which of them are sent, its estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Wave {
    pub items: Vec<usize>,
    pub heads: Vec<usize>,
    pub seconds: f64,
    pub projects: usize,
    /// A single unit larger than the target (it cannot be split without parting a group from its projects).
    pub over_target: bool,
}

/// The units of a selection, in path order: each top-most selected group takes every item under it.
pub fn units(items: &[PlanItem]) -> Vec<Unit> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Segment by segment: byte-wise, "platform-tools" sorts between "platform" and "platform/api" and would part
    // the group from its project (which would then be migrated twice).
    let key = |i: usize| items[i].path.to_ascii_lowercase().split('/').map(str::to_owned).collect::<Vec<_>>();
    order.sort_by_cached_key(|&i| key(i));
    let mut out: Vec<Unit> = Vec::new();
    for i in order {
        let inside =
            out.last_mut().filter(|u| items[u.head].kind == Kind::Group && items[i].is_under(&items[u.head].path));
        match inside {
            Some(unit) => unit.members.push(i),
            None => out.push(Unit { head: i, members: vec![i] }),
        }
    }
    out
}

/// Worker loads after adding these durations, each to the least busy worker.
fn add_to(loads: &mut [f64], durations: &[f64]) {
    for d in durations {
        if let Some(min) = loads.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *min += d;
        }
    }
}

fn busiest(loads: &[f64]) -> f64 {
    loads.iter().copied().fold(0.0, f64::max)
}

/// Splits the items into waves under the target. Fast enough to run on every keystroke (one pass, a few floats
/// per entity), so the page re-plans as the target is typed.
pub fn split(items: &[PlanItem], target: Target, a: &Assumptions) -> Vec<Wave> {
    split_units(items, &units(items), target, a)
}

/// `split` with the units already made: they depend on the selection only, so a page that re-plans on every
/// keystroke of the target sorts the paths once, not at every keystroke.
pub fn split_units(items: &[PlanItem], units: &[Unit], target: Target, a: &Assumptions) -> Vec<Wave> {
    let a = a.sanitized();
    let workers = a.concurrency as usize;
    let mut waves: Vec<Wave> = Vec::new();
    let mut loads = vec![0.0; workers];
    let mut current = Wave { items: vec![], heads: vec![], seconds: 0.0, projects: 0, over_target: false };
    for unit in units {
        let mut durations: Vec<f64> =
            unit.members.iter().filter_map(|&i| items.get(i)).map(|item| item_seconds(item, &a)).collect();
        durations.sort_by(|x, y| y.total_cmp(x));
        let projects = unit.members.iter().filter(|&&i| items.get(i).is_some_and(|t| t.kind == Kind::Project)).count();
        let mut tried = loads.clone();
        add_to(&mut tried, &durations);
        let fits = match target {
            Target::Seconds(s) => busiest(&tried) <= s.max(1) as f64,
            Target::Projects(n) => current.projects + projects <= n.max(1) as usize,
        };
        if !fits && !current.items.is_empty() {
            waves.push(std::mem::replace(
                &mut current,
                Wave { items: vec![], heads: vec![], seconds: 0.0, projects: 0, over_target: false },
            ));
            loads = vec![0.0; workers];
            tried = loads.clone();
            add_to(&mut tried, &durations);
        }
        let alone_over = match target {
            Target::Seconds(s) => busiest(&tried) > s.max(1) as f64,
            Target::Projects(n) => projects > n.max(1) as usize,
        };
        loads = tried;
        current.over_target |= alone_over;
        current.items.extend(unit.members.iter().copied());
        current.heads.push(unit.head);
        current.projects += projects;
        current.seconds = busiest(&loads);
    }
    if !current.items.is_empty() {
        waves.push(current);
    }
    waves
}

/// All waves one after another.
pub fn total_seconds(waves: &[Wave]) -> f64 {
    waves.iter().map(|w| w.seconds).sum()
}
