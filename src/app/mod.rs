//! The root: providers (language, preferences, connection), the router and the routes, the shell around
//! every page, and the path the console is served under. Nothing below `app` imports it.

mod session;
mod shell;

use crate::connection::Connection;
use crate::i18n::I18nContextProvider;
use crate::pages::{
    migrations::MigrationsPage, not_found::NotFound, ContributionsRoute, EntitiesRoute, EntityRoute, MigrationRoute,
    NewMigrationRoute,
};
use crate::preferences::provide_preferences;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};
use shell::Shell;

/// Mounts the console on `<body>`.
pub fn start() {
    // A panic aborts the page: at least say why in the browser console (the tests watch it).
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&format!("panic: {info}").into())));
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Root />
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    provide_preferences();
    let connection = Connection::new();
    provide_context(connection);
    session::restore_session(connection);

    view! {
        <Router base=base_path()>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="migrations" /> } />
                    <Route path=path!("migrations") view=MigrationsPage />
                    <Route path=path!("migrations/new") view={Lazy::<NewMigrationRoute>::new()} />
                    <Route path=path!("migrations/:id") view={Lazy::<MigrationRoute>::new()} />
                    <Route path=path!("entities") view={Lazy::<EntitiesRoute>::new()} />
                    <Route path=path!("contributions") view={Lazy::<ContributionsRoute>::new()} />
                    <Route path=path!("migrations/:id/entities/:entity_id") view={Lazy::<EntityRoute>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The path the console is served under, from `<base href>` (Trunk's `--public-url`): "" at the root.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_string()
}
