//! The endpoints of placeholder reassignment (contributions): GraphQL's transport, the user search of the
//! assignee picker, and GitLab's reassignment sheet (CSV) both ways. Part of the one client.

use super::client::{decode, Body, Client, FormBody};
use super::error::{ApiError, NotFoundMeaning};
use super::pagination::encode_component;
use gloo_net::http::Method;
use send_wrapper::SendWrapper;

impl Client {
    /// `POST /api/graphql`: the answer's JSON, whatever it holds (`graphql.rs` reads `data` and `errors`).
    /// A 404 means the server has no GraphQL endpoint (too old, or not GitLab).
    pub(crate) async fn post_graphql(&self, body: String) -> Result<serde_json::Value, ApiError> {
        self.request(Method::POST, "/api/graphql", Some(body), NotFoundMeaning::FeatureDisabled).await.map(|(v, _)| v)
    }

    /// `POST /groups/:id/placeholder_reassignments` with the sheet as the multipart field `file`: GitLab's
    /// message ("...you will receive an email when completed.").
    pub async fn upload_reassignment_sheet(
        &self,
        group: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Option<String>, ApiError> {
        let form = web_sys::FormData::new().map_err(|_| ApiError::Network("no FormData".into()))?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob =
            web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|_| ApiError::Network("no Blob".into()))?;
        form.append_with_blob_and_filename("file", &blob, file_name)
            .map_err(|_| ApiError::Network("no FormData".into()))?;
        let path = format!("/groups/{}/placeholder_reassignments", encode_component(group));
        let body = Some(Body::Form(FormBody(SendWrapper::new(form))));
        let (answer, _) =
            self.request_body::<serde_json::Value>(Method::POST, &path, body, NotFoundMeaning::MissingRecord).await?;
        Ok(answer.get("message").and_then(|m| m.as_str()).map(|m| m.chars().take(500).collect()))
    }

    /// `GET /groups/:id/placeholder_reassignments`: GitLab's CSV of the source users still to reassign.
    pub async fn download_reassignment_sheet(&self, group: &str) -> Result<String, ApiError> {
        let path = format!("/groups/{}/placeholder_reassignments", encode_component(group));
        let (status, body, _, token) = self.fetch(Method::GET, &path, None).await?;
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let err = decode::<serde_json::Value>(status, &body, NotFoundMeaning::MissingRecord).err();
        Err(err.unwrap_or_else(|| ApiError::malformed(status, &body, "not a CSV")).redact(&token))
    }

    /// `GET /users?search=` without GitLab's `active`/`humans` filters: a sheet's named user as GitLab
    /// knows it, blocked or not (the sheet says "blocked" rather than "unknown").
    pub async fn lookup_users(&self, search: &str) -> Result<Vec<super::models::Assignee>, ApiError> {
        let path = format!("/users?search={}&per_page=20", encode_component(search));
        self.get(&path, NotFoundMeaning::NotGitLab).await
    }
}
