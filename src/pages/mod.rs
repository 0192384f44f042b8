//! One module per route. Pages get data through the connection's client and know no HTTP details.

pub mod entities;
pub mod entity;
pub mod entity_loader;
pub mod migration;
pub mod migrations;
pub mod new_migration;
pub mod not_found;
pub mod sign_in;
