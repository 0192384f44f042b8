//! Entity lists: filtering, the parent/child tree, and a migration's overview figures.

use crate::api::{Entity, EntityType, Status};
use crate::logic::display_status::DisplayStatus;
use crate::logic::progress::Totals;
use std::collections::{BTreeMap, HashMap};

/// What the user narrowed an entity list to. Empty text and `None` mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityFilter {
    pub status: Option<DisplayStatus>,
    pub kind: Option<EntityType>,
    pub text: String,
    /// Only what went wrong, whatever its status: failed or timed out, or with failure records.
    pub troubled: bool,
}

impl EntityFilter {
    pub fn is_empty(&self) -> bool {
        self.status.is_none() && self.kind.is_none() && self.text.trim().is_empty() && !self.troubled
    }

    /// `needle` is the text already lower-cased (done once per filter, not once per row).
    pub fn matches(&self, entity: &Entity, needle: &str) -> bool {
        if let Some(status) = &self.status {
            if DisplayStatus::of_entity(entity) != *status {
                return false;
            }
        }
        if let Some(kind) = self.kind {
            if entity.kind() != kind {
                return false;
            }
        }
        if self.troubled && !is_troubled(entity) {
            return false;
        }
        needle.is_empty()
            || contains_lower(&entity.source_full_path, needle)
            || contains_lower(&entity.destination_display(), needle)
            || entity.id.to_string() == needle
    }

    /// Positions (in `rows`) of the entities that match, in tree order, each with its depth.
    pub fn apply(&self, rows: &[Entity]) -> Vec<TreeRow> {
        let needle = self.text.trim().to_lowercase();
        tree_order(rows).into_iter().filter(|r| self.matches(&rows[r.index], &needle)).collect()
    }
}

fn contains_lower(haystack: &str, needle_lower: &str) -> bool {
    // Most paths are ASCII: avoid allocating for them.
    if haystack.is_ascii() && needle_lower.is_ascii() {
        return haystack
            .as_bytes()
            .windows(needle_lower.len())
            .any(|w| w.eq_ignore_ascii_case(needle_lower.as_bytes()));
    }
    haystack.to_lowercase().contains(needle_lower)
}

/// One row of the tree: where the entity is in the input, and how deep under its ancestors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub index: usize,
    pub depth: usize,
}

/// Depth-first order from `parent_id`: each parent followed by its children, in id order. An entity whose parent
/// is not in the list is a root; cycles (a hostile server) are broken by visiting every entity once.
pub fn tree_order(rows: &[Entity]) -> Vec<TreeRow> {
    let position: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, e) in rows.iter().enumerate() {
        match e.parent_id.and_then(|p| position.get(&p)).filter(|&&p| p != i) {
            Some(&parent) => children.entry(parent).or_default().push(i),
            None => roots.push(i),
        }
    }
    let by_id = |v: &mut Vec<usize>| v.sort_by_key(|&i| rows[i].id);
    by_id(&mut roots);
    children.values_mut().for_each(by_id);

    let mut out = Vec::with_capacity(rows.len());
    let mut seen = vec![false; rows.len()];
    // Roots first, then entities only reachable through a cycle (a hostile server).
    for start in roots.into_iter().chain(0..rows.len()) {
        let mut stack = vec![TreeRow { index: start, depth: 0 }];
        while let Some(row) = stack.pop() {
            if std::mem::replace(&mut seen[row.index], true) {
                continue;
            }
            out.push(row);
            if let Some(kids) = children.get(&row.index) {
                stack.extend(kids.iter().rev().map(|&index| TreeRow { index, depth: row.depth + 1 }));
            }
        }
    }
    out
}

/// A migration at a glance: entities per status, per type, and relation totals over every entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub entities: usize,
    pub groups: usize,
    pub projects: usize,
    pub by_status: Vec<(DisplayStatus, usize)>,
    pub relations: BTreeMap<String, Totals>,
    /// Entities that reported failures (inline or through `has_failures`).
    pub with_failures: usize,
    pub inline_failures: usize,
}

impl Overview {
    pub fn of(rows: &[Entity]) -> Overview {
        let mut counts: BTreeMap<&str, (DisplayStatus, usize)> = BTreeMap::new();
        let mut o = Overview { entities: rows.len(), ..Default::default() };
        for e in rows {
            let status = DisplayStatus::of_entity(e);
            counts.entry(status_order_key(&status)).or_insert_with(|| (status.clone(), 0)).1 += 1;
            match e.kind() {
                EntityType::Group => o.groups += 1,
                EntityType::Project => o.projects += 1,
            }
            for (relation, stats) in &e.stats {
                o.relations.entry(relation.clone()).or_default().add(stats);
            }
            if e.has_failures == Some(true) || !e.failures.is_empty() {
                o.with_failures += 1;
            }
            o.inline_failures += e.failures.len();
        }
        o.by_status = counts.into_values().collect();
        o
    }

    /// Entities that have ended, whatever the outcome.
    pub fn ended(&self) -> usize {
        self.by_status
            .iter()
            .filter(|(s, _)| !matches!(s, DisplayStatus::Pending | DisplayStatus::Importing))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn relation_totals(&self) -> Totals {
        let mut t = Totals::default();
        for r in self.relations.values() {
            t.source = t.source.saturating_add(r.source);
            t.fetched = t.fetched.saturating_add(r.fetched);
            t.imported = t.imported.saturating_add(r.imported);
        }
        t
    }
}

/// Sorts statuses in reading order (FILTERS), unknown ones last.
fn status_order_key(status: &DisplayStatus) -> &'static str {
    match status {
        DisplayStatus::Pending => "0",
        DisplayStatus::Importing => "1",
        DisplayStatus::Complete => "2",
        DisplayStatus::PartiallyCompleted => "3",
        DisplayStatus::Failed => "4",
        DisplayStatus::Timeout => "5",
        DisplayStatus::Canceled => "6",
        DisplayStatus::Unknown(_) => "7",
    }
}

/// Any entity still waiting or running: the view should keep refreshing.
pub fn any_active(rows: &[Entity]) -> bool {
    rows.iter().any(|e| e.status.is_active())
}

/// Replaces entities by id with fresher copies and appends new ones (children appear while a group runs).
/// Returns how many rows changed status, for the screen-reader announcement.
pub fn merge(rows: &mut Vec<Entity>, fresh: Vec<Entity>) -> usize {
    let position: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut changed = 0;
    for e in fresh {
        match position.get(&e.id) {
            Some(&i) => {
                if rows[i].status != e.status {
                    changed += 1;
                }
                rows[i] = e;
            }
            None => rows.push(e),
        }
    }
    changed
}

/// Ids of entities that were active in `rows` but did not come back in the lists of active ones:
/// they ended, and must be fetched one by one to learn how.
pub fn vanished_active(rows: &[Entity], still_active: &[Entity]) -> Vec<u64> {
    let active: std::collections::HashSet<u64> = still_active.iter().map(|e| e.id).collect();
    rows.iter().filter(|e| e.status.is_active() && !active.contains(&e.id)).map(|e| e.id).collect()
}

/// Statuses the refresh asks the server for: the ones that can still change.
pub const ACTIVE_STATUSES: [Status; 2] = [Status::Created, Status::Started];

/// Failed or timed out, or with failures reported (inline, or by `has_failures` on newer servers).
pub fn is_troubled(entity: &Entity) -> bool {
    matches!(entity.status, crate::api::Status::Failed | crate::api::Status::Timeout)
        || entity.has_failures == Some(true)
        || !entity.failures.is_empty()
}
