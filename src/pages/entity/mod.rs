//! One entity: what it is, its statistics per relation, and its failures (grouped, filtered, exported).

mod after;
mod failures;

use crate::components::error_notice::ErrorNotice;
use crate::components::labels::{kind_label, Loading};
use crate::components::refresh_status::RefreshStatus;
use crate::components::stats_chart::StatsChart;
use crate::components::status_badge::StatusBadge;
use crate::components::time_text::TimeText;
use crate::connection::use_connection;
use crate::data::failures::FailureLoad;
use crate::data::migration::{use_entity, use_source_url};
use crate::i18n::{t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use crate::logic::instance_url::web_url;
use failures::FailuresSection;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EntityPage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    let ids =
        move || params.with(|p| Some((p.get("id")?.parse::<u64>().ok()?, p.get("entity_id")?.parse::<u64>().ok()?)));
    move || match ids() {
        Some((id, entity_id)) => view! { <EntityView id=id entity_id=entity_id /> }.into_any(),
        None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
    }
}

#[component]
fn EntityView(id: u64, entity_id: u64) -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();

    let entity_live = use_entity(id, entity_id);
    let live = entity_live.live;
    let entity = Signal::derive(move || entity_live.value());
    let entity_error = entity_live.error;
    let failures = FailureLoad::new(id, entity_id, entity);
    let source_base = use_source_url(id);
    let destination =
        connection.session.with_untracked(|s| s.as_ref().map(|s| s.instance().to_string())).unwrap_or_default();
    crate::components::page_title::use_page_title(Signal::derive(move || {
        entity
            .with(|e| e.as_ref().map(|e| e.source_full_path.clone()))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| t_string!(i18n, entity_title, id = entity_id).to_string())
    }));

    view! {
        <section>
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A>
                " / "
                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
                " / "
                <span>
                    {move || {
                        entity
                            .with(|e| e.as_ref().map(|e| e.source_full_path.clone()))
                            .unwrap_or_else(|| entity_id.to_string())
                    }}
                </span>
            </nav>
            <div class="page-head">
                <h1 class="path-cell" tabindex="-1">
                    {move || {
                        entity
                            .with(|e| e.as_ref().map(|e| e.source_full_path.clone()))
                            .filter(|p| !p.is_empty())
                            .unwrap_or_else(|| t_string!(i18n, entity_title, id = entity_id).to_string())
                    }}
                </h1>
                <Show when=move || !entity_live.is_gone()>
                    <RefreshStatus live=live />
                </Show>
            </div>
            {move || {
                entity_error
                    .get()
                    .map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now()) /> })
            }}
            <Transition fallback=Loading>
                {entity_live.loading_marker()}
                {move || {
                    entity_live
                        .value()
                        .map(|e| {
                            let source_link = source_base.get().and_then(|b| web_url(&b, &e.source_full_path));
                            let dest_link = e.destination_full_path.as_deref().and_then(|p| web_url(&destination, p));
                            let kind = e.kind();
                            view! {
                                <div class="card summary" data-testid="entity-summary">
                                    <dl class="facts">
                                        <div>
                                            <dt>{move || t_string!(i18n, col_status)}</dt>
                                            <dd>
                                                <StatusBadge status=DisplayStatus::of_entity(&e) />
                                            </dd>
                                        </div>
                                        <div>
                                            <dt>{move || t_string!(i18n, col_type)}</dt>
                                            <dd>{move || kind_label(kind)}</dd>
                                        </div>
                                        <div>
                                            <dt>{move || t_string!(i18n, col_source_path)}</dt>
                                            <dd class="path-cell">
                                                {match source_link {
                                                    Some(href) => {
                                                        view! {
                                                            <a href=href target="_blank" rel="noopener noreferrer">
                                                                {e.source_full_path.clone()}
                                                            </a>
                                                        }
                                                            .into_any()
                                                    }
                                                    None => {
                                                        view! { <span>{e.source_full_path.clone()}</span> }.into_any()
                                                    }
                                                }}
                                            </dd>
                                        </div>
                                        <div>
                                            <dt>{move || t_string!(i18n, col_destination)}</dt>
                                            <dd class="path-cell">
                                                {match dest_link {
                                                    Some(href) => {
                                                        view! {
                                                            <a href=href target="_blank" rel="noopener noreferrer">
                                                                {e.destination_display()}
                                                            </a>
                                                        }
                                                            .into_any()
                                                    }
                                                    None => {
                                                        view! {
                                                            <span>{e.destination_display()}</span>
                                                            " "
                                                            <span class="muted">
                                                                {move || t_string!(i18n, not_created_yet)}
                                                            </span>
                                                        }
                                                            .into_any()
                                                    }
                                                }}
                                            </dd>
                                        </div>
                                        <div>
                                            <dt>{move || t_string!(i18n, col_created)}</dt>
                                            <dd>
                                                <TimeText value=e.created_at.clone() />
                                            </dd>
                                        </div>
                                        <div>
                                            <dt>{move || t_string!(i18n, col_updated)}</dt>
                                            <dd>
                                                <TimeText value=e.updated_at.clone() />
                                            </dd>
                                        </div>
                                    </dl>
                                </div>
                            }
                        })
                }}
            </Transition>
            <after::EntityAfter id=id entity=entity source_url=source_base />
            {move || {
                let group = entity
                    .with(|e| {
                        e.as_ref()
                            .filter(|e| e.kind() == crate::api::EntityType::Group)
                            .and_then(crate::logic::placeholders::entity_top_level)
                    })?;
                let href = format!(
                    "/contributions{}",
                    crate::logic::placeholders::ContribView {
                        group: group.clone(),
                        sort: crate::logic::placeholders::SORTS[0],
                        ..Default::default()
                    }
                        .to_query(),
                );
                Some(
                    view! {
                        <p class="muted" data-testid="entity-contrib-link">
                            <A href=href>{move || t_string!(i18n, contrib_entity_link, group = group.clone())}</A>
                        </p>
                    },
                )
            }}

            // Nothing to say about statistics or failures of an entity that could not be read (a 404 there
            // would otherwise read as "no failures" from an old server).
            <Show when=move || entity.with(Option::is_some)>
                <h2>{move || t_string!(i18n, statistics)}</h2>
                <StatsChart
                    stats=Signal::derive(move || {
                        entity.with(|e| e.as_ref().map(|e| e.stats.clone()).unwrap_or_default())
                    })
                    running=Signal::derive(move || {
                        entity.with(|e| e.as_ref().is_some_and(|e| e.status.is_active()))
                    })
                />

                <h2>{move || t_string!(i18n, failures_title)}</h2>
                <FailuresSection
                    load=failures
                    id=id
                    entity_id=entity_id
                    source_instance=source_base
                    entity_path=Signal::derive(move || {
                        entity.with(|e| e.as_ref().map(|e| e.source_full_path.clone()).unwrap_or_default())
                    })
                />
            </Show>
        </section>
    }
}
