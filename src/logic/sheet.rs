//! Bulk reassignment by sheet, pure: GitLab's CSV (checked as GitLab checks it: extension, size, rows,
//! UTF-8, header), every row's verdict before anything is sent, and the results CSV (formula-safe).

use crate::api::graphql::SourceUser;
use crate::api::Assignee;
use crate::logic::placeholders::SourceStatus;
use std::collections::HashMap;

/// GitLab's header row, exactly (`GET /groups/:id/placeholder_reassignments`).
pub const HEADER: [&str; 7] = [
    "Source host",
    "Import type",
    "Source user identifier",
    "Source user name",
    "Source username",
    "GitLab username",
    "GitLab public email",
];
/// GitLab's limits for an uploaded sheet.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;

/// Why a whole file is refused (the page says each in one sentence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetError {
    Extension,
    TooLarge,
    TooManyRows,
    NotUtf8,
    Header,
}

/// Checks what is known before reading the file: its name and size.
pub fn check_file(name: &str, size: u64) -> Result<(), SheetError> {
    if !name.trim().to_ascii_lowercase().ends_with(".csv") {
        return Err(SheetError::Extension);
    }
    if size > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    Ok(())
}

/// One row of the owner's sheet (cells trimmed). `malformed`: not seven cells, or no source identifier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub host: String,
    pub identifier: String,
    pub source_name: String,
    pub source_username: String,
    pub username: String,
    pub email: String,
    pub malformed: bool,
}

/// Reads the sheet: UTF-8 (a BOM is skipped), GitLab's header, at most 50,000 rows. Rows that cannot be read
/// as CSV are kept as malformed rows rather than refusing the whole file.
pub fn parse(bytes: &[u8]) -> Result<Vec<SheetRow>, SheetError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
        _ => return Err(SheetError::Header),
    };
    if header != HEADER {
        return Err(SheetError::Header);
    }
    let mut rows = Vec::new();
    for (k, record) in records.enumerate() {
        let line = k + 2;
        let Ok(record) = record else {
            rows.push(SheetRow { line, malformed: true, ..SheetRow::default() });
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        let cell = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
        let malformed = record.len() != HEADER.len() || cell(2).is_empty();
        rows.push(SheetRow {
            line,
            host: cell(0),
            identifier: cell(2),
            source_name: cell(3),
            source_username: cell(4),
            username: cell(5),
            email: cell(6),
            malformed,
        });
    }
    Ok(rows)
}

/// What the console will do with a row, decided before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Reassign `source_id` (a global id) to this user.
    Matched {
        source_id: String,
        user_id: u64,
        username: String,
    },
    /// Both user columns left empty: the row is skipped (GitLab skips it too).
    NoUserGiven,
    /// No source user of this group has the row's host and identifier.
    UnknownSourceUser,
    /// No user has this username or public email.
    UnknownUser,
    /// The user exists but is blocked, deactivated or a bot.
    BlockedUser,
    /// The same user is chosen on another row, or already for another source user (GitLab refuses).
    ChosenTwice,
    /// The source user is no longer pending or rejected.
    NotPending(SourceStatus),
    Malformed,
}

impl Verdict {
    pub fn is_matched(&self) -> bool {
        matches!(self, Verdict::Matched { .. })
    }

    /// A stable short name (results CSV, test ids).
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Matched { .. } => "matched",
            Verdict::NoUserGiven => "no_user_given",
            Verdict::UnknownSourceUser => "unknown_source_user",
            Verdict::UnknownUser => "unknown_user",
            Verdict::BlockedUser => "blocked_user",
            Verdict::ChosenTwice => "chosen_twice",
            Verdict::NotPending(_) => "not_pending",
            Verdict::Malformed => "malformed",
        }
    }
}

/// What to look a row's user up by: the username, else the public email; lower-cased. `None`: nothing given.
pub fn lookup_term(row: &SheetRow) -> Option<String> {
    let term = if row.username.is_empty() { &row.email } else { &row.username };
    (!term.is_empty()).then(|| term.to_lowercase())
}

/// Every distinct term to look up, in sheet order.
pub fn lookup_terms(rows: &[SheetRow]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    rows.iter().filter(|r| !r.malformed).filter_map(lookup_term).filter(|t| seen.insert(t.clone())).collect()
}

/// The user a search for `term` names exactly (username or public email, case-insensitive).
/// GitLab answers a non-administrator with `UserBasic`, which carries no public email; its search matches a
/// whole public email exactly, so for an email the one user found without an email is that user.
pub fn pick(term: &str, candidates: &[Assignee]) -> Option<Assignee> {
    let is = |s: &str| s.eq_ignore_ascii_case(term);
    if let Some(named) = candidates.iter().find(|u| is(&u.username) || u.public_email.as_deref().is_some_and(is)) {
        return Some(named.clone());
    }
    match candidates {
        [only] if term.contains('@') && only.public_email.is_none() => Some(only.clone()),
        _ => None,
    }
}

/// The number at the end of a global id (`gid://gitlab/User/12` → 12).
pub fn gid_number(gid: &str) -> Option<u64> {
    gid.rsplit('/').next()?.parse().ok()
}

fn source_key(host: &str, identifier: &str) -> (String, String) {
    (host.trim().to_lowercase(), identifier.trim().to_string())
}

/// Every row's verdict. `sources`: every source user of the group; `users`: each lookup term's user.
pub fn verdicts(rows: &[SheetRow], sources: &[SourceUser], users: &HashMap<String, Option<Assignee>>) -> Vec<Verdict> {
    let by_key: HashMap<(String, String), &SourceUser> = sources
        .iter()
        .map(|s| {
            (
                source_key(
                    s.source_hostname.as_deref().unwrap_or(""),
                    s.source_user_identifier.as_deref().unwrap_or(""),
                ),
                s,
            )
        })
        .collect();
    // Users already chosen for a source user that is not back to pending (GitLab: "already assigned").
    let taken: std::collections::HashSet<u64> = sources
        .iter()
        .filter(|s| !matches!(SourceStatus::parse(&s.status), SourceStatus::Pending | SourceStatus::Kept))
        .filter_map(|s| s.reassign_to_user.as_ref().and_then(|u| gid_number(&u.id)))
        .collect();
    let mut out: Vec<Verdict> = rows
        .iter()
        .map(|row| {
            if row.malformed {
                return Verdict::Malformed;
            }
            let Some(term) = lookup_term(row) else { return Verdict::NoUserGiven };
            let Some(source) = by_key.get(&source_key(&row.host, &row.identifier)) else {
                return Verdict::UnknownSourceUser;
            };
            let status = SourceStatus::parse(&source.status);
            if !matches!(status, SourceStatus::Pending | SourceStatus::Rejected) {
                return Verdict::NotPending(status);
            }
            let Some(user) = users.get(&term).cloned().flatten() else { return Verdict::UnknownUser };
            if user.state.as_deref() != Some("active") || user.bot == Some(true) {
                return Verdict::BlockedUser;
            }
            let own = source.reassign_to_user.as_ref().and_then(|u| gid_number(&u.id));
            if taken.contains(&user.id) && own != Some(user.id) {
                return Verdict::ChosenTwice;
            }
            Verdict::Matched { source_id: source.id.clone(), user_id: user.id, username: user.username }
        })
        .collect();
    let mut uses: HashMap<u64, usize> = HashMap::new();
    for v in &out {
        if let Verdict::Matched { user_id, .. } = v {
            *uses.entry(*user_id).or_default() += 1;
        }
    }
    for v in &mut out {
        if matches!(v, Verdict::Matched { user_id, .. } if uses.get(user_id).copied().unwrap_or(0) > 1) {
            *v = Verdict::ChosenTwice;
        }
    }
    out
}

/// How many rows got each verdict code, in the order of first appearance.
pub fn tally(verdicts: &[Verdict]) -> Vec<(&'static str, usize)> {
    let mut out: Vec<(&'static str, usize)> = Vec::new();
    for v in verdicts {
        match out.iter_mut().find(|(c, _)| *c == v.code()) {
            Some((_, n)) => *n += 1,
            None => out.push((v.code(), 1)),
        }
    }
    out
}

/// The result of applying one matched row here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowResult {
    /// Reassigned: the user was emailed and must accept.
    Reassigned,
    /// GitLab refused, with its sentence.
    Refused(String),
    /// The request failed (network, server), with a sentence.
    Failed(String),
}

/// The results CSV: each row, its verdict and what happened (empty when it was not sent). Cells a
/// spreadsheet would run as a formula get a leading apostrophe (the sheet's cells come from anyone).
pub fn results_csv(rows: &[SheetRow], verdicts: &[Verdict], results: &[Option<RowResult>]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = writer.write_record([
        "Line",
        "Source host",
        "Source user identifier",
        "Source username",
        "GitLab username",
        "GitLab public email",
        "Verdict",
        "Result",
        "Detail",
    ]);
    for (i, row) in rows.iter().enumerate() {
        let verdict = verdicts.get(i).map(Verdict::code).unwrap_or_default();
        let (result, detail) = match results.get(i).cloned().flatten() {
            Some(RowResult::Reassigned) => ("reassigned", String::new()),
            Some(RowResult::Refused(s)) => ("refused", s),
            Some(RowResult::Failed(s)) => ("failed", s),
            None => ("", String::new()),
        };
        let cells = [
            row.line.to_string(),
            row.host.clone(),
            row.identifier.clone(),
            row.source_username.clone(),
            row.username.clone(),
            row.email.clone(),
            verdict.to_string(),
            result.to_string(),
            detail,
        ];
        let _ = writer.write_record(cells.iter().map(|c| crate::logic::failures::defuse_formula(c)));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
