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

/// Formats with the browser's Intl; an unparsable value is shown as it came.
pub fn local_time(raw: &str, lang: &str) -> String {
    let Some(ms) = crate::logic::time::parse_timestamp_ms(raw) else { return raw.to_string() };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    date.to_locale_string(lang, &wasm_bindgen::JsValue::UNDEFINED).into()
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
