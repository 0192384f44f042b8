//! A create request whose answer was lost (timeout, network, 5xx, a reload): did GitLab create the migration
//! all the same? Decided from a record kept before sending and the user's newest migrations, never by sending
//! again. The HTTP side is in `crate::data::start`.

use crate::api::Entity;
use crate::logic::draft::DraftRow;
use crate::logic::time::parse_timestamp_ms;
use serde::{Deserialize, Serialize};

/// How far the server's clock may lag the browser's when only the clock can tell.
pub const CLOCK_SKEW_MS: i64 = 60_000;

/// A request on its way: enough to recognise the migration it created if the answer never arrived.
/// Kept in sessionStorage as JSON (the field names are that format).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSubmission {
    /// Browser time when the request was sent.
    pub started_ms: i64,
    /// `namespace/slug` of each row of the request.
    pub destinations: Vec<String>,
    /// The newest migration id before the request: anything created by it has a larger id. Ids do not depend on
    /// the server's clock agreeing with the browser's (`started_ms` is the fallback when this could not be read).
    #[serde(default)]
    pub newest_before: Option<u64>,
}

impl PendingSubmission {
    /// Whether this record is about any of `destinations` (compared as GitLab does, ignoring case).
    pub fn concerns(&self, destinations: &[String]) -> bool {
        self.destinations.iter().any(|d| destinations.iter().any(|b| b.eq_ignore_ascii_case(d)))
    }

    fn includes(&self, destination: &str) -> bool {
        self.destinations.iter().any(|d| d.eq_ignore_ascii_case(destination))
    }
}

/// One of the user's newest migrations, with where its entities land.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenMigration {
    pub id: u64,
    pub created_at: Option<String>,
    /// `namespace/slug` of each entity ([`entity_destination`]).
    pub destinations: Vec<String>,
}

/// What became of a lost request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LostCreate {
    /// GitLab created it although the answer was lost: one request makes one migration, with every row in it.
    CreatedLate { migration_id: u64 },
    /// No migration of the user's lands there, yet: a slow server may still create it, so the record stays
    /// and the rows stay in the form.
    NotFound,
}

/// The rows of the form, sorted by what became of the lost request (row keys). Rows it did not carry are in
/// neither list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowsOutcome {
    /// Started: they leave the form, so that they are never sent twice.
    pub created_late: Vec<u64>,
    /// Not found: they stay in the form.
    pub still_pending: Vec<u64>,
}

/// Whether migration `id` may have been created by the request: newer than the id read before it, or, when
/// that could not be read, created since it started (with [`CLOCK_SKEW_MS`] of skew; no date: maybe).
pub fn may_be_ours(pending: &PendingSubmission, id: u64, created_at: Option<&str>) -> bool {
    match pending.newest_before {
        Some(before) => id > before,
        None => created_at.and_then(parse_timestamp_ms).unwrap_or(i64::MAX) >= pending.started_ms - CLOCK_SKEW_MS,
    }
}

/// Where an entity lands as the request asked it: `namespace/slug`, or `slug` at the top level.
pub fn entity_destination(e: &Entity) -> String {
    let slug = e.slug().unwrap_or_default();
    match e.destination_namespace.as_deref().filter(|n| !n.is_empty()) {
        Some(ns) => format!("{ns}/{slug}"),
        None => slug.to_string(),
    }
}

/// The first of `newest` (newest first) that may be ours and has an entity landing where the request asked.
pub fn decide(pending: &PendingSubmission, newest: &[SeenMigration]) -> LostCreate {
    newest
        .iter()
        .find(|m| {
            may_be_ours(pending, m.id, m.created_at.as_deref()) && m.destinations.iter().any(|d| pending.includes(d))
        })
        .map_or(LostCreate::NotFound, |m| LostCreate::CreatedLate { migration_id: m.id })
}

/// Which rows of the form the lost request carried were created late, and which stay pending.
pub fn sort_rows(pending: &PendingSubmission, outcome: LostCreate, rows: &[DraftRow]) -> RowsOutcome {
    let carried = rows.iter().filter(|r| pending.includes(&r.destination_full_path())).map(|r| r.key);
    match outcome {
        LostCreate::CreatedLate { .. } => RowsOutcome { created_late: carried.collect(), still_pending: Vec::new() },
        LostCreate::NotFound => RowsOutcome { created_late: Vec::new(), still_pending: carried.collect() },
    }
}
