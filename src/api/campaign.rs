//! What a campaign plan reads on the source: every project with its `statistics` (`GET /projects?statistics=true`,
//! archived, namespace kind), and a list's size from one row (`X-Total`).

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::lenient;
use super::pagination::BrowseQuery;
use super::pagination::Page;
use serde::Deserialize;

/// A source project as `/projects?statistics=true` lists it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SourceProject {
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub path_with_namespace: String,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub archived: Option<bool>,
    #[serde(default, deserialize_with = "lenient::known")]
    pub namespace: Option<NamespaceRef>,
    /// Only for Reporters and above, and only when asked.
    #[serde(default, deserialize_with = "lenient::known")]
    pub statistics: Option<ProjectStatistics>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct NamespaceRef {
    /// "group" or "user".
    #[serde(default, deserialize_with = "lenient::string")]
    pub kind: Option<String>,
}

/// Sizes in bytes.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ProjectStatistics {
    #[serde(default, deserialize_with = "lenient::count")]
    pub repository_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub wiki_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub storage_size: Option<u64>,
}

impl Client {
    /// One page of the source's projects (Owner, as direct transfer needs) with their statistics.
    pub async fn list_projects_with_statistics(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<SourceProject>, ApiError> {
        let q = BrowseQuery { search: String::new(), page, per_page, min_access_level: 50, top_level_only: false };
        self.get_page(&format!("/projects?{}&statistics=true", q.to_query()), NotFoundMeaning::NotGitLab).await
    }

    /// How many rows the list at `path` (under `/api/v4`, e.g. `/projects/7/issues`) holds, from one row's
    /// `X-Total`; `None` when GitLab leaves it out (over 10,000 rows).
    pub async fn list_total(&self, path: &str) -> Result<Option<u64>, ApiError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.count_list(&format!("{path}{sep}per_page=1")).await.map(|p| p.info.total)
    }
}
