//! What the writes came to: per item, GitLab's answer, kept by entity and kind.

use crate::api::ApiError;
use crate::logic::complete::requests::Outcome;
use crate::logic::complete::SettingKind;
use std::collections::HashMap;

/// An item's place: entity, kind, identity.
pub type RowKey = (u64, SettingKind, String);

/// The writes' results, by entity and kind, then by the item's identity: looked up with a `&str`, so counting
/// what is left over 25,000 items allocates nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results(HashMap<(u64, SettingKind), HashMap<String, RowResult>>);

impl Results {
    pub fn get(&self, entity: u64, kind: SettingKind, identity: &str) -> Option<&RowResult> {
        self.0.get(&(entity, kind))?.get(identity)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn extend(&mut self, items: impl IntoIterator<Item = (RowKey, RowResult)>) {
        for ((entity, kind, identity), result) in items {
            self.0.entry((entity, kind)).or_default().insert(identity, result);
        }
    }
}

/// What one write came to, and GitLab's error when it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct RowResult {
    pub outcome: Outcome,
    pub error: Option<ApiError>,
}
