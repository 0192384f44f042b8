//! What a copy sends, by pointer: an entity, its comparison and the item's place in it, so that choosing
//! 11,000 items clones no item; the write itself is built when a slot frees.

use super::{Compared, KindRows};
use crate::api::Entity;
use crate::logic::complete::requests::{writable, write_for, Entered};
use crate::logic::complete::Item;
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
    pub(super) fn sendable(&self) -> bool {
        self.item().is_some_and(|i| {
            if self.entered.is_empty() {
                writable(i)
            } else {
                write_for(i, &self.entered).is_some()
            }
        })
    }
}
