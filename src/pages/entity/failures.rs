//! The failures of one entity: progress of the load, groups, a searchable paged table and export.

use crate::components::error_notice::ErrorNotice;
use crate::components::failure_export::FailureExport;
use crate::components::failure_groups::FailureGroups;
use crate::components::failure_table::FailureTable;
use crate::components::pager::Pager;
use crate::components::progress_bar::LoadProgressBar;
use crate::data::failures::FailureLoad;
use crate::i18n::{t_string, use_i18n};
use crate::logic::failures;
use crate::logic::paging;
use crate::preferences::use_preferences;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn FailuresSection(
    load: FailureLoad,
    id: u64,
    entity_id: u64,
    entity_path: Signal<String>,
    /// The migration's source instance: failure links are followed only there.
    source_instance: Signal<Option<String>>,
) -> impl IntoView {
    let all = load.all;
    let on_retry = Callback::new(move |_| load.reload());
    let i18n = use_i18n();
    let prefs = use_preferences();
    let query = use_query_map();
    let navigate = use_navigate();
    // The filter reads a local signal at once; the URL follows 300 ms after the last keystroke, because a
    // navigation per keystroke costs more than the filtering itself.
    let text = RwSignal::new(query.with_untracked(|q| q.get("q").unwrap_or_default()));
    let url_timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>> = StoredValue::new(None);
    // A new search starts on page 1, before the URL catches up.
    let page = Memo::new(move |_| {
        let (url_text, url_page) =
            query.with(|q| (q.get("q").unwrap_or_default(), q.get("page").and_then(|p| p.parse::<u32>().ok())));
        if text.get() != url_text {
            1
        } else {
            url_page.unwrap_or(1).max(1)
        }
    });
    let set_query = move |q: String, p: u32| {
        let mut parts = Vec::new();
        if !q.is_empty() {
            parts.push(format!("q={}", crate::api::pagination::encode_component(&q)));
        }
        if p > 1 {
            parts.push(format!("page={p}"));
        }
        let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
        navigate(
            &format!("/migrations/{id}/entities/{entity_id}{query}"),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    };
    let set_query = StoredValue::new(set_query);
    // Lower-cased once per load, not once per keystroke.
    // Each recomputation gets a new generation, so that matches are only narrowed within the same rows.
    let generation = StoredValue::new(0u64);
    let haystacks = Memo::new(move |_| {
        generation.update_value(|g| *g += 1);
        (generation.get_value(), all.with(|rows| rows.iter().map(failures::haystack).collect::<Vec<_>>()))
    });
    let search = Memo::new(move |previous: Option<&(u64, String, Vec<usize>)>| {
        haystacks.with(|(generation, h)| {
            text.with(|t| {
                let previous = previous.filter(|p| p.0 == *generation).map(|p| (p.1.as_str(), p.2.as_slice()));
                (*generation, failures::needle(t), failures::refine_haystacks(h, t, previous))
            })
        })
    });
    let matching = Memo::new(move |_| search.with(|s| s.2.clone()));
    let groups = Memo::new(move |_| all.with(|rows| failures::group(rows)));
    let per_page = prefs.page_size;
    let current_page = Memo::new(move |_| page.get().min(paging::page_count(matching.with(Vec::len), per_page.get())));
    let shown = Memo::new(move |_| {
        let range = paging::bounds(matching.with(Vec::len), current_page.get(), per_page.get());
        all.with(|rows| matching.with(|m| m[range].iter().map(|&i| (i, rows[i].clone())).collect::<Vec<_>>()))
    });
    view! {
        <Show when=move || !load.complete.get() && load.error.with(Option::is_none)>
            <LoadProgressBar progress=load.progress />
        </Show>
        {move || load.error.get().map(|e| view! { <ErrorNotice error=e on_retry=on_retry /> })}
        <Show when=move || load.inline_only.get()>
            <p class="notice notice-info">{move || t_string!(i18n, failures_inline_only)}</p>
        </Show>
        <Show
            when=move || !all.with(Vec::is_empty)
            fallback=move || {
                view! {
                    <Show when=move || load.complete.get()>
                        <p class="empty" data-testid="no-failures">
                            {move || t_string!(i18n, no_failures)}
                        </p>
                    </Show>
                }
            }
        >
            <div class="failure-tools">
                <span data-testid="failure-count">
                    <strong>{move || all.with(Vec::len)}</strong>
                    " "
                    {move || {
                        if all.with(Vec::len) == 1 {
                            t_string!(i18n, failure_count_one)
                        } else {
                            t_string!(i18n, failures_count_label)
                        }
                    }}
                </span>
                <FailureExport rows=all entity_path=entity_path entity_id=entity_id ready=load.complete />
            </div>
            <h3>{move || t_string!(i18n, failure_groups)}</h3>
            <FailureGroups groups=groups />
            <h3>{move || t_string!(i18n, failure_items)}</h3>
            <div class="filters" role="search">
                <label class="filter-text">
                    <span class="filter-label">{move || t_string!(i18n, filter_text)}</span>
                    <input
                        type="search"
                        data-testid="failure-filter"
                        maxlength="200"
                        placeholder=move || t_string!(i18n, failure_filter_placeholder).to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            text.set(value.clone());
                            if let Some(h) = url_timer.try_update_value(Option::take).flatten() {
                                h.clear();
                            }
                            let handle = set_timeout_with_handle(
                                    move || set_query.with_value(|f| f(value.clone(), 1)),
                                    std::time::Duration::from_millis(300),
                                )
                                .ok();
                            url_timer.set_value(handle);
                        }
                    />
                </label>
                // With a filter, what is exported can be what is shown (a ticket about one relation).
                <Show when=move || !text.with(|t| t.trim().is_empty()) && !matching.with(Vec::is_empty)>
                    <span class="filter-export" data-testid="export-matching">
                        {move || t_string!(i18n, export_matching, n = matching.with(Vec::len)).to_string()}
                        " "
                        <FailureExport
                            rows=Signal::derive(move || {
                                all.with(|rows| {
                                    matching
                                        .with(|m| m.iter().filter_map(|&i| rows.get(i).cloned()).collect::<Vec<_>>())
                                })
                            })
                            entity_path=entity_path
                            entity_id=entity_id
                            ready=load.complete
                            test_id_prefix="export-matching"
                        />
                    </span>
                </Show>
            </div>
            <Show
                when=move || !matching.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{move || t_string!(i18n, no_matching_failures)}</p> }
            >
                <FailureTable rows=shown source_instance=source_instance />
            </Show>
            <Pager
                page=current_page
                per_page=per_page
                shown=Signal::derive(move || shown.with(Vec::len))
                total_rows=Signal::derive(move || Some(matching.with(Vec::len) as u64))
                has_next=Signal::derive(|| false)
                on_page=Callback::new(move |p| set_query.with_value(|f| f(text.get_untracked(), p)))
                on_per_page=Callback::new(move |n| prefs.set_page_size(n))
            />
        </Show>
    }
}
