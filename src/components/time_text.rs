use leptos::prelude::*;

/// A timestamp shown in the user's locale and time zone, with the raw value as a tooltip.
#[component]
pub fn TimeText(#[prop(into)] value: Signal<Option<String>>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    move || time_text(value.get(), i18n.get_locale())
}

/// The same, drawn once in `locale`: for rows rebuilt whenever their data or the language changes.
pub fn time_text(value: Option<String>, locale: crate::i18n::Locale) -> impl IntoView {
    let shown = value.as_deref().map(|raw| local_time(raw, locale)).unwrap_or_else(|| "—".into());
    let raw = value.unwrap_or_default();
    view! {
        <time datetime=raw.clone() title=raw>
            {shown}
        </time>
    }
}

/// In the viewer's time zone and language; an unparsable value is shown as it came.
pub fn local_time(raw: &str, locale: crate::i18n::Locale) -> String {
    use crate::logic::time::{format_local, parse_timestamp_ms};
    let Some(ms) = parse_timestamp_ms(raw) else { return raw.to_string() };
    let offset = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).get_timezone_offset();
    format_local(ms, offset as i64, date_style(locale))
}

/// How long, with the units of the language shown ("3m 07s", "3分 07秒"). Reactive on the language.
pub fn duration_text(ms: i64) -> String {
    duration_text_in(ms, crate::i18n::use_i18n().get_locale())
}

/// The same, in `locale`.
pub fn duration_text_in(ms: i64, locale: crate::i18n::Locale) -> String {
    crate::logic::time::format_duration_in(ms, date_style(locale))
}

fn date_style(locale: crate::i18n::Locale) -> crate::logic::time::DateStyle {
    use crate::logic::time::DateStyle;
    if leptos_i18n::Locale::as_str(locale).starts_with("zh") {
        DateStyle::Chinese
    } else {
        DateStyle::English
    }
}

pub use crate::browser::now_ms;
