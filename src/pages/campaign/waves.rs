//! Waves under a target (projects per wave or hours per wave), each with its estimate, and the total; the plan
//! exported as CSV or JSON and imported back (a bad file is refused with the reason).

use super::CampaignState;
use crate::components::labels::{count_groups, count_projects};
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::plan_io::{self, PlanError};
use crate::logic::campaign::waves::{total_seconds, Target};
use crate::logic::campaign::{duration_text, Kind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Waves(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let import_note: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let by_projects = Memo::new(move |_| matches!(state.target.get(), Target::Projects(_)));
    let target_value = Memo::new(move |_| match state.target.get() {
        Target::Projects(n) => n.to_string(),
        Target::Seconds(s) => format!("{}", (s as f64 / 3600.0 * 100.0).round() / 100.0),
    });
    // Typing re-plans at once; the plan in storage takes the target once typing pauses (or on change).
    let typed = StoredValue::new(0_u64);
    let commit = move || {
        let Some(t) = state.target.try_get_untracked() else { return };
        if state.plan.try_with_untracked(|p| p.target != t) == Some(true) {
            state.update(|p| p.target = t);
        }
    };
    let set_target = move |projects: bool, raw: &str| {
        let Ok(v) = raw.trim().parse::<f64>() else { return };
        if !v.is_finite() || v <= 0.0 {
            return;
        }
        state.target.set(if projects {
            Target::Projects(v.round().clamp(1.0, 100_000.0) as u32)
        } else {
            Target::Seconds((v * 3600.0).round().clamp(60.0, 1e9) as u64)
        });
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(400).await;
            if typed.try_get_value() == Some(mine) {
                commit();
            }
        });
    };
    let started = Memo::new(move |_| state.plan.with(|p| p.started.len()));
    let export = move |json: bool| {
        let plan = state.plan.get_untracked();
        let (name, mime, text) = if json {
            ("campaign-plan.json", "application/json", plan_io::to_json(&plan))
        } else {
            (
                "campaign-plan.csv",
                "text/csv",
                state.waves.with_untracked(|w| plan_io::to_csv(&state.remaining.get_untracked(), w)),
            )
        };
        crate::browser::download_text(name, mime, &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        // The first chosen file as a Blob (web-sys's File and FileList would widen the shared web-sys build).
        let file = js_sys::Reflect::get(&input, &"files".into())
            .and_then(|files| js_sys::Reflect::get(&files, &0.into()))
            .ok()
            .filter(|f| f.is_object());
        let Some(file) = file else { return };
        let file: web_sys::Blob = file.unchecked_into();
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            let text = text.unwrap_or_default();
            let result = if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') {
                plan_io::from_json(&text).map(|plan| {
                    let n = plan.items.len();
                    state.update(|p| *p = plan);
                    n
                })
            } else {
                plan_io::from_csv(&text).map(|items| {
                    let n = items.len();
                    state.update(|p| {
                        p.items = items;
                        p.started.clear();
                    });
                    n
                })
            };
            let note = match result {
                Ok(n) => (true, t_string!(i18n, campaign_imported, n = n).to_string()),
                Err(e) => (false, refusal(i18n, &e)),
            };
            let _ = import_note.try_set(Some(note));
        });
    };

    view! {
        <div class="card step" data-testid="campaign-waves">
            <h2>{move || t_string!(i18n, campaign_waves)}</h2>
            <p class="help">{move || t_string!(i18n, campaign_waves_help)}</p>
            <div class="field campaign-target">
                <label for="campaign-target">{move || t_string!(i18n, campaign_target)}</label>
                <input
                    id="campaign-target"
                    data-testid="campaign-target"
                    type="number"
                    min="0"
                    step="any"
                    prop:value=move || target_value.get()
                    on:input=move |ev| set_target(by_projects.get_untracked(), &event_target_value(&ev))
                    on:change=move |_| commit()
                />
                <select
                    data-testid="campaign-target-kind"
                    aria-label=move || t_string!(i18n, campaign_target_unit).to_string()
                    on:change=move |ev| {
                        let projects = event_target_value(&ev) == "projects";
                        state
                            .update(|p| {
                                p.target = if projects { Target::Projects(200) } else { Target::Seconds(8 * 3600) };
                            });
                    }
                >
                    <option value="projects" selected=move || by_projects.get()>
                        {move || t_string!(i18n, campaign_target_projects)}
                    </option>
                    <option value="hours" selected=move || !by_projects.get()>
                        {move || t_string!(i18n, campaign_target_hours)}
                    </option>
                </select>
            </div>
            <table class="table" data-testid="campaign-waves-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, campaign_col_wave)}</th>
                        <th scope="col">{move || t_string!(i18n, campaign_col_sent)}</th>
                        <th scope="col">{move || t_string!(i18n, campaign_col_projects)}</th>
                        <th scope="col">{move || t_string!(i18n, campaign_col_estimate)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let first = started.get();
                        state
                            .waves
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(n, w)| {
                                let items = state
                                    .remaining
                                    .with(|r| w.heads.iter().filter_map(|&h| r.get(h).cloned()).collect::<Vec<_>>());
                                let groups = items.iter().filter(|i| i.kind == Kind::Group).count();
                                let sent = t_string!(
                                    i18n,
                                    entity_kinds,
                                    groups = count_groups(groups),
                                    projects = count_projects(items.len() - groups)
                                )
                                    .to_string();
                                let over = w.over_target.then(|| t_string!(i18n, campaign_over_target).to_string());
                                view! {
                                    <tr data-testid="campaign-wave">
                                        <td>{format!("{}", first + n + 1)}</td>
                                        <td>{sent}</td>
                                        <td>{w.projects.to_string()}</td>
                                        <td>
                                            {duration_text(w.seconds)}
                                            {over.map(|o| view! { <span class="muted">" · " {o}</span> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="3">
                            {move || t_string!(i18n, campaign_total)}
                        </th>
                        <td data-testid="campaign-total">
                            {move || state.waves.with(|w| duration_text(total_seconds(w)))}
                        </td>
                    </tr>
                </tfoot>
            </table>
            <p class="campaign-io">
                <button type="button" class="button" data-testid="campaign-export-csv" on:click=move |_| export(false)>
                    {move || t_string!(i18n, campaign_export_csv)}
                </button>
                " "
                <button type="button" class="button" data-testid="campaign-export-json" on:click=move |_| export(true)>
                    {move || t_string!(i18n, campaign_export_json)}
                </button>
                " "
                <label class="button" for="campaign-import">
                    {move || t_string!(i18n, campaign_import)}
                </label>
                <input
                    id="campaign-import"
                    class="visually-hidden"
                    data-testid="campaign-import"
                    type="file"
                    accept=".csv,.json,text/csv,application/json"
                    on:change=import
                />
            </p>
            <p role="status" aria-live="polite" data-testid="campaign-import-note">
                {move || {
                    import_note
                        .get()
                        .map(|(ok, text)| {
                            view! {
                                <span class=if ok { "notice notice-info" } else { "notice notice-error" }>{text}</span>
                            }
                        })
                }}
            </p>
        </div>
    }
}

/// Why a plan file was refused, as a sentence.
pub(super) fn refusal(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, e: &PlanError) -> String {
    match e {
        PlanError::Empty => t_string!(i18n, plan_err_empty).to_string(),
        PlanError::NotAPlan => t_string!(i18n, plan_err_not_plan).to_string(),
        PlanError::UnknownVersion(v) => t_string!(i18n, plan_err_version, version = *v).to_string(),
        PlanError::HasToken => t_string!(i18n, plan_err_token).to_string(),
        PlanError::TooMany => t_string!(i18n, plan_err_too_many, max = plan_io::MAX_ITEMS).to_string(),
        PlanError::MissingColumn(c) => t_string!(i18n, plan_err_column, column = *c).to_string(),
        PlanError::BadValue { row, column } => {
            t_string!(i18n, plan_err_value, row = *row, column = *column).to_string()
        }
        PlanError::BadPath { row } => t_string!(i18n, plan_err_path, row = *row).to_string(),
        PlanError::Duplicate { row } => t_string!(i18n, plan_err_duplicate, row = *row).to_string(),
    }
}
