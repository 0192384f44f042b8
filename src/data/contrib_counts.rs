//! The Contributions counts without GitLab's `count` (its `ImportSourceUserConnection` has none): one cursor
//! chain per status group (`logic::placeholders::GROUPS`) pages `nodes { id status }` 100 at a time, the
//! three side by side (at most 3 requests in flight: with the table's one and the sheet's 2 the page stays
//! within 6). They start once the table's first page has painted, are kept while the page lives, and are
//! read again only when the page says something changed (`recount`): never for a filter, a sort or a search.

use super::lane::Lane;
use super::scope::PageScope;
use crate::api::Client;
use crate::logic::placeholders::{ChainState, Count, Group, Tally, GROUPS};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::time::Duration;

/// Pages of 100 one chain reads at most (100,000 source users); beyond, the count says it is unknown.
pub const MAX_PAGES: usize = 1_000;
/// Changes reported within this long are counted once (an action and the refresh that shows it).
const SETTLE_MS: u64 = 150;

/// Pages `statuses` of `group` from the start; `on_page(statuses of its nodes)` after each page, which
/// answers whether to go on (false: the count was restarted or the page left). `lane`: each request holds
/// the page's lane. The chain's end: done, or failed (an error, or more than `MAX_PAGES`).
pub async fn count_chain(
    client: &Client,
    group: &str,
    statuses: &[&str],
    lane: Option<&Lane>,
    mut on_page: impl FnMut(Vec<String>) -> bool,
) -> Option<ChainState> {
    let mut after: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let request = client.source_user_count_page(group, statuses, after.as_deref());
        let page = match lane {
            Some(lane) => lane.hold(request).await,
            None => request.await,
        };
        let page = match page {
            Ok(page) => page,
            Err(_) => return Some(ChainState::Failed),
        };
        let next = page.end_cursor.clone().filter(|_| page.has_next_page);
        if !on_page(page.nodes.into_iter().map(|n| n.status).collect()) {
            return None;
        }
        match next {
            Some(cursor) => after = Some(cursor),
            None => return Some(ChainState::Done),
        }
    }
    Some(ChainState::Failed)
}

/// The page's counts: a tally that grows page by page, for one top-level group.
#[derive(Clone, Copy)]
pub struct CountChains {
    pub tally: RwSignal<Tally>,
    group: StoredValue<Option<String>>,
    generation: StoredValue<u64>,
    settle: StoredValue<Option<TimeoutHandle>>,
    scope: PageScope,
}

impl CountChains {
    pub fn new() -> CountChains {
        CountChains {
            tally: RwSignal::new(Tally::default()),
            group: StoredValue::new(None),
            generation: StoredValue::new(0),
            settle: StoredValue::new(None),
            scope: PageScope::new(),
        }
    }

    /// Counts `group` unless it is the group counted already (then nothing: the counts are kept).
    pub fn ensure(&self, group: &str) {
        if self.group.with_value(|g| g.as_deref() == Some(group)) {
            return;
        }
        let _ = self.group.try_set_value(Some(group.to_string()));
        self.start();
    }

    /// Something changed (an action of this console, or a refresh that saw a change): count again, once
    /// for changes reported together.
    pub fn recount(&self) {
        if let Some(handle) = self.settle.try_get_value().flatten() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.start(), Duration::from_millis(SETTLE_MS)).ok();
        let _ = self.settle.try_set_value(handle);
    }

    pub fn group_count(&self, g: Group) -> Count {
        self.tally.with(|t| t.group(g))
    }

    fn is_current(&self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    fn start(&self) {
        let Some(group) = self.group.try_get_value().flatten() else { return };
        let Some(generation) = self.generation.try_get_value().map(|g| g + 1) else { return };
        if self.generation.try_set_value(generation).is_some() || self.tally.try_set(Tally::default()).is_some() {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            // Work the first paint does not need waits for it.
            crate::browser::after_next_paint().await;
            if !this.is_current(generation) {
                return;
            }
            let client = match this.scope.client() {
                Ok(c) => c,
                Err(_) => return,
            };
            let chain = |g: Group| {
                let (client, group) = (client.clone(), group.clone());
                async move {
                    let statuses: Vec<&str> = g.statuses().iter().map(|s| s.as_api()).collect();
                    let on_page = |page: Vec<String>| {
                        this.is_current(generation)
                            && this.tally.try_update(|t| t.add_page(g, page.iter().map(String::as_str))).is_some()
                    };
                    let end = count_chain(&client, &group, &statuses, None, on_page).await;
                    if let Some(end) = end.filter(|_| this.is_current(generation)) {
                        let _ = this.tally.try_update(|t| t.end_chain(g, end));
                    }
                }
            };
            futures::join!(chain(GROUPS[0]), chain(GROUPS[1]), chain(GROUPS[2]));
        });
    }
}

impl Default for CountChains {
    fn default() -> Self {
        CountChains::new()
    }
}

/// The "N contributions await reassignment" link's number: the needs-a-decision chain of `group`, each
/// request inside the page's `lane` (the migration page's loader keeps its own 6). Counted once per group.
pub fn use_awaiting_count(group: Signal<Option<String>>, lane: Option<Lane>) -> RwSignal<Count> {
    let count = RwSignal::new(Count::Counting(0));
    let scope = PageScope::new();
    let generation = StoredValue::new(0_u64);
    let lane = StoredValue::new(lane);
    Effect::new(move |previous: Option<Option<String>>| {
        let group = group.get();
        if previous.as_ref() == Some(&group) {
            return group;
        }
        let current = generation.get_value() + 1;
        generation.set_value(current);
        count.set(Count::Counting(0));
        let (Some(path), Ok(client)) = (group.clone(), scope.client()) else { return group };
        let lane = lane.get_value();
        leptos::task::spawn_local(async move {
            crate::browser::after_next_paint().await;
            let statuses: Vec<&str> = GROUPS[0].statuses().iter().map(|s| s.as_api()).collect();
            let mut n = 0_u64;
            let on_page = |page: Vec<String>| {
                n += page.len() as u64;
                generation.try_get_value() == Some(current) && count.try_set(Count::Counting(n)).is_none()
            };
            let end = count_chain(&client, &path, &statuses, lane.as_ref(), on_page).await;
            if generation.try_get_value() == Some(current) {
                let _ = count.try_set(match end {
                    Some(ChainState::Done) => Count::Known(n),
                    _ => Count::Unknown,
                });
            }
        });
        group
    });
    count
}
