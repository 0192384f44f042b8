//! After and during the import of one entity: what it is doing now (stage, stall warning, the source's export
//! status when the source is connected), "Import again" when it qualifies, and its re-run links.

use crate::api::Entity;
use crate::components::connect_source::ConnectSource;
use crate::components::error_notice::error_text;
use crate::components::rerun_links::RerunLinksView;
use crate::components::stage_line::StageLine;
use crate::data::activity::use_activity;
use crate::data::rerun::use_rerun_links;
use crate::i18n::{t_string, use_i18n};
use crate::logic::rerun;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn EntityAfter(id: u64, entity: Signal<Option<Entity>>, source_url: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let activity = use_activity(entity, source_url);
    let paths = Signal::derive(move || {
        entity.with(|e| e.as_ref().map(|e| vec![e.source_full_path.clone()]).unwrap_or_default())
    });
    let links = use_rerun_links(id, source_url, paths, None);
    let running = Signal::derive(move || entity.with(|e| e.as_ref().is_some_and(|e| e.status.is_active())));
    // A stall is notified when the user asked to hear about this migration (the watch button's opt-in).
    if let Some(watch) = crate::data::running::use_running() {
        Effect::new(move |_| {
            watch.watched.track(); // a stall already shown is announced when the user opts in
            let Some(quiet_ms) = activity.stall.with(|s| s.as_ref().map(|s| s.quiet_ms)) else { return };
            if let Some((entity_id, path)) =
                entity.with_untracked(|e| e.as_ref().map(|e| (e.id, e.source_full_path.clone())))
            {
                watch.report_stall(id, entity_id, path, quiet_ms);
            }
        });
    }
    let again = Signal::derive(move || {
        entity.with(|e| {
            e.as_ref().filter(|e| rerun::qualifies(e)).map(|e| format!("/migrations/{id}/again?entity={}", e.id))
        })
    });
    view! {
        <Show when=move || running.get()>
            <div class="card" data-testid="entity-activity">
                <StageLine stage=activity.stage stall=activity.stall source_connected=activity.source_connected />
                {move || {
                    activity
                        .export_error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="muted">
                                    {t_string!(i18n, export_status_unreadable, error = error_text(&e)).to_string()}
                                </p>
                            }
                        })
                }}
                <details class="connect-details">
                    <summary>{move || t_string!(i18n, stage_connect_more)}</summary>
                    <ConnectSource default_url=source_url />
                </details>
            </div>
        </Show>
        {move || {
            again
                .get()
                .map(|href| {
                    view! {
                        <p>
                            <A href=href attr:class="button" attr:data-testid="import-again">
                                {move || t_string!(i18n, import_again)}
                            </A>
                        </p>
                    }
                })
        }}
        <RerunLinksView links=links />
    }
}
