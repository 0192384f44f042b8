//! A migration's re-run links: "imported again in migration #N" and "re-import of #M". Props only.

use crate::i18n::{t_string, use_i18n};
use crate::logic::rerun::RerunLinks;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn RerunLinksView(links: Signal<RerunLinks>) -> impl IntoView {
    let i18n = use_i18n();
    let list = |ids: Vec<u64>| {
        ids.into_iter()
            .map(|id| {
                view! {
                    " "
                    <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
                }
            })
            .collect_view()
    };
    view! {
        {move || {
            let l = links.get();
            (!l.again_in.is_empty())
                .then(|| {
                    view! {
                        <p class="notice notice-info" data-testid="rerun-again-in">
                            {move || t_string!(i18n, rerun_again_in)}
                            {list(l.again_in.clone())}
                        </p>
                    }
                })
        }}
        {move || {
            let l = links.get();
            (!l.again_of.is_empty())
                .then(|| {
                    view! {
                        <p class="notice notice-info" data-testid="rerun-again-of">
                            {move || t_string!(i18n, rerun_again_of)}
                            {list(l.again_of.clone())}
                        </p>
                    }
                })
        }}
        // Honest about the bound: re-runs outside the migrations searched are not known.
        {move || {
            links
                .get()
                .partial
                .map(|(lowest, highest)| {
                    view! {
                        <p class="muted" data-testid="rerun-partial">
                            {move || t_string!(i18n, rerun_partial, lowest = lowest, highest = highest)}
                        </p>
                    }
                })
        }}
    }
}
