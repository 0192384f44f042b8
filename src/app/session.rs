//! Start-up: finish a sign-in with GitLab that comes back from its consent page, or sign in again with a
//! token (personal or OAuth) kept from an earlier visit. Only a 401 ends a kept session; any other failure
//! (5xx, timeout, no connection) is shown, the token kept, and the check tried again.

use crate::api::{ApiError, Client};
use crate::connection::{self, Connection};
use crate::logic::refresh;
use crate::logic::view_state::MigrationsView;
use crate::oauth;
use futures::channel::oneshot;
use futures::FutureExt;
use leptos::prelude::*;
use std::sync::Arc;

/// Starts before the console mounts, so these requests leave before any render pass. Resolves once the first
/// answers are applied (signed in, signed out, or an error shown), at once on a return from GitLab.
pub fn restore_session(connection: Connection) -> impl std::future::Future<Output = ()> + Unpin {
    let (applied, first_applied) = oneshot::channel::<()>();
    let first_applied = first_applied.map(|_| ());
    // Before the router reads the URL: the code and state leave the address bar, the deep link returns.
    if let Some(taken) = oauth::take_callback() {
        finish_sign_in_with_gitlab(connection, taken);
        return first_applied;
    }
    let stored = connection::stored_credentials()
        .map(|(instance, token)| Client::new(instance, token))
        .or_else(|| oauth::remembered().map(|(instance, grant)| Client::with_oauth(instance, grant)));
    connection.restoring.set(stored.is_some());
    if let Some(client) = &stored {
        warm_list(client.clone());
    }
    leptos::task::spawn_local(async move {
        // config.json and the token check go out together: one round trip less before the first view.
        let first = {
            let stored = stored.clone();
            async move {
                match stored {
                    Some(client) => Some(connection::verify(client).await),
                    None => None,
                }
            }
        };
        let (config, mut verified) = futures::join!(connection::load_deploy_config(), first);
        connection.config.set(config.clone());
        let mut applied = Some(applied);
        let Some(client) = stored else { return };
        let mut failures = 0u32;
        loop {
            match verified.take() {
                Some(Ok(mut session)) => {
                    session.client = config.apply(session.client);
                    keep_fresh(connection, &session.client);
                    connection.session.set(Some(session));
                    break;
                }
                Some(Err(ApiError::Unauthorized)) => {
                    connection.sign_out();
                    break;
                }
                Some(Err(e)) => {
                    let _ = connection.restore_error.try_set(Some(e));
                    drop(applied.take());
                    wait_or_retry(connection, refresh::delay_ms(failures)).await;
                    failures = failures.saturating_add(1);
                    // The user chose to sign out (or in) meanwhile: nothing left to restore.
                    if !connection.restoring.try_get_untracked().unwrap_or(false) {
                        return;
                    }
                    verified = Some(connection::verify(config.apply(client.clone())).await);
                }
                None => break,
            }
        }
        let _ = connection.restore_error.try_set(None);
        let _ = connection.restoring.try_set(false);
    });
    first_applied
}

/// Back from GitLab's consent page: check the state, exchange the code, check the token, sign in. Any
/// failure is kept for the sign-in page to say, with a way to start again.
fn finish_sign_in_with_gitlab(connection: Connection, taken: oauth::Taken) {
    connection.restoring.set(true);
    leptos::task::spawn_local(return_from_gitlab(connection, taken));
}

/// A split point of its own: only a return from GitLab's consent page needs the code exchange.
#[cfg_attr(split, leptos::lazy)]
async fn return_from_gitlab(connection: Connection, taken: oauth::Taken) {
    let (config, returned) = futures::join!(connection::load_deploy_config(), oauth::finish(taken));
    let _ = connection.config.try_set(config.clone());
    let result = match returned {
        Ok(r) => connection::verify(config.apply(Client::with_oauth(r.instance.clone(), r.grant.clone())))
            .await
            .map(|session| (session, r))
            .map_err(oauth::Failure::Api),
        Err(failure) => Err(failure),
    };
    match result {
        Ok((session, r)) => {
            // The instance is remembered as after any sign-in; a personal token kept earlier is dropped.
            connection::store_credentials(&r.instance, "", false);
            if r.remember {
                oauth::remember(&r.instance, &r.grant);
            }
            keep_fresh(connection, &session.client);
            let _ = connection.oauth_failure.try_set(None);
            let _ = connection.session.try_set(Some(session));
        }
        Err(failure) => {
            let _ = connection.oauth_failure.try_set(Some(failure));
        }
    }
    let _ = connection.restoring.try_set(false);
}

/// A client signed in with GitLab renews its token before it expires, while its session lasts.
pub fn keep_fresh(connection: Connection, client: &Client) {
    let Some(grant) = client.oauth().cloned() else { return };
    let mine = grant.clone();
    oauth::keep_fresh(grant, move || {
        connection
            .session
            .try_with_untracked(|s| s.as_ref().and_then(|s| s.client.oauth()).is_some_and(|g| Arc::ptr_eq(g, &mine)))
            .unwrap_or(false)
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
    let path = path.strip_prefix(crate::browser::base_path().as_str()).unwrap_or(&path);
    if !matches!(path.trim_end_matches('/'), "" | "/migrations") {
        return;
    }
    let search = location.search().unwrap_or_default();
    let query = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let view = MigrationsView::parse(|k| query.as_ref().and_then(|q| q.get(k)));
    let per_page = view.per_page.unwrap_or_else(crate::preferences::stored_page_size);
    crate::data::migrations::warm_first_page(client, view, per_page);
}
