//! A migration report for sign-off: one self-contained HTML file and Markdown for a GitLab issue, built from
//! the same model. Every string that came from a server is untrusted: each renderer escapes all of it, and no
//! token is ever part of the model.

mod html;
mod markdown;

pub use html::to_html;
pub use markdown::{code as markdown_code, to_markdown};

use super::failures::FailureGroup;
use super::verify::{Summary, VerifyRow};

/// The words of a report, in the reader's language (the page fills them from its translations).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportText {
    pub title: String,
    pub instances: String,
    pub destination: String,
    pub source: String,
    pub started_by: String,
    pub created: String,
    pub updated: String,
    pub duration: String,
    pub status: String,
    pub generated: String,
    pub summary: String,
    pub entities: String,
    pub relation: String,
    pub source_count: String,
    pub stats_source: String,
    pub fetched: String,
    pub imported: String,
    pub destination_count: String,
    pub result: String,
    pub ok: String,
    pub missing: String,
    pub extra: String,
    pub explained: String,
    pub unknown: String,
    pub not_counted: String,
    pub source_not_connected: String,
    pub failures: String,
    pub exception_class: String,
    pub count: String,
    pub example: String,
    pub no_failures: String,
    pub reruns: String,
    pub no_reruns: String,
    pub rows_matching: String,
    pub rows_differing: String,
    pub unexplained: String,
    pub after_copy: String,
    pub after_kind: String,
    pub after_copied: String,
    pub after_needs_person: String,
    pub after_same: String,
    pub after_cannot_move: String,
}

/// One kind of what direct transfer leaves behind, as "Complete the move" left it: counts only, never a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AfterCopyRow {
    /// "CI/CD variables", "Container repositories"…, translated.
    pub kind: String,
    pub copied: usize,
    pub needs_person: usize,
    pub same: usize,
    pub cannot_move: usize,
}

/// One entity as the report shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportEntity {
    /// "Group" / "Project", translated.
    pub kind: String,
    pub source_path: String,
    pub destination_path: String,
    /// Translated status label, and its stable key for styling ("complete", "partial"...).
    pub status: String,
    pub status_key: String,
    pub rows: Vec<VerifyRow>,
    pub failure_groups: Vec<FailureGroup>,
}

/// Everything a report says. No token: the client never hands one to this model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub migration_id: u64,
    pub destination: String,
    /// The source instance as the migration records it.
    pub source: Option<String>,
    /// Whether the source was connected and counted (else its column says so).
    pub source_counted: bool,
    pub started_by: String,
    /// Already formatted for the reader.
    pub created: String,
    pub updated: String,
    pub duration: String,
    pub status: String,
    pub status_key: String,
    pub generated: String,
    pub summary: Summary,
    pub entities: Vec<ReportEntity>,
    /// Re-runs of this migration's entities, or the migration it re-imports ("imported again in migration
    /// #N"), one line each: a hook for the re-run feature; empty when none is known.
    pub reruns: Vec<String>,
    /// What was done after the copy (#26); empty in a verification's report.
    pub after_copy: Vec<AfterCopyRow>,
}

impl Report {
    /// A report of "Complete the move" alone carries no verification: its summary and entities are left out.
    pub fn has_verification(&self) -> bool {
        !self.entities.is_empty() || self.after_copy.is_empty()
    }
}

/// Reports keep very long server strings readable: the first `MAX_CHARS` characters and an ellipsis.
pub const MAX_CHARS: usize = 300;

pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_CHARS).collect();
    if s.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The file name of a report, from the migration id only (no server text in a file name).
pub fn file_name(migration_id: u64, extension: &str) -> String {
    format!("migration-{migration_id}-report.{extension}")
}

/// The result cell of a row: "✔", "−3 (3 explained by failures)", "+2", "?".
pub(crate) fn verdict_text(row: &VerifyRow, text: &ReportText) -> String {
    use super::verify::{group_digits, Verdict};
    match row.verdict() {
        Verdict::Match => format!("✔ {}", text.ok),
        Verdict::Missing { missing, explained } => {
            let mut s = format!("−{} {}", group_digits(missing), text.missing);
            if explained > 0 {
                s.push_str(&format!(" ({}: {})", text.explained, group_digits(explained)));
            }
            s
        }
        Verdict::Extra(n) => format!("+{} {}", group_digits(n), text.extra),
        Verdict::Unknown => format!("? {}", text.unknown),
    }
}

/// The numbers of a row, as cells: source count, stats source, fetched, imported, destination count.
pub(crate) fn number_cells(row: &VerifyRow, report: &Report, text: &ReportText) -> [String; 5] {
    use super::verify::group_digits;
    let num = |n: Option<u64>| n.map(group_digits).unwrap_or_else(|| "—".into());
    let source = match (row.source, report.source_counted) {
        (Some(c), _) => c.text(),
        (None, true) => "—".into(),
        (None, false) => text.not_counted.clone(),
    };
    let stats = row.stats.unwrap_or_default();
    [
        source,
        num(stats.source),
        num(stats.fetched),
        num(stats.imported),
        row.destination.map(|c| c.text()).unwrap_or_else(|| "—".into()),
    ]
}
