//! Two people changed the plan from the same version (#27): GitLab refused the second write because the file
//! changed meanwhile. A three-way merge from the version both read (`base`), the one in GitLab (`theirs`) and
//! this tab's (`mine`): a co-owner's change is never overwritten, mine is applied where it does not collide,
//! and what could not be applied is said.

use super::plan_io::{Plan, StartedWave};
use super::PlanItem;
use std::collections::HashSet;

/// A change of mine that was not applied, because the co-owner changed the same thing (theirs kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotMerged {
    Target,
    Assumptions,
    DestinationNamespace,
    SourceUrl,
    /// My wave shares these many groups and projects with a wave the co-owner started: mine is dropped (it was
    /// only recorded, nothing sent: a wave is written before its first request).
    OverlappingWave {
        wave: usize,
        shared: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub plan: Plan,
    pub not_merged: Vec<NotMerged>,
}

fn key(i: &PlanItem) -> (super::Kind, String) {
    (i.kind, i.path.to_ascii_lowercase())
}

fn scalar<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T, what: NotMerged, out: &mut Vec<NotMerged>) -> T {
    if mine == base || mine == theirs {
        theirs.clone()
    } else if theirs == base {
        mine.clone()
    } else {
        out.push(what);
        theirs.clone()
    }
}

fn merge_items(base: &[PlanItem], mine: &[PlanItem], theirs: &[PlanItem]) -> Vec<PlanItem> {
    let in_base: HashSet<_> = base.iter().map(key).collect();
    let in_mine: HashSet<_> = mine.iter().map(key).collect();
    // Theirs, less what I removed (and they left as it was), with what I read anew where they did not.
    let mut out: Vec<PlanItem> = theirs
        .iter()
        .filter(|t| {
            let k = key(t);
            !(in_base.contains(&k) && !in_mine.contains(&k) && base.iter().any(|b| b == *t))
        })
        .map(|t| {
            let k = key(t);
            let b = base.iter().find(|b| key(b) == k);
            match mine.iter().find(|m| key(m) == k) {
                Some(m) if b == Some(t) => m.clone(),
                _ => t.clone(),
            }
        })
        .collect();
    let mut present: HashSet<_> = out.iter().map(key).collect();
    for m in mine {
        let k = key(m);
        if !in_base.contains(&k) && present.insert(k) {
            out.push(m.clone());
        }
    }
    out
}

fn lower(w: &StartedWave) -> HashSet<String> {
    w.paths.iter().map(|p| p.to_ascii_lowercase()).collect()
}

/// One wave as both sides know it: the ids of both, still sending only if neither finished it.
fn union(theirs: &StartedWave, mine: &StartedWave) -> StartedWave {
    let mut w = theirs.clone();
    for id in &mine.migrations {
        if !w.migrations.contains(id) {
            w.migrations.push(*id);
        }
    }
    w.sending = theirs.sending && mine.sending;
    if !mine.sending && theirs.sending {
        w.paths = mine.paths.clone();
    }
    w
}

fn merge_waves(base: &Plan, mine: &Plan, theirs: &Plan, out: &mut Vec<NotMerged>) -> Vec<StartedWave> {
    let mut waves: Vec<StartedWave> = theirs.started.clone();
    for m in &mine.started {
        let in_base = base.started.iter().any(|b| b.started_ms == m.started_ms);
        match waves.iter_mut().find(|t| t.started_ms == m.started_ms) {
            Some(t) => *t = union(t, m),
            // Mine, new: kept unless it takes what the co-owner started.
            None if !in_base => {
                let mine_paths = lower(m);
                let shared: HashSet<String> = theirs
                    .started
                    .iter()
                    .flat_map(|t| lower(t).into_iter())
                    .filter(|p| mine_paths.contains(p))
                    .collect();
                if shared.is_empty() || !m.migrations.is_empty() {
                    waves.push(m.clone());
                } else {
                    let wave = mine.started.iter().position(|x| x.started_ms == m.started_ms).unwrap_or(0) + 1;
                    out.push(NotMerged::OverlappingWave { wave, shared: shared.len() });
                }
            }
            // In base, gone from theirs: the co-owner removed it; that stays.
            None => {}
        }
    }
    // Removed by me, untouched by them: removed.
    waves.retain(|t| {
        let removed_by_me =
            base.started.iter().any(|b| b == t) && !mine.started.iter().any(|m| m.started_ms == t.started_ms);
        !removed_by_me
    });
    waves.sort_by_key(|w| w.started_ms);
    waves
}

/// `theirs` with `mine`'s changes since `base` applied where the co-owner did not change the same thing.
pub fn merge(base: &Plan, mine: &Plan, theirs: &Plan) -> Merged {
    let mut not_merged = Vec::new();
    let n = &mut not_merged;
    let plan = Plan {
        version: theirs.version,
        source_url: scalar(&base.source_url, &mine.source_url, &theirs.source_url, NotMerged::SourceUrl, n),
        destination_namespace: scalar(
            &base.destination_namespace,
            &mine.destination_namespace,
            &theirs.destination_namespace,
            NotMerged::DestinationNamespace,
            n,
        ),
        assumptions: scalar(&base.assumptions, &mine.assumptions, &theirs.assumptions, NotMerged::Assumptions, n),
        target: scalar(&base.target, &mine.target, &theirs.target, NotMerged::Target, n),
        items: merge_items(&base.items, &mine.items, &theirs.items),
        started: merge_waves(base, mine, theirs, n),
    };
    Merged { plan, not_merged }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::campaign::waves::Target;
    use crate::logic::campaign::Kind;

    fn plan(paths: &[&str]) -> Plan {
        Plan { items: paths.iter().map(|p| PlanItem::new(Kind::Project, p)).collect(), ..Plan::default() }
    }

    fn wave(ms: i64, paths: &[&str], ids: &[u64]) -> StartedWave {
        StartedWave {
            paths: paths.iter().map(|p| p.to_string()).collect(),
            migrations: ids.to_vec(),
            started_ms: ms,
            sending: ids.is_empty(),
            ..StartedWave::default()
        }
    }

    #[test]
    fn a_wave_the_co_owner_started_and_my_target_both_stay() {
        let base = plan(&["a/1", "a/2", "a/3"]);
        let mut theirs = base.clone();
        theirs.started.push(wave(10, &["a/1"], &[7]));
        let mut mine = base.clone();
        mine.target = Target::Projects(2);
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.not_merged, vec![]);
        assert_eq!(m.plan.started, theirs.started);
        assert_eq!(m.plan.target, Target::Projects(2));
    }

    #[test]
    fn the_same_field_changed_on_both_sides_keeps_theirs_and_says_so() {
        let base = plan(&["a/1"]);
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.target = Target::Projects(5);
        theirs.target = Target::Projects(9);
        mine.destination_namespace = "x".into();
        theirs.destination_namespace = "y".into();
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.plan.target, Target::Projects(9));
        assert_eq!(m.plan.destination_namespace, "y");
        assert_eq!(m.not_merged, vec![NotMerged::DestinationNamespace, NotMerged::Target]);
        // The same change on both sides is no conflict.
        theirs.target = Target::Projects(5);
        theirs.destination_namespace = "x".into();
        assert_eq!(merge(&base, &mine, &theirs).not_merged, vec![]);
    }

    #[test]
    fn two_waves_started_over_the_same_projects_keep_the_co_owners_only() {
        let base = plan(&["a/1", "a/2"]);
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        theirs.started.push(wave(10, &["a/1", "a/2"], &[7]));
        mine.started.push(wave(11, &["A/2"], &[]));
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.plan.started, theirs.started);
        assert_eq!(m.not_merged, vec![NotMerged::OverlappingWave { wave: 1, shared: 1 }]);
        // Separate projects: both waves, in time order.
        mine.started = vec![wave(5, &["a/3"], &[])];
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.plan.started.iter().map(|w| w.started_ms).collect::<Vec<_>>(), vec![5, 10]);
    }

    #[test]
    fn a_wave_completed_on_one_side_keeps_every_id() {
        let mut base = plan(&["a/1"]);
        base.started.push(wave(10, &["a/1"], &[]));
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.started[0] = wave(10, &["a/1"], &[7]);
        theirs.items.push(PlanItem::new(Kind::Project, "b/1"));
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.plan.started, vec![wave(10, &["a/1"], &[7])]);
        assert_eq!(m.plan.items.len(), 2);
    }

    #[test]
    fn items_added_and_removed_on_both_sides() {
        let base = plan(&["a/1", "a/2", "a/3"]);
        let mine = plan(&["a/1", "a/3", "m/1"]);
        let theirs = plan(&["a/1", "a/2", "a/3", "t/1"]);
        let m = merge(&base, &mine, &theirs);
        let paths: Vec<&str> = m.plan.items.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, vec!["a/1", "a/3", "t/1", "m/1"]);
        // Counts I read, on an item they left alone, are kept.
        let mut counted = base.clone();
        counted.items[0].issues = 40;
        let m = merge(&base, &counted, &theirs);
        assert_eq!(m.plan.items[0].issues, 40);
    }
}
