//! What a list shows, read from and written to the URL's query, so a pasted link shows the same view.

use crate::api::{EntityType, Sort};
use crate::logic::display_status::DisplayStatus;

/// The migrations list: `?status=partial&sort=asc&page=2&per_page=50`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MigrationsView {
    pub status: Option<DisplayStatus>,
    pub sort: Sort,
    pub page: u32,
    /// `None`: the remembered preference.
    pub per_page: Option<u32>,
}

/// An entities list: `?status=failed&type=project&q=api&page=3`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntitiesView {
    pub status: Option<DisplayStatus>,
    pub kind: Option<EntityType>,
    pub text: String,
    pub page: u32,
    /// `?failures=1`: only what went wrong, whatever its status.
    pub troubled: bool,
}

fn page_param(v: Option<String>) -> u32 {
    v.and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

impl MigrationsView {
    /// Unknown or malformed values fall back to the defaults instead of failing.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> MigrationsView {
        MigrationsView {
            status: get("status").and_then(|s| DisplayStatus::from_key(&s)),
            sort: get("sort").and_then(|s| Sort::parse(&s)).unwrap_or_default(),
            page: page_param(get("page")),
            per_page: get("per_page")
                .and_then(|p| p.parse().ok())
                .filter(|p| crate::logic::paging::PAGE_SIZES.contains(p)),
        }
    }

    /// The query string (with its `?`, or empty), leaving defaults out so links stay short.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.status {
            parts.push(format!("status={}", s.key()));
        }
        if self.sort != Sort::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if let Some(p) = self.per_page {
            parts.push(format!("per_page={p}"));
        }
        join(parts)
    }
}

impl EntitiesView {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> EntitiesView {
        EntitiesView {
            status: get("status").and_then(|s| DisplayStatus::from_key(&s)),
            kind: get("type").and_then(|t| match t.as_str() {
                "group" => Some(EntityType::Group),
                "project" => Some(EntityType::Project),
                _ => None,
            }),
            text: get("q").unwrap_or_default().chars().take(200).collect(),
            page: page_param(get("page")),
            troubled: get("failures").is_some_and(|f| f == "1"),
        }
    }

    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.status {
            parts.push(format!("status={}", s.key()));
        }
        if let Some(k) = self.kind {
            parts.push(format!("type={}", kind_key(k)));
        }
        if self.troubled {
            parts.push("failures=1".into());
        }
        if !self.text.is_empty() {
            parts.push(format!("q={}", crate::api::pagination::encode_component(&self.text)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        join(parts)
    }
}

pub fn kind_key(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Group => "group",
        EntityType::Project => "project",
    }
}

fn join(parts: Vec<String>) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}
