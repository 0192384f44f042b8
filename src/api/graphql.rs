//! Placeholder reassignment over GitLab's GraphQL API: one function per query and mutation. The documents
//! are in `graphql_documents.rs` (checked against the sandbox's schema by its tests).
//!
//! GitLab answers resolver failures with HTTP 200 and `errors`; those become `ApiError`s here:
//! no such field (an old server) → `FeatureDisabled`, the resource-access sentence → `Forbidden`, the rate
//! limit → `RateLimited`. A mutation's own refusal (`payload.errors`) is `Ok(Err(sentence))`.

use super::client::Client;
use super::error::ApiError;
use super::graphql_documents as doc;
use super::lenient;
use serde::Deserialize;
use serde_json::{json, Value};

pub const RATE_LIMIT_TEXT: &str = "This endpoint has been requested too many times. Try again later.";

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserCore {
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub avatar_url: Option<String>,
}

/// One import source user (`ImportSourceUser`), decoded leniently: only `id` matters.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceUser {
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub status: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_username: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_hostname: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_user_identifier: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub reassignment_error: Option<String>,
    #[serde(default)]
    pub placeholder_user: Option<UserCore>,
    #[serde(default)]
    pub reassign_to_user: Option<UserCore>,
}

/// One page of source users (GitLab's connection carries no total: counts are read by paging).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceUserPage {
    pub namespace_id: Option<String>,
    pub nodes: Vec<SourceUser>,
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

pub use super::models::Assignee;

/// The owner's operations on one source user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Cancel,
    Keep,
    UndoKeep,
    Resend,
    Retry,
}

impl Operation {
    fn document(self) -> (&'static str, &'static str) {
        match self {
            Operation::Cancel => ("importSourceUserCancelReassignment", doc::CANCEL),
            Operation::Keep => ("importSourceUserKeepAsPlaceholder", doc::KEEP),
            Operation::UndoKeep => ("importSourceUserUndoKeepAsPlaceholder", doc::UNDO_KEEP),
            Operation::Resend => ("importSourceUserResendNotification", doc::RESEND),
            Operation::Retry => ("importSourceUserRetryFailedReassignment", doc::RETRY),
        }
    }
}

/// The first top-level error's message, as an `ApiError` (see the module's note).
pub fn top_level_error(answer: &Value) -> Option<ApiError> {
    let message =
        answer.get("errors")?.as_array()?.first()?.get("message")?.as_str()?.chars().take(500).collect::<String>();
    Some(
        if message.contains("doesn't exist on type")
            || message.contains("Unknown field")
            || message.contains("Unknown type")
        {
            ApiError::FeatureDisabled
        } else if message.starts_with("The resource that you are attempting to access does not exist") {
            ApiError::Forbidden(Some(message))
        } else if message == RATE_LIMIT_TEXT {
            ApiError::RateLimited
        } else {
            ApiError::UnexpectedStatus { status: 200, message: Some(message) }
        },
    )
}

/// Decodes the source-user page out of a `SOURCE_USERS` / `COUNT_PAGE` answer. Pure.
pub fn decode_page(answer: &Value) -> Result<SourceUserPage, ApiError> {
    let namespace = answer.pointer("/data/namespace");
    let connection = namespace.and_then(|n| n.get("importSourceUsers")).filter(|c| c.is_object());
    let Some(connection) = connection else {
        // `null` with an error: not an owner, or an old server; `null` namespace: no such group.
        return Err(top_level_error(answer).unwrap_or(ApiError::NotFound));
    };
    let nodes = connection
        .get("nodes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|n| serde_json::from_value(n.clone()).ok()).collect())
        .unwrap_or_default();
    Ok(SourceUserPage {
        namespace_id: namespace.and_then(|n| n.get("id")).and_then(Value::as_str).map(str::to_string),
        nodes,
        has_next_page: connection.pointer("/pageInfo/hasNextPage").and_then(Value::as_bool).unwrap_or(false),
        end_cursor: connection.pointer("/pageInfo/endCursor").and_then(Value::as_str).map(str::to_string),
    })
}

/// A mutation's answer: the record afterwards, or its refusal sentence. Pure.
pub fn decode_mutation(answer: &Value, field: &str) -> Result<Result<Option<SourceUser>, String>, ApiError> {
    let Some(payload) = answer.get("data").and_then(|d| d.get(field)).filter(|p| p.is_object()) else {
        return Err(top_level_error(answer).unwrap_or_else(|| ApiError::malformed(200, "", "no payload")));
    };
    let refusal = payload.get("errors").and_then(Value::as_array).and_then(|e| e.first()).and_then(Value::as_str);
    if let Some(sentence) = refusal {
        return Ok(Err(sentence.chars().take(500).collect()));
    }
    Ok(Ok(payload.get("importSourceUser").and_then(|u| serde_json::from_value(u.clone()).ok())))
}

/// What to filter and where a page starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceUserQuery {
    pub full_path: String,
    pub statuses: Vec<&'static str>,
    pub search: String,
    pub sort: &'static str,
    pub first: u32,
    pub after: Option<String>,
}

impl Client {
    async fn graphql(&self, query: &str, variables: Value) -> Result<Value, ApiError> {
        let answer = self.post_graphql(json!({"query": query, "variables": variables}).to_string()).await?;
        if !answer.is_object() {
            return Err(ApiError::malformed(200, "", "not a GraphQL answer"));
        }
        Ok(answer)
    }

    pub async fn source_users(&self, q: &SourceUserQuery) -> Result<SourceUserPage, ApiError> {
        let statuses = (!q.statuses.is_empty()).then_some(&q.statuses);
        let search = (!q.search.trim().is_empty()).then(|| q.search.trim());
        let vars = json!({"fullPath": q.full_path, "statuses": statuses, "search": search, "sort": q.sort,
            "first": q.first.clamp(1, 100), "after": q.after});
        decode_page(&self.graphql(doc::SOURCE_USERS, vars).await?)
    }

    /// One link of a count's cursor chain: up to 100 source users of the group with one of `statuses`
    /// (only their ids and statuses), from `after` on.
    pub async fn source_user_count_page(
        &self,
        full_path: &str,
        statuses: &[&str],
        after: Option<&str>,
    ) -> Result<SourceUserPage, ApiError> {
        let vars = json!({"fullPath": full_path, "statuses": statuses, "after": after});
        decode_page(&self.graphql(doc::COUNT_PAGE, vars).await?)
    }

    pub async fn reassign_source_user(
        &self,
        id: &str,
        assignee_id: u64,
    ) -> Result<Result<Option<SourceUser>, String>, ApiError> {
        let vars = json!({"id": id, "assigneeUserId": format!("gid://gitlab/User/{assignee_id}")});
        decode_mutation(&self.graphql(doc::REASSIGN, vars).await?, "importSourceUserReassign")
    }

    pub async fn source_user_operation(
        &self,
        op: Operation,
        id: &str,
    ) -> Result<Result<Option<SourceUser>, String>, ApiError> {
        let (field, document) = op.document();
        decode_mutation(&self.graphql(document, json!({"id": id})).await?, field)
    }

    /// Keeps every pending or rejected source user of the group; how many were kept.
    pub async fn keep_all_as_placeholder(&self, namespace_id: &str) -> Result<Result<u64, String>, ApiError> {
        let answer = self.graphql(doc::KEEP_ALL, json!({"namespaceId": namespace_id})).await?;
        let field = "importSourceUserKeepAllAsPlaceholder";
        let Some(payload) = answer.get("data").and_then(|d| d.get(field)).filter(|p| p.is_object()) else {
            return Err(top_level_error(&answer).unwrap_or_else(|| ApiError::malformed(200, "", "no payload")));
        };
        if let Some(s) = payload.get("errors").and_then(Value::as_array).and_then(|e| e.first()).and_then(Value::as_str)
        {
            return Ok(Err(s.chars().take(500).collect()));
        }
        Ok(Ok(payload.get("updatedImportSourceUserCount").and_then(Value::as_u64).unwrap_or(0)))
    }
}
