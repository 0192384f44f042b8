//! The one request that copies an item, and what its answer means. Every attribute is kept (variable type,
//! protected, masked, raw, scope, description; every webhook event, branch filter and strategy, SSL
//! verification, template); `masked_and_hidden` is sent only when true (the group API types it as a String
//! and hides on any value); `raw` is always sent (GitLab's docs disagree on its default).

use super::{Item, Secret, Setting, SettingKind, Verdict, HOOK_NOT_COMPARED};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// What a person typed for an item's secrets, by [`Secret`]; it goes into the one request and is dropped.
pub type Entered = BTreeMap<Secret, String>;

/// A write to send: `PUT` or `POST`, the path after the owner (`/variables`…), the body, and the texts that
/// must never show up in an error (values, tokens).
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub put: bool,
    pub path: String,
    pub body: Value,
    pub secrets: Vec<String>,
}

fn encode(s: &str) -> String {
    crate::api::pagination::encode_component(s)
}

/// Creates a missing item, or overwrites a differing one (only when the user ticked it). `None` when the
/// item cannot be written: nothing to copy, or a secret GitLab needs was not entered.
pub fn write_for(item: &Item, entered: &Entered) -> Option<Write> {
    let source = item.source.as_ref()?;
    let missing = |s: &Secret| s.blocks_create() && entered.get(s).is_none_or(|v| v.is_empty());
    match (&item.verdict, &item.destination) {
        (Verdict::Missing, None) if source.kind == SettingKind::ScheduleVariable => {
            schedule_create(source, item.target?)
        }
        (Verdict::Missing | Verdict::NeedsPerson, None) if !source.secrets.iter().any(missing) => {
            create(source, entered)
        }
        (Verdict::Differs(_), Some(destination)) => overwrite(source, destination, entered),
        _ => None,
    }
}

/// Whether [`write_for`] makes a write with nothing entered, without building it (the page counts what a
/// copy would send over thousands of items).
pub fn writable(item: &Item) -> bool {
    let Some(source) = item.source.as_ref() else { return false };
    match (&item.verdict, &item.destination) {
        (Verdict::Missing | Verdict::NeedsPerson, None) => match source.kind {
            SettingKind::Variable => !source.flag("hidden") && source.str("value").is_some(),
            SettingKind::ScheduleVariable => item.target.is_some() && source.str("value").is_some(),
            _ => !source.secrets.iter().any(Secret::blocks_create),
        },
        (Verdict::Differs(_), Some(d)) => match source.kind {
            SettingKind::Variable => source.str("key").is_some(),
            _ => d.id.is_some(),
        },
        _ => false,
    }
}

fn copy_fields(from: &Setting, fields: &[&str], to: &mut Map<String, Value>) {
    for f in fields {
        if let Some(v) = from.raw.get(*f).filter(|v| !v.is_null()) {
            to.insert(f.to_string(), v.clone());
        }
    }
}

fn secret_list(entered: &Entered, value: Option<&str>) -> Vec<String> {
    let mut list: Vec<String> =
        entered.values().map(String::as_str).chain(value).filter(|s| !s.is_empty()).map(str::to_string).collect();
    list.sort();
    list.dedup();
    list
}

/// A schedule variable in the destination's schedule `target`: key, value and type (the API takes no `raw`).
fn schedule_create(source: &Setting, target: u64) -> Option<Write> {
    let mut body = Map::new();
    copy_fields(source, &["key", "value", "variable_type"], &mut body);
    let value = source.str("value")?.to_string();
    let path = format!("/pipeline_schedules/{target}/variables");
    Some(Write {
        put: false,
        path,
        body: Value::Object(body),
        secrets: vec![value].into_iter().filter(|v| !v.is_empty()).collect(),
    })
}

fn create(source: &Setting, entered: &Entered) -> Option<Write> {
    let mut body = Map::new();
    match source.kind {
        SettingKind::Variable => {
            let hidden = source.flag("hidden");
            let value =
                if hidden { entered.get(&Secret::HiddenValue)?.clone() } else { source.str("value")?.to_string() };
            copy_fields(
                source,
                &["key", "variable_type", "protected", "masked", "environment_scope", "description"],
                &mut body,
            );
            body.insert("raw".into(), json!(source.flag("raw")));
            body.insert("value".into(), json!(value));
            if hidden {
                body.insert("masked".into(), json!(true));
                body.insert("masked_and_hidden".into(), json!(true));
            }
            let secrets = secret_list(entered, Some(&value));
            Some(Write { put: false, path: "/variables".into(), body: Value::Object(body), secrets })
        }
        SettingKind::Hook => {
            for (k, v) in &source.raw {
                if !HOOK_NOT_COMPARED.contains(&k.as_str()) && !v.is_null() {
                    body.insert(k.clone(), v.clone());
                }
            }
            let pairs = |pick: fn(&Secret) -> Option<&String>| -> Vec<Value> {
                entered.iter().filter_map(|(s, v)| pick(s).map(|k| json!({"key": k, "value": v}))).collect()
            };
            let vars = pairs(|s| if let Secret::UrlVariable(k) = s { Some(k) } else { None });
            let headers = pairs(|s| if let Secret::CustomHeader(k) = s { Some(k) } else { None });
            if !vars.is_empty() {
                body.insert("url_variables".into(), Value::Array(vars));
            }
            if !headers.is_empty() {
                body.insert("custom_headers".into(), Value::Array(headers));
            }
            if let Some(token) = entered.get(&Secret::HookToken).filter(|t| !t.is_empty()) {
                body.insert("token".into(), json!(token));
            }
            Some(Write {
                put: false,
                path: "/hooks".into(),
                body: Value::Object(body),
                secrets: secret_list(entered, None),
            })
        }
        SettingKind::DeployKey => {
            copy_fields(source, &["title", "key", "can_push", "expires_at"], &mut body);
            Some(Write { put: false, path: "/deploy_keys".into(), body: Value::Object(body), secrets: Vec::new() })
        }
        SettingKind::ScheduleVariable => None,
    }
}

fn overwrite(source: &Setting, destination: &Setting, entered: &Entered) -> Option<Write> {
    let mut body = Map::new();
    match source.kind {
        SettingKind::Variable => {
            copy_fields(source, &["variable_type", "protected", "description"], &mut body);
            body.insert("raw".into(), json!(source.flag("raw")));
            // A hidden variable's visibility cannot change; and a hidden source value is not readable.
            if !source.flag("hidden") && !destination.flag("hidden") {
                copy_fields(source, &["masked"], &mut body);
            }
            let value = source.str("value").filter(|_| !source.flag("hidden")).map(str::to_string);
            let value = value.or_else(|| entered.get(&Secret::HiddenValue).filter(|v| !v.is_empty()).cloned());
            if let Some(v) = &value {
                body.insert("value".into(), json!(v));
            }
            let key = source.str("key")?;
            let path = format!("/variables/{}?filter%5Benvironment_scope%5D={}", encode(key), encode(source.scope()));
            let secrets = secret_list(entered, value.as_deref());
            Some(Write { put: true, path, body: Value::Object(body), secrets })
        }
        SettingKind::Hook => {
            // Not the URL: changing it clears the token (and the custom headers) on GitLab.
            for (k, v) in &source.raw {
                if !HOOK_NOT_COMPARED.contains(&k.as_str()) && k != "url" && !v.is_null() {
                    body.insert(k.clone(), v.clone());
                }
            }
            let path = format!("/hooks/{}", destination.id?);
            Some(Write { put: true, path, body: Value::Object(body), secrets: secret_list(entered, None) })
        }
        SettingKind::DeployKey => {
            copy_fields(source, &["title", "can_push"], &mut body);
            let path = format!("/deploy_keys/{}", destination.id?);
            Some(Write { put: true, path, body: Value::Object(body), secrets: Vec::new() })
        }
        SettingKind::ScheduleVariable => {
            copy_fields(source, &["value", "variable_type"], &mut body);
            let path = format!("/pipeline_schedules/{}/variables/{}", destination.id?, encode(source.str("key")?));
            let secrets = source.str("value").filter(|v| !v.is_empty()).map(str::to_string).into_iter().collect();
            Some(Write { put: true, path, body: Value::Object(body), secrets })
        }
    }
}

/// What one write came to, as the row shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    /// GitLab answered "has already been taken": it exists, which is what was wanted.
    Exists,
    /// A group variable's scope was dropped to `*` (group environment scopes are Premium): another variable
    /// of the same key took the place.
    Collision,
    /// Created, but GitLab set the group variable's scope to `*`.
    ScopeDropped,
    Failed(String),
}

impl Outcome {
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Exists => "exists",
            Outcome::Collision => "collision",
            Outcome::ScopeDropped => "scope-dropped",
            Outcome::Failed(_) => "failed",
        }
    }

    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Collision)
    }
}

/// What a copy came to, counted from the rows' outcomes: every write the user chose is written, failed or not
/// sent (a Stop lets the writes in flight end, and starts no other).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopyTally {
    pub chosen: usize,
    pub written: usize,
    pub failed: usize,
    pub stopped: bool,
}

impl CopyTally {
    pub fn add(&mut self, outcome: &Outcome) {
        if outcome.is_failure() {
            self.failed += 1;
        } else {
            self.written += 1;
        }
    }

    pub fn not_sent(&self) -> usize {
        self.chosen.saturating_sub(self.written + self.failed)
    }
}

/// Reads a write's answer: `Ok` with the object GitLab returned, or `Err` with its error's text.
pub fn outcome(item: &Item, group: bool, write: &Write, answer: Result<&Map<String, Value>, &str>) -> Outcome {
    let scoped_group_variable = group && item.kind == SettingKind::Variable && {
        let scope = item.source.as_ref().map(Setting::scope).unwrap_or("*");
        scope != "*"
    };
    match answer {
        Ok(_) if write.put => Outcome::Updated,
        Ok(made) => {
            let scope = made.get("environment_scope").and_then(Value::as_str);
            if scoped_group_variable && scope == Some("*") {
                Outcome::ScopeDropped
            } else {
                Outcome::Created
            }
        }
        Err(text) if text.contains("has already been taken") => {
            if scoped_group_variable {
                Outcome::Collision
            } else {
                Outcome::Exists
            }
        }
        Err(text) => Outcome::Failed(text.to_string()),
    }
}
