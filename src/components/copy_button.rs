use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use std::time::Duration;

/// Copies `text` (a correlation id, a path) and says so for two seconds. A table can hold hundreds of these,
/// so a button costs one signal until it is clicked.
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(into)] what: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    // Follows a language switch, so the name always contains the visible word (WCAG label-in-name).
    let label = move || t_string!(i18n, copy_what, what = what.get()).to_string();
    let copy = move |_| {
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                let _ = copied.try_set(true);
                set_timeout(
                    move || {
                        let _ = copied.try_set(false);
                    },
                    Duration::from_secs(2),
                );
            }
        });
    };
    view! {
        <button type="button" class="button button-small button-quiet copy" title=label aria-label=label on:click=copy>
            {move || if copied.get() { t_string!(i18n, copied) } else { t_string!(i18n, copy) }}
        </button>
    }
}
