//! Names and phrases that stand where a source must be: a run of
//! capitalised words (with a title, a person's; with an organisation's head
//! noun, an organisation's), catalog mentions, representatives and unnamed
//! phrases, the role and the author that go with them.

use std::ops::Range;

use super::Org;
use super::lists::{
    CLAUSE_OPENERS_SET, CLAUSE_WORDS_SET, CONNECTORS_SET, CUE_VERBS_SET, DOCUMENT_NOUNS_SET,
    FUNCTION_WORDS_SET, NOT_A_SOURCE_SET, ORG_HEADS_SET, PRONOUNS, REPRESENTATIVES,
    SOURCE_NOUN_SET, TITLES_SET,
};
use super::parse::{Kind, MAX_CLAUSE, Sentence, Src};
use crate::model::catalog::ActorIdx;
use crate::model::matcher::Mention;

/// Abbreviations a name may go on after (`Sen. Ann Lee`, `Ann Lee Jr.`).
const ABBREVIATED_TITLES: &[&str] = &[
    "Jr", "Sr", "St", "Dr", "Mr", "Ms", "Mrs", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt",
    "Capt", "Prof", "Adm", "Amb",
];

const MAX_NAME: usize = 16;

impl Sentence<'_> {
    /// `a spokesperson for Acme said`: the name `srcs` (starting at word
    /// `first`) spoken for by the representative before it.
    pub(super) fn represent(&self, first: usize, srcs: Vec<Src>) -> Vec<Src> {
        if srcs.len() != 1 || first < 2 {
            return srcs;
        }
        let mut k = first - 1;
        if self.lower(k) == "the" && k > 0 {
            k -= 1;
        }
        if !["for", "at", "of", "from"].contains(&self.lower(k)) || k == 0 {
            return srcs;
        }
        let head = k - 1;
        if !REPRESENTATIVES.contains(&self.lower(head)) {
            return srcs;
        }
        let Some(phrase) = self.unnamed_back(head) else {
            return srcs;
        };
        let named = &srcs[0];
        let org = named
            .actor
            .map_or_else(|| Org::Words(named.range.clone()), Org::Actor);
        let mut src = Src::new(
            named.actor,
            phrase.range.start..named.range.end,
            Kind::Unnamed,
        );
        src.role = Some(self.words[head].range.clone());
        src.org = Some(org);
        vec![src]
    }

    /// Catalog mentions ending at byte `end`, joined by `and` or commas.
    pub(super) fn mentions_back(&self, end: usize) -> Vec<Src> {
        let mut sources = Vec::new();
        let mut at_end = end;
        while let Some(m) = self.mention_ending_at(at_end) {
            sources.push(Src::new(Some(m.actor()), m.range(), Kind::Org));
            let before_text = self.text[self.range.start..m.start()].trim_end();
            let before_text = before_text
                .strip_suffix("the")
                .or_else(|| before_text.strip_suffix("The"))
                .unwrap_or(before_text)
                .trim_end();
            let Some(rest) = before_text
                .strip_suffix(" and")
                .or_else(|| before_text.strip_suffix(','))
            else {
                break;
            };
            // `the Agency (CISA) and the FBI`: step over the parenthesis.
            let rest = rest.trim_end();
            let rest = rest
                .strip_suffix(')')
                .and_then(|r| r.rfind('(').map(|open| r[..open].trim_end()))
                .unwrap_or(rest);
            at_end = self.range.start + rest.len();
        }
        sources.reverse();
        sources
    }

    /// The first word of the name ending at word `last`, if `last` is
    /// capitalised: back over capitalised words and connectors joined by
    /// spaces, initials' full stops and hyphens; never a function word
    /// opening the sentence.
    pub(super) fn run_back(&self, last: usize) -> Option<usize> {
        if !self.cap(last) || self.words[last].quoted {
            return None;
        }
        let mut first = last;
        while first > 0 && last - first < MAX_NAME {
            let k = first - 1;
            if !self.joinable(k) || self.words[k].quoted {
                break;
            }
            if self.cap(k) || CONNECTORS_SET.contains(self.lower(k)) {
                first = k;
            } else {
                break;
            }
        }
        while first < last
            && (CONNECTORS_SET.contains(self.lower(first))
                || FUNCTION_WORDS_SET.contains(self.lower(first)))
        {
            first += 1;
        }
        // `Officials said`: a noun; `Justice Department said`: a name.
        if FUNCTION_WORDS_SET.contains(self.lower(first))
            || (first == last && is_source_noun(self.lower(last)))
        {
            return None;
        }
        if first == 0 && last == 0 && self.common_plural(0) {
            return None;
        }
        Some(first)
    }

    /// Whether word `k` opening the sentence is a common noun in the
    /// plural (`Hackers claimed …`) rather than a name: no mention there.
    pub(super) fn common_plural(&self, k: usize) -> bool {
        let w = self.lower(k);
        ["ers", "ists", "ians", "ors", "ents", "ants"]
            .iter()
            .any(|e| w.ends_with(e))
            && self.mention_at(self.words[k].range.start).is_none()
            && !self.text[self.words[k].range.clone()]
                .chars()
                .skip(1)
                .any(char::is_uppercase)
    }

    /// The last word of the name starting at word `first`.
    pub(super) fn run_forward(&self, first: usize) -> Option<usize> {
        let starts = self.cap(first)
            && !FUNCTION_WORDS_SET.contains(self.lower(first))
            && !(first == 0 && !self.cap(1) && self.common_plural(0));
        if !starts || self.words[first].quoted {
            return None;
        }
        let mut last = first;
        while last + 1 < self.words.len() && last - first < MAX_NAME && self.joinable(last) {
            let k = last + 1;
            if self.cap(k) || (CONNECTORS_SET.contains(self.lower(k)) && self.cap(k + 1)) {
                last = k;
            } else if CONNECTORS_SET.contains(self.lower(k))
                && self.lower(k + 1) == "the"
                && self.cap(k + 2)
            {
                last = k + 1;
            } else {
                break;
            }
        }
        Some(last)
    }

    /// Whether words `k` and `k + 1` belong to one name: a space between
    /// them, a hyphen, `&`, or the full stop of an initial (`Janet L. Yellen`,
    /// `U.S. Department`).
    pub(super) fn joinable(&self, k: usize) -> bool {
        let gap = self.gap_after(k);
        let trimmed = gap.trim();
        if trimmed.is_empty() {
            return !gap.contains("\n\n");
        }
        let w = &self.text[self.words[k].range.clone()];
        match trimmed {
            "-" | "&" => true,
            "." => {
                gap.len() > 1
                    && (w.len() == 1 || w.contains('.') || ABBREVIATED_TITLES.contains(&w))
            }
            _ => false,
        }
    }

    /// The source a name of words `first..=last` is: a person (with the
    /// title before the name as role), an organisation, or a bare name.
    pub(super) fn name(&self, first: usize, last: usize) -> Src {
        let range = self.bytes(first, last);
        let title = (first..=last).rev().find(|&k| is_title(self.lower(k)));
        // A person's name after a title: no organisation's word in it.
        let personal = |t: usize| {
            t < last
                && last - t <= 4
                && self.words[t + 1..=last].iter().all(|w| {
                    let bare = w.lower.trim_end_matches("'s");
                    !ORG_HEADS_SET.contains(bare)
                        && !DOCUMENT_NOUNS_SET.contains(bare)
                        && !CONNECTORS_SET.contains(bare)
                        && !w.lower.ends_with("'s")
                })
        };
        if let Some(t) = title.filter(|&t| personal(t)) {
            // The person's name: the last word, initials, one given name;
            // all the words after a title that no connector follows.
            let simple = (t + 1..=last).all(|k| !CONNECTORS_SET.contains(self.lower(k)));
            let mut n = last;
            while n > t + 1 && self.text[self.words[n - 1].range.clone()].chars().count() == 1 {
                n -= 1;
            }
            if n > t + 1 && !simple {
                n -= 1;
            }
            let n = if simple { t + 1 } else { n };
            let is_prefix = ["mr", "mrs", "ms", "dr"].contains(&self.lower(t));
            let mut src = Src::new(None, self.bytes(n, last), Kind::Person);
            if !is_prefix || t > first {
                src.role = Some(self.bytes(first, n - 1));
                src.org = self.org_in(first, n - 1);
            }
            return src;
        }
        // The catalog actor the name ends with (`the U.S. Department of
        // the Treasury's Office of Foreign Assets Control`), or its acronym's.
        let acronym_end = self.acronym_after(last);
        let whole = self
            .mentions_in(&(range.start..acronym_end.unwrap_or(range.end)))
            .iter()
            .filter(|m| {
                m.start() >= range.start
                    && (m.end() == range.end || acronym_end.is_some_and(|e| m.end() + 1 == e))
            })
            .min_by_key(|m| m.start())
            .map(Mention::actor);
        let words = &self.words[first..=last];
        let org = whole.is_some()
            || words.iter().any(|w| {
                ORG_HEADS_SET.contains(w.lower.as_ref())
                    || DOCUMENT_NOUNS_SET.contains(w.lower.as_ref())
                    || CONNECTORS_SET.contains(w.lower.as_ref())
                    || (w.lower.len() >= 2
                        && self.text[w.range.clone()]
                            .chars()
                            .all(|c| c.is_uppercase() || c == '.'))
                    || w.lower.starts_with(|c: char| c.is_ascii_digit())
            });
        // Without a title, `Ann Lee` and `Acme Analytics` look alike.
        let kind = if org { Kind::Org } else { Kind::Name };
        Src::new(whole, range, kind)
    }

    /// The source starting at word `from`: a name (a person with an
    /// appositive role, an organisation, a document and its author),
    /// catalog mentions, a representative of one, or an unnamed phrase.
    pub(super) fn forward(&self, from: usize) -> Vec<Src> {
        let Some(start) = self.words.get(from) else {
            return Vec::new();
        };
        if start.quoted {
            return Vec::new();
        }
        let mut k = from;
        if matches!(start.lower.as_ref(), "the" | "a" | "an")
            && self.mention_at(start.range.start).is_none()
        {
            k += 1;
        }
        if k >= self.words.len() {
            return Vec::new();
        }
        if let Some(last) = self
            .run_forward(k)
            .filter(|&l| !is_source_noun(self.lower(l + 1)))
        {
            let mut src = self.name(k, last);
            let mut last = last;
            if src.kind != Kind::Person
                && let Some(m) = self.mention_at(self.words[k].range.start)
                && (m.end() >= src.range.end
                    || src.actor.is_none() && self.forward_mentions(k).len() > 1)
            {
                let mentions = self.forward_mentions(k);
                if mentions.len() > 1 || m.end() >= src.range.end {
                    let end = mentions.last().map_or(m.end(), |s| s.range.end);
                    if end >= src.range.end {
                        return mentions;
                    }
                }
            }
            // `Acme (ACME)`
            if let Some(end) = self.acronym_after(last) {
                last += 1;
                src.range.end = end;
            }
            // `the agency's annual report`
            if self.words[last].lower.ends_with("'s") {
                let mut j = last + 1;
                while j < self.words.len() && j - last <= 3 && !self.cap(j) && self.joinable(j - 1)
                {
                    j += 1;
                }
                if let Some(end) = self.run_forward(j).filter(|_| self.joinable(j - 1)) {
                    src.range.end = self.words[end].range.end;
                    last = end;
                }
            }
            // `the 2024 report released by the Agency`
            if (DOCUMENT_NOUNS_SET.contains(self.lower(last))
                || ORG_HEADS_SET.contains(self.lower(last)))
                && let Some(author) = self.author_after(last)
            {
                src.range.end = author.range.end;
                if src.actor.is_none() {
                    src.actor = author.actor;
                }
            }
            if matches!(src.kind, Kind::Person | Kind::Name)
                && src.role.is_none()
                && let Some((role, org)) = self.appositive_after(last)
            {
                src.role = Some(role);
                if src.org.is_none() {
                    src.org = org;
                }
                src.kind = Kind::Person;
            }
            return vec![src];
        }
        let mentions = self.forward_mentions(k);
        if !mentions.is_empty() {
            return mentions;
        }
        self.unnamed_forward(from).into_iter().collect()
    }

    /// `, the director of CISA` after a name ending at word `last`.
    pub(super) fn appositive_after(&self, last: usize) -> Option<(Range<usize>, Option<Org>)> {
        if self.gap_after(last).trim() != "," {
            return None;
        }
        let first = last + 1;
        let mut end = first;
        while end + 1 < self.words.len() && end - first < MAX_CLAUSE {
            let gap = self.gap_after(end);
            if gap.contains([',', ';', ':', '.', '"', '“', '”', '‘', '’', '(', ')', '—'])
                && !(gap.trim() == "." && self.joinable(end))
            {
                break;
            }
            end += 1;
        }
        if end >= self.words.len() {
            return None;
        }
        if !CLAUSE_OPENERS_SET.contains(self.lower(first))
            && !(first..=end).any(|k| is_title(self.lower(k)))
        {
            return None;
        }
        match self.role_phrase(first, end) {
            (Some(role), org) => Some((role, org)),
            _ => None,
        }
    }

    /// `released by the Agency`, `by Acme`, `of the Agency` after a
    /// document's name ending at word `last`: the author.
    pub(super) fn author_after(&self, last: usize) -> Option<Src> {
        let mut k = last + 1;
        if [
            "released",
            "published",
            "conducted",
            "prepared",
            "issued",
            "compiled",
            "produced",
        ]
        .contains(&self.lower(k))
        {
            k += 1;
        }
        if !["by", "from", "of"].contains(&self.lower(k)) || !self.joinable_words(last, k) {
            return None;
        }
        k += 1;
        if self.lower(k) == "the" {
            k += 1;
        }
        let end = self.run_forward(k)?;
        let mut src = self.name(k, end);
        if let Some(close) = self.acronym_after(end) {
            src.range.end = close;
        }
        if let Some(m) = self.mention_at(self.words[k].range.start) {
            src.actor = Some(m.actor());
        }
        Some(src)
    }

    /// The end of a parenthesised acronym right after word `last` (`Acme
    /// (ACME)`), after its closing parenthesis.
    pub(super) fn acronym_after(&self, last: usize) -> Option<usize> {
        let next = self.words.get(last + 1)?;
        let close = next.range.end;
        (self.gap_after(last).trim() == "(" && next.cap && self.text[close..].starts_with(')'))
            .then_some(close + 1)
    }

    /// `FinCEN's analysis of ransomware-related SARs`: the source noun
    /// before the preposition that opens the name starting at word `first`,
    /// as an unnamed source running to `end`.
    pub(super) fn head_before_object(&self, first: usize, end: usize) -> Option<Src> {
        let mut k = first.checked_sub(1)?;
        // `of ransomware-related SARs`
        while k > 0
            && first - k < 4
            && !self.cap(k)
            && self.joinable(k - 1)
            && !is_preposition(self.lower(k))
        {
            k -= 1;
        }
        if !is_preposition(self.lower(k)) || !self.joinable(k) {
            return None;
        }
        let h = (k.saturating_sub(4)..k)
            .rev()
            .take_while(|&j| self.joinable(j))
            .find(|&j| is_source_noun(self.lower(j)))?;
        let mut src = self.unnamed_back(h)?;
        src.range.end = end;
        Some(src)
    }

    /// Whether words `a..=b` stand without punctuation between them.
    pub(super) fn joinable_words(&self, a: usize, b: usize) -> bool {
        (a..b).all(|k| self.gap_after(k).trim().is_empty())
    }

    /// Catalog mentions starting at word `k`, joined by `and`.
    pub(super) fn forward_mentions(&self, k: usize) -> Vec<Src> {
        let mut sources = Vec::new();
        let mut at = self.words[k].range.start;
        while let Some(m) = self.mention_at(at) {
            sources.push(Src::new(Some(m.actor()), m.range(), Kind::Org));
            // `A and B`, `A and the B`, `A (B) and C`.
            let rest = self.text[m.end()..self.range.end].trim_start();
            let rest = skip_parenthesis(rest).trim_start();
            let Some(after_and) = rest.strip_prefix("and ") else {
                break;
            };
            let after_and = after_and.trim_start();
            let after_the = after_and
                .strip_prefix("the ")
                .unwrap_or(after_and)
                .trim_start();
            at = self.range.end - after_the.len();
        }
        sources
    }

    /// An unnamed source starting at word `from` (up to the next
    /// punctuation, six words at most): the phrase to its head noun; the
    /// name right after a head (`the state news agency TASS`); the author of
    /// a report (`analysis conducted by X`); the organisation a
    /// representative speaks for (`a spokesperson for X`).
    pub(super) fn unnamed_forward(&self, from: usize) -> Option<Src> {
        let start = self.words.get(from)?;
        let phrase: Vec<usize> = (from..self.words.len())
            .take_while(|&k| k == from || self.joinable_words(from, k))
            .take(6)
            .collect();
        let h = phrase
            .iter()
            .copied()
            .find(|&k| is_source_noun(self.lower(k)))?;
        if phrase.iter().any(|&k| self.words[k].quoted) {
            return None;
        }
        let mut src = Src::new(
            None,
            start.range.start..self.words[h].range.end,
            Kind::Unnamed,
        );
        // `the state news agency TASS`, `security researcher Ann Lee`
        if self.joinable_words(h, h + 1)
            && let Some(end) = self.run_forward(h + 1)
        {
            let mut name = self.name(h + 1, end);
            if let Some(m) = self.mention_at(self.words[h + 1].range.start) {
                name.actor = Some(m.actor());
            }
            if is_title(self.lower(h)) && name.kind != Kind::Org && name.actor.is_none() {
                let from = if ["the", "a", "an"].contains(&self.lower(from)) {
                    from + 1
                } else {
                    from
                };
                name.kind = Kind::Person;
                name.role = Some(self.bytes(from, h));
                name.org = self.org_in(from, h);
            }
            return Some(name);
        }
        if REPRESENTATIVES.contains(&self.lower(h))
            && ["for", "at", "of", "from"].contains(&self.lower(h + 1))
            && self.joinable_words(h, h + 2)
        {
            let mut k = h + 2;
            if self.lower(k) == "the" && self.mention_at(self.words[k].range.start).is_none() {
                k += 1;
            }
            if let Some(m) = self
                .words
                .get(k)
                .and_then(|w| self.mention_at(w.range.start))
            {
                src.actor = Some(m.actor());
                src.range.end = m.end();
                src.org = Some(Org::Actor(m.actor()));
            } else if let Some(end) = self.run_forward(k) {
                src.range.end = self.words[end].range.end;
                src.org = Some(Org::Words(self.bytes(k, end)));
            }
            src.role = Some(self.words[h].range.clone());
            return Some(src);
        }
        if let Some(author) = self.author_after(h) {
            src.range.end = author.range.end;
            src.actor = author.actor;
            return Some(src);
        }
        src.actor = self.represented(&src.range, self.lower(h));
        Some(src)
    }

    /// An unnamed source whose head noun is word `p`: back to the start of
    /// its clause, five words at most.
    pub(super) fn unnamed_back(&self, p: usize) -> Option<Src> {
        if !is_source_noun(self.lower(p)) {
            return None;
        }
        let mut first = p;
        while first > 0 && p - first < 5 {
            let k = first - 1;
            if !self.joinable(k)
                || self.words[k].quoted
                || CLAUSE_WORDS_SET.contains(self.lower(k))
                || NOT_A_SOURCE_SET.contains(self.lower(k))
                || PRONOUNS.contains(&self.lower(k))
                || CUE_VERBS_SET.contains(self.lower(k))
            {
                break;
            }
            first = k;
        }
        if first == 0
            && FUNCTION_WORDS_SET.contains(self.lower(0))
            && !["the", "a", "an"].contains(&self.lower(0))
            && first < p
        {
            first = 1;
        }
        let range = self.bytes(first, p);
        let mut src = Src::new(None, range.clone(), Kind::Unnamed);
        src.actor = self.represented(&range, self.lower(p));
        if let Some(actor) = src.actor {
            src.org = Some(Org::Actor(actor));
            src.role = Some(self.words[p].range.clone());
        }
        Some(src)
    }

    /// The actor a representative phrase speaks for (`an FBI spokesperson`,
    /// `Microsoft researchers`): the one mention inside it; else none.
    pub(super) fn represented(&self, phrase: &Range<usize>, head: &str) -> Option<ActorIdx> {
        if !REPRESENTATIVES.contains(&head) {
            return None;
        }
        let lo = self.mentions.partition_point(|m| m.start() < phrase.start);
        let inside: Vec<&Mention> = self.mentions[lo..]
            .iter()
            .take_while(|m| m.start() < phrase.end)
            .filter(|m| m.end() <= phrase.end)
            .collect();
        match inside[..] {
            [m] => Some(m.actor()),
            _ => None,
        }
    }

    /// The mentions starting inside `span`.
    pub(super) fn mentions_in(&self, span: &Range<usize>) -> &[Mention] {
        let lo = self.mentions.partition_point(|m| m.start() < span.start);
        let hi = self.mentions.partition_point(|m| m.start() < span.end);
        &self.mentions[lo..hi.max(lo)]
    }

    pub(super) fn mention_at(&self, at: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.start() < at);
        self.mentions
            .get(i)
            .filter(|m| m.start() == at && m.end() <= self.range.end)
    }

    pub(super) fn mention_ending_at(&self, end: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.end() < end);
        self.mentions
            .get(i)
            .filter(|m| m.end() == end && m.start() >= self.range.start)
    }
}

pub(super) fn is_source_noun(word: &str) -> bool {
    SOURCE_NOUN_SET.contains(word)
}

fn is_preposition(word: &str) -> bool {
    ["of", "from", "on", "about", "into", "in"].contains(&word)
}

pub(super) fn is_title(word: &str) -> bool {
    TITLES_SET.contains(word.trim_end_matches('.'))
}

/// `text` without a leading parenthesis (`(CISA) and …` → `and …`).
pub(super) fn skip_parenthesis(text: &str) -> &str {
    text.strip_prefix('(')
        .and_then(|r| r.find(')').map(|close| &r[close + 1..]))
        .unwrap_or(text)
}

impl Sentence<'_> {
    /// The organisation's name that opens the sentence as its subject
    /// (`Acme Labs published …`, `The agency's CERT said`), if any.
    pub(super) fn opening_org(&self) -> Option<Src> {
        let mut k = 0;
        if self.lower(0) == "the" {
            k = 1;
        }
        let last = self.run_forward(k)?;
        let next = self.words.get(last + 1)?;
        if next.cap || !self.joinable_words(last, last + 1) {
            return None;
        }
        let src = self.name(k, last);
        (src.kind == Kind::Org).then_some(src)
    }
}
