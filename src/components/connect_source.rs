//! "Connect the source": its URL (prefilled from the migration's source) and a personal access token, checked
//! against the source's `/version` and `/user` before it is accepted, then kept in this tab's memory only
//! (`Connection::source`, cleared on sign-out; never stored). Used by "import again", the stage of a running
//! entity and, later, verification. The check itself is `crate::data::rerun::connect_source`.

use super::error_notice::error_text_in;
use crate::connection::use_connection;
use crate::i18n::{t_string, use_i18n};
use crate::logic::instance_url::normalize_instance_url;
use leptos::prelude::*;

#[component]
pub fn ConnectSource(
    /// The migration's source instance.
    #[prop(into)]
    default_url: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let url = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    // Prefill once the migration's source is known, unless the user typed already.
    Effect::new(move |_| {
        if let Some(u) = default_url.get() {
            if url.with_untracked(String::is_empty) {
                url.set(u);
            }
        }
    });

    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (u, t) = (url.get_untracked(), token.get_untracked());
        if normalize_instance_url(&u).is_err() {
            error.set(Some(t_string!(i18n, source_url_invalid).to_string()));
            return;
        }
        if t.trim().is_empty() {
            error.set(Some(t_string!(i18n, source_token_missing).to_string()));
            return;
        }
        busy.set(true);
        error.set(None);
        let config = connection.config.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::data::rerun::connect_source(config, &u, &t).await {
                Ok(client) => {
                    let _ = token.try_set(String::new());
                    let _ = connection.source.try_set(Some(client));
                }
                Err(e) => {
                    let _ = error.try_set(Some(error_text_in(i18n, &e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        {move || match connection.source.get() {
            Some(client) => {
                view! {
                    <p class="notice notice-info" data-testid="source-connected">
                        {t_string!(i18n, source_connected_to, url = client.base_url().to_string()).to_string()}
                        " "
                        <button type="button" class="button button-small" on:click=move |_| connection.source.set(None)>
                            {move || t_string!(i18n, source_disconnect)}
                        </button>
                    </p>
                }
                    .into_any()
            }
            None => {
                view! {
                    <form class="card source-form" data-testid="connect-source" on:submit=connect>
                        <h3>{move || t_string!(i18n, connect_source_title)}</h3>
                        <p class="help">{move || t_string!(i18n, connect_source_help)}</p>
                        <div class="field">
                            <label for="again-source-url">{move || t_string!(i18n, source_url_label)}</label>
                            <input
                                id="again-source-url"
                                type="url"
                                prop:value=move || url.get()
                                on:input=move |ev| url.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="again-source-token">{move || t_string!(i18n, source_token_label)}</label>
                            <input
                                id="again-source-token"
                                type="password"
                                autocomplete="off"
                                prop:value=move || token.get()
                                on:input=move |ev| token.set(event_target_value(&ev))
                            />
                        </div>
                        <button type="submit" class="button button-primary" disabled=move || busy.get()>
                            {move || {
                                if busy.get() {
                                    t_string!(i18n, source_connecting)
                                } else {
                                    t_string!(i18n, source_connect)
                                }
                            }}
                        </button>
                        <p class="field-error" role="alert" data-testid="connect-source-error">
                            {move || error.get()}
                        </p>
                    </form>
                }
                    .into_any()
            }
        }}
    }
}
