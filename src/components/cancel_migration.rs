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
    // Focus: into the confirmation on open (on "Keep running", the safe choice), kept inside while it is open
    // (Tab cycles over its two buttons), Escape closes it, and back on "Cancel migration…" when it closes.
    let open_button = NodeRef::<leptos::html::Button>::new();
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    let keep_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was: Option<bool>| {
        let now = confirming.get();
        if was.is_some_and(|was| was != now) {
            let target = if now { keep_button } else { open_button };
            request_animation_frame(move || {
                if let Some(button) = target.try_get_untracked().flatten() {
                    let _ = button.focus();
                }
            });
        }
        now
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            confirming.set(false);
        }
        "Tab" => {
            let (Some(first), Some(last)) = (confirm_button.get_untracked(), keep_button.get_untracked()) else {
                return;
            };
            let active = document().active_element();
            let is = |b: &web_sys::HtmlButtonElement| active.as_ref() == Some(b.as_ref());
            let inside = active.as_ref().and_then(|a| a.closest("[role=alertdialog]").ok().flatten()).is_some();
            if ev.shift_key() && (is(&first) || !inside) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && (is(&last) || !inside) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    view! {
        <div class="cancel">
            <Show when=move || !confirming.get()>
                <button
                    type="button"
                    class="button button-danger-outline"
                    data-testid="cancel-migration"
                    node_ref=open_button
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
                    on:keydown=on_keydown
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
                            node_ref=confirm_button
                            on:click=confirm
                        >
                            {t!(i18n, cancel_confirm, id = id)}
                        </button>
                        <button
                            type="button"
                            class="button"
                            node_ref=keep_button
                            on:click=move |_| confirming.set(false)
                        >
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
