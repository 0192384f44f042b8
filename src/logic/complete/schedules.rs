//! Pipeline schedule variables (`lib/api/ci/pipeline_schedules.rb`): read from a schedule's details
//! (`PipelineScheduleDetails`: `variables` of `key`, `value`, `variable_type`, `raw`), compared where the same
//! schedule (description, ref and cron) exists on both instances. A variable of a schedule the destination
//! lacks is not copied: a person creates the schedule first. Values are readable by the API but handled as
//! secrets: they live in this page's memory and go into one request.

use super::{compare, Item, Setting, SettingKind, Verdict};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const SEP: char = '\u{1f}';

/// A ref as GitLab may send it back: `refs/heads/main` and `main` are the same schedule's ref.
fn short_ref(r: &str) -> &str {
    r.strip_prefix("refs/heads/").or_else(|| r.strip_prefix("refs/tags/")).unwrap_or(r)
}

/// What matches a schedule across instances: description, ref and cron.
pub fn schedule_identity(schedule: &Map<String, Value>) -> Option<String> {
    let field = |f: &str| schedule.get(f).and_then(Value::as_str);
    let (description, git_ref, cron) = (field("description")?, field("ref")?, field("cron")?);
    Some(format!(
        "{}{SEP}{}{SEP}{}",
        description.trim(),
        short_ref(git_ref),
        cron.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}

/// A schedule's identity from one of its variables' settings.
fn parent(s: &Setting) -> &str {
    s.identity.rsplit_once(SEP).map(|(p, _)| p).unwrap_or("")
}

/// One schedule's details: a row for the schedule itself (no `key` in its `raw`: what tells the destination
/// has the schedule even when it has no variable) and one per variable, each with the schedule's id.
/// `None` when the details lack what identifies the schedule; `Some(Err)` when they carry no `variables`
/// (GitLab leaves them out for a caller who may not read them).
pub fn read_schedule(details: &Map<String, Value>) -> Option<Result<Vec<Setting>, ()>> {
    let identity = schedule_identity(details)?;
    let id = details.get("id").and_then(Value::as_u64)?;
    let field = |f: &str| details.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let title = format!("{} ({}, {})", field("description"), short_ref(&field("ref")), field("cron"));
    let Some(variables) = details.get("variables").and_then(Value::as_array) else { return Some(Err(())) };
    let anchor = Setting {
        kind: SettingKind::ScheduleVariable,
        identity: identity.clone(),
        label: title.clone(),
        id: Some(id),
        attrs: BTreeMap::new(),
        secrets: Vec::new(),
        raw: Map::new(),
    };
    let mut out = vec![anchor];
    for v in variables.iter().filter_map(Value::as_object) {
        let Some(key) = v.get("key").and_then(Value::as_str).filter(|k| !k.is_empty()) else { continue };
        let mut attrs = BTreeMap::new();
        for f in ["value", "variable_type", "raw"] {
            let text = match v.get(f) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => String::new(),
            };
            attrs.insert(f.to_string(), text);
        }
        let raw: Map<String, Value> = ["key", "value", "variable_type", "raw"]
            .iter()
            .filter_map(|f| Some((f.to_string(), v.get(*f)?.clone())))
            .collect();
        out.push(Setting {
            kind: SettingKind::ScheduleVariable,
            identity: format!("{identity}{SEP}{key}"),
            label: format!("{key} · {title}"),
            id: Some(id),
            attrs,
            secrets: Vec::new(),
            raw,
        });
    }
    Some(Ok(out))
}

fn is_schedule(s: &Setting) -> bool {
    !s.raw.contains_key("key")
}

/// Pairs the variables of the same schedules; a source variable whose schedule the destination lacks needs
/// the schedule created first; a missing one is created in the destination's schedule (`Item::target`).
pub fn compare_schedules(source: &[Setting], destination: &[Setting]) -> Vec<Item> {
    let schedules: BTreeMap<&str, u64> =
        destination.iter().filter(|s| is_schedule(s)).filter_map(|s| Some((s.identity.as_str(), s.id?))).collect();
    let vars = |list: &[Setting]| list.iter().filter(|s| !is_schedule(s)).cloned().collect::<Vec<_>>();
    let mut items = compare(SettingKind::ScheduleVariable, &vars(source), &vars(destination));
    let mut unknown = BTreeSet::new();
    for item in items.iter_mut().filter(|i| i.verdict == Verdict::Missing) {
        let Some(s) = item.source.as_ref() else { continue };
        match schedules.get(parent(s)) {
            Some(id) => item.target = Some(*id),
            None => {
                unknown.insert(parent(s).to_string());
                item.verdict = Verdict::NeedsSchedule;
            }
        }
    }
    items.sort_by(|a, b| a.verdict.cmp(&b.verdict).then_with(|| a.label().cmp(b.label())));
    items
}

#[cfg(test)]
mod tests {
    use super::super::requests::{writable, write_for, Entered};
    use super::*;
    use serde_json::json;

    fn sched(id: u64, description: &str, git_ref: &str, vars: Value) -> Vec<Setting> {
        let v = json!({"id": id, "description": description, "ref": git_ref, "cron": "0 2 * * *", "variables": vars});
        read_schedule(v.as_object().unwrap()).unwrap().unwrap()
    }

    #[test]
    fn schedule_variables_pair_within_the_same_schedule() {
        let var = |k: &str, v: &str| json!({"key": k, "value": v, "variable_type": "env_var", "raw": false});
        let mut source = sched(1, "Nightly", "main", json!([var("SAME", "1"), var("NEW", "s3cret"), var("DIFF", "a")]));
        source.extend(sched(2, "Only here", "main", json!([var("X", "1")])));
        let mut destination = sched(7, "Nightly", "refs/heads/main", json!([var("SAME", "1"), var("DIFF", "b")]));
        destination.extend(sched(8, "Empty", "main", json!([])));
        let items = compare_schedules(&source, &destination);
        let got: Vec<(&str, &str)> = items.iter().map(|i| (i.label(), i.verdict.key())).collect();
        assert_eq!(
            got,
            [
                ("X · Only here (main, 0 2 * * *)", "needs-schedule"),
                ("NEW · Nightly (main, 0 2 * * *)", "missing"),
                ("DIFF · Nightly (main, 0 2 * * *)", "differs"),
                ("SAME · Nightly (main, 0 2 * * *)", "same"),
            ]
        );
        assert!(!writable(&items[0]) && write_for(&items[0], &Entered::new()).is_none(), "the schedule comes first");
        let create = write_for(&items[1], &Entered::new()).unwrap();
        assert_eq!((create.put, create.path.as_str()), (false, "/pipeline_schedules/7/variables"));
        assert_eq!(create.body, json!({"key": "NEW", "value": "s3cret", "variable_type": "env_var"}));
        assert_eq!(create.secrets, ["s3cret"], "the value is cut out of any error");
        let put = write_for(&items[2], &Entered::new()).unwrap();
        assert_eq!((put.put, put.path.as_str()), (true, "/pipeline_schedules/7/variables/DIFF"));
        assert_eq!(put.body, json!({"value": "a", "variable_type": "env_var"}));
    }

    #[test]
    fn details_without_variables_or_identity_are_told_apart() {
        let no_vars = json!({"id": 1, "description": "d", "ref": "main", "cron": "* * * * *"});
        assert_eq!(read_schedule(no_vars.as_object().unwrap()), Some(Err(())));
        let garbage = json!({"id": "x", "description": 3});
        assert_eq!(read_schedule(garbage.as_object().unwrap()), None);
    }
}
