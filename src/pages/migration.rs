//! One migration: what it is, an overview over all its entities, its entity tree, live refresh and cancel.

use crate::components::announcer::use_announcer;
use crate::components::cancel_migration::CancelMigration;
use crate::components::entity_table::{EntityFilterBar, EntityTable};
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::{count_entities, count_groups, count_projects, Loading};
use crate::components::progress_bar::{LoadProgressBar, ProgressBar};
use crate::components::refresh_status::RefreshStatus;
use crate::components::relation_table::RelationTable;
use crate::components::status_badge::{status_label, status_label_in, StatusBadge};
use crate::components::time_text::{duration_text, now_ms, TimeText};
use crate::components::watch_button::WatchButton;
use crate::connection::use_connection;
use crate::data::entities::{Changes, EntityLoader, Scope};
use crate::data::migration::{use_cancel, use_migration};
use crate::i18n::{t, t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use crate::logic::entities::Overview;
use crate::logic::time::duration_ms;
use crate::logic::view_state::EntitiesView;
use crate::preferences::use_preferences;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::HashMap;

#[component]
pub fn MigrationPage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    move || match params.with(|p| p.get("id").and_then(|id| id.parse::<u64>().ok())) {
        Some(id) => view! { <Migration id=id /> }.into_any(),
        None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
    }
}

#[component]
fn Migration(id: u64) -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let prefs = use_preferences();
    let announcer = use_announcer();
    let query = use_query_map();
    let navigate = use_navigate();

    let import = use_migration(id);
    let record = Signal::derive(move || import.value());
    let record_error = import.error;
    import.on_change(move |before, after| {
        let (was, now) = (DisplayStatus::of_import(before), DisplayStatus::of_import(after));
        if was != now {
            announcer.say(t_string!(i18n, migration_now, id = id, status = status_label(&now)).to_string());
        }
    });

    let loader = EntityLoader::new(Scope::Migration(id));
    let record_active = Signal::derive(move || record.with(|r| r.as_ref().is_some_and(|m| m.status.is_active())));
    let announce = Callback::new(move |changes: Changes| {
        let words: Vec<String> =
            changes.iter().take(3).map(|(path, s)| format!("{path}: {}", status_label_in(i18n, s))).collect();
        announcer.say(words.join("; "));
    });
    let live = loader.live(record_active, Some(Callback::new(move |_| import.refresh())), Some(announce));
    let cancel = use_cancel(id, import, Callback::new(move |_| live.refresh_now()));

    let entities_view = Memo::new(move |_| query.with(|q| EntitiesView::parse(|k| q.get(k))));
    let set_view = Callback::new(move |v: EntitiesView| {
        navigate(
            &format!("/migrations/{id}{}", v.to_query()),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    });
    let overview = Memo::new(move |_| loader.rows.with(|r| Overview::of(r)));
    let source_urls = Signal::derive(move || {
        record.with(|r| {
            r.as_ref().and_then(|m| m.source_url.clone()).map(|u| HashMap::from([(id, u)])).unwrap_or_default()
        })
    });
    let destination = StoredValue::new(
        connection.session.with_untracked(|s| s.as_ref().map(|s| s.instance().to_string())).unwrap_or_default(),
    );
    let cancel_what = Signal::derive(move || {
        loader.rows.with(|rows| {
            let roots: Vec<String> = rows
                .iter()
                .filter(|e| e.parent_id.is_none())
                .take(5)
                .map(|e| format!("{} → {}", e.source_full_path, e.destination_display()))
                .collect();
            let active = rows.iter().filter(|e| e.status.is_active()).count();
            let total = count_entities(rows.len());
            t_string!(i18n, cancel_what, paths = roots.join(", "), total = total, active = active).to_string()
        })
    });
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, migration_title, id = id).to_string()
    }));

    view! {
        <section>
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A>
                " / "
                <span>{format!("#{id}")}</span>
            </nav>
            <div class="page-head">
                <h1 tabindex="-1">{t!(i18n, migration_title, id = id)}</h1>
                <Show when=move || !import.is_gone()>
                    <RefreshStatus live=live />
                </Show>
            </div>
            <crate::pages::contributions::ContributionsAwaitLink
                group=Signal::derive(move || {
                    loader.rows.with(|rows| crate::logic::placeholders::destination_top_level(rows))
                })
                lane=loader.lane()
            />
            {move || {
                record_error
                    .get()
                    .map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now()) /> })
            }}
            // A 404 is final: the error alone, no empty overview under it.
            <Show when=move || !import.is_gone()>
                <Transition fallback=Loading>
                    {import.loading_marker()}
                    {move || {
                        import
                            .value()
                            .map(|m| {
                                let running = m.status.is_active();
                                let duration = duration_ms(
                                        m.created_at.as_deref(),
                                        m.updated_at.as_deref(),
                                        running,
                                        now_ms(),
                                    )
                                    .map(duration_text);
                                view! {
                                    <div class="card summary" data-testid="migration-summary">
                                        <dl class="facts">
                                            <div>
                                                <dt>{move || t_string!(i18n, col_status)}</dt>
                                                <dd>
                                                    <StatusBadge status=DisplayStatus::of_import(&m) />
                                                </dd>
                                            </div>
                                            <div>
                                                <dt>{move || t_string!(i18n, col_source)}</dt>
                                                <dd class="path-cell">
                                                    {m.source_url.clone().unwrap_or_else(|| "—".into())}
                                                </dd>
                                            </div>
                                            <div>
                                                <dt>{move || t_string!(i18n, col_created)}</dt>
                                                <dd>
                                                    <TimeText value=m.created_at.clone() />
                                                </dd>
                                            </div>
                                            <div>
                                                <dt>{move || t_string!(i18n, col_updated)}</dt>
                                                <dd>
                                                    <TimeText value=m.updated_at.clone() />
                                                </dd>
                                            </div>
                                            <div>
                                                <dt>{move || t_string!(i18n, col_duration)}</dt>
                                                <dd>{duration.unwrap_or_else(|| "—".into())}</dd>
                                            </div>
                                        </dl>
                                        {running
                                            .then(|| {
                                                view! {
                                                    <CancelMigration id=id what=cancel_what action=cancel />
                                                    <WatchButton id=id />
                                                }
                                            })}
                                        {(!running)
                                            .then(|| {
                                                view! {
                                                    <p data-testid="verify-link">
                                                        <A href=format!(
                                                            "/migrations/{id}/verify",
                                                        )>{move || t_string!(i18n, verify_link)}</A>
                                                        " · "
                                                        <A href=format!(
                                                            "/migrations/{id}/complete",
                                                        )>{move || t_string!(i18n, complete_link)}</A>
                                                    </p>
                                                }
                                            })}
                                        {(!running)
                                            .then(|| {
                                                cancel
                                                    .value()
                                                    .get()
                                                    .map(|r| r.is_ok())
                                                    .filter(|ok| *ok)
                                                    .map(|_| {
                                                        view! {
                                                            <p class="notice notice-info" role="status">
                                                                {t!(i18n, canceled_done, id = id)}
                                                            </p>
                                                        }
                                                    })
                                            })}
                                    </div>
                                }
                            })
                    }}
                </Transition>

                <crate::pages::migration_after::MigrationAfter
                    id=id
                    loader=loader
                    source_url=Signal::derive(move || record.with(|r| r.as_ref().and_then(|m| m.source_url.clone())))
                />

                <h2>{move || t_string!(i18n, overview)}</h2>
                <OverviewPanel loader=loader overview=overview />

                <h2>{move || t_string!(i18n, entities_title)}</h2>
                <EntityFilterBar view=entities_view on_change=set_view />
                {move || {
                    loader
                        .error
                        .get()
                        .map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now()) /> })
                }}
                <Show when=move || loader.progress.with(Option::is_some) fallback=Loading>
                    <EntityTable
                        rows=loader.rows
                        view=entities_view
                        on_change=set_view
                        per_page=prefs.page_size
                        on_per_page=Callback::new(move |n| prefs.set_page_size(n))
                        source_urls=source_urls
                        destination=destination.get_value()
                    />
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn OverviewPanel(loader: EntityLoader, overview: Memo<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let totals = Signal::derive(move || {
        overview.with(|o| o.relations.iter().map(|(relation, t)| (relation.clone(), t.as_stats())).collect::<Vec<_>>())
    });
    let ended_label = Signal::derive(move || {
        overview.with(|o| {
            t_string!(i18n, entities_ended, ended = o.ended(), total = count_entities(o.entities)).to_string()
        })
    });
    view! {
        <div class="card overview" data-testid="overview" data-complete=move || loader.complete.get().to_string()>
            <Show when=move || !loader.complete.get()>
                <LoadProgressBar progress=loader.progress />
            </Show>
            <ul class="status-counts">
                {move || {
                    overview
                        .with(|o| {
                            o.by_status
                                .iter()
                                .map(|(status, n)| {
                                    view! {
                                        <li>
                                            <StatusBadge status=status.clone() />
                                            <strong class="count">{*n}</strong>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </ul>
            <p class="muted">
                {move || {
                    overview
                        .with(|o| {
                            t_string!(
                                i18n, entity_kinds, groups = count_groups(o.groups), projects = count_projects(o.projects)
                            )
                                .to_string()
                        })
                }}
            </p>
            <Show when=move || overview.with(|o| o.entities > 0)>
                <ProgressBar
                    percent=Signal::derive(move || {
                        overview.with(|o| (o.ended() * 100).checked_div(o.entities).map(|p| p as u8))
                    })
                    label=ended_label
                />
            </Show>
            <Show
                when=move || overview.with(|o| !o.relations.is_empty())
                fallback=move || view! { <p class="muted">{move || t_string!(i18n, no_statistics)}</p> }
            >
                <RelationTable
                    rows=totals
                    test_id="relation-totals"
                    running=Signal::derive(move || overview.with(|o| o.ended() < o.entities))
                    caption=Signal::derive(move || t_string!(i18n, relation_totals).to_string())
                />
            </Show>
        </div>
    }
}
