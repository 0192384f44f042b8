//! The migration engine: entities move created → started → finished, failed or timeout over simulated
//! time, their stats grow, groups expand into their subgroups and projects, failures appear.
//! Everything depends only on the seed and the simulated clock, so the same seed gives the same run.

use crate::world::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Simulated seconds between an entity's creation and its start.
const START_DELAY_MS: i64 = 1_500;
/// GitLab's workers take this many entities of one migration at a time; the others wait as `created`.
pub const ENTITIES_AT_A_TIME: usize = 5;

pub struct NewEntitySpec {
    pub kind: Kind,
    pub source_full_path: String,
    pub destination_slug: String,
    pub destination_namespace: String,
    pub migrate_projects: bool,
    pub migrate_memberships: bool,
}

/// Creates a migration with its top-level entities, as CreateService does.
pub fn create_import(world: &mut World, user_id: u64, source_url: &str, specs: Vec<NewEntitySpec>) -> u64 {
    let now = world.now_ms;
    let id = world.imports.iter().map(|i| i.id).max().unwrap_or(0) + 1;
    world.imports.push(Import {
        id,
        user_id,
        status: Status::Created,
        source_url: source_url.to_string(),
        created_ms: now,
        updated_ms: now,
        has_failures: false,
    });
    for spec in specs {
        add_entity(world, id, None, spec);
    }
    id
}

fn add_entity(world: &mut World, import_id: u64, parent_id: Option<u64>, spec: NewEntitySpec) -> u64 {
    let id = world.fresh_id();
    let now = world.now_ms;
    world.entities.push(Entity {
        id,
        bulk_import_id: import_id,
        kind: spec.kind,
        source_full_path: spec.source_full_path,
        destination_slug: spec.destination_slug,
        destination_namespace: spec.destination_namespace,
        destination_full_path: None,
        parent_id,
        namespace_id: None,
        project_id: None,
        status: Status::Created,
        created_ms: now,
        updated_ms: now,
        started_ms: None,
        migrate_projects: spec.migrate_projects,
        migrate_memberships: spec.migrate_memberships,
        has_failures: false,
        stats: Default::default(),
        failures: Vec::new(),
        expanded: false,
        stalled_at: None,
    });
    id
}

/// Cancels a migration and, as GitLab's `propagate_cancel` does, every one of its entities, whatever
/// their state (GitLab's `cancel` is `transition any => :canceled`).
pub fn cancel_import(world: &mut World, id: u64) {
    let now = world.now_ms;
    if let Some(import) = world.imports.iter_mut().find(|i| i.id == id) {
        import.status = Status::Canceled;
        import.updated_ms = now;
    }
    for e in world.entities.iter_mut().filter(|e| e.bulk_import_id == id) {
        e.status = Status::Canceled;
        e.updated_ms = now;
    }
}

/// Moves the simulated clock forward in steps, so that long jumps stay faithful.
pub fn advance(world: &mut World, ms: i64) {
    let target = world.now_ms + ms.max(0);
    while world.now_ms < target {
        world.now_ms = (world.now_ms + 1_000).min(target);
        tick(world);
    }
}

/// One step of the simulation at `world.now_ms`.
pub fn tick(world: &mut World) {
    let now = world.now_ms;
    let stale_ms = world.settings.stale_after_s as i64 * 1000;
    let export_fault = world.settings.source_export_fault;
    let mut spawn: Vec<(u64, u64)> = Vec::new();
    // Entities already at work, per migration: a created one starts only while fewer than 5 are.
    let mut working: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for e in world.entities.iter().filter(|e| e.status == Status::Started) {
        *working.entry(e.bulk_import_id).or_default() += 1;
    }
    for idx in 0..world.entities.len() {
        let e = &world.entities[idx];
        if !e.status.is_active() {
            continue;
        }
        let Some(item) = world.source_item(e.kind, &e.source_full_path).cloned() else {
            // The source vanished: GitLab fails the entity.
            let e = &mut world.entities[idx];
            e.status = Status::Failed;
            e.updated_ms = now;
            e.has_failures = true;
            continue;
        };
        let seed = world.seed;
        // Failure links point at the instance this migration reads from, as GitLab's do.
        let source_base = world.imports.iter().find(|i| i.id == e.bulk_import_id).map(|i| i.source_url.clone());
        let e = &mut world.entities[idx];
        if e.status == Status::Created {
            let busy = working.entry(e.bulk_import_id).or_default();
            if now - e.created_ms >= START_DELAY_MS && *busy < ENTITIES_AT_A_TIME {
                *busy += 1;
                e.status = Status::Started;
                e.started_ms = Some(now);
                e.updated_ms = now;
            }
            continue;
        }
        if crate::source::export::hold(e, &item, export_fault, now, stale_ms) {
            continue;
        }
        let started = e.started_ms.unwrap_or(now);
        let progress = ((now - started) as f64 / (item.duration_s.max(1) as f64 * 1000.0)).min(1.0);

        match &item.behaviour {
            Behaviour::Stalls if progress >= 0.4 => {
                // The source stops answering: nothing changes, so updated_at goes stale.
                if e.stalled_at.is_none() {
                    e.stalled_at = Some(progress);
                    update_stats(e, &item, 0.4, seed);
                    e.updated_ms = now;
                }
                if now - e.updated_ms >= stale_ms {
                    e.status = Status::Timeout;
                    e.updated_ms = now;
                    e.has_failures = !e.failures.is_empty();
                }
                continue;
            }
            Behaviour::EntityFails if progress >= 0.15 => {
                let rng = &mut entity_rng(seed, e.id);
                e.failures.push(Failure {
                    relation: if e.kind == Kind::Group { "group".into() } else { "project".into() },
                    exception_class: "BulkImports::NetworkError".into(),
                    exception_message: format!(
                        "Unsuccessful response 500 from /api/v4/{}s/{}/export_relations/download Body: {{\"message\":\"500 Internal Server Error\"}}",
                        e.kind.as_str(),
                        percent_encode_path(&e.source_full_path)
                    ),
                    correlation_id_value: correlation_id(rng),
                    source_url: None,
                    source_title: None,
                    created_ms: now,
                    pipeline_class: if e.kind == Kind::Group {
                        "BulkImports::Groups::Pipelines::GroupPipeline".into()
                    } else {
                        "BulkImports::Projects::Pipelines::ProjectPipeline".into()
                    },
                });
                e.status = Status::Failed;
                e.updated_ms = now;
                e.has_failures = true;
                continue;
            }
            _ => {}
        }

        // The group or project exists once its first pipeline ran.
        if progress >= 0.1 && e.destination_full_path.is_none() && item.behaviour != Behaviour::EntityFails {
            let full = join_path(&e.destination_namespace, &e.destination_slug);
            world.dest_paths.insert(full.to_ascii_lowercase());
            let e = &mut world.entities[idx];
            e.destination_full_path = Some(full);
            world.next_dest_id += 1;
            match e.kind {
                Kind::Group => e.namespace_id = Some(world.next_dest_id),
                Kind::Project => e.project_id = Some(world.next_dest_id),
            }
        }
        let e = &mut world.entities[idx];
        update_stats(e, &item, progress, seed);
        e.updated_ms = now;
        if e.kind == Kind::Group && e.migrate_projects && !e.expanded && progress >= 0.3 {
            e.expanded = true;
            spawn.push((e.bulk_import_id, e.id));
        }
        if progress >= 1.0 {
            finish(e, &item, source_base.as_deref().unwrap_or_default(), now, seed);
        }
    }
    for (import_id, parent) in spawn {
        expand_children(world, import_id, parent);
    }
    crate::source::export::after_tick(world);
    roll_up(world);
}

/// Subgroups and projects of a group entity become its child entities.
fn expand_children(world: &mut World, import_id: u64, parent_id: u64) {
    let Some(parent) = world.entities.iter().find(|e| e.id == parent_id).cloned() else { return };
    let parent_dest = join_path(&parent.destination_namespace, &parent.destination_slug);
    let children: Vec<SourceItem> = world
        .source_items
        .iter()
        .filter(|s| s.parent_path().is_some_and(|p| p.eq_ignore_ascii_case(&parent.source_full_path)))
        .cloned()
        .collect();
    for child in children {
        add_entity(
            world,
            import_id,
            Some(parent_id),
            NewEntitySpec {
                kind: child.kind,
                source_full_path: child.full_path.clone(),
                destination_slug: child.last_segment().to_string(),
                destination_namespace: parent_dest.clone(),
                migrate_projects: parent.migrate_projects,
                migrate_memberships: parent.migrate_memberships,
            },
        );
    }
}

fn update_stats(e: &mut Entity, item: &SourceItem, progress: f64, seed: u64) {
    let _ = seed;
    for (relation, source) in &item.relations {
        if *source == 0 || progress <= 0.0 {
            continue;
        }
        let fetched = ((*source as f64) * (progress * 1.25).min(1.0)).ceil() as u64;
        let imported = (((*source as f64) * progress).floor() as u64).min(fetched);
        e.stats.insert(relation.to_string(), Counters { source: *source, fetched: fetched.min(*source), imported });
    }
}

fn finish(e: &mut Entity, item: &SourceItem, source_base: &str, now: i64, seed: u64) {
    for (relation, source) in &item.relations {
        if *source > 0 {
            e.stats.insert(relation.to_string(), Counters { source: *source, fetched: *source, imported: *source });
        }
    }
    if let Behaviour::ItemFailures { relation, count } = &item.behaviour {
        let rng = &mut entity_rng(seed, e.id);
        let count = *count;
        if let Some(c) = e.stats.get_mut(*relation) {
            c.imported = c.source.saturating_sub(count);
        }
        for n in 0..count {
            e.failures.push(item_failure(relation, source_base, &e.source_full_path, n + 1, now, rng));
        }
    }
    e.status = Status::Finished;
    e.updated_ms = now;
    // GitLab sets has_failures only when the entity ends (update_has_failures).
    e.has_failures = !e.failures.is_empty();
}

/// A failed item, worded like GitLab's own: exception classes and messages seen in real migrations, the
/// validation message one this relation can have, the link on `source_base` (the migration's source instance).
pub fn item_failure(
    relation: &str,
    source_base: &str,
    source_path: &str,
    n: u64,
    now: i64,
    rng: &mut SmallRng,
) -> Failure {
    let invalid = match relation {
        "merge_requests" => "Validation failed: Source branch is invalid",
        "milestones" => "Validation failed: Title has already been taken",
        _ => "Validation failed: Title can't be blank",
    };
    let kinds: [(&str, &str); 3] = [
        ("ActiveRecord::RecordInvalid", invalid),
        ("NoMethodError", "undefined method `id' for nil:NilClass"),
        ("BulkImports::RetryPipelineError", "Export file not found. Retrying in 30 seconds"),
    ];
    let (class, message) = kinds[rng.random_range(0..kinds.len())];
    let (segment, title) = match relation {
        "merge_requests" => ("merge_requests", format!("Merge request !{n}: update dependencies")),
        "issues" => ("issues", format!("Issue #{n}: login fails on Safari")),
        "epics" => ("epics", format!("Epic &{n}: Q{} roadmap", n % 4 + 1)),
        "milestones" => ("milestones", format!("Milestone {n}")),
        other => (other, format!("{other} {n}")),
    };
    Failure {
        relation: relation.to_string(),
        exception_class: class.into(),
        exception_message: message.into(),
        correlation_id_value: correlation_id(rng),
        source_url: Some(format!("{}/{source_path}/-/{segment}/{n}", source_base.trim_end_matches('/'))),
        source_title: Some(title),
        created_ms: now,
        pipeline_class: format!("BulkImports::Common::Pipelines::{}Pipeline", camel(relation)),
    }
}

fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The migration's status follows its entities, and its `has_failures` is set once it ends.
fn roll_up(world: &mut World) {
    let now = world.now_ms;
    for import in world.imports.iter_mut() {
        if import.status == Status::Canceled || !import.status.is_active() {
            continue;
        }
        let entities: Vec<&Entity> = world.entities.iter().filter(|e| e.bulk_import_id == import.id).collect();
        if entities.is_empty() {
            continue;
        }
        let any_active = entities.iter().any(|e| e.status.is_active());
        let any_started = entities.iter().any(|e| e.status != Status::Created);
        let next = if any_active {
            if any_started {
                Status::Started
            } else {
                Status::Created
            }
        } else if entities.iter().all(|e| e.status == Status::Failed) {
            Status::Failed
        } else if entities.iter().all(|e| matches!(e.status, Status::Timeout | Status::Failed)) {
            Status::Timeout
        } else {
            Status::Finished
        };
        if next != import.status {
            import.status = next;
            import.updated_ms = now;
            if !next.is_active() {
                import.has_failures = entities.iter().any(|e| e.has_failures || e.status != Status::Finished);
            }
        }
    }
}

pub fn entity_rng(seed: u64, entity_id: u64) -> SmallRng {
    SmallRng::seed_from_u64(seed ^ entity_id.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

pub fn correlation_id(rng: &mut SmallRng) -> String {
    format!("{:016x}{:016x}", rng.random::<u64>(), rng.random::<u64>())
}

pub fn join_path(namespace: &str, slug: &str) -> String {
    if namespace.is_empty() {
        slug.to_string()
    } else {
        format!("{namespace}/{slug}")
    }
}

fn percent_encode_path(p: &str) -> String {
    p.replace('/', "%2F")
}
