//! GitLab's schema is the judge (#25): every GraphQL document the console sends is validated against the part
//! of GitLab's schema that placeholder reassignment touches (`tests/fixtures/gitlab/graphql-subset.graphql`,
//! read from GitLab's Ruby types) with a real GraphQL validator (apollo-compiler): fields, arguments, types of
//! variables, fragments and their type conditions. Not against the sandbox's own export, which this project
//! wrote. (The sandbox's schema is compared with the same file in `sandbox/tests/contributions_schema.rs`.)
#![cfg(not(target_arch = "wasm32"))]

use apollo_compiler::{ExecutableDocument, Schema};
use migration_console::api::graphql_documents as doc;

const GITLAB: &str = include_str!("fixtures/gitlab/graphql-subset.graphql");

fn gitlab() -> apollo_compiler::validation::Valid<Schema> {
    Schema::parse_and_validate(GITLAB, "graphql-subset.graphql").unwrap_or_else(|e| panic!("GitLab's subset: {e}"))
}

fn check(schema: &apollo_compiler::validation::Valid<Schema>, name: &str, text: &str) -> Result<(), String> {
    ExecutableDocument::parse_and_validate(schema, text, format!("{name}.graphql"))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn the_fact_file_names_gitlabs_sources() {
    assert!(GITLAB.starts_with("# GitLab GraphQL schema"), "the header stays: it names GitLab's files");
    assert!(GITLAB.contains("app/graphql/types/import/source_user_type.rb"));
}

#[test]
fn every_document_the_console_sends_is_valid_against_gitlabs_schema() {
    let schema = gitlab();
    for (field, text) in doc::ALL {
        check(&schema, field, text).unwrap_or_else(|e| panic!("{field} is not valid on GitLab:\n{e}\n{text}"));
        assert!(text.contains(field), "{field}");
    }
}

#[test]
fn the_validator_refuses_what_gitlab_would_refuse() {
    let schema = gitlab();
    // GitLab's connection has no `count` (the console's old documents asked for it).
    let with_count = "query($p: ID!) { namespace(fullPath: $p) { importSourceUsers { count } } }";
    let e = check(&schema, "count", with_count).expect_err("count is not on ImportSourceUserConnection");
    assert!(e.contains("count"), "{e}");
    // Items of a connection are nullable, and `Namespace.id` is `ID!`: a variable typed otherwise is refused.
    let wrong_var = "query($p: String!) { namespace(fullPath: $p) { id } }";
    assert!(check(&schema, "var", wrong_var).is_err(), "fullPath is ID!");
    let unknown_arg = "query($p: ID!) { namespace(fullPath: $p) { importSourceUsers(status: PENDING_REASSIGNMENT) { nodes { id } } } }";
    assert!(check(&schema, "arg", unknown_arg).is_err(), "the argument is `statuses`");
    let bad_enum = "query($p: ID!) { namespace(fullPath: $p) { importSourceUsers(sort: NAME_ASC) { nodes { id } } } }";
    assert!(check(&schema, "enum", bad_enum).is_err());
    let bad_fragment = "query { currentUser { ...F } } fragment F on ImportSourceUser { id }";
    assert!(check(&schema, "fragment", bad_fragment).is_err());
}

#[test]
fn a_query_in_gitlabs_own_style_is_valid_too() {
    let frontend = r#"
        query importSourceUsers($fullPath: ID!, $after: String, $before: String, $first: Int, $last: Int,
            $statuses: [ImportSourceUserStatus!], $search: String, $sort: SourceUserSort) {
          namespace(fullPath: $fullPath) {
            id
            importSourceUsers(after: $after, before: $before, first: $first, last: $last, statuses: $statuses,
                search: $search, sort: $sort) {
              edges { cursor node { ...Row } }
              nodes { ...Row }
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
            }
          }
          users(search: "dave", active: true, humans: true, first: 20) { nodes { ...U } }
        }
        fragment U on User { id username name state publicEmail avatarUrl webUrl webPath __typename }
        fragment Row on ImportSourceUser { id status placeholderUser { ...U } reassignToUser { ...U } __typename }
    "#;
    check(&gitlab(), "frontend", frontend).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn counting_pages_gitlabs_largest_page_in_id_order() {
    assert_eq!(doc::COUNT_PAGE_SIZE, 100);
    assert!(doc::COUNT_PAGE.contains("first: 100") && doc::COUNT_PAGE.contains("sort: ID_ASC"));
    assert!(doc::COUNT_PAGE.contains("nodes { id status }"));
    assert!(!doc::ALL.iter().any(|(_, d)| d.contains("count ") || d.contains("count}")));
}
