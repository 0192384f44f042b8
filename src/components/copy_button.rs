use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos_use::use_clipboard;

/// Copies `text` (a correlation id, a path) and says so for two seconds.
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(into)] what: String) -> impl IntoView {
    let i18n = use_i18n();
    let clipboard = use_clipboard();
    let copy = clipboard.copy.clone();
    let copied = clipboard.copied;
    let label = t_string!(i18n, copy_what, what = what.clone()).to_string();
    view! {
        <button type="button" class="button button-small button-quiet copy" title=label.clone() aria-label=label
            on:click=move |_| copy(&text)>
            {move || if copied.get() { t_string!(i18n, copied) } else { t_string!(i18n, copy) }}
        </button>
    }
}
