//! The GraphQL documents the console sends (GitLab's `app/graphql` schema). Pure constants, checked twice by
//! `cargo test`: validated against GitLab's own schema subset (`tests/fixtures/gitlab/graphql-subset.graphql`,
//! `tests/graphql_native.rs`), and executed against the sandbox (`sandbox/tests/contributions.rs`).
//! GitLab's `ImportSourceUserConnection` has no `count`: counts are read by paging `COUNT_PAGE`.

/// Fields of a source user the table shows (a fragment, spread where a source user is read).
macro_rules! source_user_fragment {
    () => {
        " fragment SourceUserRow on ImportSourceUser { id status sourceUsername sourceName sourceHostname \
         sourceUserIdentifier reassignmentError placeholderUser { id username name } \
         reassignToUser { id username name avatarUrl } }"
    };
}

/// One page of a top-level group's source users. `importSourceUsers` may be resolved once per request.
pub const SOURCE_USERS: &str = concat!(
    "query contributionsPage($fullPath: ID!, $statuses: [ImportSourceUserStatus!], $search: String, ",
    "$sort: SourceUserSort, $first: Int, $after: String) { namespace(fullPath: $fullPath) { id ",
    "importSourceUsers(statuses: $statuses, search: $search, sort: $sort, first: $first, after: $after) { ",
    "nodes { ...SourceUserRow } pageInfo { hasNextPage endCursor } } } }",
    source_user_fragment!()
);

/// How many page sizes a count page reads: GitLab's largest page.
pub const COUNT_PAGE_SIZE: u32 = 100;

/// One link of a count's cursor chain: the ids and statuses of 100 source users with one of `statuses`
/// (in id order, so that a chain never sees one twice), and where the next page starts.
pub const COUNT_PAGE: &str = "query contributionsCount($fullPath: ID!, $statuses: [ImportSourceUserStatus!], \
    $after: String) { namespace(fullPath: $fullPath) { id importSourceUsers(statuses: $statuses, sort: ID_ASC, \
    first: 100, after: $after) { nodes { id status } pageInfo { hasNextPage endCursor } } } }";

pub const REASSIGN: &str = concat!(
    "mutation contributionsReassign($id: ImportSourceUserID!, $assigneeUserId: UserID!) { ",
    "importSourceUserReassign(input: {id: $id, assigneeUserId: $assigneeUserId}) { errors importSourceUser { ",
    "...SourceUserRow } } }",
    source_user_fragment!()
);

macro_rules! single {
    ($field:literal) => {
        concat!(
            "mutation($id: ImportSourceUserID!) { ",
            $field,
            "(input: {id: $id}) { errors importSourceUser { ...SourceUserRow } } }",
            source_user_fragment!()
        )
    };
}

pub const CANCEL: &str = single!("importSourceUserCancelReassignment");
pub const KEEP: &str = single!("importSourceUserKeepAsPlaceholder");
pub const UNDO_KEEP: &str = single!("importSourceUserUndoKeepAsPlaceholder");
pub const RESEND: &str = single!("importSourceUserResendNotification");
pub const RETRY: &str = single!("importSourceUserRetryFailedReassignment");

pub const KEEP_ALL: &str = "mutation contributionsKeepAll($namespaceId: NamespaceID!) { \
    importSourceUserKeepAllAsPlaceholder(input: {namespaceId: $namespaceId}) { errors updatedImportSourceUserCount } }";

/// Every document, with the name of its top field (the tests run them all).
pub const ALL: [(&str, &str); 9] = [
    ("importSourceUsers", SOURCE_USERS),
    ("importSourceUsers", COUNT_PAGE),
    ("importSourceUserReassign", REASSIGN),
    ("importSourceUserCancelReassignment", CANCEL),
    ("importSourceUserKeepAsPlaceholder", KEEP),
    ("importSourceUserUndoKeepAsPlaceholder", UNDO_KEEP),
    ("importSourceUserResendNotification", RESEND),
    ("importSourceUserRetryFailedReassignment", RETRY),
    ("importSourceUserKeepAllAsPlaceholder", KEEP_ALL),
];
