//! Who exists on the contributions side: assignable people (and a blocked user and a bot), and the import
//! source users that appear when a migration into a top-level group runs.

use super::model::*;
use crate::world::*;

/// Source users an entity brings, picked from this pool by entity id (so entities share some).
const POOL: [(&str, &str); 16] = [
    ("asmith", "Ada Smith"),
    ("bjones", "Ben Jones"),
    ("cwu", "Chen Wu"),
    ("dkumar", "Divya Kumar"),
    ("eolsen", "Erik Olsen"),
    ("fgarcia", "Fatima Garcia"),
    ("gmuller", "Greta Müller"),
    ("hsato", "Hiro Sato"),
    ("ijohansson", "Ingrid Johansson"),
    ("jdoe", "Jamie Doe"),
    ("kimani", "Kofi Imani"),
    ("lzhang", "李 张"),
    ("mrossi", "Marco Rossi"),
    ("nnovak", "Nina Novák"),
    ("oadeyemi", "Ola Adeyemi"),
    ("pdubois", "Paul Dubois"),
];

fn person(id: u64, username: &str, name: &str) -> Person {
    Person {
        id,
        username: username.into(),
        name: name.into(),
        active: true,
        bot: false,
        placeholder: false,
        public_email: Some(format!("{username}@example.com")),
        // No avatar by default: the console's CSP allows images from its own origin only (see the report).
        avatar_url: None,
        always_rejects: false,
    }
}

/// Destination users besides the token owners: `rita` always rejects, `bill` is blocked, a bot, and one
/// whose avatar URL is a `javascript:` URL (the console must not use it).
pub fn people() -> Vec<Person> {
    vec![
        person(10, "alice", "Alice Archer"),
        person(11, "bob", "Bob Baker"),
        person(12, "carol", "Carol Chen"),
        person(13, "dave", "Dave Dunn"),
        Person { avatar_url: Some("javascript:__canary('avatar')".into()), ..person(14, "erin", "Erin Evans") },
        Person { always_rejects: true, ..person(15, "rita", "Rita Rejects") },
        Person { active: false, ..person(16, "bill", "Bill Blocked") },
        Person { bot: true, public_email: None, ..person(17, "deploy-bot", "Deploy Bot") },
    ]
}

fn add_source_user(world: &mut World, namespace_id: u64, username: &str, name: &str, identifier: String) {
    let c = &mut world.contributions;
    if c.source_users.iter().any(|u| u.namespace_id == namespace_id && u.identifier == identifier) {
        return;
    }
    c.next_id += 1;
    let id = c.next_id;
    let placeholder_id = 100_000 + id;
    c.people.push(Person {
        placeholder: true,
        public_email: None,
        avatar_url: None,
        ..person(placeholder_id, &format!("{}_placeholder_user_{id}", "gitlab_source"), &format!("Placeholder {name}"))
    });
    // GitLab validates `source_hostname` as scheme and host without a path.
    let host = world.source_url.trim_end_matches('/').to_string();
    world.contributions.source_users.push(SourceUser {
        id,
        namespace_id,
        identifier,
        username: username.into(),
        name: name.into(),
        hostname: host,
        import_type: "gitlab_migration",
        status: SuStatus::PendingReassignment,
        placeholder_id,
        reassign_to: None,
        reassigned_by: None,
        error: None,
        created_ms: world.now_ms,
        since_ms: world.now_ms,
        last_resend_ms: None,
        retries_ms: Vec::new(),
        // Every sixth reassignment fails once in the worker.
        fails_once: id % 6 == 5,
    });
}

/// Brings the contributions side up to date with the world: people on first use, source users for every
/// entity that started into a top-level group, the hostile corpus when seeded, then time's effects.
pub fn sync(world: &mut World) {
    if world.contributions.people.is_empty() {
        world.contributions.people = people();
    }
    let started: Vec<(u64, String)> = world
        .entities
        .iter()
        .filter(|e| e.started_ms.is_some() && !world.contributions.seen_entities.contains(&e.id))
        .map(|e| (e.id, e.destination_namespace.clone()))
        .collect();
    for (entity_id, namespace) in started {
        world.contributions.seen_entities.insert(entity_id);
        let top = namespace.split('/').next().unwrap_or_default().to_string();
        let Some(group) = world.dest_group(&top).filter(|g| g.parent_id.is_none()).map(|g| g.id) else {
            continue;
        };
        for k in 0..3 {
            let (username, name) = POOL[((entity_id * 3 + k) % POOL.len() as u64) as usize];
            let identifier = format!("{}", 500 + POOL.iter().position(|p| p.0 == username).unwrap_or(0));
            add_source_user(world, group, username, name, identifier);
        }
    }
    // The hostile corpus (ids from 10,000 on the source) gets one source user per string in `migrated`.
    if !world.contributions.hostile_seeded && world.source_items.iter().any(|s| s.id >= 10_000) {
        world.contributions.hostile_seeded = true;
        if let Some(group) = world.dest_group("migrated").map(|g| g.id) {
            for (k, s) in crate::hostile::corpus().into_iter().enumerate() {
                add_source_user(world, group, &s, &s, format!("hostile-{k}"));
            }
        }
    }
    simulate(world);
}

/// The seeded history: `migrated` ends with source users in every status.
pub fn seed_statuses(world: &mut World) {
    sync(world);
    let Some(group) = world.dest_group("migrated").map(|g| g.id) else { return };
    let ids: Vec<u64> =
        world.contributions.source_users.iter().filter(|u| u.namespace_id == group).map(|u| u.id).collect();
    let by = OWNER_ID;
    let mut it = ids.into_iter();
    let mut next = || it.next();
    // Leave the first ones pending; then one awaiting, one rejected (by rita), one failed, one in progress,
    // one completed, one kept.
    let _ = (next(), next(), next());
    if let Some(id) = next() {
        let _ = reassign(world, id, 10, by);
    }
    if let Some(id) = next() {
        let _ = reassign(world, id, 15, by);
        let _ = settle(world, id, Outcome::Reject);
    }
    if let Some(id) = next() {
        let _ = reassign(world, id, 11, by);
        let _ = settle(world, id, Outcome::Accept);
        let _ = settle(world, id, Outcome::Fail);
    }
    if let Some(id) = next() {
        let _ = reassign(world, id, 12, by);
        let _ = settle(world, id, Outcome::Accept);
    }
    if let Some(id) = next() {
        let _ = reassign(world, id, OTHER_ID, by);
        let _ = settle(world, id, Outcome::Accept);
        let _ = settle(world, id, Outcome::Complete);
    }
    if let Some(id) = next() {
        let _ = transition(world, id, Op::Keep, by);
    }
}

/// Scale and sheet tests: `count` more pending source users in the top-level group `group_path`
/// (`Member 00001`...), and as many active destination users who could take them (`member00001`, public
/// email `member00001@example.com`). Returns how many source users exist in the group afterwards.
pub fn seed_many(world: &mut World, group_path: &str, count: usize) -> usize {
    sync(world);
    let Some(group) = world.dest_group(group_path).filter(|g| g.parent_id.is_none()).map(|g| g.id) else {
        return 0;
    };
    let start = world.contributions.source_users.iter().filter(|u| u.identifier.starts_with("member-")).count();
    for n in start + 1..=start + count {
        let username = format!("member{n:05}");
        let person_id = 200_000 + n as u64;
        if world.contributions.person(person_id).is_none() {
            world.contributions.people.push(person(person_id, &username, &format!("Member {n:05}")));
        }
        add_source_user(world, group, &format!("src{n:05}"), &format!("Source {n:05}"), format!("member-{n}"));
    }
    world.contributions.source_users.iter().filter(|u| u.namespace_id == group).count()
}
