//! Bulk reassignment by sheet, loaded: every source user of the group and every user the sheet names
//! (≤ 4 lookups in flight), the verdicts; the matched rows applied with the mutation (≤ 4 in flight, each
//! answer handed over as it comes, stoppable); the sheet sent to GitLab's endpoint; GitLab's CSV.

use super::bounded::run_bounded;
use super::contributions::RowAnswer;
use super::scope::PageScope;
use crate::api::graphql::{SourceUser, SourceUserQuery};
use crate::api::{ApiError, Assignee, Client};
use crate::logic::sheet::{lookup_terms, pick, verdicts, SheetRow, Verdict};
use std::collections::HashMap;

/// Requests of the sheet in flight at most while looking users up or applying rows: with the page's own
/// live refresh (the table, and the counts: up to 3 at once) the page never has more than 6 out.
pub const IN_FLIGHT: usize = 2;
/// Pages of 100 read at most for the group's source users (50,000, GitLab's sheet limit).
const MAX_PAGES: usize = 500;

/// Every source user of the group, in cursor pages of 100 read one after another.
async fn all_source_users(client: &Client, group: &str) -> Result<Vec<SourceUser>, ApiError> {
    let mut out = Vec::new();
    let mut after = None;
    for _ in 0..MAX_PAGES {
        let query =
            SourceUserQuery { full_path: group.to_string(), sort: "ID_ASC", first: 100, after, ..Default::default() };
        let page = client.source_users(&query).await?;
        out.extend(page.nodes);
        match page.end_cursor.filter(|_| page.has_next_page) {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    Ok(out)
}

/// Every row's verdict: the group's source users, then each distinct user named (username or public
/// email) looked up with `GET /users?search=`. `progress(done, total)` after each lookup.
pub async fn check(
    scope: PageScope,
    group: String,
    rows: &[SheetRow],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Verdict>, ApiError> {
    let client = scope.client()?;
    let sources = all_source_users(&client, &group).await?;
    let terms = lookup_terms(rows);
    let total = terms.len();
    let mut users: HashMap<String, Option<Assignee>> = HashMap::new();
    let mut failure = None;
    let search = |term: String| {
        let client = client.clone();
        async move {
            let found = client.lookup_users(&term).await;
            (term, found)
        }
    };
    run_bounded(
        terms,
        IN_FLIGHT,
        search,
        |(term, found): (String, Result<Vec<Assignee>, ApiError>)| {
            match found {
                Ok(list) => {
                    let user = pick(&term, &list);
                    users.insert(term, user);
                }
                Err(e) => failure = failure.take().or(Some(e)),
            }
            progress(users.len(), total);
        },
        || false,
    )
    .await;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(verdicts(rows, &sources, &users))
}

/// One matched row to apply: its index in the sheet, the source user's global id, the user's id.
pub type Job = (usize, String, u64);

/// Applies the jobs with the reassign mutation, ≤ 4 at once; `on_answer(index, answer)` as each ends.
/// Once `stop()` is true no further job is sent; the requests already out finish and are handed over.
/// Returns how many were sent.
pub async fn apply(
    scope: PageScope,
    jobs: Vec<Job>,
    mut on_answer: impl FnMut((usize, RowAnswer)),
    stop: impl Fn() -> bool + Clone,
) -> usize {
    let client = scope.client();
    let work = |(index, source_id, user_id): Job| {
        let (client, stop) = (client.clone(), stop.clone());
        async move {
            if stop() {
                return None;
            }
            let answer = match client {
                Ok(c) => c.reassign_source_user(&source_id, user_id).await,
                Err(e) => Err(e),
            };
            Some((index, answer))
        }
    };
    let mut sent = 0;
    let on_done = |answer: Option<(usize, RowAnswer)>| {
        if let Some(answer) = answer {
            sent += 1;
            on_answer(answer);
        }
    };
    run_bounded(jobs, IN_FLIGHT, work, on_done, || false).await;
    sent
}

/// Sends the sheet to GitLab, which applies it in the background and emails the results.
pub async fn send(scope: PageScope, group: String, file_name: String, bytes: Vec<u8>) -> Result<String, ApiError> {
    let message = scope.client()?.upload_reassignment_sheet(&group, &file_name, &bytes).await?;
    Ok(message.unwrap_or_default())
}

/// GitLab's sheet of the source users still to reassign, as text.
pub async fn download(scope: PageScope, group: String) -> Result<String, ApiError> {
    scope.client()?.download_reassignment_sheet(&group).await
}
