//! Sign-off (#27): one click posts the campaign's report (Markdown: a row per started wave) as an issue in the
//! project the plan lives in, and links to it.

use super::CampaignState;
use crate::components::error_notice::ErrorNotice;
use crate::data::plan_store::sign_off;
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::board::WaveEntity;
use crate::logic::campaign::sign_off::{count, markdown};
use leptos::prelude::*;

#[component]
pub fn SignOff(state: CampaignState, entities: Signal<Vec<WaveEntity>>) -> impl IntoView {
    let i18n = use_i18n();
    let scope = PageScope::new();
    let posted: RwSignal<Option<String>> = RwSignal::new(None);
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let post = move |_| {
        let (Some(home), Ok(client)) = (state.sync.home.get_untracked(), scope.client()) else { return };
        let plan = state.plan.get_untracked();
        let found = entities.get_untracked();
        let waves: Vec<_> = plan
            .started
            .iter()
            .map(|w| count(found.iter().filter(|e| w.migrations.contains(&e.migration)).map(|e| e.state)))
            .collect();
        let file = format!("{}/{}", home.project_path, home.file);
        let body = markdown(&plan, &file, &waves);
        let title = format!("{}: {}", t_string!(i18n, plan_sign_off_title), home.project_path);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = sign_off(&client, &home, &title, &body).await;
            let _ = busy.try_set(false);
            match result {
                Ok(url) => drop(posted.try_set(Some(url))),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    };
    view! {
        <Show when=move || state.sync.home.with(Option::is_some)>
            <p>
                <button
                    type="button"
                    class="button"
                    data-testid="plan-sign-off"
                    disabled=move || busy.get()
                    on:click=post
                >
                    {move || t_string!(i18n, plan_sign_off)}
                </button>
            </p>
            <div role="status" aria-live="polite" data-testid="plan-sign-off-status">
                {move || {
                    posted
                        .get()
                        .map(|url| {
                            view! {
                                <p class="notice notice-info">
                                    {t_string!(i18n, plan_signed_off)} " "
                                    <a href=url.clone() target="_blank" rel="noopener noreferrer">
                                        {url.clone()}
                                    </a>
                                </p>
                            }
                        })
                }}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </Show>
    }
}
