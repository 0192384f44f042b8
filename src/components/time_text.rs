use leptos::prelude::*;

/// A timestamp shown in the user's locale and time zone, with the raw value as a tooltip.
#[component]
pub fn TimeText(#[prop(into)] value: Signal<Option<String>>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <time datetime=move || value.get().unwrap_or_default() title=move || value.get().unwrap_or_default()>
            {move || {
                let locale = i18n.get_locale();
                value.with(|v| v.as_deref().map(|raw| local_time(raw, locale)).unwrap_or_else(|| "—".into()))
            }}
        </time>
    }
}

/// In the viewer's time zone and language; an unparsable value is shown as it came.
pub fn local_time(raw: &str, locale: crate::i18n::Locale) -> String {
    use crate::logic::time::{format_local, parse_timestamp_ms, DateStyle};
    let Some(ms) = parse_timestamp_ms(raw) else { return raw.to_string() };
    let offset = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).get_timezone_offset();
    let style =
        if leptos_i18n::Locale::as_str(locale).starts_with("zh") { DateStyle::Chinese } else { DateStyle::English };
    format_local(ms, offset as i64, style)
}

pub use crate::browser::now_ms;
