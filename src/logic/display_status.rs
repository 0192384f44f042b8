//! The status a user sees, derived from what the server says.

use crate::api::{BulkImport, Entity, Status};

/// GitLab's own badge wording (import_entities/constants.js), plus "Partially completed", which the
/// server does not have: it is `finished` with `has_failures`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DisplayStatus {
    Pending,
    Importing,
    Complete,
    PartiallyCompleted,
    Failed,
    Timeout,
    Canceled,
    Unknown(String),
}

impl DisplayStatus {
    /// Every filterable status, in the order a user reads them.
    pub const FILTERS: [DisplayStatus; 7] = [
        DisplayStatus::Pending,
        DisplayStatus::Importing,
        DisplayStatus::Complete,
        DisplayStatus::PartiallyCompleted,
        DisplayStatus::Failed,
        DisplayStatus::Timeout,
        DisplayStatus::Canceled,
    ];

    pub fn derive(status: &Status, has_failures: bool) -> DisplayStatus {
        match status {
            Status::Created => DisplayStatus::Pending,
            Status::Started => DisplayStatus::Importing,
            Status::Finished if has_failures => DisplayStatus::PartiallyCompleted,
            Status::Finished => DisplayStatus::Complete,
            Status::Failed => DisplayStatus::Failed,
            Status::Timeout => DisplayStatus::Timeout,
            Status::Canceled => DisplayStatus::Canceled,
            Status::Unknown(s) => DisplayStatus::Unknown(s.clone()),
        }
    }

    pub fn of_import(import: &BulkImport) -> DisplayStatus {
        DisplayStatus::derive(&import.status, import.has_failures.unwrap_or(false))
    }

    /// `has_failures` is set only once an entity ends; inline failures tell earlier.
    pub fn of_entity(entity: &Entity) -> DisplayStatus {
        let has_failures = entity.has_failures.unwrap_or(false) || !entity.failures.is_empty();
        DisplayStatus::derive(&entity.status, has_failures)
    }

    /// A stable identifier for URLs, CSS classes and translation lookups.
    pub fn key(&self) -> &str {
        match self {
            DisplayStatus::Pending => "pending",
            DisplayStatus::Importing => "importing",
            DisplayStatus::Complete => "complete",
            DisplayStatus::PartiallyCompleted => "partial",
            DisplayStatus::Failed => "failed",
            DisplayStatus::Timeout => "timeout",
            DisplayStatus::Canceled => "canceled",
            DisplayStatus::Unknown(_) => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<DisplayStatus> {
        DisplayStatus::FILTERS.iter().find(|s| s.key() == key).cloned()
    }

    /// The server-side status filter that narrows to this one ("partial" is `finished`, then filtered here).
    pub fn server_status(&self) -> Option<Status> {
        match self {
            DisplayStatus::Pending => Some(Status::Created),
            DisplayStatus::Importing => Some(Status::Started),
            DisplayStatus::Complete | DisplayStatus::PartiallyCompleted => Some(Status::Finished),
            DisplayStatus::Failed => Some(Status::Failed),
            DisplayStatus::Timeout => Some(Status::Timeout),
            DisplayStatus::Canceled => Some(Status::Canceled),
            DisplayStatus::Unknown(_) => None,
        }
    }

    /// A small glyph so that the badge never relies on colour alone.
    pub fn icon(&self) -> &'static str {
        match self {
            DisplayStatus::Pending => "◷",
            DisplayStatus::Importing => "↻",
            DisplayStatus::Complete => "✓",
            DisplayStatus::PartiallyCompleted => "◐",
            DisplayStatus::Failed => "✕",
            DisplayStatus::Timeout => "◔",
            DisplayStatus::Canceled => "⊘",
            DisplayStatus::Unknown(_) => "?",
        }
    }
}
