//! One sentence: its words, its cues and the sources that go with them.

use std::ops::Range;
use std::sync::LazyLock;

use super::lists::{
    AS_ADVERBS, AS_PARTICIPLES, AUXILIARIES, CLAUSE_OPENERS_SET, CLAUSE_WORDS_SET, CUE_INFINITIVES,
    CUE_VERBS, CUE_VERBS_SET, DETERMINERS, FOLLOWS_A_NOUN, FUNCTION_WORDS_SET, NOT_A_SOURCE_SET,
    NOUN_FORMS, ONSET_VERBS, PRONOUNS, SAYING_VERBS, STATEMENT_VERBS,
};
use super::names::{is_source_noun, is_title};
use super::words::Word;
use super::{Org, Via};
use crate::model::catalog::ActorIdx;
use crate::model::matcher::Mention;
use crate::model::words_hash::WordSet;

/// What kind of thing a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A person's name (`Ann Lee`, `Director Ann Lee`).
    Person,
    /// An organisation's or a document's name, or a catalog actor.
    Org,
    /// One capitalised word that may be either (`Mandiant`, `Lee`).
    Name,
    /// A phrase that names no one (`security researchers`).
    Unnamed,
    /// `he`, `she`: stands for a person named before.
    He,
    /// `it`: stands for an organisation named before.
    It,
    /// `they`: stands for an organisation or a group named before.
    They,
}

/// A source found at a cue.
#[derive(Debug, Clone)]
pub(super) struct Src {
    pub actor: Option<ActorIdx>,
    pub range: Range<usize>,
    pub kind: Kind,
    pub role: Option<Range<usize>>,
    pub org: Option<Org>,
    pub venue: Option<Range<usize>>,
    pub via: Option<Via>,
}

impl Src {
    pub(super) fn new(actor: Option<ActorIdx>, range: Range<usize>, kind: Kind) -> Self {
        Self {
            actor,
            range,
            kind,
            role: None,
            org: None,
            venue: None,
            via: None,
        }
    }
}

/// A cue found in a sentence, with its sources.
#[derive(Debug)]
pub(super) struct Cue {
    pub text: String,
    pub sources: Vec<Src>,
    /// For a saying or statement verb, which can introduce a quotation: the
    /// cue the quoted sentences get (`said`, `statement`).
    pub quoted_as: Option<String>,
    /// A cue that relays a report (`as reported by X`, `according to X`).
    pub relay: bool,
}

/// A sentence being read.
pub(super) struct Sentence<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
    pub words: &'a [Word<'a>],
    /// The mentions inside the sentence, sorted.
    pub mentions: &'a [Mention],
}

/// Every word that can open or end a cue.
static TRIGGERS: LazyLock<WordSet<'static>> = LazyLock::new(|| {
    CUE_VERBS
        .iter()
        .chain(STATEMENT_VERBS)
        .chain(CUE_INFINITIVES)
        .chain(&["according", "as", "in"])
        .copied()
        .collect()
});

/// The shapes of the [`TRIGGERS`], by first byte: bit `n` (31 for any
/// length from 31) for a trigger of `n` bytes. Most words of a sentence
/// have no trigger's shape and cost no look-up in the set.
static TRIGGER_SHAPES: LazyLock<[u32; 256]> = LazyLock::new(|| {
    let mut shapes = [0; 256];
    for t in TRIGGERS.iter() {
        if let Some(&first) = t.as_bytes().first() {
            shapes[usize::from(first)] |= shape_bit(t);
        }
    }
    shapes
});

/// The bit of a word's length in [`TRIGGER_SHAPES`].
fn shape_bit(word: &str) -> u32 {
    1 << word.len().min(31)
}

/// Whether `word` opens or ends a cue: one of the [`TRIGGERS`].
fn is_trigger(word: &str) -> bool {
    word.as_bytes()
        .first()
        .is_some_and(|&b| TRIGGER_SHAPES[usize::from(b)] & shape_bit(word) != 0)
        && TRIGGERS.contains(word)
}

/// The most words of a clause between commas.
pub(super) const MAX_CLAUSE: usize = 20;

impl Sentence<'_> {
    pub(super) fn lower(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower.as_ref())
    }

    pub(super) fn cap(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.cap)
    }

    /// The text between words `a` and `a + 1` (to the sentence's end after
    /// the last word).
    pub(super) fn gap_after(&self, a: usize) -> &str {
        let from = self.words[a].range.end;
        let to = self
            .words
            .get(a + 1)
            .map_or(self.range.end, |w| w.range.start);
        &self.text[from..to]
    }

    /// The text before word `a` (from the sentence's start for the first).
    pub(super) fn gap_before(&self, a: usize) -> &str {
        let to = self.words[a].range.start;
        let from = if a == 0 {
            self.range.start
        } else {
            self.words[a - 1].range.end
        };
        &self.text[from..to]
    }

    pub(super) fn bytes(&self, first: usize, last: usize) -> Range<usize> {
        self.words[first].range.start..self.words[last].range.end
    }

    /// Every cue of the sentence, in order.
    pub(super) fn cues(&self) -> Vec<Cue> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            // Quoted words and capitalised ones (`United States`) cite no
            // one, nor do words that open no cue.
            if self.words[i].quoted
                || (self.words[i].cap && i > 0)
                || !is_trigger(self.words[i].lower.as_ref())
            {
                i += 1;
                continue;
            }
            if let Some(cue) = self.forward_cue(i) {
                found.push(cue);
                i += 1;
                continue;
            }
            if let Some(cue) = self.backward_cue(i) {
                found.push(cue);
            }
            i += 1;
        }
        found
    }

    /// A cue whose source follows it.
    pub(super) fn forward_cue(&self, i: usize) -> Option<Cue> {
        let w = self.lower(i);
        let (at, text, relay) = match w {
            "according" if self.lower(i + 1) == "to" => (i + 2, "according to".to_string(), true),
            "as" => {
                let mut k = i + 1;
                let mut parts = vec!["as"];
                if AS_ADVERBS.contains(&self.lower(k)) {
                    parts.push(self.lower(k));
                    k += 1;
                }
                if !AS_PARTICIPLES.contains(&self.lower(k))
                    || !["via", "by", "in"].contains(&self.lower(k + 1))
                {
                    return None;
                }
                parts.push(self.lower(k));
                parts.push(self.lower(k + 1));
                (k + 2, parts.join(" "), true)
            }
            "in" if self.lower(i + 1) == "a" && self.lower(i + 2) == "statement" => {
                (i + 3, "in a statement".to_string(), false)
            }
            _ if CUE_VERBS_SET.contains(w)
                && self.lower(i + 1) == "by"
                && !self.gap_after(i).contains([',', ';']) =>
            {
                (i + 2, w.to_string(), false)
            }
            // `“…,” said a spokesperson for X`, `…, said Ann Lee`
            _ if CUE_VERBS_SET.contains(w)
                && (self.after_closing_quote(i)
                    || (SAYING_VERBS.contains(&w)
                        && self.after_comma(i)
                        && self.backward(i).is_empty())) =>
            {
                let sources = if PRONOUNS.contains(&self.lower(i + 1)) {
                    self.pronoun(i + 1).into_iter().collect()
                } else {
                    self.forward(i + 1)
                };
                if sources.is_empty() {
                    return None;
                }
                return Some(Cue {
                    text: w.to_string(),
                    sources,
                    quoted_as: Some(w.to_string()),
                    relay: false,
                });
            }
            _ => return None,
        };
        let sources = self.forward(at);
        if sources.is_empty() {
            return None;
        }
        let quoted_as = (text == "in a statement").then(|| "statement".to_string());
        Some(Cue {
            text,
            sources,
            quoted_as,
            relay,
        })
    }

    /// A cue verb whose source precedes it.
    pub(super) fn backward_cue(&self, i: usize) -> Option<Cue> {
        let w = self.lower(i);
        let statement = STATEMENT_VERBS.contains(&w)
            && (i + 1..i + 4).any(|k| self.lower(k) == "statement" && !self.words[k].quoted);
        let infinitive = CUE_INFINITIVES.contains(&w)
            && self.lower(i.wrapping_sub(1)) == "to"
            && i >= 2
            && ONSET_VERBS.contains(&self.lower(i - 2));
        if !(CUE_VERBS_SET.contains(w) || statement || infinitive) {
            return None;
        }
        // `added two data centres`: an object, not a statement.
        if matches!(w, "added" | "adds")
            && self.gap_after(i).trim().is_empty()
            && !["that", "in", "on", "he", "she", "it", "they", "we", "i"]
                .contains(&self.lower(i + 1))
            && !self.words.get(i + 1).is_some_and(|n| n.quoted)
        {
            return None;
        }
        // `told residents to stay inside`: an instruction, not a statement.
        if matches!(w, "told" | "tells") && (i + 1..i + 4).any(|k| self.lower(k) == "to") {
            return None;
        }
        let mut first = if infinitive { i - 2 } else { i };
        while first > 0
            && i - first < 3
            && !self.cap(first - 1)
            && is_auxiliary(self.lower(first - 1))
        {
            first -= 1;
        }
        let mut sources = self.backward(first);
        if sources.is_empty() {
            return None;
        }
        let text = self.words[first..=i]
            .iter()
            .filter(|w| !w.lower.ends_with("ly") || AUXILIARIES.contains(&w.lower.as_ref()))
            .map(|w| w.lower.as_ref())
            .collect::<Vec<_>>()
            .join(" ");
        if matches!(w, "told" | "tells") {
            let venue = self
                .forward(i + 1)
                .into_iter()
                .find(|s| matches!(s.kind, Kind::Org | Kind::Name));
            if let Some(v) = venue {
                for s in &mut sources {
                    s.venue = Some(v.range.clone());
                }
            }
        }
        let quoted_as = if statement {
            Some("statement".to_string())
        } else {
            SAYING_VERBS.contains(&w).then(|| w.to_string())
        };
        Some(Cue {
            text,
            sources,
            quoted_as,
            relay: false,
        })
    }

    /// Whether word `i` directly follows a quotation closed by `,"` or `,”`.
    pub(super) fn after_closing_quote(&self, i: usize) -> bool {
        i > 0 && {
            let gap = self.gap_before(i);
            gap.contains([',', '!', '?', '—']) && gap.contains(['"', '”', '’'])
        }
    }

    /// Whether a saying verb at word `i` follows a comma and precedes a
    /// name or a representative (`…, said Ann Lee`).
    pub(super) fn after_comma(&self, i: usize) -> bool {
        i > 0
            && self.gap_before(i).trim() == ","
            && (self.cap(i + 1)
                || is_title(self.lower(i + 1))
                || is_source_noun(self.lower(i + 1))
                || (["a", "an", "the"].contains(&self.lower(i + 1))
                    && (i + 2..i + 5).any(|k| is_source_noun(self.lower(k)))))
    }

    pub(super) fn pronoun(&self, i: usize) -> Option<Src> {
        let kind = match self.lower(i) {
            "he" | "she" => Kind::He,
            "it" => Kind::It,
            "they" => Kind::They,
            _ => return None,
        };
        Some(Src::new(None, self.words[i].range.clone(), kind))
    }

    /// The sources before the cue verb at word `verb` (its auxiliaries
    /// included): the subject, past an appositive or an interrupting clause.
    pub(super) fn backward(&self, verb: usize) -> Vec<Src> {
        if verb == 0 {
            return Vec::new();
        }
        let p = verb - 1;
        if self.words[p].quoted {
            return Vec::new();
        }
        let gap = self.gap_before(verb);
        let dashed = ["—", "–", "--"].iter().find(|d| gap.trim() == **d);
        if let Some(dash) = dashed {
            return self.past_clause(p, dash);
        }
        if gap.contains(['"', '“', '”', '‘', '’', ':', ';', '—', '–']) {
            return Vec::new();
        }
        if gap.contains(',') {
            return self.past_clause(p, ",");
        }
        let w = self.lower(p);
        if PRONOUNS.contains(&w) {
            return self.pronoun(p).into_iter().collect();
        }
        if w == "and" && p > 0 {
            return self.clause_subject(p);
        }
        // `the agency, which said`: the antecedent.
        if matches!(w, "which" | "who") && p > 0 && self.gap_before(p).trim() == "," {
            return self.subject_ending(p - 1);
        }
        // `Russia's claims`, `the reports`: a noun, not a verb.
        if NOT_A_SOURCE_SET.contains(w) || w.ends_with("'s") || DETERMINERS.contains(&w) {
            return Vec::new();
        }
        if NOUN_FORMS.contains(&self.lower(verb)) && FOLLOWS_A_NOUN.contains(&self.lower(verb + 1))
        {
            return Vec::new();
        }
        let found = self.subject_ending(p);
        if found.is_empty() {
            return self.familiar(p).into_iter().collect();
        }
        found
    }

    /// `people familiar with the matter said`: a source noun before
    /// `familiar`, `close to` or `briefed on` a few words back from `p`.
    pub(super) fn familiar(&self, p: usize) -> Option<Src> {
        let lo = p.saturating_sub(8);
        let at = (lo..p)
            .rev()
            .take_while(|&k| self.joinable(k))
            .find(|&k| matches!(self.lower(k), "familiar" | "close" | "briefed"))?;
        let head = at.checked_sub(1)?;
        let mut src = self.unnamed_back(head)?;
        src.range.end = self.words[p].range.end;
        Some(src)
    }

    /// `S, CLAUSE, said`: the subject before a clause that ends at word
    /// `last`, and the role the clause gives a person.
    pub(super) fn past_clause(&self, last: usize, delimiter: &str) -> Vec<Src> {
        let mut c = last;
        while c > 0 && last - c < MAX_CLAUSE {
            let gap = self.gap_before(c);
            if gap.contains([',', ';', ':', '"', '“', '”', '‘', '’', '(', ')', '—', '–'])
                || gap.contains("--")
            {
                break;
            }
            c -= 1;
        }
        if c == 0 || self.gap_before(c).trim() != delimiter {
            return Vec::new();
        }
        let opener = self.lower(c);
        let titled = (c..=last).any(|k| is_title(self.lower(k)));
        // `Ann Lee, 54, said`
        let age = c == last && opener.chars().all(|ch| ch.is_ascii_digit());
        if !CLAUSE_OPENERS_SET.contains(opener) && !titled && !age && delimiter == "," {
            return Vec::new();
        }
        let mut sources = self.subject_ending(c - 1);
        for s in &mut sources {
            if matches!(s.kind, Kind::Person | Kind::Name) && s.role.is_none() {
                let (role, org) = self.role_phrase(c, last);
                s.role = role;
                if s.org.is_none() {
                    s.org = org;
                }
                if s.role.is_some() && s.kind == Kind::Name {
                    s.kind = Kind::Person;
                }
            }
        }
        sources
    }

    /// The role and organisation in a phrase about a person, words `first`
    /// to `last`: `the director of CISA`, `who leads the agency`, `Treasury
    /// Under Secretary`. None when it holds no title and no `who`.
    pub(super) fn role_phrase(
        &self,
        first: usize,
        last: usize,
    ) -> (Option<Range<usize>>, Option<Org>) {
        let mut k = first;
        let who = self.lower(k) == "who";
        if who {
            k += 1;
            if ["is", "was", "has", "had"].contains(&self.lower(k)) && k < last {
                k += 1;
            }
        }
        if ["the", "a", "an", "its", "their"].contains(&self.lower(k)) && k < last {
            k += 1;
        }
        let titled = (k..=last).any(|j| is_title(self.lower(j)));
        if !titled && !who {
            return (None, None);
        }
        (Some(self.bytes(k, last)), self.org_in(k, last))
    }

    /// The organisation a role names: a catalog actor inside it, else the
    /// capitalised words after `of`/`at`/`for` a title, or before it.
    pub(super) fn org_in(&self, first: usize, last: usize) -> Option<Org> {
        let span = self.bytes(first, last);
        if let Some(m) = self.mentions_in(&span).iter().find(|m| m.end() <= span.end) {
            return Some(Org::Actor(m.actor()));
        }
        let title = (first..=last).find(|&j| is_title(self.lower(j)))?;
        // After the title: `of the Treasury`, `at Acme Corp`, `leads Acme`.
        let mut preps: Vec<usize> = (title + 1..=last)
            .filter(|&j| ["of", "at", "for", "with"].contains(&self.lower(j)))
            .collect();
        if self.lower(first) == "who" {
            preps.insert(0, first + 1);
        }
        for prep in preps {
            let mut j = prep + 1;
            if self.lower(j) == "the" {
                j += 1;
            }
            let mut end = j;
            while end <= last && self.cap(end) && !is_title(self.lower(end)) {
                end += 1;
            }
            if end > j {
                return Some(Org::Words(self.bytes(j, end - 1)));
            }
        }
        // Before it: `Treasury Secretary`, `Acme spokeswoman`; not
        // `Security researcher` opening a sentence.
        let mut from = title;
        while from > first && self.cap(from - 1) && !is_title(self.lower(from - 1)) {
            from -= 1;
        }
        if !self.cap(title) && from == 0 {
            return None;
        }
        let pre: Vec<usize> = (from..title)
            .filter(|&j| {
                !["acting", "deputy", "under", "assistant", "former"].contains(&self.lower(j))
            })
            .collect();
        match (pre.first(), pre.last()) {
            (Some(&lo), Some(&hi)) => Some(Org::Words(self.bytes(lo, hi))),
            _ => None,
        }
    }

    /// `X …, and reported that`: the subject that opens the clause, after an
    /// opening adverbial (`In 2015, `).
    pub(super) fn clause_subject(&self, and: usize) -> Vec<Src> {
        let mut s = 0;
        if let Some(comma) = (0..and.min(8)).find(|&k| self.gap_after(k).contains(','))
            && FUNCTION_WORDS_SET.contains(self.lower(0))
            && self.lower(0) != "the"
        {
            s = comma + 1;
        }
        if s >= and {
            return Vec::new();
        }
        if PRONOUNS.contains(&self.lower(s)) {
            return self.pronoun(s).into_iter().collect();
        }
        let found = self.forward(s);
        // The subject is followed by its verb, in lower case, or by an
        // appositive.
        found
            .into_iter()
            .filter(|src| {
                let next = self.words[s..and]
                    .iter()
                    .position(|w| w.range.start >= src.range.end)
                    .map(|n| n + s);
                src.kind == Kind::Unnamed
                    || next.is_some_and(|n| !self.words[n].cap || self.gap_before(n).contains(','))
            })
            .collect()
    }

    /// The subject whose last word is `p`: catalog mentions, a name (with a
    /// title), a representative of one, or an unnamed phrase.
    pub(super) fn subject_ending(&self, p: usize) -> Vec<Src> {
        // A name: capitalised words and connectors back from `p`.
        let mut last = p;
        let mut end_byte = self.words[p].range.end;
        // `Agency (CISA) said`: the acronym belongs to the name.
        if p > 0
            && self.gap_before(p).trim_end().ends_with('(')
            && self.text[end_byte..].starts_with(')')
            && self.cap(p - 1)
        {
            last = p - 1;
            end_byte += 1;
        }
        if let Some(first) = self.run_back(last) {
            let mut src = self.name(first, last);
            if src.kind != Kind::Person {
                let mentions = self.mentions_back(end_byte);
                if !mentions.is_empty() {
                    return self.represent(first, mentions);
                }
            }
            src.range.end = src.range.end.max(end_byte);
            // `security researcher Ann Lee said`
            if matches!(src.kind, Kind::Person | Kind::Name)
                && src.role.is_none()
                && first > 0
                && is_title(self.lower(first - 1))
                && !self.cap(first - 1)
                && self.joinable(first - 1)
            {
                let t = first - 1;
                let mut r = t;
                while r > 0
                    && t - r < 3
                    && self.joinable(r - 1)
                    && !FUNCTION_WORDS_SET.contains(self.lower(r - 1))
                    && !CLAUSE_WORDS_SET.contains(self.lower(r - 1))
                    && !CUE_VERBS_SET.contains(self.lower(r - 1))
                {
                    r -= 1;
                }
                src.kind = Kind::Person;
                src.role = Some(self.bytes(r, t));
                src.org = self.org_in(r, t);
            }
            let represented = self.represent(first, vec![src.clone()]);
            if represented[0].kind == Kind::Unnamed {
                return represented;
            }
            if let Some(head) = self.head_before_object(first, end_byte) {
                return vec![head];
            }
            return represented;
        }
        let mentions = self.mentions_back(end_byte);
        if !mentions.is_empty() {
            return mentions;
        }
        self.unnamed_back(p).into_iter().collect()
    }
}

fn is_auxiliary(word: &str) -> bool {
    AUXILIARIES.contains(&word) || (word.ends_with("ly") && word.len() > 4)
}
