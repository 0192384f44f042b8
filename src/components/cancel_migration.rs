//! Cancel, with a confirmation that names what stops, one request per confirmation, and a clear answer.

use crate::api::{ApiError, BulkImport};
use crate::components::error_notice::error_text;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// The sentence for each answer GitLab gives to a cancel.
pub fn cancel_error_text(err: &ApiError) -> String {
    let i18n = use_i18n();
    match err {
        ApiError::Forbidden(_) => t_string!(i18n, cancel_forbidden).to_string(),
        ApiError::NotFound => t_string!(i18n, cancel_not_found).to_string(),
        other => error_text(other),
    }
}

/// `what`: the migration's entities, named in the confirmation. `action` sends the one request.
#[component]
pub fn CancelMigration(
    id: u64,
    #[prop(into)] what: Signal<String>,
    action: Action<(), Result<BulkImport, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let pending = action.pending();
    let confirm = move |_| {
        if !pending.get_untracked() {
            action.dispatch_local(());
        }
        confirming.set(false);
    };
    view! {
        <div class="cancel">
            <Show when=move || !confirming.get()>
                <button
                    type="button"
                    class="button button-danger-outline"
                    data-testid="cancel-migration"
                    disabled=move || pending.get()
                    on:click=move |_| confirming.set(true)
                >
                    {move || if pending.get() { t_string!(i18n, canceling) } else { t_string!(i18n, cancel_migration) }}
                </button>
            </Show>
            <Show when=move || confirming.get()>
                <div
                    class="confirm"
                    role="alertdialog"
                    aria-labelledby="cancel-question"
                    aria-describedby="cancel-what"
                >
                    <p id="cancel-question">
                        <strong>{t!(i18n, cancel_question, id = id)}</strong>
                    </p>
                    <p id="cancel-what" class="confirm-what">
                        {move || what.get()}
                    </p>
                    <p class="help">{move || t_string!(i18n, cancel_consequence)}</p>
                    <div class="confirm-buttons">
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="confirm-cancel"
                            on:click=confirm
                        >
                            {t!(i18n, cancel_confirm, id = id)}
                        </button>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>
                            {move || t_string!(i18n, keep_running)}
                        </button>
                    </div>
                </div>
            </Show>
            {move || {
                action
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(_) => {
                            view! {
                                <p class="notice notice-info" role="status">
                                    {t!(i18n, canceled_done, id = id)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <div class="notice notice-error" role="alert" data-testid="cancel-error">
                                    {cancel_error_text(&e)}
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}
