//! What the inventory flags, and why (the page says the why in words).

use super::estimate::{item_seconds, Assumptions};
use super::{Kind, PlanItem};

/// A repository above this size is flagged: 10 GiB.
pub const HUGE_REPOSITORY: u64 = 10 * 1024 * 1024 * 1024;
/// GitLab times a migration out after 8 hours (its limits page): an entity estimated near it is flagged.
pub const TIMEOUT_SECONDS: f64 = 8.0 * 3600.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    /// The repository is exported as one archive: very large ones are slow and the likeliest to fail.
    HugeRepository,
    /// A project in a personal namespace: a group migration never reaches it and contributions cannot be mapped.
    PersonalNamespace,
    /// Archived: migrated like any other; worth asking whether it is needed.
    Archived,
    /// Its own estimate comes near GitLab's 8-hour timeout.
    NearTimeout,
}

pub const ALL: [Flag; 4] = [Flag::HugeRepository, Flag::PersonalNamespace, Flag::Archived, Flag::NearTimeout];

/// The flags of one item.
pub fn flags_of(item: &PlanItem, a: &Assumptions) -> Vec<Flag> {
    let mut out = Vec::new();
    if item.kind == Kind::Project {
        if item.repository_size > HUGE_REPOSITORY {
            out.push(Flag::HugeRepository);
        }
        if item.personal {
            out.push(Flag::PersonalNamespace);
        }
        if item.archived {
            out.push(Flag::Archived);
        }
    }
    if item_seconds(item, a) > TIMEOUT_SECONDS * 0.75 {
        out.push(Flag::NearTimeout);
    }
    out
}

/// How many items carry each flag, in the order of [`ALL`].
pub fn counts(items: &[PlanItem], a: &Assumptions) -> Vec<(Flag, usize)> {
    let mut n = [0usize; 4];
    for item in items {
        for f in flags_of(item, a) {
            if let Some(k) = ALL.iter().position(|x| *x == f) {
                n[k] += 1;
            }
        }
    }
    ALL.iter().copied().zip(n).collect()
}
