//! Plan a campaign (`/campaign`, #18): an inventory of many groups and projects from the source (sizes, counts,
//! flags), an estimate whose assumptions the user sees and edits, waves under a target (groups kept whole)
//! with per-wave and total estimates, the plan as CSV and JSON, and a board that starts waves through the start
//! form's queue and follows them. The plan lives in browser storage (no token): a reload continues; once a GitLab project is chosen it lives in a file
//! there (#27, `home`) and browser storage keeps a copy.

mod board;
mod estimate;
mod home;
mod inventory;
mod sign_off;
mod waves;

use crate::api::Group;
use crate::data::campaign::{use_plan, Catalog};
use crate::data::lane::Lane;
use crate::data::plan_sync::PlanSync;
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::plan_io::Plan;
use crate::logic::campaign::waves::{split_units, units, Target, Wave};
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
    /// The target as typed: the waves follow it at once; the stored plan takes it when typing pauses (writing
    /// 2,000 items to browser storage at every keystroke cost more than a frame).
    pub target: RwSignal<Target>,
    /// The destination reads of the board (groups, the waves' entities, the re-fit) take turns in it, so the
    /// page has at most 6 requests in flight there.
    pub lane: StoredValue<Lane>,
    /// The plan in GitLab (#27): where it lives, what was last written, the state of the writes.
    pub sync: PlanSync,
    /// Destination groups where the user is Maintainer or more (the wave's destination, the plan's project).
    pub groups: RwSignal<Vec<Group>>,
}

impl CampaignState {
    pub fn update(self, f: impl FnOnce(&mut Plan)) {
        let _ = self.set_plan.try_update(f);
    }

    /// Like `update`, and when the page is already gone, on the plan in browser storage (an answer that
    /// records what GitLab did must not be lost).
    pub fn update_or_store(self, f: impl Fn(&mut Plan)) {
        if self.set_plan.try_update(&f).is_none() {
            crate::data::campaign::update_stored_plan(f);
        }
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let (plan, set_plan) = use_plan();
    let remaining = Memo::new(move |_| plan.with(Plan::remaining));
    let units = Memo::new(move |_| remaining.with(|items| units(items)));
    let assumptions = Memo::new(move |_| plan.with(|p| p.assumptions.clone()));
    let stored_target = Memo::new(move |_| plan.with(|p| p.target));
    let target = RwSignal::new(stored_target.get_untracked());
    // Another tab, an imported plan or the kind selector changed the stored target: follow it.
    Effect::new(move |_| {
        let t = stored_target.get();
        if target.get_untracked() != t {
            target.set(t);
        }
    });
    let waves = Memo::new(move |_| {
        let t = target.get();
        assumptions.with(|a| remaining.with(|items| units.with(|u| split_units(items, u, t, a))))
    });
    let lane = StoredValue::new(Lane::default());
    let state = CampaignState {
        plan,
        set_plan,
        catalog: RwSignal::new(None),
        remaining,
        waves,
        target,
        lane,
        sync: PlanSync::new(plan, set_plan, lane),
        groups: RwSignal::new(Vec::new()),
    };
    crate::components::page_title::use_page_title(Signal::derive(move || t_string!(i18n, campaign_title).to_string()));
    view! {
        <section class="start campaign">
            <h1 tabindex="-1">{move || t_string!(i18n, campaign_title)}</h1>
            <p class="muted" data-testid="campaign-intro">
                {move || t_string!(i18n, campaign_intro)}
                " "
                {move || match state.sync.home.get() {
                    Some(h) => {
                        let file = format!("{}/{}", h.project_path, h.file);
                        t_string!(i18n, campaign_intro_gitlab, file = file).to_string()
                    }
                    None => t_string!(i18n, campaign_intro_local).to_string(),
                }}
            </p>
            <home::PlanHomeCard state=state />
            <inventory::Inventory state=state />
            <estimate::Estimate state=state />
            <waves::Waves state=state />
            <board::Board state=state />
        </section>
    }
}
