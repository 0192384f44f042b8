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
