//! The root: providers (language, preferences, connection), the router and the routes, the shell around
//! every page, and the path the console is served under. Nothing below `app` imports it.

mod running_title;
mod session;
mod shell;

use crate::connection::Connection;
use crate::i18n::I18nContextProvider;
use crate::pages::{
    migrations::MigrationsPage, not_found::NotFound, EntitiesRoute, EntityRoute, MigrationRoute, NewMigrationRoute,
    VerificationRoute,
};
use crate::preferences::provide_preferences;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};
use running_title::RunningTitle;
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

    // Built here, not in `view!`: leptosfmt drops the braces a turbofish needs there.
    let (new_migration, migration) = (Lazy::<NewMigrationRoute>::new(), Lazy::<MigrationRoute>::new());
    let (entities, entity) = (Lazy::<EntitiesRoute>::new(), Lazy::<EntityRoute>::new());
    let verification = Lazy::<VerificationRoute>::new();
    view! {
        <Router base=base_path()>
            <RunningTitle />
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="migrations" /> } />
                    <Route path=path!("migrations") view=MigrationsPage />
                    <Route path=path!("migrations/new") view=new_migration />
                    <Route path=path!("migrations/:id") view=migration />
                    <Route path=path!("entities") view=entities />
                    <Route path=path!("migrations/:id/entities/:entity_id") view=entity />
                    <Route path=path!("migrations/:id/verify") view=verification />
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
