//! GitLab's schema is the judge (#25): the sandbox's GraphQL schema, as it exports it, equals the subset of
//! GitLab's schema in `tests/fixtures/gitlab/graphql-subset.graphql` (read from GitLab's Ruby types): the same
//! types, and for each the same fields with the same types and arguments (and defaults), the same enum values,
//! input fields and interfaces. A field added or removed on one side only fails here.

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{FieldDefinition, TypeKind, TypeSystemDefinition};
use async_graphql::Positioned;
use std::collections::BTreeMap;

const GITLAB: &str = include_str!("../../tests/fixtures/gitlab/graphql-subset.graphql");

/// A field as one line: name, sorted arguments with their types and defaults, type.
fn fields(kind: &str, fs: &[Positioned<FieldDefinition>]) -> Vec<String> {
    fs.iter()
        .map(|f| {
            let f = &f.node;
            let mut args: Vec<String> = f
                .arguments
                .iter()
                .map(|a| {
                    let a = &a.node;
                    let default = a.default_value.as_ref().map(|d| format!(" = {}", d.node)).unwrap_or_default();
                    format!("{}: {}{default}", a.name.node, a.ty.node)
                })
                .collect();
            args.sort();
            format!("{kind} field {}({}): {}", f.name.node, args.join(", "), f.ty.node)
        })
        .collect()
}

/// Every named type of an SDL text, each as a sorted list of lines that say everything the subset states.
fn shape(sdl: &str) -> BTreeMap<String, Vec<String>> {
    let doc = parse_schema(sdl).expect("an SDL document");
    let mut out = BTreeMap::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else { continue };
        let t = t.node;
        let name = t.name.node.to_string();
        if ["String", "Int", "Float", "Boolean", "ID"].contains(&name.as_str()) {
            continue;
        }
        let mut lines: Vec<String> = Vec::new();
        match &t.kind {
            TypeKind::Scalar => lines.push("scalar".into()),
            TypeKind::Object(o) => {
                for i in &o.implements {
                    lines.push(format!("implements {}", i.node));
                }
                lines.extend(fields("object", &o.fields));
            }
            TypeKind::Interface(i) => lines.extend(fields("interface", &i.fields)),
            TypeKind::Enum(e) => lines.extend(e.values.iter().map(|v| format!("value {}", v.node.value.node))),
            TypeKind::InputObject(i) => lines.extend(i.fields.iter().map(|f| {
                let f = &f.node;
                format!("input {}: {}", f.name.node, f.ty.node)
            })),
            TypeKind::Union(u) => lines.extend(u.members.iter().map(|m| format!("member {}", m.node))),
        }
        lines.sort();
        out.insert(name, lines);
    }
    out
}

#[test]
fn the_sandbox_schema_is_gitlabs_subset_exactly() {
    let gitlab = shape(GITLAB);
    let sandbox = shape(&sandbox::contributions::sdl());
    assert!(gitlab.len() > 30, "the subset was read: {} types", gitlab.len());
    let names = |m: &BTreeMap<String, Vec<String>>| m.keys().cloned().collect::<Vec<_>>();
    let only_gitlab: Vec<_> = names(&gitlab).into_iter().filter(|n| !sandbox.contains_key(n)).collect();
    let only_sandbox: Vec<_> = names(&sandbox).into_iter().filter(|n| !gitlab.contains_key(n)).collect();
    assert!(
        only_gitlab.is_empty() && only_sandbox.is_empty(),
        "types only in GitLab: {only_gitlab:?}; only in the sandbox: {only_sandbox:?}"
    );
    let mut differences = Vec::new();
    for (name, lines) in &gitlab {
        let ours = &sandbox[name];
        for l in lines.iter().filter(|l| !ours.contains(l)) {
            differences.push(format!("{name}: GitLab has `{l}`, the sandbox not"));
        }
        for l in ours.iter().filter(|l| !lines.contains(l)) {
            differences.push(format!("{name}: the sandbox has `{l}`, GitLab not"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn the_comparison_fails_when_one_side_gains_or_loses_a_field() {
    let gitlab = shape(GITLAB);
    let with_count = GITLAB.replace("  pageInfo: PageInfo!\n}", "  pageInfo: PageInfo!\n  count: Int!\n}");
    assert_ne!(shape(&with_count), gitlab, "a field added");
    let without_state = GITLAB.replacen("  state: UserState!\n", "", 1);
    assert_ne!(shape(&without_state), gitlab, "a field removed");
    let other_default = GITLAB.replacen("= SOURCE_NAME_ASC", "= ID_ASC", 1);
    assert_ne!(shape(&other_default), gitlab, "a default changed");
}
