use leptos::prelude::*;

/// A labelled progress bar; without a percentage it is indeterminate (the native element says so to readers).
#[component]
pub fn ProgressBar(#[prop(into)] percent: Signal<Option<u8>>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <div class="progress">
            <progress max="100" value=move || percent.get().map(|p| p.to_string()) aria-label=label></progress>
            <span class="progress-text">{label}</span>
        </div>
    }
}

/// "Loading page 37 of 100" while every page of a list is fetched; "Loading…" before the first one answers.
#[component]
pub fn LoadProgressBar(#[prop(into)] progress: Signal<Option<crate::api::LoadProgress>>) -> impl IntoView {
    use crate::i18n::{t_string, use_i18n};
    let i18n = use_i18n();
    let label = Signal::derive(move || {
        progress
            .get()
            .map(|p| match p.pages_total {
                Some(total) => t_string!(i18n, loading_pages, done = p.pages_done, total = total).to_string(),
                None => t_string!(i18n, loading_pages_unknown, done = p.pages_done).to_string(),
            })
            .unwrap_or_else(|| t_string!(i18n, loading).to_string())
    });
    view! { <ProgressBar percent=Signal::derive(move || progress.get().and_then(|p| p.percent())) label=label /> }
}
