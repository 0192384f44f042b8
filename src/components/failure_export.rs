//! Export every failure of an entity as CSV (spreadsheets, tickets) or JSON (scripts).

use crate::api::EntityFailure;
use crate::browser::download_text;
use crate::i18n::{t_string, use_i18n};
use crate::logic::failures;
use leptos::prelude::*;

#[component]
pub fn FailureExport(
    #[prop(into)] rows: Signal<Vec<EntityFailure>>,
    #[prop(into)] entity_path: Signal<String>,
    entity_id: u64,
    /// Exports only once every failure has arrived.
    #[prop(into)]
    ready: Signal<bool>,
    /// `data-testid` of the buttons: `<prefix>-csv`, `<prefix>-json`.
    #[prop(default = "export")]
    test_id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let export = move |json: bool| {
        let path = entity_path.get_untracked();
        rows.with_untracked(|rows| {
            let (content, mime, ext) = if json {
                (failures::to_json(&path, rows), "application/json", "json")
            } else {
                (failures::to_csv(&path, rows), "text/csv;charset=utf-8", "csv")
            };
            download_text(&failures::export_file_name(&path, entity_id, ext), mime, &content);
        });
    };
    view! {
        <button
            type="button"
            class="button button-small"
            data-testid=format!("{test_id_prefix}-csv")
            disabled=move || !ready.get()
            on:click=move |_| export(false)
        >
            {move || t_string!(i18n, export_csv)}
        </button>
        <button
            type="button"
            class="button button-small"
            data-testid=format!("{test_id_prefix}-json")
            disabled=move || !ready.get()
            on:click=move |_| export(true)
        >
            {move || t_string!(i18n, export_json)}
        </button>
    }
}
