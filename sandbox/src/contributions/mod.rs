//! Contribution mapping after a migration: import source users, their placeholder users and the owner's
//! reassignment workflow (GitLab 17.x+), served over GraphQL as GitLab does.

pub mod connection;
pub mod http;
pub mod model;
pub mod mutations;
pub mod scalars;
pub mod schema;
pub mod search;
pub mod seed;
pub mod sheet;
pub mod upload;
pub mod users;

pub use model::Contributions;

use async_graphql::{EmptySubscription, Schema};
use std::sync::OnceLock;

/// Queries and mutations together, here above both (the mutations build on the queries' types).
pub type GitlabSchema = Schema<schema::Query, mutations::Mutation, EmptySubscription>;

/// Built once: the schema holds no state (the world comes with each request).
pub fn schema() -> &'static GitlabSchema {
    static SCHEMA: OnceLock<GitlabSchema> = OnceLock::new();
    // `User` is no field's type: registered by hand, as GitLab's schema has it.
    SCHEMA.get_or_init(|| {
        Schema::build(schema::Query, mutations::Mutation, EmptySubscription)
            .register_output_type::<users::User>()
            .finish()
    })
}

/// The schema as SDL (for checking the console's documents).
pub fn sdl() -> String {
    schema().sdl()
}
