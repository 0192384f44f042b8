use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// A timestamp shown in the user's locale and time zone, with the raw value as a tooltip.
#[component]
pub fn TimeText(#[prop(into)] value: Signal<Option<String>>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <time datetime=move || value.get().unwrap_or_default() title=move || value.get().unwrap_or_default()>
            {move || {
                let lang = i18n.get_locale().as_str();
                value.with(|v| v.as_deref().map(|raw| local_time(raw, lang)).unwrap_or_else(|| "—".into()))
            }}
        </time>
    }
}

thread_local! {
    /// One formatter per language: `Date.toLocaleString` builds a new one per call, which a table of hundreds
    /// of timestamps pays on every filter keystroke.
    static FORMATTER: std::cell::RefCell<Option<(String, js_sys::Intl::DateTimeFormat)>> = const { std::cell::RefCell::new(None) };
}

/// Formats with the browser's Intl; an unparsable value is shown as it came.
pub fn local_time(raw: &str, lang: &str) -> String {
    let Some(ms) = crate::logic::time::parse_timestamp_ms(raw) else { return raw.to_string() };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    FORMATTER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(l, _)| l != lang) {
            let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(lang));
            let options = js_sys::Object::new();
            // The same fields as `toLocaleString()` with no options.
            for (key, value) in [("year", "numeric"), ("month", "numeric"), ("day", "numeric"), ("hour", "numeric"), ("minute", "2-digit"), ("second", "2-digit")] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
            }
            *slot = Some((lang.to_string(), js_sys::Intl::DateTimeFormat::new(&locales, &options)));
        }
        match slot.as_ref() {
            Some((_, formatter)) => formatter.format().call1(&wasm_bindgen::JsValue::UNDEFINED, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| raw.to_string()),
            None => raw.to_string(),
        }
    })
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
