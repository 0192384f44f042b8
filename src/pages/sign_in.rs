//! The sign-in screen: "Sign in with GitLab" (OAuth) when the deployer registered an application, then the
//! instance URL and token, checked against /version and /user.

use crate::api::{ApiError, OAuthApp};
use crate::components::error_notice::{error_text, ErrorNotice};
use crate::connection::{self, use_connection};
use crate::i18n::{t_string, use_i18n};
use crate::logic::instance_url::{normalize_instance_url, InstanceUrlError};
use crate::oauth::{self, Failure};
use leptos::prelude::*;

#[component]
pub fn SignIn() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();

    // Default instance: the last one used, else the deployer's preset, else this page's own origin.
    let initial_url = connection::stored_instance()
        .or_else(|| connection.config.get_untracked().instance_url)
        .unwrap_or_else(connection::page_origin);
    let instance = RwSignal::new(initial_url);
    // A config.json that arrives after the first paint still fills the field, unless the user typed.
    let touched = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(preset) = connection.config.with(|c| c.instance_url.clone()) {
            if !touched.get_untracked() && connection::stored_instance().is_none() {
                instance.set(preset);
            }
        }
    });
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let url_error = RwSignal::new(None::<InstanceUrlError>);
    let token_missing = RwSignal::new(false);

    let sign_in = Action::new_local(move |(base, token, remember): &(String, String, bool)| {
        let (base, token, remember) = (base.clone(), token.clone(), *remember);
        async move {
            let session =
                connection::verify(connection.config.get_untracked().client(base.clone(), token.clone())).await?;
            connection::store_credentials(&base, &token, remember);
            connection.session.set(Some(session));
            Ok::<(), ApiError>(())
        }
    });
    let pending = sign_in.pending();
    let error = Memo::new(move |_| sign_in.value().get().and_then(Result::err));

    // Sign in with GitLab: leaves for the instance's consent page and comes back to this very URL.
    let leaving = RwSignal::new(false);
    let oauth_client_id = Memo::new(move |_| {
        connection.config.with(|c| c.oauth_application_id.clone().filter(|id| !id.trim().is_empty()))
    });
    let start_oauth = move || {
        if leaving.get_untracked() {
            return;
        }
        let Some(client_id) = oauth_client_id.get_untracked() else { return };
        let base = match normalize_instance_url(&instance.get_untracked()) {
            Ok(base) => base,
            Err(e) => {
                url_error.set(Some(e));
                return;
            }
        };
        let redirect_uri = connection
            .config
            .with_untracked(|c| c.oauth_redirect_uri.clone())
            .unwrap_or_else(oauth::default_redirect_uri);
        let app = OAuthApp { instance: base, client_id: client_id.trim().to_string(), redirect_uri };
        connection.oauth_failure.set(None);
        leaving.set(true);
        let remember = remember.get_untracked();
        leptos::task::spawn_local(async move {
            if let Some(failure) = oauth::start(app, oauth::current_path(), remember).await {
                let _ = connection.oauth_failure.try_set(Some(failure));
                let _ = leaving.try_set(false);
            }
        });
    };
    let oauth_message = move || {
        connection.oauth_failure.get().map(|failure| match failure {
            Failure::Denied => t_string!(i18n, oauth_err_denied).to_string(),
            Failure::Provider(code) => t_string!(i18n, oauth_err_provider, error = code).to_string(),
            Failure::StateMismatch => t_string!(i18n, oauth_err_state).to_string(),
            Failure::CodeRefused => t_string!(i18n, oauth_err_code).to_string(),
            Failure::UnknownApplication => t_string!(i18n, oauth_err_app).to_string(),
            Failure::NoCrypto => t_string!(i18n, oauth_err_crypto).to_string(),
            Failure::Api(e) => t_string!(i18n, oauth_err_api, reason = error_text(&e)).to_string(),
        })
    };
    let oauth_block = move || {
        oauth_client_id.get().map(|_| {
            view! {
                <div class="oauth-sign-in" data-testid="oauth-sign-in">
                    {move || {
                        oauth_message()
                            .map(|message| {
                                view! {
                                    <div class="notice notice-error" role="alert" data-testid="oauth-error">
                                        <p>{message}</p>
                                        <button type="button" class="button" on:click=move |_| start_oauth()>
                                            {move || t_string!(i18n, oauth_start_again)}
                                        </button>
                                    </div>
                                }
                            })
                    }}
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="oauth-button"
                        disabled=move || leaving.get()
                        on:click=move |_| start_oauth()
                    >
                        {move || {
                            if leaving.get() {
                                t_string!(i18n, oauth_leaving).to_string()
                            } else {
                                t_string!(i18n, oauth_sign_in).to_string()
                            }
                        }}
                    </button>
                    <p class="help">{move || t_string!(i18n, oauth_help, instance = instance.get())}</p>
                    <p class="muted">{move || t_string!(i18n, oauth_or_token)}</p>
                </div>
            }
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let url = normalize_instance_url(&instance.get_untracked());
        url_error.set(url.as_ref().err().cloned());
        let tok = token.get_untracked().trim().to_string();
        token_missing.set(tok.is_empty());
        if let (Ok(base), false) = (url, tok.is_empty()) {
            sign_in.dispatch((base, tok, remember.get_untracked()));
        }
    };

    let url_message = move || {
        url_error.get().map(|e| match e {
            InstanceUrlError::Empty => t_string!(i18n, err_url_empty).to_string(),
            InstanceUrlError::Scheme => t_string!(i18n, err_url_scheme).to_string(),
            InstanceUrlError::Credentials => t_string!(i18n, err_url_credentials).to_string(),
            InstanceUrlError::Invalid => t_string!(i18n, err_url_invalid).to_string(),
        })
    };

    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, sign_in_page_title).to_string()
    }));
    view! {
        <section class="card sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title" tabindex="-1">
                {move || t_string!(i18n, sign_in_title)}
            </h1>
            <p class="muted">{move || t_string!(i18n, sign_in_intro)}</p>
            {oauth_block}
            <form on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="instance-url">{move || t_string!(i18n, instance_url)}</label>
                    <input
                        id="instance-url"
                        name="instance-url"
                        type="url"
                        autocomplete="url"
                        inputmode="url"
                        aria-describedby="instance-url-help instance-url-error"
                        aria-invalid=move || url_error.with(Option::is_some).to_string()
                        prop:value=move || instance.get()
                        on:input=move |ev| {
                            touched.set(true);
                            instance.set(event_target_value(&ev));
                            url_error.set(None);
                        }
                    />
                    <p id="instance-url-help" class="help">
                        {move || t_string!(i18n, instance_url_help)}
                    </p>
                    <p id="instance-url-error" class="field-error" aria-live="polite">
                        {url_message}
                    </p>
                </div>
                <div class="field">
                    <label for="token">{move || t_string!(i18n, token)}</label>
                    <input
                        id="token"
                        name="token"
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="token-help token-error"
                        aria-invalid=move || token_missing.get().to_string()
                        prop:value=move || token.get()
                        on:input=move |ev| {
                            token.set(event_target_value(&ev));
                            token_missing.set(false);
                        }
                    />
                    <p id="token-help" class="help">
                        {move || t_string!(i18n, token_help)}
                    </p>
                    <p id="token-error" class="field-error" aria-live="polite">
                        {move || token_missing.get().then(|| t_string!(i18n, err_token_empty).to_string())}
                    </p>
                </div>
                <div class="field field-check">
                    <input
                        id="remember"
                        type="checkbox"
                        prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))
                    />
                    <label for="remember">{move || t_string!(i18n, remember)}</label>
                    <p class="help">{move || t_string!(i18n, remember_help)}</p>
                </div>
                {move || error.get().map(|e| view! { <ErrorNotice error=Signal::derive(move || e.clone()) /> })}
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            t_string!(i18n, signing_in).to_string()
                        } else {
                            t_string!(i18n, sign_in).to_string()
                        }
                    }}
                </button>
            </form>
        </section>
    }
}
