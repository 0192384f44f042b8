//! An API error as a sentence the user can act on, with a retry when one makes sense.

use crate::api::ApiError;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// The translated sentence for an error; the server's own words are shown next to it, as text.
pub fn error_text(err: &ApiError) -> String {
    error_text_in(use_i18n(), err)
}

/// The same, for async code (take `i18n` before the first `.await`).
pub fn error_text_in(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, err: &ApiError) -> String {
    match err {
        ApiError::Network(_) => t_string!(i18n, err_network).to_string(),
        ApiError::Timeout { seconds } => t_string!(i18n, err_timeout, seconds = *seconds).to_string(),
        ApiError::BadRequest(m) => t_string!(i18n, err_bad_request, message = m.clone()).to_string(),
        ApiError::Unauthorized => t_string!(i18n, err_unauthorized).to_string(),
        ApiError::Forbidden(_) => t_string!(i18n, err_forbidden).to_string(),
        ApiError::FeatureDisabled => t_string!(i18n, err_feature_disabled).to_string(),
        ApiError::NotFound => t_string!(i18n, err_not_found).to_string(),
        ApiError::NotGitLab => t_string!(i18n, err_not_gitlab).to_string(),
        ApiError::Unprocessable(m) => t_string!(i18n, err_unprocessable, message = m.clone()).to_string(),
        ApiError::RateLimited => t_string!(i18n, err_rate_limited).to_string(),
        ApiError::Server { status, .. } => t_string!(i18n, err_server, status = *status).to_string(),
        ApiError::UnexpectedStatus { status, .. } => t_string!(i18n, err_unexpected, status = *status).to_string(),
        ApiError::Malformed { status, html: true, .. } => t_string!(i18n, err_html, status = *status).to_string(),
        ApiError::Malformed { status, .. } => t_string!(i18n, err_malformed, status = *status).to_string(),
    }
}

/// The server's own message, when it adds something to the sentence above.
fn server_detail(err: &ApiError) -> Option<String> {
    match err {
        ApiError::Forbidden(m)
        | ApiError::Server { message: m, .. }
        | ApiError::UnexpectedStatus { message: m, .. } => m.clone(),
        _ => None,
    }
}

#[component]
pub fn ErrorNotice(
    #[prop(into)] error: Signal<ApiError>,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert" data-testid="error-notice">
            <p class="notice-text">{move || error.with(error_text)}</p>
            {move || {
                error
                    .with(server_detail)
                    .map(|detail| {
                        view! { <p class="notice-detail">{t_string!(i18n, server_said)} " " <q>{detail}</q></p> }
                    })
            }}
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" class="button" on:click=move |_| retry.run(())>
                            {move || t_string!(i18n, retry)}
                        </button>
                    }
                })}
        </div>
    }
}
