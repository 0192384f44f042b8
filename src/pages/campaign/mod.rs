//! Plan a campaign (`/campaign`, #18): an inventory of many groups and projects from the source (sizes, counts,
//! flags), an estimate whose assumptions the user sees and edits, waves under a target (groups kept whole)
//! with per-wave and total estimates, the plan as CSV and JSON, and a board that starts waves through the start
//! form's queue and follows them. The plan lives in browser storage (no token): a reload continues.

mod board;
mod estimate;
mod inventory;
mod waves;

use crate::data::campaign::{use_plan, Catalog};
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::plan_io::Plan;
use crate::logic::campaign::waves::{split, Wave};
use crate::logic::campaign::PlanItem;
use leptos::prelude::*;

/// Shared by the parts of this page.
#[derive(Clone, Copy)]
pub struct CampaignState {
    pub plan: Signal<Plan>,
    set_plan: WriteSignal<Plan>,
    pub catalog: RwSignal<Option<Catalog>>,
    /// The items not in a started wave, and their waves under the target (re-planned on every change).
    pub remaining: Memo<Vec<PlanItem>>,
    pub waves: Memo<Vec<Wave>>,
}

impl CampaignState {
    pub fn update(self, f: impl FnOnce(&mut Plan)) {
        let _ = self.set_plan.try_update(f);
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let (plan, set_plan) = use_plan();
    let remaining = Memo::new(move |_| plan.with(Plan::remaining));
    let waves = Memo::new(move |_| {
        let (target, a) = plan.with(|p| (p.target, p.assumptions.clone()));
        remaining.with(|items| split(items, target, &a))
    });
    let state = CampaignState { plan, set_plan, catalog: RwSignal::new(None), remaining, waves };
    crate::components::page_title::use_page_title(Signal::derive(move || t_string!(i18n, campaign_title).to_string()));
    view! {
        <section class="start campaign">
            <h1 tabindex="-1">{move || t_string!(i18n, campaign_title)}</h1>
            <p class="muted">{move || t_string!(i18n, campaign_intro)}</p>
            <inventory::Inventory state=state />
            <estimate::Estimate state=state />
            <waves::Waves state=state />
            <board::Board state=state />
        </section>
    }
}
