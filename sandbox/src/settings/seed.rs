//! What "Complete the move" finds on the seeded instances: variables of every sort on the source's `acme`,
//! `acme/platform/api`, `acme/platform/worker`, `legacy` and `legacy/monolith`, and some already copied to
//! their migrated counterparts on the destination (one the same, one different, one only there), so that a
//! comparison meets every case.

use super::hook_model::new_hook;
use super::ssh_key::{blob, fingerprint_md5, fingerprint_sha256, sample_key};
use crate::destination::catalog;
use crate::world::settings::{DeployKey, Hook, Instance, Owner, Variable};
use crate::world::*;

/// Seeded secrets: no answer may ever contain them (the tests search every body for these).
pub const HIDDEN_VALUES: [&str; 2] = ["hidden-Registry-Pass-42", "monolith-Legacy-Secret-7"];

/// Seeded webhook secrets (tokens, URL-variable values, custom-header values): never in an answer.
pub const HOOK_SECRETS: [&str; 5] = [
    "hook-Token-api-1138",
    "url-var-Secret-4711",
    "header-Secret-0815",
    "hook-Token-acme-2001",
    "hook-Token-mono-1984",
];

#[allow(clippy::too_many_arguments)]
pub(super) fn hook(
    kind: Kind,
    url: &str,
    name: Option<&str>,
    on: &[&str],
    token: Option<&str>,
    vars: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Hook {
    let mut h = new_hook(kind);
    h.url = url.into();
    h.name = name.map(str::to_string);
    for e in on {
        h.events.insert(e.to_string(), true);
    }
    h.token = token.map(str::to_string);
    h.url_variables = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    h.custom_headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    h
}

pub(super) fn put_hooks(world: &mut World, owner: Option<Owner>, list: Vec<Hook>) {
    let Some(owner) = owner else { return };
    for mut h in list {
        h.id = world.move_settings.fresh_id();
        h.created_ms = world.now_ms - 30 * 86_400_000;
        world.move_settings.hooks.entry(owner).or_default().push(h);
    }
}

pub(super) fn ci_hook(token: Option<&str>, vars: &[(&str, &str)], headers: &[(&str, &str)], events: &[&str]) -> Hook {
    let url = "https://ci.example.com/hooks/{project}?key={api_key}";
    let mut h = hook(Kind::Project, url, Some("CI trigger"), events, token, vars, headers);
    h.push_events_branch_filter = Some("main".into());
    h
}

pub(super) fn chat_hook() -> Hook {
    let mut h =
        hook(Kind::Project, "https://chat.example.com/notify", Some("Chat"), &["issues_events"], None, &[], &[]);
    h.custom_webhook_template = Some(r#"{"text":"{{object_kind}} in {{project.name}}"}"#.into());
    h
}

/// A deploy key on `projects` (id, `can_push`) of one instance.
pub(super) fn deploy_key(
    world: &mut World,
    instance: Instance,
    title: &str,
    key: String,
    projects: &[(Option<Owner>, bool)],
) {
    let b = blob(&key).expect("a seeded key is well-formed");
    let projects = projects.iter().filter_map(|(o, push)| o.map(|o| (o.id, *push))).collect();
    let id = world.move_settings.fresh_id();
    let created_ms = world.now_ms - 60 * 86_400_000;
    world.move_settings.deploy_keys.push(DeployKey {
        id,
        title: title.into(),
        fingerprint: fingerprint_md5(&b),
        fingerprint_sha256: fingerprint_sha256(&b),
        key,
        created_ms,
        expires_at: None,
        instance,
        projects,
    });
}

/// The seeded deploy keys' public parts: the shared one (api and worker), the monolith's.
pub fn seeded_keys() -> [String; 2] {
    [sample_key(1, "deploy@acme"), sample_key(2, "deploy@legacy")]
}

pub(super) fn var(key: &str, value: &str, scope: &str) -> Variable {
    Variable {
        id: 0,
        key: key.into(),
        value: value.into(),
        variable_type: "env_var".into(),
        hidden: false,
        protected: false,
        masked: false,
        raw: false,
        environment_scope: scope.into(),
        description: None,
    }
}

pub(super) fn hidden(key: &str, value: &str) -> Variable {
    Variable { hidden: true, masked: true, ..var(key, value, "*") }
}

/// The destination id of a migrated group or project, if the seeded history created it.
fn dest_id(world: &World, kind: Kind, path: &str) -> Option<u64> {
    match kind {
        Kind::Group => catalog::groups(world, "").into_iter().find(|g| g.view.full_path == path).map(|g| g.view.id),
        Kind::Project => catalog::projects(world, "").into_iter().find(|p| p.view.full_path == path).map(|p| p.view.id),
    }
}

fn source_id(world: &World, kind: Kind, path: &str) -> Option<u64> {
    world.source_item(kind, path).map(|i| i.id)
}

pub(super) fn put_variables(world: &mut World, owner: Option<Owner>, list: Vec<Variable>) {
    let Some(owner) = owner else { return };
    for mut v in list {
        v.id = world.move_settings.fresh_id();
        world.move_settings.variables.entry(owner).or_default().push(v);
    }
}

pub fn seed(world: &mut World) {
    let src = |w: &World, kind, path| source_id(w, kind, path).map(|id| Owner { instance: Instance::Source, kind, id });
    let dst =
        |w: &World, kind, path| dest_id(w, kind, path).map(|id| Owner { instance: Instance::Destination, kind, id });
    use Kind::*;

    let acme = src(world, Group, "acme");
    put_variables(
        world,
        acme,
        vec![
            Variable {
                description: Some("Where every project deploys".into()),
                ..var("DEPLOY_REGION", "eu-west-1", "*")
            },
            hidden("REGISTRY_PASSWORD", HIDDEN_VALUES[0]),
            Variable { protected: true, ..var("RELEASE_CHANNEL", "stable", "production") },
            var("RELEASE_CHANNEL", "beta", "staging"),
        ],
    );
    let api = src(world, Project, "acme/platform/api");
    put_variables(
        world,
        api,
        vec![
            Variable { masked: true, ..var("DATABASE_PASSWORD", "Pa55word_masked-1", "*") },
            Variable { variable_type: "file".into(), ..var("KUBECONFIG", "apiVersion: v1\nkind: Config\n", "*") },
            var("API_URL", "https://api.example.com", "production"),
            var("API_URL", "https://staging.api.example.com", "staging"),
            var("LOG_LEVEL", "info", "*"),
        ],
    );
    let worker = src(world, Project, "acme/platform/worker");
    put_variables(
        world,
        worker,
        vec![var("QUEUE_NAME", "jobs", "*"), Variable { raw: true, ..var("CRON", "0 * * * $HOME", "*") }],
    );
    let legacy = src(world, Group, "legacy");
    put_variables(world, legacy, vec![var("LEGACY_MODE", "true", "*")]);
    let monolith = src(world, Project, "legacy/monolith");
    put_variables(world, monolith, vec![hidden("LEGACY_TOKEN", HIDDEN_VALUES[1]), var("RAILS_ENV", "production", "*")]);

    let events = ["merge_requests_events", "pipeline_events"];
    let vars = [("project", "api"), ("api_key", HOOK_SECRETS[1])];
    let api_hooks = vec![ci_hook(Some(HOOK_SECRETS[0]), &vars, &[("X-Auth", HOOK_SECRETS[2])], &events), chat_hook()];
    put_hooks(world, api, api_hooks);
    let audit = hook(
        Group,
        "https://audit.example.com/gitlab",
        Some("Audit"),
        &["member_events", "subgroup_events"],
        Some(HOOK_SECRETS[3]),
        &[],
        &[],
    );
    put_hooks(world, acme, vec![audit]);
    let deploy =
        hook(Project, "https://deploy.example.com/hook", None, &["tag_push_events"], Some(HOOK_SECRETS[4]), &[], &[]);
    put_hooks(world, monolith, vec![deploy]);

    let [shared, legacy_key] = seeded_keys();
    deploy_key(world, Instance::Source, "Deploy (shared)", shared.clone(), &[(api, true), (worker, false)]);
    deploy_key(world, Instance::Source, "Legacy deploy", legacy_key, &[(monolith, false)]);

    // Already copied by hand on the destination: the same, different, and one that only exists there.
    let dest_acme = dst(world, Group, "migrated/acme");
    put_variables(world, dest_acme, vec![var("DEPLOY_REGION", "eu-west-1", "*")]);
    let dest_api = dst(world, Project, "migrated/acme/platform/api");
    put_variables(
        world,
        dest_api,
        vec![
            var("LOG_LEVEL", "info", "*"),
            var("API_URL", "https://api.old.example.com", "production"),
            var("DESTINATION_ONLY", "1", "*"),
        ],
    );
    // The chat hook the same; the CI hook copied with other events (and, as a copy must, its own secrets).
    let copied = ci_hook(None, &[("project", "api"), ("api_key", "re-entered-key")], &[], &["merge_requests_events"]);
    put_hooks(world, dest_api, vec![chat_hook(), copied]);
    // The shared key: the same on api (can push), different on worker (can push here, not on the source).
    super::seed_more::seed(world, acme, api, dest_api);
    let dest_worker = dst(world, Project, "migrated/acme/platform/worker");
    deploy_key(world, Instance::Destination, "Deploy (shared)", shared, &[(dest_api, true), (dest_worker, true)]);
}
