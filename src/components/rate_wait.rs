//! The wait before the next create request, said the same way on the start form, the re-run page and the
//! campaign board: GitLab's own wait after a 429, otherwise the console's queue; either can be cut short.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// "GitLab asked to wait: sent again in 12 s [Send now]" or "Next request in 12 s [Send now]".
#[component]
pub fn RateWait(seconds: i64, after_429: bool, skip_wait: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let text = if after_429 {
        t_string!(i18n, rate_limited_wait, seconds = seconds).to_string()
    } else {
        t_string!(i18n, rate_queue_wait, seconds = seconds).to_string()
    };
    view! {
        <p class="notice notice-warn" data-testid="rate-wait">
            {text}
            " "
            <button
                type="button"
                class="button button-small"
                data-testid="send-now"
                on:click=move |_| skip_wait.set(true)
            >
                {move || t_string!(i18n, send_now)}
            </button>
        </p>
    }
}
