//! Bulk by sheet: GitLab's CSV to download; a filled sheet uploaded and every row checked before anything
//! is sent; then either the sheet sent to GitLab (results by email) or the matched rows applied here, a few
//! at a time, each row's result as it comes, stoppable, with a results CSV at the end.

use super::sheet_table::{Loaded, Phase, SheetTable};
use crate::api::ApiError;
use crate::components::error_notice::error_text_in;
use crate::data::sheet::{self as data, Job};
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::sheet::{check_file, parse, results_csv, RowResult, SheetError, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use std::sync::Arc;

fn sheet_error(i18n: I18nContext<Locale>, e: SheetError) -> String {
    match e {
        SheetError::Extension => t_string!(i18n, sheet_err_extension),
        SheetError::TooLarge => t_string!(i18n, sheet_err_too_large),
        SheetError::TooManyRows => t_string!(i18n, sheet_err_too_many_rows),
        SheetError::NotUtf8 => t_string!(i18n, sheet_err_not_utf8),
        SheetError::Header => t_string!(i18n, sheet_err_header),
    }
    .to_string()
}

/// The sheet panel of one group; `on_changed` after rows were applied (the table refreshes).
#[component]
pub fn SheetPanel(group: Signal<String>, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let scope = PageScope::new();
    let phase = RwSignal::new(Phase::Idle);
    let loaded: RwSignal<Option<Arc<Loaded>>> = RwSignal::new(None);
    let stop = RwSignal::new(false);
    // Reassigned, refused, failed.
    let counts = RwSignal::new([0usize; 3]);
    let note: RwSignal<Option<String>> = RwSignal::new(None);

    let download_sheet = move |_| {
        let group = group.get_untracked();
        spawn_local(async move {
            match data::download(scope, group.clone()).await {
                Ok(csv) => {
                    let name = crate::logic::failures::export_file_name(&group, 0, "csv")
                        .replacen("failures-", "placeholder-reassignments-", 1)
                        .replace("-0.csv", ".csv");
                    crate::browser::download_text(&name, "text/csv", &csv);
                }
                Err(e) => {
                    let _ = note.try_set(Some(error_text_in(i18n, &e)));
                }
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        loaded.set(None);
        note.set(None);
        counts.set([0; 3]);
        let name = file.name();
        if let Err(e) = check_file(&name, file.size() as u64) {
            phase.set(Phase::Problem(sheet_error(i18n, e)));
            return;
        }
        phase.set(Phase::Reading);
        let group = group.get_untracked();
        spawn_local(async move {
            let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                let _ = phase.try_set(Phase::Problem(t_string!(i18n, sheet_err_unreadable).to_string()));
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            let rows = match parse(&bytes) {
                Ok(rows) => rows,
                Err(e) => {
                    let _ = phase.try_set(Phase::Problem(sheet_error(i18n, e)));
                    return;
                }
            };
            let progress = |done, total| {
                let _ = phase.try_set(Phase::Checking(done, total));
            };
            match data::check(scope, group, &rows, progress).await {
                Ok(verdicts) => {
                    let results = rows.iter().map(|_| RwSignal::new(None)).collect();
                    let _ = loaded.try_set(Some(Arc::new(Loaded { name, bytes, rows, verdicts, results })));
                    let _ = phase.try_set(Phase::Ready);
                }
                Err(e) => {
                    let _ = phase.try_set(Phase::Problem(error_text_in(i18n, &e)));
                }
            }
        });
    };

    let apply_here = move |_| {
        let Some(sheet) = loaded.get_untracked() else { return };
        let jobs: Vec<Job> = sheet
            .verdicts
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Verdict::Matched { source_id, user_id, .. } => Some((i, source_id.clone(), *user_id)),
                _ => None,
            })
            .collect();
        stop.set(false);
        phase.set(Phase::Applying);
        spawn_local(async move {
            let record = {
                let sheet = sheet.clone();
                move |(index, answer): (usize, crate::data::contributions::RowAnswer)| {
                    let (result, slot) = match answer {
                        Ok(Ok(_)) => (RowResult::Reassigned, 0),
                        Ok(Err(refusal)) => (RowResult::Refused(refusal), 1),
                        Err(e) => (RowResult::Failed(error_text_in(i18n, &e)), 2),
                    };
                    if let Some(cell) = sheet.results.get(index) {
                        let _ = cell.try_set(Some(result));
                    }
                    let _ = counts.try_update(|c| c[slot] += 1);
                }
            };
            // A stopped run sends nothing more; the requests already out finish and are recorded.
            let stopped = move || stop.try_get_untracked().unwrap_or(true);
            let jobs: Vec<Job> = jobs;
            data::apply(scope, jobs, record, stopped).await;
            let end = if stopped() { Phase::Stopped } else { Phase::Finished };
            let _ = phase.try_set(end);
            // The page may have been left meanwhile: its callback is gone then.
            let _ = on_changed.try_run(());
        });
    };

    let send_to_gitlab = move |_| {
        let Some(sheet) = loaded.get_untracked() else { return };
        let group = group.get_untracked();
        phase.set(Phase::Applying);
        spawn_local(async move {
            let next = match data::send(scope, group, sheet.name.clone(), sheet.bytes.clone()).await {
                Ok(message) => Phase::Sent(message),
                Err(ApiError::Unprocessable(m)) => {
                    Phase::Problem(t_string!(i18n, contrib_refused, reason = m).to_string())
                }
                Err(e) => Phase::Problem(error_text_in(i18n, &e)),
            };
            let _ = phase.try_set(next);
        });
    };

    let download_results = move |_| {
        let Some(sheet) = loaded.get_untracked() else { return };
        let results: Vec<Option<RowResult>> = sheet.results.iter().map(|r| r.get_untracked()).collect();
        let csv = results_csv(&sheet.rows, &sheet.verdicts, &results);
        crate::browser::download_text("reassignment-results.csv", "text/csv", &csv);
    };

    let matched =
        move || loaded.with(|l| l.as_ref().map_or(0, |s| s.verdicts.iter().filter(|v| v.is_matched()).count()));
    let busy = move || matches!(phase.get(), Phase::Reading | Phase::Checking(..) | Phase::Applying);

    view! {
        <details class="sheet-panel" data-testid="sheet-panel">
            <summary>{move || t_string!(i18n, sheet_title)}</summary>
            <p class="muted">{move || t_string!(i18n, sheet_intro)}</p>
            <div class="filters">
                <button class="button button-small" data-testid="sheet-download" on:click=download_sheet>
                    {move || t_string!(i18n, sheet_download)}
                </button>
                <label>
                    <span class="filter-label">{move || t_string!(i18n, sheet_upload)}</span>
                    <input
                        type="file"
                        accept=".csv,text/csv"
                        data-testid="sheet-file"
                        prop:disabled=busy
                        on:change=on_file
                    />
                </label>
            </div>
            {move || {
                note.get()
                    .map(|t| {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {t}
                            </p>
                        }
                    })
            }}
            {move || {
                let text = match phase.get() {
                    Phase::Reading => t_string!(i18n, sheet_reading).to_string(),
                    Phase::Checking(done, total) => {
                        t_string!(i18n, sheet_checking, done = done, total = total).to_string()
                    }
                    _ => return None,
                };
                Some(
                    view! {
                        <p class="muted" role="status" data-testid="sheet-status">
                            {text}
                        </p>
                    },
                )
            }}
            {move || match phase.get() {
                Phase::Problem(text) => {
                    Some(
                        view! {
                            <p class="notice notice-error" role="alert" data-testid="sheet-error">
                                {text}
                            </p>
                        }
                            .into_any(),
                    )
                }
                Phase::Sent(message) => {
                    Some(
                        view! {
                            <p class="notice notice-info" role="status" data-testid="sheet-sent">
                                {t_string!(i18n, sheet_sent, message = message).to_string()}
                            </p>
                        }
                            .into_any(),
                    )
                }
                _ => None,
            }}
            {move || {
                loaded
                    .get()
                    .map(|sheet| {
                        view! {
                            <SheetTable
                                sheet=sheet
                                phase=phase
                                stop=stop
                                counts=counts
                                matched=Signal::derive(matched)
                                apply_here=apply_here
                                send_to_gitlab=send_to_gitlab
                                download_results=download_results
                            />
                        }
                    })
            }}
        </details>
    }
}
