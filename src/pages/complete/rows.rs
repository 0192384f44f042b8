//! One finished group or project: per kind its counts and its items, differences first, each with what it
//! needs (an overwrite tick, the secrets only a person has) and the result of its write.

use super::tokens::TokensSection;
use super::Choice;
use crate::api::Entity;
use crate::components::error_notice::error_text;
use crate::components::labels::kind_label;
use crate::data::complete::{Compared, Completion, KindRows, Pick, RowResult};
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::complete::requests::{Entered, Outcome};
use crate::logic::complete::{Item, Secret, SettingKind, Tally, Verdict};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::sync::Arc;

/// Which rows are shown (differences come first whatever the filter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    ToDo,
    NeedsPerson,
    Missing,
    Differs,
    Same,
}

impl Filter {
    pub const ALL: [Filter; 6] =
        [Filter::All, Filter::ToDo, Filter::NeedsPerson, Filter::Missing, Filter::Differs, Filter::Same];

    pub fn key(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::ToDo => "todo",
            Filter::NeedsPerson => "needs-person",
            Filter::Missing => "missing",
            Filter::Differs => "differs",
            Filter::Same => "same",
        }
    }

    pub fn parse(s: &str) -> Filter {
        Filter::ALL.into_iter().find(|f| f.key() == s).unwrap_or(Filter::All)
    }

    pub fn name(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Filter::All => t_string!(i18n, complete_filter_all),
            Filter::ToDo => t_string!(i18n, complete_filter_todo),
            Filter::NeedsPerson => t_string!(i18n, complete_v_needs_person),
            Filter::Missing => t_string!(i18n, complete_v_missing),
            Filter::Differs => t_string!(i18n, complete_filter_differs),
            Filter::Same => t_string!(i18n, complete_v_same),
        }
    }

    fn shows(self, v: &Verdict) -> bool {
        match self {
            Filter::All => true,
            Filter::ToDo => {
                matches!(v, Verdict::NeedsPerson | Verdict::NeedsSchedule | Verdict::Missing | Verdict::Differs(_))
            }
            Filter::NeedsPerson => matches!(v, Verdict::NeedsPerson | Verdict::NeedsSchedule),
            Filter::Missing => *v == Verdict::Missing,
            Filter::Differs => matches!(v, Verdict::Differs(_)),
            Filter::Same => *v == Verdict::Same,
        }
    }
}

pub fn kind_name(i18n: I18nContext<Locale>, kind: SettingKind) -> &'static str {
    match kind {
        SettingKind::Variable => t_string!(i18n, complete_kind_variables),
        SettingKind::Hook => t_string!(i18n, complete_kind_hooks),
        SettingKind::DeployKey => t_string!(i18n, complete_kind_deploy_keys),
        SettingKind::ScheduleVariable => t_string!(i18n, complete_kind_schedule_variables),
    }
}

fn secret_name(i18n: I18nContext<Locale>, s: &Secret) -> String {
    match s {
        Secret::HiddenValue => t_string!(i18n, complete_secret_hidden).to_string(),
        Secret::HookToken => t_string!(i18n, complete_secret_token).to_string(),
        Secret::UrlVariable(k) => t_string!(i18n, complete_secret_url_variable, key = k.clone()).to_string(),
        Secret::CustomHeader(k) => t_string!(i18n, complete_secret_header, key = k.clone()).to_string(),
    }
}

#[component]
pub fn EntityCard(run: Completion, choice: Choice, entity: Arc<Entity>, kinds: Compared) -> impl IntoView {
    let i18n = use_i18n();
    let eid = entity.id;
    let entity = StoredValue::new(entity.clone());
    let path = entity.with_value(|e| format!("{} → {}", e.source_full_path, e.destination_display()));
    let kind = entity.with_value(|e| e.kind());
    let empty = kinds.iter().all(|k| k.items.is_empty() && k.error.is_none());
    let tokens = view! { <TokensSection run=run entity_id=eid /> };
    let mark = run.result_mark(eid);
    view! {
        <section class="card" data-testid="complete-entity" data-entity-id=eid.to_string()>
            <h2 class="path-cell">{move || kind_label(kind)} " " {path}</h2>
            <Show when=move || !empty>
                <label class="field-check">
                    <input
                        type="checkbox"
                        data-testid="complete-include"
                        prop:checked=move || choice.skipped.with(|s| !s.contains(&eid))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            choice
                                .skipped
                                .update(|s| {
                                    if on {
                                        s.remove(&eid);
                                    } else {
                                        s.insert(eid);
                                    }
                                });
                        }
                    />
                    <span>{move || t_string!(i18n, complete_include)}</span>
                </label>
            </Show>
            {if empty {
                view! {
                    <p class="muted" data-testid="complete-nothing">
                        {move || t_string!(i18n, complete_nothing)}
                    </p>
                }
                    .into_any()
            } else {
                kinds
                    .iter()
                    .filter(|k| !k.items.is_empty() || k.error.is_some())
                    .cloned()
                    .map(|k| view! { <KindSection run=run choice=choice entity=entity.get_value() rows=k mark=mark /> })
                    .collect_view()
                    .into_any()
            }}
            {tokens}
        </section>
    }
}

#[component]
fn KindSection(run: Completion, choice: Choice, entity: Arc<Entity>, rows: KindRows, mark: Memo<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let t = Tally::of(&rows.items);
    let kind = rows.kind;
    // Only what there is: "2 missing · 1 the same".
    let counts = move || {
        let parts = [
            (t.needs_person, t_string!(i18n, complete_n_needs, n = t.needs_person).to_string()),
            (t.missing, t_string!(i18n, complete_n_missing, n = t.missing).to_string()),
            (t.differs, t_string!(i18n, complete_n_differs, n = t.differs).to_string()),
            (t.same, t_string!(i18n, complete_n_same, n = t.same).to_string()),
            (t.destination_only, t_string!(i18n, complete_n_destination_only, n = t.destination_only).to_string()),
        ];
        parts.into_iter().filter(|(n, _)| *n > 0).map(|(_, s)| s).collect::<Vec<_>>().join(" · ")
    };
    let items = StoredValue::new(rows.items);
    let entity = StoredValue::new(entity);
    let shown = move || {
        items
            .with_value(|all| all.iter().filter(|i| choice.filter.get().shows(&i.verdict)).cloned().collect::<Vec<_>>())
    };
    view! {
        <h3 data-testid="complete-kind" data-kind=kind.list()>
            {move || kind_name(i18n, kind)}
            " "
            <span class="muted small" data-testid="complete-kind-counts">
                {counts}
            </span>
        </h3>
        {rows
            .error
            .map(|e| {
                view! {
                    <p class="notice notice-warn" data-testid="complete-unreadable">
                        {t_string!(i18n, complete_unreadable, error = error_text(&e)).to_string()}
                    </p>
                }
            })}
        <Show when=move || items.with_value(|i| !i.is_empty())>
            <table class="table stack">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, complete_col_item)}</th>
                        <th scope="col">{move || t_string!(i18n, complete_col_state)}</th>
                        <th scope="col">{move || t_string!(i18n, complete_col_action)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        shown()
                            .into_iter()
                            .map(|item| {
                                view! {
                                    <ItemRow run=run choice=choice entity=entity.get_value() item=item mark=mark />
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </Show>
    }
}

fn verdict_text(i18n: I18nContext<Locale>, item: &Item) -> String {
    let secrets = item.source.as_ref().map(|s| s.secrets.as_slice()).unwrap_or(&[]);
    match &item.verdict {
        Verdict::NeedsPerson => {
            let what: Vec<String> =
                secrets.iter().filter(|s| s.blocks_create()).map(|s| secret_name(i18n, s)).collect();
            t_string!(i18n, complete_needs, what = what.join(", ")).to_string()
        }
        Verdict::NeedsSchedule => t_string!(i18n, complete_v_needs_schedule).to_string(),
        Verdict::Missing => t_string!(i18n, complete_v_missing).to_string(),
        Verdict::Differs(attrs) => t_string!(i18n, complete_v_differs, attrs = attrs.join(", ")).to_string(),
        Verdict::Same => t_string!(i18n, complete_v_same).to_string(),
        Verdict::OnlyDestination => t_string!(i18n, complete_v_destination_only).to_string(),
    }
}

fn outcome_text(i18n: I18nContext<Locale>, r: &RowResult) -> String {
    match &r.outcome {
        Outcome::Created => t_string!(i18n, complete_o_created).to_string(),
        Outcome::Updated => t_string!(i18n, complete_o_updated).to_string(),
        Outcome::Exists => t_string!(i18n, complete_o_exists).to_string(),
        Outcome::Collision => t_string!(i18n, complete_o_collision).to_string(),
        Outcome::ScopeDropped => t_string!(i18n, complete_o_scope_dropped).to_string(),
        Outcome::Failed(m) => {
            let why = r.error.as_ref().map(error_text).unwrap_or_default();
            format!("{} {why} {m}", t_string!(i18n, complete_o_failed)).trim().to_string()
        }
    }
}

#[component]
fn ItemRow(run: Completion, choice: Choice, entity: Arc<Entity>, item: Item, mark: Memo<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let key = (entity.id, item.kind, item.identity().to_string());
    // Read again when a write of this entity ended, not on every batch of every entity.
    let result = {
        let key = key.clone();
        Memo::new(move |_| {
            mark.track();
            run.results.with_untracked(|r| r.get(key.0, key.1, &key.2).cloned())
        })
    };
    let verdict = verdict_text(i18n, &item);
    let differs = matches!(item.verdict, Verdict::Differs(_));
    let secrets: Vec<Secret> = match (&item.verdict, &item.source) {
        (Verdict::NeedsPerson | Verdict::Missing, Some(s)) => s.secrets.clone(),
        _ => Vec::new(),
    };
    let tick = {
        let key = key.clone();
        differs.then(|| {
            let k2 = key.clone();
            view! {
                <label class="field-check">
                    <input
                        type="checkbox"
                        data-testid="complete-overwrite"
                        prop:checked=move || choice.overwrite.with(|o| o.contains(&key))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let k = k2.clone();
                            choice
                                .overwrite
                                .update(|o| {
                                    if on {
                                        o.insert(k);
                                    } else {
                                        o.remove(&k);
                                    }
                                });
                        }
                    />
                    <span>{move || t_string!(i18n, complete_overwrite)}</span>
                </label>
            }
        })
    };
    let form = (!secrets.is_empty())
        .then(|| view! { <SecretForm run=run entity=entity.clone() item=item.clone() secrets=secrets /> });
    view! {
        <tr data-testid="complete-item" data-verdict=item.verdict.key() data-kind=item.kind.list()>
            <th scope="row" class="path-cell">
                {item.label().to_string()}
            </th>
            <td class="message" data-label=move || t_string!(i18n, complete_col_state).to_string()>
                <span class=if matches!(item.verdict, Verdict::Same) { "ok-text" } else { "" }>{verdict}</span>
            </td>
            <td class="message" data-label=move || t_string!(i18n, complete_col_action).to_string()>
                {tick}
                {form}
                {move || {
                    result
                        .get()
                        .map(|r| {
                            let class = if r.outcome.is_failure() { "warn-text" } else { "ok-text" };
                            view! {
                                <p class=class data-testid="complete-result" data-outcome=r.outcome.key() role="status">
                                    {outcome_text(i18n, &r)}
                                </p>
                            }
                        })
                }}
            </td>
        </tr>
    }
}

/// The fields for what GitLab never returns: typed, sent straight to the destination in one request, the
/// form emptied at once. Nothing is kept in a signal or in storage.
#[component]
fn SecretForm(run: Completion, entity: Arc<Entity>, item: Item, secrets: Vec<Secret>) -> impl IntoView {
    let i18n = use_i18n();
    // One field per secret, read and emptied on submit (no FormData: its glue would sit in the first load).
    let fields: Vec<(Secret, NodeRef<leptos::html::Input>)> =
        secrets.iter().map(|s| (s.clone(), NodeRef::new())).collect();
    let refs = StoredValue::new(fields.iter().map(|(s, r)| (s.clone(), *r)).collect::<Vec<_>>());
    let (entity, item) = (StoredValue::new(entity), StoredValue::new(item));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut entered = Entered::new();
        refs.with_value(|l| {
            for (s, r) in l {
                if let Some(input) = r.get_untracked() {
                    let v = input.value();
                    input.set_value("");
                    if !v.is_empty() {
                        entered.insert(s.clone(), v);
                    }
                }
            }
        });
        let pick = Pick::typed(entity.get_value(), item.get_value(), entered);
        let total = usize::from(pick.sendable());
        run.copy(std::iter::once(pick), total);
    };
    view! {
        <details data-testid="complete-secrets">
            <summary>{move || t_string!(i18n, complete_enter_secrets)}</summary>
            <form on:submit=submit autocomplete="off">
                {fields
                    .into_iter()
                    .map(|(s, r)| {
                        let required = s.blocks_create();
                        view! {
                            <label class="field">
                                <span>{secret_name(i18n, &s)}</span>
                                <input
                                    type="password"
                                    node_ref=r
                                    required=required
                                    autocomplete="new-password"
                                    data-testid="complete-secret-input"
                                />
                            </label>
                        }
                    })
                    .collect_view()}
                <p class="help">{move || t_string!(i18n, complete_secret_note)}</p>
                <button type="submit" class="button button-small" data-testid="complete-secret-send">
                    {move || t_string!(i18n, complete_secret_send)}
                </button>
            </form>
        </details>
    }
}
