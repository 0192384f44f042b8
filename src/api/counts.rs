//! Counting a list with one request (`per_page=1`): the rows of its first page and its pagination headers.

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::pagination::Page;

impl Client {
    /// `GET {path}` where `path` (under `/api/v4`) already asks for one row per page; the caller reads the
    /// count from `info.total` (absent above 10,000 rows).
    pub async fn count_list(&self, path: &str) -> Result<Page<serde_json::Value>, ApiError> {
        self.get_page(path, NotFoundMeaning::MissingRecord).await
    }
}
