//! The root: providers (language, preferences, connection), the router and the routes, the shell around
//! every page, and the path the console is served under. Nothing below `app` imports it.

mod shell;

use crate::connection::{self, Connection};
use crate::i18n::I18nContextProvider;
use crate::pages::{
    entities::EntitiesPage, entity::EntityPage, migration::MigrationPage, migrations::MigrationsPage,
    new_migration::NewMigrationPage, not_found::NotFound,
};
use crate::preferences::provide_preferences;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
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
    restore_session(connection);

    view! {
        <Router base=base_path()>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="migrations" /> } />
                    <Route path=path!("migrations") view=MigrationsPage />
                    <Route path=path!("migrations/new") view=NewMigrationPage />
                    <Route path=path!("migrations/:id") view=MigrationPage />
                    <Route path=path!("entities") view=EntitiesPage />
                    <Route path=path!("migrations/:id/entities/:entity_id") view=EntityPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Signs in again with a token kept from an earlier visit; a refused token is forgotten.
fn restore_session(connection: Connection) {
    let stored = connection::stored_credentials();
    connection.restoring.set(stored.is_some());
    leptos::task::spawn_local(async move {
        // config.json and the token check go out together: one round trip less before the first view.
        let verified = async move {
            match stored {
                Some((instance, token)) => Some(connection::verify(crate::api::Client::new(instance, token)).await),
                None => None,
            }
        };
        let (config, verified) = futures::join!(connection::load_deploy_config(), verified);
        connection.config.set(config.clone());
        let Some(verified) = verified else { return };
        match verified {
            Ok(mut session) => {
                session.client = config.apply(session.client);
                connection.session.set(Some(session));
            }
            Err(crate::api::ApiError::Unauthorized) => connection.sign_out(),
            // Keep the token on a network error: the user can retry from the sign-in form.
            Err(_) => {}
        }
        connection.restoring.set(false);
    });
}

/// The path the console is served under, from `<base href>` (Trunk's `--public-url`): "" at the root.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_string()
}
