//! Per-relation figures as a table: source, fetched, imported, missing. Used by an entity's statistics and
//! by a migration's totals over all its entities.

use crate::api::RelationStats;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Relation keys as GitLab names them, made readable in the language shown ("merge requests", "合并请求").
pub fn relation_label(key: &str) -> String {
    let chinese = leptos_i18n::Locale::as_str(use_i18n().get_locale()).starts_with("zh");
    crate::logic::relations::relation_name(key, chinese)
}

/// A count, or "—" when the server did not send it (unknown is not zero).
pub fn number(v: Option<u64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

/// Items the source has that were not imported, when both are known.
pub fn missing(s: &RelationStats) -> Option<u64> {
    s.source.zip(s.imported).map(|(a, b)| a.saturating_sub(b))
}

#[component]
pub fn RelationTable(
    #[prop(into)] rows: Signal<Vec<(String, RelationStats)>>,
    test_id: &'static str,
    /// Read by screen readers only.
    #[prop(optional, into)]
    caption: Option<Signal<String>>,
    /// While importing, the gap is what is still to come, not what is missing.
    #[prop(optional, into)]
    running: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid=test_id>
                {caption.map(|c| view! { <caption class="visually-hidden">{c}</caption> })}
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                        <th scope="col" class="num">
                            {move || t_string!(i18n, stat_source)}
                        </th>
                        <th scope="col" class="num">
                            {move || t_string!(i18n, stat_fetched)}
                        </th>
                        <th scope="col" class="num">
                            {move || t_string!(i18n, stat_imported)}
                        </th>
                        <th scope="col" class="num">
                            {move || {
                                if running.get() { t_string!(i18n, stat_to_go) } else { t_string!(i18n, stat_missing) }
                            }}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(relation, s)| {
                                let gap = missing(&s);
                                let class = if gap.unwrap_or(0) > 0 && !running.get() {
                                    "num warn-text"
                                } else {
                                    "num"
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{relation_label(&relation)}</th>
                                        <td class="num">{number(s.source)}</td>
                                        <td class="num">{number(s.fetched)}</td>
                                        <td class="num">{number(s.imported)}</td>
                                        <td class=class>{number(gap)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
