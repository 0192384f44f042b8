//! One source user in the table: who it was on the source, its placeholder, status, chosen user, why it
//! failed, the actions its status allows, and GitLab's sentence when an action on it was refused.

use super::picker::AssigneePicker;
use crate::api::graphql::{Operation, SourceUser, RATE_LIMIT_TEXT};
use crate::api::ApiError;
use crate::components::error_notice::error_text_in;
use crate::data::contributions::{RowAnswer, RowRequest};
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::placeholders::{actions, safe_avatar, Action as RowAction, SourceStatus};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::collections::HashMap;

pub fn status_label(i18n: I18nContext<Locale>, s: SourceStatus) -> String {
    match s {
        SourceStatus::Pending => t_string!(i18n, contrib_status_pending),
        SourceStatus::Awaiting => t_string!(i18n, contrib_status_awaiting),
        SourceStatus::InProgress => t_string!(i18n, contrib_status_in_progress),
        SourceStatus::Rejected => t_string!(i18n, contrib_status_rejected),
        SourceStatus::Failed => t_string!(i18n, contrib_status_failed),
        SourceStatus::Completed => t_string!(i18n, contrib_status_completed),
        SourceStatus::Kept => t_string!(i18n, contrib_status_kept),
        SourceStatus::Unknown => t_string!(i18n, contrib_status_unknown),
    }
    .to_string()
}

pub fn sort_label(i18n: I18nContext<Locale>, s: &str) -> String {
    match s {
        "SOURCE_NAME_DESC" => t_string!(i18n, contrib_sort_SOURCE_NAME_DESC),
        "STATUS_ASC" => t_string!(i18n, contrib_sort_STATUS_ASC),
        "STATUS_DESC" => t_string!(i18n, contrib_sort_STATUS_DESC),
        "ID_ASC" => t_string!(i18n, contrib_sort_ID_ASC),
        "ID_DESC" => t_string!(i18n, contrib_sort_ID_DESC),
        _ => t_string!(i18n, contrib_sort_SOURCE_NAME_ASC),
    }
    .to_string()
}

/// The badge colour of a status (the shared badge classes).
fn badge(s: SourceStatus) -> &'static str {
    match s {
        SourceStatus::Completed => "badge badge-complete",
        SourceStatus::Failed | SourceStatus::Rejected => "badge badge-failed",
        SourceStatus::Awaiting | SourceStatus::InProgress => "badge badge-importing",
        SourceStatus::Kept => "badge badge-partial",
        SourceStatus::Pending => "badge badge-pending",
        SourceStatus::Unknown => "badge badge-unknown",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    Refused(String),
    Info(String),
}

/// What the last action on each row said, by source user id: the rest of the page never changes for it.
#[derive(Clone, Copy)]
pub struct Notes(RwSignal<HashMap<String, Note>>);

impl Notes {
    pub fn new(action: Action<RowRequest, (String, RowAnswer)>) -> Notes {
        let i18n = use_i18n();
        let notes = RwSignal::new(HashMap::new());
        Effect::new(move |_| {
            let Some((id, answer)) = action.value().get() else { return };
            let note = match answer {
                Ok(Ok(_)) => None,
                Ok(Err(sentence)) => Some(Note::Refused(sentence)),
                Err(ApiError::RateLimited) => Some(Note::Refused(RATE_LIMIT_TEXT.to_string())),
                Err(ApiError::UnexpectedStatus { message: Some(m), .. }) => Some(Note::Refused(m)),
                Err(e) => Some(Note::Refused(error_text_in(i18n, &e))),
            };
            notes.update(|n| match note {
                Some(note) => {
                    n.insert(id, note);
                }
                None => {
                    n.remove(&id);
                }
            });
        });
        Notes(notes)
    }

    fn get(&self, id: &str) -> Option<Note> {
        self.0.with(|n| n.get(id).cloned())
    }

    fn info(&self, id: String, text: String) {
        self.0.update(|n| {
            n.insert(id, Note::Info(text));
        });
    }
}

fn who(name: Option<&str>, username: Option<&str>) -> String {
    match (name.filter(|n| !n.is_empty()), username.filter(|u| !u.is_empty())) {
        (Some(n), Some(u)) => format!("{n} (@{u})"),
        (Some(n), None) => n.to_string(),
        (None, Some(u)) => format!("@{u}"),
        (None, None) => "—".into(),
    }
}

#[component]
pub fn SourceUserRow(user: SourceUser, action: Action<RowRequest, (String, RowAnswer)>, notes: Notes) -> impl IntoView {
    let i18n = use_i18n();
    let status = SourceStatus::parse(&user.status);
    let id = StoredValue::new(user.id.clone());
    let picking = RwSignal::new(false);
    let pending = Memo::new(move |_| {
        action.pending().get() && action.input().with(|i| i.as_ref().is_some_and(|r| r.id() == id.get_value()))
    });
    let run = move |op: Operation| {
        action.dispatch(RowRequest::Other { id: id.get_value(), op });
    };
    let source = who(user.source_name.as_deref(), user.source_username.as_deref());
    let host = user.source_hostname.clone().unwrap_or_default();
    let placeholder = user
        .placeholder_user
        .as_ref()
        .map(|p| who(p.name.as_deref(), p.username.as_deref()))
        .unwrap_or_else(|| "—".into());
    let chosen = user.reassign_to_user.clone();
    let chosen_avatar = chosen.as_ref().and_then(|c| safe_avatar(c.avatar_url.as_deref()));
    let chosen_text = chosen.as_ref().map(|c| who(c.name.as_deref(), c.username.as_deref()));
    let error = user.reassignment_error.clone().filter(|_| status == SourceStatus::Failed);
    let buttons = actions(status)
        .iter()
        .map(|a| {
            let a = *a;
            let (label, testid) = match a {
                RowAction::Reassign => (t_string!(i18n, contrib_act_reassign).to_string(), "act-reassign"),
                RowAction::Keep => (t_string!(i18n, contrib_act_keep).to_string(), "act-keep"),
                RowAction::UndoKeep => (t_string!(i18n, contrib_act_undo_keep).to_string(), "act-undo-keep"),
                RowAction::Cancel => (t_string!(i18n, contrib_act_cancel).to_string(), "act-cancel"),
                RowAction::Resend => (t_string!(i18n, contrib_act_resend).to_string(), "act-resend"),
                RowAction::Retry => (t_string!(i18n, contrib_act_retry).to_string(), "act-retry"),
            };
            let click = move |_| match a {
                RowAction::Reassign => picking.update(|p| *p = !*p),
                RowAction::Keep => run(Operation::Keep),
                RowAction::UndoKeep => run(Operation::UndoKeep),
                RowAction::Cancel => run(Operation::Cancel),
                RowAction::Resend => {
                    notes.info(id.get_value(), t_string!(i18n, contrib_done_resend).to_string());
                    run(Operation::Resend)
                }
                RowAction::Retry => run(Operation::Retry),
            };
            view! {
                <button class="button button-small" data-testid=testid disabled=move || pending.get() on:click=click>
                    {label}
                </button>
            }
        })
        .collect_view();
    let on_pick = Callback::new(move |assignee: u64| {
        picking.set(false);
        action.dispatch(RowRequest::Reassign { id: id.get_value(), assignee });
    });
    view! {
        <tr data-testid="contrib-row" data-status=status.slug()>
            <td>
                <div>{source}</div>
                <div class="muted small">{host}</div>
            </td>
            <td>{placeholder}</td>
            <td>
                <span class=badge(status) data-testid="contrib-status-badge">
                    {status_label(i18n, status)}
                </span>
                {error
                    .map(|e| {
                        view! {
                            <div class="warn-text small" data-testid="contrib-error">
                                {move || t_string!(i18n, contrib_failed_because, reason = e.clone())}
                            </div>
                        }
                    })}
            </td>
            <td data-testid="contrib-chosen">
                {chosen_avatar
                    .map(|src| {
                        view! {
                            <img src=src alt="" width="20" height="20" loading="lazy" referrerpolicy="no-referrer" />
                        }
                    })} " " {chosen_text.unwrap_or_else(|| "—".into())}
            </td>
            <td>
                <div class="row-buttons">{buttons}</div>
                {move || {
                    notes
                        .get(&id.get_value())
                        .map(|n| match n {
                            Note::Refused(s) => {
                                view! {
                                    <p class="row-server-error small" role="alert" data-testid="contrib-refusal">
                                        {move || t_string!(i18n, contrib_refused, reason = s.clone())}
                                    </p>
                                }
                                    .into_any()
                            }
                            Note::Info(s) => {
                                view! {
                                    <p class="muted small" role="status" data-testid="contrib-note">
                                        {s}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </td>
        </tr>
        <Show when=move || picking.get()>
            <tr class="child-row">
                <td colspan="5">
                    <AssigneePicker on_pick=on_pick on_close=Callback::new(move |_| picking.set(false)) />
                </td>
            </tr>
        </Show>
    }
}
