//! Failures of one entity: text filter, grouping by relation and exception class, and export.

use crate::api::EntityFailure;
use crate::logic::instance_url::{normalize_instance_url, safe_link};
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

fn has(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// The table's optional columns, each shown only when some failure carries it: GitLab 16.6 and later send no
/// date and no step (`relation, exception_message, exception_class, correlation_id_value, source_url,
/// source_title`), 14.x to 16.5 sent them, 14.1 sent no title. No column is ever empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailureColumns {
    pub title: bool,
    pub correlation: bool,
    pub step: bool,
    pub date: bool,
}

pub fn columns<'a>(rows: impl IntoIterator<Item = &'a EntityFailure>) -> FailureColumns {
    let mut c = FailureColumns::default();
    for f in rows {
        c.title |= has(&f.source_title) || has(&f.source_url);
        c.correlation |= has(&f.correlation_id_value);
        c.step |= step_of(f).is_some();
        c.date |= has(&f.created_at);
    }
    c
}

/// `scheme://host[:port]` and the path of an http(s) URL, lower-cased; `None` for anything with user info,
/// a backslash or a character a host cannot hold (a browser would read such a host differently).
fn origin_and_path(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'));
    if !host_ok || path.contains('\\') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    Some((format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()), path.to_string()))
}

/// The link a failure's `source_url` becomes: an http(s) URL on the migration's source instance (same scheme,
/// host and port, under its path). When the instance is unknown, any safe http(s) link. Anything else
/// (`javascript:`, another host, user info) stays text: the server controls these strings.
pub fn source_link(url: &str, source_instance: Option<&str>) -> Option<String> {
    let link = safe_link(url)?;
    let (origin, path) = origin_and_path(link)?;
    let Some(base) = source_instance.map(str::trim).filter(|b| !b.is_empty()) else {
        return Some(link.to_string());
    };
    let base = normalize_instance_url(base).ok()?;
    let (base_origin, base_path) = origin_and_path(&base)?;
    let base_path = base_path.trim_end_matches('/');
    let under = path.strip_prefix(base_path).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    (origin == base_origin && under).then(|| link.to_string())
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

/// The export's columns: the entity, what current GitLab sends, then what only 14.x to 16.5 sent, each of
/// those only when some failure carries it (as the table shows them).
pub const CSV_COLUMNS: [&str; 7] =
    ["entity", "relation", "source_title", "source_url", "exception_class", "exception_message", "correlation_id"];

/// The columns of an export of `rows`: `CSV_COLUMNS`, and `step`, `created_at`, `pipeline_class` when sent.
pub fn csv_columns(rows: &[EntityFailure]) -> Vec<&'static str> {
    let mut out = CSV_COLUMNS.to_vec();
    if rows.iter().any(|f| step_of(f).is_some()) {
        out.push("step");
    }
    if rows.iter().any(|f| has(&f.created_at)) {
        out.push("created_at");
    }
    if rows.iter().any(|f| has(&f.pipeline_class)) {
        out.push("pipeline_class");
    }
    out
}

/// The CSV a support ticket or a spreadsheet takes. Cells that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, CR) get a leading apostrophe: failure titles come from anyone on the source.
pub fn to_csv(entity_path: &str, rows: &[EntityFailure]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let columns = csv_columns(rows);
    // Writing into a Vec cannot fail; errors are ignored rather than unwrapped so nothing can panic.
    let _ = writer.write_record(&columns);
    for f in rows {
        let cell = |v: &Option<String>| defuse_formula(v.as_deref().unwrap_or_default());
        let record = columns.iter().map(|c| match *c {
            "entity" => defuse_formula(entity_path),
            "relation" => defuse_formula(&relation_of(f).unwrap_or_default()),
            "source_title" => cell(&f.source_title),
            "source_url" => cell(&f.source_url),
            "exception_class" => cell(&f.exception_class),
            "exception_message" => cell(&f.exception_message),
            "correlation_id" => cell(&f.correlation_id_value),
            "step" => defuse_formula(step_of(f).unwrap_or_default()),
            "created_at" => cell(&f.created_at),
            _ => cell(&f.pipeline_class),
        });
        let _ = writer.write_record(record);
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
