//! The source's relation exports, as `GET /{groups|projects}/:id/export_relations/status` reports them
//! (`API::Entities::BulkImports::ExportStatus`), following the simulated migration of that group or
//! project, and the faults of the source's exports (`SourceExportFault`) as the destination feels them.

use crate::render::timestamp;
use crate::world::faults::SourceExportFault;
use crate::world::*;
use serde_json::{json, Value};

/// GitLab's `BulkImports::Export` statuses.
const PENDING: i64 = -2;
const STARTED: i64 = 0;
const FINISHED: i64 = 1;
const FAILED: i64 = -1;
/// Objects per batch of a batched relation export (`BulkImports::BatchedRelationExportService`).
const BATCH_SIZE: u64 = 1000;
/// The destination gives up on an empty export status after 5 minutes.
const EMPTY_STATUS_MS: i64 = 5 * 60_000;
pub const EMPTY_STATUS: &str = "Empty export status on source instance";
pub const EXPORT_FAILED: &str = "Export from source instance failed: ";
const FAILED_ERROR_CLASS: &str = "BulkImports::Pipeline::FailedError";

/// The relation whose export fails under `FailsOne`: merge requests where there are some, else the last.
fn failing_relation(item: &SourceItem) -> Option<&'static str> {
    let with_items = || item.relations.iter().filter(|(_, n)| *n > 0);
    with_items().find(|(r, _)| *r == "merge_requests").or_else(|| with_items().next_back()).map(|(r, _)| *r)
}

fn export_failure(relation: &str, message: String, now: i64) -> Failure {
    Failure {
        relation: relation.to_string(),
        exception_class: FAILED_ERROR_CLASS.into(),
        exception_message: message,
        correlation_id_value: format!("{:032x}", now),
        source_url: None,
        source_title: None,
        created_ms: now,
        pipeline_class: "BulkImports::PipelineWorker".into(),
    }
}

/// Called by the engine for each active entity before it moves: true when the source's exports hold it
/// back this step (it then neither progresses nor changes, and fails or times out as GitLab's would).
pub fn hold(e: &mut Entity, item: &SourceItem, fault: Option<SourceExportFault>, now: i64, stale_ms: i64) -> bool {
    if e.status != Status::Started || item.behaviour == Behaviour::Stalls {
        return false;
    }
    let duration = item.duration_s.max(1) as f64 * 1000.0;
    let started = e.started_ms.unwrap_or(now);
    let progress = ((now - started) as f64 / duration).clamp(0.0, 1.0);
    match fault {
        Some(f @ (SourceExportFault::Stuck | SourceExportFault::NeverStarts)) => {
            let frozen = *e.stalled_at.get_or_insert(progress);
            e.started_ms = Some(now - (frozen * duration) as i64);
            let limit = if f == SourceExportFault::Stuck { stale_ms } else { EMPTY_STATUS_MS };
            if now - e.updated_ms >= limit {
                if f == SourceExportFault::NeverStarts {
                    let relation = item.relations.first().map(|(r, _)| *r).unwrap_or(e.kind.as_str());
                    e.failures.push(export_failure(relation, EMPTY_STATUS.into(), now));
                    e.status = Status::Failed;
                } else {
                    e.status = Status::Timeout;
                }
                e.updated_ms = now;
                e.has_failures = !e.failures.is_empty();
            }
            true
        }
        other => {
            e.stalled_at = None;
            if other == Some(SourceExportFault::FailsOne) && progress >= 0.2 {
                if let Some(relation) = failing_relation(item) {
                    let known = e.failures.iter().any(|f| f.exception_message.starts_with(EXPORT_FAILED));
                    if !known {
                        let error = format!("{EXPORT_FAILED}{}", source_error(relation));
                        e.failures.push(export_failure(relation, error, now));
                    }
                }
            }
            false
        }
    }
}

/// The error the source records for a failed export.
fn source_error(relation: &str) -> String {
    format!("Failed to export {relation}: PG::QueryCanceled: ERROR: canceling statement due to statement timeout")
}

/// After each step: a relation whose export failed was never fetched nor imported.
pub fn after_tick(world: &mut World) {
    for e in world.entities.iter_mut() {
        let failed: Vec<String> = e
            .failures
            .iter()
            .filter(|f| f.exception_message.starts_with(EXPORT_FAILED))
            .map(|f| f.relation.clone())
            .collect();
        for relation in failed {
            if let Some(c) = e.stats.get_mut(&relation) {
                c.fetched = 0;
                c.imported = 0;
            }
        }
    }
}

/// The export status list of one source group or project, for the latest migration of it.
pub fn relations(world: &World, item: &SourceItem) -> Vec<Value> {
    let entity = world
        .entities
        .iter()
        .filter(|e| e.kind == item.kind && e.source_full_path.eq_ignore_ascii_case(&item.full_path))
        .max_by_key(|e| (e.created_ms, e.id));
    let Some(e) = entity else { return Vec::new() };
    let fault = world.settings.source_export_fault;
    let never_started = e.failures.iter().any(|f| f.exception_message == EMPTY_STATUS);
    if e.status == Status::Created
        || never_started
        || (e.status.is_active() && fault == Some(SourceExportFault::NeverStarts))
    {
        return Vec::new();
    }
    let duration = item.duration_s.max(1) as f64 * 1000.0;
    let started = e.started_ms.unwrap_or(e.created_ms);
    let at = if e.status.is_active() { world.now_ms } else { e.updated_ms };
    let progress = match e.status {
        Status::Finished => 1.0,
        _ => e.stalled_at.unwrap_or(((at - started) as f64 / duration).clamp(0.0, 1.0)),
    };
    let stuck = e.status.is_active() && (e.stalled_at.is_some() || fault == Some(SourceExportFault::Stuck));
    let updated = timestamp(e.updated_ms);
    item.relations
        .iter()
        .map(|(relation, source)| {
            let error = e
                .failures
                .iter()
                .find(|f| f.relation == *relation && f.exception_message.starts_with(EXPORT_FAILED))
                .map(|f| f.exception_message[EXPORT_FAILED.len()..].to_string());
            let batched = *source > BATCH_SIZE;
            let batches_count = if batched { source.div_ceil(BATCH_SIZE) } else { 0 };
            let mut fraction = if batched {
                (progress * 2.0).min(1.0)
            } else if progress > 0.0 {
                1.0
            } else {
                0.0
            };
            let imported_all = e.stats.get(*relation).is_some_and(|c| c.imported >= c.source);
            if stuck && !imported_all {
                fraction = fraction.min(0.99);
            }
            let status = if error.is_some() {
                FAILED
            } else if progress <= 0.0 {
                PENDING
            } else if fraction >= 1.0 {
                FINISHED
            } else {
                STARTED
            };
            let done = (fraction * batches_count as f64).floor() as u64;
            let mut value = json!({
                "relation": relation,
                "status": status,
                "error": error,
                "updated_at": updated,
                "batched": batched,
                "batches_count": batches_count,
                "total_objects_count": if status == FINISHED || batched { *source } else { 0 },
            });
            if batched {
                let batches: Vec<Value> = (1..=batches_count)
                    .map(|n| {
                        let objects = BATCH_SIZE.min(source - (n - 1) * BATCH_SIZE);
                        let batch_status = if n <= done {
                            FINISHED
                        } else if status == FAILED && n == done + 1 {
                            FAILED
                        } else {
                            STARTED
                        };
                        json!({"status": batch_status, "batch_number": n, "objects_count": objects,
                            "error": if batch_status == FAILED { value["error"].clone() } else { Value::Null },
                            "updated_at": updated})
                    })
                    .collect();
                value["batches"] = Value::Array(batches);
            }
            value
        })
        .collect()
}
