//! The root: providers (language, preferences, connection), the router and the routes, the shell around
//! every page, and the path the console is served under. Nothing below `app` imports it.

mod prefetch;
mod running_title;
mod session;
mod shell;

use crate::connection::Connection;
use crate::i18n::I18nContextProvider;
use crate::pages::{
    migrations::MigrationsPage, not_found::NotFound, AgainRoute, CampaignRoute, CompleteRoute, ContributionsRoute,
    EntitiesRoute, EntityRoute, MigrationRoute, NewMigrationRoute, VerificationRoute,
};
use crate::preferences::provide_preferences;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};
use running_title::RunningTitle;
use shell::Shell;

/// Mounts the console on `<body>`.
pub fn start() {
    // A panic aborts the page: at least say why in the browser console (the tests watch it).
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("panic: {info}").into());
        show_stopped_notice();
    }));
    // The connection and its start-up requests (config.json, the token check, the list's first page) come before
    // the console mounts: they leave at once instead of after a render pass (Leptos's executor runs them).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let connection = Connection::new();
    let first_answers = session::restore_session(connection);
    // The skeleton stays while those answers come (a few ms here): the console then mounts straight into the
    // signed-in page, one render pass and one layout instead of "restoring…" first, and with the list's first
    // page there, straight into its table instead of "Loading…" first.
    let list_came = crate::data::migrations::warm_page_came();
    leptos::task::spawn_local(async move {
        let answers = futures::future::join(first_answers, list_came);
        futures::future::select(Box::pin(answers), TimeoutFuture::new(FIRST_ANSWERS_WAIT_MS)).await;
        leptos::mount::mount_to_body(move || view! { <Console connection /> });
        // The static skeleton in index.html stood in for the page while the wasm loaded.
        if let Some(skeleton) = document().get_element_by_id("skeleton") {
            skeleton.remove();
        }
    });
}

/// How long the skeleton waits for the token check and the list's first page before the console mounts anyway
/// (and says it is restoring, or loading).
const FIRST_ANSWERS_WAIT_MS: u32 = 200;

/// With `panic = "abort"` nothing runs after a panic (a lost network chunk of a lazy route is one): say so in
/// plain DOM, in the browser's language, instead of leaving a page that silently stopped answering.
fn show_stopped_notice() {
    let chinese = window().navigator().language().is_some_and(|l| l.starts_with("zh"));
    let text = if chinese {
        "控制台已停止运行（可能是网络中断导致部分页面未能加载）。请重新加载页面；您的迁移不受影响。"
    } else {
        "The console stopped (part of it may have failed to load over the network). Reload the page; your \
         migrations are not affected."
    };
    let Some(body) = document().body() else { return };
    if document().query_selector(".stopped-notice").ok().flatten().is_some() {
        return;
    }
    if let Ok(notice) = document().create_element("div") {
        notice.set_class_name("stopped-notice");
        let _ = notice.set_attribute("role", "alert");
        let _ = notice.set_attribute("data-testid", "stopped-notice");
        notice.set_text_content(Some(text));
        let _ = body.prepend_with_node_1(&notice);
    }
}

/// The console with a connection of its own, restored as it mounts (the browser tests mount it alone).
#[component]
pub fn App() -> impl IntoView {
    let connection = Connection::new();
    // Mounted at once, so nothing waits for the first answers.
    drop(session::restore_session(connection));
    view! { <Console connection /> }
}

#[component]
fn Console(connection: Connection) -> impl IntoView {
    // `lang` is set by the preferences (no language here is written right to left: no `dir`).
    view! {
        <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false>
            <Root connection />
        </I18nContextProvider>
    }
}

#[component]
fn Root(connection: Connection) -> impl IntoView {
    provide_preferences();
    provide_context(connection);

    // Lazy routes, bound first: leptosfmt drops the braces around a turbofish in a view! attribute.
    let (migration, entity) = (Lazy::<MigrationRoute>::new(), Lazy::<EntityRoute>::new());
    let (entities, new_migration) = (Lazy::<EntitiesRoute>::new(), Lazy::<NewMigrationRoute>::new());
    let (again, verification) = (Lazy::<AgainRoute>::new(), Lazy::<VerificationRoute>::new());
    let contributions = Lazy::<ContributionsRoute>::new();
    let campaign = Lazy::<CampaignRoute>::new();
    let complete = Lazy::<CompleteRoute>::new();
    view! {
        <Router base=crate::browser::base_path()>
            <RunningTitle />
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="migrations" /> } />
                    <Route path=path!("migrations") view=MigrationsPage />
                    <Route path=path!("migrations/new") view=new_migration />
                    <Route path=path!("migrations/:id") view=migration />
                    <Route path=path!("migrations/:id/again") view=again />
                    <Route path=path!("migrations/:id/verify") view=verification />
                    <Route path=path!("migrations/:id/complete") view=complete />
                    <Route path=path!("entities") view=entities />
                    <Route path=path!("contributions") view=contributions />
                    <Route path=path!("campaign") view=campaign />
                    <Route path=path!("migrations/:id/entities/:entity_id") view=entity />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
