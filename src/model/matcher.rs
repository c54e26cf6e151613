//! The mention finder: the rules of docs/matching.md.
//!
//! One Aho-Corasick automaton holds the folded form of every alias of every
//! loaded actor (see [`fold`]), the spaced forms of letter-number names
//! (`APT 29`, `APT-29` for `APT29`) and the names of tools and malware the
//! packs list. The scan walks the original text once, skipping the inside
//! of ASCII words where no word boundary can be. Where a mention may start
//! and its first folded bytes begin some pattern, the window the longest
//! pattern could cover is folded and searched with the automaton anchored
//! there, longest first; each occurrence is checked against the original
//! text: word boundaries or a possessive, smart or exact case. The first
//! that passes claims its span (leftmost, then longest): nothing shorter
//! inside it is a mention, so "Cobalt" in "Cobalt Strike" (a tool's name)
//! or "Korean" in "North Korean" is none.
//!
//! An alias that a noise rule marked *risky* (README, "Noise rules") counts
//! only with evidence ([`Evidence`]): a head noun next to it ("the Silence
//! group", "Royal ransomware"), a naming phrase ("tracked as Silence"),
//! another, unambiguous alias of the same actor anywhere in the text, or —
//! for a code name in capitals — the capitals themselves. A demonym counts
//! for its state only before a word of government ("Russian officials"), a
//! demonym for the people only after "the". An occurrence inside a URL,
//! e-mail address, domain name or file path is never a mention, nor is a
//! risky one inside a longer capitalised name ("Royal Mail").
//! [`Matcher::find_explained`] says why each occurrence that did not count
//! was dropped.
//!
//! [`fold`]: super::fold

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::boundary::{is_word_boundary, possessive_end};
use super::catalog::{ActorIdx, CaseMode, Catalog, Kind, NoiseAction, NoiseRule, Suppression};
use super::evidence;
use super::fold::{FoldedChunk, fold_str, folded_match, is_ascii_space};
use super::progress::Progress;

/// The longest text, in bytes, that the finder reads: a mention holds its
/// offsets in 32 bits. The readers of articles refuse longer ones
/// ([`crate::model::input::Input::read`]).
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// One mention of an actor: a half-open byte range of the searched text.
///
/// Small (24 bytes), since a long dense text holds millions: offsets and
/// indices in 32 bits, and what only a few mentions have (candidates,
/// evidence) behind one pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    start: u32,
    end: u32,
    actor: u32,
    alias: u32,
    extra: Option<Box<Extra>>,
}

/// What only some mentions have.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Extra {
    /// The evidence of a risky alias, one actor.
    Evidence(Evidence),
    /// Several actors share the span.
    Ambiguous(Box<Ambiguous>),
}

/// The alias number of a risky span still waiting, while the text is
/// scanned, for the whole text to be read: its actor is the index of its
/// [`Pending`] in the scan. None is left in the mentions the finder
/// returns.
const PENDING: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Ambiguous {
    candidates: Box<[ActorIdx]>,
    evidence: Option<Evidence>,
}

/// Moves the items of `from` that `keep` accepts to the end of `into`, in
/// order, each changed by `change`; `from` is freed as it is emptied, so
/// that two large buffers are never both whole.
fn move_into<T>(
    into: &mut Vec<T>,
    mut from: Vec<T>,
    keep: impl Fn(&T) -> bool,
    mut change: impl FnMut(&mut T),
) {
    const STEP: usize = 1 << 16;
    into.reserve_exact(from.iter().filter(|t| keep(t)).count());
    from.reverse();
    while let Some(mut item) = from.pop() {
        if keep(&item) {
            change(&mut item);
            into.push(item);
        }
        if from.len().is_multiple_of(STEP) {
            from.shrink_to_fit();
        }
    }
}

/// A value the finder holds in 32 bits.
fn narrow(value: usize) -> u32 {
    u32::try_from(value).expect("texts and catalogs are smaller than 4 GiB (MAX_TEXT_LEN)")
}

impl Mention {
    /// A mention of `actor` by its alias number `alias` at `range`, with
    /// its candidates (empty unless two or more) and its evidence.
    fn new(
        actor: ActorIdx,
        alias: usize,
        range: Range<usize>,
        candidates: Vec<ActorIdx>,
        evidence: Option<Evidence>,
    ) -> Self {
        let extra = match (candidates.is_empty(), evidence) {
            (true, None) => None,
            (true, Some(e)) => Some(Box::new(Extra::Evidence(e))),
            (false, evidence) => Some(Box::new(Extra::Ambiguous(Box::new(Ambiguous {
                candidates: candidates.into(),
                evidence,
            })))),
        };
        Mention {
            start: narrow(range.start),
            end: narrow(range.end),
            actor: narrow(actor),
            alias: narrow(alias),
            extra,
        }
    }

    /// Risky aliases on `range`, to be resolved: the scan's [`Pending`]
    /// number `index`.
    fn pending(range: Range<usize>, index: usize) -> Self {
        Mention {
            start: narrow(range.start),
            end: narrow(range.end),
            actor: narrow(index),
            alias: PENDING,
            extra: None,
        }
    }

    /// Whether this is a risky span still to be resolved.
    fn is_pending(&self) -> bool {
        self.alias == PENDING
    }

    /// The actor, first in catalog order among the candidates.
    pub fn actor(&self) -> ActorIdx {
        self.actor as usize
    }

    /// Index into that actor's `aliases` of the alias that matched.
    pub fn alias(&self) -> usize {
        self.alias as usize
    }

    /// Byte range in the text (after a possessive is cut off).
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// Where the mention starts: a byte offset in the text.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the mention ends: a byte offset in the text.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// Every actor whose alias matches this span, in catalog order; empty
    /// unless the mention is ambiguous (two or more actors).
    pub fn candidates(&self) -> &[ActorIdx] {
        match self.extra.as_deref() {
            Some(Extra::Ambiguous(a)) => &a.candidates,
            _ => &[],
        }
    }

    /// For a risky alias: the evidence that let it count. `None` for every
    /// other alias.
    pub fn evidence(&self) -> Option<&Evidence> {
        match self.extra.as_deref() {
            Some(Extra::Evidence(e)) => Some(e),
            Some(Extra::Ambiguous(a)) => a.evidence.as_ref(),
            _ => None,
        }
    }

    /// Moves the mention and its evidence `by` bytes on.
    fn shift(&mut self, by: usize) {
        self.start = narrow(self.start() + by);
        self.end = narrow(self.end() + by);
        match self.extra.as_deref_mut() {
            Some(Extra::Evidence(e)) => shift_evidence(e, by),
            Some(Extra::Ambiguous(a)) => {
                if let Some(e) = &mut a.evidence {
                    shift_evidence(e, by);
                }
            }
            None => {}
        }
    }
}

/// Why an occurrence of a risky alias counts. Ranges are byte ranges of the
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// A head noun next to it: "the Silence group", "Royal ransomware",
    /// "the actors behind Cobalt".
    HeadNoun(Range<usize>),
    /// A naming phrase before it: "tracked as", "dubbed", "aka".
    Naming(Range<usize>),
    /// An unambiguous alias of the same actor that needs no evidence,
    /// elsewhere in the text (its first mention).
    SameActor(Range<usize>),
    /// A code name written in capitals, as the catalog writes it
    /// (`STRONTIUM`), in a line that is not all capitals.
    Capitals,
    /// A demonym before a word of government: "Russian officials".
    Government(Range<usize>),
    /// A demonym for the people after "the": "the Russians".
    Definite(Range<usize>),
    /// A Markdown link from it to one of the actor's references (its
    /// ATT&CK page), at this range.
    Link(Range<usize>),
}

/// An occurrence of an alias that did not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dropped {
    /// The actor whose alias it is (first in catalog order).
    pub actor: ActorIdx,
    /// Index into that actor's `aliases`.
    pub alias: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Why it did not count.
    pub reason: DropReason,
}

/// Why an occurrence of an alias is no mention.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// A risky alias with no evidence.
    NoEvidence,
    /// Part of the name of a tool or malware (an index into
    /// [`Catalog::tools`]) that covers this byte range.
    InTool {
        /// Index into [`Catalog::tools`].
        tool: usize,
        /// The tool name's byte range in the text.
        range: Range<usize>,
    },
    /// A risky alias that is part of a longer capitalised name ("Royal
    /// Mail"), whose byte range is given.
    InName(Range<usize>),
    /// Inside a URL, e-mail address, domain name or file path.
    InAddress,
    /// A state's short form before a currency sign: `US$20,000`, `US $7
    /// million`.
    InAmount,
    /// The reader said it is no mention (a suppression of the user
    /// catalog: everywhere, in this article, or here).
    Suppressed,
}

impl Mention {
    /// Whether aliases of several actors match this span.
    pub fn is_ambiguous(&self) -> bool {
        self.candidates().len() > 1
    }
}

/// What a risky alias needs to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Nothing: it counts as found.
    Open,
    /// Evidence: a head noun, a naming phrase, the same actor elsewhere.
    Evidence,
    /// A word of government after it (a demonym).
    Government,
    /// "the" before it (a demonym for the people).
    Definite,
}

/// Who a folded pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// An alias of an actor.
    Actor { actor: ActorIdx, alias: usize },
    /// A name of a tool: an index into [`Catalog::tools`].
    Tool(usize),
}

/// An alias (or tool name) that a folded pattern stands for.
#[derive(Debug, Clone)]
struct Target {
    who: Who,
    /// For `exact` aliases: the form matched, folded without lower-casing.
    exact: Option<String>,
    /// For `exact` aliases in capitals (six letters or more: a code name,
    /// not an acronym) or in Title Case: the other form
    /// that also matches (`Strontium` for `STRONTIUM`), as a variant.
    variant: Option<String>,
    /// For `smart` aliases written with a capital letter.
    needs_capital: bool,
    /// What it needs to count.
    gate: Gate,
    /// A noise rule marked it (even one that only made it `exact`).
    marked: bool,
    /// An `exact` alias in capitals that is also an English word (a code
    /// name, `STRONTIUM`): written so it is evidence of itself, except in a
    /// line in capitals. Not an acronym (`TSB`): capitals are all it has.
    caps: bool,
}

/// How an occurrence stands against one target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// It counts.
    Sure,
    /// It counts with evidence: this local evidence, or the same actor
    /// elsewhere when the gate allows.
    Risky(Gate, Option<Evidence>),
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word_start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if word_start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            word_start = false;
        } else {
            out.push(c);
            word_start = !c.is_alphanumeric();
        }
    }
    out
}

impl Target {
    fn new(who: Who, text: &str, case: CaseMode, noise: Option<NoiseRuleMark>) -> Self {
        let exact = (case == CaseMode::Exact).then(|| fold_str(text, false));
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let in_caps = letters >= 2 && !text.chars().any(char::is_lowercase);
        let variant = exact.as_ref().and_then(|e| {
            let title = title_case(e);
            if in_caps && letters >= 6 {
                Some(title)
            } else if *e == title && letters >= 4 {
                Some(e.to_uppercase())
            } else {
                None
            }
        });
        let gate = match noise {
            Some((NoiseAction::Gated, NoiseRule::Demonym)) => Gate::Government,
            Some((NoiseAction::Gated, NoiseRule::DemonymPlural)) => Gate::Definite,
            Some((NoiseAction::Gated, _)) => Gate::Evidence,
            _ => Gate::Open,
        };
        Target {
            who,
            exact,
            variant,
            needs_capital: text.chars().any(char::is_uppercase),
            gate,
            marked: noise.is_some(),
            caps: matches!(
                noise,
                Some((_, NoiseRule::CommonWord | NoiseRule::CommonWords))
            ) && case == CaseMode::Exact
                && in_caps,
        }
    }

    /// How `span` (an occurrence of the pattern) stands against this
    /// target, or `None` when its case does not fit. `shouted` says whether
    /// the line is in capitals.
    /// `folded` holds the span as [`fold_kept_case`] writes it, once
    /// a target needs it.
    fn status<'s>(
        &self,
        span: &'s str,
        folded: &OnceCell<Cow<'s, str>>,
        shouted: &mut impl FnMut() -> bool,
    ) -> Option<Status> {
        let mut variant = false;
        if let Some(exact) = &self.exact {
            let folded: &str = folded.get_or_init(|| fold_kept_case(span));
            if folded != exact.as_str() {
                if self.variant.as_deref() == Some(folded) || shouted() {
                    variant = true;
                } else {
                    return None;
                }
            }
        } else if self.needs_capital && !span.chars().any(char::is_uppercase) {
            return None;
        }
        Some(match self.gate {
            Gate::Open if (variant && self.marked) || (self.caps && shouted()) => {
                Status::Risky(Gate::Evidence, None)
            }
            Gate::Open => Status::Sure,
            Gate::Evidence if self.caps && !variant && !shouted() => {
                Status::Risky(Gate::Evidence, Some(Evidence::Capitals))
            }
            gate => Status::Risky(gate, None),
        })
    }
}

type NoiseRuleMark = (NoiseAction, NoiseRule);

/// `fold_str(span, false)`, borrowed when folding leaves the span as it
/// is: ASCII without white space.
fn fold_kept_case(span: &str) -> Cow<'_, str> {
    if span.bytes().all(|b| b.is_ascii() && !is_ascii_space(b)) {
        Cow::Borrowed(span)
    } else {
        Cow::Owned(fold_str(span, false))
    }
}

/// The spaced forms of a letter-number designation: `APT 29` and `APT-29`
/// for `APT29`, `TA 505` for `TA505` (two to five capitals, then digits; not
/// `Windows10`, a word and a number).
fn spaced_forms(text: &str) -> Vec<String> {
    let split = text
        .find(|c: char| c.is_ascii_digit())
        .filter(|&i| (2..=5).contains(&i));
    let Some(i) = split else {
        return Vec::new();
    };
    let (letters, digits) = text.split_at(i);
    if !letters.chars().all(|c| c.is_ascii_uppercase())
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return Vec::new();
    }
    vec![format!("{letters} {digits}"), format!("{letters}-{digits}")]
}

/// The id of the next [`Matcher`] built.
static NEXT_MATCHER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Finds mentions of a catalog's actors. Build it once, use it for any
/// number of texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The trie of every pattern cut to at most [`CUT`] bytes, walked
    /// anchored from each place a mention may start.
    trie: NFA,
    /// Its anchored start state.
    root: StateID,
    /// Which byte prefixes begin some pattern.
    starts: StartFilter,
    /// For each target set: the aliases (and tool names) that fold to its
    /// pattern. Sets `0..automaton patterns` are the automaton's patterns
    /// (the first [`CUT`] bytes of a long pattern have an empty set);
    /// the long patterns come after.
    targets: Vec<Vec<Target>>,
    /// For each set: whether any of its targets is exact, gated or a tool
    /// (so the common case checks one byte).
    risky: Vec<bool>,
    /// For each automaton pattern that cuts long ones, by its number less
    /// [`Matcher::first_cut`]: their sets, longest first. The cuts come
    /// after every other pattern, so the common case compares one number.
    longer: Vec<Vec<usize>>,
    /// The number of the first automaton pattern that is a cut.
    first_cut: usize,
    /// For each set, its whole folded pattern (empty for a cut).
    folded: Vec<Box<[u8]>>,
    /// Per actor, its kind: a state's short form also prefixes currencies
    /// (`US$`).
    kinds: Vec<Kind>,
    /// Per actor, its references as [`evidence::normalise_url`] writes them.
    refs: Vec<HashSet<String>>,
    /// Aliases suppressed everywhere, folded.
    suppressed: HashSet<String>,
    /// Suppressions of one article, their aliases and contexts folded.
    suppressed_here: Vec<Suppression>,
    /// Which finder this is: each [`Matcher::new`] gives a new one.
    id: u64,
}

/// The words around `range` that a suppression of one place remembers, so
/// that it survives edits elsewhere in the file: up to four words either
/// side and the words themselves, white space collapsed, folded.
pub fn context_of(text: &str, range: Range<usize>) -> String {
    const REACH: usize = 160;
    let mut lo = range.start.saturating_sub(REACH);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (range.end + REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let before: Vec<&str> = text[lo..range.start].split_whitespace().collect();
    let after: Vec<&str> = text[range.end..hi].split_whitespace().collect();
    let mut words: Vec<&str> = before[before.len().saturating_sub(4)..].to_vec();
    words.extend(text[range].split_whitespace());
    words.extend(after.iter().take(4));
    fold_str(&words.join(" "), true)
}

/// Whether two names of an article are the same file: equal, or one the
/// other's tail after a `/` (`reports/a.txt` and `/home/x/reports/a.txt`).
pub fn same_article(a: &str, b: &str) -> bool {
    let a = a.strip_prefix("./").unwrap_or(a);
    let b = b.strip_prefix("./").unwrap_or(b);
    a == b
        || b.strip_suffix(a).is_some_and(|head| head.ends_with('/'))
        || a.strip_suffix(b).is_some_and(|head| head.ends_with('/'))
}

/// Whether a folded byte is an ASCII letter, digit or `_`: two of them side
/// by side are never split by a word boundary (UAX #29 rules WB5 to WB13).
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] as a table: one load instead of three comparisons in
/// the scan's innermost loop.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// How many word bytes ([`is_word_byte`]) begin `bytes`.
fn word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !is_word_byte(b))
        .unwrap_or(bytes.len())
}

/// A quick test of whether a pattern may begin at a position: the exact set
/// of first bytes, exact sets of one- and two-byte patterns, and hashed sets
/// of the first three and four bytes of longer ones. It can say yes wrongly,
/// never no wrongly.
#[derive(Debug, Clone)]
struct StartFilter {
    first: Vec<bool>,
    one: Vec<bool>,
    two: Vec<u64>,
    three: Vec<u64>,
    four: Vec<u64>,
}

/// Bits in the hashed four-byte set (32 KiB: it stays in the first-level cache).
const FOUR_BITS: u32 = 18;

impl StartFilter {
    fn new(patterns: &[String]) -> Self {
        let mut filter = StartFilter {
            first: vec![false; 256],
            one: vec![false; 256],
            two: vec![0; 1 << 10],
            three: vec![0; 1 << 10],
            four: vec![0; 1 << (FOUR_BITS - 6)],
        };
        for p in patterns.iter().map(String::as_bytes) {
            if let Some(&a) = p.first() {
                filter.first[usize::from(a)] = true;
            }
            match *p {
                [] => {}
                [a] => filter.one[usize::from(a)] = true,
                [a, b] => set(&mut filter.two, two_key(a, b)),
                [a, b, c] => set(&mut filter.three, three_key(a, b, c)),
                [a, b, c, d, ..] => set(&mut filter.four, four_key(a, b, c, d)),
            }
        }
        filter
    }

    /// Whether some pattern may begin at the start of `rest` (not empty).
    #[inline]
    fn may_start(&self, rest: &[u8]) -> bool {
        if !self.first[usize::from(rest[0])] {
            return false;
        }
        match *rest {
            [] => false,
            [a] => self.one[usize::from(a)],
            [a, b] => self.one[usize::from(a)] || get(&self.two, two_key(a, b)),
            [a, b, c] => {
                self.one[usize::from(a)]
                    || get(&self.two, two_key(a, b))
                    || get(&self.three, three_key(a, b, c))
            }
            [a, b, c, d, ..] => {
                get(&self.four, four_key(a, b, c, d))
                    || self.one[usize::from(a)]
                    || get(&self.two, two_key(a, b))
                    || get(&self.three, three_key(a, b, c))
            }
        }
    }
}

fn two_key(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

fn three_key(a: u8, b: u8, c: u8) -> usize {
    let x = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn four_key(a: u8, b: u8, c: u8, d: u8) -> usize {
    let word = u32::from_le_bytes([a, b, c, d]);
    (word.wrapping_mul(0x9E37_79B1) >> (32 - FOUR_BITS)) as usize
}

fn set(bits: &mut [u64], key: usize) {
    bits[key / 64] |= 1 << (key % 64);
}

fn get(bits: &[u64], key: usize) -> bool {
    bits[key / 64] & (1 << (key % 64)) != 0
}

/// The folded text of every alias the finder searches.
fn by_alias_text(catalog: &Catalog) -> std::collections::HashSet<String> {
    catalog
        .actors()
        .iter()
        .flat_map(|a| &a.aliases)
        .filter(|a| !a.is_dropped())
        .map(|a| fold_str(&a.text, true))
        .collect()
}

/// Whether folded `name` holds one of `aliases` from the start of one of its
/// words to the end of one of its words.
fn holds_alias(name: &str, aliases: &std::collections::HashSet<String>) -> bool {
    let starts = std::iter::once(0).chain(
        name.char_indices()
            .filter(|&(_, c)| !c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8()),
    );
    let ends: Vec<usize> = name
        .char_indices()
        .filter(|&(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .chain(std::iter::once(name.len()))
        .collect();
    starts.into_iter().any(|s| {
        ends.iter()
            .filter(|&&e| e > s)
            .any(|&e| aliases.contains(&name[s..e]))
    })
}

/// Patterns longer than `CUT - 4` bytes are *long*: the automaton holds
/// only their first `CUT` bytes or fewer (to a character's end, so never
/// fewer than `CUT - 3`), and where those occur the rest is compared with
/// the text. Every cut is longer than every pattern that is not, and a chunk
/// of the scan needs only `CUT` bytes of overlap: the scan's cost does not
/// depend on how long the catalog's longest alias is.
const CUT: usize = 128;

/// The first [`CUT`] bytes of a long pattern, or fewer to end at a
/// character's end.
fn cut_of(pattern: &str) -> &str {
    let mut cut = CUT.min(pattern.len());
    while !pattern.is_char_boundary(cut) {
        cut -= 1;
    }
    &pattern[..cut]
}

/// Texts shorter than two of these are scanned on one core; longer ones
/// in segments of at least this many bytes, one a core.
const MIN_SEGMENT: usize = 4 << 20;

/// How far into a segment its claims are kept for the join (see
/// [`Matcher::scan_segments`]): a span claimed across a segment's start
/// ends long before, but in a text made to defeat it.
const CLAIMS_KEPT: usize = 1 << 16;

/// Where `body` is cut into `segments` pieces of about the same size: at
/// a paragraph break where there is one near, else after white space, so
/// that each piece begins at a character that is not white space (as a
/// chunk of the scan does). Starts with 0 and ends with the length.
fn segment_bounds(body: &str, segments: usize) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut bounds = vec![0];
    for k in 1..segments {
        let mut at = (body.len() * k / segments).max(*bounds.last().unwrap_or(&0));
        // A paragraph break within 64 KiB, else any white space.
        let near = &bytes[at..bytes.len().min(at + (64 << 10))];
        at += memchr::memmem::find(near, b"\n\n")
            .or_else(|| near.iter().position(u8::is_ascii_whitespace))
            .unwrap_or(near.len());
        while !body.is_char_boundary(at) {
            at += 1;
        }
        at += body[at..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(body.len() - at);
        bounds.push(at);
    }
    bounds.push(body.len());
    bounds.dedup();
    bounds
}

/// Folded bytes per chunk of the scan.
const CHUNK: usize = 1 << 18;

/// Tool names shorter than this are left out of the automaton: they would
/// block nothing but aliases of their own length.
const MIN_TOOL_NAME: usize = 4;

/// The rule an alias's gate follows. A demonym names a state's people or
/// government ("Russian officials"); when another kind of actor goes by one
/// (a ransomware called "Korean"), the word needs the evidence any risky
/// name needs ("the Korean ransomware"), not a word of government.
fn gate_rule(rule: NoiseRule, kind: Kind) -> NoiseRule {
    match rule {
        NoiseRule::Demonym | NoiseRule::DemonymPlural if kind != Kind::State => {
            NoiseRule::ProductWord
        }
        _ => rule,
    }
}

impl Matcher {
    /// Builds the automaton over every alias of every actor of `catalog`,
    /// and the tool names it holds.
    pub fn new(catalog: &Catalog) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut add = |folded: String, target: Target| {
            let id = *by_pattern.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                targets.push(Vec::new());
                targets.len() - 1
            });
            targets[id].push(target);
        };
        for (actor_idx, actor) in catalog.actors().iter().enumerate() {
            for (alias_idx, alias) in actor.aliases.iter().enumerate() {
                if alias.is_dropped() {
                    continue;
                }
                let who = Who::Actor {
                    actor: actor_idx,
                    alias: alias_idx,
                };
                let noise = alias
                    .noise
                    .map(|n| (n.action, gate_rule(n.rule, actor.kind)));
                let mut forms = vec![alias.text.clone()];
                forms.extend(spaced_forms(&alias.text));
                for form in forms {
                    let folded = fold_str(&form, true);
                    if !folded.is_empty() {
                        add(folded, Target::new(who, &form, alias.case, noise));
                    }
                }
            }
        }
        // A tool's name matters only where it holds an alias at the start
        // of one of its words (`Cobalt Strike`, `Winnti`): the others would
        // only slow the scan down.
        let aliases: std::collections::HashSet<String> = by_alias_text(catalog);
        for (idx, tool) in catalog.tools().iter().enumerate() {
            let folded = fold_str(&tool.text, true);
            if folded.chars().count() >= MIN_TOOL_NAME && holds_alias(&folded, &aliases) {
                add(
                    folded,
                    Target::new(Who::Tool(idx), &tool.text, CaseMode::Smart, None),
                );
            }
        }
        // Within a pattern, actors before tools, in catalog order.
        for ts in &mut targets {
            ts.sort_by_key(|t| matches!(t.who, Who::Tool(_)));
        }
        // Long patterns go after the others, behind their cut.
        let mut cut_patterns: Vec<String> = Vec::new();
        let mut sets: Vec<Vec<Target>> = Vec::new();
        let mut folded: Vec<Box<[u8]>> = Vec::new();
        let mut long: Vec<(String, Vec<Target>)> = Vec::new();
        for (pattern, ts) in patterns.into_iter().zip(targets) {
            if pattern.len() > CUT - 4 {
                long.push((pattern, ts));
            } else {
                folded.push(pattern.as_bytes().into());
                cut_patterns.push(pattern);
                sets.push(ts);
            }
        }
        long.sort_by_key(|(pattern, _)| std::cmp::Reverse(pattern.len()));
        let first_cut = cut_patterns.len();
        let mut cuts: HashMap<&str, usize> = HashMap::new();
        for (pattern, _) in &long {
            let cut = cut_of(pattern);
            if !cuts.contains_key(cut) {
                cuts.insert(cut, cut_patterns.len());
                cut_patterns.push(cut.to_string());
                sets.push(Vec::new());
                folded.push(Box::default());
            }
        }
        let mut longer: Vec<Vec<usize>> = vec![Vec::new(); cuts.len()];
        for (pattern, ts) in &long {
            longer[cuts[cut_of(pattern)] - first_cut].push(sets.len());
            folded.push(pattern.as_bytes().into());
            sets.push(ts.clone());
        }
        let trie = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .dense_depth(3)
            .build(&cut_patterns)
            .expect("alias patterns are few and short enough for the automaton");
        let root = trie
            .start_state(Anchored::Yes)
            .expect("an NFA has an anchored start");
        let starts = StartFilter::new(&cut_patterns);
        let risky = sets
            .iter()
            .map(|ts| {
                ts.iter().any(|t| {
                    t.exact.is_some() || t.gate != Gate::Open || matches!(t.who, Who::Tool(_))
                })
            })
            .collect();
        Matcher {
            trie,
            root,
            starts,
            targets: sets,
            risky,
            longer,
            first_cut,
            folded,
            kinds: catalog.actors().iter().map(|a| a.kind).collect(),
            refs: catalog
                .actors()
                .iter()
                .map(|a| a.refs.iter().map(|r| evidence::normalise_url(r)).collect())
                .collect(),
            suppressed: catalog
                .suppressions()
                .iter()
                .filter(|s| s.article.is_none())
                .map(|s| fold_str(&s.alias, true))
                .collect(),
            suppressed_here: catalog
                .suppressions()
                .iter()
                .filter(|s| s.article.is_some())
                .map(|s| Suppression {
                    alias: fold_str(&s.alias, true),
                    article: s.article.clone(),
                    context: s.context.as_deref().map(|c| fold_str(c, true)),
                })
                .collect(),
            id: NEXT_MATCHER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The first pass over `body` (a text without its BOM, which began
    /// `base` bytes into the text): in one piece, or for a long text in
    /// segments on every core ([`Matcher::scan_segments`]).
    fn scan<'t>(&self, body: &'t str, progress: &Progress, base: usize) -> Option<Scan<'_, 't>> {
        // Asked of the system once (it reads files of /proc and /sys):
        // not again for each of a million small articles.
        let segments = match body.len() / MIN_SEGMENT {
            0 | 1 => 1,
            most => super::corpus::default_workers().min(most),
        };
        if segments >= 2 {
            return self.scan_segments(body, segments, CLAIMS_KEPT, progress, base);
        }
        let mut scan = Scan::new(self, body);
        scan.run(0, body.len(), progress, &AtomicUsize::new(0), base)?;
        Some(scan)
    }

    /// The first pass over `body` in `segments` pieces scanned at once,
    /// each on a thread, then joined so that the result is the one scan's
    /// ([`Scan::run`]), the claims of the first `kept` bytes of each
    /// segment kept for the join. A span claimed across the end of a segment makes
    /// the next segment's claims before its end void; where one of them
    /// straddles that end, the text from there is scanned again up to the
    /// end of the straddling span, until the two scans meet at a place
    /// neither has claimed — from there on they agree, since the scan
    /// carries nothing from one place to the next but where it stands.
    fn scan_segments<'t>(
        &self,
        body: &'t str,
        segments: usize,
        kept: usize,
        progress: &Progress,
        base: usize,
    ) -> Option<Scan<'_, 't>> {
        let bounds = segment_bounds(body, segments);
        let done = AtomicUsize::new(0);
        let scans: Vec<Option<(Scan<'_, 't>, usize)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = bounds
                .windows(2)
                .map(|w| {
                    let (from, to) = (w[0], w[1]);
                    let done = &done;
                    scope.spawn(move || {
                        let mut scan = Scan::new(self, body);
                        scan.claims = Some(Vec::new());
                        scan.claims_until = from + kept;
                        let end = scan.run(from, to, progress, done, base)?;
                        Some((scan, end))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        });
        let mut scans = scans.into_iter();
        let Some(first) = scans.next() else {
            // An empty text.
            return Some(Scan::new(self, body));
        };
        // The pieces in order, each with where its part begins.
        let (first, mut pos) = first?;
        let mut pieces = vec![(first, 0)];
        for (next, w) in scans.zip(bounds.windows(2).skip(1)) {
            let (next, end) = next?;
            let (from, to) = (w[0], w[1]);
            if pos > from + kept {
                // Past the claims kept: scan the rest of the segment again.
                let mut again = Scan::new(self, body);
                pos = again.run(pos, to, progress, &done, base)?;
                pieces.push((again, 0));
                continue;
            }
            let claims = next.claims.as_deref().unwrap_or_default();
            // Scan again where the next segment claimed across `pos`.
            while let Some(straddle) = claims.iter().find(|c| c.start < pos && pos < c.end) {
                let mut again = Scan::new(self, body);
                let stop = again.run(pos, straddle.end, progress, &done, base)?;
                pieces.push((again, 0));
                pos = stop;
            }
            pieces.push((next, pos));
            pos = pos.max(end);
        }
        // The first piece's buffers grow (a large buffer grows in place)
        // and each later piece is freed once taken in.
        let mut pieces = pieces.into_iter();
        let (mut joined, _) = pieces.next()?;
        joined.claims = None;
        for (piece, from) in pieces {
            joined.append(piece, from);
        }
        Some(joined)
    }

    /// The long patterns' sets that set `pattern` cuts, longest first, if
    /// it is a cut (the sets of long patterns come after the cuts).
    #[inline]
    fn longer_of(&self, pattern: usize) -> Option<&[usize]> {
        pattern
            .checked_sub(self.first_cut)
            .and_then(|k| self.longer.get(k))
            .map(Vec::as_slice)
    }

    /// Which finder this is (its copies share it): an article found with
    /// another must be searched again to agree with this one.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Every mention in `text`, and every occurrence of an alias that did
    /// not count, with why.
    pub fn find_explained(&self, text: &str) -> (Vec<Mention>, Vec<Dropped>) {
        let never = Progress::new(text.len());
        self.find_explained_with(text, &never).unwrap_or_default()
    }

    /// [`Matcher::find_explained`] that reports how many bytes of `text`
    /// it has read to `progress` and gives up (`None`) once it is
    /// cancelled, for a long text searched off the screen's thread.
    ///
    /// # Panics
    ///
    /// On a text longer than [`MAX_TEXT_LEN`] (4 GiB), which the readers
    /// of articles refuse.
    pub fn find_explained_with(
        &self,
        text: &str,
        progress: &Progress,
    ) -> Option<(Vec<Mention>, Vec<Dropped>)> {
        let base = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let body = &text[base..];
        let scan = self.scan(body, progress, base)?;
        let (mut mentions, mut dropped) = scan.resolve();
        if base > 0 {
            for m in &mut mentions {
                m.shift(base);
            }
        }
        for d in &mut dropped {
            shift(&mut d.range, base);
            match &mut d.reason {
                DropReason::InTool { range, .. } | DropReason::InName(range) => shift(range, base),
                DropReason::NoEvidence
                | DropReason::InAddress
                | DropReason::InAmount
                | DropReason::Suppressed => {}
            }
        }
        self.suppress(text, None, &mut mentions, &mut dropped);
        progress.advance_to(text.len());
        Some((mentions, dropped))
    }

    /// [`Matcher::find_explained`] for the article at `article` (a path
    /// as [`same_article`] compares it): the suppressions of that article
    /// apply too.
    pub fn find_explained_in(&self, text: &str, article: &str) -> (Vec<Mention>, Vec<Dropped>) {
        let never = Progress::new(text.len());
        self.find_explained_in_with(text, article, &never)
            .unwrap_or_default()
    }

    /// [`Matcher::find_explained_in`] with progress and cancellation, as
    /// [`Matcher::find_explained_with`].
    pub fn find_explained_in_with(
        &self,
        text: &str,
        article: &str,
        progress: &Progress,
    ) -> Option<(Vec<Mention>, Vec<Dropped>)> {
        let (mut mentions, mut dropped) = self.find_explained_with(text, progress)?;
        if self.suppressed_here.iter().any(|s| {
            s.article
                .as_deref()
                .is_some_and(|a| same_article(a, article))
        }) {
            self.suppress(text, Some(article), &mut mentions, &mut dropped);
        }
        Some((mentions, dropped))
    }

    /// [`Matcher::find_all`] for the article at `article`.
    pub fn find_all_in(&self, text: &str, article: &str) -> Vec<Mention> {
        self.find_explained_in(text, article).0
    }

    /// [`Matcher::find_all_in`] with progress and cancellation: `None` once
    /// `progress` is cancelled.
    pub fn find_all_in_with(
        &self,
        text: &str,
        article: &str,
        progress: &Progress,
    ) -> Option<Vec<Mention>> {
        self.find_explained_in_with(text, article, progress)
            .map(|(m, _)| m)
    }

    /// Moves the mentions the suppressions cover to `dropped`: those
    /// suppressed everywhere, and with `article` those of that article.
    fn suppress(
        &self,
        text: &str,
        article: Option<&str>,
        mentions: &mut Vec<Mention>,
        dropped: &mut Vec<Dropped>,
    ) {
        if self.suppressed.is_empty() && article.is_none() {
            return;
        }
        let mut moved = false;
        mentions.retain(|m| {
            let folded = fold_str(&text[m.range()], true);
            let hit = match article {
                None => self.suppressed.contains(&folded),
                Some(path) => self.suppressed_here.iter().any(|s| {
                    s.alias == folded
                        && s.article.as_deref().is_some_and(|a| same_article(a, path))
                        && s.context
                            .as_ref()
                            .is_none_or(|c| *c == context_of(text, m.range()))
                }),
            };
            if hit {
                dropped.push(Dropped {
                    actor: m.actor(),
                    alias: m.alias(),
                    range: m.range(),
                    reason: DropReason::Suppressed,
                });
                moved = true;
            }
            !hit
        });
        if moved {
            dropped.sort_by_key(|d| d.range.start);
        }
    }

    /// Every mention in `text`, in order. A leading byte-order mark is
    /// skipped; offsets are into `text`. The whole text is read first: a
    /// risky alias may count for a mention of its actor further on.
    pub fn find_iter(&self, text: &str) -> std::vec::IntoIter<Mention> {
        self.find_all(text).into_iter()
    }

    /// Every mention in `text`, collected.
    pub fn find_all(&self, text: &str) -> Vec<Mention> {
        self.find_explained(text).0
    }
}

fn shift(r: &mut Range<usize>, by: usize) {
    r.start += by;
    r.end += by;
}

fn shift_evidence(e: &mut Evidence, by: usize) {
    match e {
        Evidence::HeadNoun(r)
        | Evidence::Naming(r)
        | Evidence::SameActor(r)
        | Evidence::Government(r)
        | Evidence::Definite(r)
        | Evidence::Link(r) => shift(r, by),
        Evidence::Capitals => {}
    }
}

/// A risky alias on a span: its actor, alias, gate and local evidence.
type RiskyTarget = (ActorIdx, usize, Gate, Option<Evidence>);

/// Risky aliases on one span: each target with its gate and the local
/// evidence found, in catalog order; and the tool of the same name, if a
/// tool has it.
#[derive(Debug, Default)]
struct Pending {
    targets: Box<[RiskyTarget]>,
    tool: Option<usize>,
}

/// The first pass over one text: every claimed span, in order.
struct Scan<'m, 't> {
    matcher: &'m Matcher,
    /// The text without a leading BOM.
    body: &'t str,
    /// The folded chunk of the body being scanned.
    chunk: FoldedChunk,
    /// Folded bytes per chunk: [`CHUNK`] but in tests.
    chunk_size: usize,
    /// The occurrences in the chunk that may begin a mention, as (folded
    /// start, folded end, pattern): by start, longest first.
    cands: Vec<(usize, usize, usize)>,
    /// The occurrences at the start being tried: a range of `cands`.
    group: Range<usize>,
    /// Every span claimed, when the scan is one segment of several (see
    /// [`Matcher::scan_segments`]).
    claims: Option<Vec<Range<usize>>>,
    /// Where claims stop being kept: the join needs only those near the
    /// segment's start.
    claims_until: usize,
    /// What was found: mentions, and risky spans still pending.
    found: Vec<Mention>,
    /// The risky spans of `found` still pending, by number.
    pending: Vec<Pending>,
    dropped: Vec<Dropped>,
    /// The targets that accept the risky occurrence being claimed, kept
    /// here so that claiming one allocates nothing.
    accepted: Vec<(Who, Status)>,
}

/// Room for what a scan of `len` bytes is likely to find, taken at once:
/// an article dense with names finds about one span in 50 bytes, and
/// growing the buffer from nothing copies it several times. Capped, so a
/// long text's scans (one a segment) start small and grow as before.
fn likely_found(len: usize) -> usize {
    (len / 48).min(1 << 12)
}

/// What trying one occurrence gave.
enum Claim {
    /// The occurrence fails its case or boundaries: try a shorter one.
    No,
    /// The span is claimed (a mention, a pending one, or a drop).
    Yes(usize),
}

/// What trying the occurrences at one start gave.
enum Next {
    /// Nothing was claimed.
    Nothing,
    /// A span ending at this folded offset of the chunk was claimed.
    Folded(usize),
    /// A long pattern's span ending at this original offset was claimed:
    /// the next chunk starts there.
    Raw(usize),
}

impl<'m, 't> Scan<'m, 't> {
    fn new(matcher: &'m Matcher, body: &'t str) -> Self {
        Scan {
            matcher,
            body,
            chunk: FoldedChunk::default(),
            chunk_size: CHUNK,
            cands: Vec::new(),
            group: 0..0,
            claims: None,
            claims_until: usize::MAX,
            found: Vec::with_capacity(likely_found(body.len())),
            pending: Vec::new(),
            dropped: Vec::new(),
            accepted: Vec::new(),
        }
    }

    /// Scans the body from `from` (a character start) to `to`: claims
    /// start before `to` and may end after it. Returns `false` when
    /// `progress` was cancelled; progress is reported in bytes of the text,
    /// the body starting at `base`.
    ///
    /// The body is folded one chunk at a time ([`FoldedChunk`], with
    /// [`CUT`] bytes of overlap), and one overlapping pass of the automaton
    /// over the chunk lists every occurrence of every pattern. Those that
    /// start where a mention may (not inside an ASCII word) are taken by
    /// start, longest first ([`Self::try_group`]): the first that passes
    /// claims its span, and occurrences that start inside it are skipped.
    /// This is the same as trying every position in turn, longest first
    /// (the differential test holds it to [`Self::run_reference`]), with one
    /// fold and one automaton step per byte.
    ///
    /// Returns where the scan stands when it stops, at or after `to`
    /// (everything before is decided: a span claimed across `to` ends
    /// there), or `None` once `progress` is cancelled. Bytes scanned are
    /// added to `done`, and `progress` told the sum (plus `base`).
    fn run(
        &mut self,
        from: usize,
        to: usize,
        progress: &Progress,
        done: &AtomicUsize,
        base: usize,
    ) -> Option<usize> {
        let mut raw = from;
        while raw < to {
            if progress.is_cancelled() {
                return None;
            }
            self.chunk.fill(self.body, raw, self.chunk_size, CUT);
            let next = self.scan_chunk(to);
            let delta = next.min(to) - raw;
            progress.advance_to(base + done.fetch_add(delta, Ordering::Relaxed) + delta);
            raw = next;
        }
        Some(raw)
    }

    /// Scans the chunk up to its commit point (or `to`); returns the
    /// original offset where the next chunk starts.
    fn scan_chunk(&mut self, to: usize) -> usize {
        let m = self.matcher;
        let commit = self.chunk.commit;
        let mut i = 0;
        while i < commit {
            let c = self.chunk.bytes[i];
            // Between two ASCII word characters there is never a word
            // boundary, so no mention starts inside an ASCII word.
            if i > 0 && is_word_byte(c) && is_word_byte(self.chunk.bytes[i - 1]) {
                i += word_len(&self.chunk.bytes[i..]);
                continue;
            }
            let head = &self.chunk.bytes[i..self.chunk.bytes.len().min(i + 4)];
            if !m.starts.may_start(head) || !self.occurrences_at(i) {
                // Nothing starts here, nor (for a word byte) before the
                // word's end: the test above would skip those places.
                i += 1;
                if is_word_byte(c) {
                    i += word_len(&self.chunk.bytes[i..]);
                }
                continue;
            }
            // A folded byte inside one character's folding starts nothing.
            let Some(start) = self.chunk.raw_offset(i) else {
                i += 1;
                continue;
            };
            if start >= to {
                // Everything before `start` is decided.
                return start;
            }
            let end = match self.try_group(start) {
                Next::Nothing => {
                    i += 1;
                    continue;
                }
                Next::Folded(end) => {
                    let raw = self.chunk.raw_offset(end).unwrap_or(self.chunk.next);
                    if let Some(claims) = self.claims.as_mut().filter(|_| start < self.claims_until)
                    {
                        claims.push(start..raw);
                    }
                    if end <= commit {
                        i = end;
                        continue;
                    }
                    raw
                }
                Next::Raw(end) => {
                    if let Some(claims) = self.claims.as_mut().filter(|_| start < self.claims_until)
                    {
                        claims.push(start..end);
                    }
                    end
                }
            };
            return end;
        }
        self.chunk.next
    }

    /// Walks the trie from folded offset `i`, putting every pattern that
    /// occurs there into `cands`, longest first, as [`Self::group`];
    /// whether there is any.
    fn occurrences_at(&mut self, i: usize) -> bool {
        let m = self.matcher;
        let bytes = &self.chunk.bytes[..];
        self.cands.clear();
        let mut sid = m.root;
        for (j, &b) in bytes.iter().enumerate().skip(i) {
            sid = m.trie.next_state(Anchored::Yes, sid, b);
            if m.trie.is_dead(sid) {
                break;
            }
            if m.trie.is_match(sid) {
                let len = j + 1 - i;
                for k in 0..m.trie.match_len(sid) {
                    let pattern = m.trie.match_pattern(sid, k);
                    if m.trie.pattern_len(pattern) == len {
                        self.cands.push((i, j + 1, pattern.as_usize()));
                    }
                }
            }
        }
        self.cands.reverse();
        self.group = 0..self.cands.len();
        !self.cands.is_empty()
    }

    /// Tries the occurrences of [`Self::group`], which start at original
    /// `start`, longest first: for a long pattern's cut, the long patterns
    /// it begins.
    fn try_group(&mut self, start: usize) -> Next {
        let m = self.matcher;
        for k in self.group.clone() {
            let (_, end, pattern) = self.cands[k];
            if let Some(long) = m.longer_of(pattern) {
                for &set in long {
                    if let Some(e) = folded_match(self.body, start, &m.folded[set])
                        && let Claim::Yes(claimed) = self.claim(start, e, set)
                    {
                        return Next::Raw(claimed);
                    }
                }
            } else if let Some(e) = self.chunk.raw_offset(end)
                && let Claim::Yes(_) = self.claim(start, e, pattern)
            {
                return Next::Folded(end);
            }
        }
        Next::Nothing
    }

    /// The scan as the rules state it, for the differential test: the
    /// whole body folded at once, and every character start tried in
    /// turn, its occurrences longest first from a plain list of patterns.
    #[cfg(test)]
    fn run_reference(&mut self) {
        let m = self.matcher;
        self.chunk.fill(self.body, 0, usize::MAX, 0);
        let bytes = self.chunk.bytes.clone();
        let mut by_length: Vec<usize> = (0..m.folded.len())
            .filter(|&i| !m.folded[i].is_empty())
            .collect();
        by_length.sort_by_key(|&i| std::cmp::Reverse(m.folded[i].len()));
        let mut last_end = 0;
        for s in 0..bytes.len() {
            let Some(start) = self.chunk.raw_offset(s) else {
                continue;
            };
            if start < last_end || !self.body.is_char_boundary(start) {
                continue;
            }
            // Every pattern that occurs here, longest first, whole.
            self.cands.clear();
            for &set in &by_length {
                if bytes[s..].starts_with(&m.folded[set]) {
                    self.cands.push((s, s + m.folded[set].len(), set));
                }
            }
            self.group = 0..self.cands.len();
            for k in self.group.clone() {
                let (_, fe, set) = self.cands[k];
                if let Some(end) = self.chunk.raw_offset(fe)
                    && let Claim::Yes(claimed) = self.claim(start, end, set)
                {
                    last_end = claimed;
                    break;
                }
            }
        }
    }

    /// Takes in what `other`, a scan of the text further on, found from
    /// `from` on.
    fn append(&mut self, other: Scan<'m, 't>, from: usize) {
        let numbered = self.pending.len();
        self.pending.extend(other.pending);
        move_into(
            &mut self.found,
            other.found,
            |f| f.start() >= from,
            |f| {
                if f.is_pending() {
                    f.actor = narrow(f.actor() + numbered);
                }
            },
        );
        move_into(
            &mut self.dropped,
            other.dropped,
            |d| d.range.start >= from,
            |_| {},
        );
        if let (Some(mine), Some(theirs)) = (&mut self.claims, other.claims) {
            mine.extend(theirs.into_iter().filter(|c| c.start >= from));
        }
    }

    /// Checks the occurrence of set `set` at original `start..end`.
    fn claim(&mut self, start: usize, end: usize, set: usize) -> Claim {
        // Between two ASCII word characters there is never a word boundary
        // (see [`bounded`]): an occurrence that ends inside an ASCII word
        // (`mini` in `ministry`) is no mention, whatever its targets say.
        let bytes = self.body.as_bytes();
        if self.matcher.targets[set].is_empty()
            || (end < bytes.len() && is_word_byte(bytes[end]) && is_word_byte(bytes[end - 1]))
        {
            return Claim::No;
        }
        if self.matcher.risky[set] {
            return self.claim_risky(start, end, set);
        }
        let body = self.body;
        let span = &body[start..end];
        let mut accepted = self.matcher.targets[set]
            .iter()
            .filter(|t| !t.needs_capital || span.chars().any(char::is_uppercase))
            .peekable();
        if accepted.peek().is_none() || !bounded(body, start, end) {
            return Claim::No;
        }
        let (actor, alias, candidates) = candidates(accepted.map(|t| t.who));
        self.sure(actor, alias, start..end, candidates)
    }

    /// A mention that needs no evidence, unless [`Self::veto`] says it is
    /// none after all.
    fn sure(
        &mut self,
        actor: ActorIdx,
        alias: usize,
        range: Range<usize>,
        candidates: Vec<ActorIdx>,
    ) -> Claim {
        if let Some(reason) = self.veto(actor, range.start, range.end) {
            return self.drop(actor, alias, range.start, range.end, reason);
        }
        let end = range.end;
        self.found
            .push(Mention::new(actor, alias, range, candidates, None));
        Claim::Yes(end)
    }

    /// [`Self::claim`] for a pattern with an exact, gated or tool target:
    /// kept off the hot path.
    #[cold]
    #[inline(never)]
    fn claim_risky(&mut self, start: usize, end: usize, pattern: usize) -> Claim {
        let body = self.body;
        let span = &body[start..end];
        let folded = OnceCell::new();
        let mut shouted_cache: Option<bool> = None;
        let mut shouted =
            || *shouted_cache.get_or_insert_with(|| evidence::shouted(body, start, end));
        let mut accepted = std::mem::take(&mut self.accepted);
        accepted.clear();
        accepted.extend(
            self.matcher.targets[pattern]
                .iter()
                .filter_map(|t| t.status(span, &folded, &mut shouted).map(|s| (t.who, s))),
        );
        let claim = if accepted.is_empty() || !bounded(body, start, end) {
            Claim::No
        } else {
            self.settle_risky(&accepted, start, end)
        };
        self.accepted = accepted;
        claim
    }

    /// [`Self::claim_risky`] once the targets that accept the occurrence
    /// (`accepted`, not empty) are known and its boundaries hold.
    fn settle_risky(&mut self, accepted: &[(Who, Status)], start: usize, end: usize) -> Claim {
        let body = self.body;
        let first_actor = accepted.iter().find_map(|(w, _)| match *w {
            Who::Actor { actor, alias } => Some((actor, alias)),
            Who::Tool(_) => None,
        });
        if let Some((actor, alias)) = first_actor
            && let Some(reason) = self.veto(actor, start, end)
        {
            return self.drop(actor, alias, start, end, reason);
        }
        if first_actor.is_none() && evidence::in_address(body, start, end) {
            return Claim::Yes(end);
        }
        let tool = accepted.iter().find_map(|(w, _)| match *w {
            Who::Tool(t) => Some(t),
            Who::Actor { .. } => None,
        });
        let sure = accepted
            .iter()
            .filter(|(w, s)| matches!(w, Who::Actor { .. }) && *s == Status::Sure)
            .map(|(w, _)| *w);
        let (actor, alias, candidates) = candidates(sure);
        if actor != usize::MAX {
            return self.sure(actor, alias, start..end, candidates);
        }
        let Some((actor, alias)) = first_actor else {
            // A tool's name alone: report the longest alias it covers.
            if let Some(tool) = tool {
                self.report_covered(start, end, tool);
            }
            return Claim::Yes(end);
        };
        let mut targets = Vec::with_capacity(accepted.len());
        let mut any_local = false;
        for (who, status) in accepted {
            let (Who::Actor { actor, alias }, Status::Risky(gate, local)) = (*who, status.clone())
            else {
                continue;
            };
            let local = local
                .or_else(|| local_evidence(body, start, end, gate))
                .or_else(|| self.linked(actor, end, gate));
            any_local |= local.is_some();
            targets.push((actor, alias, gate, local));
        }
        if !any_local
            && targets.iter().any(|t| t.2 == Gate::Evidence)
            && let Some(name) = evidence::longer_name(body, start, end)
        {
            self.dropped.push(Dropped {
                actor,
                alias,
                range: start..end,
                reason: DropReason::InName(name),
            });
            return Claim::Yes(end);
        }
        self.found
            .push(Mention::pending(start..end, self.pending.len()));
        self.pending.push(Pending {
            targets: targets.into(),
            tool,
        });
        Claim::Yes(end)
    }

    /// Why a sure occurrence of `actor`'s alias at `start..end` is no
    /// mention after all, if it is none: inside an address, a state's short
    /// form before an amount of money (`US$ 20`), or the tail of a compound
    /// name in capitals (`TIBER-EU`).
    fn veto(&self, actor: ActorIdx, start: usize, end: usize) -> Option<DropReason> {
        let body = self.body;
        if maybe_address(body, start, end) && evidence::in_address(body, start, end) {
            return Some(DropReason::InAddress);
        }
        if let Some(name) = evidence::capitals_compound(body, start, end) {
            return Some(DropReason::InName(name));
        }
        match self.matcher.kinds[actor] {
            Kind::State if before_currency(body, end) => Some(DropReason::InAmount),
            _ => None,
        }
    }

    /// A Markdown link from the occurrence to one of the actor's references
    /// (`[Patchwork](https://attack.mitre.org/groups/G0040/)`).
    fn linked(&self, actor: ActorIdx, end: usize, gate: Gate) -> Option<Evidence> {
        if gate != Gate::Evidence {
            return None;
        }
        let (range, url) = evidence::link_target(self.body, end)?;
        self.matcher.refs[actor]
            .contains(&url)
            .then_some(Evidence::Link(range))
    }

    /// Records a dropped occurrence; its span stays claimed.
    #[cold]
    fn drop(
        &mut self,
        actor: ActorIdx,
        alias: usize,
        start: usize,
        end: usize,
        reason: DropReason,
    ) -> Claim {
        self.dropped.push(Dropped {
            actor,
            alias,
            range: start..end,
            reason,
        });
        Claim::Yes(end)
    }

    /// A tool's name claimed `start..end`: the longest actor alias at the
    /// same start is dropped as part of it.
    fn report_covered(&mut self, start: usize, end: usize, tool: usize) {
        let m = self.matcher;
        // Every occurrence at this start, longest first, as (set, end).
        let mut inside = Vec::new();
        for &(_, fe, pattern) in &self.cands[self.group.clone()] {
            if let Some(long) = m.longer_of(pattern) {
                inside.extend(long.iter().filter_map(|&set| {
                    folded_match(self.body, start, &m.folded[set]).map(|e| (set, e))
                }));
            } else if let Some(e) = self.chunk.raw_offset(fe) {
                inside.push((pattern, e));
            }
        }
        for (set, e) in inside {
            let actor = m.targets[set].iter().find_map(|t| match t.who {
                Who::Actor { actor, alias } => Some((actor, alias)),
                Who::Tool(_) => None,
            });
            if e < end
                && let Some((actor, alias)) = actor
                && bounded(self.body, start, e)
            {
                self.dropped.push(Dropped {
                    actor,
                    alias,
                    range: start..e,
                    reason: DropReason::InTool {
                        tool,
                        range: start..end,
                    },
                });
                return;
            }
        }
    }

    /// The second pass: a risky occurrence counts with its local evidence
    /// or, where its gate allows, a sure mention of its actor anywhere.
    fn resolve(self) -> (Vec<Mention>, Vec<Dropped>) {
        // For each actor a pending span may count for through a sure
        // mention elsewhere (in `wanted`, sorted): the range of its first
        // sure mention. Only those actors: a table of every actor of the
        // catalog, made afresh for each article, cost more than the rest of
        // a short article's second pass.
        let mut wanted: Vec<ActorIdx> = self
            .pending
            .iter()
            .flat_map(|p| p.targets.iter())
            .filter(|t| t.2 == Gate::Evidence)
            .map(|t| t.0)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut first_sure: Vec<Option<Range<usize>>> = vec![None; wanted.len()];
        if !wanted.is_empty() {
            for m in &self.found {
                if !m.is_pending()
                    && !m.is_ambiguous()
                    && let Ok(k) = wanted.binary_search(&m.actor())
                {
                    first_sure[k].get_or_insert_with(|| m.range());
                }
            }
        }
        let first_sure_of = |actor: ActorIdx| {
            wanted
                .binary_search(&actor)
                .ok()
                .and_then(|k| first_sure[k].as_ref())
        };
        let mut dropped = self.dropped;
        // Resolved in place: the mentions are the buffer of what was
        // found, so a long text never holds both.
        let mut mentions = self.found;
        let mut pending = self.pending;
        mentions.retain_mut(|m| {
            if !m.is_pending() {
                return true;
            }
            let range = m.range();
            // Freed as it is resolved.
            let Pending { targets, tool } = std::mem::take(&mut pending[m.actor()]);
            let range = &range;
            let tool = &tool;
            let counted: Vec<(ActorIdx, usize, Evidence)> = targets
                .iter()
                .filter_map(|(actor, alias, gate, local)| {
                    let ev = local.clone().or_else(|| {
                        (*gate == Gate::Evidence)
                            .then(|| first_sure_of(*actor))
                            .flatten()
                            .map(|r| Evidence::SameActor(r.clone()))
                    })?;
                    Some((*actor, *alias, ev))
                })
                .collect();
            if let Some((actor, alias, ev)) = counted.first().cloned() {
                let mut candidates: Vec<ActorIdx> = Vec::new();
                for (a, _, _) in &counted {
                    if !candidates.contains(a) {
                        candidates.push(*a);
                    }
                }
                if candidates.len() == 1 {
                    candidates.clear();
                }
                *m = Mention::new(actor, alias, range.clone(), candidates, Some(ev));
                true
            } else {
                if let Some(&(actor, alias, _, _)) = targets.first() {
                    let reason = match tool {
                        Some(tool) => DropReason::InTool {
                            tool: *tool,
                            range: range.clone(),
                        },
                        None => DropReason::NoEvidence,
                    };
                    dropped.push(Dropped {
                        actor,
                        alias,
                        range: range.clone(),
                        reason,
                    });
                }
                false
            }
        });
        mentions.shrink_to_fit();
        dropped.sort_by_key(|d| d.range.start);
        (mentions, dropped)
    }
}

/// A cheap test before [`evidence::in_address`]: an occurrence with white
/// space (or the text's edge) before it and white space, the text's end or
/// sentence punctuation after it cannot be inside an address.
fn maybe_address(body: &str, start: usize, end: usize) -> bool {
    let b = body.as_bytes();
    let open_before = start == 0 || b[start - 1].is_ascii_whitespace();
    let after = |i: usize| b.get(end + i).copied();
    let closed_after = match after(0) {
        None => true,
        Some(b'.') => after(1).is_none_or(|c| c.is_ascii_whitespace()),
        Some(c) => c.is_ascii_whitespace() || matches!(c, b',' | b';' | b':' | b'!' | b'?' | b')'),
    };
    !(open_before && closed_after)
}

/// Whether a currency sign follows `end`, at once or after one space.
fn before_currency(body: &str, end: usize) -> bool {
    let rest = &body[end..];
    let rest = rest.strip_prefix([' ', '\u{A0}']).unwrap_or(rest);
    rest.starts_with(['$', '€', '£', '¥'])
}

/// Local evidence for a risky occurrence, as its gate asks.
fn local_evidence(body: &str, start: usize, end: usize, gate: Gate) -> Option<Evidence> {
    match gate {
        Gate::Open => None,
        Gate::Evidence => evidence::head_after(body, end)
            .or_else(|| evidence::head_before(body, start))
            .map(Evidence::HeadNoun)
            .or_else(|| evidence::naming_before(body, start).map(Evidence::Naming)),
        Gate::Government => evidence::government_after(body, end).map(Evidence::Government),
        Gate::Definite => evidence::definite_before(body, start).map(Evidence::Definite),
    }
}

/// Whether `start..end` has a word boundary at both ends (or a possessive
/// after it) — docs/matching.md, Word boundaries. White space always separates words here: UAX #29
/// joins letters across U+202F (narrow no-break space, an `ExtendNumLet`),
/// which vendor reports put before names.
fn bounded(body: &str, start: usize, end: usize) -> bool {
    let space_before = body[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace);
    let space_after = body[end..].chars().next().is_some_and(char::is_whitespace);
    (space_before || is_word_boundary(body, start))
        && (space_after || is_word_boundary(body, end) || possessive_end(body, end).is_some())
}

/// Of the targets that accept a span (actors in catalog order), the actor
/// and alias the mention names and every candidate actor when there are
/// several; `usize::MAX` as the actor when there is none.
fn candidates(accepted: impl Iterator<Item = Who>) -> (ActorIdx, usize, Vec<ActorIdx>) {
    let mut chosen: Option<(ActorIdx, usize)> = None;
    let mut candidates: Vec<ActorIdx> = Vec::new();
    for who in accepted {
        let Who::Actor { actor, alias } = who else {
            continue;
        };
        match chosen {
            None => chosen = Some((actor, alias)),
            Some((first, _)) => {
                if candidates.is_empty() {
                    candidates.push(first);
                }
                if !candidates.contains(&actor) {
                    candidates.push(actor);
                }
            }
        }
    }
    if candidates.len() == 1 {
        candidates.clear();
    }
    let (actor, alias) = chosen.unwrap_or((usize::MAX, 0));
    (actor, alias, candidates)
}

#[cfg(test)]
mod differential;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::CatalogSource;

    #[test]
    fn names_longer_than_the_cut_are_found_whole() {
        let stem = "Directorate of Signals Intelligence and Electronic Warfare Operations \
                    of the Joint Staff of the Armed Forces of the Republic of Ruritania";
        let long = format!("{stem} of Somewhere Else");
        let longer = format!("{stem} of Somewhere Else Entirely");
        let json = format!(
            r#"{{"actors": [
              {{"id": "d", "name": "{long}", "kind": "agency"}},
              {{"id": "e", "name": "{longer}", "kind": "agency"}},
              {{"id": "s", "name": "Directorate of Signals", "kind": "agency"}}
            ]}}"#
        );
        let catalog = Catalog::load(&[CatalogSource {
            name: "t.json".into(),
            json,
        }])
        .unwrap_or_default();
        assert!(stem.len() > CUT);
        let m = Matcher::new(&catalog);
        let text = format!(
            "The {long} and the Directorate of Signals, the {longer}, and the {stem} of Nowhere."
        );
        let found: Vec<(&str, usize)> = m
            .find_all(&text)
            .iter()
            .map(|x| (&text[x.range()], x.actor()))
            .collect();
        assert_eq!(
            found,
            [
                (long.as_str(), 0),
                ("Directorate of Signals", 2),
                (longer.as_str(), 1),
                ("Directorate of Signals", 2)
            ]
        );
        let spread = long.replace(' ', "  \n ");
        let text = format!("{spread}.");
        assert_eq!(m.find_all(&text).len(), 1);
    }

    #[test]
    fn word_bytes_are_ascii_letters_digits_and_the_underscore() {
        for b in 0..=255u8 {
            assert_eq!(
                is_word_byte(b),
                b.is_ascii_alphanumeric() || b == b'_',
                "{b:#x}"
            );
        }
        assert_eq!(word_len(b"apt28_x y"), 7);
        assert_eq!(word_len(b"apt28"), 5);
        assert_eq!(word_len(b" apt"), 0);
    }

    #[test]
    fn a_mention_is_small() {
        // The mentions take over the buffer of what the scan found.
        // A long dense text holds millions of mentions.
        assert_eq!(size_of::<Mention>(), 24);
        assert_eq!(size_of::<Extra>(), 24);
    }

    #[test]
    fn reports_progress_and_stops_when_cancelled() {
        let catalog = Catalog::load(&[CatalogSource {
            name: "t.json".into(),
            json: r#"{"actors": [{"id": "f", "name": "Fancy Bear", "kind": "threat-group"}]}"#
                .into(),
        }])
        .unwrap_or_default();
        let m = Matcher::new(&catalog);
        let text = "Fancy Bear struck. ".repeat(20_000);
        let progress = Progress::new(text.len());
        let found = m.find_all_in_with(&text, "a.txt", &progress);
        assert_eq!(found.map(|f| f.len()), Some(20_000));
        assert_eq!(progress.counts(), (text.len(), text.len()));
        let cancelled = Progress::new(text.len());
        cancelled.cancel();
        assert!(m.find_all_in_with(&text, "a.txt", &cancelled).is_none());
    }
}
