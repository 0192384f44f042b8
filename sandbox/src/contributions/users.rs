//! GitLab's GraphQL users: the `User` interface (`app/graphql/types/user_interface.rb`) with `UserCore`
//! and `CurrentUser` implementing it, and `Query.users` (`UsersResolver`) as GitLab's own picker asks it.

use super::connection::{connect, connection_types, PageArgs};
use super::scalars::{gid_number, GroupId};
use crate::world::World;
use async_graphql::{Enum, Interface, Object, Result, ID};

/// `UserState` (`app/graphql/types/user_state_enum.rb`): GitLab spells its values in lower case.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(rename_items = "lowercase")]
pub enum UserState {
    Active,
    Blocked,
    Deactivated,
}

/// What `UserCore` and `CurrentUser` show of a user.
#[derive(Clone, Debug)]
pub struct UserData {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub state: UserState,
    pub public_email: Option<String>,
    pub avatar_url: Option<String>,
    pub web_url: String,
    /// Not in GraphQL: the `humans` filter.
    pub bot: bool,
}

macro_rules! user_object {
    ($ty:ident) => {
        #[derive(Clone, Debug)]
        pub struct $ty(pub UserData);

        #[Object]
        impl $ty {
            async fn id(&self) -> ID {
                ID(format!("gid://gitlab/User/{}", self.0.id))
            }
            async fn username(&self) -> String {
                self.0.username.clone()
            }
            async fn name(&self) -> String {
                self.0.name.clone()
            }
            async fn state(&self) -> UserState {
                self.0.state
            }
            async fn public_email(&self) -> Option<String> {
                self.0.public_email.clone()
            }
            async fn avatar_url(&self) -> Option<String> {
                self.0.avatar_url.clone()
            }
            async fn web_url(&self) -> String {
                self.0.web_url.clone()
            }
            async fn web_path(&self) -> String {
                format!("/{}", self.0.username)
            }
        }
    };
}
user_object!(UserCore);
user_object!(CurrentUser);

connection_types!(UserCoreConnection, UserCoreEdge, UserCore);

// Clippy reads the repeated `ty = "String"` of different fields as a duplicated attribute.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    name = "User",
    field(name = "id", ty = "ID"),
    field(name = "username", ty = "String"),
    field(name = "name", ty = "String"),
    field(name = "state", ty = "UserState"),
    field(name = "public_email", ty = "Option<String>"),
    field(name = "avatar_url", ty = "Option<String>"),
    field(name = "web_url", ty = "String"),
    field(name = "web_path", ty = "String")
)]
pub enum User {
    UserCore(UserCore),
    CurrentUser(CurrentUser),
}

/// Where the sandbox says its users' pages are (GitLab builds `webUrl` from its external URL).
pub const EXTERNAL_URL: &str = "http://localhost";

/// Any destination user the sandbox knows (token owners, people, placeholders) by id.
pub fn user_data(world: &World, id: u64) -> Option<UserData> {
    match world.user(id) {
        Some(u) => Some(owner_data(u)),
        None => world.contributions.person(id).map(person_data),
    }
}

fn owner_data(u: &crate::world::User) -> UserData {
    UserData {
        id: u.id,
        username: u.username.clone(),
        name: u.name.clone(),
        state: UserState::Active,
        public_email: None,
        avatar_url: None,
        web_url: format!("{EXTERNAL_URL}/{}", u.username),
        bot: false,
    }
}

fn person_data(p: &super::model::Person) -> UserData {
    UserData {
        id: p.id,
        username: p.username.clone(),
        name: p.name.clone(),
        state: if p.active { UserState::Active } else { UserState::Blocked },
        public_email: p.public_email.clone(),
        avatar_url: p.avatar_url.clone(),
        web_url: format!("{EXTERNAL_URL}/{}", p.username),
        bot: p.bot || p.placeholder,
    }
}

/// Every user a search may list: token owners and people (placeholders are not listed), by id.
pub fn listed_users(world: &World) -> Vec<UserData> {
    let people = world.contributions.people.iter().filter(|p| !p.placeholder).map(person_data);
    let mut out: Vec<UserData> = world.users.iter().map(owner_data).chain(people).collect();
    out.sort_by_key(|u| u.id);
    out
}

/// `UsersFinder`'s search: a part of the name or username, or the whole public email.
pub fn user_matches(u: &UserData, search: &str) -> bool {
    let s = search.trim().to_lowercase();
    s.is_empty()
        || u.name.to_lowercase().contains(&s)
        || u.username.to_lowercase().contains(&s)
        || u.public_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&s))
}

/// The filters of `Query.users`.
pub struct UserFilter {
    pub search: Option<String>,
    pub active: Option<bool>,
    pub humans: Option<bool>,
    /// Checked for its form; the sandbox's people belong to no group, so it narrows nothing.
    pub group_id: Option<GroupId>,
}

pub fn users(world: &World, f: &UserFilter, args: &PageArgs) -> Result<UserCoreConnection> {
    if let Some(g) = &f.group_id {
        gid_number(&g.0, "Group")?;
    }
    let rows: Vec<UserData> = listed_users(world)
        .into_iter()
        .filter(|u| user_matches(u, f.search.as_deref().unwrap_or("")))
        .filter(|u| f.active != Some(true) || u.state == UserState::Active)
        .filter(|u| f.humans != Some(true) || !u.bot)
        .collect();
    Ok(UserCoreConnection::new(connect(&rows, args, |u| UserCore(u.clone()))?))
}
