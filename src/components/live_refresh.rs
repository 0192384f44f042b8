//! Polling for live views: only while something shown can still change, never while the tab is hidden,
//! slower after errors, with "updated N s ago" and a manual refresh.

use crate::components::time_text::now_ms;
use crate::i18n::{t_string, use_i18n};
use crate::logic::refresh::{self, AgeUnit};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_use::{use_document_visibility, use_interval_fn};
use std::time::Duration;

/// The state of one view's polling. The view calls `report` when a load it started (or the first one) ends.
#[derive(Clone, Copy)]
pub struct LiveRefresh {
    pub last_updated: RwSignal<Option<i64>>,
    last_attempt: RwSignal<Option<i64>>,
    pub errors: RwSignal<u32>,
    pub in_flight: RwSignal<bool>,
    /// A refresh asked for while another ran: it starts when that one ends, so a Retry click is never lost.
    queued: StoredValue<bool>,
    pub active: Signal<bool>,
    pub hidden: Signal<bool>,
    trigger: StoredValue<Box<dyn Fn()>, LocalStorage>,
}

impl LiveRefresh {
    /// Starts a refresh now (the Refresh and Retry buttons), or right after the one that is running.
    pub fn refresh_now(&self) {
        match self.in_flight.try_get_untracked() {
            Some(false) => {
                self.in_flight.set(true);
                self.trigger.with_value(|f| f());
            }
            Some(true) => self.queued.set_value(true),
            None => {}
        }
    }

    /// A load ended. Failures count towards the backoff; success resets it.
    pub fn report(&self, ok: bool) {
        let now = now_ms();
        let _ = self.last_attempt.try_set(Some(now));
        if ok {
            let _ = self.last_updated.try_set(Some(now));
            let _ = self.errors.try_set(0);
        } else {
            let _ = self.errors.try_update(|e| *e = e.saturating_add(1));
        }
        if self.queued.try_update_value(std::mem::take) == Some(true) {
            self.trigger.with_value(|f| f());
        } else {
            let _ = self.in_flight.try_set(false);
        }
    }
}

/// `active`: whether what is shown can still change. `trigger`: starts a load and later calls `report`.
pub fn use_live_refresh(active: Signal<bool>, trigger: impl Fn() + 'static) -> LiveRefresh {
    let visibility = use_document_visibility();
    let hidden = Signal::derive(move || visibility.get() == web_sys::VisibilityState::Hidden);
    let live = LiveRefresh {
        last_updated: RwSignal::new(None),
        last_attempt: RwSignal::new(None),
        errors: RwSignal::new(0),
        // The view's first load is running when this is created.
        in_flight: RwSignal::new(true),
        queued: StoredValue::new(false),
        active,
        hidden,
        trigger: StoredValue::new_local(Box::new(trigger)),
    };
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let clear = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        clear();
        let (active, hidden, in_flight) = (active.get(), hidden.get(), live.in_flight.get());
        let (last, errors) = (live.last_attempt.get(), live.errors.get());
        if !active || hidden || in_flight {
            return;
        }
        // On return to a hidden tab this is already past due, so the refresh runs at once.
        let wait = match last {
            Some(t) => (refresh::delay_ms(errors) as i64 - (now_ms() - t)).max(0),
            None => 0,
        };
        let handle = set_timeout_with_handle(move || live.refresh_now(), Duration::from_millis(wait as u64)).ok();
        timer.set_value(handle);
    });
    on_cleanup(clear);
    live
}

/// "Live · updated 4 s ago · [Refresh]", or why it is not refreshing.
#[component]
pub fn RefreshStatus(live: LiveRefresh) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(now_ms());
    let _ = use_interval_fn(move || now.set(now_ms()), 1_000);
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
            <span class=move || if live.active.get() && !live.hidden.get() { "live-dot live-on" } else { "live-dot" } aria-hidden="true"></span>
            <span data-testid="refresh-mode">{mode}</span>
            {move || age().map(|a| view! { <span class="muted">" · " {a}</span> })}
            <button type="button" class="button button-small" on:click=move |_| live.refresh_now()
                disabled=move || live.in_flight.get() aria-busy=move || live.in_flight.get().to_string()>
                {move || if live.in_flight.get() { t_string!(i18n, refreshing) } else { t_string!(i18n, refresh) }}
            </button>
        </div>
    }
}

/// Screen-reader announcements of status changes, shared by every page through context.
#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn say(&self, text: String) {
        let _ = self.0.try_set(text);
    }
}

pub fn use_announcer() -> Announcer {
    use_context::<Announcer>().unwrap_or_else(|| Announcer(RwSignal::new(String::new())))
}

/// Creates the announcer for the pages under the shell.
pub fn provide_announcer() -> Announcer {
    let announcer = Announcer(RwSignal::new(String::new()));
    provide_context(announcer);
    announcer
}

/// The polite live region; placed once in the shell.
#[component]
pub fn AnnouncerRegion(announcer: Announcer) -> impl IntoView {
    view! { <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">{move || announcer.0.get()}</div> }
}
