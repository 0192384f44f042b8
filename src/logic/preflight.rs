//! The start form's pre-flight checks: a verdict for each thing GitLab would refuse, from facts gathered
//! beforehand (`crate::data::start`). No HTTP, no Leptos, no sentences: the page turns each check's kind and
//! detail into words.

use crate::api::{EntityType, Version};
use crate::logic::draft::{self, DraftRow};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// GitLab cannot tell (older version) or the check could not run: not a blocker.
    Warn,
    Fail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    FormValid,
    SourceVersion,
    /// Only when a row is a project.
    ProjectsSupported,
    SourceTokenScope,
    DestinationEnabled,
    SourceEnabled,
    DestinationPermission,
    NoCollision,
}

/// What is shown after the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    None,
    /// The source's version, as it wrote it.
    Version(String),
    /// The source token's scopes.
    Scopes(Vec<String>),
    /// Source paths GitLab refused to export, or destination paths already taken.
    Paths(Vec<String>),
    /// Destination namespaces the user may not create in, sorted and without repeats; `None` is the top level.
    Namespaces(Vec<Option<String>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    pub verdict: Verdict,
    pub detail: Detail,
}

/// A yes/no question put to an instance, which may go unanswered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// The request failed for another reason than a refusal (network, 5xx…), or was not made.
    #[default]
    CannotTell,
}

/// Whether the source lets the user export one of the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportAnswer {
    /// As written in the row.
    pub source_full_path: String,
    /// `No`: GitLab answered 404 or 403 (direct transfer disabled, or not Owner there).
    pub may_export: Answer,
}

/// The connected source instance.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceFacts {
    pub version: Version,
    /// `None` before 15.5, where GitLab cannot tell.
    pub scopes: Option<Vec<String>>,
    /// For the rows of [`export_probes`], in that order.
    pub exports: Vec<ExportAnswer>,
}

/// Everything the checks judge.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PreflightFacts {
    pub rows: Vec<DraftRow>,
    /// `None`: no source connected.
    pub source: Option<SourceFacts>,
    /// The destination's (major, minor).
    pub destination_version: Option<(u32, u32)>,
    /// Whether the destination lets the user list migrations (`No`: direct transfer is disabled there).
    pub destination_enabled: Answer,
    /// Whether the user may create a top-level group on the destination.
    pub can_create_group: bool,
    /// Full paths of the destination groups where the user may create subgroups and projects.
    pub destination_groups: Vec<String>,
    /// Lower-cased destination full path → taken (`true`) or free (`false`). Absent: not known (yet).
    pub collisions: HashMap<String, bool>,
}

/// GitLab checks the first entity of a request, and the console sends one request per type: the first row of
/// each type whose source path is valid, groups first. These are the rows the source is asked about.
pub fn export_probes(rows: &[DraftRow]) -> Vec<(EntityType, String)> {
    [EntityType::Group, EntityType::Project]
        .into_iter()
        .filter_map(|kind| {
            let first = rows.iter().find(|r| r.kind == kind && draft::valid_full_path(r.source_full_path.trim()))?;
            Some((kind, first.source_full_path.clone()))
        })
        .collect()
}

/// Every check, in the order shown.
pub fn run(facts: &PreflightFacts) -> Vec<Check> {
    let rows = &facts.rows;
    let source = facts.source.as_ref();
    let mut out = Vec::new();

    let problems = draft::validate(rows);
    let form_ok = problems.is_empty() && !rows.is_empty();
    out.push(check(CheckKind::FormValid, if form_ok { Verdict::Pass } else { Verdict::Fail }, Detail::None));

    let source_version = source.and_then(|s| s.version.major_minor());
    out.push(match (source, draft::version_at_least(source_version, (14, 0))) {
        (None, _) => check(CheckKind::SourceVersion, Verdict::Fail, Detail::None),
        (Some(s), ok) => check(CheckKind::SourceVersion, verdict_of(ok), Detail::Version(s.version.version.clone())),
    });

    if rows.iter().any(|r| r.kind == EntityType::Project) {
        let ok = draft::version_at_least(source_version, (14, 4))
            .zip(draft::version_at_least(facts.destination_version, (15, 11)))
            .map(|(a, b)| a && b);
        out.push(check(CheckKind::ProjectsSupported, verdict_of(ok), Detail::None));
    }

    out.push(match source.map(|s| &s.scopes) {
        None => check(CheckKind::SourceTokenScope, Verdict::Fail, Detail::None),
        Some(None) => check(CheckKind::SourceTokenScope, Verdict::Warn, Detail::None),
        Some(Some(scopes)) => {
            let api = scopes.iter().any(|s| s == "api");
            check(CheckKind::SourceTokenScope, verdict_of(Some(api)), Detail::Scopes(scopes.clone()))
        }
    });

    let enabled = match facts.destination_enabled {
        Answer::Yes => Verdict::Pass,
        Answer::No => Verdict::Fail,
        Answer::CannotTell => Verdict::Warn,
    };
    out.push(check(CheckKind::DestinationEnabled, enabled, Detail::None));

    out.push(match source {
        None => check(CheckKind::SourceEnabled, Verdict::Fail, Detail::None),
        Some(s) => {
            let mut verdict = Verdict::Pass;
            let mut refused = Vec::new();
            for e in &s.exports {
                match e.may_export {
                    Answer::Yes => {}
                    Answer::No => {
                        verdict = Verdict::Fail;
                        refused.push(e.source_full_path.clone());
                    }
                    Answer::CannotTell => verdict = worse(verdict, Verdict::Warn),
                }
            }
            check(CheckKind::SourceEnabled, verdict, Detail::Paths(refused))
        }
    });

    let mut refused: Vec<Option<String>> = rows
        .iter()
        .filter(|r| {
            let ns = r.destination_namespace.trim().trim_matches('/');
            if ns.is_empty() {
                !(r.kind == EntityType::Group && facts.can_create_group)
            } else {
                !facts.destination_groups.iter().any(|g| g.eq_ignore_ascii_case(ns))
            }
        })
        .map(|r| Some(r.destination_namespace.trim().to_string()).filter(|ns| !ns.is_empty()))
        .collect();
    refused.sort();
    refused.dedup();
    let verdict = if refused.is_empty() { Verdict::Pass } else { Verdict::Fail };
    out.push(check(CheckKind::DestinationPermission, verdict, Detail::Namespaces(refused)));

    // No rows: nothing is taken, and this passes; the form check fails instead.
    let mut verdict = Verdict::Pass;
    let mut taken = Vec::new();
    for r in rows {
        let full = r.destination_full_path();
        match facts.collisions.get(&full.to_ascii_lowercase()) {
            Some(false) => {}
            Some(true) => {
                verdict = Verdict::Fail;
                taken.push(full);
            }
            None => verdict = worse(verdict, Verdict::Warn),
        }
    }
    out.push(check(CheckKind::NoCollision, verdict, Detail::Paths(taken)));
    out
}

/// Whether anything stops the form from being sent.
pub fn blocking(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.verdict == Verdict::Fail)
}

fn check(kind: CheckKind, verdict: Verdict, detail: Detail) -> Check {
    Check { kind, verdict, detail }
}

fn verdict_of(ok: Option<bool>) -> Verdict {
    match ok {
        Some(true) => Verdict::Pass,
        Some(false) => Verdict::Fail,
        None => Verdict::Warn,
    }
}

/// Fail beats Warn beats Pass.
fn worse(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Fail, _) | (_, Verdict::Fail) => Verdict::Fail,
        (Verdict::Warn, _) | (_, Verdict::Warn) => Verdict::Warn,
        _ => Verdict::Pass,
    }
}
