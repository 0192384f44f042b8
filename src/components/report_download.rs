//! Download buttons for the migration report: one self-contained HTML file, or Markdown for a GitLab issue.

use crate::browser::download_text;
use crate::i18n::{t_string, use_i18n};
use crate::logic::report::{file_name, to_html, to_markdown, Report, ReportText};
use leptos::prelude::*;

/// The report's words in the current language.
pub fn report_text() -> ReportText {
    let i18n = use_i18n();
    let w = |s: &str| s.to_string();
    ReportText {
        title: w(t_string!(i18n, report_title)),
        instances: w(t_string!(i18n, report_instances)),
        destination: w(t_string!(i18n, report_destination)),
        source: w(t_string!(i18n, report_source)),
        started_by: w(t_string!(i18n, report_started_by)),
        created: w(t_string!(i18n, col_created)),
        updated: w(t_string!(i18n, col_updated)),
        duration: w(t_string!(i18n, col_duration)),
        status: w(t_string!(i18n, col_status)),
        generated: w(t_string!(i18n, report_generated)),
        summary: w(t_string!(i18n, report_summary)),
        entities: w(t_string!(i18n, report_entities)),
        relation: w(t_string!(i18n, verify_col_relation)),
        source_count: w(t_string!(i18n, verify_col_source)),
        stats_source: w(t_string!(i18n, verify_col_stats_source)),
        fetched: w(t_string!(i18n, verify_col_fetched)),
        imported: w(t_string!(i18n, verify_col_imported)),
        destination_count: w(t_string!(i18n, verify_col_destination)),
        result: w(t_string!(i18n, verify_col_result)),
        ok: w(t_string!(i18n, verify_ok)),
        missing: w(t_string!(i18n, verify_missing)),
        extra: w(t_string!(i18n, verify_extra)),
        explained: w(t_string!(i18n, verify_explained)),
        unknown: w(t_string!(i18n, verify_unknown)),
        not_counted: w(t_string!(i18n, verify_not_counted)),
        source_not_connected: w(t_string!(i18n, verify_source_missing)),
        failures: w(t_string!(i18n, report_failures)),
        exception_class: w(t_string!(i18n, report_exception)),
        count: w(t_string!(i18n, report_count)),
        example: w(t_string!(i18n, report_example)),
        no_failures: w(t_string!(i18n, report_no_failures)),
        reruns: w(t_string!(i18n, report_reruns)),
        no_reruns: w(t_string!(i18n, report_no_reruns)),
        rows_matching: w(t_string!(i18n, report_rows_matching)),
        rows_differing: w(t_string!(i18n, report_rows_differing)),
        unexplained: w(t_string!(i18n, report_unexplained)),
        after_copy: w(t_string!(i18n, report_after_copy)),
        after_kind: w(t_string!(i18n, report_after_kind)),
        after_copied: w(t_string!(i18n, report_after_copied)),
        after_needs_person: w(t_string!(i18n, complete_v_needs_person)),
        after_same: w(t_string!(i18n, complete_v_same)),
        after_cannot_move: w(t_string!(i18n, report_after_cannot_move)),
    }
}

/// `make_report` makes the report when a button is clicked (not on every change of what it reads).
#[component]
pub fn ReportDownload(
    migration_id: u64,
    make_report: Callback<(), Report>,
    #[prop(into)] ready: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = move |markdown: bool| {
        let report = make_report.run(());
        let text = report_text();
        if markdown {
            download_text(&file_name(migration_id, "md"), "text/markdown;charset=utf-8", &to_markdown(&report, &text));
        } else {
            download_text(&file_name(migration_id, "html"), "text/html;charset=utf-8", &to_html(&report, &text));
        }
    };
    view! {
        <div class="actions">
            <button
                type="button"
                class="button button-small"
                data-testid="report-html"
                disabled=move || !ready.get()
                on:click=move |_| save(false)
            >
                {move || t_string!(i18n, report_download_html)}
            </button>
            <button
                type="button"
                class="button button-small"
                data-testid="report-markdown"
                disabled=move || !ready.get()
                on:click=move |_| save(true)
            >
                {move || t_string!(i18n, report_download_markdown)}
            </button>
        </div>
    }
}
