use leptos::prelude::*;

/// A timestamp shown in the user's locale and time zone, with the raw value as a tooltip.
#[component]
pub fn TimeText(#[prop(into)] value: Signal<Option<String>>) -> impl IntoView {
    view! {
        <time datetime=move || value.get().unwrap_or_default() title=move || value.get().unwrap_or_default()>
            {move || value.with(|v| v.as_deref().map(local_time).unwrap_or_else(|| "—".into()))}
        </time>
    }
}

/// In the viewer's time zone; an unparsable value is shown as it came.
pub fn local_time(raw: &str) -> String {
    let Some(ms) = crate::logic::time::parse_timestamp_ms(raw) else { return raw.to_string() };
    let offset = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).get_timezone_offset();
    crate::logic::time::format_local(ms, offset as i64)
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
