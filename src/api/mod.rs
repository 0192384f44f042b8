//! The typed GitLab API layer: models, one client, one error type. Knows nothing of the UI.

pub mod all_pages;
mod bulk_imports;
pub mod campaign;
pub mod client;
mod counts;
mod cutover;
mod decode;
mod entity_route;
pub mod error;
pub mod export_status;
pub mod graphql;
pub mod graphql_documents;
mod lenient;
pub mod models;
pub mod oauth;
pub mod pagination;
mod reassignment;
pub mod repository;
pub mod settings;
pub mod users;

pub use all_pages::{fetch_all_pages, LoadProgress, MAX_IN_FLIGHT};
pub use client::{requests_in_flight, Client};
pub use entity_route::EntityRoute;
pub use error::ApiError;
pub use export_status::{ExportBatch, ExportRelation, ExportState};
pub use models::*;
pub use oauth::{OAuthApp, OAuthGrant, TokenSet};
pub use pagination::{BrowseQuery, ListQuery, Page, PageInfo, Sort};
