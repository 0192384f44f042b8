//! Pieces of a row's fields: GitLab's words for a problem, and the destination namespace input.

use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::Problem;
use leptos::prelude::*;

/// GitLab's words for each problem (the server's messages, without the `entities[i][field]` prefix).
pub fn problem_text(problem: Problem) -> String {
    let i18n = use_i18n();
    match problem {
        Problem::SourceMissing => t_string!(i18n, v_source_missing).to_string(),
        Problem::SourceFormat => t_string!(i18n, v_source_format).to_string(),
        Problem::NamespaceFormat => t_string!(i18n, v_namespace_format).to_string(),
        Problem::ProjectAtTopLevel => t_string!(i18n, v_project_top_level).to_string(),
        Problem::SlugMissing => t_string!(i18n, v_slug_missing).to_string(),
        Problem::SlugFormat => t_string!(i18n, v_slug_format).to_string(),
        Problem::DuplicateDestination => t_string!(i18n, v_duplicate).to_string(),
    }
}

#[component]
pub fn NamespaceInput(
    id: String,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional)] invalid: Option<Signal<bool>>,
    /// The id of the sentence that says what is wrong with it.
    #[prop(optional)]
    described_by: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input
            id=id
            type="text"
            list="destination-groups"
            autocomplete="off"
            spellcheck="false"
            placeholder=move || t_string!(i18n, top_level_placeholder).to_string()
            aria-invalid=move || invalid.map(|i| i.get()).unwrap_or(false).to_string()
            aria-describedby=described_by
            prop:value=move || value.get()
            on:change=move |ev| on_change.run(event_target_value(&ev).trim().to_string())
        />
    }
}
