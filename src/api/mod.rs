//! The typed GitLab API layer: models, one client, one error type. Knows nothing of the UI.

pub mod all_pages;
pub mod client;
pub mod error;
mod lenient;
pub mod models;
pub mod oauth;
pub mod pagination;

pub use all_pages::{fetch_all_pages, LoadProgress, MAX_IN_FLIGHT};
pub use client::{BrowseQuery, Client};
pub use error::ApiError;
pub use models::*;
pub use oauth::{OAuthApp, OAuthGrant, TokenSet};
pub use pagination::{ListQuery, Page, PageInfo, Sort};
