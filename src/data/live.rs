//! The one poller of live views: refreshes only while something shown can still change, never while the tab
//! is hidden, slower after errors; a manual refresh is never lost. Its view is `components::refresh_status`.

use crate::browser::now_ms;
use crate::logic::refresh;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
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
    let hidden = crate::browser::use_page_hidden();
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
        let wait = refresh::wait_ms(last, now_ms(), errors);
        let handle = set_timeout_with_handle(move || live.refresh_now(), Duration::from_millis(wait as u64)).ok();
        timer.set_value(handle);
    });
    on_cleanup(clear);
    live
}
