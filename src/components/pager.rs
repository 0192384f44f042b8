//! Page navigation with totals, for lists paged by GitLab and lists paged here.

use crate::i18n::{t_string, use_i18n};
use crate::logic::paging::{self, COUNT_LIMIT, PAGE_SIZES};
use leptos::prelude::*;

/// `total_rows: None` means GitLab did not count (more than 10,000 rows) or a proxy dropped the headers.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] per_page: Signal<u32>,
    #[prop(into)] shown: Signal<usize>,
    #[prop(into)] total_rows: Signal<Option<u64>>,
    #[prop(into)] has_next: Signal<bool>,
    on_page: Callback<u32>,
    #[prop(optional)] on_per_page: Option<Callback<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total_pages = Signal::derive(move || {
        total_rows.get().map(|t| paging::page_count(t.min(u32::MAX as u64) as usize, per_page.get()))
    });
    let range = move || {
        let (first, last) = paging::range_text_figures(page.get(), per_page.get(), shown.get());
        match total_rows.get() {
            Some(total) => t_string!(i18n, range_of_total, first = first, last = last, total = total).to_string(),
            None if has_next.get() => {
                t_string!(i18n, range_of_many, first = first, last = last, limit = COUNT_LIMIT).to_string()
            }
            None => t_string!(i18n, range_plain, first = first, last = last).to_string(),
        }
    };
    let buttons = move || match total_pages.get() {
        Some(total) => paging::window(page.get(), total),
        // Without a count: the pages up to here, and the next one.
        None => {
            let p = page.get();
            let last = if has_next.get() { p + 1 } else { p };
            paging::window(p, last)
        }
    };
    let go = move |p: u32| on_page.run(p);
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, pagination).to_string()>
            <span class="pager-range" data-testid="pager-range">
                {range}
            </span>
            <div class="pager-pages">
                <button
                    type="button"
                    class="button button-small"
                    disabled=move || page.get() <= 1
                    on:click=move |_| go(page.get_untracked().saturating_sub(1).max(1))
                >
                    <span aria-hidden="true">"‹ "</span>
                    {move || t_string!(i18n, previous)}
                </button>
                {move || {
                    buttons()
                        .into_iter()
                        .map(|b| match b {
                            Some(p) => {
                                let current = p == page.get_untracked();
                                view! {
                                    <button
                                        type="button"
                                        class="button button-small page-number"
                                        aria-current=current.then_some("page")
                                        aria-label=move || t_string!(i18n, page_n, n = p).to_string()
                                        on:click=move |_| go(p)
                                    >
                                        {p}
                                    </button>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <span class="pager-gap" aria-hidden="true">
                                        "…"
                                    </span>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()
                }}
                <button
                    type="button"
                    class="button button-small"
                    data-testid="pager-next"
                    disabled=move || match total_pages.get() {
                        Some(t) => page.get() >= t,
                        None => !has_next.get(),
                    }
                    on:click=move |_| go(page.get_untracked() + 1)
                >
                    {move || t_string!(i18n, next)}
                    <span aria-hidden="true">" ›"</span>
                </button>
            </div>
            {on_per_page
                .map(|set| {
                    view! {
                        <label class="pager-size">
                            {move || t_string!(i18n, per_page)} " "
                            <select
                                class="select-compact"
                                prop:value=move || per_page.get().to_string()
                                on:change=move |ev| {
                                    if let Ok(n) = event_target_value(&ev).parse() {
                                        set.run(n)
                                    }
                                }
                            >
                                {PAGE_SIZES
                                    .iter()
                                    .map(|n| view! { <option value=n.to_string()>{*n}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
        </nav>
    }
}
