//! The mention finder (SPEC section 3).
//!
//! One Aho-Corasick automaton holds the folded form of every alias of every
//! loaded actor. The text is folded one chunk at a time (see [`fold`]), the
//! automaton reports every overlapping occurrence, and each is checked
//! against the original text: word boundaries or a possessive, smart or
//! exact case. Of the occurrences that pass, the leftmost and then longest
//! wins; aliases of several actors on the same span make one ambiguous
//! mention. Memory stays bounded by the chunk size, whatever the text size.
//!
//! [`fold`]: super::fold

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::boundary::{is_word_boundary, possessive_end};
use super::catalog::{ActorIdx, CaseMode, Catalog};
use super::fold::{FoldedChunk, fold_str};

/// Folded bytes committed per chunk.
const CHUNK: usize = 64 * 1024;

/// One mention of an actor: a half-open byte range of the searched text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    /// The actor, first in catalog order among the candidates.
    pub actor: ActorIdx,
    /// Index into that actor's `aliases` of the alias that matched.
    pub alias: usize,
    /// Byte range in the text (after a possessive is cut off).
    pub range: Range<usize>,
    /// Every actor whose alias matches this span, in catalog order; empty
    /// unless the mention is ambiguous (two or more actors).
    pub candidates: Vec<ActorIdx>,
}

impl Mention {
    /// Whether aliases of several actors match this span.
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

/// An alias that a folded pattern stands for.
#[derive(Debug, Clone)]
struct Target {
    actor: ActorIdx,
    alias: usize,
    /// For `exact` aliases: the alias folded without lower-casing.
    exact: Option<String>,
    /// For `smart` aliases written with a capital letter.
    needs_capital: bool,
}

impl Target {
    fn accepts(&self, span: &str) -> bool {
        match &self.exact {
            Some(exact) => fold_str(span, false) == *exact,
            None => !self.needs_capital || span.chars().any(char::is_uppercase),
        }
    }
}

/// Finds mentions of a catalog's actors. Build it once, use it for any
/// number of texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// For each automaton pattern, the aliases that fold to it.
    targets: Vec<Vec<Target>>,
    /// Longest folded pattern, in bytes.
    max_len: usize,
}

/// A candidate that passed every check but the overlap rule.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    actor: ActorIdx,
    alias: usize,
}

impl Matcher {
    /// Builds the automaton over every alias of every actor of `catalog`.
    pub fn new(catalog: &Catalog) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        for (actor_idx, actor) in catalog.actors().iter().enumerate() {
            for (alias_idx, alias) in actor.aliases.iter().enumerate() {
                let folded = fold_str(&alias.text, true);
                if folded.is_empty() {
                    continue;
                }
                let target = Target {
                    actor: actor_idx,
                    alias: alias_idx,
                    exact: (alias.case == CaseMode::Exact).then(|| fold_str(&alias.text, false)),
                    needs_capital: alias.text.chars().any(char::is_uppercase),
                };
                let id = *by_pattern.entry(folded.clone()).or_insert_with(|| {
                    patterns.push(folded);
                    targets.push(Vec::new());
                    targets.len() - 1
                });
                targets[id].push(target);
            }
        }
        let max_len = patterns.iter().map(String::len).max().unwrap_or(0);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("alias patterns are few and short enough for the automaton");
        Matcher {
            automaton,
            targets,
            max_len,
        }
    }

    /// How many distinct folded patterns the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.targets.len()
    }

    /// Every mention in `text`, in order, streamed chunk by chunk.
    /// A leading byte-order mark is skipped; offsets are into `text`.
    pub fn find_iter<'m, 't>(&'m self, text: &'t str) -> Mentions<'m, 't> {
        let base = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Mentions {
            matcher: self,
            body: &text[base..],
            base,
            next: 0,
            last_end: 0,
            chunk: FoldedChunk::default(),
            candidates: Vec::new(),
            ready: Vec::new(),
        }
    }

    /// Every mention in `text`, collected.
    pub fn find_all(&self, text: &str) -> Vec<Mention> {
        self.find_iter(text).collect()
    }
}

/// The iterator returned by [`Matcher::find_iter`].
#[derive(Debug)]
pub struct Mentions<'m, 't> {
    matcher: &'m Matcher,
    /// The text without a leading BOM.
    body: &'t str,
    /// Length of the skipped BOM, added to every offset.
    base: usize,
    /// Where in `body` the next chunk starts.
    next: usize,
    /// End of the last mention selected, in `body`.
    last_end: usize,
    chunk: FoldedChunk,
    candidates: Vec<Candidate>,
    /// Mentions of the current chunk, reversed so `pop` yields them in order.
    ready: Vec<Mention>,
}

impl Mentions<'_, '_> {
    /// Folds and scans the next chunk, filling `ready`.
    fn scan_chunk(&mut self) {
        let m = self.matcher;
        let body = self.body;
        self.chunk.fill(body, self.next, CHUNK, m.max_len);
        self.next = self.chunk.next;
        self.candidates.clear();
        let chunk = &self.chunk;
        for hit in m.automaton.find_overlapping_iter(&chunk.bytes[..]) {
            let (fs, fe) = (hit.start(), hit.end());
            if fs >= chunk.commit || !chunk.on_unit(fs) || !chunk.on_unit(fe) {
                continue;
            }
            let (start, end) = (chunk.map[fs], chunk.map[fe]);
            if start < self.last_end {
                continue;
            }
            let span = &body[start..end];
            let mut bounded = None;
            for target in &m.targets[hit.pattern().as_usize()] {
                if !target.accepts(span) {
                    continue;
                }
                let ok = *bounded.get_or_insert_with(|| {
                    is_word_boundary(body, start)
                        && (is_word_boundary(body, end) || possessive_end(body, end).is_some())
                });
                if !ok {
                    break;
                }
                self.candidates.push(Candidate {
                    start,
                    end,
                    actor: target.actor,
                    alias: target.alias,
                });
            }
        }
        self.candidates.sort_unstable_by(|a, b| {
            (a.start, b.end, a.actor, a.alias).cmp(&(b.start, a.end, b.actor, b.alias))
        });
        let mut i = 0;
        while i < self.candidates.len() {
            let first = self.candidates[i];
            if first.start < self.last_end {
                i += 1;
                continue;
            }
            let mut actors = vec![first.actor];
            i += 1;
            while let Some(c) = self.candidates.get(i) {
                if (c.start, c.end) != (first.start, first.end) {
                    break;
                }
                if actors.last() != Some(&c.actor) {
                    actors.push(c.actor);
                }
                i += 1;
            }
            if actors.len() == 1 {
                actors.clear();
            }
            self.ready.push(Mention {
                actor: first.actor,
                alias: first.alias,
                range: first.start + self.base..first.end + self.base,
                candidates: actors,
            });
            self.last_end = first.end;
        }
        self.ready.reverse();
    }
}

impl Iterator for Mentions<'_, '_> {
    type Item = Mention;

    fn next(&mut self) -> Option<Mention> {
        loop {
            if let Some(m) = self.ready.pop() {
                return Some(m);
            }
            if self.next >= self.body.len() {
                return None;
            }
            self.scan_chunk();
        }
    }
}
