//! "Live · updated 4 s ago · [Refresh]", or why a view is not refreshing.

use crate::browser::now_ms;
use crate::data::live::LiveRefresh;
use crate::i18n::{t_string, use_i18n};
use crate::logic::refresh::{self, AgeUnit};
use leptos::prelude::*;

/// "Live · updated 4 s ago · [Refresh]", or why it is not refreshing.
#[component]
pub fn RefreshStatus(live: LiveRefresh) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(now_ms());
    if let Ok(tick) = set_interval_with_handle(move || now.set(now_ms()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }
    let age = move || {
        live.last_updated.get().map(|t| {
            let (n, unit) = refresh::age(t, now.get());
            match unit {
                AgeUnit::Seconds => t_string!(i18n, updated_seconds_ago, n = n).to_string(),
                AgeUnit::Minutes => t_string!(i18n, updated_minutes_ago, n = n).to_string(),
                AgeUnit::Hours => t_string!(i18n, updated_hours_ago, n = n).to_string(),
            }
        })
    };
    let mode = move || {
        if live.errors.get() > 0 {
            let seconds = refresh::delay_ms(live.errors.get()) / 1000;
            t_string!(i18n, refresh_backing_off, seconds = seconds).to_string()
        } else if !live.active.get() {
            t_string!(i18n, refresh_idle).to_string()
        } else if live.hidden.get() {
            t_string!(i18n, refresh_paused).to_string()
        } else {
            t_string!(i18n, refresh_live, seconds = refresh::BASE_DELAY_MS / 1000).to_string()
        }
    };
    view! {
        <div class="refresh-status" data-testid="refresh-status">
            <span
                class=move || if live.active.get() && !live.hidden.get() { "live-dot live-on" } else { "live-dot" }
                aria-hidden="true"
            ></span>
            <span data-testid="refresh-mode">{mode}</span>
            {move || age().map(|a| view! { <span class="muted">" · " {a}</span> })}
            <button
                type="button"
                class="button button-small"
                on:click=move |_| live.refresh_now()
                disabled=move || live.in_flight.get()
                aria-busy=move || live.in_flight.get().to_string()
            >
                {move || if live.in_flight.get() { t_string!(i18n, refreshing) } else { t_string!(i18n, refresh) }}
            </button>
        </div>
    }
}
