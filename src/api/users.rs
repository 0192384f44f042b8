//! `GET /users` for the assignee picker: the people a contribution can be reassigned to, as GitLab's own
//! picker offers them (its `users(search, active, humans)`): active humans, never a bot or a blocked user.

use super::client::Client;
use super::error::{ApiError, NotFoundMeaning};
use super::models::Assignee;
use super::pagination::encode_component;

/// How many users one search shows.
pub const SEARCH_LIMIT: u32 = 20;

impl Client {
    /// `GET /users?search=&active=true&humans=true&per_page=20`, kept to active humans whatever the server
    /// made of the filters (an older GitLab ignores `humans`).
    pub async fn search_assignees(&self, search: &str) -> Result<Vec<Assignee>, ApiError> {
        let path = format!(
            "/users?search={}&active=true&humans=true&per_page={SEARCH_LIMIT}",
            encode_component(search.trim())
        );
        let users: Vec<Assignee> = self.get(&path, NotFoundMeaning::NotGitLab).await?;
        Ok(offered(users))
    }
}

/// The users the picker offers: a user whose `state` is anything but "active" (blocked, deactivated, banned)
/// and a bot are left out. GitLab's `UserBasic` for a non-admin may carry neither field: such a user stays,
/// as the server already filtered by `active` and `humans`.
pub fn offered(users: Vec<Assignee>) -> Vec<Assignee> {
    users.into_iter().filter(|u| u.state.as_deref().is_none_or(|s| s == "active") && u.bot != Some(true)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u64, state: Option<&str>, bot: Option<bool>) -> Assignee {
        let v = serde_json::json!({"id": id, "username": format!("u{id}"), "state": state, "bot": bot});
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn only_active_humans_are_offered() {
        let users = vec![
            user(1, Some("active"), Some(false)),
            user(2, Some("blocked"), None),
            user(3, Some("deactivated"), Some(false)),
            user(4, Some("active"), Some(true)),
            // UserBasic for a non-admin: neither field; the server's `active=true&humans=true` already held.
            user(5, None, None),
        ];
        let ids: Vec<u64> = offered(users).iter().map(|u| u.id).collect();
        assert_eq!(ids, vec![1, 5]);
    }
}
