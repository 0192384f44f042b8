//! Start a migration: connect to the source, pick groups and projects, check everything, send.
//!
//! The source token lives only in memory (in the source client); the rows are a draft in localStorage.

mod checks;
mod fields;
mod recent;
mod rows;
mod source;
pub(crate) mod submit;

use crate::api::{ApiError, Client, EntityType, Group, Version};
use crate::connection::use_connection;
pub use crate::data::start::CollisionState;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::DraftRow;
use crate::logic::recent_sources::RecentSources;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What survives a reload: never a token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub source_url: String,
    pub default_namespace: String,
    pub rows: Vec<DraftRow>,
    pub next_key: u64,
}

impl Draft {
    pub fn add(&mut self, kind: EntityType, source_full_path: &str) {
        let exists = self.rows.iter().any(|r| r.kind == kind && r.source_full_path == source_full_path);
        if !exists || source_full_path.is_empty() {
            self.next_key += 1;
            self.rows.push(DraftRow::new(self.next_key, kind, source_full_path, &self.default_namespace));
        }
    }
}

/// The connected source instance, in memory only.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSession {
    pub client: Client,
    pub version: Version,
    /// `None` before 15.5, where GitLab cannot tell.
    pub scopes: Option<Vec<String>>,
}

/// Shared by the parts of this page.
#[derive(Clone, Copy)]
pub struct StartState {
    pub draft: Signal<Draft>,
    set_draft: WriteSignal<Draft>,
    pub source: RwSignal<Option<SourceSession>>,
    /// Destination groups where the user may create subgroups and projects (Maintainer or more).
    pub destinations: RwSignal<Vec<Group>>,
    pub destinations_error: RwSignal<Option<ApiError>>,
    /// Lower-cased destination full path → whether the destination has it already.
    pub collisions: RwSignal<HashMap<String, CollisionState>>,
    /// Row key → GitLab's refusal, shown on the row.
    pub server_errors: RwSignal<HashMap<u64, String>>,
    /// The last pre-flight checklist.
    pub checks: RwSignal<Option<Vec<crate::logic::preflight::Check>>>,
    /// The source paths of the user's newest migrations: a row already among them says so.
    pub recent: RwSignal<RecentSources>,
}

impl StartState {
    pub fn update_draft(&self, f: impl FnOnce(&mut Draft)) {
        let mut d = self.draft.get_untracked();
        f(&mut d);
        self.set_draft.set(d);
    }
}

#[component]
pub fn NewMigrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let (draft, set_draft) = crate::browser::use_stored(
        "gmc-draft",
        |stored| stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
        |draft| serde_json::to_string(draft).unwrap_or_default(),
    );
    let state = StartState {
        draft,
        set_draft,
        source: RwSignal::new(None),
        destinations: RwSignal::new(Vec::new()),
        destinations_error: RwSignal::new(None),
        collisions: RwSignal::new(HashMap::new()),
        server_errors: RwSignal::new(HashMap::new()),
        checks: RwSignal::new(None),
        recent: RwSignal::new(RecentSources::default()),
    };
    provide_context(state);

    // The user's recent migrations, read when the page opens and again whenever the tab comes back into view
    // (another tab may have started one meanwhile). A failure leaves the last answer: the notices are advice.
    let hidden = crate::browser::use_page_hidden();
    Effect::new(move |_| {
        if hidden.get() {
            return;
        }
        let Some(client) = connection.client() else { return };
        leptos::task::spawn_local(async move {
            if let Ok(found) = crate::data::start::recent_sources(&client).await {
                let _ = state.recent.try_set(found);
            }
        });
    });

    // Destination groups for the picker: Maintainer or more can create subgroups and import projects.
    if let Some(client) = connection.client() {
        leptos::task::spawn_local(async move {
            match crate::data::start::destination_groups(&client).await {
                Ok(found) => {
                    let _ = state.destinations.try_set(found);
                }
                Err(e) => {
                    let _ = state.destinations_error.try_set(Some(e));
                }
            }
        });
    }

    // A read-only token is said at once, not after the user has filled in every row.
    let can_write = RwSignal::new(None::<bool>);
    if let Some(client) = connection.client() {
        leptos::task::spawn_local(async move {
            let _ = can_write.try_set(crate::data::start::destination_token_can_write(&client).await);
        });
    }

    view! {
        <section class="start">
            <h1>{move || t_string!(i18n, start_title)}</h1>
            <p class="muted">{move || t_string!(i18n, start_intro)}</p>
            <Show when=move || can_write.get() == Some(false)>
                <p class="notice notice-warn" role="alert" data-testid="read-only-token">
                    {move || t_string!(i18n, read_only_token)}
                </p>
            </Show>
            <submit::InterruptedSubmission />
            <source::SourcePanel />
            <rows::RowsPanel />
            <checks::ChecksPanel />
            <submit::SubmitPanel />
        </section>
    }
}

pub fn use_start_state() -> StartState {
    expect_context::<StartState>()
}
