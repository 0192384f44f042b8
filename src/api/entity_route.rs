//! Where one entity goes, read without the rest of it: what the migrations list shows per row.

use super::lenient;

/// Where one entity goes, without the rest of it. The migrations list names each migration's first
/// "source → destination" from this, read by hand from the row (`from_row`): a derived decoder cost ≈ 7 KB of
/// the first load, the full entity's ≈ 20 KB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityRoute {
    pub source_full_path: String,
    pub destination_full_path: Option<String>,
    pub destination_name: Option<String>,
    pub destination_slug: Option<String>,
    pub destination_namespace: Option<String>,
}

impl EntityRoute {
    /// Lenient as the derived decoders: a missing or wrongly typed field is absent.
    pub fn from_row(row: &serde_json::Value) -> EntityRoute {
        let text = |key: &str| row.get(key).and_then(lenient::text);
        EntityRoute {
            source_full_path: text("source_full_path").unwrap_or_default(),
            destination_full_path: text("destination_full_path"),
            destination_name: text("destination_name"),
            destination_slug: text("destination_slug"),
            destination_namespace: text("destination_namespace"),
        }
    }

    pub fn destination_display(&self) -> String {
        let slug = self.destination_slug.as_deref().or(self.destination_name.as_deref());
        destination_display(&self.destination_full_path, slug, &self.destination_namespace)
    }
}

/// The real path once it exists, otherwise `namespace/slug`.
pub(super) fn destination_display(full: &Option<String>, slug: Option<&str>, namespace: &Option<String>) -> String {
    if let Some(full) = full.as_deref().filter(|p| !p.is_empty()) {
        return full.to_string();
    }
    let slug = slug.unwrap_or_default();
    match namespace.as_deref().filter(|n| !n.is_empty()) {
        Some(ns) => format!("{ns}/{slug}"),
        None => slug.to_string(),
    }
}
