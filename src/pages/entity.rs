//! One entity: what it is, its statistics per relation, and its failures (grouped, filtered, exported).

use crate::api::all_pages::with_retry;
use crate::api::{fetch_all_pages, ApiError, Entity, EntityFailure, LoadProgress, MAX_IN_FLIGHT};
use crate::browser::download_text;
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::live_refresh::{use_live_refresh, RefreshStatus};
use crate::components::pager::Pager;
use crate::components::progress_bar::LoadProgressBar;
use crate::components::stats_chart::{relation_label, StatsChart};
use crate::components::status_badge::StatusBadge;
use crate::components::time_text::TimeText;
use crate::connection::use_connection;
use crate::i18n::{t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use crate::logic::failures;
use crate::logic::instance_url::{safe_link, web_url};
use crate::logic::paging;
use crate::preferences::use_preferences;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

const FAILURES_PER_REQUEST: u32 = 100;

#[component]
pub fn EntityPage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    let ids = move || params.with(|p| Some((p.get("id")?.parse::<u64>().ok()?, p.get("entity_id")?.parse::<u64>().ok()?)));
    move || match ids() {
        Some((id, entity_id)) => view! { <EntityView id=id entity_id=entity_id/> }.into_any(),
        None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
    }
}

/// Every failure of the entity. `None` in `inline` means the server has the `/failures` endpoint (16.6+).
#[derive(Clone, Copy)]
struct FailureLoad {
    rows: RwSignal<Vec<EntityFailure>>,
    progress: RwSignal<Option<LoadProgress>>,
    complete: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    /// Old servers have no `/failures`: the inline list from the entity is all there is.
    inline_only: RwSignal<bool>,
}

#[component]
fn EntityView(id: u64, entity_id: u64) -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();

    let entity_res = LocalResource::new(move || {
        let client = connection.client();
        async move {
            match client {
                Some(c) => c.get_entity(id, entity_id).await,
                None => Err(ApiError::Unauthorized),
            }
        }
    });
    let import_res = LocalResource::new(move || {
        let client = connection.client();
        async move { client?.get_bulk_import(id).await.ok() }
    });
    let entity: RwSignal<Option<Entity>> = RwSignal::new(None);
    let entity_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let active = Signal::derive(move || entity.with(|e| e.as_ref().is_some_and(|e| e.status.is_active())));
    let live = use_live_refresh(active, move || entity_res.refetch());
    Effect::new(move |_| {
        let Some(result) = entity_res.get() else { return };
        live.report(result.is_ok());
        match result {
            Ok(e) => { entity.set(Some(e)); entity_error.set(None); }
            Err(e) => entity_error.set(Some(e)),
        }
    });

    let load = FailureLoad {
        rows: RwSignal::new(Vec::new()),
        progress: RwSignal::new(None),
        complete: RwSignal::new(false),
        error: RwSignal::new(None),
        inline_only: RwSignal::new(false),
    };
    let load_failures = move || {
        let Some(client) = connection.client() else { return };
        let _ = load.error.try_set(None);
        let _ = load.rows.try_set(Vec::new());
        let _ = load.complete.try_set(false);
        leptos::task::spawn_local(async move {
            let fetch = |p| {
                let c = client.clone();
                async move { with_retry(3, || c.list_entity_failures(id, entity_id, p, FAILURES_PER_REQUEST)).await }
            };
            let result = fetch_all_pages(fetch, FAILURES_PER_REQUEST, MAX_IN_FLIGHT, |progress, items| {
                let _ = load.progress.try_set(Some(progress));
                let _ = load.rows.try_update(|r| r.extend(items));
            }).await;
            match result {
                Ok(_) => { let _ = load.complete.try_set(true); }
                // Before 16.6 there is no /failures: use the inline list.
                Err(ApiError::NotFound) => {
                    let _ = load.inline_only.try_set(true);
                    let _ = load.complete.try_set(true);
                }
                Err(e) => { let _ = load.error.try_set(Some(e)); }
            }
        });
    };
    load_failures();
    // While the entity runs, new failures can appear: reload them when its status changes.
    Effect::new(move |prev: Option<Option<DisplayStatus>>| {
        let now = entity.with(|e| e.as_ref().map(DisplayStatus::of_entity));
        if let Some(Some(before)) = prev {
            if now.as_ref().is_some_and(|n| *n != before) {
                load_failures();
            }
        }
        now
    });
    let all_failures = Memo::new(move |_| {
        if load.inline_only.get() {
            entity.with(|e| e.as_ref().map(|e| e.failures.clone()).unwrap_or_default())
        } else {
            load.rows.get()
        }
    });

    let source_base = Signal::derive(move || import_res.get().flatten().and_then(|m| m.source_url));
    let destination = connection.session.with_untracked(|s| s.as_ref().map(|s| s.instance().to_string())).unwrap_or_default();

    view! {
        <section>
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A> " / "
                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A> " / "
                <span>{move || entity.with(|e| e.as_ref().map(|e| e.source_full_path.clone())).unwrap_or_else(|| entity_id.to_string())}</span>
            </nav>
            <div class="page-head">
                <h1 class="path-cell">{move || entity.with(|e| e.as_ref().map(|e| e.source_full_path.clone()))
                    .filter(|p| !p.is_empty()).unwrap_or_else(|| t_string!(i18n, entity_title, id = entity_id).to_string())}</h1>
                <RefreshStatus live=live/>
            </div>
            {move || entity_error.get().map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now())/> })}
            <Transition fallback=move || view! { <p class="loading">{move || t_string!(i18n, loading)}</p> }>
                {move || { let _ = entity_res.get(); entity.get().map(|e| {
                    let source_link = source_base.get().and_then(|b| web_url(&b, &e.source_full_path));
                    let dest_link = e.destination_full_path.as_deref().and_then(|p| web_url(&destination, p));
                    let kind = e.kind();
                    view! {
                        <div class="card summary" data-testid="entity-summary">
                            <dl class="facts">
                                <div><dt>{move || t_string!(i18n, col_status)}</dt><dd><StatusBadge status=DisplayStatus::of_entity(&e)/></dd></div>
                                <div><dt>{move || t_string!(i18n, col_type)}</dt><dd>{move || if kind == crate::api::EntityType::Group { t_string!(i18n, type_group) } else { t_string!(i18n, type_project) }}</dd></div>
                                <div><dt>{move || t_string!(i18n, col_source_path)}</dt><dd class="path-cell">{match source_link {
                                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{e.source_full_path.clone()}</a> }.into_any(),
                                    None => view! { <span>{e.source_full_path.clone()}</span> }.into_any(),
                                }}</dd></div>
                                <div><dt>{move || t_string!(i18n, col_destination)}</dt><dd class="path-cell">{match dest_link {
                                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{e.destination_display()}</a> }.into_any(),
                                    None => view! { <span>{e.destination_display()}</span> " " <span class="muted">{move || t_string!(i18n, not_created_yet)}</span> }.into_any(),
                                }}</dd></div>
                                <div><dt>{move || t_string!(i18n, col_created)}</dt><dd><TimeText value=e.created_at.clone()/></dd></div>
                                <div><dt>{move || t_string!(i18n, col_updated)}</dt><dd><TimeText value=e.updated_at.clone()/></dd></div>
                            </dl>
                        </div>
                    }
                })}}
            </Transition>

            // Nothing to say about statistics or failures of an entity that could not be read (a 404 there
            // would otherwise read as "no failures" from an old server).
            <Show when=move || entity.with(Option::is_some)>
            <h2>{move || t_string!(i18n, statistics)}</h2>
            <StatsChart stats=Signal::derive(move || entity.with(|e| e.as_ref().map(|e| e.stats.clone()).unwrap_or_default()))/>

            <h2>{move || t_string!(i18n, failures_title)}</h2>
            <FailuresSection load=load all=all_failures id=id entity_id=entity_id
                entity_path=Signal::derive(move || entity.with(|e| e.as_ref().map(|e| e.source_full_path.clone()).unwrap_or_default()))
                on_retry=Callback::new(move |_| load_failures())/>
            </Show>
        </section>
    }
}

#[component]
fn FailuresSection(
    load: FailureLoad,
    all: Memo<Vec<EntityFailure>>,
    id: u64,
    entity_id: u64,
    entity_path: Signal<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
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
        let (url_text, url_page) = query.with(|q| (q.get("q").unwrap_or_default(), q.get("page").and_then(|p| p.parse::<u32>().ok())));
        if text.get() != url_text { 1 } else { url_page.unwrap_or(1).max(1) }
    });
    let set_query = move |q: String, p: u32| {
        let mut parts = Vec::new();
        if !q.is_empty() { parts.push(format!("q={}", crate::api::pagination::encode_component(&q))); }
        if p > 1 { parts.push(format!("page={p}")); }
        let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
        navigate(&format!("/migrations/{id}/entities/{entity_id}{query}"), NavigateOptions { replace: true, scroll: false, ..Default::default() });
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
        haystacks.with(|(generation, h)| text.with(|t| {
            let previous = previous.filter(|p| p.0 == *generation).map(|p| (p.1.as_str(), p.2.as_slice()));
            (*generation, failures::needle(t), failures::refine_haystacks(h, t, previous))
        }))
    });
    let matching = Memo::new(move |_| search.with(|s| s.2.clone()));
    let groups = Memo::new(move |_| all.with(|rows| failures::group(rows)));
    let per_page = prefs.page_size;
    let current_page = Memo::new(move |_| page.get().min(paging::page_count(matching.with(Vec::len), per_page.get())));
    let shown = Memo::new(move |_| {
        let range = paging::bounds(matching.with(Vec::len), current_page.get(), per_page.get());
        all.with(|rows| matching.with(|m| m[range].iter().map(|&i| (i, rows[i].clone())).collect::<Vec<_>>()))
    });
    let export = move |json: bool| {
        let path = entity_path.get_untracked();
        all.with_untracked(|rows| {
            let (content, mime, ext) = if json {
                (failures::to_json(&path, rows), "application/json", "json")
            } else {
                (failures::to_csv(&path, rows), "text/csv;charset=utf-8", "csv")
            };
            download_text(&failures::export_file_name(&path, entity_id, ext), mime, &content);
        });
    };

    view! {
        <Show when=move || !load.complete.get() && load.error.with(Option::is_none)>
            <LoadProgressBar progress=load.progress/>
        </Show>
        {move || load.error.get().map(|e| view! { <ErrorNotice error=e on_retry=on_retry/> })}
        <Show when=move || load.inline_only.get()>
            <p class="notice notice-info">{move || t_string!(i18n, failures_inline_only)}</p>
        </Show>
        <Show when=move || !all.with(Vec::is_empty)
            fallback=move || view! {
                <Show when=move || load.complete.get()>
                    <p class="empty" data-testid="no-failures">{move || t_string!(i18n, no_failures)}</p>
                </Show>
            }>
            <div class="failure-tools">
                <span data-testid="failure-count"><strong>{move || all.with(Vec::len)}</strong> " " {move || t_string!(i18n, failures_count_label)}</span>
                <button type="button" class="button button-small" data-testid="export-csv" disabled=move || !load.complete.get()
                    on:click=move |_| export(false)>{move || t_string!(i18n, export_csv)}</button>
                <button type="button" class="button button-small" data-testid="export-json" disabled=move || !load.complete.get()
                    on:click=move |_| export(true)>{move || t_string!(i18n, export_json)}</button>
            </div>
            <h3>{move || t_string!(i18n, failure_groups)}</h3>
            <div class="table-wrap">
                <table class="table" data-testid="failure-groups">
                    <thead><tr>
                        <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                        <th scope="col">{move || t_string!(i18n, col_exception)}</th>
                        <th scope="col" class="num">{move || t_string!(i18n, col_count)}</th>
                        <th scope="col">{move || t_string!(i18n, col_example)}</th>
                    </tr></thead>
                    <tbody>
                        {move || groups.get().into_iter().map(|g| view! {
                            <tr>
                                <td>{relation_label(&g.relation)}</td>
                                <td><code>{g.exception_class}</code></td>
                                <td class="num">{g.count}</td>
                                <td class="message">{g.example}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h3>{move || t_string!(i18n, failure_items)}</h3>
            <div class="filters" role="search">
                <label class="filter-text">
                    <span class="filter-label">{move || t_string!(i18n, filter_text)}</span>
                    <input type="search" data-testid="failure-filter" maxlength="200"
                        placeholder=move || t_string!(i18n, failure_filter_placeholder).to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            text.set(value.clone());
                            if let Some(h) = url_timer.try_update_value(Option::take).flatten() {
                                h.clear();
                            }
                            let handle = set_timeout_with_handle(move || set_query.with_value(|f| f(value.clone(), 1)), std::time::Duration::from_millis(300)).ok();
                            url_timer.set_value(handle);
                        }/>
                </label>
            </div>
            <Show when=move || !matching.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{move || t_string!(i18n, no_matching_failures)}</p> }>
                <div class="table-wrap">
                    <table class="table failures-table stack" data-testid="failures-table">
                        <thead><tr>
                            <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                            <th scope="col">{move || t_string!(i18n, col_title)}</th>
                            <th scope="col">{move || t_string!(i18n, col_error)}</th>
                            <th scope="col">{move || t_string!(i18n, col_correlation)}</th>
                            <th scope="col">{move || t_string!(i18n, col_date)}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || shown.get() key=|(i, _)| *i let:row>
                                <FailureRow failure=row.1/>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
            <Pager page=current_page per_page=per_page shown=Signal::derive(move || shown.with(Vec::len))
                total_rows=Signal::derive(move || Some(matching.with(Vec::len) as u64)) has_next=Signal::derive(|| false)
                on_page=Callback::new(move |p| set_query.with_value(|f| f(text.get_untracked(), p)))
                on_per_page=Callback::new(move |n| prefs.set_page_size(n))/>
        </Show>
    }
}

#[component]
fn FailureRow(failure: EntityFailure) -> impl IntoView {
    let i18n = use_i18n();
    let title = failure.source_title.clone().filter(|t| !t.is_empty()).or_else(|| failure.source_url.clone()).unwrap_or_else(|| "—".into());
    let link = failure.source_url.as_deref().and_then(safe_link).map(str::to_string);
    let correlation = failure.correlation_id_value.clone().filter(|c| !c.is_empty());
    view! {
        <tr>
            <td data-label=t_string!(i18n, col_relation).to_string()>{failure.relation.as_deref().map(relation_label).unwrap_or_else(|| "—".into())}</td>
            <td class="path-cell" data-label=t_string!(i18n, col_title).to_string()>{match link {
                Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{title}</a> }.into_any(),
                None => view! { <span>{title}</span> }.into_any(),
            }}</td>
            <td class="message" data-label=t_string!(i18n, col_error).to_string()>
                <strong class="exception">{failure.exception_class.clone().unwrap_or_default()}</strong>
                <div>{failure.exception_message.clone().unwrap_or_default()}</div>
            </td>
            <td data-label=t_string!(i18n, col_correlation).to_string()>{correlation.map(|c| view! {
                <code class="correlation">{c.clone()}</code>
                <CopyButton text=c what=t_string!(i18n, col_correlation).to_string()/>
            })}</td>
            <td data-label=t_string!(i18n, col_date).to_string()><TimeText value=failure.created_at.clone()/></td>
        </tr>
    }
}
