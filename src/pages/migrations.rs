//! The signed-in user's migrations: status filter, sort, pages and page size, all in the URL.

use crate::api::BulkImport;
use crate::components::announcer::use_announcer;
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::pager::Pager;
use crate::components::refresh_status::RefreshStatus;
use crate::components::status_badge::{status_badge, status_label, status_label_in_locale};
use crate::components::time_text::{duration_text_in, now_ms, time_text};
use crate::data::migrations::{use_glances, use_migrations_page, Glance};
use crate::i18n::{t_string, td_string, use_i18n, Locale};
use crate::logic::display_status::DisplayStatus;
use crate::logic::time::duration_ms;
use crate::logic::view_state::MigrationsView;
use crate::preferences::use_preferences;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::HashMap;

#[component]
pub fn MigrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_preferences();
    let query = use_query_map();
    let navigate = use_navigate();
    let announcer = use_announcer();

    let view = Memo::new(move |_| query.with(|q| MigrationsView::parse(|k| q.get(k))));
    let per_page = Memo::new(move |_| view.with(|v| v.per_page).unwrap_or_else(|| prefs.page_size.get()));
    let set_view = Callback::new(move |v: MigrationsView| {
        navigate(&format!("/migrations{}", v.to_query()), NavigateOptions { scroll: false, ..Default::default() });
    });

    let list = use_migrations_page(view, per_page);
    let live = list.live;
    list.on_change(move |before, after| {
        let changes = status_changes(&before.rows, &after.rows);
        if !changes.is_empty() {
            announcer.say(changes.join("; "));
        }
    });
    let current = Signal::derive(move || list.value());
    let glances = use_glances(current);
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, migrations_title).to_string()
    }));

    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{move || t_string!(i18n, migrations_title)}</h1>
                <RefreshStatus live=live />
            </div>
            <div class="filters" role="search">
                <label>
                    <span class="filter-label">{move || t_string!(i18n, filter_status)}</span>
                    <select
                        class="select-compact"
                        data-testid="status-filter"
                        prop:value=move || {
                            view.with(|v| v.status.as_ref().map(|s| s.key().to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let mut v = view.get_untracked();
                            v.status = DisplayStatus::from_key(&event_target_value(&ev));
                            v.page = 1;
                            set_view.run(v);
                        }
                    >
                        <option value="">{move || t_string!(i18n, all_statuses)}</option>
                        {DisplayStatus::FILTERS
                            .iter()
                            .map(|s| view! { <option value=s.key().to_string()>{move || status_label(s)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span class="filter-label">{move || t_string!(i18n, sort_by_date)}</span>
                    <select
                        class="select-compact"
                        data-testid="sort"
                        prop:value=move || view.with(|v| v.sort.as_str())
                        on:change=move |ev| {
                            let mut v = view.get_untracked();
                            v.sort = crate::api::Sort::parse(&event_target_value(&ev)).unwrap_or_default();
                            v.page = 1;
                            set_view.run(v);
                        }
                    >
                        <option value="desc">{move || t_string!(i18n, newest_first)}</option>
                        <option value="asc">{move || t_string!(i18n, oldest_first)}</option>
                    </select>
                </label>
                // A plain link: the router takes its clicks all the same.
                <a href=format!("{}/entities", crate::browser::base_path()) class="filters-link">
                    {move || t_string!(i18n, all_entities_link)}
                </a>
            </div>
            {move || {
                list.error
                    .get()
                    .map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now()) /> })
            }}
            <Transition fallback=Loading>
                {list.loading_marker()}
                {move || {
                    list.value()
                        .map(|result| {
                            if result.rows.is_empty() {
                                let filtered = view.with(|v| v.status.is_some() || v.page > 1);
                                return view! {
                                    <p class="empty" data-testid="migrations-empty">
                                        {if filtered {
                                            t_string!(i18n, no_matching_migrations)
                                        } else {
                                            t_string!(i18n, no_migrations)
                                        }}
                                    </p>
                                }
                                    .into_any();
                            }
                            let total = result.total;
                            let has_next = result.has_next;
                            let shown_n = result.rows.len();
                            view! {
                                <MigrationTable rows=result.rows glances=glances />
                                <Pager
                                    page=Signal::derive(move || view.with(|v| v.page))
                                    per_page=per_page
                                    shown=Signal::derive(move || shown_n)
                                    total_rows=Signal::derive(move || total)
                                    has_next=Signal::derive(move || has_next)
                                    on_page=Callback::new(move |p| {
                                        let mut v = view.get_untracked();
                                        v.page = p;
                                        set_view.run(v);
                                    })
                                    on_per_page=Callback::new(move |n| {
                                        prefs.set_page_size(n);
                                        let mut v = view.get_untracked();
                                        v.per_page = None;
                                        v.page = 1;
                                        set_view.run(v);
                                    })
                                />
                            }
                                .into_any()
                        })
                }}
            </Transition>
        </section>
    }
}

/// "Migration 7: Complete" for each row whose status changed since the last answer.
fn status_changes(old: &[BulkImport], new: &[BulkImport]) -> Vec<String> {
    let before: HashMap<u64, DisplayStatus> = old.iter().map(|m| (m.id, DisplayStatus::of_import(m))).collect();
    let i18n = use_i18n();
    new.iter()
        .filter_map(|m| {
            let now = DisplayStatus::of_import(m);
            let was = before.get(&m.id)?;
            (*was != now).then(|| t_string!(i18n, migration_now, id = m.id, status = status_label(&now)).to_string())
        })
        .collect()
}

#[component]
fn MigrationTable(rows: Vec<BulkImport>, glances: RwSignal<HashMap<u64, Glance>>) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::browser::base_path();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="migrations-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_id)}</th>
                        <th scope="col">{move || t_string!(i18n, col_route)}</th>
                        <th scope="col">{move || t_string!(i18n, col_status)}</th>
                        <th scope="col" class="num">
                            {move || t_string!(i18n, col_entities)}
                        </th>
                        <th scope="col">{move || t_string!(i18n, col_created)}</th>
                        <th scope="col">{move || t_string!(i18n, col_updated)}</th>
                    </tr>
                </thead>
                <tbody>
                    // A row is drawn once per state of its migration and language (both in the key): only the
                    // glance, which comes after the first paint, stays live in it. Twenty reactive rows were
                    // ~400 reactive nodes on the way to the first paint.
                    <For
                        each=move || {
                            let locale = i18n.get_locale();
                            rows.iter().map(|m| (locale, m.clone())).collect::<Vec<_>>()
                        }
                        key=|(locale, m)| (*locale, m.id, m.updated_at.clone(), m.status.clone(), m.has_failures)
                        children=move |(locale, m)| {
                            view! { <MigrationRow m=m locale=locale base=base.clone() glances=glances /> }
                        }
                    />
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn MigrationRow(m: BulkImport, locale: Locale, base: String, glances: RwSignal<HashMap<u64, Glance>>) -> impl IntoView {
    let id = m.id;
    let running = m.status.is_active();
    // A migration GitLab has not picked up yet is waiting, not running ("running for 0s" misled).
    let waiting = m.status == crate::api::Status::Created;
    let duration = duration_ms(m.created_at.as_deref(), m.updated_at.as_deref(), running, now_ms()).map(|ms| {
        let d = duration_text_in(ms, locale);
        if waiting {
            td_string!(locale, waiting_for, d = d).to_string()
        } else if running {
            td_string!(locale, running_for, d = d).to_string()
        } else {
            td_string!(locale, took, d = d).to_string()
        }
    });
    let source = m.source_url.clone().unwrap_or_else(|| "—".into());
    let source_title = source.clone();
    let status = DisplayStatus::of_import(&m);
    let label = status_label_in_locale(locale, &status);
    view! {
        <tr data-testid=format!("migration-{id}")>
            <td class="id-cell">
                // A plain link: the router takes its clicks all the same.
                <a
                    href=format!("{base}/migrations/{id}")
                    aria-label=td_string!(locale, open_migration, id = id).to_string()
                >
                    {format!("#{id}")}
                </a>
            </td>
            <td class="path-cell" data-label=td_string!(locale, col_route)>
                <RouteLine id=id glances=glances />
                // At most three lines of it in the list (the whole of it in the title and on the migration's page).
                <span class="clamp-3 muted small" title=source_title>
                    {source}
                </span>
            </td>
            <td data-label=td_string!(locale, col_status)>{status_badge(&status, label)}</td>
            <td class="num" data-label=td_string!(locale, col_entities)>
                {move || glances.with(|g| g.get(&id).map(|g| g.total.to_string())).unwrap_or_else(|| "—".into())}
            </td>
            <td class="time-cell" data-label=td_string!(locale, col_created)>
                {time_text(m.created_at.clone(), locale)}
            </td>
            <td class="time-cell" data-label=td_string!(locale, col_updated)>
                {time_text(m.updated_at.clone(), locale)}
                {duration.map(|line| view! { <div class="muted small">{line}</div> })}
            </td>
        </tr>
    }
}

/// "acme/app → new-home/app and 3 more": where the migration goes, from its first group or project.
#[component]
fn RouteLine(id: u64, glances: RwSignal<HashMap<u64, Glance>>) -> impl IntoView {
    let i18n = use_i18n();
    let route = Memo::new(move |_| {
        glances.with(|g| {
            let glance = g.get(&id)?;
            let first = glance.first.as_ref()?;
            Some((first.source_full_path.clone(), first.destination_display(), glance.total.saturating_sub(1)))
        })
    });
    move || {
        route.get().map(|(from, to, more)| {
            let whole = format!("{from} → {to}");
            view! {
                <div class="clamp-3 route-line" title=whole>
                    <span>{from}</span>
                    " → "
                    <span>{to}</span>
                    {(more > 0)
                        .then(|| view! { <span class="muted">" " {t_string!(i18n, glance_more, n = more)}</span> })}
                </div>
            }
        })
    }
}
