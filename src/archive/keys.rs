//! A backend's own integer keys for actors and for (actor, alias) names,
//! as far as loaded: what packed mentions ([`super::pack`]) refer to, and
//! how they become plain rows again. Both backends keep one.

use std::collections::HashMap;

use super::pack::{self, Packed};
use super::store::{ArticleHit, MentionRow, StoreError, emit};
use crate::model::words_hash::WordHash;

/// The keys loaded so far, both ways. The maps by text are looked up for
/// every mention an indexer writes, those by number for every mention a
/// query reads: all hash cheaply ([`WordHash`]; the keys come from the
/// index itself and the user's own catalog), and a name is found by its
/// actor then its alias, without building a key.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// Actor ids by catalog id.
    pub actors: HashMap<String, i64, WordHash>,
    /// Catalog ids by actor id.
    pub actor_keys: HashMap<i64, String, WordHash>,
    /// Name ids by actor id, then alias.
    names: HashMap<i64, HashMap<String, i64, WordHash>, WordHash>,
    /// (actor id, alias) by name id.
    pub name_rows: HashMap<i64, (i64, String), WordHash>,
}

/// A stored key as the packing holds it.
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// An article's packed mentions, or the error of a damaged one.
pub fn unpack(blob: &[u8]) -> Result<Vec<Packed>, StoreError> {
    pack::unpack(blob).ok_or_else(|| StoreError::Schema("an article's mentions are damaged".into()))
}

/// An article's mentions as several actors' rows of `actor_articles` hold
/// them, back in one list in text order, each once (an ambiguous mention is
/// in the row of each of its candidates).
pub fn merge(mut lists: Vec<Vec<Packed>>) -> Vec<Packed> {
    if lists.len() <= 1 {
        return lists.pop().unwrap_or_default();
    }
    let mut all: Vec<Packed> = lists.into_iter().flatten().collect();
    all.sort_by(|a, b| {
        (a.start, a.end, a.name, &a.candidates).cmp(&(b.start, b.end, b.name, &b.candidates))
    });
    all.dedup();
    all
}

/// The rows of an actor query as they come, an article's rows (one per
/// actor asked for) together: each article handed on, with its mentions as
/// plain rows, within a limit of mentions.
pub struct Grouped {
    pending: Option<(ArticleHit, Vec<Vec<Packed>>)>,
    left: Option<usize>,
    stopped: bool,
}

impl Grouped {
    /// At most `limit` mentions in all.
    pub fn new(limit: Option<usize>) -> Self {
        Grouped {
            pending: None,
            left: limit,
            stopped: limit == Some(0),
        }
    }

    /// One row: an article and the mentions of one actor in it, whose keys
    /// `keys` covers. Whether to go on.
    pub fn push(
        &mut self,
        keys: &Keys,
        hit: ArticleHit,
        packed: Vec<Packed>,
        each: &mut dyn FnMut(ArticleHit) -> bool,
    ) -> bool {
        if self.stopped {
            return false;
        }
        match &mut self.pending {
            Some((p, lists)) if p.path == hit.path => lists.push(packed),
            _ => {
                if let Some((p, lists)) = self.pending.replace((hit, vec![packed])) {
                    self.hand_on(keys, p, lists, each);
                }
            }
        }
        !self.stopped
    }

    /// The last article.
    pub fn finish(&mut self, keys: &Keys, each: &mut dyn FnMut(ArticleHit) -> bool) {
        if let Some((p, lists)) = self.pending.take()
            && !self.stopped
        {
            self.hand_on(keys, p, lists, each);
        }
    }

    fn hand_on(
        &mut self,
        keys: &Keys,
        mut hit: ArticleHit,
        lists: Vec<Vec<Packed>>,
        each: &mut dyn FnMut(ArticleHit) -> bool,
    ) {
        let packed = merge(lists);
        hit.mentions = packed.iter().map(|p| keys.mention_row(p)).collect();
        self.stopped = !emit(hit, &mut self.left, each);
    }
}

impl Keys {
    /// Adds an actor's key.
    pub fn add_actor(&mut self, id: i64, key: String) {
        self.actors.insert(key.clone(), id);
        self.actor_keys.insert(id, key);
    }

    /// Adds a name's key.
    pub fn add_name(&mut self, id: i64, actor: i64, alias: String) {
        self.names
            .entry(actor)
            .or_default()
            .insert(alias.clone(), id);
        self.name_rows.insert(id, (actor, alias));
    }

    /// The id of the name (`actor`, `alias`), if loaded.
    pub fn name(&self, actor: i64, alias: &str) -> Option<i64> {
        self.names.get(&actor)?.get(alias).copied()
    }

    /// Whether every key the mentions refer to is loaded (else another
    /// indexer wrote keys since: load them again).
    pub fn cover(&self, packed: &[Packed]) -> bool {
        packed.iter().all(|p| {
            self.name_rows.contains_key(&to_i64(p.name))
                && p.candidates
                    .iter()
                    .all(|c| self.actor_keys.contains_key(&to_i64(*c)))
        })
    }

    /// A packed mention as a plain row.
    pub fn mention_row(&self, p: &Packed) -> MentionRow {
        let (actor, alias) = self
            .name_rows
            .get(&to_i64(p.name))
            .cloned()
            .unwrap_or((-1, String::new()));
        let key = |id: i64| self.actor_keys.get(&id).cloned().unwrap_or_default();
        MentionRow {
            actor: key(actor),
            alias,
            start: p.start,
            end: p.end,
            candidates: p.candidates.iter().map(|&c| key(to_i64(c))).collect(),
        }
    }

    /// Calls `f` with each actor id a packed mention counts for: its actor
    /// and its candidates (an id may come twice). Allocates nothing: an
    /// actor's query walks every mention of its articles.
    pub fn each_counted(&self, p: &Packed, mut f: impl FnMut(i64)) {
        if let Some((actor, _)) = self.name_rows.get(&to_i64(p.name)) {
            f(*actor);
        }
        for &c in &p.candidates {
            f(to_i64(c));
        }
    }

    /// The actor ids a packed mention counts for, once each.
    pub fn counted(&self, p: &Packed) -> Vec<i64> {
        let mut ids = Vec::with_capacity(1 + p.candidates.len());
        self.each_counted(p, |a| ids.push(a));
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_mentions_become_rows_through_the_keys_and_unknown_keys_show() {
        let mut keys = Keys::default();
        keys.add_actor(1, "apt28".into());
        keys.add_actor(2, "sandworm".into());
        keys.add_name(10, 1, "Fancy Bear".into());
        let plain = Packed {
            name: 10,
            start: 3,
            end: 13,
            candidates: vec![],
        };
        let ambiguous = Packed {
            name: 10,
            start: 20,
            end: 30,
            candidates: vec![2, 1],
        };
        assert!(keys.cover(&[plain.clone(), ambiguous.clone()]));
        assert_eq!(keys.mention_row(&plain).actor, "apt28");
        assert_eq!(keys.mention_row(&plain).alias, "Fancy Bear");
        assert_eq!(
            keys.mention_row(&ambiguous).candidates,
            ["sandworm", "apt28"]
        );
        assert_eq!(keys.counted(&ambiguous), [1, 2]);
        let stranger = Packed { name: 11, ..plain };
        assert!(!keys.cover(&[stranger]));
        assert!(unpack(&[0x80]).is_err());
    }
}
