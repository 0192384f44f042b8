//! Every entity of every migration of the user: the failures-first view across everything.

use crate::api::ApiError;
use crate::components::entity_table::{EntityFilterBar, EntityTable};
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::progress_bar::LoadProgressBar;
use crate::components::refresh_status::RefreshStatus;
use crate::connection::use_connection;
use crate::data::entities::{EntityLoader, Scope};
use crate::data::migrations::use_source_urls;
use crate::i18n::{t_string, use_i18n};
use crate::logic::view_state::EntitiesView;
use crate::preferences::use_preferences;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn EntitiesPage() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let prefs = use_preferences();
    let query = use_query_map();
    let navigate = use_navigate();

    let source_urls = use_source_urls();
    let loader = EntityLoader::new(Scope::All);
    let live = loader.live(Signal::stored(false), None, None);

    let view = Memo::new(move |_| query.with(|q| EntitiesView::parse(|k| q.get(k))));
    let set_view = Callback::new(move |v: EntitiesView| {
        navigate(
            &format!("/entities{}", v.to_query()),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    });
    let destination =
        connection.session.with_untracked(|s| s.as_ref().map(|s| s.instance().to_string())).unwrap_or_default();
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, all_entities_title).to_string()
    }));

    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{move || t_string!(i18n, all_entities_title)}</h1>
                <RefreshStatus live=live />
            </div>
            <p class="muted">{move || t_string!(i18n, all_entities_intro)}</p>
            <Show when=move || !loader.complete.get() && loader.error.with(Option::is_none)>
                <LoadProgressBar progress=loader.progress />
            </Show>
            <Show when=move || loader.per_migration.get()>
                <p class="notice notice-info" data-testid="per-migration">
                    {move || t_string!(i18n, entities_per_migration)}
                </p>
            </Show>
            <EntityFilterBar view=view on_change=set_view />
            {move || {
                loader
                    .error
                    .get()
                    .map(|e: ApiError| {
                        view! { <ErrorNotice error=e on_retry=Callback::new(move |_| live.refresh_now()) /> }
                    })
            }}
            <Show when=move || loader.progress.with(Option::is_some) fallback=Loading>
                <EntityTable
                    rows=loader.rows
                    view=view
                    on_change=set_view
                    per_page=prefs.page_size
                    on_per_page=Callback::new(move |n| prefs.set_page_size(n))
                    source_urls=source_urls
                    destination=destination.clone()
                    show_migration=true
                />
            </Show>
        </section>
    }
}
