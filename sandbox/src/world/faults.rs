//! The source export fault the world holds while it is set (`POST /-/sandbox/faults {"source_export": …}`);
//! `source/export.rs` makes the running entities feel it.

use serde::{Deserialize, Serialize};

/// How the source's relation exports misbehave for the entities running while it is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SourceExportFault {
    /// `export_relations/status` answers `[]`; the destination fails the entity after 5 minutes with
    /// "Empty export status on source instance".
    NeverStarts,
    /// One relation's export fails (`status: -1`); the destination records "Export from source instance
    /// failed: …" and the entity ends partially completed.
    FailsOne,
    /// Exports stay started and nothing moves: no batch, no stat, no `updated_at` changes until the
    /// entity times out.
    Stuck,
}
