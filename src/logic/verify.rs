//! Verification of a finished migration: per entity and relation, what the source has (counted there when it
//! is connected), what the stats say (source / fetched / imported), and what the destination has (counted
//! there) → ✔ or the difference, and how much of it the entity's failures explain.

use super::failures::relation_of;
use crate::api::pagination::encode_component;
use crate::api::{Entity, EntityFailure, EntityType, PageInfo, RelationStats};
use std::collections::BTreeMap;

/// Lists a project's counts are read from (`GET /projects/:id/<list>?per_page=1`, `X-Total`).
pub const PROJECT_LISTS: [&str; 5] = ["issues", "merge_requests", "milestones", "labels", "releases"];
/// Lists a group's counts are read from.
pub const GROUP_LISTS: [&str; 4] = ["subgroups", "projects", "labels", "milestones"];
/// GitLab stops counting above this many rows (no `X-Total`).
pub const COUNT_LIMIT: u64 = 10_000;

/// A count read from a list's headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Exact(u64),
    /// More than this: GitLab dropped `X-Total` (over 10,000 rows) or a proxy stripped the headers.
    AtLeast(u64),
}

impl Count {
    /// From a `per_page=1` answer: `X-Total` when sent; else a next page means "over 10,000" (GitLab's only
    /// reason to drop it); else, with pagination headers present, the rows of this page are all there is.
    pub fn from_page(info: &PageInfo, rows: usize) -> Count {
        if let Some(total) = info.total {
            return Count::Exact(total);
        }
        if info.next_page.is_some() {
            return Count::AtLeast(COUNT_LIMIT + 1);
        }
        let headers = info.page.is_some() || info.per_page.is_some();
        if headers || rows == 0 {
            Count::Exact(rows as u64)
        } else {
            Count::AtLeast(rows as u64)
        }
    }

    pub fn exact(&self) -> Option<u64> {
        match self {
            Count::Exact(n) => Some(*n),
            Count::AtLeast(_) => None,
        }
    }

    /// "1,455" or "> 10,000".
    pub fn text(&self) -> String {
        match self {
            Count::Exact(n) => group_digits(*n),
            Count::AtLeast(n) => format!("≥ {}", group_digits(*n)),
        }
    }
}

/// 1500 → "1,500" (locale-neutral enough for counts in a report).
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The lists counted for an entity of this kind.
pub fn lists_for(kind: EntityType) -> &'static [&'static str] {
    match kind {
        EntityType::Project => &PROJECT_LISTS,
        EntityType::Group => &GROUP_LISTS,
    }
}

/// The API path (under `/api/v4`) that counts `list` of the group or project `full_path`: one row per page,
/// without what a list would inherit or share (ancestor labels, shared projects).
pub fn list_path(kind: EntityType, full_path: &str, list: &str) -> String {
    let id = encode_component(full_path);
    let (collection, extra) = match (kind, list) {
        (EntityType::Project, "labels") => ("projects", "&include_ancestor_groups=false"),
        (EntityType::Project, _) => ("projects", ""),
        (EntityType::Group, "labels") => ("groups", "&include_ancestor_groups=false&only_group_labels=true"),
        (EntityType::Group, "projects") => ("groups", "&with_shared=false&include_subgroups=false"),
        (EntityType::Group, _) => ("groups", ""),
    };
    format!("/{collection}/{id}/{list}?per_page=1{extra}")
}

/// One relation of one entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyRow {
    pub relation: String,
    /// Counted on the source (only when it is connected).
    pub source: Option<Count>,
    /// The entity's stats; for subgroups and projects, the child entities of the migration.
    pub stats: Option<RelationStats>,
    /// Counted on the destination.
    pub destination: Option<Count>,
    /// The entity's failures for this relation (child entities that did not arrive, for subgroups/projects).
    pub failures: u64,
}

/// ✔, or what is missing and how much the failures explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Match,
    /// Fewer on the destination than expected.
    Missing {
        missing: u64,
        explained: u64,
    },
    /// More on the destination than expected (items that were there already, or created since).
    Extra(u64),
    /// Not enough numbers to compare (no stats and nothing counted, or a count GitLab would not give).
    Unknown,
}

impl Verdict {
    pub fn is_match(&self) -> bool {
        matches!(self, Verdict::Match)
    }

    /// A difference that no failure accounts for: what a reviewer must look at.
    pub fn unexplained(&self) -> u64 {
        match self {
            Verdict::Missing { missing, explained } => missing - explained,
            Verdict::Extra(n) => *n,
            _ => 0,
        }
    }
}

impl VerifyRow {
    /// What should be there: the source's own count, else what the stats say the source had.
    pub fn expected(&self) -> Option<u64> {
        match self.source {
            Some(c) => c.exact(),
            None => self.stats.and_then(|s| s.source.or(s.fetched)),
        }
    }

    /// What is there: the destination's count, else what the stats say was imported.
    pub fn actual(&self) -> Option<u64> {
        match self.destination {
            Some(c) => c.exact(),
            None => self.stats.and_then(|s| s.imported),
        }
    }

    pub fn verdict(&self) -> Verdict {
        // GitLab keeps no statistics for an empty relation: none, nothing on the destination and no failure
        // means there was nothing to import.
        if self.source.is_none() && self.stats.is_none() && self.failures == 0 {
            if let Some(Count::Exact(0)) = self.destination {
                return Verdict::Match;
            }
        }
        let (Some(expected), Some(actual)) = (self.expected(), self.actual()) else {
            // Both sides over GitLab's limit: equal as far as anyone can tell.
            return match (self.source, self.destination) {
                (Some(Count::AtLeast(_)), Some(Count::AtLeast(_))) => Verdict::Match,
                _ => Verdict::Unknown,
            };
        };
        if actual > expected {
            return Verdict::Extra(actual - expected);
        }
        // The stats may admit a loss the counts do not show (an item imported twice hides one missing).
        let stats_gap = self.stats.and_then(|s| Some(s.source?.saturating_sub(s.imported?))).unwrap_or(0);
        let missing = (expected - actual).max(if self.source.is_none() { stats_gap } else { 0 });
        if missing == 0 {
            Verdict::Match
        } else {
            Verdict::Missing { missing, explained: self.failures.min(missing) }
        }
    }
}

/// How many failures of each relation, read as `relation_of` does (14.1 pipelines included).
pub fn failures_by_relation(failures: &[EntityFailure]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for f in failures {
        *out.entry(relation_of(f).unwrap_or_default()).or_insert(0) += 1;
    }
    out
}

/// The migration's own account of a group's subgroups or projects: its child entities (`source`), those that
/// arrived (`imported`: the group or project exists and did not fail), and those that did not.
pub fn children_stats(entity: &Entity, all: &[Entity], list: &str) -> Option<(RelationStats, u64)> {
    let kind = match list {
        "subgroups" => EntityType::Group,
        "projects" => EntityType::Project,
        _ => return None,
    };
    let children: Vec<&Entity> = all.iter().filter(|e| e.parent_id == Some(entity.id) && e.kind() == kind).collect();
    let arrived = children.iter().filter(|e| arrived(e)).count() as u64;
    let total = children.len() as u64;
    let stats = RelationStats { source: Some(total), fetched: Some(total), imported: Some(arrived) };
    Some((stats, total - arrived))
}

fn arrived(e: &Entity) -> bool {
    use crate::api::Status;
    e.destination_full_path.as_deref().is_some_and(|p| !p.is_empty()) && matches!(e.status, Status::Finished)
}

/// Every row of one entity: the counted lists first (in their order), then every other relation of its stats.
/// `source` and `destination` hold what was counted, by list name.
pub fn rows_for(
    entity: &Entity,
    all: &[Entity],
    source: &BTreeMap<String, Count>,
    destination: &BTreeMap<String, Count>,
) -> Vec<VerifyRow> {
    let failures = failures_by_relation(&entity.failures);
    let counted = lists_for(entity.kind());
    let mut rows: Vec<VerifyRow> = counted
        .iter()
        .map(|list| {
            let (stats, failed) = match children_stats(entity, all, list) {
                Some((stats, failed)) => (Some(stats), failed),
                None => (entity.stats.get(*list).copied(), failures.get(*list).copied().unwrap_or(0)),
            };
            VerifyRow {
                relation: list.to_string(),
                source: source.get(*list).copied(),
                stats,
                destination: destination.get(*list).copied(),
                failures: failed,
            }
        })
        .collect();
    for (relation, stats) in &entity.stats {
        if counted.contains(&relation.as_str()) {
            continue;
        }
        rows.push(VerifyRow {
            relation: relation.clone(),
            source: None,
            stats: Some(*stats),
            destination: None,
            failures: failures.get(relation).copied().unwrap_or(0),
        });
    }
    // Failures of a relation that has neither stats nor a count still say something is missing.
    for (relation, n) in &failures {
        if !rows.iter().any(|r| &r.relation == relation) {
            rows.push(VerifyRow { relation: relation.clone(), failures: *n, ..Default::default() });
        }
    }
    rows
}

/// Totals over a whole verification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    pub matching: usize,
    pub differing: usize,
    pub unknown: usize,
    /// Items missing (or extra) that no failure explains.
    pub unexplained: u64,
}

pub fn summarize<'a>(rows: impl IntoIterator<Item = &'a VerifyRow>) -> Summary {
    let mut s = Summary::default();
    for row in rows {
        s.rows += 1;
        match row.verdict() {
            Verdict::Match => s.matching += 1,
            Verdict::Unknown => s.unknown += 1,
            v => {
                s.differing += 1;
                s.unexplained += v.unexplained();
            }
        }
    }
    s
}

/// Where an entity's verification ranks on the page: 0 a difference no failure explains, 1 a difference the
/// failures explain, 2 something not known (yet), 3 everything matches.
pub fn rank(rows: &[VerifyRow]) -> u8 {
    rows.iter()
        .map(|row| match row.verdict() {
            Verdict::Match => 3,
            Verdict::Unknown => 2,
            v if v.unexplained() > 0 => 0,
            _ => 1,
        })
        .min()
        .unwrap_or(3)
}

/// The order entities are listed in: differences first (by [`rank`]), each rank in the order given (the
/// migration's). Indexes into what was given.
pub fn display_order<'a>(entities: impl IntoIterator<Item = &'a [VerifyRow]>) -> Vec<usize> {
    let mut order: Vec<(u8, usize)> = entities.into_iter().enumerate().map(|(i, rows)| (rank(rows), i)).collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}
