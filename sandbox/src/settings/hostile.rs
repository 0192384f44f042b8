//! Hostile mode for "Complete the move" (`POST /-/sandbox/hostile`): one more finished migration, of the
//! source's `hostile-move` and `hostile-move/app` to `migrated/…`, whose settings carry the hostile corpus in
//! every field GitLab lets a user choose freely (variable descriptions, webhook names, descriptions and URL
//! paths, deploy key titles, schedule descriptions, deploy token names, trigger descriptions) and template
//! syntax in an environment scope (GitLab allows only letters, digits, `-_/${}.*` and spaces there). Keys,
//! URL-variable keys and header names keep GitLab's rules (`Ci::HasVariable`;
//! `app/validators/json_schemas/web_hooks_{url_variables,custom_headers}.json`). Every secret (variable
//! values, hook tokens, URL-variable and header values, schedule variable values, deploy and trigger tokens)
//! holds a marker `Hsec<4 digits>`, many of them markup too: the tests look for each one everywhere the
//! console could leak it.

use super::seed::{deploy_key, hidden, hook, put_hooks, put_variables, var};
use super::ssh_key::sample_key;
use crate::seed::{finished_entity, finished_import};
use crate::world::settings::{DeployToken, Instance, Owner, Schedule, ScheduleVariable, Trigger, Variable};
use crate::world::*;
use serde_json::{json, Value};

/// The source group; its project is `<GROUP>/app`. On the destination both land under `migrated/`.
pub const GROUP: &str = "hostile-move";
/// Source ids of the group and its project (above the settings scale seed's range).
const FIRST_ID: u64 = 3_900_000;
/// An environment scope as hostile as GitLab's `environment_scope_regex` allows: template syntax.
pub const SCOPE: &str = "${__canary} {{constructor.constructor}}";

/// What the seed shows and hides: the migration, the hostile strings the page shows as text (labels:
/// webhook names and URLs, deploy key titles, schedule descriptions, token names), every secret.
pub struct Seeded {
    pub import: u64,
    pub shown: Vec<String>,
    pub secrets: Vec<String>,
}

impl Seeded {
    pub fn json(&self) -> Value {
        json!({ "import": self.import, "shown": self.shown, "secrets": self.secrets, "scope": SCOPE })
    }
}

/// A source item and the finished entity that moved it to `migrated/<path>`; the destination's owner.
fn moved(world: &mut World, import: u64, kind: Kind, id: u64, path: &str, parent: Option<u64>) -> (Owner, Owner, u64) {
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    world.source_items.push(SourceItem {
        id,
        kind,
        full_path: path.into(),
        name: name.clone(),
        relations: vec![("labels", 3)],
        behaviour: Behaviour::Clean,
        duration_s: 20,
    });
    let namespace = match path.rsplit_once('/') {
        Some((p, _)) => format!("migrated/{p}"),
        None => "migrated".to_string(),
    };
    let mut entity = finished_entity(world, import, kind, path, &namespace, &name);
    entity.parent_id = parent;
    world.next_dest_id += 1;
    let dest = world.next_dest_id;
    match kind {
        Kind::Group => entity.namespace_id = Some(dest),
        Kind::Project => entity.project_id = Some(dest),
    }
    world.dest_paths.insert(format!("{namespace}/{name}"));
    let entity_id = entity.id;
    world.entities.push(entity);
    (
        Owner { instance: Instance::Source, kind, id },
        Owner { instance: Instance::Destination, kind, id: dest },
        entity_id,
    )
}

fn schedule_variable(key: &str, value: &str) -> ScheduleVariable {
    ScheduleVariable { key: key.into(), value: value.into(), variable_type: "env_var".into(), raw: false }
}

/// Seeds the migration and its settings on both instances.
pub fn seed(world: &mut World) -> Seeded {
    let c = crate::hostile::corpus();
    let import = finished_import(world, false);
    let (src_group, dst_group, group_entity) = moved(world, import, Kind::Group, FIRST_ID, GROUP, None);
    let app = format!("{GROUP}/app");
    let (src_app, dst_app, _) = moved(world, import, Kind::Project, FIRST_ID + 1, &app, Some(group_entity));

    // Secrets: each with its marker; markup in many, so that a leak would also be live markup.
    let s = |n: u32, text: &str| format!("{text}Hsec{n}");
    let group_value = s(1001, "<img src=x onerror=\"__canary('var-value')\">");
    let group_hidden = s(1002, "\"><svg/onload=__canary('hidden')>");
    let app_value = s(1003, "<script>__canary('app-value')</script>");
    let app_masked = s(1004, "Masked_value_");
    let app_file = s(1005, "line one\n<b>line two</b>\n");
    let app_scoped = s(1006, "{{constructor}}-");
    let dest_old = s(1007, "dest-old-");
    let hook_token = s(1008, "hook-token-<i>");
    let group_hook_token = s(1009, "group-hook-token-");
    let url_value = s(1010, "tenant-");
    let header_value = s(1011, "<script>__canary('header')</script>");
    let sched_values = [s(1012, "<img src=x onerror=\"__canary('sched')\">"), s(1013, "sched-plain-")];
    let deploy_token = s(1014, "gldt-hostile-");
    let trigger_token = s(1015, "glptt-hostile");

    put_variables(
        world,
        Some(src_group),
        vec![
            Variable { description: Some(c[0].clone()), ..var("HOSTILE_DESCRIBED", &group_value, "*") },
            // Hidden, masked and raw: a person types its value (raw lets it hold any non-space character).
            Variable { raw: true, description: Some(c[1].clone()), ..hidden("HOSTILE_HIDDEN", &group_hidden) },
        ],
    );
    put_variables(
        world,
        Some(src_app),
        vec![
            Variable { description: Some(c[3].clone()), ..var("APP_VALUE", &app_value, "*") },
            Variable { masked: true, ..var("APP_MASKED", &app_masked, "*") },
            Variable { variable_type: "file".into(), ..var("APP_FILE", &app_file, "*") },
            Variable { description: Some(c[15].clone()), ..var("APP_SCOPED", &app_scoped, SCOPE) },
        ],
    );
    // Already on the destination with another value and description: "differs".
    put_variables(
        world,
        Some(dst_app),
        vec![Variable { description: Some(c[16].clone()), ..var("APP_VALUE", &dest_old, "*") }],
    );

    // Webhooks: hostile names and descriptions, markup in the URL's path and query (GitLab checks the scheme
    // and the host), a token, a URL variable and a custom header whose values only a person has.
    let hook_url =
        "https://hooks.example.com/<script>__canary('hook-url')</script>?q=\"><img src=x onerror=__canary('q')>";
    let mut app_hook = hook(
        Kind::Project,
        hook_url,
        Some(&c[2]),
        &["push_events"],
        Some(&hook_token),
        &[],
        &[("X-Hostile", &header_value)],
    );
    app_hook.description = Some(c[4].clone());
    let var_url = "https://ci.example.com/{tenant}/<b>bold</b>";
    let mut var_hook =
        hook(Kind::Project, var_url, Some(&c[6]), &["pipeline_events"], None, &[("tenant", &url_value)], &[]);
    var_hook.description = Some(c[24].clone());
    put_hooks(world, Some(src_app), vec![app_hook, var_hook]);
    let group_hook = hook(
        Kind::Group,
        "https://audit.example.com/\"onmouseover=\"__canary('group-hook')",
        Some(&c[14]),
        &["member_events"],
        Some(&group_hook_token),
        &[],
        &[],
    );
    put_hooks(world, Some(src_group), vec![group_hook]);

    deploy_key(world, Instance::Source, &c[5], sample_key(7, "deploy@hostile"), &[(Some(src_app), true)]);
    deploy_key(world, Instance::Source, &c[25], sample_key(8, "read@hostile"), &[(Some(src_app), false)]);

    let created_ms = world.now_ms - 10 * 86_400_000;
    let schedule = |world: &mut World, description: &str, variables| Schedule {
        id: world.move_settings.fresh_id(),
        description: description.into(),
        git_ref: "main".into(),
        cron: "0 3 * * *".into(),
        cron_timezone: "UTC".into(),
        active: true,
        owner_id: OWNER_ID,
        created_ms,
        variables,
    };
    let source_schedule = schedule(
        world,
        &c[7],
        vec![schedule_variable("SCHED_HOSTILE", &sched_values[0]), schedule_variable("SCHED_PLAIN", &sched_values[1])],
    );
    // The same schedule on the destination, without its variables: they are "missing".
    let dest_schedule = schedule(world, &c[7], Vec::new());
    world.move_settings.schedules.entry(src_app).or_default().push(source_schedule);
    world.move_settings.schedules.entry(dst_app).or_default().push(dest_schedule);

    let id = world.move_settings.fresh_id();
    world.move_settings.deploy_tokens.entry(src_app).or_default().push(DeployToken {
        id,
        name: c[26].clone(),
        username: format!("gitlab+deploy-token-{id}"),
        expires_at: None,
        scopes: vec!["read_repository".into()],
        revoked: false,
        expired: false,
        token: deploy_token.clone(),
    });
    let trigger = Trigger {
        id: world.move_settings.fresh_id(),
        description: c[28].clone(),
        token: trigger_token.clone(),
        owner_id: OWNER_ID,
        created_ms,
        last_used_ms: None,
        expires_at: None,
    };
    world.move_settings.triggers.entry(src_app).or_default().push(trigger);
    // Only on the destination (left alone), named and pathed with the corpus too.
    let theirs = hook(Kind::Group, &c[32], Some(&c[17]), &["push_events"], None, &[], &[]);
    put_hooks(world, Some(dst_group), vec![theirs]);

    let mut shown: Vec<String> =
        [&c[2], &c[5], &c[6], &c[7], &c[14], &c[17], &c[25], &c[26], &c[28], &c[32]].map(|s| s.to_string()).to_vec();
    shown.extend([hook_url, var_url, SCOPE].map(str::to_string));
    let secrets = vec![
        group_value,
        group_hidden,
        app_value,
        app_masked,
        app_file,
        app_scoped,
        dest_old,
        hook_token,
        group_hook_token,
        url_value,
        header_value,
        sched_values[0].clone(),
        sched_values[1].clone(),
        deploy_token,
        trigger_token,
    ];
    Seeded { import, shown, secrets }
}
