//! The checked sheet: a summary, the choice between applying here and sending to GitLab, the progress and
//! Stop while applying, and every row with its verdict and result.

use super::row::status_label;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::sheet::{tally, RowResult, SheetRow, Verdict};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::sync::Arc;

/// A sheet read from the file chosen, with every row's verdict and, once applied, its result.
pub(super) struct Loaded {
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: Vec<SheetRow>,
    pub verdicts: Vec<Verdict>,
    pub results: Vec<RwSignal<Option<RowResult>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Phase {
    Idle,
    Reading,
    Checking(usize, usize),
    Problem(String),
    Ready,
    Applying,
    Stopped,
    Finished,
    Sent(String),
}

/// Rows drawn in the table at most (the results CSV has every row).
const SHOWN_ROWS: usize = 1_000;

fn verdict_text(i18n: I18nContext<Locale>, v: &Verdict) -> String {
    match v {
        Verdict::Matched { username, .. } => t_string!(i18n, sheet_v_matched, username = username.clone()).to_string(),
        Verdict::NoUserGiven => t_string!(i18n, sheet_v_no_user_given).to_string(),
        Verdict::UnknownSourceUser => t_string!(i18n, sheet_v_unknown_source_user).to_string(),
        Verdict::UnknownUser => t_string!(i18n, sheet_v_unknown_user).to_string(),
        Verdict::BlockedUser => t_string!(i18n, sheet_v_blocked_user).to_string(),
        Verdict::ChosenTwice => t_string!(i18n, sheet_v_chosen_twice).to_string(),
        Verdict::NotPending(s) => t_string!(i18n, sheet_v_not_pending, status = status_label(i18n, *s)).to_string(),
        Verdict::Malformed => t_string!(i18n, sheet_v_malformed).to_string(),
    }
}

fn result_text(i18n: I18nContext<Locale>, r: &RowResult) -> String {
    match r {
        RowResult::Reassigned => t_string!(i18n, sheet_r_reassigned).to_string(),
        RowResult::Refused(s) => t_string!(i18n, sheet_r_refused, reason = s.clone()).to_string(),
        RowResult::Failed(s) => t_string!(i18n, sheet_r_failed, reason = s.clone()).to_string(),
    }
}

fn result_code(r: &RowResult) -> &'static str {
    match r {
        RowResult::Reassigned => "reassigned",
        RowResult::Refused(_) => "refused",
        RowResult::Failed(_) => "failed",
    }
}

#[component]
pub(super) fn SheetTable(
    sheet: Arc<Loaded>,
    phase: RwSignal<Phase>,
    stop: RwSignal<bool>,
    counts: RwSignal<[usize; 3]>,
    matched: Signal<usize>,
    apply_here: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
    send_to_gitlab: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
    download_results: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = sheet.rows.len();
    let skipped = sheet.verdicts.iter().filter(|v| **v == Verdict::NoUserGiven).count();
    let ok = tally(&sheet.verdicts).iter().find(|(c, _)| *c == "matched").map_or(0, |(_, n)| *n);
    let problems = rows - ok - skipped;
    let hidden = rows.saturating_sub(SHOWN_ROWS);
    let ready = move || phase.get() == Phase::Ready;
    let ran = move || matches!(phase.get(), Phase::Applying | Phase::Stopped | Phase::Finished);
    let body = sheet
        .rows
        .iter()
        .zip(&sheet.verdicts)
        .zip(&sheet.results)
        .take(SHOWN_ROWS)
        .map(|((row, verdict), result)| {
            let result = *result;
            let source =
                if row.source_username.is_empty() { row.identifier.clone() } else { row.source_username.clone() };
            let given = if row.username.is_empty() { row.email.clone() } else { row.username.clone() };
            view! {
                <tr
                    data-testid="sheet-row"
                    data-verdict=verdict.code()
                    data-result=move || result.with(|r| r.as_ref().map(result_code).unwrap_or_default())
                >
                    <td>{row.line}</td>
                    <td>{source}</td>
                    <td>{given}</td>
                    <td>{verdict_text(i18n, verdict)}</td>
                    <td>{move || result.with(|r| r.as_ref().map(|r| result_text(i18n, r)))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p data-testid="sheet-summary">
            {move || t_string!(i18n, sheet_summary, rows = rows, matched = ok, problems = problems, skipped = skipped)}
        </p>
        <Show when=ready>
            <div class="confirm-buttons">
                <Show when=move || { matched.get() > 0 }>
                    <button class="button button-primary" data-testid="sheet-apply" on:click=apply_here>
                        {move || t_string!(i18n, sheet_apply, count = matched.get())}
                    </button>
                </Show>
                <button class="button" data-testid="sheet-send" on:click=send_to_gitlab>
                    {move || t_string!(i18n, sheet_send)}
                </button>
            </div>
            <p class="muted small">{move || t_string!(i18n, sheet_apply_hint)}</p>
            <p class="muted small">{move || t_string!(i18n, sheet_send_hint)}</p>
        </Show>
        <Show when=ran>
            <p role="status" data-testid="sheet-progress">
                {move || {
                    let [ok, refused, failed] = counts.get();
                    t_string!(
                        i18n, sheet_progress, done = ok + refused + failed, total = matched.get(), ok = ok, refused = refused, failed = failed
                    )
                }}
                " "
                {move || match phase.get() {
                    Phase::Stopped => t_string!(i18n, sheet_stopped).to_string(),
                    Phase::Finished => t_string!(i18n, sheet_finished).to_string(),
                    _ => String::new(),
                }}
            </p>
            <div class="confirm-buttons">
                <Show when=move || phase.get() == Phase::Applying>
                    <button class="button" data-testid="sheet-stop" on:click=move |_| stop.set(true)>
                        {move || t_string!(i18n, sheet_stop)}
                    </button>
                </Show>
                <Show when=move || matches!(phase.get(), Phase::Stopped | Phase::Finished)>
                    <button class="button" data-testid="sheet-results" on:click=download_results>
                        {move || t_string!(i18n, sheet_results)}
                    </button>
                </Show>
            </div>
        </Show>
        <div class="table-wrap">
            <table class="table" data-testid="sheet-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, sheet_col_line)}</th>
                        <th scope="col">{move || t_string!(i18n, sheet_col_source)}</th>
                        <th scope="col">{move || t_string!(i18n, sheet_col_user)}</th>
                        <th scope="col">{move || t_string!(i18n, sheet_col_verdict)}</th>
                        <th scope="col">{move || t_string!(i18n, sheet_col_result)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <Show when=move || { hidden > 0 }>
            <p class="muted small">{move || t_string!(i18n, sheet_more_rows, count = hidden)}</p>
        </Show>
    }
}
