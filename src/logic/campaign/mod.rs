//! Campaign planning (#18): what was selected on the source and what it holds (`PlanItem`), the flags direct
//! transfer deserves (`flags`), the duration model (`estimate`), the split into waves (`waves`), the plan file
//! (`plan_io`), the plan kept in GitLab (`plan_file`, `merge`, the board's
//! writes in `steps`) and the board's figures (`board`). Pure functions, tested in `tests/campaign_native.rs`.

pub mod board;
pub mod estimate;
pub mod flags;
pub mod merge;
pub mod plan_file;
pub mod plan_io;
pub mod sign_off;
pub mod steps;
pub mod waves;

use crate::api::EntityType;
use serde::{Deserialize, Serialize};

/// One selected group or project and what the source said it holds (sizes in bytes).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub kind: Kind,
    /// Full path on the source.
    pub path: String,
    #[serde(default)]
    pub repository_size: u64,
    #[serde(default)]
    pub wiki_size: u64,
    #[serde(default)]
    pub issues: u64,
    #[serde(default)]
    pub merge_requests: u64,
    #[serde(default)]
    pub archived: bool,
    /// In a user's personal namespace.
    #[serde(default)]
    pub personal: bool,
    /// The source's numbers have been read (false: selected, not yet read).
    #[serde(default)]
    pub read: bool,
}

/// Group or project (the plan's own small enum: defaults to project, serialises in lower case).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Group,
    #[default]
    Project,
}

impl Kind {
    pub fn entity_type(self) -> EntityType {
        match self {
            Kind::Group => EntityType::Group,
            Kind::Project => EntityType::Project,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Project => "project",
        }
    }
}

impl PlanItem {
    pub fn new(kind: Kind, path: &str) -> PlanItem {
        PlanItem { kind, path: path.trim().to_string(), ..PlanItem::default() }
    }

    /// Whether `self` lies under the group path `group` (case-insensitively, as GitLab paths compare).
    pub fn is_under(&self, group: &str) -> bool {
        self.path.len() > group.len()
            && self.path.as_bytes()[group.len()] == b'/'
            && self.path[..group.len()].eq_ignore_ascii_case(group)
    }
}

/// Formats seconds as "3 h 05 min", "12 min", "40 s" (numbers only: the page adds words where needed).
pub fn duration_text(seconds: f64) -> String {
    let s = if seconds.is_finite() { seconds.max(0.0).round() as u64 } else { 0 };
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s.div_ceil(60)),
        _ if s < 86_400 * 2 => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// Bytes as KiB/MiB/GiB with one decimal.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}
