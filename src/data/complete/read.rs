//! What the comparison reads: one job per list (entity, kind, instance), every page of it, each webhook on its
//! own, each pipeline schedule's details (its variables); and the comparison of one entity from what was read.

use super::KindRows;
use crate::api::settings::{owner_path, SETTINGS_PER_PAGE};
use crate::api::{ApiError, Client, Entity, EntityType};
use crate::data::verify::Side;
use crate::logic::complete::schedules::{compare_schedules, read_schedule};
use crate::logic::complete::{compare, Setting, SettingKind};
use std::collections::BTreeMap;

/// Pages of one list read at most (100 rows each): GitLab's limit is 8,000 variables per project.
const MAX_LIST_PAGES: u32 = 80;

pub(super) type ListKey = (u64, SettingKind, Side);
pub(super) type Lists = BTreeMap<ListKey, Result<Vec<Setting>, ApiError>>;

pub(super) struct ReadJob {
    pub key: ListKey,
    pub owner: String,
}

/// The entities whose settings are compared: finished, and on the destination.
pub fn finished(e: &Entity) -> bool {
    use crate::logic::display_status::DisplayStatus;
    e.destination_full_path.as_deref().is_some_and(|p| !p.is_empty())
        && matches!(DisplayStatus::of_entity(e), DisplayStatus::Complete | DisplayStatus::PartiallyCompleted)
}

/// Every item of one list, pages in order; each webhook then read on its own.
pub(super) async fn read_list(client: &Client, owner: &str, kind: SettingKind) -> Result<Vec<Setting>, ApiError> {
    let mut raw = Vec::new();
    for page in 1..=MAX_LIST_PAGES {
        let got = client.list_settings(owner, kind.list(), page).await?;
        let full = got.items.len() as u32 >= SETTINGS_PER_PAGE;
        raw.extend(got.items);
        if !(got.info.next_page.is_some() || (got.info.page.is_none() && full)) {
            break;
        }
    }
    let mut settings = Vec::with_capacity(raw.len());
    for item in raw {
        let item = match (kind, item.get("id").and_then(serde_json::Value::as_u64)) {
            (SettingKind::Hook | SettingKind::ScheduleVariable, Some(id)) => {
                client.get_setting(owner, kind.list(), id).await?
            }
            _ => item,
        };
        if kind != SettingKind::ScheduleVariable {
            settings.extend(Setting::read(kind, item));
            continue;
        }
        match read_schedule(&item) {
            Some(Ok(rows)) => settings.extend(rows),
            // GitLab leaves `variables` out for a caller who may not read them (Maintainer, or the owner).
            Some(Err(())) => return Err(ApiError::Forbidden(None)),
            None => {}
        }
    }
    Ok(settings)
}

/// The lists to read: each kind of each finished entity, on the destination and (when connected) the
/// source; only `only`'s (entity, kind) pairs on the destination when given.
pub(super) fn read_jobs(rows: &[Entity], with_source: bool, only: Option<&[(u64, SettingKind)]>) -> Vec<ReadJob> {
    let mut jobs = Vec::new();
    for e in rows.iter().filter(|e| finished(e)) {
        let group = e.kind() == EntityType::Group;
        for kind in SettingKind::ALL.into_iter().filter(|k| k.applies_to(group)) {
            if only.is_some_and(|o| !o.contains(&(e.id, kind))) {
                continue;
            }
            let destination = e.destination_full_path.as_deref().unwrap_or_default();
            let owner = owner_path(group, destination);
            jobs.push(ReadJob { key: (e.id, kind, Side::Destination), owner });
            if with_source && only.is_none() && !e.source_full_path.is_empty() {
                let owner = owner_path(group, &e.source_full_path);
                jobs.push(ReadJob { key: (e.id, kind, Side::Source), owner });
            }
        }
    }
    jobs
}

/// One entity's kinds compared, for those whose lists are in (both sides, or the destination alone when the
/// source is not read).
pub(super) fn compare_entity(lists: &Lists, e: &Entity, read_source: bool) -> Vec<KindRows> {
    let group = e.kind() == EntityType::Group;
    let none = Ok(Vec::new());
    SettingKind::ALL
        .into_iter()
        .filter(|k| k.applies_to(group))
        .filter_map(|kind| {
            let d = lists.get(&(e.id, kind, Side::Destination))?;
            let s = if read_source { lists.get(&(e.id, kind, Side::Source))? } else { &none };
            Some(match (s, d) {
                (Ok(s), Ok(d)) if kind == SettingKind::ScheduleVariable => {
                    KindRows { kind, items: compare_schedules(s, d), error: None }
                }
                (Ok(s), Ok(d)) => KindRows { kind, items: compare(kind, s, d), error: None },
                (Err(e), _) | (_, Err(e)) => KindRows { kind, items: Vec::new(), error: Some(e.clone()) },
            })
        })
        .collect()
}
