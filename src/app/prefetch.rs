//! Idle prefetch of lazy routes: once the browser has nothing to do after a page is shown, the chunks of the
//! routes a user most likely opens next are fetched, so the first click does not wait for the network. On the
//! unsplit build `preload` does nothing.

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

/// After every route change of a signed-in user, once the page has had its moment (its own requests and first
/// paint come first) and the browser is idle, fetch what the next click is likely to need.
pub fn prefetch_likely_routes() {
    let location = leptos_router::hooks::use_location();
    let connection = use_connection();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if connection.session.with(Option::is_none) {
            return;
        }
        let routes = likely_next(&path);
        set_timeout(
            move || {
                when_idle(move || {
                    leptos::task::spawn_local(async move {
                        // One at a time: the prefetch must not compete with what the page itself loads.
                        for load in routes {
                            load().await;
                        }
                    })
                })
            },
            std::time::Duration::from_millis(AFTER_PAINT_MS),
        );
    });
}

/// How long a page gets for its own first requests before prefetch may start.
const AFTER_PAINT_MS: u64 = 600;

/// Runs `f` when the browser is idle (`requestIdleCallback`), or after a short pause where that does not exist.
fn when_idle(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    let window = window();
    if window.request_idle_callback(callback.unchecked_ref()).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 300);
    }
}
