//! "Notify me when it finishes": asks the browser for permission on this click (never on load), then the app
//! watches the migration and shows a notification when it ends.

use crate::data::running::use_running;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use web_sys::{Notification, NotificationPermission};

#[component]
pub fn WatchButton(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let Some(running) = use_running() else { return ().into_any() };
    let denied = RwSignal::new(false);
    let ask = move |_| {
        let Ok(promise) = Notification::request_permission() else {
            denied.set(true);
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            if Notification::permission() == NotificationPermission::Granted {
                running.watch(id);
            } else {
                let _ = denied.try_set(true);
            }
        });
    };
    view! {
        <Show
            when=move || running.is_watched(id)
            fallback=move || {
                view! {
                    <button type="button" class="button button-small" data-testid="watch" on:click=ask>
                        {move || t_string!(i18n, watch_notify)}
                    </button>
                }
            }
        >
            <p class="muted" role="status" data-testid="watching">
                {move || t_string!(i18n, watch_on)}
                " "
                {move || t_string!(i18n, watch_on_stall)}
            </p>
        </Show>
        <Show when=move || denied.get()>
            <p class="muted" role="status">
                {move || t_string!(i18n, watch_denied)}
            </p>
        </Show>
    }
    .into_any()
}
