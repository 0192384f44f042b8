//! The plan as one file in a GitLab repository (#27): reading it back with a refusal that names the line
//! (invalid JSON, a token anywhere, too large for GitLab), GitLab's Base64 `content`, and the commit message
//! that says what a change did ("wave 3 started: 14 projects").

use super::plan_io::{self, Plan, PlanError};
use std::collections::HashSet;

/// The largest plan file written or read: 10 MiB. GitLab documents no limit of its own for the Repository
/// Files API; `Gitlab::Git::Blob::MAX_DATA_DISPLAY_SIZE` (10 MiB, `lib/gitlab/git/blob.rb`) is the most of a
/// blob GitLab loads without asking for all of it, so a plan stays under it.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Why a plan file in GitLab was refused (the browser copy stays in use).
#[derive(Clone, Debug, PartialEq)]
pub enum FileRefusal {
    TooLarge {
        bytes: usize,
        max: usize,
    },
    /// Not JSON: where, and serde's reason ("expected `,` or `}`").
    InvalidJson {
        line: usize,
        reason: String,
    },
    /// A token, or a field named like a secret, on this line.
    Token {
        line: usize,
    },
    /// JSON, but not a plan.
    Plan(PlanError),
}

/// The plan in `text`, or why not. Checked in this order: size, JSON, tokens, plan.
pub fn read(text: &str) -> Result<Plan, FileRefusal> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge { bytes: text.len(), max: MAX_FILE_BYTES });
    }
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        if !text.trim().is_empty() {
            let full = e.to_string();
            let reason = full.split(" at line ").next().unwrap_or(&full).to_string();
            return Err(FileRefusal::InvalidJson { line: e.line().max(1), reason });
        }
    }
    if let Some(line) = token_line(text) {
        return Err(FileRefusal::Token { line });
    }
    plan_io::from_json(text).map_err(FileRefusal::Plan)
}

/// The plan as written to GitLab: indented (a diff per line), too large refused with the figure.
pub fn write(plan: &Plan) -> Result<String, FileRefusal> {
    let text = plan_io::to_json(plan);
    if text.len() > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge { bytes: text.len(), max: MAX_FILE_BYTES });
    }
    Ok(text)
}

const SECRET_KEYS: [&str; 3] = ["token", "secret", "password"];

/// The first line (from 1) holding a token-like value (`glpat-`, `gloas-`, `sandbox-…-token`) or a key named
/// like a secret.
pub fn token_line(text: &str) -> Option<usize> {
    text.lines().position(|l| line_has_token(&l.to_ascii_lowercase())).map(|n| n + 1)
}

fn line_has_token(line: &str) -> bool {
    if line.contains("glpat-") || line.contains("gloas-") {
        return true;
    }
    let sandbox = line.match_indices("sandbox-").any(|(at, _)| {
        let rest = &line[at..];
        let word = rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).next().unwrap_or("");
        word.ends_with("-token")
    });
    sandbox || keys(line).iter().any(|k| SECRET_KEYS.iter().any(|s| k.contains(s)))
}

/// The quoted strings of a line that are followed by `:` (object keys; escapes are skipped over).
fn keys(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                c => s.push(c),
            }
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&':') {
            out.push(s);
        }
    }
    out
}

/// GitLab's Base64 `content` (line breaks tolerated); `None` when it is not Base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn lower_paths(paths: &[String]) -> HashSet<String> {
    paths.iter().map(|p| p.to_ascii_lowercase()).collect()
}

/// What changed from `before` to `after`, as a commit message (English: it is the repository's history).
/// "1 project", "14 projects": a commit message is read in English.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn change_message(before: &Plan, after: &Plan) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (n, w) in after.started.iter().enumerate() {
        let old = before.started.iter().find(|b| b.started_ms == w.started_ms);
        let projects = w.paths.len();
        match old {
            None => {
                parts.push(format!("wave {} started: {}", n + 1, counted(projects, "project", "projects")));
            }
            Some(o) if o.migrations != w.migrations || o.sending != w.sending => {
                let ids: Vec<String> = w.migrations.iter().map(|id| format!("#{id}")).collect();
                parts.push(format!("wave {} sent: migrations {}", n + 1, ids.join(", ")));
            }
            _ => {}
        }
    }
    let gone = before.started.iter().filter(|b| !after.started.iter().any(|w| w.started_ms == b.started_ms)).count();
    if gone > 0 {
        parts.push(format!("{} removed", counted(gone, "started wave", "started waves")));
    }
    let (old, new) = (lower_paths(&paths(before)), lower_paths(&paths(after)));
    let (added, removed) = (new.difference(&old).count(), old.difference(&new).count());
    if added > 0 {
        parts.push(format!("{} added", counted(added, "group or project", "groups and projects")));
    }
    if removed > 0 {
        parts.push(format!("{} removed", counted(removed, "group or project", "groups and projects")));
    }
    if added == 0 && removed == 0 && before.items != after.items {
        parts.push("counts read from the source".into());
    }
    if before.target != after.target {
        parts.push(format!("target per wave: {}", target_text(after)));
    }
    if before.assumptions != after.assumptions {
        parts.push("assumptions edited".into());
    }
    if before.destination_namespace != after.destination_namespace {
        parts.push(format!("destination group: {}", after.destination_namespace));
    }
    if before.source_url != after.source_url {
        parts.push(format!("source: {}", after.source_url));
    }
    if parts.is_empty() {
        "plan saved".into()
    } else {
        parts.join("; ")
    }
}

fn paths(p: &Plan) -> Vec<String> {
    p.items.iter().map(|i| i.path.clone()).collect()
}

fn target_text(p: &Plan) -> String {
    match p.target {
        super::waves::Target::Projects(n) => format!("{n} projects"),
        super::waves::Target::Seconds(s) => format!("{:.1} h", s as f64 / 3600.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::campaign::plan_io::StartedWave;
    use crate::logic::campaign::waves::Target;
    use crate::logic::campaign::{Kind, PlanItem};

    #[test]
    fn invalid_json_is_refused_with_its_line() {
        let text = "{\n  \"version\": 1,\n  \"items\": [\n    {\"path\": \"a\"\n  ]\n}\n";
        match read(text) {
            Err(FileRefusal::InvalidJson { line, reason }) => {
                assert_eq!(line, 5);
                assert!(reason.contains("expected"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tokens_and_secret_fields_are_refused_with_their_line() {
        let plan = plan_io::to_json(&Plan::default());
        assert!(read(&plan).is_ok());
        for (secret, line) in [
            ("\"note\": \"glpat-abcdef\"", 2),
            ("\"note\": \"gloas-abcdef\"", 2),
            ("\"note\": \"sandbox-second-owner-token\"", 2),
            ("\"Private_Token\": \"x\"", 2),
            ("\"client_secret\": 1", 2),
            ("\"password\" : null", 2),
        ] {
            let text = plan.replacen('{', &format!("{{\n  {secret},"), 1);
            assert_eq!(read(&text), Err(FileRefusal::Token { line }), "{secret}");
        }
        // A path that merely mentions a token is a path.
        let mut p = Plan::default();
        p.items.push(PlanItem::new(Kind::Project, "tools/token-service"));
        assert!(read(&plan_io::to_json(&p)).is_ok());
    }

    #[test]
    fn too_large_is_refused_with_the_figure() {
        let text = format!("{{\"version\":1,\"items\":[],\"pad\":\"{}\"}}", "x".repeat(MAX_FILE_BYTES));
        assert_eq!(read(&text), Err(FileRefusal::TooLarge { bytes: text.len(), max: MAX_FILE_BYTES }));
        let items = (0..60_000)
            .map(|n| PlanItem::new(Kind::Project, &format!("group-{n}/a-rather-long-project-name-{n}")))
            .collect();
        let p = Plan { items, ..Plan::default() };
        assert!(matches!(write(&p), Err(FileRefusal::TooLarge { .. })));
    }

    #[test]
    fn not_a_plan_keeps_the_plan_reason() {
        assert_eq!(read("{\"version\": 9, \"items\": []}"), Err(FileRefusal::Plan(PlanError::UnknownVersion(9))));
        assert_eq!(read(""), Err(FileRefusal::Plan(PlanError::Empty)));
    }

    #[test]
    fn base64_decodes_gitlabs_content() {
        assert_eq!(decode_base64("eyJ3YXZlcyI6W119").as_deref(), Some(&b"{\"waves\":[]}"[..]));
        assert_eq!(decode_base64("w6k=\n").as_deref(), Some("é".as_bytes()));
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("a*b"), None);
    }

    #[test]
    fn the_commit_message_says_what_changed() {
        let items = vec![PlanItem::new(Kind::Project, "a/b"), PlanItem::new(Kind::Project, "a/c")];
        let before = Plan { items, ..Plan::default() };
        let mut after = before.clone();
        after.started.push(StartedWave {
            paths: vec!["a/b".into(); 14],
            started_ms: 5,
            sending: true,
            ..Default::default()
        });
        assert_eq!(change_message(&before, &after), "wave 1 started: 14 projects");
        let mut one = before.clone();
        one.started.push(StartedWave { paths: vec!["a/b".into()], started_ms: 6, ..Default::default() });
        assert_eq!(change_message(&before, &one), "wave 1 started: 1 project");
        let mut sent = after.clone();
        sent.started[0].migrations = vec![41, 42];
        sent.started[0].sending = false;
        assert_eq!(change_message(&after, &sent), "wave 1 sent: migrations #41, #42");
        let mut t = before.clone();
        t.target = Target::Projects(120);
        t.items.push(PlanItem::new(Kind::Group, "z"));
        assert_eq!(change_message(&before, &t), "1 group or project added; target per wave: 120 projects");
        assert_eq!(change_message(&before, &before), "plan saved");
    }
}
