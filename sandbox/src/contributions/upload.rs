//! `POST /groups/:id/placeholder_reassignments`: an owner's filled sheet (multipart field `file`), checked as
//! GitLab checks it (extension, size, row count, header) and then applied in the background, row by row,
//! as GitLab's worker does (results would go by email; the sandbox records nothing more than the changes).

use super::model::reassign;
use super::seed::sync;
use super::sheet::{owned_top_level_group, HEADER};
use crate::destination::authenticate;
use crate::world::World;
use crate::{render, Shared};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// GitLab's limits for the sheet.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
pub const NOT_CSV: &str = "You must upload a CSV file with a .csv file extension.";
pub const PREVENTING: &str = "The following errors are preventing the sheet from being processed: ";
pub const ACCEPTED: &str = "The file is being processed and you will receive an email when completed.";

fn unprocessable(text: &str) -> Response {
    render::message(StatusCode::UNPROCESSABLE_ENTITY, text)
}

/// Why the sheet is refused as a whole, in GitLab's words; `None` when it may be processed.
pub fn check_sheet(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if !file_name.to_ascii_lowercase().ends_with(".csv") {
        return Err(NOT_CSV.into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(format!("{PREVENTING}The file is larger than the maximum of 10 MB."));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{PREVENTING}The file is not valid UTF-8."))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{PREVENTING}{e}"))?;
        rows.push(record.iter().map(|f| f.trim().to_string()).collect::<Vec<_>>());
        if rows.len() > MAX_ROWS + 1 {
            return Err(format!("{PREVENTING}The file has more than the maximum of 50,000 rows."));
        }
    }
    let header: Vec<&str> = HEADER.split(',').collect();
    if rows.first().map(|r| r.iter().map(String::as_str).collect::<Vec<_>>()) != Some(header) {
        return Err(format!("{PREVENTING}The CSV header does not match the template ({HEADER})."));
    }
    rows.remove(0);
    Ok(rows)
}

/// The destination user a row names: by username, else by public email (token owners by username only).
fn find_user(world: &World, username: &str, email: &str) -> Option<u64> {
    if !username.is_empty() {
        if let Some(u) = world.users.iter().find(|u| u.username.eq_ignore_ascii_case(username)) {
            return Some(u.id);
        }
        let p = world.contributions.people.iter().find(|p| !p.placeholder && p.username.eq_ignore_ascii_case(username));
        return p.map(|p| p.id);
    }
    if email.is_empty() {
        return None;
    }
    let by_email = |p: &&super::model::Person| p.public_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email));
    world.contributions.people.iter().find(by_email).map(|p| p.id)
}

/// Applies every row that names a user: reassigns the matching pending or rejected source user of the
/// group (refusals are skipped, as GitLab's worker reports them only by email). Returns how many moved.
pub fn apply_rows(world: &mut World, group_id: u64, by: u64, rows: &[Vec<String>]) -> usize {
    let mut applied = 0;
    for row in rows {
        let cell = |i: usize| row.get(i).map(String::as_str).unwrap_or_default();
        let (host, identifier, username, email) = (cell(0), cell(2), cell(5), cell(6));
        let Some(user_id) = find_user(world, username, email) else { continue };
        let source = world.contributions.source_users.iter().find(|u| {
            u.namespace_id == group_id && u.identifier == identifier && u.hostname.eq_ignore_ascii_case(host)
        });
        if let Some(id) = source.map(|u| u.id) {
            if reassign(world, id, user_id, by).is_ok() {
                applied += 1;
            }
        }
    }
    applied
}

pub(crate) async fn upload(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Response {
    let (user, group) = {
        let mut world = s.world();
        let (user, token) = match authenticate(&world, &headers) {
            Ok(ok) => ok,
            Err(r) => return r,
        };
        if !token.has_api() {
            return render::insufficient_scope();
        }
        sync(&mut world);
        let group = match owned_top_level_group(&world, &user, &id) {
            Ok(g) => g,
            Err(r) => return r,
        };
        (user, group)
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(_) => {
                        return unprocessable(&format!("{PREVENTING}The file is larger than the maximum of 10 MB."))
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return render::error(StatusCode::BAD_REQUEST, "file is missing"),
        }
    }
    let Some((name, bytes)) = file else { return render::error(StatusCode::BAD_REQUEST, "file is missing") };
    let rows = match check_sheet(&name, &bytes) {
        Ok(rows) => rows,
        Err(text) => return unprocessable(&text),
    };
    // GitLab's worker: after the answer, on its own.
    let state = s.clone();
    tokio::spawn(async move {
        let mut world = state.world();
        sync(&mut world);
        apply_rows(&mut world, group.id, user.id, &rows);
    });
    render::message(StatusCode::CREATED, ACCEPTED)
}
