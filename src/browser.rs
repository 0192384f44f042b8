//! Small browser services: the clock, saving a file, Web Storage.

use wasm_bindgen::JsCast;

/// The console's own origin (`https://host:port`), "" where the browser will not say.
pub fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The path the console is served under, from `<base href>` (Trunk's `--public-url`): "" at the root.
/// Read once: the router, the shell, start-up and every redraw of the list ask for it, and it never changes.
pub fn base_path() -> String {
    thread_local! {
        static BASE_PATH: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
    }
    BASE_PATH.with(|cell| {
        cell.get_or_init(|| {
            let base = leptos::prelude::document().base_uri().ok().flatten().unwrap_or_default();
            let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
            path.trim_end_matches('/').to_string()
        })
        .clone()
    })
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Resolves once the frame being prepared has been painted (a task after the next animation frame), or after
/// 100 ms where no frame comes (a background tab): work the first paint does not need waits for it.
pub async fn after_next_paint() {
    let (painted, done) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(move || drop(painted), std::time::Duration::ZERO);
    });
    futures::future::select(done, gloo_timers::future::TimeoutFuture::new(100)).await;
}

/// Runs `f` once the first frame is painted, under the owner current now (its effects end with it and it reads
/// the same contexts), unless that owner is gone by then: what nobody sees before the first paint waits for it.
pub fn after_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{Owner, StoredValue};
    // Taken now: a task runs without an owner. `alive` is disposed with the owner: it tells whether it still lives.
    let (owner, alive) = (Owner::current(), StoredValue::new(()));
    // Boxed: one task for every caller (the first load's wasm is on a byte budget).
    leptos::task::spawn_local(run_after_paint(owner, alive, Box::new(f)));
}

async fn run_after_paint(
    owner: Option<leptos::prelude::Owner>,
    alive: leptos::prelude::StoredValue<()>,
    f: Box<dyn FnOnce()>,
) {
    use leptos::prelude::GetValue;
    after_next_paint().await;
    if let (Some(owner), Some(())) = (owner, alive.try_get_value()) {
        owner.with(f);
    }
}

/// Offers `content` as a download named `file_name`. Returns false when the browser refused.
pub fn download_text(file_name: &str, mime: &str, content: &str) -> bool {
    let save = || -> Option<()> {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
        // Revoke later: revoking at once can cancel the download in some browsers.
        let revoke = url.clone();
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&revoke);
            },
            std::time::Duration::from_secs(30),
        );
        Some(())
    };
    save().is_some()
}

/// Web Storage, where a browser may refuse access (private mode, disabled storage): then nothing is kept.
pub mod storage {
    #[derive(Clone, Copy)]
    pub enum Kind {
        Local,
        Session,
    }

    fn area(kind: Kind) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match kind {
            Kind::Local => window.local_storage().ok().flatten(),
            Kind::Session => window.session_storage().ok().flatten(),
        }
    }

    pub fn get(kind: Kind, key: &str) -> Option<String> {
        area(kind)?.get_item(key).ok().flatten().filter(|v| !v.is_empty())
    }

    pub fn set(kind: Kind, key: &str, value: &str) {
        if let Some(s) = area(kind) {
            let _ = s.set_item(key, value);
        }
    }

    pub fn remove(kind: Kind, key: &str) {
        if let Some(s) = area(kind) {
            let _ = s.remove_item(key);
        }
    }
}

/// A value kept in localStorage as a signal: read once, written on every change, and updated when another tab
/// changes it. `decode`/`encode` say how it is stored. (A few lines of web-sys in place of leptos-use's storage
/// hook: the console's first load is smaller without its generic layers. README: Performance.)
pub fn use_stored<T>(
    key: &'static str,
    decode: fn(Option<String>) -> T,
    encode: fn(&T) -> String,
) -> (leptos::prelude::Signal<T>, leptos::prelude::WriteSignal<T>)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    use leptos::prelude::*;
    let value = RwSignal::new(decode(storage::get(storage::Kind::Local, key)));
    let written = StoredValue::new(value.get_untracked());
    Effect::new(move |_| {
        let now = value.get();
        if written.with_value(|w| *w != now) {
            storage::set(storage::Kind::Local, key, &encode(&now));
            written.set_value(now);
        }
    });
    let listener = leptos::prelude::window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() == Some(key) {
            let now = decode(e.new_value());
            written.set_value(now.clone());
            value.set(now);
        }
    });
    leptos::prelude::on_cleanup(move || listener.remove());
    (value.read_only().into(), value.write_only())
}

/// Whether the page is hidden (a background tab, a minimised window), kept current.
pub fn use_page_hidden() -> leptos::prelude::Signal<bool> {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    let is_hidden = || document().visibility_state() == web_sys::VisibilityState::Hidden;
    let hidden = RwSignal::new(is_hidden());
    // On the document itself: `visibilitychange` is fired there.
    let on_change = Closure::<dyn Fn()>::new(move || hidden.set(is_hidden()));
    let _ = document().add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    let on_change = send_wrapper::SendWrapper::new(on_change);
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    });
    hidden.into()
}
