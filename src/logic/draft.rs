//! The start form's rows: GitLab's own validation rules, run before anything is sent, slug proposals,
//! where a refusal belongs, the 6-a-minute limit, and how rows are split into requests.

use crate::api::{EntityType, NewEntity, SourceType};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One group or project to migrate, as the user edits it. Kept in storage as a draft: no secrets here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    /// Local identity, stable while editing.
    pub key: u64,
    pub kind: EntityType,
    pub source_full_path: String,
    /// "" is the top level (groups only).
    pub destination_namespace: String,
    pub destination_slug: String,
    pub migrate_projects: bool,
    pub migrate_memberships: bool,
}

impl DraftRow {
    /// GitLab's defaults: projects and memberships come along.
    pub fn new(key: u64, kind: EntityType, source_full_path: &str, destination_namespace: &str) -> DraftRow {
        DraftRow {
            key,
            kind,
            source_full_path: source_full_path.trim().to_string(),
            destination_namespace: destination_namespace.trim().to_string(),
            destination_slug: propose_slug(source_full_path),
            migrate_projects: true,
            migrate_memberships: true,
        }
    }

    pub fn destination_full_path(&self) -> String {
        let ns = self.destination_namespace.trim().trim_matches('/');
        if ns.is_empty() {
            self.destination_slug.trim().to_string()
        } else {
            format!("{ns}/{}", self.destination_slug.trim())
        }
    }

    pub fn to_new_entity(&self) -> NewEntity {
        NewEntity {
            source_type: match self.kind {
                EntityType::Group => SourceType::GroupEntity,
                EntityType::Project => SourceType::ProjectEntity,
            },
            source_full_path: self.source_full_path.trim().to_string(),
            destination_namespace: self.destination_namespace.trim().trim_matches('/').to_string(),
            destination_slug: self.destination_slug.trim().to_string(),
            migrate_projects: (self.kind == EntityType::Group).then_some(self.migrate_projects),
            migrate_memberships: Some(self.migrate_memberships),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Source,
    Namespace,
    Slug,
}

/// What is wrong with a field; each maps to GitLab's own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// "source_full_path is missing"
    SourceMissing,
    /// NamespacePathValidator / ProjectPathValidator: "must be a relative path and not include protocol…"
    SourceFormat,
    NamespaceFormat,
    /// A project needs a group to land in (CreateService: "Destination '' is invalid, or you don't have permission.")
    ProjectAtTopLevel,
    /// "destination_slug, destination_name are missing, at least one parameter must be provided"
    SlugMissing,
    /// The OCI repository path rule: "can only include non-accented letters, digits, '_', '-' and '.'…"
    SlugFormat,
    /// The same destination twice ("'ns/slug' already exists" once the first is created).
    DuplicateDestination,
}

pub type RowProblems = HashMap<Field, Problem>;

/// `\A[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*\z`, and not ending with .git or .atom (GitLab's OCI path rule).
pub fn valid_slug(s: &str) -> bool {
    let mut last_was_separator = true; // no separator first
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            last_was_separator = false;
        } else if matches!(c, '.' | '_' | '-') && !last_was_separator {
            last_was_separator = true;
        } else {
            return false;
        }
    }
    !s.is_empty() && !last_was_separator && !s.ends_with(".git") && !s.ends_with(".atom")
}

/// GitLab's full path rule: segments of `[a-zA-Z0-9_.][a-zA-Z0-9_.-]*`, none ending with .git or .atom.
pub fn valid_full_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|seg| {
            let mut chars = seg.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '.')
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
                && !seg.ends_with(".git")
                && !seg.ends_with(".atom")
        })
}

/// Every problem of every row, by row key. Empty when the form may be sent.
pub fn validate(rows: &[DraftRow]) -> HashMap<u64, RowProblems> {
    let mut out: HashMap<u64, RowProblems> = HashMap::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let mut p = RowProblems::new();
        let source = row.source_full_path.trim();
        if source.is_empty() {
            p.insert(Field::Source, Problem::SourceMissing);
        } else if !valid_full_path(source) {
            p.insert(Field::Source, Problem::SourceFormat);
        }
        let ns = row.destination_namespace.trim();
        if !ns.is_empty() && !valid_full_path(ns.trim_matches('/')) {
            p.insert(Field::Namespace, Problem::NamespaceFormat);
        } else if ns.is_empty() && row.kind == EntityType::Project {
            p.insert(Field::Namespace, Problem::ProjectAtTopLevel);
        }
        let slug = row.destination_slug.trim();
        if slug.is_empty() {
            p.insert(Field::Slug, Problem::SlugMissing);
        } else if !valid_slug(slug) {
            p.insert(Field::Slug, Problem::SlugFormat);
        } else {
            // GitLab compares paths case-insensitively.
            let full = row.destination_full_path().to_ascii_lowercase();
            if seen.insert(full, row.key).is_some() {
                p.insert(Field::Slug, Problem::DuplicateDestination);
            }
        }
        if !p.is_empty() {
            out.insert(row.key, p);
        }
    }
    out
}

/// A slug from the source path's last segment, made valid: "My Group.git" → "My-Group".
pub fn propose_slug(source_full_path: &str) -> String {
    let last = source_full_path.trim().trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let last = last.strip_suffix(".git").or_else(|| last.strip_suffix(".atom")).unwrap_or(last);
    let mut out = String::new();
    for c in last.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' };
        let separator = matches!(c, '.' | '_' | '-');
        if separator && (out.is_empty() || out.ends_with(['.', '_', '-'])) {
            continue;
        }
        out.push(c);
    }
    loop {
        let trimmed = out.trim_end_matches(['.', '_', '-']);
        let trimmed = trimmed.strip_suffix(".git").or_else(|| trimmed.strip_suffix(".atom")).unwrap_or(trimmed);
        if trimmed.len() == out.len() {
            break;
        }
        out = trimmed.to_string();
    }
    if out.is_empty() {
        "imported".into()
    } else {
        out
    }
}

/// The rows a GitLab refusal concerns, so its message goes next to them. `batch` are the rows of one request,
/// in the order they were sent. Empty: the message is about the whole request.
pub fn rows_concerned(message: &str, batch: &[DraftRow]) -> Vec<u64> {
    let mut keys = Vec::new();
    // Grape: "entities[2][destination_slug] can only include…"
    let mut rest = message;
    while let Some(at) = rest.find("entities[") {
        rest = &rest[at + "entities[".len()..];
        if let Some(end) = rest.find(']') {
            if let Some(row) = rest[..end].parse::<usize>().ok().and_then(|i| batch.get(i)) {
                keys.push(row.key);
            }
        }
    }
    // CreateService: "'ns/slug' already exists", "Destination 'ns' is invalid", "'path' not found",
    // "permission to export 'path'".
    if keys.is_empty() {
        let quoted: Vec<&str> = message.split('\'').skip(1).step_by(2).collect();
        for q in quoted {
            for row in batch {
                let hit = if message.contains("already exists") {
                    row.destination_full_path().eq_ignore_ascii_case(q)
                } else if message.contains("Destination '") {
                    row.destination_namespace.trim().trim_matches('/') == q
                } else {
                    row.source_full_path.trim() == q
                };
                if hit && !keys.contains(&row.key) {
                    keys.push(row.key);
                }
            }
        }
    }
    keys
}

/// GitLab reads only the first entity's type for the whole request: one request per type, groups first.
pub fn batches(rows: &[DraftRow]) -> Vec<(EntityType, Vec<DraftRow>)> {
    [EntityType::Group, EntityType::Project]
        .into_iter()
        .map(|kind| (kind, rows.iter().filter(|r| r.kind == kind).cloned().collect::<Vec<_>>()))
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// GitLab's limit on creating migrations: 6 a minute per user.
pub const RATE_LIMIT: usize = 6;
pub const RATE_WINDOW_MS: i64 = 60_000;

/// How long to wait before one more creation is allowed, given when the recent ones happened.
pub fn rate_wait_ms(now_ms: i64, recent_ms: &[i64]) -> i64 {
    let mut in_window: Vec<i64> =
        recent_ms.iter().copied().filter(|t| now_ms - t < RATE_WINDOW_MS && *t <= now_ms).collect();
    if in_window.len() < RATE_LIMIT {
        return 0;
    }
    in_window.sort_unstable();
    // The oldest of the last RATE_LIMIT must leave the window.
    let oldest_blocking = in_window[in_window.len() - RATE_LIMIT];
    (oldest_blocking + RATE_WINDOW_MS - now_ms).max(0)
}

/// Source (major, minor) at least 14.0 migrates groups; projects need a 14.4 source and a 15.11 destination.
pub fn version_at_least(version: Option<(u32, u32)>, min: (u32, u32)) -> Option<bool> {
    version.map(|v| v >= min)
}
