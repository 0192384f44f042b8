//! Bulk reassignment by sheet: file checks, parsing, every verdict, and the formula-safe results CSV.

use migration_console::api::graphql::{SourceUser, UserCore};
use migration_console::api::Assignee;
use migration_console::logic::placeholders::SourceStatus;
use migration_console::logic::sheet::*;
use std::collections::HashMap;

const H: &str =
    "Source host,Import type,Source user identifier,Source user name,Source username,GitLab username,GitLab public email";

fn source(id: u64, identifier: &str, status: &str, chosen: Option<u64>) -> SourceUser {
    SourceUser {
        id: format!("gid://gitlab/Import::SourceUser/{id}"),
        status: status.into(),
        source_username: Some(format!("src{id}")),
        source_name: None,
        source_hostname: Some("gitlab.example".into()),
        source_user_identifier: Some(identifier.into()),
        reassignment_error: None,
        placeholder_user: None,
        reassign_to_user: chosen.map(|u| UserCore { id: format!("gid://gitlab/User/{u}"), ..UserCore::default() }),
    }
}

fn user(id: u64, username: &str, state: &str, bot: bool) -> Assignee {
    Assignee {
        id,
        username: username.into(),
        name: None,
        avatar_url: None,
        state: Some(state.into()),
        bot: Some(bot),
        public_email: Some(format!("{username}@example.com")),
    }
}

#[test]
fn files_are_checked_by_name_and_size_before_reading() {
    assert_eq!(check_file("filled.csv", 10), Ok(()));
    assert_eq!(check_file("FILLED.CSV", 10), Ok(()));
    assert_eq!(check_file("filled.xlsx", 10), Err(SheetError::Extension));
    assert_eq!(check_file("csv", 10), Err(SheetError::Extension));
    assert_eq!(check_file("big.csv", MAX_BYTES + 1), Err(SheetError::TooLarge));
}

#[test]
fn parsing_refuses_wrong_headers_non_utf8_and_too_many_rows() {
    assert_eq!(parse(b"Name,Email\nx,y\n"), Err(SheetError::Header));
    assert_eq!(parse(b""), Err(SheetError::Header));
    assert_eq!(parse(b"Source host,\xff\n"), Err(SheetError::NotUtf8));
    let many = format!("{H}\n{}", "h,t,1,n,u,,\n".repeat(MAX_ROWS + 1));
    assert_eq!(parse(many.as_bytes()), Err(SheetError::TooManyRows));
    let exactly = format!("{H}\n{}", "h,t,1,n,u,,\n".repeat(MAX_ROWS));
    assert_eq!(parse(exactly.as_bytes()).map(|r| r.len()), Ok(MAX_ROWS));
    // A BOM (spreadsheets write one) and CRLF are fine; blank lines are skipped.
    let rows = parse(format!("\u{feff}{H}\r\nh, t ,7,N,u, alice ,\r\n\r\n").as_bytes()).expect("parses");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].line, rows[0].identifier.as_str(), rows[0].username.as_str()), (2, "7", "alice"));
}

#[test]
fn short_rows_and_rows_without_identifier_are_malformed() {
    let rows = parse(format!("{H}\nh,t,1,n\nh,t,,n,u,alice,\n\"unclosed,t,1\n").as_bytes()).expect("parses");
    assert!(rows.iter().all(|r| r.malformed), "{rows:?}");
}

#[test]
fn every_verdict_is_given_before_anything_is_sent() {
    let sheet = format!(
        "{H}\n\
         gitlab.example,t,1,A,a,alice,\n\
         GITLAB.EXAMPLE,t,2,B,b,,bob@example.com\n\
         gitlab.example,t,3,C,c,nobody,\n\
         gitlab.example,t,4,D,d,bill,\n\
         gitlab.example,t,5,E,e,carol,\n\
         gitlab.example,t,6,F,f,carol,\n\
         gitlab.example,t,7,G,g,dave,\n\
         gitlab.example,t,8,H,h,,\n\
         gitlab.example,t,99,I,i,erin,\n\
         gitlab.example,t\n\
         gitlab.example,t,9,J,j,frank,\n\
         gitlab.example,t,10,K,k,deploy-bot,\n"
    );
    let rows = parse(sheet.as_bytes()).expect("parses");
    let sources = vec![
        source(1, "1", "PENDING_REASSIGNMENT", None),
        source(2, "2", "REJECTED", Some(12)),
        source(3, "3", "PENDING_REASSIGNMENT", None),
        source(4, "4", "PENDING_REASSIGNMENT", None),
        source(5, "5", "PENDING_REASSIGNMENT", None),
        source(6, "6", "PENDING_REASSIGNMENT", None),
        source(7, "7", "COMPLETED", Some(13)),
        source(8, "8", "PENDING_REASSIGNMENT", None),
        source(9, "9", "PENDING_REASSIGNMENT", None),
        source(10, "10", "PENDING_REASSIGNMENT", None),
        source(11, "11", "AWAITING_APPROVAL", Some(15)),
    ];
    let mut users: HashMap<String, Option<Assignee>> = HashMap::new();
    assert_eq!(
        lookup_terms(&rows),
        ["alice", "bob@example.com", "nobody", "bill", "carol", "dave", "erin", "frank", "deploy-bot"]
    );
    let found = [
        user(10, "alice", "active", false),
        user(12, "bob", "active", false),
        user(16, "bill", "blocked", false),
        user(14, "carol", "active", false),
        user(15, "frank", "active", false),
        user(17, "deploy-bot", "active", true),
    ];
    for term in lookup_terms(&rows) {
        users.insert(term.clone(), pick(&term, &found));
    }
    let v = verdicts(&rows, &sources, &users);
    let codes: Vec<&str> = v.iter().map(Verdict::code).collect();
    assert_eq!(
        codes,
        [
            "matched", // by username
            "matched", // by public email, rejected before (its own earlier choice is no conflict)
            "unknown_user",
            "blocked_user",
            "chosen_twice", // carol on two rows
            "chosen_twice",
            "not_pending",
            "no_user_given",
            "unknown_source_user",
            "malformed",
            "chosen_twice", // frank already awaits on source user 11
            "blocked_user", // a bot
        ]
    );
    assert_eq!(v[6], Verdict::NotPending(SourceStatus::Completed));
    assert_eq!(
        v[0],
        Verdict::Matched {
            source_id: "gid://gitlab/Import::SourceUser/1".into(),
            user_id: 10,
            username: "alice".into()
        }
    );
    assert_eq!(tally(&v)[0], ("matched", 2));
    assert_eq!(tally(&v).iter().map(|(_, n)| n).sum::<usize>(), rows.len());
}

#[test]
fn picking_needs_an_exact_username_or_public_email() {
    let found = [user(1, "alicia", "active", false), user(2, "alice", "active", false)];
    assert_eq!(pick("alice", &found).map(|u| u.id), Some(2));
    assert_eq!(pick("ALICIA@example.com", &found).map(|u| u.id), Some(1));
    assert_eq!(pick("ali", &found), None);
    // GitLab's UserBasic (a non-administrator's answer) has no public email: its email search matches exactly,
    // so one user found for an email is that user; two are not a match, and a name search never is.
    let basic = |id, name: &str| Assignee { public_email: None, ..user(id, name, "active", false) };
    assert_eq!(pick("dave@example.com", &[basic(7, "dave")]).map(|u| u.id), Some(7));
    assert_eq!(pick("dave@example.com", &[basic(7, "dave"), basic(8, "davina")]), None);
    assert_eq!(pick("dav", &[basic(7, "dave")]), None);
    assert_eq!(gid_number("gid://gitlab/User/12"), Some(12));
    assert_eq!(gid_number("nonsense"), None);
}

#[test]
fn the_results_csv_defuses_formulas_and_says_what_happened() {
    let rows = parse(format!("{H}\nh,t,1,N,=HYPERLINK(\"x\"),alice,\nh,t,2,N,u,+bob,\nh,t,3,N,u,,\n").as_bytes())
        .expect("parses");
    let verdicts = vec![
        Verdict::Matched { source_id: "g1".into(), user_id: 1, username: "alice".into() },
        Verdict::Matched { source_id: "g2".into(), user_id: 2, username: "bob".into() },
        Verdict::NoUserGiven,
    ];
    let results = vec![Some(RowResult::Reassigned), Some(RowResult::Refused("-nope".into())), None];
    let csv = results_csv(&rows, &verdicts, &results);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("Line,Source host,"));
    assert!(lines[1].contains("'=HYPERLINK") && lines[1].ends_with("matched,reassigned,"), "{}", lines[1]);
    assert!(lines[2].contains(",'+bob,") && lines[2].ends_with("matched,refused,'-nope"), "{}", lines[2]);
    assert!(lines[3].ends_with("no_user_given,,"), "{}", lines[3]);
}

#[test]
fn a_group_entity_links_to_its_top_level_groups_contributions() {
    use migration_console::logic::placeholders::{entity_top_level, ContribView};
    let e: migration_console::api::Entity = serde_json::from_value(serde_json::json!({
        "id": 1, "bulk_import_id": 1, "status": "finished", "source_full_path": "src/a",
        "destination_full_path": "migrated/acme/sub", "destination_namespace": "migrated/acme", "destination_slug": "sub"
    }))
    .expect("an entity");
    assert_eq!(entity_top_level(&e).as_deref(), Some("migrated"));
    let bare: migration_console::api::Entity = serde_json::from_value(serde_json::json!({
        "id": 2, "bulk_import_id": 1, "status": "created", "source_full_path": "src/b",
        "destination_namespace": "", "destination_slug": "newtop"
    }))
    .expect("an entity");
    assert_eq!(entity_top_level(&bare).as_deref(), Some("newtop"));
    let v = ContribView { group: "g".into(), ..ContribView::default() };
    assert!(v.is_unfiltered());
    assert!(!ContribView { search: "x".into(), ..v.clone() }.is_unfiltered());
}
