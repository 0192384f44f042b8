//! GitLab's GraphQL scalars this subset uses: the global IDs (`gid://gitlab/<class>/<id>`) and `Time`,
//! shared by the queries (`schema.rs`), the user fields (`users.rs`) and the mutations.

use async_graphql::{scalar, Error, Result};
use serde::{Deserialize, Serialize};

macro_rules! gid_scalar {
    ($ty:ident, $name:literal) => {
        #[derive(Clone, Debug, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $ty(pub String);
        scalar!($ty, $name);
    };
}
gid_scalar!(ImportSourceUserId, "ImportSourceUserID");
gid_scalar!(UserId, "UserID");
gid_scalar!(NamespaceId, "NamespaceID");
gid_scalar!(GroupId, "GroupID");
gid_scalar!(Time, "Time");

/// The number in a global ID of `class` (`gid://gitlab/User/7`), or GitLab's refusal.
pub(super) fn gid_number(raw: &str, class: &str) -> Result<u64> {
    raw.strip_prefix("gid://gitlab/")
        .and_then(|r| r.strip_prefix(class))
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::new(format!("\"{raw}\" does not represent an instance of {class}")))
}
