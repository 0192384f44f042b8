//! Idle prefetch of lazy routes: once the browser has nothing to do after a page is shown, the chunks of the
//! routes a user most likely opens next are fetched, so the first click does not wait for the network. On the
//! unsplit build `preload` does nothing.

use crate::api::requests_in_flight;
use crate::connection::use_connection;
use crate::pages::{EntitiesRoute, EntityRoute, MigrationRoute, NewMigrationRoute};
use leptos::prelude::*;
use leptos_router::LazyRoute;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

type Preload = fn() -> Pin<Box<dyn Future<Output = ()>>>;

fn preload<R: LazyRoute>() -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(R::preload())
}

/// Whether `path` (after the base) shows a lazy route: every page but the list (and "not found").
pub fn is_lazy(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    matches!(segments.as_slice(), ["migrations", _, ..] | ["entities"] | ["contributions"] | ["campaign"])
}

/// Which page `path` shows, ids aside: `/migrations/7` and `/migrations/9` are the same page.
pub fn page_kind(path: &str) -> Vec<&str> {
    path.trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.bytes().all(|b| b.is_ascii_digit()) { "#" } else { s })
        .collect()
}

/// Where a user goes next from `path` (the part after the base), most likely first.
fn likely_next(path: &str) -> &'static [Preload] {
    let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] | ["migrations"] => &[preload::<MigrationRoute>, preload::<NewMigrationRoute>, preload::<EntityRoute>],
        ["migrations", "new"] => &[preload::<MigrationRoute>],
        ["migrations", _] => &[preload::<EntityRoute>, preload::<EntitiesRoute>],
        ["entities"] => &[preload::<EntityRoute>, preload::<MigrationRoute>],
        _ => &[preload::<MigrationRoute>],
    }
}

/// After every route change of a signed-in user, once the page's own requests are answered and the browser is
/// idle, fetch what the next click is likely to need: prefetch never competes with what the page shows.
pub fn prefetch_likely_routes() {
    let location = leptos_router::hooks::use_location();
    let connection = use_connection();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if connection.session.with(Option::is_none) {
            return;
        }
        let routes = likely_next(&path);
        leptos::task::spawn_local(async move {
            // Up to ~5 s for the page's requests to end: live refresh may keep one going on a busy page.
            for _ in 0..20 {
                gloo_timers::future::TimeoutFuture::new(QUIET_CHECK_MS).await;
                if requests_in_flight() == 0 {
                    break;
                }
            }
            when_idle(move || {
                leptos::task::spawn_local(async move {
                    // One at a time, in order of likelihood.
                    for load in routes {
                        load().await;
                    }
                })
            });
        });
    });
}

/// How often to look whether the page's requests are over.
const QUIET_CHECK_MS: u32 = 250;

/// Runs `f` when the browser is idle (`requestIdleCallback`), or after a short pause where that does not exist.
fn when_idle(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    let window = window();
    if window.request_idle_callback(callback.unchecked_ref()).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 300);
    }
}
