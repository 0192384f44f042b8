//! One entity's deploy tokens and pipeline triggers on the source, read-only, each with what its owner must
//! do: create a new one on the destination and hand its new secret to whoever uses it. No token is shown:
//! the rows have none.

use crate::components::error_notice::error_text;
use crate::data::complete::Completion;
use crate::i18n::{t_string, use_i18n};
use crate::logic::complete::tokens::{TokenKind, TokenRow};
use leptos::prelude::*;

#[component]
pub fn TokensSection(run: Completion, entity_id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let got = Memo::new(move |_| run.tokens.with(|t| t.get(&entity_id).cloned()));
    move || {
        got.get().and_then(|got| match got {
            Err(e) => Some(
                view! {
                    <p class="notice notice-warn" data-testid="complete-tokens-unreadable">
                        {t_string!(i18n, complete_tokens_unreadable, error = error_text(&e)).to_string()}
                    </p>
                }
                .into_any(),
            ),
            Ok(rows) if rows.is_empty() => None,
            Ok(rows) => Some(view! { <TokensTable rows=rows /> }.into_any()),
        })
    }
}

#[component]
fn TokensTable(rows: Vec<TokenRow>) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |r: TokenRow| {
        let kind = match r.kind {
            TokenKind::DeployToken => t_string!(i18n, complete_token_deploy),
            TokenKind::Trigger => t_string!(i18n, complete_token_trigger),
        };
        let todo = match (r.inactive, r.kind) {
            (true, _) => t_string!(i18n, complete_token_inactive),
            (false, TokenKind::DeployToken) => t_string!(i18n, complete_token_do_deploy),
            (false, TokenKind::Trigger) => t_string!(i18n, complete_token_do_trigger),
        };
        let expires = match &r.expires_at {
            Some(d) => d.chars().take(10).collect::<String>(),
            None => t_string!(i18n, complete_token_never).to_string(),
        };
        view! {
            <tr data-testid="complete-token" data-kind=r.kind.list()>
                <td data-label=move || t_string!(i18n, complete_token_col_kind).to_string()>{kind}</td>
                <th scope="row" class="path-cell">
                    {r.name.clone()}
                </th>
                <td data-label=move || t_string!(i18n, complete_token_col_scopes).to_string()>{r.scopes.join(", ")}</td>
                <td data-label=move || t_string!(i18n, complete_token_col_expires).to_string()>{expires}</td>
                <td data-label=move || {
                    t_string!(i18n, complete_token_col_owner).to_string()
                }>{r.owner.clone().unwrap_or_default()}</td>
                <td class="message" data-label=move || t_string!(i18n, complete_token_col_todo).to_string()>
                    {todo}
                </td>
            </tr>
        }
    };
    view! {
        <h3 data-testid="complete-tokens">{move || t_string!(i18n, complete_tokens_title)}</h3>
        <p class="muted small">{move || t_string!(i18n, complete_tokens_todo)}</p>
        <table class="table stack">
            <thead>
                <tr>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_kind)}</th>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_name)}</th>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_scopes)}</th>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_expires)}</th>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_owner)}</th>
                    <th scope="col">{move || t_string!(i18n, complete_token_col_todo)}</th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
        </table>
    }
}
