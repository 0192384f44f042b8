//! The Bulk Imports endpoints (GitLab's `/bulk_imports` API): migrations, their entities and failures,
//! start and cancel.

use super::client::Client;
use super::entity_route::EntityRoute;
use super::error::{ApiError, NotFoundMeaning};
use super::models::{BulkImport, Entity, EntityFailure, NewBulkImport};
use super::pagination::{ListQuery, Page};
use gloo_net::http::Method;
use serde::Deserialize;

/// `/failures` is documented with a single object as its example; real servers send a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl Client {
    /// The signed-in user's migrations, newest first unless `query.sort` says otherwise.
    pub async fn list_bulk_imports(&self, query: &ListQuery) -> Result<Page<BulkImport>, ApiError> {
        self.get_page(&format!("/bulk_imports?{}", query.to_query()), NotFoundMeaning::FeatureDisabled).await
    }

    /// Every entity of every migration of the signed-in user.
    pub async fn list_all_entities(&self, query: &ListQuery) -> Result<Page<Entity>, ApiError> {
        self.get_page(&format!("/bulk_imports/entities?{}", query.to_query()), NotFoundMeaning::FeatureDisabled).await
    }

    pub async fn get_bulk_import(&self, id: u64) -> Result<BulkImport, ApiError> {
        self.get(&format!("/bulk_imports/{id}"), NotFoundMeaning::MissingRecord).await
    }

    /// One migration's entities, ordered by id (this route takes no `sort`).
    pub async fn list_bulk_import_entities(&self, id: u64, query: &ListQuery) -> Result<Page<Entity>, ApiError> {
        let query = ListQuery { sort: None, ..query.clone() };
        self.get_page(&format!("/bulk_imports/{id}/entities?{}", query.to_query()), NotFoundMeaning::MissingRecord)
            .await
    }

    /// A migration's first entity's route and how many entities it has (`X-Total`), from a one-row page.
    /// Only the route is decoded: the migrations list then does not carry the full entity decoder
    /// (≈ 20 KB raw) in the first load.
    pub async fn first_entity_route(&self, id: u64) -> Result<(Option<EntityRoute>, Option<u64>), ApiError> {
        let path = format!("/bulk_imports/{id}/entities?{}", ListQuery::page(1, 1).to_query());
        let page = self.get_page::<serde_json::Value>(&path, NotFoundMeaning::MissingRecord).await?;
        Ok((page.items.first().map(EntityRoute::from_row), page.info.total))
    }

    pub async fn get_entity(&self, id: u64, entity_id: u64) -> Result<Entity, ApiError> {
        self.get(&format!("/bulk_imports/{id}/entities/{entity_id}"), NotFoundMeaning::MissingRecord).await
    }

    /// 16.6+. Older servers answer 404; their failures are inline in the entity.
    pub async fn list_entity_failures(
        &self,
        id: u64,
        entity_id: u64,
        page: u32,
        per_page: u32,
    ) -> Result<Page<EntityFailure>, ApiError> {
        let query = ListQuery::page(page, per_page).to_query();
        let (body, info) = self
            .request::<OneOrMany<EntityFailure>>(
                Method::GET,
                &format!("/bulk_imports/{id}/entities/{entity_id}/failures?{query}"),
                None,
                NotFoundMeaning::MissingRecord,
            )
            .await?;
        let items = match body {
            OneOrMany::Many(items) => items,
            OneOrMany::One(item) => vec![item],
        };
        Ok(Page { items, info })
    }

    /// Starts a migration. GitLab answers 201 with the new migration.
    pub async fn create_bulk_import(&self, body: &NewBulkImport) -> Result<BulkImport, ApiError> {
        let json = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
        let secret = body.configuration.access_token.clone();
        self.request(Method::POST, "/bulk_imports", Some(json), NotFoundMeaning::FeatureDisabled)
            .await
            .map(|(v, _)| v)
            .map_err(|e| e.redact(&secret))
    }

    /// 17.1+. Answers 200 with the migration, now canceled.
    pub async fn cancel_bulk_import(&self, id: u64) -> Result<BulkImport, ApiError> {
        self.request(Method::POST, &format!("/bulk_imports/{id}/cancel"), None, NotFoundMeaning::MissingRecord)
            .await
            .map(|(v, _)| v)
    }
}
