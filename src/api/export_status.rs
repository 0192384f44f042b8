//! The source's relation exports (`GET /{groups|projects}/:id/export_relations/status`,
//! `API::Entities::BulkImports::ExportStatus`): what the destination waits for. Decoded leniently: `status` is
//! an integer on GitLab (-2 pending, 0 started, 1 finished, -1 failed), a name in its docs' example.

use super::lenient;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ExportState {
    Pending,
    Started,
    Finished,
    Failed,
    #[default]
    Unknown,
}

fn state<'de, D: Deserializer<'de>>(d: D) -> Result<ExportState, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => match n.as_i64() {
            Some(-2) => ExportState::Pending,
            Some(0) => ExportState::Started,
            Some(1) => ExportState::Finished,
            Some(-1) => ExportState::Failed,
            _ => ExportState::Unknown,
        },
        Value::String(s) => match s.as_str() {
            "pending" => ExportState::Pending,
            "started" => ExportState::Started,
            "finished" => ExportState::Finished,
            "failed" => ExportState::Failed,
            _ => ExportState::Unknown,
        },
        _ => ExportState::Unknown,
    })
}

/// One batch of a batched relation export.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ExportBatch {
    #[serde(default, deserialize_with = "state")]
    pub status: ExportState,
    #[serde(default, deserialize_with = "lenient::count")]
    pub batch_number: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub objects_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub error: Option<String>,
}

/// One relation's export on the source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ExportRelation {
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub relation: String,
    #[serde(default, deserialize_with = "state")]
    pub status: ExportState,
    #[serde(default, deserialize_with = "lenient::string")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub batched: Option<bool>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub batches_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_objects_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub batches: Vec<ExportBatch>,
}

impl ExportRelation {
    /// Batches the source has finished exporting.
    pub fn batches_done(&self) -> u64 {
        self.batches.iter().filter(|b| b.status == ExportState::Finished).count() as u64
    }
}
