//! The Contributions page: a top-level group's import source users (placeholder reassignment), with counts
//! per status group, a filtered and searchable table in the URL, cursor paging and the owner's actions.

mod await_link;
mod filters;
mod picker;
mod row;
mod sheet;
mod sheet_table;

pub use await_link::ContributionsAwaitLink;

use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::refresh_status::RefreshStatus;
use crate::data::contrib_counts::CountChains;
use crate::data::contributions::{
    keep_all, unavailable, use_contributions, use_owned_groups, use_row_action, Unavailable,
};
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::{ContribView, Count, Group, GROUPS};
use crate::logic::verify::group_digits;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use row::{Notes, SourceUserRow};

#[component]
pub fn ContributionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let view = Memo::new(move |_| query.with(|q| ContribView::parse(|k| q.get(k))));
    let set_view = Callback::new(move |v: ContribView| {
        navigate(
            &format!("/contributions{}", v.to_query()),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    });
    // The group list is read when there is no group in the URL or the owner opens the list.
    let want_groups = RwSignal::new(false);
    let groups = use_owned_groups(Signal::derive(move || want_groups.get() || view.with(|v| v.group.is_empty())));
    // No group in the URL: the first top-level group the user owns.
    Effect::new(move |_| {
        if view.with(|v| v.group.is_empty()) {
            if let Some(first) = groups.value().and_then(|g| g.first().map(|g| g.full_path.clone())) {
                set_view.run(ContribView { group: first, ..view.get_untracked() });
            }
        }
    });
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, contrib_title_plain).to_string()
    }));
    let has_group = Memo::new(move |_| view.with(|v| !v.group.is_empty()));
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">
                    {move || {
                        let group = view.with(|v| v.group.clone());
                        if group.is_empty() {
                            t_string!(i18n, contrib_title_plain).to_string()
                        } else {
                            t_string!(i18n, contrib_title, group = group).to_string()
                        }
                    }}
                </h1>
            </div>
            <p class="muted">{move || t_string!(i18n, contrib_intro)}</p>
            <div class="filters">
                <label>
                    <span class="filter-label">{move || t_string!(i18n, contrib_group)}</span>
                    <select
                        class="select-compact"
                        data-testid="contrib-group"
                        on:focus=move |_| want_groups.set(true)
                        on:pointerdown=move |_| want_groups.set(true)
                        prop:value=move || view.with(|v| v.group.clone())
                        on:change=move |ev| {
                            set_view
                                .run(ContribView {
                                    group: event_target_value(&ev),
                                    ..ContribView::default()
                                })
                        }
                    >
                        {move || {
                            let mut paths: Vec<String> = groups
                                .value()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|g| g.full_path)
                                .collect();
                            let current = view.with(|v| v.group.clone());
                            if !current.is_empty() && !paths.contains(&current) {
                                paths.insert(0, current);
                            }
                            paths
                                .into_iter()
                                .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <Show
                when=move || has_group.get()
                fallback=move || {
                    view! {
                        <Show when=move || groups.value().is_some_and(|g| g.is_empty())>
                            <p class="notice notice-info" data-testid="contrib-unavailable">
                                {move || t_string!(i18n, contrib_no_groups)}
                            </p>
                        </Show>
                    }
                }
            >
                <GroupContributions view=view set_view=set_view />
            </Show>
        </section>
    }
}

#[component]
fn GroupContributions(view: Memo<ContribView>, set_view: Callback<ContribView>) -> impl IntoView {
    let i18n = use_i18n();
    let list = use_contributions(view);
    let counts = CountChains::new();
    // The counts start once the table's first page is there: the table comes first. They are kept for the
    // group while the page lives (a filter, sort or search changes nothing about them).
    Effect::new(move |_| {
        if list.value().is_some() {
            counts.ensure(&view.with_untracked(|v| v.group.clone()));
        }
    });
    // Recounted after a change: this console's (an action, keep all, a sheet) or one a refresh saw.
    list.on_change(move |_, _| counts.recount());
    let action = use_row_action(list);
    Effect::new(move |_| {
        if action.value().with(|v| v.as_ref().is_some_and(|(_, a)| matches!(a, Ok(Ok(_))))) {
            counts.recount();
        }
    });
    let notes = Notes::new(action);
    let scope = PageScope::new();
    let confirm = RwSignal::new(false);
    let info: RwSignal<Option<String>> = RwSignal::new(None);
    let ask_keep_all = move |_| confirm.set(true);
    let do_keep_all = move |_| {
        let Some(namespace_id) = list.value().and_then(|c| c.page.namespace_id) else { return };
        confirm.set(false);
        spawn_local(async move {
            let text = match keep_all(scope, namespace_id).await {
                Ok(Ok(n)) => t_string!(i18n, contrib_keep_all_done, count = n).to_string(),
                Ok(Err(refusal)) => t_string!(i18n, contrib_refused, reason = refusal).to_string(),
                Err(e) => crate::components::error_notice::error_text_in(i18n, &e),
            };
            let _ = info.try_set(Some(text));
            list.refresh();
            counts.recount();
        });
    };
    let count_text = move |c: Count| match c {
        Count::Known(n) => group_digits(n),
        Count::Counting(n) => t_string!(i18n, contrib_counting, n = group_digits(n)).to_string(),
        Count::Unknown => "—".to_string(),
    };
    let group_label = move |g: Group| match g {
        Group::NeedsDecision => t_string!(i18n, contrib_group_needs).to_string(),
        Group::Waiting => t_string!(i18n, contrib_group_waiting).to_string(),
        Group::Done => t_string!(i18n, contrib_group_done).to_string(),
    };
    view! {
        {move || {
            list.error
                .get()
                .map(|e| match unavailable(&e) {
                    Some(why) => {
                        let text = match why {
                            Unavailable::OldServer => t_string!(i18n, contrib_old_server).to_string(),
                            Unavailable::NotOwner => t_string!(i18n, contrib_not_owner).to_string(),
                            Unavailable::NoGroup => t_string!(i18n, contrib_no_group).to_string(),
                        };
                        view! {
                            <p class="notice notice-info" data-testid="contrib-unavailable">
                                {text}
                            </p>
                        }
                            .into_any()
                    }
                    None => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| list.refresh()) /> }.into_any(),
                })
        }}
        <Show when=move || list.error.with(|e| e.as_ref().and_then(unavailable).is_none())>
            <div class="page-head">
                <ul class="status-counts" data-testid="contrib-counts">
                    {move || {
                        GROUPS
                            .iter()
                            .map(|g| {
                                let c = counts.group_count(*g);
                                let state = if c.known().is_some() { "known" } else { "counting" };
                                view! {
                                    <li data-testid="contrib-count" data-group=g.slug() data-state=state>
                                        <strong>{count_text(c)}</strong>
                                        " "
                                        {group_label(*g)}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <RefreshStatus live=list.live />
            </div>
            <filters::Filters view=view set_view=set_view on_keep_all=Callback::new(ask_keep_all) />
            {move || {
                confirm
                    .get()
                    .then(|| {
                        let known = counts.tally.with(|t| t.keep_all());
                        let n = known.known().unwrap_or(0);
                        let text = match known {
                            Count::Known(0) => t_string!(i18n, contrib_keep_all_none).to_string(),
                            Count::Known(n) => t_string!(i18n, contrib_keep_all_confirm, count = n).to_string(),
                            Count::Counting(n) => {
                                t_string!(i18n, contrib_keep_all_counting, n = group_digits(n)).to_string()
                            }
                            Count::Unknown => "—".to_string(),
                        };
                        // Keep all names its number only once it is known.
                        view! {
                            <div class="confirm" role="alertdialog" data-testid="contrib-keep-all-confirm">
                                <p class="confirm-what">{text}</p>
                                <div class="confirm-buttons">
                                    <Show when=move || { n > 0 }>
                                        <button
                                            class="button button-primary"
                                            data-testid="contrib-keep-all-yes"
                                            on:click=do_keep_all
                                        >
                                            {move || t_string!(i18n, contrib_keep_all_yes, count = n)}
                                        </button>
                                    </Show>
                                    <button class="button" on:click=move |_| confirm.set(false)>
                                        {move || t_string!(i18n, contrib_cancel)}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || {
                info.get()
                    .map(|t| {
                        view! {
                            <p class="notice notice-info" role="status" data-testid="contrib-info">
                                {t}
                            </p>
                        }
                    })
            }}
            <sheet::SheetPanel
                group=Signal::derive(move || view.with(|v| v.group.clone()))
                on_changed=Callback::new(move |_| {
                    list.refresh();
                    counts.recount();
                })
            />
            <Transition fallback=Loading>
                {list.loading_marker()}
                {move || {
                    list.value()
                        .map(|c| {
                            let next = c.page.end_cursor.clone().filter(|_| c.page.has_next_page);
                            let empty = c.page.nodes.is_empty();
                            view! {
                                <p class="muted small" data-testid="contrib-total">
                                    {move || {
                                        match counts.tally.with(|t| view.with(|v| t.matching(v))) {
                                            Some(Count::Known(n)) => {
                                                t_string!(i18n, contrib_total, count = n).to_string()
                                            }
                                            Some(c @ Count::Counting(_)) => count_text(c),
                                            _ => String::new(),
                                        }
                                    }}
                                </p>
                                <div class="table-wrap">
                                    <table class="table" data-testid="contrib-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{move || t_string!(i18n, contrib_col_source_user)}</th>
                                                <th scope="col">{move || t_string!(i18n, contrib_col_placeholder)}</th>
                                                <th scope="col">{move || t_string!(i18n, contrib_col_status)}</th>
                                                <th scope="col">{move || t_string!(i18n, contrib_col_chosen)}</th>
                                                <th scope="col">{move || t_string!(i18n, contrib_col_actions)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {c
                                                .page
                                                .nodes
                                                .into_iter()
                                                .map(|u| view! { <SourceUserRow user=u action=action notes=notes /> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Show when=move || empty>
                                    <p class="empty" data-testid="contrib-empty">
                                        {move || t_string!(i18n, contrib_empty)}
                                    </p>
                                </Show>
                                <div class="pager">
                                    <Show when=move || view.with(|v| v.after.is_some())>
                                        <button
                                            class="button button-small"
                                            on:click=move |_| {
                                                set_view
                                                    .run(ContribView {
                                                        after: None,
                                                        ..view.get_untracked()
                                                    })
                                            }
                                        >
                                            {move || t_string!(i18n, contrib_first)}
                                        </button>
                                    </Show>
                                    {next
                                        .map(|cursor| {
                                            view! {
                                                <button
                                                    class="button button-small"
                                                    data-testid="contrib-next"
                                                    on:click=move |_| {
                                                        set_view
                                                            .run(ContribView {
                                                                after: Some(cursor.clone()),
                                                                ..view.get_untracked()
                                                            })
                                                    }
                                                >
                                                    {move || t_string!(i18n, contrib_next)}
                                                </button>
                                            }
                                        })}
                                </div>
                            }
                        })
                }}
            </Transition>
        </Show>
    }
}
