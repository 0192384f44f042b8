//! What a running entity is doing now, in words, and the warning when it has stalled: what is stuck, the
//! timeout ahead, and what the user can do. Props only; the rules are in `crate::logic::stage`.

use super::relation_table::relation_label;
use crate::components::time_text::duration_text;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::stage::{Stage, Stall};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The stage as a sentence.
pub fn stage_text(i18n: I18nContext<Locale>, stage: &Stage) -> String {
    match stage {
        Stage::WaitingToStart => t_string!(i18n, stage_waiting_start).to_string(),
        Stage::SourceExportNotStarted => t_string!(i18n, stage_export_not_started).to_string(),
        Stage::WaitingForExport { relation, batches: Some((done, total)) } => {
            let relation = relation_label(relation);
            t_string!(i18n, stage_waiting_export_batches, relation = relation, done = *done, total = *total).to_string()
        }
        Stage::WaitingForExport { relation, batches: None } => {
            t_string!(i18n, stage_waiting_export, relation = relation_label(relation)).to_string()
        }
        Stage::ExportFailed { relation, error } => {
            let error = error.clone().unwrap_or_else(|| "—".into());
            t_string!(i18n, stage_export_failed, relation = relation_label(relation), error = error).to_string()
        }
        Stage::Importing { relation, done, total, index, count } => t_string!(
            i18n,
            stage_importing,
            relation = relation_label(relation),
            done = *done,
            total = *total,
            index = *index,
            count = *count
        )
        .to_string(),
        Stage::Finishing => t_string!(i18n, stage_finishing).to_string(),
        Stage::Started => t_string!(i18n, stage_started).to_string(),
    }
}

/// What the user can do about a stall, as sentences: the cause first, then the timeout ahead, then the way out.
pub fn stall_advice(i18n: I18nContext<Locale>, stall: &Stall, source_connected: bool) -> Vec<String> {
    let mut out = Vec::new();
    match &stall.stage {
        Stage::SourceExportNotStarted => out.push(t_string!(i18n, stall_export_never).to_string()),
        Stage::ExportFailed { .. } => out.push(t_string!(i18n, stall_export_failed).to_string()),
        Stage::WaitingForExport { .. } => out.push(t_string!(i18n, stall_export_slow).to_string()),
        Stage::WaitingToStart => out.push(t_string!(i18n, stall_not_started).to_string()),
        _ if !source_connected => out.push(t_string!(i18n, stall_connect_hint).to_string()),
        _ => {}
    }
    out.push(if stall.timeout_in_ms > 0 {
        t_string!(i18n, stall_timeout_ahead, left = duration_text(stall.timeout_in_ms)).to_string()
    } else {
        t_string!(i18n, stall_timeout_due).to_string()
    });
    out.push(t_string!(i18n, stall_cancel_again).to_string());
    out
}

/// The stage line and, when nothing moved for too long, the warning.
#[component]
pub fn StageLine(
    stage: Signal<Option<Stage>>,
    stall: Signal<Option<Stall>>,
    #[prop(into)] source_connected: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || {
            stage
                .get()
                .map(|s| {
                    view! {
                        <p class="stage-line" data-testid="stage-line">
                            <strong>{move || t_string!(i18n, stage_now)}</strong>
                            " "
                            {stage_text(i18n, &s)}
                        </p>
                    }
                })
        }}
        {move || {
            stall
                .get()
                .map(|s| {
                    let what = stage_text(i18n, &s.stage);
                    let quiet = duration_text(s.quiet_ms);
                    let advice = stall_advice(i18n, &s, source_connected.get());
                    view! {
                        <div class="notice notice-warn" role="alert" data-testid="stall-warning">
                            <p>
                                <strong>{t_string!(i18n, stall_title, quiet = quiet).to_string()}</strong>
                                " "
                                {t_string!(i18n, stall_what, what = what).to_string()}
                            </p>
                            <ul>{advice.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                        </div>
                    }
                })
        }}
    }
}
