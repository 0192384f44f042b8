//! The sandbox's own control routes under `/-/sandbox/` (tests and demos): the clock, faults, settings,
//! state, the hostile corpus, and the static table that is the benchmark's floor.

use crate::world::*;
use crate::{engine, render, Faults, Shared};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(crate) struct AdvanceQuery {
    seconds: f64,
}

/// Moves simulated time forward: how tests get deterministic progress.
pub(crate) async fn control_advance(State(s): State<Shared>, Query(q): Query<AdvanceQuery>) -> Response {
    let mut world = s.world();
    engine::advance(&mut world, (q.seconds.max(0.0) * 1000.0) as i64);
    Json(json!({"now": render::timestamp(world.now_ms)})).into_response()
}

pub(crate) async fn control_faults(State(s): State<Shared>, Json(f): Json<Faults>) -> Response {
    s.world().settings.source_export_fault = f.source_export;
    *s.faults.lock().unwrap_or_else(|p| p.into_inner()) = f;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
pub(crate) struct SettingsPatch {
    bulk_import_enabled: Option<bool>,
    speed: Option<f64>,
    source_version: Option<String>,
    /// GitLab's is 6; 0 refuses every creation with 429 (to test the console's handling).
    rate_limit_per_minute: Option<usize>,
    /// Forget the creations counted so far.
    #[serde(default)]
    reset_rate_limits: bool,
    /// `GET /bulk_imports/entities` answers 500 (GitLab #591217).
    all_entities_broken: Option<bool>,
    /// The signed-in owner's display name (the hostile-content suite puts every corpus string there).
    owner_name: Option<String>,
    /// Seconds without change after which an entity times out (GitLab: 24 hours; 8 on older releases).
    stale_after_s: Option<u64>,
    /// Webhook URLs on the local network are accepted (GitLab's "Allow requests to the local network").
    allow_local_hooks: Option<bool>,
}

pub(crate) async fn control_settings(State(s): State<Shared>, Json(p): Json<SettingsPatch>) -> Response {
    let mut world = s.world();
    if let Some(v) = p.bulk_import_enabled {
        world.settings.bulk_import_enabled = v;
    }
    if let Some(v) = p.speed {
        world.settings.speed = v.max(0.0);
    }
    if let Some(v) = p.source_version {
        world.settings.source_version = v;
    }
    if let Some(v) = p.rate_limit_per_minute {
        world.settings.rate_limit_per_minute = v;
    }
    if p.reset_rate_limits {
        world.rate_windows.clear();
    }
    if let Some(v) = p.all_entities_broken {
        world.settings.all_entities_broken = v;
    }
    if let Some(v) = p.stale_after_s {
        world.settings.stale_after_s = v;
    }
    if let Some(v) = p.allow_local_hooks {
        world.move_settings.allow_local_hooks = v;
    }
    if let Some(name) = p.owner_name {
        if let Some(owner) = world.users.iter_mut().find(|u| u.id == OWNER_ID) {
            owner.name = name;
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Seeds the hostile corpus (see `hostile.rs`), and a finished migration whose settings carry it
/// (`settings/hostile.rs`), and says what it created.
pub(crate) async fn control_hostile(State(s): State<Shared>) -> Response {
    let mut world = s.world();
    let (imports, entities) = crate::hostile::seed(&mut world);
    let complete = crate::settings::hostile::seed(&mut world).json();
    Json(json!({"strings": crate::hostile::corpus(), "imports": imports, "entities": entities, "complete": complete}))
        .into_response()
}

pub(crate) async fn control_state(State(s): State<Shared>) -> Response {
    let world = s.world();
    Json(json!({
        "now": render::timestamp(world.now_ms),
        "imports": world.imports.iter().map(render::import).collect::<Vec<_>>(),
        "entities": world.entities.len(),
    }))
    .into_response()
}

/// The practical floor for the benchmark: the owner's first page of migrations as a plain HTML table,
/// with the same columns as the console's list.
pub(crate) async fn control_static_table(State(s): State<Shared>) -> Response {
    let world = s.world();
    let mut imports: Vec<&Import> = world.imports.iter().filter(|i| i.user_id == OWNER_ID).collect();
    imports.sort_by_key(|i| std::cmp::Reverse(i.created_ms));
    let escape = |v: &str| v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let rows: String = imports
        .iter()
        .take(20)
        .map(|i| {
            let v = render::import(i);
            let field = |k: &str| escape(v.get(k).and_then(|x| x.as_str()).unwrap_or(""));
            format!(
                "<tr><td><a href=\"/migrations/{id}\">#{id}</a></td><td>{}</td><td>{}</td><td></td><td>{}</td><td>{}</td></tr>",
                field("source_url"),
                field("status"),
                field("created_at"),
                field("updated_at"),
                id = i.id
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migrations</title></head><body><h1>Migrations</h1>\
         <table data-testid=\"migrations-table\"><thead><tr><th>ID</th><th>Source instance</th><th>Status</th><th>Entities</th><th>Created</th><th>Last update</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    );
    axum::response::Html(html).into_response()
}
