//! A local GitLab stand-in: the destination instance (Bulk Imports API and its helpers) and a source
//! instance, both in memory, answering exactly as GitLab does, with a simulated migration engine.

// Handlers answer `Result<_, Response>` as axum intends; boxing every refusal would only add noise.
#![allow(clippy::result_large_err)]

mod api;
pub mod contributions;
mod control;
pub mod counts;
pub mod cutover;
mod destination;
pub mod engine;
pub mod entities;
pub mod faults;
pub mod form;
pub mod hostile;
mod listing;
pub mod oauth;
pub mod ordering;
pub mod pagination;
pub mod paths;
pub mod render;
pub mod repository;
pub mod routes;
pub mod seed;
pub mod settings;
pub mod source;
pub mod validation;
pub mod world;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

pub use faults::{FaultMode, Faults, SourceExportFault};
pub use world::World;

/// Shared by every handler of both instances.
pub struct Sandbox {
    world: Mutex<World>,
    clock: Mutex<Instant>,
    pub faults: Mutex<Faults>,
    /// The console's built `dist/`, served at `/` of the destination.
    pub dist: Option<PathBuf>,
}

pub type Shared = Arc<Sandbox>;

impl Sandbox {
    pub fn new(world: World, dist: Option<PathBuf>) -> Shared {
        Arc::new(Sandbox {
            world: Mutex::new(world),
            clock: Mutex::new(Instant::now()),
            faults: Mutex::new(Faults::default()),
            dist,
        })
    }

    /// The world with its simulated clock brought up to date (real time × speed since the last look).
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut world = self.world.lock().unwrap_or_else(|p| p.into_inner());
        let mut last = self.clock.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = last.elapsed();
        *last = Instant::now();
        let ms = (elapsed.as_secs_f64() * 1000.0 * world.settings.speed) as i64;
        if ms > 0 {
            engine::advance(&mut world, ms);
        }
        world
    }
}
