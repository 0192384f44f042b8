//! Where a submission through the start queue is, said the same way on the start form, the re-run page and the
//! campaign board: the wait (GitLab's after a 429, or the queue's), "Starting…", "Looking for…", or the failure.

use super::rate_wait::RateWait;
use crate::api::EntityType;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Where a submission is (`send_batch` moves it along; each page shows it with [`QueueStatus`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Checking,
    Waiting { seconds: i64, after_429: bool },
    Sending(EntityType),
    Reconciling,
    Failed(String),
}

impl Phase {
    /// Something is under way: a second click must not send again.
    pub fn busy(&self) -> bool {
        !matches!(self, Phase::Idle | Phase::Failed(_))
    }
}

/// The notice for `phase`. `say_sending`: whether "Starting…" is said here (the start form says it on its
/// button instead); `error_testid` names the failure's notice for tests.
#[component]
pub fn QueueStatus(
    phase: RwSignal<Phase>,
    skip_wait: RwSignal<bool>,
    #[prop(optional)] say_sending: bool,
    #[prop(optional)] error_testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match phase.get() {
        Phase::Waiting { seconds, after_429 } => {
            view! { <RateWait seconds=seconds after_429=after_429 skip_wait=skip_wait /> }.into_any()
        }
        Phase::Sending(_) | Phase::Checking if say_sending => {
            view! { <p class="notice notice-info">{move || t_string!(i18n, starting)}</p> }.into_any()
        }
        Phase::Reconciling => {
            view! { <p class="notice notice-info">{move || t_string!(i18n, reconciling)}</p> }.into_any()
        }
        Phase::Failed(m) => view! {
            <p class="notice notice-error" role="alert" data-testid=(!error_testid.is_empty()).then_some(error_testid)>
                {m}
            </p>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
