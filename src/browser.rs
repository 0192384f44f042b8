//! Small browser services: the clock, saving a file, Web Storage.

use wasm_bindgen::JsCast;

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
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
