//! The Contributions page's filter bar: status, search and sort (all in the URL), and "Keep all as placeholder".

use super::row;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::{ContribView, SourceStatus, ALL, SORTS};
use leptos::prelude::*;

fn status_filter_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, s: SourceStatus) -> String {
    row::status_label(i18n, s)
}

#[component]
pub fn Filters(
    view: Memo<ContribView>,
    set_view: Callback<ContribView>,
    on_keep_all: Callback<leptos::ev::MouseEvent>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="filters" role="search">
            <label>
                <span class="filter-label">{move || t_string!(i18n, contrib_col_status)}</span>
                <select
                    class="select-compact"
                    data-testid="contrib-status"
                    prop:value=move || view.with(|v| v.status.map(|s| s.slug()).unwrap_or_default())
                    on:change=move |ev| {
                        let status = SourceStatus::from_slug(&event_target_value(&ev));
                        set_view
                            .run(ContribView {
                                status,
                                after: None,
                                ..view.get_untracked()
                            });
                    }
                >
                    <option value="">{move || t_string!(i18n, contrib_all_statuses)}</option>
                    {ALL
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! { <option value=s.slug()>{move || status_filter_label(i18n, s)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="filter-text">
                <span class="filter-label">{move || t_string!(i18n, contrib_search)}</span>
                <input
                    type="search"
                    data-testid="contrib-search"
                    prop:value=move || view.with(|v| v.search.clone())
                    on:change=move |ev| {
                        let search = event_target_value(&ev);
                        set_view
                            .run(ContribView {
                                search,
                                after: None,
                                ..view.get_untracked()
                            });
                    }
                />
            </label>
            <label>
                <span class="filter-label">{move || t_string!(i18n, contrib_sort)}</span>
                <select
                    class="select-compact"
                    data-testid="contrib-sort"
                    prop:value=move || view.with(|v| v.sort)
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let sort = SORTS.into_iter().find(|s| *s == value).unwrap_or(SORTS[0]);
                        set_view
                            .run(ContribView {
                                sort,
                                after: None,
                                ..view.get_untracked()
                            });
                    }
                >
                    {SORTS
                        .iter()
                        .map(|s| view! { <option value=*s>{row::sort_label(i18n, s)}</option> })
                        .collect_view()}
                </select>
            </label>
            <button class="button button-small" data-testid="contrib-keep-all" on:click=move |ev| on_keep_all.run(ev)>
                {move || t_string!(i18n, contrib_keep_all)}
            </button>
        </div>
    }
}
