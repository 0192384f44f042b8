//! What the cut-over (#26 parts 3 to 5) changes on either instance: archived flags set through the API,
//! groups and projects marked for deletion (renamed) or removed for good, and the source's container
//! repositories and packages (read only). Plain data: `cutover/` serves it, the seed fills it.

use super::settings::Owner;
use std::collections::BTreeMap;

/// A group or project marked for deletion: when, and its path before and after the rename.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub at_ms: i64,
    pub original_full_path: String,
    pub full_path: String,
    pub name: String,
}

/// A project's container repository (`ContainerRepository`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRepository {
    pub id: u64,
    /// Empty for the project's root image.
    pub name: String,
    pub created_ms: i64,
    pub tags_count: u64,
}

/// A package in a project's package registry (`Packages::Package`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub id: u64,
    pub name: String,
    pub version: String,
    /// `npm`, `maven`, `generic`, ...
    pub package_type: String,
    pub created_ms: i64,
    pub last_downloaded_ms: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct CutoverStore {
    /// Archived or not, as set through the API (over what the seed says).
    pub archived: BTreeMap<Owner, bool>,
    pub marked: BTreeMap<Owner, Mark>,
    /// Removed for good, with the full path they had then: gone with everything under them.
    pub removed: BTreeMap<Owner, String>,
    /// Source project id → its container repositories.
    pub registries: BTreeMap<u64, Vec<ContainerRepository>>,
    /// Source project id → its packages.
    pub packages: BTreeMap<u64, Vec<Package>>,
}

impl CutoverStore {
    /// The full path a group or project created at `created_ms` under `path` has now: renamed by its own
    /// mark or an ancestor's (made after it was created), `None` once it or an ancestor was removed.
    pub fn current_path(&self, owner: Owner, path: &str, created_ms: i64) -> Option<String> {
        if self.removed.contains_key(&owner) {
            return None;
        }
        let mut current = match self.marked.get(&owner) {
            Some(m) => m.full_path.clone(),
            None => path.to_string(),
        };
        for (o, m) in &self.marked {
            if o.instance != owner.instance || o.kind != super::Kind::Group || m.at_ms < created_ms {
                continue;
            }
            if let Some(rest) = strip_prefix_ci(&current, &m.original_full_path) {
                current = format!("{}{rest}", m.full_path);
            }
        }
        let gone = self.removed.iter().any(|(o, p)| {
            o.instance == owner.instance && o.kind == super::Kind::Group && strip_prefix_ci(&current, p).is_some()
        });
        (!gone).then_some(current)
    }

    pub fn is_archived(&self, owner: Owner, seeded: bool) -> bool {
        self.archived.get(&owner).copied().unwrap_or(seeded)
    }
}

/// `path` below `prefix` (case-insensitive), what follows it ("/x/y"); `None` if it is not below it.
fn strip_prefix_ci<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    let rest = &path[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && rest.starts_with('/')).then_some(rest)
}
