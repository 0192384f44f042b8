//! The router assembly: which path goes to which handler, on the destination instance (its API, the
//! sandbox's control routes under `/-/sandbox/`, the console's files) and on the source instance.

use crate::contributions::http as contributions;
use crate::destination::{bulk_imports, create, groups, helpers};
use crate::world::settings::Instance;
use crate::{control, faults, oauth, render, source, Shared};
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, StatusCode};
use axum::response::Html;
use axum::routing::{get, post};
use axum::{middleware, Router};
use std::time::Duration;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

/// GitLab's `Rack::Cors` for `/api/*`: any origin, no credentials, these headers exposed.
fn cors() -> CorsLayer {
    let exposed = [
        "link",
        "x-total",
        "x-total-pages",
        "x-per-page",
        "x-page",
        "x-next-page",
        "x-prev-page",
        "x-request-id",
        "etag",
        "x-gitlab-meta",
    ];
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods(AllowMethods::any())
        .allow_headers(AllowHeaders::any())
        .expose_headers(exposed.map(HeaderName::from_static))
        .max_age(Duration::from_secs(7200))
}

/// The destination instance: the one the console signs in to.
pub fn destination(state: Shared) -> Router {
    let api = Router::new()
        .route("/version", get(helpers::dest_version))
        .route("/user", get(helpers::current_user))
        .route("/groups", get(groups::list))
        .route("/groups/{id}", get(groups::get))
        .route("/groups/{id}/projects", get(groups::projects))
        .route("/groups/{id}/subgroups", get(groups::subgroups))
        .route("/projects", get(groups::list_projects).post(crate::repository::projects::create))
        .route("/projects/{id}", get(groups::project))
        .route("/namespaces/{id}/exists", get(helpers::namespace_exists))
        .route("/personal_access_tokens/self", get(helpers::dest_token_self))
        .route("/bulk_imports", post(create::create_import).get(bulk_imports::list_imports))
        .route("/bulk_imports/entities", get(bulk_imports::list_all_entities))
        .route("/bulk_imports/{id}", get(bulk_imports::get_import))
        .route("/bulk_imports/{id}/entities", get(bulk_imports::list_import_entities))
        .route("/bulk_imports/{id}/entities/{entity_id}", get(bulk_imports::get_entity))
        .route("/bulk_imports/{id}/entities/{entity_id}/failures", get(bulk_imports::list_failures))
        .route("/bulk_imports/{id}/cancel", post(bulk_imports::cancel_import))
        .merge(crate::counts::destination::routes())
        .merge(crate::settings::routes(Instance::Destination))
        .merge(crate::repository::routes())
        .merge(crate::cutover::routes(Instance::Destination))
        .route("/users", get(contributions::users))
        .route(
            "/groups/{id}/placeholder_reassignments",
            get(crate::contributions::sheet::download)
                .post(crate::contributions::upload::upload)
                .layer(DefaultBodyLimit::max(crate::contributions::upload::MAX_BYTES + 1_048_576)),
        )
        .fallback(|| async { render::message(StatusCode::NOT_FOUND, "404 Not Found") })
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .layer(middleware::from_fn(crate::api::absolute_uri))
        .layer(cors());
    let control = Router::new()
        .route("/advance", post(control::control_advance))
        .route("/faults", post(control::control_faults))
        .route("/settings", post(control::control_settings))
        .route("/state", get(control::control_state))
        .route("/static-table", get(control::control_static_table))
        .route("/hostile", post(control::control_hostile))
        .route("/source-users", get(contributions::control_list))
        .route("/source-users/seed", post(contributions::control_seed))
        .route("/source-users/settings", post(contributions::control_settings))
        .route("/source-users/{id}/{action}", post(contributions::control_source_user))
        .route("/oauth", post(oauth::control::settings))
        .route("/scale-source", post(source::campaign::control_scale_source));
    let graphql = Router::new()
        .route("/api/graphql", post(contributions::graphql))
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .layer(cors());
    let oauth_routes =
        Router::new().route("/authorize", get(oauth::authorize::consent).post(oauth::authorize::decide)).merge(
            Router::new()
                .route("/token", post(oauth::token::token))
                .route("/revoke", post(oauth::token::revoke))
                .layer(oauth::token::cors()),
        );
    let mut router =
        Router::new().nest("/api/v4", api).merge(graphql).nest("/-/sandbox", control).nest("/oauth", oauth_routes);
    router = match state.dist.clone() {
        Some(dist) => {
            let index = dist.join("index.html");
            // Deep links (/migrations/7) get index.html, as nginx's try_files does.
            router.fallback_service(
                ServeDir::new(dist)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(ServeFile::new(index).precompressed_br().precompressed_gzip()),
            )
        }
        None => router.fallback(|| async { Html(NO_DIST_PAGE) }),
    };
    router.layer(middleware::from_fn_with_state(state.clone(), oauth::control::config_json)).with_state(state)
}

const NO_DIST_PAGE: &str = "<!DOCTYPE html><title>GitLab sandbox</title><h1>GitLab sandbox</h1>\
<p>The API is at <code>/api/v4</code>. The console is not built: run <code>scripts/run-console.sh</code>, \
or start the sandbox with <code>--dist dist</code> after <code>trunk build</code>.</p>";

/// The source instance: where groups and projects are migrated from.
pub fn source(state: Shared) -> Router {
    let api = Router::new()
        .route("/version", get(source::source_version))
        .route("/user", get(source::source_user))
        .route("/personal_access_tokens/self", get(source::source_token_self))
        .route("/groups", get(source::groups::list))
        .route("/groups/{id}", get(source::groups::get))
        .route("/groups/{id}/projects", get(source::groups::group_projects))
        .route("/groups/{id}/subgroups", get(source::groups::subgroups))
        .route("/projects", get(source::groups::projects))
        .route("/groups/{id}/export_relations/status", get(source::export_status_group))
        .route("/projects/{id}/export_relations/status", get(source::export_status_project))
        .merge(crate::counts::source::routes())
        .merge(crate::source::campaign::routes())
        .merge(
            crate::settings::routes(Instance::Source)
                .merge(crate::cutover::routes(Instance::Source))
                .layer(middleware::from_fn_with_state(state.clone(), faults::inject)),
        )
        .fallback(|| async { render::message(StatusCode::NOT_FOUND, "404 Not Found") })
        .layer(middleware::from_fn(crate::api::absolute_uri))
        .layer(cors());
    Router::new().nest("/api/v4", api).with_state(state)
}
