//! "Complete the move" (#26): what direct transfer leaves behind, read and written through GitLab's REST API:
//! CI/CD variables (`lib/api/ci/variables.rb`, `lib/api/group_variables.rb`), webhooks (`lib/api/project_hooks.rb`,
//! EE `group_hooks.rb`), deploy keys (`lib/api/deploy_keys.rb`), pipeline schedules (`lib/api/ci/pipeline_schedules.rb`),
//! and, listed only, deploy tokens (`lib/api/deploy_tokens.rb`) and triggers (`lib/api/ci/triggers.rb`). Items travel as JSON objects: which fields a
//! GitLab version sends differs (webhook events above all), and the comparison (`logic::complete`) reads them.

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::pagination::{encode_component, Page};
use gloo_net::http::Method;
use serde_json::{Map, Value};

/// Rows per page of a settings list (GitLab's maximum).
pub const SETTINGS_PER_PAGE: u32 = 100;

/// `/groups/<path>` or `/projects/<path>`, the path URL-encoded as GitLab's `:id` takes it.
pub fn owner_path(group: bool, full_path: &str) -> String {
    let kind = if group { "groups" } else { "projects" };
    format!("/{kind}/{}", encode_component(full_path))
}

impl Client {
    /// One page of `<owner>/<list>` (`variables`, `hooks`, `deploy_keys`, `pipeline_schedules`, `deploy_tokens`, `triggers`); rows that are not objects are dropped.
    pub async fn list_settings(
        &self,
        owner: &str,
        list: &str,
        page: u32,
    ) -> Result<Page<Map<String, Value>>, ApiError> {
        let path = format!("{owner}/{list}?page={page}&per_page={SETTINGS_PER_PAGE}");
        let page: Page<Value> = self.get_page(&path, NotFoundMeaning::MissingRecord).await?;
        let items = page.items.into_iter().filter_map(|v| if let Value::Object(m) = v { Some(m) } else { None });
        Ok(Page { items: items.collect(), info: page.info })
    }

    /// One item on its own, `<owner>/<list>/<id>`: a webhook (the list leaves out `url_variables` and
    /// `custom_headers`, `with_url_variables: false`) or a pipeline schedule (the list leaves out `variables`).
    pub async fn get_setting(&self, owner: &str, list: &str, id: u64) -> Result<Map<String, Value>, ApiError> {
        match self.get::<Value>(&format!("{owner}/{list}/{id}"), NotFoundMeaning::MissingRecord).await? {
            Value::Object(m) => Ok(m),
            _ => Err(ApiError::malformed(200, "", "the item is not an object")),
        }
    }

    /// A create (`POST`) or an overwrite (`PUT`) of one item at `path` (under `/api/v4`). Every text in `secrets`
    /// (a value, a token, a header) is cut out of the error should the server echo it back.
    pub async fn write_setting(
        &self,
        put: bool,
        path: &str,
        body: &Value,
        secrets: &[String],
    ) -> Result<Map<String, Value>, ApiError> {
        let method = if put { Method::PUT } else { Method::POST };
        let answer = self.request::<Value>(method, path, Some(body.to_string()), NotFoundMeaning::MissingRecord).await;
        let answer = secrets.iter().fold(answer, |a, s| a.map_err(|e| e.redact(s)));
        match answer?.0 {
            Value::Object(m) => Ok(m),
            _ => Ok(Map::new()),
        }
    }
}
