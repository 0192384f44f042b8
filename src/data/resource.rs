//! The one live-resource hook every page uses: the value, the last error, refresh, live registration, abort.

use super::live::{use_live_refresh, LiveRefresh};
use super::scope::PageScope;
use crate::api::{ApiError, Client};
use leptos::prelude::*;
use std::future::Future;

/// What a page reads. The value is the last good answer (it stays while a refresh runs or fails), keyed by
/// what was asked, so that a page showing another key (a new filter) does not show the old rows as its own.
pub struct Live<K: Send + Sync + 'static, T: Send + Sync + 'static> {
    answer: RwSignal<Option<(K, T)>>,
    pub error: RwSignal<Option<ApiError>>,
    pub live: LiveRefresh,
    key: Memo<K>,
    /// The value for the key shown now; a memo, so equal answers notify no one.
    current: Memo<Option<T>>,
    resource: LocalResource<Result<(K, T), ApiError>>,
    /// The first key's value was known before the first render (`use_live_from`).
    known_first: StoredValue<bool>,
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Clone for Live<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Copy for Live<K, T> {}

impl<K, T> Live<K, T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
{
    /// The value for the key shown now (`None` until it has been loaded once).
    pub fn value(&self) -> Option<T> {
        self.current.get()
    }

    /// Put first inside a `<Transition>`: it tells the transition when a load runs, and renders nothing.
    /// Kept apart from the value's view so that a refresh bringing equal data re-renders nothing (an open
    /// dialog stays open, focus stays where it was).
    pub fn loading_marker(&self) -> impl IntoView + use<K, T> {
        let (resource, known_first) = (self.resource, self.known_first);
        move || {
            // A value known before the first render is shown at once, not after the fallback: that load is
            // only tracked. Later loads (another key) are read, and hold the transition as usual.
            if known_first.try_update_value(std::mem::take).unwrap_or(false) {
                resource.track();
            } else {
                let _ = resource.get();
            }
        }
    }

    /// Reads the value for any key without cloning it.
    pub fn with_value<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.answer.with(|a| f(a.as_ref().map(|(_, v)| v)))
    }

    /// Shows `value` for the current key at once (an action's answer), until the next load replaces it.
    pub fn replace(&self, value: T) {
        // Called after an await: the page may be gone.
        if let Some(key) = self.key.try_get_untracked() {
            let _ = self.answer.try_set(Some((key, value)));
        }
    }

    /// The server answered 404: the thing is not there (or not the user's). Final: no more polling.
    pub fn is_gone(&self) -> bool {
        self.error.with(|e| matches!(e, Some(ApiError::NotFound)))
    }

    pub fn refresh(&self) {
        self.live.refresh_now();
    }

    /// Calls `f(before, after)` whenever a refresh brings a different value for the same key.
    pub fn on_change(&self, f: impl Fn(&T, &T) + 'static) {
        let answer = self.answer;
        Effect::new(move |previous: Option<Option<(K, T)>>| {
            let now = answer.get();
            if let (Some(Some((k0, before))), Some((k1, after))) = (&previous, &now) {
                if k0 == k1 && before != after {
                    f(before, after);
                }
            }
            now
        });
    }
}

/// Loads `load(client, key())` now and whenever the key changes; refreshes it while `active(value)` says
/// it can still change. A refresh that brings equal data changes nothing on screen. A 404 is final: no
/// more polling. Requests end when the page is left.
pub fn use_live<K, T, Fut>(
    key: impl Fn() -> K + Send + Sync + 'static,
    load: impl Fn(Client, K) -> Fut + 'static,
    active: impl Fn(&T) -> bool + Send + Sync + 'static,
) -> Live<K, T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_live_from(key, load, active, |_| None)
}

/// `use_live`, where `known(first key)` may already hold the first key's value (an answer that came before
/// the page): then it is on the first render, with no fallback before it. It is loaded all the same.
pub fn use_live_from<K, T, Fut>(
    key: impl Fn() -> K + Send + Sync + 'static,
    load: impl Fn(Client, K) -> Fut + 'static,
    active: impl Fn(&T) -> bool + Send + Sync + 'static,
    known: impl FnOnce(&K) -> Option<T>,
) -> Live<K, T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let scope = PageScope::new();
    let key = Memo::new(move |_| key());
    let first_key = key.get_untracked();
    let known = known(&first_key).map(|value| (first_key, value));
    let known_first = StoredValue::new(known.is_some());
    let load = StoredValue::new_local(load);
    let resource = LocalResource::new(move || {
        let (key, client) = (key.get(), scope.client());
        let fetch = load
            .try_with_value(|load| client.map(|c| load(c, key.clone())))
            .unwrap_or(Err(ApiError::Network("the page was left".into())));
        async move {
            match fetch {
                Ok(fetch) => fetch.await.map(|value| (key, value)),
                Err(e) => Err(e),
            }
        }
    });
    let answer: RwSignal<Option<(K, T)>> = RwSignal::new(known);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let is_active = Signal::derive(move || {
        let gone = error.with(|e| matches!(e, Some(ApiError::NotFound)));
        !gone && answer.with(|a| a.as_ref().is_some_and(|(_, v)| active(v)))
    });
    let live = use_live_refresh(is_active, move || resource.refetch());
    Effect::new(move |_| {
        let Some(result) = resource.get() else { return };
        live.report(result.is_ok());
        match result {
            Ok(fresh) => {
                if answer.with_untracked(|a| a.as_ref() != Some(&fresh)) {
                    answer.set(Some(fresh));
                }
                if error.with_untracked(Option::is_some) {
                    error.set(None);
                }
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let current = Memo::new(move |_| {
        let key = key.get();
        answer.with(|a| a.as_ref().filter(|(k, _)| *k == key).map(|(_, v)| v.clone()))
    });
    Live { answer, error, live, key, current, resource, known_first }
}
