//! The board's figures for a started wave: entities done, running, failed; elapsed against estimated; a finish
//! time recomputed from the throughput measured so far. And what a finished migration tells the estimate.

use super::estimate::{Assumptions, Finished};
use super::{Kind, PlanItem};
use crate::api::{Entity, EntityType, Status};
use crate::logic::time::parse_timestamp_ms;

/// Where one entity of a wave is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Pending,
    Running,
    Done,
    Failed,
}

pub fn state_of(status: &Status) -> State {
    match status {
        Status::Created => State::Pending,
        Status::Started | Status::Unknown(_) => State::Running,
        Status::Finished => State::Done,
        Status::Failed | Status::Timeout | Status::Canceled => State::Failed,
    }
}

/// One entity of a started wave's migrations, with GitLab's own times (the browser's clock may differ).
#[derive(Clone, Debug, PartialEq)]
pub struct WaveEntity {
    pub migration: u64,
    pub path: String,
    pub state: State,
    pub created_ms: Option<i64>,
    pub updated_ms: Option<i64>,
}

impl WaveEntity {
    pub fn of(migration: u64, e: &Entity) -> WaveEntity {
        WaveEntity {
            migration,
            path: e.source_full_path.clone(),
            state: state_of(&e.status),
            created_ms: e.created_at.as_deref().and_then(parse_timestamp_ms),
            updated_ms: e.updated_at.as_deref().and_then(parse_timestamp_ms),
        }
    }
}

/// How long these entities took by GitLab's clock: from the first created to the last update.
pub fn server_span_s<'a>(entities: impl IntoIterator<Item = &'a WaveEntity>) -> Option<f64> {
    let (mut first, mut last) = (None::<i64>, None::<i64>);
    for e in entities {
        first = match (first, e.created_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        last = last.max(e.updated_ms);
    }
    match (first, last) {
        (Some(a), Some(b)) if b >= a => Some((b - a) as f64 / 1000.0),
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WaveProgress {
    pub total: usize,
    pub done: usize,
    pub running: usize,
    pub failed: usize,
    pub pending: usize,
    pub elapsed_s: f64,
    /// When the wave should end, from the throughput so far (the estimate until something finished).
    pub finish_ms: i64,
    pub finished: bool,
}

/// `items`: the wave's paths with their modelled seconds; `entities`: source path and state of every entity
/// the wave's migrations report so far (a group's projects appear once the group has expanded). `span_s`: how
/// long it took by GitLab's clock ([`server_span_s`]): a finished wave's elapsed time, which must not grow
/// with the browser's clock after the end.
pub fn progress(
    items: &[(String, f64)],
    estimate_s: f64,
    entities: &[(String, State)],
    started_ms: i64,
    now_ms: i64,
    span_s: Option<f64>,
) -> WaveProgress {
    let count = |s: State| entities.iter().filter(|(_, e)| *e == s).count();
    let (done, running, failed, pending) =
        (count(State::Done), count(State::Running), count(State::Failed), count(State::Pending));
    let total = items.len().max(entities.len());
    let ended = done + failed;
    let finished = ended == total && total > 0;
    let browser_s = ((now_ms - started_ms).max(0) as f64) / 1000.0;
    let elapsed_s = if finished { span_s.unwrap_or(browser_s) } else { browser_s };
    let weight = |p: &str| items.iter().find(|(q, _)| q.eq_ignore_ascii_case(p)).map_or(0.0, |(_, s)| *s);
    let all: f64 = items.iter().map(|(_, s)| s).sum();
    let ended_w: f64 =
        entities.iter().filter(|(_, s)| matches!(s, State::Done | State::Failed)).map(|(p, _)| weight(p)).sum();
    let finish_ms = if finished {
        now_ms
    } else if ended_w > 0.0 && all > 0.0 && elapsed_s > 0.0 {
        let fraction = (ended_w / all).min(1.0);
        started_ms + (elapsed_s / fraction * 1000.0) as i64
    } else {
        started_ms + (estimate_s.max(0.0) * 1000.0) as i64
    };
    WaveProgress { total, done, running, failed, pending, elapsed_s, finish_ms, finished }
}

/// A finished project entity of this destination, as a sample for the re-fit: its counts from the entity's
/// stats (`source`), its duration from created to last update. `None` when it cannot tell.
pub fn finished_sample(entity: &Entity) -> Option<Finished> {
    if entity.status != Status::Finished || entity.entity_type != Some(EntityType::Project) {
        return None;
    }
    let start = parse_timestamp_ms(entity.created_at.as_deref()?)?;
    let end = parse_timestamp_ms(entity.updated_at.as_deref()?)?;
    let source = |r: &str| entity.stats.get(r).and_then(|s| s.source).unwrap_or(0);
    let mut item = PlanItem::new(Kind::Project, &entity.source_full_path);
    item.issues = source("issues");
    item.merge_requests = source("merge_requests");
    (end > start).then(|| Finished { item, seconds: (end - start) as f64 / 1000.0 })
}

/// The assumptions with the speed re-fitted from these finished entities, and how many were used.
pub fn refitted(entities: &[Entity], a: &Assumptions) -> Option<(Assumptions, usize)> {
    let samples: Vec<Finished> = entities.iter().filter_map(finished_sample).collect();
    let (factor, n) = super::estimate::refit(&samples, a)?;
    Some((Assumptions { speed_factor: (factor * 100.0).round() / 100.0, ..a.clone() }, n))
}
