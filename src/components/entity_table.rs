//! Entities as a tree (children under their parent), filtered and paged here, with links to both instances.

use crate::api::{Entity, EntityType};
use crate::components::labels::kind_label;
use crate::components::pager::Pager;
use crate::components::status_badge::StatusBadge;
use crate::components::time_text::TimeText;
use crate::i18n::{t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use crate::logic::entities::EntityFilter;
use crate::logic::instance_url::web_url;
use crate::logic::paging;
use crate::logic::progress::totals;
use crate::logic::view_state::{kind_key, EntitiesView};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;

/// The controls of an entity list; every change goes back through `on_change` (into the URL).
/// The status filter's choice for "anything that went wrong" (`?failures=1`), beside the statuses.
const TROUBLED: &str = "troubled";

#[component]
pub fn EntityFilterBar(#[prop(into)] view: Signal<EntitiesView>, on_change: Callback<EntitiesView>) -> impl IntoView {
    let i18n = use_i18n();
    let change = move |f: &dyn Fn(&mut EntitiesView)| {
        let mut v = view.get_untracked();
        f(&mut v);
        v.page = 1;
        on_change.run(v);
    };
    view! {
        <div class="filters" role="search">
            <label>
                <span class="filter-label">{move || t_string!(i18n, filter_status)}</span>
                <select
                    class="select-compact"
                    data-testid="entity-status-filter"
                    prop:value=move || {
                        view.with(|v| {
                            if v.troubled {
                                TROUBLED.to_string()
                            } else {
                                v.status.as_ref().map(|s| s.key().to_string()).unwrap_or_default()
                            }
                        })
                    }
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        change(
                            &|v| {
                                v.troubled = key == TROUBLED;
                                v.status = DisplayStatus::from_key(&key);
                            },
                        )
                    }
                >
                    <option value="">{move || t_string!(i18n, all_statuses)}</option>
                    <option value=TROUBLED>{move || t_string!(i18n, filter_troubled)}</option>
                    {DisplayStatus::FILTERS
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s
                                    .key()
                                    .to_string()>{crate::components::status_badge::status_label(s)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span class="filter-label">{move || t_string!(i18n, filter_type)}</span>
                <select
                    class="select-compact"
                    data-testid="entity-type-filter"
                    prop:value=move || view.with(|v| v.kind.map(kind_key).unwrap_or_default())
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        change(
                            &|v| {
                                v.kind = match key.as_str() {
                                    "group" => Some(EntityType::Group),
                                    "project" => Some(EntityType::Project),
                                    _ => None,
                                };
                            },
                        )
                    }
                >
                    <option value="">{move || t_string!(i18n, all_types)}</option>
                    <option value="group">{move || t_string!(i18n, type_group)}</option>
                    <option value="project">{move || t_string!(i18n, type_project)}</option>
                </select>
            </label>
            <label class="filter-text">
                <span class="filter-label">{move || t_string!(i18n, filter_text)}</span>
                <input
                    type="search"
                    data-testid="entity-text-filter"
                    maxlength="200"
                    placeholder=move || t_string!(i18n, filter_text_placeholder).to_string()
                    prop:value=move || view.with(|v| v.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        change(&|v| v.text = text.clone())
                    }
                />
            </label>
        </div>
    }
}

/// `source_urls`: the source instance of each migration (by id), for the source links.
#[component]
pub fn EntityTable(
    #[prop(into)] rows: Signal<Vec<Entity>>,
    #[prop(into)] view: Signal<EntitiesView>,
    on_change: Callback<EntitiesView>,
    #[prop(into)] per_page: Signal<u32>,
    on_per_page: Callback<u32>,
    #[prop(into)] source_urls: Signal<HashMap<u64, String>>,
    #[prop(into)] destination: String,
    #[prop(optional)] show_migration: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let filter = Memo::new(move |_| {
        view.with(|v| EntityFilter {
            status: v.status.clone(),
            kind: v.kind,
            text: v.text.clone(),
            troubled: v.troubled,
        })
    });
    let matching = Memo::new(move |_| rows.with(|r| filter.with(|f| f.apply(r))));
    let page =
        Memo::new(move |_| view.with(|v| v.page).min(paging::page_count(matching.with(Vec::len), per_page.get())));
    let shown = Memo::new(move |_| {
        let range = paging::bounds(matching.with(Vec::len), page.get(), per_page.get());
        rows.with(|r| matching.with(|m| m[range].iter().map(|t| (r[t.index].clone(), t.depth)).collect::<Vec<_>>()))
    });
    let go = Callback::new(move |p: u32| {
        let mut v = view.get_untracked();
        v.page = p;
        on_change.run(v);
    });
    let destination = StoredValue::new(destination);
    view! {
        <Show
            when=move || !matching.with(Vec::is_empty)
            fallback=move || {
                view! {
                    <p class="empty" data-testid="entities-empty">
                        {move || {
                            if rows.with(Vec::is_empty) {
                                t_string!(i18n, no_entities)
                            } else {
                                t_string!(i18n, no_matching_entities)
                            }
                        }}
                    </p>
                }
            }
        >
            <div class="table-wrap">
                <table class="table entity-table stack" data-testid="entities-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, col_type)}</th>
                            <th scope="col">{move || t_string!(i18n, col_source_path)}</th>
                            <th scope="col">{move || t_string!(i18n, col_destination)}</th>
                            {show_migration
                                .then(|| view! { <th scope="col">{move || t_string!(i18n, col_migration)}</th> })}
                            <th scope="col">{move || t_string!(i18n, col_status)}</th>
                            <th scope="col">{move || t_string!(i18n, col_progress)}</th>
                            <th scope="col" class="num">
                                {move || t_string!(i18n, col_failures)}
                            </th>
                            <th scope="col">{move || t_string!(i18n, col_updated)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || shown.get()
                            key=|(e, depth)| (e.id, e.updated_at.clone(), e.status.clone(), *depth)
                            let:row
                        >
                            <EntityRow
                                entity=row.0
                                depth=row.1
                                source_urls=source_urls
                                destination=destination.get_value()
                                show_migration=show_migration
                            />
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
        <Pager
            page=page
            per_page=per_page
            shown=Signal::derive(move || shown.with(Vec::len))
            total_rows=Signal::derive(move || Some(matching.with(Vec::len) as u64))
            has_next=Signal::derive(|| false)
            on_page=go
            on_per_page=on_per_page
        />
    }
}

#[component]
fn EntityRow(
    entity: Entity,
    depth: usize,
    source_urls: Signal<HashMap<u64, String>>,
    destination: String,
    show_migration: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = DisplayStatus::of_entity(&entity);
    let import_id = entity.bulk_import_id;
    let source_link = import_id
        .and_then(|id| source_urls.with_untracked(|m| m.get(&id).cloned()))
        .and_then(|base| web_url(&base, &entity.source_full_path));
    let dest_link = entity.destination_full_path.as_deref().and_then(|p| web_url(&destination, p));
    let detail = import_id.map(|id| format!("/migrations/{id}/entities/{}", entity.id));
    let totals = totals(&entity.stats);
    let failures = if !entity.failures.is_empty() {
        entity.failures.len().to_string()
    } else if entity.has_failures == Some(true) {
        t_string!(i18n, yes).to_string()
    } else {
        "0".into()
    };
    let kind = entity.kind();
    // Set through CSSOM, which the Content-Security-Policy allows (a style attribute would need unsafe-inline).
    let indent = depth.min(12).to_string();
    let source_text = entity.source_full_path.clone();
    let row_class = if depth > 0 { "child-row" } else { "" };
    view! {
        <tr class=row_class>
            <td>
                <span class="kind" title=move || kind_label(kind)>
                    <span aria-hidden="true">{if kind == EntityType::Group { "▦ " } else { "◫ " }}</span>
                    {move || kind_label(kind)}
                </span>
            </td>
            <td style:--depth=indent class="path-cell tree-cell">
                {(depth > 0).then(|| view! { <span class="tree-mark" aria-hidden="true">"└ "</span> })}
                {match detail.clone() {
                    Some(href) => view! { <A href=href attr:class="entity-link">{source_text.clone()}</A> }.into_any(),
                    None => view! { <span>{source_text.clone()}</span> }.into_any(),
                }}
                {source_link.map(|href| view! {
                    " " <a class="external" href=href target="_blank" rel="noopener noreferrer"
                        title=move || t_string!(i18n, open_on_source).to_string()>
                        <span aria-hidden="true">"↗"</span><span class="visually-hidden">{move || t_string!(i18n, open_on_source)}</span>
                    </a>
                })}
            </td>
            <td class="path-cell" data-label=move || t_string!(i18n, col_destination).to_string()>
                {match dest_link {
                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{entity.destination_display()}</a> }.into_any(),
                    None => view! { <span class="muted" title=move || t_string!(i18n, not_created_yet).to_string()>{entity.destination_display()}</span> }.into_any(),
                }}
            </td>
            {show_migration.then(|| view! {
                <td>{import_id.map(|id| view! { <A href=format!("/migrations/{id}")>{format!("#{id}")}</A> })}</td>
            })}
            <td data-label=move || t_string!(i18n, col_status).to_string()><StatusBadge status=status/></td>
            <td data-label=move || t_string!(i18n, col_progress).to_string()>
                {match totals.and_then(|t| t.percent()) {
                    Some(p) => view! {
                        <span class="mini-progress"><progress max="100" value=p.to_string() aria-label=format!("{p}%")></progress>{format!(" {p}%")}</span>
                    }.into_any(),
                    None => view! { <span class="muted">{move || t_string!(i18n, no_stats_short)}</span> }.into_any(),
                }}
            </td>
            <td class="num" data-label=move || t_string!(i18n, col_failures).to_string()>{failures}</td>
            <td data-label=move || t_string!(i18n, col_updated).to_string()><TimeText value=entity.updated_at.clone()/></td>
        </tr>
    }
}
