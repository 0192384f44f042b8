//! The duration model: GitLab's published average seconds per imported object (after-migration.md §5) and
//! workers that take 5 entities of a migration at a time. Every figure is an assumption the user may edit, and
//! the speed can be re-fitted from migrations that already finished on this destination.

use super::{Kind, PlanItem};
use serde::{Deserialize, Serialize};

/// The model's inputs, shown and editable on the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assumptions {
    /// Seconds per repository (GitLab: 20).
    pub repository_s: f64,
    /// Seconds per wiki, when the project has one (GitLab: 10).
    pub wiki_s: f64,
    /// Seconds per merge request (GitLab: 1).
    pub merge_request_s: f64,
    /// Seconds per issue (GitLab: 0.1).
    pub issue_s: f64,
    /// A project's own work, even empty (GitLab: about 2.4).
    pub project_s: f64,
    /// A group's own work: labels, milestones, badges, members (references: 5).
    pub group_s: f64,
    /// Entities a migration imports at once (GitLab's workers: 5).
    pub concurrency: u32,
    /// Multiplies every duration: 1 is GitLab's averages, 2 a destination twice as slow.
    pub speed_factor: f64,
}

impl Default for Assumptions {
    fn default() -> Assumptions {
        Assumptions {
            repository_s: 20.0,
            wiki_s: 10.0,
            merge_request_s: 1.0,
            issue_s: 0.1,
            project_s: 2.4,
            group_s: 5.0,
            concurrency: 5,
            speed_factor: 1.0,
        }
    }
}

fn sane(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

impl Assumptions {
    /// The same assumptions with nonsense (negative, NaN, zero workers) replaced by what the model can use.
    pub fn sanitized(&self) -> Assumptions {
        Assumptions {
            repository_s: sane(self.repository_s),
            wiki_s: sane(self.wiki_s),
            merge_request_s: sane(self.merge_request_s),
            issue_s: sane(self.issue_s),
            project_s: sane(self.project_s),
            group_s: sane(self.group_s),
            concurrency: self.concurrency.clamp(1, 100),
            speed_factor: if sane(self.speed_factor) > 0.0 { self.speed_factor.min(100.0) } else { 1.0 },
        }
    }
}

/// Seconds one entity takes at GitLab's averages, before the speed factor.
pub fn base_seconds(item: &PlanItem, a: &Assumptions) -> f64 {
    match item.kind {
        Kind::Group => a.group_s,
        Kind::Project => {
            a.project_s
                + a.repository_s
                + if item.wiki_size > 0 { a.wiki_s } else { 0.0 }
                + item.merge_requests as f64 * a.merge_request_s
                + item.issues as f64 * a.issue_s
        }
    }
}

/// Seconds one entity takes under the assumptions.
pub fn item_seconds(item: &PlanItem, a: &Assumptions) -> f64 {
    base_seconds(item, a) * a.speed_factor
}

/// How long a set of entities takes with `concurrency` workers: longest first, each to the least busy worker
/// (at least the longest entity, at least the total shared out).
pub fn makespan(mut durations: Vec<f64>, concurrency: u32) -> f64 {
    let workers = concurrency.max(1) as usize;
    durations.sort_by(|a, b| b.total_cmp(a));
    let mut load = vec![0.0_f64; workers.min(durations.len()).max(1)];
    for d in durations {
        if let Some(min) = load.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *min += d;
        }
    }
    load.into_iter().fold(0.0, f64::max)
}

/// Seconds for these items imported together (one wave).
pub fn items_seconds<'a>(items: impl Iterator<Item = &'a PlanItem>, a: &Assumptions) -> f64 {
    makespan(items.map(|i| item_seconds(i, a)).collect(), a.concurrency)
}

/// A finished migration's entity as the destination reports it: what it held and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub item: PlanItem,
    pub seconds: f64,
}

/// The re-fitted speed: measured seconds over modelled seconds of finished projects (groups are too short to
/// tell), `None` under 3 projects. Returns (factor, how many projects it is based on).
pub fn refit(finished: &[Finished], a: &Assumptions) -> Option<(f64, usize)> {
    let samples: Vec<&Finished> =
        finished.iter().filter(|f| f.item.kind == Kind::Project && f.seconds.is_finite() && f.seconds > 0.0).collect();
    if samples.len() < 3 {
        return None;
    }
    let model: f64 = samples.iter().map(|f| base_seconds(&f.item, a)).sum();
    let measured: f64 = samples.iter().map(|f| f.seconds).sum();
    (model > 0.0).then(|| ((measured / model).clamp(0.01, 100.0), samples.len()))
}
