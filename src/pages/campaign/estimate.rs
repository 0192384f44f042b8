//! The estimate's assumptions, shown and editable, and the re-fit from migrations that finished here.

use super::CampaignState;
use crate::components::error_notice::ErrorNotice;
use crate::data::campaign::refit_from_finished;
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::estimate::Assumptions;
use leptos::prelude::*;

type Reader = fn(&Assumptions) -> f64;
type Writer = fn(&mut Assumptions, f64);

/// (field id, reader, writer) of every editable assumption.
const FIELDS: [(&str, Reader, Writer); 8] = [
    ("repository_s", |a| a.repository_s, |a, v| a.repository_s = v),
    ("wiki_s", |a| a.wiki_s, |a, v| a.wiki_s = v),
    ("merge_request_s", |a| a.merge_request_s, |a, v| a.merge_request_s = v),
    ("issue_s", |a| a.issue_s, |a, v| a.issue_s = v),
    ("project_s", |a| a.project_s, |a, v| a.project_s = v),
    ("group_s", |a| a.group_s, |a, v| a.group_s = v),
    ("concurrency", |a| f64::from(a.concurrency), |a, v| a.concurrency = v.round().clamp(1.0, 100.0) as u32),
    ("speed_factor", |a| a.speed_factor, |a, v| a.speed_factor = v),
];

#[component]
pub fn Estimate(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let scope = PageScope::new();
    let refit_note: RwSignal<Option<String>> = RwSignal::new(None);
    let refit_error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let label = move |id: &str| match id {
        "repository_s" => t_string!(i18n, assume_repository).to_string(),
        "wiki_s" => t_string!(i18n, assume_wiki).to_string(),
        "merge_request_s" => t_string!(i18n, assume_merge_request).to_string(),
        "issue_s" => t_string!(i18n, assume_issue).to_string(),
        "project_s" => t_string!(i18n, assume_project).to_string(),
        "group_s" => t_string!(i18n, assume_group).to_string(),
        "concurrency" => t_string!(i18n, assume_concurrency).to_string(),
        _ => t_string!(i18n, assume_speed).to_string(),
    };
    let refit = move |_| {
        let Ok(client) = scope.client() else { return };
        busy.set(true);
        refit_error.set(None);
        let a = state.plan.with_untracked(|p| p.assumptions.clone());
        let lane = state.lane.get_value();
        leptos::task::spawn_local(async move {
            match lane.hold(refit_from_finished(&client, &a)).await {
                Ok(Some((fitted, n))) => {
                    let factor = fitted.speed_factor;
                    state.update(|p| p.assumptions = fitted);
                    let _ = refit_note
                        .try_set(Some(t_string!(i18n, campaign_refit_done, n = n, factor = factor).to_string()));
                }
                Ok(None) => {
                    let _ = refit_note.try_set(Some(t_string!(i18n, campaign_refit_few).to_string()));
                }
                Err(e) => {
                    let _ = refit_error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <div class="card step" data-testid="campaign-estimate">
            <h2>{move || t_string!(i18n, campaign_estimate)}</h2>
            <p class="help">{move || t_string!(i18n, campaign_estimate_help)}</p>
            <div class="campaign-assumptions">
                {FIELDS
                    .into_iter()
                    .map(|(id, get, set)| {
                        let input_id = format!("assume-{id}");
                        view! {
                            <div class="field">
                                <label for=input_id.clone()>{move || label(id)}</label>
                                <input
                                    id=input_id.clone()
                                    data-testid=input_id
                                    type="number"
                                    min="0"
                                    step="any"
                                    prop:value=move || state.plan.with(|p| get(&p.assumptions).to_string())
                                    on:change=move |ev| {
                                        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                            state
                                                .update(|p| {
                                                    set(&mut p.assumptions, v);
                                                    p.assumptions = p.assumptions.sanitized();
                                                });
                                        }
                                    }
                                />
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p>
                <button
                    type="button"
                    class="button"
                    data-testid="campaign-refit"
                    disabled=move || busy.get()
                    on:click=refit
                >
                    {move || t_string!(i18n, campaign_refit)}
                </button>
                " "
                <button
                    type="button"
                    class="button button-small"
                    on:click=move |_| state.update(|p| p.assumptions = Assumptions::default())
                >
                    {move || t_string!(i18n, campaign_reset_assumptions)}
                </button>
            </p>
            <p role="status" data-testid="campaign-refit-note">
                {move || refit_note.get()}
            </p>
            {move || refit_error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
