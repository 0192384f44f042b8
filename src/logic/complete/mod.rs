//! "Complete the move" (#26): what direct transfer leaves behind (CI/CD variables, webhooks, deploy keys,
//! pipeline schedule variables),
//! compared item by item between the source and the destination. The contract is GitLab's
//! (`shared/reference/complete-the-move.md`): a hidden variable's value reads as `null`, a webhook's token,
//! URL-variable values and custom-header values are never returned, so a person supplies them.

pub mod cutover;
pub mod requests;
pub mod schedules;
pub mod tokens;

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The kinds of item the page compares and copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SettingKind {
    Variable,
    Hook,
    DeployKey,
    /// A pipeline schedule's variables (projects only).
    ScheduleVariable,
}

impl SettingKind {
    pub const ALL: [SettingKind; 4] =
        [SettingKind::Variable, SettingKind::Hook, SettingKind::DeployKey, SettingKind::ScheduleVariable];

    /// The list's name in GitLab's routes (`/projects/:id/<list>`).
    pub fn list(self) -> &'static str {
        match self {
            SettingKind::Variable => "variables",
            SettingKind::Hook => "hooks",
            SettingKind::DeployKey => "deploy_keys",
            SettingKind::ScheduleVariable => "pipeline_schedules",
        }
    }

    /// Groups have variables and webhooks; deploy keys and pipeline schedules belong to projects.
    pub fn applies_to(self, group: bool) -> bool {
        !(group && matches!(self, SettingKind::DeployKey | SettingKind::ScheduleVariable))
    }
}

/// What only a person can supply: GitLab never returns it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Secret {
    /// A hidden variable's value (`value: null`).
    HiddenValue,
    /// A webhook's secret token (19.0+ says whether there is one with `token_present`).
    HookToken,
    UrlVariable(String),
    CustomHeader(String),
}

impl Secret {
    /// Whether the item cannot be created without it: GitLab refuses a URL variable or a header without a
    /// value, and a hidden variable without one. A token is optional.
    pub fn blocks_create(&self) -> bool {
        !matches!(self, Secret::HookToken)
    }
}

/// One variable, webhook or deploy key as one instance sent it.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub kind: SettingKind,
    /// What matches an item across instances: key and scope, URL, public key.
    pub identity: String,
    /// What the user reads: the key (with its scope), the webhook's name or URL, the deploy key's title.
    pub label: String,
    /// The webhook's or deploy key's id on its instance (writes address it by id).
    pub id: Option<u64>,
    /// The attributes compared, as text. A value GitLab does not return is absent.
    pub attrs: BTreeMap<String, String>,
    pub secrets: Vec<Secret>,
    /// The object as sent: the requests copy its fields.
    pub raw: Map<String, Value>,
}

/// Webhook fields that are not settings (ids, times, state), or that are read apart (secrets' keys).
const HOOK_NOT_COMPARED: [&str; 10] = [
    "id",
    "created_at",
    "project_id",
    "group_id",
    "alert_status",
    "disabled_until",
    "token_present",
    "signing_token_present",
    "url_variables",
    "custom_headers",
];

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn keys_of(v: Option<&Value>) -> Vec<String> {
    let items = v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    items.iter().filter_map(|i| i.get("key").and_then(Value::as_str).map(str::to_string)).collect()
}

impl Setting {
    /// Reads one item of `kind` as GitLab's entity sends it; `None` when it lacks what identifies it.
    pub fn read(kind: SettingKind, raw: Map<String, Value>) -> Option<Setting> {
        match kind {
            SettingKind::Variable => variable(raw),
            SettingKind::Hook => hook(raw),
            SettingKind::DeployKey => deploy_key(raw),
            // Read from a schedule's details, several at a time: `schedules::read_schedule`.
            SettingKind::ScheduleVariable => None,
        }
    }

    pub fn str(&self, field: &str) -> Option<&str> {
        self.raw.get(field).and_then(Value::as_str)
    }

    pub fn flag(&self, field: &str) -> bool {
        self.raw.get(field).and_then(Value::as_bool).unwrap_or(false)
    }

    /// A variable's environment scope (`*` when absent).
    pub fn scope(&self) -> &str {
        self.str("environment_scope").unwrap_or("*")
    }
}

fn variable(raw: Map<String, Value>) -> Option<Setting> {
    let key = raw.get("key").and_then(Value::as_str)?.to_string();
    let scope = raw.get("environment_scope").and_then(Value::as_str).unwrap_or("*").to_string();
    let hidden = raw.get("hidden").and_then(Value::as_bool).unwrap_or(false);
    let mut attrs = BTreeMap::new();
    for field in ["variable_type", "protected", "masked", "raw", "hidden", "description"] {
        attrs.insert(field.to_string(), raw.get(field).and_then(text).unwrap_or_default());
    }
    // `null` when hidden: nobody can read it, so it is not compared.
    if let Some(v) = raw.get("value").and_then(Value::as_str).filter(|_| !hidden) {
        attrs.insert("value".into(), v.to_string());
    }
    let label = if scope == "*" { key.clone() } else { format!("{key} ({scope})") };
    let secrets = if hidden { vec![Secret::HiddenValue] } else { Vec::new() };
    Some(Setting {
        kind: SettingKind::Variable,
        identity: format!("{key}\u{1f}{scope}"),
        label,
        id: None,
        attrs,
        secrets,
        raw,
    })
}

fn hook(raw: Map<String, Value>) -> Option<Setting> {
    let url = raw.get("url").and_then(Value::as_str)?.to_string();
    let mut attrs = BTreeMap::new();
    for (k, v) in &raw {
        if !HOOK_NOT_COMPARED.contains(&k.as_str()) && k != "url" {
            attrs.insert(k.clone(), text(v).unwrap_or_default());
        }
    }
    let (vars, headers) = (keys_of(raw.get("url_variables")), keys_of(raw.get("custom_headers")));
    attrs.insert("url_variables".into(), vars.join(", "));
    attrs.insert("custom_headers".into(), headers.join(", "));
    let mut secrets = Vec::new();
    if raw.get("token_present").and_then(Value::as_bool) != Some(false) {
        secrets.push(Secret::HookToken);
    }
    secrets.extend(vars.into_iter().map(Secret::UrlVariable));
    secrets.extend(headers.into_iter().map(Secret::CustomHeader));
    let name = raw.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty());
    Some(Setting {
        kind: SettingKind::Hook,
        label: name.map(|n| format!("{n} — {url}")).unwrap_or_else(|| url.clone()),
        identity: url,
        id: raw.get("id").and_then(Value::as_u64),
        attrs,
        secrets,
        raw,
    })
}

fn deploy_key(raw: Map<String, Value>) -> Option<Setting> {
    let key = raw.get("key").and_then(Value::as_str)?;
    // Type and body: the comment after them is free text that may differ.
    let identity = key.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    if identity.is_empty() {
        return None;
    }
    let mut attrs = BTreeMap::new();
    for field in ["title", "can_push", "expires_at"] {
        attrs.insert(field.to_string(), raw.get(field).and_then(text).unwrap_or_default());
    }
    let title = raw.get("title").and_then(Value::as_str).unwrap_or("").to_string();
    Some(Setting {
        kind: SettingKind::DeployKey,
        label: if title.is_empty() { identity.chars().take(40).collect() } else { title },
        identity,
        id: raw.get("id").and_then(Value::as_u64),
        attrs,
        secrets: Vec::new(),
        raw,
    })
}

/// Where an item stands, in the order the page lists them (what needs doing first).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Missing on the destination, and only a person can supply what creating it needs.
    NeedsPerson,
    /// A schedule variable whose schedule (description, ref, cron) the destination lacks: a person creates
    /// the schedule first.
    NeedsSchedule,
    /// Missing on the destination; the console can create it.
    Missing,
    /// On both, with these attributes different.
    Differs(Vec<String>),
    Same,
    /// Only on the destination: never touched.
    OnlyDestination,
}

impl Verdict {
    pub fn key(&self) -> &'static str {
        match self {
            Verdict::NeedsPerson => "needs-person",
            Verdict::NeedsSchedule => "needs-schedule",
            Verdict::Missing => "missing",
            Verdict::Differs(_) => "differs",
            Verdict::Same => "same",
            Verdict::OnlyDestination => "destination-only",
        }
    }
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: SettingKind,
    pub source: Option<Setting>,
    pub destination: Option<Setting>,
    pub verdict: Verdict,
    /// Where a create goes when it is not the owner itself: the destination schedule's id.
    pub target: Option<u64>,
}

impl Item {
    pub fn label(&self) -> &str {
        self.source.as_ref().or(self.destination.as_ref()).map(|s| s.label.as_str()).unwrap_or("")
    }

    pub fn identity(&self) -> &str {
        self.source.as_ref().or(self.destination.as_ref()).map(|s| s.identity.as_str()).unwrap_or("")
    }
}

/// The attributes that differ; a value either side cannot read is not compared.
fn differences(source: &Setting, destination: &Setting) -> Vec<String> {
    source
        .attrs
        .iter()
        .filter(|(k, v)| destination.attrs.get(*k).is_some_and(|d| d != *v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Pairs the source's items with the destination's by identity, differences first.
pub fn compare(kind: SettingKind, source: &[Setting], destination: &[Setting]) -> Vec<Item> {
    let mut by_identity: BTreeMap<&str, &Setting> = destination.iter().map(|d| (d.identity.as_str(), d)).collect();
    let mut items: Vec<Item> = source
        .iter()
        .map(|s| {
            let d = by_identity.remove(s.identity.as_str());
            let verdict = match d {
                None if s.secrets.iter().any(Secret::blocks_create) => Verdict::NeedsPerson,
                None => Verdict::Missing,
                Some(d) => match differences(s, d) {
                    diff if diff.is_empty() => Verdict::Same,
                    diff => Verdict::Differs(diff),
                },
            };
            Item { kind, source: Some(s.clone()), destination: d.cloned(), verdict, target: None }
        })
        .collect();
    items.extend(by_identity.into_values().map(|d| Item {
        kind,
        source: None,
        destination: Some(d.clone()),
        verdict: Verdict::OnlyDestination,
        target: None,
    }));
    items.sort_by(|a, b| a.verdict.cmp(&b.verdict).then_with(|| a.label().cmp(b.label())));
    items
}

/// How many items stand where, for a heading or a summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub needs_person: usize,
    pub missing: usize,
    pub differs: usize,
    pub same: usize,
    pub destination_only: usize,
}

impl Tally {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Tally {
        let mut t = Tally::default();
        for i in items {
            match i.verdict {
                Verdict::NeedsPerson | Verdict::NeedsSchedule => t.needs_person += 1,
                Verdict::Missing => t.missing += 1,
                Verdict::Differs(_) => t.differs += 1,
                Verdict::Same => t.same += 1,
                Verdict::OnlyDestination => t.destination_only += 1,
            }
        }
        t
    }

    pub fn add(&mut self, other: Tally) {
        self.needs_person += other.needs_person;
        self.missing += other.missing;
        self.differs += other.differs;
        self.same += other.same;
        self.destination_only += other.destination_only;
    }
}

/// Per kind, for the report: items copied (or found already there when written), waiting for a person, and
/// the same from the start. Each item comes with its write's result, if it was written.
pub fn after_copy_counts<'a>(
    items: impl IntoIterator<Item = (&'a Item, Option<&'a requests::Outcome>)>,
) -> BTreeMap<SettingKind, (usize, usize, usize)> {
    let mut counts: BTreeMap<SettingKind, (usize, usize, usize)> =
        SettingKind::ALL.into_iter().map(|k| (k, (0, 0, 0))).collect();
    for (item, outcome) in items {
        let written = outcome.filter(|o| !o.is_failure());
        let c = counts.entry(item.kind).or_default();
        match (&item.verdict, written) {
            (_, Some(_)) => c.0 += 1,
            (Verdict::NeedsPerson | Verdict::NeedsSchedule, None) => c.1 += 1,
            (Verdict::Same, None) => c.2 += 1,
            _ => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests;
