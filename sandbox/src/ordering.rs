//! `order_by` and `sort` as GitLab's list endpoints declare them (Grape `values:`), with their defaults, and
//! Grape's 400 for a value outside the list. The lists are read from `lib/api/groups.rb` (group lists and
//! `/groups/:id/projects`) and `lib/api/helpers/projects_helpers.rb`'s sort params (`/projects`).

use crate::pagination::{check, PageParams};
use std::cmp::Ordering;

/// `/groups`, `/groups/:id/subgroups`: `values: %w[name path id similarity]`, default `name`, `asc`.
pub const GROUP_ORDER: ListOrder = ListOrder { keys: &["name", "path", "id", "similarity"], key: "name", asc: true };

/// `/groups/:id/projects`: default `created_at`, `desc`.
pub const GROUP_PROJECTS_ORDER: ListOrder = ListOrder {
    keys: &["id", "name", "path", "created_at", "updated_at", "last_activity_at", "similarity", "star_count"],
    key: "created_at",
    asc: false,
};

/// `/projects`: default `created_at`, `desc`.
pub const PROJECTS_ORDER: ListOrder = ListOrder {
    keys: &[
        "id",
        "name",
        "path",
        "created_at",
        "updated_at",
        "last_activity_at",
        "similarity",
        "star_count",
        "storage_size",
        "repository_size",
        "wiki_size",
        "packages_size",
    ],
    key: "created_at",
    asc: false,
};

/// The values one endpoint accepts and its defaults.
pub struct ListOrder {
    pub keys: &'static [&'static str],
    pub key: &'static str,
    pub asc: bool,
}

/// What a request asked for, once checked.
#[derive(Clone, Copy, Debug)]
pub struct Order {
    pub key: &'static str,
    pub asc: bool,
}

impl ListOrder {
    /// Grape's validation of `order_by`, `sort` and the paging parameters together, in their declared order,
    /// messages joined with ", ": `{"error": "order_by does not have a valid value"}`.
    pub fn parse(&self, order_by: Option<&str>, sort: Option<&str>, page: &PageParams) -> Result<Order, String> {
        let mut errors = Vec::new();
        let key = match order_by {
            None => self.key,
            Some(v) => self.keys.iter().copied().find(|k| *k == v).unwrap_or_else(|| {
                errors.push("order_by does not have a valid value".to_string());
                self.key
            }),
        };
        let asc = match sort {
            None => self.asc,
            Some("asc") => true,
            Some("desc") => false,
            Some(_) => {
                errors.push("sort does not have a valid value".to_string());
                self.asc
            }
        };
        if let Err(e) = check(page) {
            errors.push(e);
        }
        if errors.is_empty() {
            Ok(Order { key, asc })
        } else {
            Err(errors.join(", "))
        }
    }
}

/// What a row offers to be sorted on. Strings compare byte-wise (PostgreSQL's C collation); ties fall back
/// to the id, as GitLab's finders add the primary key as a tie-breaker.
pub struct SortKey<'a> {
    pub id: u64,
    pub name: &'a str,
    pub path: &'a str,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub size: u64,
}

impl Order {
    pub fn compare(&self, a: &SortKey, b: &SortKey) -> Ordering {
        let primary = match self.key {
            "name" => a.name.cmp(b.name),
            "path" => a.path.cmp(b.path),
            "created_at" => a.created_ms.cmp(&b.created_ms),
            "updated_at" | "last_activity_at" => a.updated_ms.cmp(&b.updated_ms),
            "storage_size" | "repository_size" | "wiki_size" | "packages_size" => a.size.cmp(&b.size),
            // id, similarity (without a search) and star_count (always 0 here) order by id.
            _ => Ordering::Equal,
        };
        let ordering = primary.then(a.id.cmp(&b.id));
        if self.asc {
            ordering
        } else {
            ordering.reverse()
        }
    }

    /// Sorts `rows` by `key_of`.
    pub fn sort<T>(&self, rows: &mut [T], key_of: impl Fn(&T) -> SortKey<'_>) {
        rows.sort_by(|a, b| self.compare(&key_of(a), &key_of(b)));
    }
}
