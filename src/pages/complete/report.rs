//! The report of "Complete the move" (HTML and Markdown): the migration's facts and, per kind, how many items
//! were copied, wait for a person (deploy tokens and triggers to recreate among them), were the same, or
//! cannot move (registries). Counts only: never a value.

use super::rows::kind_name;
use crate::api::BulkImport;
use crate::data::complete::Completion;
use crate::i18n::{t_string, use_i18n};
use crate::logic::complete::after_copy_counts;
use crate::logic::report::{AfterCopyRow, Report};
use leptos::prelude::*;

/// Builds the report from what the page holds now.
pub fn make_report(id: u64, record: Option<BulkImport>, run: Completion) -> Report {
    let i18n = use_i18n();
    let mut report = crate::pages::verify::build_report(
        id,
        record.as_ref(),
        &[],
        Default::default(),
        run.source_read.get_untracked(),
    );
    let rows = run.rows();
    let results = run.results.get_untracked();
    let items =
        rows.iter().flat_map(|(e, kinds)| kinds.iter().flat_map(move |k| k.items.iter().map(move |i| (e.id, i))));
    let with_results: Vec<_> =
        items.map(|(eid, i)| (i, results.get(eid, i.kind, i.identity()).map(|r| &r.outcome))).collect();
    let counts = after_copy_counts(with_results);
    let mut after: Vec<AfterCopyRow> = counts
        .into_iter()
        .map(|(kind, (copied, needs_person, same))| AfterCopyRow {
            kind: kind_name(i18n, kind).to_string(),
            copied,
            needs_person,
            same,
            cannot_move: 0,
        })
        .collect();
    let (repositories, packages) = run.cutover.inventory.with_untracked(|inv| {
        inv.values().flatten().fold((0, 0), |(r, p), i| (r + i.repositories, p + i.package_count()))
    });
    for (kind, n) in
        [(t_string!(i18n, report_kind_repositories), repositories), (t_string!(i18n, report_kind_packages), packages)]
    {
        after.push(AfterCopyRow { kind: kind.to_string(), cannot_move: n, ..Default::default() });
    }
    // A person recreates them (a new one is a new secret): counted, never a token.
    let (deploy, triggers) = run.tokens.with_untracked(|t| {
        crate::logic::complete::tokens::to_recreate(t.values().filter_map(|r| r.as_ref().ok()).flatten())
    });
    for (kind, n) in [
        (t_string!(i18n, complete_report_deploy_tokens), deploy),
        (t_string!(i18n, complete_report_triggers), triggers),
    ] {
        after.push(AfterCopyRow { kind: kind.to_string(), needs_person: n, ..Default::default() });
    }
    report.after_copy = after;
    report
}
