//! What a copy sends, by pointer: an entity, its comparison and the item's place in it, so that choosing
//! 11,000 items clones no item. The items are drawn one at a time as slots free (`Picks`), so the click that
//! starts a copy of 11,000 items does not walk 25,000 first; the write itself is built when drawn.

use super::{Compared, KindRows, Results, RowKey};
use crate::api::Entity;
use crate::logic::complete::requests::{writable, write_for, Entered};
use crate::logic::complete::{Item, SettingKind, Verdict};
use std::collections::HashSet;
use std::sync::Arc;

/// One item a copy sends: its entity, where it sits in the entity's comparison, and what a person typed.
#[derive(Clone)]
pub struct Pick {
    pub entity: Arc<Entity>,
    kinds: Compared,
    at: (usize, usize),
    pub(super) entered: Entered,
}

impl Pick {
    /// The item at `at` (kind, item) of `kinds`, with nothing typed.
    pub fn new(entity: Arc<Entity>, kinds: Compared, at: (usize, usize)) -> Pick {
        Pick { entity, kinds, at, entered: Entered::new() }
    }

    /// One item with what a person typed for it (the secrets form).
    pub fn typed(entity: Arc<Entity>, item: Item, entered: Entered) -> Pick {
        let kinds = Arc::new(vec![KindRows { kind: item.kind, items: vec![item], error: None }]);
        Pick { entity, kinds, at: (0, 0), entered }
    }

    pub fn item(&self) -> Option<&Item> {
        self.kinds.get(self.at.0)?.items.get(self.at.1)
    }

    /// A write can be made of it: checked without building one when nothing was typed.
    pub fn sendable(&self) -> bool {
        self.item().is_some_and(|i| {
            if self.entered.is_empty() {
                writable(i)
            } else {
                write_for(i, &self.entered).is_some()
            }
        })
    }
}

/// What the user chose, as it was when read: kinds to copy, entities left out, differing items to overwrite.
#[derive(Clone, Default)]
pub struct Choices {
    pub kinds: HashSet<SettingKind>,
    pub skipped: HashSet<u64>,
    pub overwrite: HashSet<RowKey>,
}

impl Choices {
    /// A copy sends this item: a missing one not written yet (or whose write failed), a differing one ticked.
    pub fn wants(&self, results: &Results, entity: u64, kind: SettingKind, item: &Item) -> bool {
        if !writable(item) {
            return false;
        }
        match item.verdict {
            Verdict::Missing => {
                results.is_empty() || results.get(entity, kind, item.identity()).is_none_or(|r| r.outcome.is_failure())
            }
            // No string made but for a tick: 25,000 items are counted on every change.
            Verdict::Differs(_) => {
                !self.overwrite.is_empty() && self.overwrite.contains(&(entity, kind, item.identity().to_string()))
            }
            _ => false,
        }
    }
}

/// The items of `rows` that `wanted` keeps, in order, drawn one at a time: the entities not skipped, the
/// kinds chosen. Counting them is the button's number; drawing them is the copy.
pub struct Picks<F> {
    rows: Vec<(Arc<Entity>, Compared)>,
    choices: Choices,
    wanted: F,
    /// The next (entity, kind, item) to look at.
    at: (usize, usize, usize),
}

impl<F: FnMut(&Choices, u64, SettingKind, &Item) -> bool> Picks<F> {
    pub fn new(rows: Vec<(Arc<Entity>, Compared)>, choices: Choices, wanted: F) -> Picks<F> {
        Picks { rows, choices, wanted, at: (0, 0, 0) }
    }
}

impl<F: FnMut(&Choices, u64, SettingKind, &Item) -> bool> Iterator for Picks<F> {
    type Item = Pick;

    fn next(&mut self) -> Option<Pick> {
        loop {
            let (e, k, i) = self.at;
            let (entity, kinds) = self.rows.get(e)?;
            let Some(list) = kinds.get(k).filter(|_| !self.choices.skipped.contains(&entity.id)) else {
                self.at = (e + 1, 0, 0);
                continue;
            };
            let Some(item) = list.items.get(i).filter(|_| self.choices.kinds.contains(&list.kind)) else {
                self.at = (e, k + 1, 0);
                continue;
            };
            self.at = (e, k, i + 1);
            if (self.wanted)(&self.choices, entity.id, list.kind, item) {
                return Some(Pick::new(entity.clone(), kinds.clone(), (k, i)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::complete::RowResult;
    use crate::logic::complete::requests::Outcome;
    use crate::logic::complete::{compare, Setting};
    use serde_json::{json, Value};

    fn var(key: &str, value: &str) -> Setting {
        let v = json!({"variable_type": "env_var", "key": key, "value": value, "hidden": false, "protected": false,
                       "masked": false, "raw": false, "environment_scope": "*", "description": null});
        let Value::Object(m) = v else { unreachable!() };
        Setting::read(SettingKind::Variable, m).expect("a variable")
    }

    /// Two projects, each with A missing, B the same and C differing on the destination.
    fn rows() -> Vec<(Arc<Entity>, Compared)> {
        (1..=2)
            .map(|id| {
                let entity: Entity = serde_json::from_value(json!({"id": id, "status": "finished",
                    "entity_type": "project", "source_full_path": format!("g/p{id}"),
                    "destination_full_path": format!("new/p{id}")}))
                .expect("an entity");
                let items = compare(
                    SettingKind::Variable,
                    &[var("A", "1"), var("B", "2"), var("C", "3")],
                    &[var("B", "2"), var("C", "old")],
                );
                let kinds = vec![KindRows { kind: SettingKind::Variable, items, error: None }];
                (Arc::new(entity), Arc::new(kinds))
            })
            .collect()
    }

    fn drawn(choices: Choices, results: &Results) -> Vec<(u64, String)> {
        Picks::new(rows(), choices, |c, e, k, i| c.wants(results, e, k, i))
            .map(|p| (p.entity.id, p.item().map(|i| i.identity().to_string()).unwrap_or_default()))
            .collect()
    }

    fn all_kinds() -> Choices {
        Choices { kinds: SettingKind::ALL.into_iter().collect(), ..Choices::default() }
    }

    #[test]
    fn a_copy_draws_the_missing_items_of_the_chosen_kinds_and_entities_and_the_ticked_differences() {
        let none = Results::default();
        let a = |id| (id, rows()[0].1[0].items.iter().find(|i| i.label() == "A").unwrap().identity().to_string());
        assert_eq!(drawn(all_kinds(), &none), vec![a(1), a(2)], "what is missing, entity by entity");
        let skipped = Choices { skipped: [2].into(), ..all_kinds() };
        assert_eq!(drawn(skipped, &none), vec![a(1)], "an entity left out");
        assert_eq!(drawn(Choices::default(), &none), vec![], "no kind chosen");
        let c = rows()[0].1[0].items.iter().find(|i| i.label() == "C").unwrap().identity().to_string();
        let ticked = Choices { overwrite: [(1, SettingKind::Variable, c.clone())].into(), ..all_kinds() };
        let got = drawn(ticked, &none);
        assert_eq!(got.len(), 3, "a ticked difference is sent too: {got:?}");
        assert!(got.contains(&(1, c)));
        // A second run: what was written is not drawn again, what failed is.
        let mut results = Results::default();
        let result = |outcome| RowResult { outcome, error: None };
        results.extend([
            ((1, SettingKind::Variable, a(1).1), result(Outcome::Created)),
            ((2, SettingKind::Variable, a(2).1), result(Outcome::Failed("refused".into()))),
        ]);
        assert_eq!(drawn(all_kinds(), &results), vec![a(2)]);
    }
}
