//! The GraphQL documents the console sends (GitLab's `app/graphql` schema). Pure constants: the sandbox's
//! tests execute each one against its schema, so a typo here fails `cargo test`.

/// Fields of a source user the table shows.
macro_rules! source_user_fields {
    () => {
        "id status sourceUsername sourceName sourceHostname sourceUserIdentifier reassignmentError \
         placeholderUser { id username name } reassignToUser { id username name avatarUrl }"
    };
}

/// One page of a top-level group's source users. `importSourceUsers` may be resolved once per request.
pub const SOURCE_USERS: &str = concat!(
    "query($fullPath: ID!, $statuses: [ImportSourceUserStatus!], $search: String, $sort: SourceUserSort, ",
    "$first: Int, $after: String) { namespace(fullPath: $fullPath) { id importSourceUsers(statuses: $statuses, ",
    "search: $search, sort: $sort, first: $first, after: $after) { count nodes { ",
    source_user_fields!(),
    " } pageInfo { hasNextPage endCursor } } } }"
);

/// How many source users have one of `statuses` (the counts above the table).
pub const SOURCE_USER_COUNT: &str = "query($fullPath: ID!, $statuses: [ImportSourceUserStatus!]) { \
    namespace(fullPath: $fullPath) { id importSourceUsers(statuses: $statuses, first: 1) { count } } }";

pub const REASSIGN: &str = concat!(
    "mutation($id: ImportSourceUserID!, $assigneeUserId: UserID!) { importSourceUserReassign(input: ",
    "{id: $id, assigneeUserId: $assigneeUserId}) { errors importSourceUser { ",
    source_user_fields!(),
    " } } }"
);

macro_rules! single {
    ($field:literal) => {
        concat!(
            "mutation($id: ImportSourceUserID!) { ",
            $field,
            "(input: {id: $id}) { errors importSourceUser { ",
            source_user_fields!(),
            " } } }"
        )
    };
}

pub const CANCEL: &str = single!("importSourceUserCancelReassignment");
pub const KEEP: &str = single!("importSourceUserKeepAsPlaceholder");
pub const UNDO_KEEP: &str = single!("importSourceUserUndoKeepAsPlaceholder");
pub const RESEND: &str = single!("importSourceUserResendNotification");
pub const RETRY: &str = single!("importSourceUserRetryFailedReassignment");

pub const KEEP_ALL: &str = "mutation($namespaceId: NamespaceID!) { importSourceUserKeepAllAsPlaceholder(input: \
    {namespaceId: $namespaceId}) { errors updatedImportSourceUserCount } }";

/// Every document, with the name of its top field (the tests run them all).
pub const ALL: [(&str, &str); 9] = [
    ("importSourceUsers", SOURCE_USERS),
    ("importSourceUsers", SOURCE_USER_COUNT),
    ("importSourceUserReassign", REASSIGN),
    ("importSourceUserCancelReassignment", CANCEL),
    ("importSourceUserKeepAsPlaceholder", KEEP),
    ("importSourceUserUndoKeepAsPlaceholder", UNDO_KEEP),
    ("importSourceUserResendNotification", RESEND),
    ("importSourceUserRetryFailedReassignment", RETRY),
    ("importSourceUserKeepAllAsPlaceholder", KEEP_ALL),
];
