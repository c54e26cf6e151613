//! The mention finder (SPEC section 3).
//!
//! One Aho-Corasick automaton holds the folded form of every alias of every
//! loaded actor (see [`fold`]). The scan walks the original text once,
//! skipping the inside of ASCII words where no word boundary can be. Where a
//! mention may start and its first folded bytes begin some alias, the window
//! the longest alias could cover is folded and searched with the automaton
//! anchored there, longest first; each occurrence is checked against the
//! original text: word boundaries or a possessive, smart or exact case. The
//! first that passes is the mention (leftmost, then longest); aliases of
//! several actors on the same span make one ambiguous mention. Nothing is
//! copied but that small window, whatever the size of the text.
//!
//! Aliases that a knowledge pack's noise rules gate (README, "Knowledge
//! packs") count only with cyber context: within [`CONTEXT_WINDOW`] bytes of
//! the occurrence, a word of the vocabulary of intrusions and malware, or an
//! unambiguous mention of a threat group, persona or leak site by an alias
//! that is not gated itself. The mention then says which
//! ([`Mention::context`]); an occurrence without context is no mention, and
//! [`Matcher::find_explained`] lists it with why. Aliases a rule dropped are
//! never searched.
//!
//! [`fold`]: super::fold

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::boundary::{is_word_boundary, possessive_end};
use super::catalog::{ActorIdx, CaseMode, Catalog, Kind};
use super::fold::{FoldedChunk, fold_str, folded_prefix, is_ascii_space};

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
    /// For an alias that counts only with cyber context: the context found.
    /// `None` for every other alias (boxed: rare, and it keeps mentions small
    /// for the finder's hot loop).
    pub context: Option<Box<Context>>,
}

/// The cyber context that let a gated alias count.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Context {
    /// A word of the vocabulary of intrusions and malware, at this byte range.
    Vocabulary(Range<usize>),
    /// An unambiguous mention of a threat group, persona or leak site.
    Actor {
        /// The actor mentioned.
        actor: ActorIdx,
        /// Where, as a byte range of the text.
        range: Range<usize>,
    },
}

/// An occurrence of a gated alias that did not count: no cyber context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dropped {
    /// The actor whose alias it is (first in catalog order).
    pub actor: ActorIdx,
    /// Index into that actor's `aliases`.
    pub alias: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// How far, in bytes either side of an occurrence, cyber context counts.
pub const CONTEXT_WINDOW: usize = 600;

/// The vocabulary of intrusions and malware: words that ordinary news does
/// not use in another sense (not "trojan", "wiper", "hacked" or
/// "vulnerability", which sport, weather and cars use too). Words with a
/// capital must match as written (`APT`, not "an apt remark"); others in
/// any case. A word also matches with a plural `s`; `cyber` matches any word
/// it begins.
pub const CYBER_VOCABULARY: [&str; 38] = [
    "malware",
    "ransomware",
    "spyware",
    "backdoor",
    "botnet",
    "rootkit",
    "keylogger",
    "infostealer",
    "phishing",
    "spear-phishing",
    "spearphishing",
    "hacker",
    "cyber",
    "intrusion",
    "threat actor",
    "threat group",
    "APT",
    "advanced persistent threat",
    "zero-day",
    "CVE",
    "command-and-control",
    "command and control",
    "DDoS",
    "data breach",
    "exfiltration",
    "exfiltrated",
    "leak site",
    "dark web",
    "darknet",
    "infosec",
    "threat intelligence",
    "indicators of compromise",
    "webshell",
    "web shell",
    "Cobalt Strike",
    "Mimikatz",
    "encryptor",
    "decryptor",
];

static VOCABULARY: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(CYBER_VOCABULARY)
        .expect("the vocabulary is small")
});

/// The first vocabulary word in `text[lo..hi]`, as a range of `text`.
fn vocabulary_in(text: &str, lo: usize, hi: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    VOCABULARY
        .find_iter(&bytes[lo..hi])
        .map(|m| (m.pattern().as_usize(), m.start() + lo..m.end() + lo))
        .find(|(p, r)| {
            let word = CYBER_VOCABULARY[*p];
            let exact_case = word.bytes().any(|b| b.is_ascii_uppercase());
            if exact_case && &bytes[r.clone()] != word.as_bytes() {
                return false;
            }
            if r.start > 0 && alnum(r.start - 1) {
                return false;
            }
            word == "cyber"
                || !alnum(r.end)
                || (matches!(bytes[r.end], b's' | b'S') && !alnum(r.end + 1))
        })
        .map(|(p, r)| {
            // Take the plural `s` in, so the word reads as written.
            let plural = CYBER_VOCABULARY[p] != "cyber" && alnum(r.end);
            r.start..r.end + usize::from(plural)
        })
}

/// Whether the word just before `start` or just after `end` is written in
/// capitals, three letters or more: the text is shouted (a headline).
fn shouted_at(text: &str, start: usize, end: usize) -> bool {
    let caps = |word: &str| {
        word.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !word.chars().any(char::is_lowercase)
    };
    let before = text[..start]
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    let after = text[end..]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    caps(before) || caps(after)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
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
    /// Counts only with cyber context.
    gated: bool,
    /// An `exact` alias in capitals that a noise rule marked (a common word
    /// as a code name, `STRONTIUM`): in text shouted in capitals (a
    /// headline) its case says nothing, so there it is gated too.
    caps: bool,
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
    /// For each pattern: whether any of its targets is gated, or in
    /// capitals and marked by a noise rule (so the common case checks one
    /// byte).
    risky: Vec<bool>,
    /// Longest folded pattern, in bytes.
    max_len: usize,
    /// Which byte prefixes begin some pattern.
    starts: StartFilter,
    /// Per actor: whether an unambiguous mention of it is cyber context.
    cyber: Vec<bool>,
    /// Whether any alias is gated (else no context is ever needed).
    any_gated: bool,
}

/// Whether a folded byte is an ASCII letter, digit or `_`: two of them side
/// by side are never split by a word boundary (UAX #29 rules WB5 to WB13).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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

/// Bits in the hashed four-byte set (128 KiB: it stays in cache).
const FOUR_BITS: u32 = 20;

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

impl Matcher {
    /// Builds the automaton over every alias of every actor of `catalog`.
    pub fn new(catalog: &Catalog) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        for (actor_idx, actor) in catalog.actors().iter().enumerate() {
            for (alias_idx, alias) in actor.aliases.iter().enumerate() {
                let folded = fold_str(&alias.text, true);
                if folded.is_empty() || alias.is_dropped() {
                    continue;
                }
                let target = Target {
                    actor: actor_idx,
                    alias: alias_idx,
                    exact: (alias.case == CaseMode::Exact).then(|| fold_str(&alias.text, false)),
                    needs_capital: alias.text.chars().any(char::is_uppercase),
                    gated: alias.is_gated(),
                    caps: alias.noise.is_some()
                        && alias.case == CaseMode::Exact
                        && !alias.text.chars().any(char::is_lowercase)
                        && alias.text.chars().filter(|c| c.is_alphabetic()).count() >= 2,
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
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("alias patterns are few and short enough for the automaton");
        let starts = StartFilter::new(&patterns);
        let risky = targets
            .iter()
            .map(|ts| ts.iter().any(|t| t.gated || t.caps))
            .collect();
        let any_gated = targets.iter().flatten().any(|t| t.gated);
        let cyber = catalog
            .actors()
            .iter()
            .map(|a| matches!(a.kind, Kind::ThreatGroup | Kind::Persona | Kind::LeakSite))
            .collect();
        Matcher {
            automaton,
            targets,
            risky,
            max_len,
            starts,
            cyber,
            any_gated,
        }
    }

    /// Every mention in `text`, and every occurrence of a gated alias that
    /// did not count for want of cyber context.
    pub fn find_explained(&self, text: &str) -> (Vec<Mention>, Vec<Dropped>) {
        let mut it = self.find_iter(text);
        let mentions: Vec<Mention> = it.by_ref().collect();
        (mentions, it.dropped)
    }

    /// How many distinct folded patterns the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.targets.len()
    }

    /// Every mention in `text`, in order, found lazily as the iterator is
    /// advanced. A leading byte-order mark is skipped; offsets are into `text`.
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
            pos: 0,
            last_end: 0,
            chunk: FoldedChunk::default(),
            gating: true,
            last_cyber: None,
            dropped: Vec::new(),
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
    /// Where in `body` the scan goes on.
    pos: usize,
    /// End of the last mention found, in `body`.
    last_end: usize,
    /// The folded window at the position being tried.
    chunk: FoldedChunk,
    /// Whether gated aliases are tried (with a context check); a scan for
    /// context itself ignores them.
    gating: bool,
    /// The last unambiguous cyber mention returned, in `body`.
    last_cyber: Option<(ActorIdx, Range<usize>)>,
    /// Gated occurrences without context, offsets into the text.
    dropped: Vec<Dropped>,
}

impl Mentions<'_, '_> {
    /// Tries a mention at `pos` (a character start, not inside an ASCII
    /// word): a cheap test of its first folded bytes, then the window of text
    /// that the longest alias could cover is folded and searched.
    fn try_at(&mut self, pos: usize) -> Option<Mention> {
        let m = self.matcher;
        let src = self.body.as_bytes();
        let mut prefix = [0u8; 4];
        // Plain ASCII with at most lone white space folds byte for byte.
        let quick = src.get(pos..pos + 4).filter(|p| {
            p.iter().all(u8::is_ascii)
                && !p
                    .windows(2)
                    .any(|w| is_ascii_space(w[0]) && is_ascii_space(w[1]))
        });
        let n = match quick {
            Some(p) => {
                for (o, &b) in prefix.iter_mut().zip(p) {
                    *o = if is_ascii_space(b) {
                        b' '
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
                4
            }
            None => folded_prefix(self.body, pos, &mut prefix),
        };
        if n == 0 || !m.starts.may_start(&prefix[..n]) {
            return None;
        }
        self.chunk.fill(self.body, pos, m.max_len, 0);
        self.longest_at(0)
    }

    /// The longest occurrence at folded `pos` that passes every check.
    fn longest_at(&mut self, pos: usize) -> Option<Mention> {
        let mut end = self.chunk.bytes.len();
        loop {
            let input = Input::new(&self.chunk.bytes[..])
                .span(pos..end)
                .anchored(Anchored::Yes);
            let hit = self.matcher.automaton.find(input)?;
            if let Some(found) = self.check(pos, hit.end(), hit.pattern().as_usize()) {
                return Some(found);
            }
            // Try the next shorter occurrence at the same start.
            end = hit.end() - 1;
            if end <= pos {
                return None;
            }
        }
    }

    /// Checks one occurrence of a pattern at folded `fs..fe`: a mention (with
    /// offsets into `body`) if any of its aliases passes every rule.
    fn check(&mut self, fs: usize, fe: usize, pattern: usize) -> Option<Mention> {
        if self.matcher.risky[pattern] {
            return self.check_risky(fs, fe, pattern);
        }
        let (start, end) = (self.chunk.raw_offset(fs)?, self.chunk.raw_offset(fe)?);
        if start < self.last_end {
            return None;
        }
        let body = self.body;
        let span = &body[start..end];
        let accepted = self.matcher.targets[pattern]
            .iter()
            .filter(|t| t.accepts(span));
        let (target, candidates) = choose(accepted, body, start, end)?;
        Some(Mention {
            actor: target.actor,
            alias: target.alias,
            range: start..end,
            candidates,
            context: None,
        })
    }

    /// [`Self::check`] for a pattern with a gated alias, or one that a
    /// shouted headline may gate: kept off the hot path.
    #[cold]
    #[inline(never)]
    fn check_risky(&mut self, fs: usize, fe: usize, pattern: usize) -> Option<Mention> {
        let (start, end) = (self.chunk.raw_offset(fs)?, self.chunk.raw_offset(fe)?);
        if start < self.last_end {
            return None;
        }
        let body = self.body;
        let span = &body[start..end];
        let targets = &self.matcher.targets[pattern];
        let shouted = targets.iter().any(|t| t.caps) && shouted_at(body, start, end);
        let gated = |t: &Target| t.gated || (shouted && t.caps);
        // A gated alias yields to a plain one on the same span, and a scan
        // for context does not try gated aliases at all.
        let plain =
            !targets.iter().any(gated) || targets.iter().any(|t| !gated(t) && t.accepts(span));
        if !plain && !self.gating {
            return None;
        }
        let accepted = targets
            .iter()
            .filter(|t| !(plain && gated(t)) && t.accepts(span));
        let (target, candidates) = choose(accepted, body, start, end)?;
        let (actor, alias) = (target.actor, target.alias);
        let context = if plain {
            None
        } else if let Some(context) = self.context(start, end) {
            Some(Box::new(context))
        } else {
            self.dropped.push(Dropped {
                actor,
                alias,
                range: start + self.base..end + self.base,
            });
            return None;
        };
        Some(Mention {
            actor,
            alias,
            range: start..end,
            candidates,
            context,
        })
    }

    /// Cyber context around `start..end` of `body`, with offsets into the
    /// text: an unambiguous cyber mention before it (the last returned) or
    /// after it, or a vocabulary word, within [`CONTEXT_WINDOW`] bytes.
    fn context(&self, start: usize, end: usize) -> Option<Context> {
        let body = self.body;
        let base = self.base;
        if let Some((actor, range)) = &self.last_cyber
            && range.end + CONTEXT_WINDOW >= start
        {
            return Some(Context::Actor {
                actor: *actor,
                range: range.start + base..range.end + base,
            });
        }
        let lo = floor_boundary(body, start.saturating_sub(CONTEXT_WINDOW));
        let hi = ceil_boundary(body, end + CONTEXT_WINDOW);
        if let Some(r) = vocabulary_in(body, lo, hi) {
            return Some(Context::Vocabulary(r.start + base..r.end + base));
        }
        let ahead = Mentions {
            matcher: self.matcher,
            body,
            base: 0,
            pos: end,
            last_end: end,
            chunk: FoldedChunk::default(),
            gating: false,
            last_cyber: None,
            dropped: Vec::new(),
        };
        ahead
            .take_while(|m| m.range.start <= hi)
            .find(|m| !m.is_ambiguous() && self.matcher.cyber[m.actor])
            .map(|m| Context::Actor {
                actor: m.actor,
                range: m.range.start + base..m.range.end + base,
            })
    }
}

/// Of the aliases that accept a span (in catalog order), the one whose actor
/// the mention names, and every candidate actor when there are several; none
/// when the span fails its word boundaries (checked once, and only if some
/// alias accepts it).
fn choose<'t>(
    accepted: impl Iterator<Item = &'t Target>,
    body: &str,
    start: usize,
    end: usize,
) -> Option<(&'t Target, Vec<ActorIdx>)> {
    let mut chosen: Option<&Target> = None;
    let mut candidates: Vec<ActorIdx> = Vec::new();
    for target in accepted {
        match chosen {
            None => {
                let bounded = is_word_boundary(body, start)
                    && (is_word_boundary(body, end) || possessive_end(body, end).is_some());
                if !bounded {
                    return None;
                }
                chosen = Some(target);
            }
            Some(first) => {
                if candidates.is_empty() {
                    candidates.push(first.actor);
                }
                if candidates.last() != Some(&target.actor) {
                    candidates.push(target.actor);
                }
            }
        }
    }
    let target = chosen?;
    if candidates.len() == 1 {
        candidates.clear();
    }
    Some((target, candidates))
}

impl Iterator for Mentions<'_, '_> {
    type Item = Mention;

    fn next(&mut self) -> Option<Mention> {
        let src = self.body.as_bytes();
        let mut pos = self.pos;
        while pos < src.len() {
            let b = src[pos];
            // No alias starts with white space or inside a UTF-8 sequence.
            let skip = b.is_ascii_whitespace() || b & 0xC0 == 0x80;
            if let Some(mention) = if skip { None } else { self.try_at(pos) } {
                self.last_end = mention.range.end;
                self.pos = mention.range.end;
                if self.matcher.any_gated
                    && mention.context.is_none()
                    && !mention.is_ambiguous()
                    && self.matcher.cyber[mention.actor]
                {
                    self.last_cyber = Some((mention.actor, mention.range.clone()));
                }
                let range = mention.range.start + self.base..mention.range.end + self.base;
                return Some(Mention { range, ..mention });
            }
            pos += 1;
            // Between two ASCII word characters there is never a word
            // boundary, so no mention starts inside an ASCII word.
            if is_word_byte(b) {
                while pos < src.len() && is_word_byte(src[pos]) {
                    pos += 1;
                }
            }
        }
        self.pos = src.len();
        None
    }
}
