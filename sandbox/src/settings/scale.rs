//! `--scale-settings N` (the "Complete the move" bench): a finished migration of N projects, `settings-scale/
//! svc-NNNN` on the source to `migrated/settings-scale/svc-NNNN`. On the source each has 20 CI/CD variables
//! (three masked, one hidden, three scoped, one a file), 3 webhooks (one with URL variables, a token and a
//! header) and 2 deploy keys (one shared by every project, one its own); on the destination half the
//! variables were already copied (two with another value), the chat hook, and the shared key.
//! `--scale-settings-copied K` puts only the first K variables on the destination (0: every one is missing,
//! the "Stop during a copy" bench's 19 writable per project; the hidden one needs a person).

use super::seed::{chat_hook, ci_hook, deploy_key, hidden, hook, put_hooks, put_variables, var};
use super::ssh_key::{numbered_key, sample_key};
use crate::seed::{finished_entity, finished_import};
use crate::world::settings::{Instance, Owner, Variable};
use crate::world::*;

/// The source group that holds the scaled projects; on the destination they land in `migrated/<this>`.
pub const GROUP: &str = "settings-scale";
/// Source ids: the group, then its projects (above `--scale-source`'s range).
pub const FIRST_ID: u64 = 3_000_000;
/// Variables per project on the source; the destination has the first half unless told otherwise.
pub const VARIABLES: usize = 20;

/// The `k`th variable of project `n` as the source holds it.
fn variable(n: usize, k: usize) -> Variable {
    let key = format!("SVC_VAR_{k:02}");
    let value = format!("value-{n:04}-{k:02}");
    match k {
        1 | 4 | 7 => Variable { masked: true, ..var(&key, &format!("Masked_{n:04}_{k:02}_value"), "*") },
        3 => Variable { variable_type: "file".into(), ..var(&key, &format!("config: {n}\nk: {k}\n"), "*") },
        16 => var("DEPLOY_TARGET", &format!("prod-{n:04}"), "production"),
        17 => var("DEPLOY_TARGET", &format!("staging-{n:04}"), "staging"),
        18 => var(&key, &value, "review/*"),
        19 => hidden(&key, &format!("Hidden_{n:04}_secret")),
        _ => var(&key, &value, "*"),
    }
}

/// Adds the migration and every project's settings on both instances (nothing when `projects` is 0).
pub fn seed(world: &mut World, projects: usize) {
    seed_copied(world, projects, VARIABLES / 2);
}

/// [`seed`] with the first `copied` variables of each project on the destination (at most [`VARIABLES`]).
pub fn seed_copied(world: &mut World, projects: usize, copied: usize) {
    if projects == 0 {
        return;
    }
    world.source_items.push(SourceItem {
        id: FIRST_ID,
        kind: Kind::Group,
        full_path: GROUP.into(),
        name: "Settings scale".into(),
        relations: vec![("labels", 4)],
        behaviour: Behaviour::Clean,
        duration_s: 10,
    });
    let import = finished_import(world, false);
    let namespace = format!("migrated/{GROUP}");
    let mut shared_on = (Vec::with_capacity(projects), Vec::with_capacity(projects));
    for n in 0..projects {
        let slug = format!("svc-{n:04}");
        let path = format!("{GROUP}/{slug}");
        let src = Owner { instance: Instance::Source, kind: Kind::Project, id: FIRST_ID + 1 + n as u64 };
        world.source_items.push(SourceItem {
            id: src.id,
            kind: Kind::Project,
            full_path: path.clone(),
            name: slug.clone(),
            relations: vec![("issues", 50), ("merge_requests", 40)],
            behaviour: Behaviour::Clean,
            duration_s: 60,
        });
        let mut entity = finished_entity(world, import, Kind::Project, &path, &namespace, &slug);
        world.next_dest_id += 1;
        let dst = Owner { instance: Instance::Destination, kind: Kind::Project, id: world.next_dest_id };
        entity.project_id = Some(dst.id);
        world.dest_paths.insert(format!("{namespace}/{slug}"));
        world.entities.push(entity);

        let source_vars: Vec<Variable> = (0..VARIABLES).map(|k| variable(n, k)).collect();
        let on_destination =
            source_vars[..copied.min(VARIABLES)]
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    if k == 2 || k == 6 {
                        Variable { value: format!("old-{}", v.value), ..v.clone() }
                    } else {
                        v.clone()
                    }
                })
                .collect();
        put_variables(world, Some(src), source_vars);
        put_variables(world, Some(dst), on_destination);

        let vars = [("project", slug.as_str()), ("api_key", "scale-url-var-Secret")];
        let events = ["merge_requests_events", "pipeline_events"];
        let ci = ci_hook(Some("scale-hook-Token"), &vars, &[("X-Auth", "scale-header-Secret")], &events);
        let deploy = hook(Kind::Project, "https://deploy.example.com/hook", None, &["tag_push_events"], None, &[], &[]);
        put_hooks(world, Some(src), vec![ci, chat_hook(), deploy]);
        put_hooks(world, Some(dst), vec![chat_hook()]);

        deploy_key(
            world,
            Instance::Source,
            &format!("{slug} deploy"),
            numbered_key(n as u64, &slug),
            &[(Some(src), true)],
        );
        shared_on.0.push((Some(src), false));
        shared_on.1.push((Some(dst), false));
    }
    let shared = sample_key(3, "deploy@settings-scale");
    deploy_key(world, Instance::Source, "Fleet deploy", shared.clone(), &shared_on.0);
    deploy_key(world, Instance::Destination, "Fleet deploy", shared, &shared_on.1);
}
