//! The parameter checks of `lib/api/bulk_imports.rb` and its validators, with GitLab's messages.

use regex_lite::Regex;
use serde_json::Value;
use std::sync::LazyLock;

static OCI_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*$").expect("regex"));
static PATH_SEGMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z0-9_.][a-zA-Z0-9_.-]*$").expect("regex"));

pub const SLUG_MESSAGE: &str = "can only include non-accented letters, digits, '_', '-' and '.'. It must not start with '-', '_', or '.', nor end with '-', '_', '.', '.git', or '.atom'. For example, 'destination_namespace' not 'destination/namespace'";
pub const NAMESPACE_MESSAGE: &str = "must be a relative path and not include protocol, sub-domain, or domain information. For example, 'destination/full/path' not 'https://example.com/destination/full/path'";
pub const SOURCE_MESSAGE: &str = "must be a relative path and not include protocol, sub-domain, or domain information. For example, 'source/full/path' not 'https://example.com/source/full/path'";

pub fn valid_slug(s: &str) -> bool {
    OCI_PATH.is_match(s) && !s.ends_with(".git") && !s.ends_with(".atom")
}

/// `NamespacePathValidator.valid_path?` (and the project one): relative, segment by segment.
pub fn valid_full_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|seg| PATH_SEGMENT.is_match(seg) && !seg.ends_with(".git") && !seg.ends_with(".atom"))
}

pub struct ValidEntity {
    pub source_type: String,
    pub source_full_path: String,
    pub destination_slug: String,
    pub destination_namespace: String,
    pub migrate_projects: bool,
    pub migrate_memberships: bool,
}

pub struct ValidRequest {
    pub url: String,
    pub access_token: String,
    pub entities: Vec<ValidEntity>,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn boolean(v: Option<&Value>, default: bool) -> Result<bool, ()> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s == "true" => Ok(true),
        Some(Value::String(s)) if s == "false" => Ok(false),
        _ => Err(()),
    }
}

/// Grape's validation, messages joined with ", " as Grape joins them.
pub fn validate_create(body: &Value) -> Result<ValidRequest, String> {
    let mut errors = Vec::new();
    let config = body.get("configuration").filter(|c| c.is_object());
    if config.is_none() {
        errors.push("configuration is missing".to_string());
    }
    let url = config.and_then(|c| text(c.get("url"))).filter(|s| !s.is_empty());
    let token = config.and_then(|c| text(c.get("access_token"))).filter(|s| !s.is_empty());
    if config.is_some() && url.is_none() {
        errors.push("configuration[url] is missing".into());
    }
    if config.is_some() && token.is_none() {
        errors.push("configuration[access_token] is missing".into());
    }
    let list = body.get("entities").and_then(Value::as_array).filter(|l| !l.is_empty());
    if list.is_none() {
        errors.push("entities is missing".into());
    }
    let mut entities = Vec::new();
    for (i, e) in list.into_iter().flatten().enumerate() {
        let p = |name: &str| format!("entities[{i}][{name}]");
        let source_type = text(e.get("source_type"));
        match source_type.as_deref() {
            None => errors.push(format!("{} is missing", p("source_type"))),
            Some("group_entity" | "project_entity") => {}
            Some(_) => errors.push(format!("{} does not have a valid value", p("source_type"))),
        }
        let source = text(e.get("source_full_path"));
        match source.as_deref() {
            None | Some("") => errors.push(format!("{} is missing", p("source_full_path"))),
            Some(s) if !valid_full_path(s) => errors.push(format!("{} {SOURCE_MESSAGE}", p("source_full_path"))),
            _ => {}
        }
        let namespace = text(e.get("destination_namespace"));
        match namespace.as_deref() {
            None => errors.push(format!("{} is missing", p("destination_namespace"))),
            Some(ns) if !ns.is_empty() && !valid_full_path(ns) => {
                errors.push(format!("{} {NAMESPACE_MESSAGE}", p("destination_namespace")))
            }
            _ => {}
        }
        let slug = text(e.get("destination_slug"));
        let name = text(e.get("destination_name"));
        let chosen = match (&slug, &name) {
            (Some(_), Some(_)) => {
                errors.push(format!("{}, {} are mutually exclusive", p("destination_slug"), p("destination_name")));
                None
            }
            (None, None) => {
                errors.push(format!(
                    "{}, {} are missing, at least one parameter must be provided",
                    p("destination_slug"),
                    p("destination_name")
                ));
                None
            }
            (Some(s), None) => Some(("destination_slug", s.clone())),
            (None, Some(n)) => Some(("destination_name", n.clone())),
        };
        if let Some((field, value)) = &chosen {
            if !valid_slug(value) {
                errors.push(format!("{} {SLUG_MESSAGE}", p(field)));
            }
        }
        let migrate_projects = boolean(e.get("migrate_projects"), true);
        let migrate_memberships = boolean(e.get("migrate_memberships"), true);
        if migrate_projects.is_err() {
            errors.push(format!("{} is invalid", p("migrate_projects")));
        }
        if migrate_memberships.is_err() {
            errors.push(format!("{} is invalid", p("migrate_memberships")));
        }
        entities.push(ValidEntity {
            source_type: source_type.unwrap_or_default(),
            source_full_path: source.unwrap_or_default(),
            destination_slug: chosen.map(|(_, v)| v).unwrap_or_default(),
            destination_namespace: namespace.unwrap_or_default(),
            migrate_projects: migrate_projects.unwrap_or(true),
            migrate_memberships: migrate_memberships.unwrap_or(true),
        });
    }
    if errors.is_empty() {
        Ok(ValidRequest { url: url.unwrap_or_default(), access_token: token.unwrap_or_default(), entities })
    } else {
        Err(errors.join(", "))
    }
}
