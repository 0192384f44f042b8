//! The assignee picker's search, loaded as the user types: at most one search per pause in typing
//! (`DEBOUNCE`), the first one at once, and an answer to an older query never replaces a newer one's.

use super::scope::PageScope;
use crate::api::{ApiError, Assignee};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before the search is sent.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What the picker shows.
#[derive(Clone, Copy)]
pub struct Assignees {
    /// The answer to the newest query that has answered (`None` until the first one has).
    pub list: RwSignal<Option<Vec<Assignee>>>,
    /// The newest query's error, if it failed.
    pub error: RwSignal<Option<ApiError>>,
    /// A search is waiting for the user to pause or for the server.
    pub searching: RwSignal<bool>,
}

/// Active human users matching `typed` (bots and blocked users are left out), searched as the user types.
pub fn use_assignees(typed: Signal<String>) -> Assignees {
    let scope = PageScope::new();
    let found = Assignees { list: RwSignal::new(None), error: RwSignal::new(None), searching: RwSignal::new(true) };
    // Each query sent gets the next number; only the newest number's answer is shown.
    let newest = StoredValue::new(0u64);
    let sent: StoredValue<Option<String>> = StoredValue::new(None);
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let search = move |query: String| {
        if sent.try_get_value().flatten().as_deref() == Some(query.as_str()) {
            let _ = found.searching.try_set(false);
            return;
        }
        sent.set_value(Some(query.clone()));
        newest.update_value(|n| *n += 1);
        let mine = newest.get_value();
        let client = scope.client();
        leptos::task::spawn_local(async move {
            let answer = match client {
                Ok(c) => c.search_assignees(&query).await,
                Err(e) => Err(e),
            };
            // The picker was closed, or a newer query was sent meanwhile: this answer is not shown.
            if newest.try_get_value() != Some(mine) {
                return;
            }
            match answer {
                Ok(users) => {
                    found.list.set(Some(users));
                    found.error.set(None);
                }
                Err(e) => {
                    // Typing the same query again tries again.
                    sent.set_value(None);
                    found.error.set(Some(e));
                }
            }
            found.searching.set(false);
        });
    };
    Effect::new(move |first: Option<()>| {
        let query = typed.with(|t| t.trim().to_string());
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if first.is_none() {
            search(query);
            return;
        }
        found.searching.set(true);
        let handle = set_timeout_with_handle(move || search(query), DEBOUNCE).ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    });
    found
}
