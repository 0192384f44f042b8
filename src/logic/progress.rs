//! Progress figures from per-relation stats.

use crate::api::{RelationStats, Stats};

/// Totals over relations; `None` when the server sent no statistics (common, and not zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub source: u64,
    pub fetched: u64,
    pub imported: u64,
}

impl Totals {
    pub fn add(&mut self, s: &RelationStats) {
        self.source = self.source.saturating_add(s.source.unwrap_or(0));
        self.fetched = self.fetched.saturating_add(s.fetched.unwrap_or(0));
        self.imported = self.imported.saturating_add(s.imported.unwrap_or(0));
    }

    /// Imported out of what the source has (or what was fetched, when the source count is unknown).
    pub fn percent(&self) -> Option<u8> {
        let denominator = if self.source > 0 { self.source } else { self.fetched };
        if denominator == 0 {
            return None;
        }
        Some(((self.imported.min(denominator) as u128 * 100) / denominator as u128) as u8)
    }

    /// The totals as one relation's figures (all known).
    pub fn as_stats(&self) -> RelationStats {
        RelationStats { source: Some(self.source), fetched: Some(self.fetched), imported: Some(self.imported) }
    }

    /// Items the source has that did not arrive.
    pub fn missing(&self) -> u64 {
        self.source.saturating_sub(self.imported)
    }
}

pub fn totals(stats: &Stats) -> Option<Totals> {
    if stats.is_empty() {
        return None;
    }
    let mut t = Totals::default();
    stats.values().for_each(|s| t.add(s));
    Some(t)
}
