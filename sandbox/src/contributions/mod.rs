//! Contribution mapping after a migration: import source users, their placeholder users and the owner's
//! reassignment workflow (GitLab 17.x+), served over GraphQL as GitLab does.

pub mod http;
pub mod model;
pub mod mutations;
pub mod schema;
pub mod seed;
pub mod sheet;
pub mod upload;

pub use model::Contributions;
