//! On a migration's page: what its running entities are doing now (stalled ones first, from the rows the
//! page's entity loader holds: no requests of its own), "Import again" for the entities that qualify, and the
//! migration's re-run links.

use crate::components::rerun_links::RerunLinksView;
use crate::components::stage_line::{stage_text, StageLine};
use crate::data::activity::use_running;
use crate::data::entities::EntityLoader;
use crate::data::rerun::use_rerun_links;
use crate::i18n::{t_string, use_i18n};
use crate::logic::rerun;
use leptos::prelude::*;
use leptos_router::components::A;

/// Running entities listed at most.
const RUNNING_SHOWN: usize = 10;

#[component]
pub fn MigrationAfter(id: u64, loader: EntityLoader, source_url: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Signal<Vec<_>> = loader.rows.into();
    let running = use_running(rows, RUNNING_SHOWN);
    // A stall is notified when the user asked to hear about this migration (the watch button's opt-in).
    if let Some(watch) = crate::data::running::use_running() {
        Effect::new(move |_| {
            watch.watched.track(); // a stall already shown is announced when the user opts in
            running.with(|(shown, _)| {
                for r in shown {
                    if let Some(stall) = &r.stall {
                        watch.report_stall(id, r.entity_id, r.source_full_path.clone(), stall.quiet_ms);
                    }
                }
            })
        });
    }
    let qualifying = Memo::new(move |_| rows.with(|r| rerun::to_import_again(r).len()));
    let paths = Memo::new(move |_| rows.with(|r| r.iter().map(|e| e.source_full_path.clone()).collect::<Vec<_>>()));
    let links = use_rerun_links(id, source_url, paths.into(), Some(loader.lane()));
    view! {
        <Show when=move || running.with(|(_, total)| *total > 0)>
            <div class="card" data-testid="running-now">
                <h2>{move || t_string!(i18n, running_now)}</h2>
                <ul class="running-list">
                    {move || {
                        running
                            .get()
                            .0
                            .into_iter()
                            .map(|r| {
                                let href = format!("/migrations/{id}/entities/{}", r.entity_id);
                                let words = stage_text(i18n, &r.stage);
                                let stalled = r.stall.is_some();
                                view! {
                                    <li data-testid="running-entity">
                                        <A href=href>{r.source_full_path.clone()}</A>
                                        {(!stalled)
                                            .then(|| {
                                                view! {
                                                    " — "
                                                    {words}
                                                }
                                            })}
                                        {stalled
                                            .then(|| {
                                                view! {
                                                    <StageLine
                                                        stage=Signal::stored(None)
                                                        stall=Signal::stored(r.stall.clone())
                                                        source_connected=false
                                                    />
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                {move || {
                    let (shown, total) = running.with(|(s, t)| (s.len(), *t));
                    (total > shown)
                        .then(|| {
                            view! {
                                <p class="muted">{t_string!(i18n, running_more, count = total - shown).to_string()}</p>
                            }
                        })
                }}
            </div>
        </Show>
        <Show when=move || { qualifying.get() > 0 }>
            <p>
                <A href=format!("/migrations/{id}/again") attr:class="button" attr:data-testid="import-again">
                    {move || t_string!(i18n, import_again_count, count = qualifying.get())}
                </A>
            </p>
        </Show>
        <RerunLinksView links=links />
    }
}
