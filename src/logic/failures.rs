//! Failures of one entity: text filter, grouping by relation and exception class, and export.

use crate::api::EntityFailure;
use std::collections::HashMap;

/// The relation a failure belongs to. Servers before 15 send only the pipeline (14.1: `pipeline_class`
/// "BulkImports::Common::Pipelines::MergeRequestsPipeline"): then the relation is read from its name.
pub fn relation_of(f: &EntityFailure) -> Option<String> {
    match f.relation.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => Some(r.to_string()),
        _ => pipeline_relation(f.pipeline_class.as_deref()?),
    }
}

/// "BulkImports::Common::Pipelines::MergeRequestsPipeline" → "merge_requests"; `None` for anything else.
pub fn pipeline_relation(class: &str) -> Option<String> {
    let name = class.trim().rsplit("::").next()?;
    let name = name.strip_suffix("Pipeline").unwrap_or(name);
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    Some(out)
}

/// The step that failed: `step`, or 14.1's `pipeline_step` ("extractor", "transformer", "loader").
pub fn step_of(f: &EntityFailure) -> Option<&str> {
    f.step.as_deref().or(f.pipeline_step.as_deref()).map(str::trim).filter(|s| !s.is_empty())
}

/// The lower-cased text a failure is searched in: relation, title, class, message and correlation id.
pub fn haystack(f: &EntityFailure) -> String {
    let relation = relation_of(f);
    let parts = [&relation, &f.source_title, &f.exception_class, &f.exception_message, &f.correlation_id_value];
    let mut out = String::new();
    for p in parts.into_iter().flatten() {
        out.push_str(&p.to_lowercase());
        out.push('\u{1}'); // a separator no query contains, so matches never span two fields
    }
    out
}

/// Positions of the haystacks containing `text` (case-insensitive); all of them for an empty text.
pub fn filter_haystacks(haystacks: &[String], text: &str) -> Vec<usize> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return (0..haystacks.len()).collect();
    }
    haystacks.iter().enumerate().filter(|(_, h)| h.contains(&needle)).map(|(i, _)| i).collect()
}

/// The search text as the haystacks are compared with it.
pub fn needle(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Same result as `filter_haystacks`, but when the new needle contains the previous one (the user typed on),
/// only the previous matches are searched again: later keystrokes get cheaper instead of costing a full scan.
pub fn refine_haystacks(haystacks: &[String], text: &str, previous: Option<(&str, &[usize])>) -> Vec<usize> {
    let needle = needle(text);
    match previous {
        Some((old, matches)) if !old.is_empty() && needle.contains(old) => {
            matches.iter().copied().filter(|&i| haystacks.get(i).is_some_and(|h| h.contains(&needle))).collect()
        }
        _ => filter_haystacks(haystacks, text),
    }
}

/// Failures sharing a relation and an exception class: the patterns behind generic messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailureGroup {
    pub relation: String,
    pub exception_class: String,
    pub count: usize,
    /// The first message seen, as an example.
    pub example: String,
}

/// Largest groups first; ties by relation then class so the order is stable.
pub fn group(rows: &[EntityFailure]) -> Vec<FailureGroup> {
    let mut groups: HashMap<(String, String), FailureGroup> = HashMap::new();
    for f in rows {
        let relation = relation_of(f).unwrap_or_default();
        let class = f.exception_class.clone().unwrap_or_default();
        groups
            .entry((relation.clone(), class.clone()))
            .or_insert_with(|| FailureGroup {
                relation,
                exception_class: class,
                count: 0,
                example: f.exception_message.clone().unwrap_or_default(),
            })
            .count += 1;
    }
    let mut out: Vec<FailureGroup> = groups.into_values().collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.relation.cmp(&b.relation))
            .then_with(|| a.exception_class.cmp(&b.exception_class))
    });
    out
}

pub const CSV_COLUMNS: [&str; 10] = [
    "entity",
    "relation",
    "source_title",
    "source_url",
    "exception_class",
    "exception_message",
    "correlation_id",
    "created_at",
    "pipeline_class",
    "pipeline_step",
];

/// The CSV a support ticket or a spreadsheet takes. Cells that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, CR) get a leading apostrophe: failure titles come from anyone on the source.
pub fn to_csv(entity_path: &str, rows: &[EntityFailure]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing into a Vec cannot fail; errors are ignored rather than unwrapped so nothing can panic.
    let _ = writer.write_record(CSV_COLUMNS);
    for f in rows {
        let cell = |v: &Option<String>| defuse_formula(v.as_deref().unwrap_or_default());
        let step = f.pipeline_step.as_ref().or(f.step.as_ref());
        let _ = writer.write_record([
            defuse_formula(entity_path),
            cell(&f.relation),
            cell(&f.source_title),
            cell(&f.source_url),
            cell(&f.exception_class),
            cell(&f.exception_message),
            cell(&f.correlation_id_value),
            cell(&f.created_at),
            cell(&f.pipeline_class),
            cell(&step.cloned()),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

pub fn defuse_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Pretty JSON with the entity named, for scripts.
pub fn to_json(entity_path: &str, rows: &[EntityFailure]) -> String {
    let doc = serde_json::json!({ "entity": entity_path, "count": rows.len(), "failures": rows });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A file name from the entity's path: only characters every file system accepts.
pub fn export_file_name(entity_path: &str, entity_id: u64, extension: &str) -> String {
    let mut safe: String = entity_path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '-' })
        .take(80)
        .collect();
    safe = safe.trim_matches(|c| c == '-' || c == '.').to_string();
    if safe.is_empty() {
        safe = "entity".into();
    }
    format!("failures-{safe}-{entity_id}.{extension}")
}
