//! The plan as a file: JSON (everything: assumptions, target, items, started waves) and CSV (one row per item,
//! for spreadsheets), and reading either back with a clear refusal of anything that is not a plan. No token is
//! ever written, and a file that carries one is refused.

use super::estimate::Assumptions;
use super::waves::{Target, Wave};
use super::{Kind, PlanItem};
use crate::logic::draft::valid_full_path;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const PLAN_VERSION: u32 = 1;
/// More items than this is not a plan this page can hold.
pub const MAX_ITEMS: usize = 20_000;

/// A wave that was started: frozen, so re-planning the rest never moves what is already running.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StartedWave {
    /// Paths of every item in it.
    pub paths: Vec<String>,
    /// Migration ids created for it.
    pub migrations: Vec<u64>,
    pub started_ms: i64,
    pub estimate_s: f64,
    /// Recorded before its first request, not yet completed with the migration ids (#27): a tab that closed
    /// meanwhile leaves it so, and the next opening looks the migrations up.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sending: bool,
    /// `namespace/slug` of what the wave sends, to recognise its migrations when the answer was lost.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// The user's newest migration id before the first request (anything of the wave's is newer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newest_before: Option<u64>,
    /// Who started it: GitLab lists a migration only to the user who started it, so a co-owner's board says
    /// whose wave it is instead of showing it pending without a word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_by: Option<Starter>,
}

/// The user who started a wave (no token, no e-mail: what GitLab shows anyone in the group).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Starter {
    pub username: String,
    pub name: String,
}

impl StartedWave {
    /// Started by someone else than `username` (a wave that does not say who started it is taken as mine).
    pub fn started_by_other(&self, username: Option<&str>) -> Option<&Starter> {
        let by = self.started_by.as_ref()?;
        (!by.username.is_empty() && username.is_some_and(|u| !u.eq_ignore_ascii_case(&by.username))).then_some(by)
    }
}

/// Everything a campaign is, as kept in browser storage and exported (never a token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    pub version: u32,
    pub source_url: String,
    pub destination_namespace: String,
    pub assumptions: Assumptions,
    pub target: Target,
    pub items: Vec<PlanItem>,
    pub started: Vec<StartedWave>,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            version: PLAN_VERSION,
            source_url: String::new(),
            destination_namespace: String::new(),
            assumptions: Assumptions::default(),
            target: Target::default(),
            items: Vec::new(),
            started: Vec::new(),
        }
    }
}

/// Why a file was refused (the page says it as a sentence).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    Empty,
    NotAPlan,
    UnknownVersion(u64),
    HasToken,
    TooMany,
    MissingColumn(&'static str),
    BadValue { row: usize, column: &'static str },
    BadPath { row: usize },
    Duplicate { row: usize },
}

impl Plan {
    /// The items not in a started wave, in plan order.
    pub fn remaining(&self) -> Vec<PlanItem> {
        let started: HashSet<String> =
            self.started.iter().flat_map(|w| w.paths.iter().map(|p| p.to_ascii_lowercase())).collect();
        self.items.iter().filter(|i| !started.contains(&i.path.to_ascii_lowercase())).cloned().collect()
    }
}

/// The plan as a file to keep or share (indented for people).
pub fn to_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_default()
}

/// The plan as browser storage keeps it (compact: written again after every change).
pub fn to_stored_json(plan: &Plan) -> String {
    serde_json::to_string(plan).unwrap_or_default()
}

fn has_token_key(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => {
            m.iter().any(|(k, v)| k.to_ascii_lowercase().contains("token") || has_token_key(v))
        }
        serde_json::Value::Array(a) => a.iter().any(has_token_key),
        _ => false,
    }
}

/// Checks the items: paths GitLab could have, no duplicates, not too many. `row` counts from 1 (CSV: data rows).
fn check_items(items: &[PlanItem]) -> Result<(), PlanError> {
    if items.len() > MAX_ITEMS {
        return Err(PlanError::TooMany);
    }
    let mut seen = HashSet::new();
    for (n, item) in items.iter().enumerate() {
        if !valid_full_path(&item.path) {
            return Err(PlanError::BadPath { row: n + 1 });
        }
        if !seen.insert((item.kind, item.path.to_ascii_lowercase())) {
            return Err(PlanError::Duplicate { row: n + 1 });
        }
    }
    Ok(())
}

pub fn from_json(text: &str) -> Result<Plan, PlanError> {
    if text.trim().is_empty() {
        return Err(PlanError::Empty);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| PlanError::NotAPlan)?;
    if has_token_key(&value) {
        return Err(PlanError::HasToken);
    }
    let Some(obj) = value.as_object() else { return Err(PlanError::NotAPlan) };
    match obj.get("version").map(|v| v.as_u64()) {
        Some(Some(v)) if v == u64::from(PLAN_VERSION) => {}
        Some(Some(v)) => return Err(PlanError::UnknownVersion(v)),
        _ => return Err(PlanError::NotAPlan),
    }
    if !obj.get("items").is_some_and(|i| i.is_array()) {
        return Err(PlanError::NotAPlan);
    }
    let mut plan: Plan = serde_json::from_value(value).map_err(|_| PlanError::NotAPlan)?;
    check_items(&plan.items)?;
    plan.assumptions = plan.assumptions.sanitized();
    Ok(plan)
}

const COLUMNS: [&str; 9] =
    ["wave", "kind", "path", "repository_size", "wiki_size", "issues", "merge_requests", "archived", "personal"];

/// One row per item, with the wave it is in under these waves (0: not in any).
pub fn to_csv(items: &[PlanItem], waves: &[Wave]) -> String {
    let mut wave_of = vec![0usize; items.len()];
    for (n, w) in waves.iter().enumerate() {
        for &i in &w.items {
            if let Some(slot) = wave_of.get_mut(i) {
                *slot = n + 1;
            }
        }
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(COLUMNS);
    for (i, item) in items.iter().enumerate() {
        // A path GitLab accepts never starts with = + - @; anything else is defused for spreadsheets.
        let path = if item.path.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{}", item.path)
        } else {
            item.path.clone()
        };
        let _ = out.write_record([
            wave_of[i].to_string(),
            item.kind.as_str().to_string(),
            path,
            item.repository_size.to_string(),
            item.wiki_size.to_string(),
            item.issues.to_string(),
            item.merge_requests.to_string(),
            item.archived.to_string(),
            item.personal.to_string(),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The items of a CSV plan (its wave column is informative: waves are recomputed from the target).
pub fn from_csv(text: &str) -> Result<Vec<PlanItem>, PlanError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(PlanError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(_) => return Err(PlanError::NotAPlan),
    };
    if header.iter().any(|c| c.contains("token")) {
        return Err(PlanError::HasToken);
    }
    let col = |name: &'static str| header.iter().position(|c| c == name).ok_or(PlanError::MissingColumn(name));
    let (kind_c, path_c) = (col("kind")?, col("path")?);
    let numbers =
        ["repository_size", "wiki_size", "issues", "merge_requests"].map(|n| (n, header.iter().position(|c| c == n)));
    let flags = ["archived", "personal"].map(|n| (n, header.iter().position(|c| c == n)));
    let mut items = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 1;
        if items.len() >= MAX_ITEMS {
            return Err(PlanError::TooMany);
        }
        let record = record.map_err(|_| PlanError::BadValue { row, column: "path" })?;
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        let kind = match cell(kind_c).to_ascii_lowercase().as_str() {
            "group" => Kind::Group,
            "project" => Kind::Project,
            _ => return Err(PlanError::BadValue { row, column: "kind" }),
        };
        let mut item = PlanItem::new(kind, cell(path_c));
        for (name, c) in numbers {
            let Some(c) = c else { continue };
            let raw = cell(c);
            let v = if raw.is_empty() {
                0
            } else {
                raw.parse::<u64>().map_err(|_| PlanError::BadValue { row, column: name })?
            };
            match name {
                "repository_size" => item.repository_size = v,
                "wiki_size" => item.wiki_size = v,
                "issues" => item.issues = v,
                _ => item.merge_requests = v,
            }
        }
        for (name, c) in flags {
            let Some(c) = c else { continue };
            let v = match cell(c).to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" | "" => false,
                _ => return Err(PlanError::BadValue { row, column: name }),
            };
            if name == "archived" {
                item.archived = v;
            } else {
                item.personal = v;
            }
        }
        item.read = numbers.iter().any(|(_, c)| c.is_some());
        items.push(item);
    }
    if items.is_empty() {
        return Err(PlanError::Empty);
    }
    check_items(&items)?;
    Ok(items)
}
