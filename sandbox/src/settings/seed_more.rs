//! The rest of what "Complete the move" finds on the seeded instances: pipeline schedules with variables on
//! the source's `acme/platform/api` and its destination copy (one variable missing there, one different, one
//! schedule only on the source), deploy tokens on `acme` and `acme/platform/api`, and two pipeline triggers
//! there (one owned by the caller, whose token GitLab returns in full, one by somebody else).

use crate::world::settings::{DeployToken, Owner, Schedule, ScheduleVariable, Trigger};
use crate::world::*;

/// Seeded schedule variable values (readable by the API; the console treats them as secrets).
pub const SCHEDULE_VALUES: [&str; 3] = ["nightly-Sched-Value-31", "pdf-Sched-Value-77", "html-Sched-Value-12"];

/// Seeded deploy token and trigger token secrets: a deploy token's never appears in an answer, a trigger's
/// only to its owner (the second's owner is not the caller, who gets its first four characters: "Qv7w").
pub const TOKEN_SECRETS: [&str; 4] = [
    "gldt-Acme-Registry-Secret-1",
    "gldt-Api-Read-Secret-2",
    "glptt-Jenk1nsTriggerOwnerSecret99",
    "glptt-Qv7wPartnerTriggerSecret42",
];

fn var(key: &str, value: &str) -> ScheduleVariable {
    ScheduleVariable { key: key.into(), value: value.into(), variable_type: "env_var".into(), raw: false }
}

fn schedule(
    world: &mut World,
    description: &str,
    git_ref: &str,
    cron: &str,
    variables: Vec<ScheduleVariable>,
) -> Schedule {
    Schedule {
        id: world.move_settings.fresh_id(),
        description: description.into(),
        git_ref: git_ref.into(),
        cron: cron.into(),
        cron_timezone: "UTC".into(),
        active: true,
        owner_id: OWNER_ID,
        created_ms: world.now_ms - 20 * 86_400_000,
        variables,
    }
}

fn put(world: &mut World, owner: Option<Owner>, list: Vec<Schedule>) {
    if let Some(owner) = owner {
        world.move_settings.schedules.entry(owner).or_default().extend(list);
    }
}

pub(super) fn seed(world: &mut World, acme: Option<Owner>, api: Option<Owner>, dest_api: Option<Owner>) {
    let nightly = ("Nightly build", "main", "0 2 * * *");
    let weekly = ("Weekly report", "main", "0 6 * * 1");
    let source = vec![
        schedule(
            world,
            nightly.0,
            nightly.1,
            nightly.2,
            vec![var("DEPLOY_ENV", "staging"), var("NIGHTLY_KEY", SCHEDULE_VALUES[0])],
        ),
        schedule(
            world,
            weekly.0,
            weekly.1,
            weekly.2,
            vec![ScheduleVariable { variable_type: "file".into(), ..var("REPORT_FORMAT", SCHEDULE_VALUES[1]) }],
        ),
        schedule(world, "Release train", "release", "0 9 1 * *", vec![var("RELEASE_NOTES", "true")]),
    ];
    put(world, api, source);
    let destination = vec![
        schedule(world, nightly.0, nightly.1, nightly.2, vec![var("DEPLOY_ENV", "staging")]),
        schedule(world, weekly.0, weekly.1, weekly.2, vec![var("REPORT_FORMAT", SCHEDULE_VALUES[2])]),
    ];
    put(world, dest_api, destination);

    let token = |world: &mut World, name: &str, scopes: &[&str], expires: Option<&str>, secret: &str| {
        let id = world.move_settings.fresh_id();
        DeployToken {
            id,
            name: name.into(),
            username: format!("gitlab+deploy-token-{id}"),
            expires_at: expires.map(str::to_string),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            revoked: false,
            expired: false,
            token: secret.into(),
        }
    };
    if let Some(acme) = acme {
        let t = token(world, "Registry pull", &["read_registry"], Some("2027-06-30T00:00:00.000Z"), TOKEN_SECRETS[0]);
        world.move_settings.deploy_tokens.entry(acme).or_default().push(t);
    }
    if let Some(api) = api {
        let t = token(world, "CI read", &["read_repository", "read_package_registry"], None, TOKEN_SECRETS[1]);
        world.move_settings.deploy_tokens.entry(api).or_default().push(t);
        let now = world.now_ms;
        let trigger = |world: &mut World, description: &str, token: &str, owner_id: u64| Trigger {
            id: world.move_settings.fresh_id(),
            description: description.into(),
            token: token.into(),
            owner_id,
            created_ms: now - 90 * 86_400_000,
            last_used_ms: Some(now - 86_400_000),
            expires_at: None,
        };
        let list = vec![
            trigger(world, "Nightly from Jenkins", TOKEN_SECRETS[2], OWNER_ID),
            trigger(world, "Partner deploy", TOKEN_SECRETS[3], OTHER_ID),
        ];
        world.move_settings.triggers.entry(api).or_default().extend(list);
    }
}
