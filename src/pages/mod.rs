//! One module per route. Pages read what `data` loads and arrange components; no HTTP, paging or retry here.

pub mod entities;
pub mod entity;
pub mod migration;
pub mod migrations;
pub mod new_migration;
pub mod not_found;
pub mod sign_in;
