//! Start-up: sign in again with a token kept from an earlier visit. Only a 401 ends that session; any
//! other failure (5xx, timeout, no connection) is shown, the token kept, and the check tried again.

use crate::api::{ApiError, Client};
use crate::connection::{self, Connection};
use crate::logic::refresh;
use crate::logic::view_state::MigrationsView;
use crate::preferences::use_preferences;
use leptos::prelude::*;

pub fn restore_session(connection: Connection) {
    let stored = connection::stored_credentials();
    connection.restoring.set(stored.is_some());
    if let Some((instance, token)) = &stored {
        warm_list(Client::new(instance.clone(), token.clone()));
    }
    leptos::task::spawn_local(async move {
        // config.json and the token check go out together: one round trip less before the first view.
        let first = {
            let stored = stored.clone();
            async move {
                match stored {
                    Some((instance, token)) => Some(connection::verify(Client::new(instance, token)).await),
                    None => None,
                }
            }
        };
        let (config, mut verified) = futures::join!(connection::load_deploy_config(), first);
        connection.config.set(config.clone());
        let Some((instance, token)) = stored else { return };
        let mut failures = 0u32;
        loop {
            match verified.take() {
                Some(Ok(mut session)) => {
                    session.client = config.apply(session.client);
                    connection.session.set(Some(session));
                    break;
                }
                Some(Err(ApiError::Unauthorized)) => {
                    connection.sign_out();
                    break;
                }
                Some(Err(e)) => {
                    let _ = connection.restore_error.try_set(Some(e));
                    wait_or_retry(connection, refresh::delay_ms(failures)).await;
                    failures = failures.saturating_add(1);
                    // The user chose to sign out (or in) meanwhile: nothing left to restore.
                    if !connection.restoring.try_get_untracked().unwrap_or(false) {
                        return;
                    }
                    verified = Some(connection::verify(config.client(instance.clone(), token.clone())).await);
                }
                None => break,
            }
        }
        let _ = connection.restore_error.try_set(None);
        let _ = connection.restoring.try_set(false);
    });
}

/// Waits `ms`, or less when the user clicks Retry (or gives up restoring).
async fn wait_or_retry(connection: Connection, ms: u32) {
    let asked = connection.restore_retry.get_untracked();
    let mut waited = 0;
    while waited < ms {
        gloo_timers::future::TimeoutFuture::new(250).await;
        waited += 250;
        let retry = connection.restore_retry.try_get_untracked().unwrap_or(asked) != asked;
        if retry || !connection.restoring.try_get_untracked().unwrap_or(false) {
            return;
        }
    }
}

/// When the console opens on the migrations list, its first page is asked for now, beside the token check.
fn warm_list(client: Client) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let path = path.strip_prefix(super::base_path().as_str()).unwrap_or(&path);
    if !matches!(path.trim_end_matches('/'), "" | "/migrations") {
        return;
    }
    let search = location.search().unwrap_or_default();
    let query = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let view = MigrationsView::parse(|k| query.as_ref().and_then(|q| q.get(k)));
    let per_page = view.per_page.unwrap_or_else(|| use_preferences().page_size.get_untracked());
    crate::data::migrations::warm_first_page(client, view, per_page);
}
