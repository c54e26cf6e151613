//! One sentence: its words, its cues and the sources that go with them.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use super::lists::{
    AS_ADVERBS, AS_PARTICIPLES, AUXILIARIES, CLAUSE_OPENERS, CLAUSE_WORDS, CONNECTORS,
    CUE_INFINITIVES, CUE_VERBS, DETERMINERS, DOCUMENT_NOUNS, FOLLOWS_A_NOUN, FUNCTION_WORDS,
    NOT_A_SOURCE, NOUN_FORMS, ONSET_VERBS, ORG_HEADS, PRONOUNS, REPRESENTATIVES, SAYING_VERBS,
    SOURCE_NOUNS, STATEMENT_VERBS, TITLES,
};
use super::{Org, Via};
use crate::model::catalog::ActorIdx;
use crate::model::matcher::Mention;

/// A word of a sentence.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub range: Range<usize>,
    /// Lower-cased, with `’` as `'`.
    pub lower: String,
    /// Opens with a capital letter or a digit followed by capitals.
    pub cap: bool,
    /// Inside quotation marks.
    pub quoted: bool,
}

/// What a sentence's quotation marks leave: the words, whether the
/// sentence has any mark, and whether a quotation is open at its end.
pub(super) struct Parsed {
    pub words: Vec<Word>,
    pub marks: bool,
    pub open_at_end: bool,
}

/// The words of `text[sentence]`, a quotation open at its start or not.
/// Words of URLs, paths, file names and slugs are left out.
pub(super) fn words(text: &str, sentence: &Range<usize>, open_at_start: bool) -> Parsed {
    let s = &text[sentence.clone()];
    let slugs = slug_chunks(s);
    let mut next_slug = 0;
    let mut open = open_at_start;
    let mut marks = false;
    let mut words = Vec::new();
    for (i, w) in s.split_word_bound_indices() {
        if !w.chars().any(char::is_alphanumeric) {
            for c in w.chars() {
                match c {
                    '"' => open = !open,
                    '“' => open = true,
                    '”' => open = false,
                    _ => continue,
                }
                marks = true;
            }
            continue;
        }
        while next_slug < slugs.len() && slugs[next_slug].end <= i {
            next_slug += 1;
        }
        if slugs.get(next_slug).is_some_and(|r| r.start <= i) {
            continue;
        }
        let start = sentence.start + i;
        // A cue glued to the next word (`saidUnder Secretary`).
        let glued = ["said", "says"].iter().find(|v| {
            w.len() > v.len() && w.starts_with(*v) && w[v.len()..].starts_with(char::is_uppercase)
        });
        let mut push = |from: usize, piece: &str| {
            let mut chars = piece.chars();
            let first = chars.next().unwrap_or(' ');
            let cap = first.is_uppercase()
                || (first.is_ascii_digit() && piece.chars().any(char::is_uppercase));
            words.push(Word {
                range: start + from..start + from + piece.len(),
                lower: if piece.contains('\u{2019}') {
                    piece.to_lowercase().replace('\u{2019}', "'")
                } else {
                    piece.to_lowercase()
                },
                cap,
                quoted: open,
            });
        };
        match glued {
            Some(v) => {
                push(0, v);
                push(v.len(), &w[v.len()..]);
            }
            None => push(0, w),
        }
    }
    Parsed {
        words,
        marks,
        open_at_end: open,
    }
}

/// The whitespace-separated chunks of `s` that are URLs, paths, e-mail
/// addresses, file names or slugs, as byte ranges of `s`.
fn slug_chunks(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(from)) => {
                if is_slug(&s[from..i]) {
                    out.push(from..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn is_slug(chunk: &str) -> bool {
    let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    if core.contains("://") || core.starts_with("www.") || core.contains(['/', '\\', '@', '_']) {
        return true;
    }
    // `report.pdf`, `index.html`
    if let Some((stem, ext)) = core.rsplit_once('.')
        && (2..=4).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_lowercase())
        && stem.chars().last().is_some_and(char::is_alphanumeric)
        && !stem.contains('.')
        && stem.chars().all(|c| c.is_alphanumeric() || c == '-')
    {
        return true;
    }
    // `hackers-breach-grid-company-says`
    core.matches('-').count() >= 3 && !core.chars().any(char::is_uppercase)
}

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
    fn new(actor: Option<ActorIdx>, range: Range<usize>, kind: Kind) -> Self {
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
    pub words: &'a [Word],
    /// The mentions inside the sentence, sorted.
    pub mentions: &'a [Mention],
}

/// Every word that can open or end a cue.
static TRIGGERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    CUE_VERBS
        .iter()
        .chain(STATEMENT_VERBS)
        .chain(CUE_INFINITIVES)
        .chain(&["according", "as", "in"])
        .copied()
        .collect()
});

/// Abbreviations a name may go on after (`Sen. Ann Lee`, `Ann Lee Jr.`).
const ABBREVIATED_TITLES: &[&str] = &[
    "Jr", "Sr", "St", "Dr", "Mr", "Ms", "Mrs", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt",
    "Capt", "Prof", "Adm", "Amb",
];

const MAX_NAME: usize = 16;
const MAX_CLAUSE: usize = 20;

impl Sentence<'_> {
    fn lower(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower.as_str())
    }

    fn cap(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.cap)
    }

    /// The text between words `a` and `a + 1` (to the sentence's end after
    /// the last word).
    fn gap_after(&self, a: usize) -> &str {
        let from = self.words[a].range.end;
        let to = self
            .words
            .get(a + 1)
            .map_or(self.range.end, |w| w.range.start);
        &self.text[from..to]
    }

    /// The text before word `a` (from the sentence's start for the first).
    fn gap_before(&self, a: usize) -> &str {
        let to = self.words[a].range.start;
        let from = if a == 0 {
            self.range.start
        } else {
            self.words[a - 1].range.end
        };
        &self.text[from..to]
    }

    fn bytes(&self, first: usize, last: usize) -> Range<usize> {
        self.words[first].range.start..self.words[last].range.end
    }

    /// Every cue of the sentence, in order.
    pub fn cues(&self) -> Vec<Cue> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            // Quoted words and capitalised ones (`United States`) cite no
            // one, nor do words that open no cue.
            if self.words[i].quoted
                || (self.words[i].cap && i > 0)
                || !TRIGGERS.contains(self.words[i].lower.as_str())
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
    fn forward_cue(&self, i: usize) -> Option<Cue> {
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
            _ if CUE_VERBS.contains(&w)
                && self.lower(i + 1) == "by"
                && !self.gap_after(i).contains([',', ';']) =>
            {
                (i + 2, w.to_string(), false)
            }
            // `“…,” said a spokesperson for X`, `…, said Ann Lee`
            _ if CUE_VERBS.contains(&w)
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
    fn backward_cue(&self, i: usize) -> Option<Cue> {
        let w = self.lower(i);
        let statement = STATEMENT_VERBS.contains(&w)
            && (i + 1..i + 4).any(|k| self.lower(k) == "statement" && !self.words[k].quoted);
        let infinitive = CUE_INFINITIVES.contains(&w)
            && self.lower(i.wrapping_sub(1)) == "to"
            && i >= 2
            && ONSET_VERBS.contains(&self.lower(i - 2));
        if !(CUE_VERBS.contains(&w) || statement || infinitive) {
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
            .filter(|w| !w.lower.ends_with("ly") || AUXILIARIES.contains(&w.lower.as_str()))
            .map(|w| w.lower.as_str())
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
    fn after_closing_quote(&self, i: usize) -> bool {
        i > 0 && {
            let gap = self.gap_before(i);
            gap.contains([',', '!', '?', '—']) && gap.contains(['"', '”'])
        }
    }

    /// Whether a saying verb at word `i` follows a comma and precedes a
    /// name or a representative (`…, said Ann Lee`).
    fn after_comma(&self, i: usize) -> bool {
        i > 0
            && self.gap_before(i).trim() == ","
            && (self.cap(i + 1)
                || is_title(self.lower(i + 1))
                || is_source_noun(self.lower(i + 1))
                || (["a", "an", "the"].contains(&self.lower(i + 1))
                    && (i + 2..i + 5).any(|k| is_source_noun(self.lower(k)))))
    }

    fn pronoun(&self, i: usize) -> Option<Src> {
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
    fn backward(&self, verb: usize) -> Vec<Src> {
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
        if gap.contains(['"', '“', '”', ':', ';', '—', '–']) {
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
        if NOT_A_SOURCE.contains(&w) || w.ends_with("'s") || DETERMINERS.contains(&w) {
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
    fn familiar(&self, p: usize) -> Option<Src> {
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
    fn past_clause(&self, last: usize, delimiter: &str) -> Vec<Src> {
        let mut c = last;
        while c > 0 && last - c < MAX_CLAUSE {
            let gap = self.gap_before(c);
            if gap.contains([',', ';', ':', '"', '“', '”', '(', ')', '—', '–'])
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
        if !CLAUSE_OPENERS.contains(&opener) && !titled && !age && delimiter == "," {
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
    fn role_phrase(&self, first: usize, last: usize) -> (Option<Range<usize>>, Option<Org>) {
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
    fn org_in(&self, first: usize, last: usize) -> Option<Org> {
        let span = self.bytes(first, last);
        if let Some(m) = self
            .mentions_in(&span)
            .iter()
            .find(|m| m.range.end <= span.end)
        {
            return Some(Org::Actor(m.actor));
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
    fn clause_subject(&self, and: usize) -> Vec<Src> {
        let mut s = 0;
        if let Some(comma) = (0..and.min(8)).find(|&k| self.gap_after(k).contains(','))
            && FUNCTION_WORDS.contains(&self.lower(0))
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
    fn subject_ending(&self, p: usize) -> Vec<Src> {
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
                    && !FUNCTION_WORDS.contains(&self.lower(r - 1))
                    && !CLAUSE_WORDS.contains(&self.lower(r - 1))
                    && !CUE_VERBS.contains(&self.lower(r - 1))
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

    /// `a spokesperson for Acme said`: the name `srcs` (starting at word
    /// `first`) spoken for by the representative before it.
    fn represent(&self, first: usize, srcs: Vec<Src>) -> Vec<Src> {
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
    fn mentions_back(&self, end: usize) -> Vec<Src> {
        let mut sources = Vec::new();
        let mut at_end = end;
        while let Some(m) = self.mention_ending_at(at_end) {
            sources.push(Src::new(Some(m.actor), m.range.clone(), Kind::Org));
            let before_text = self.text[self.range.start..m.range.start].trim_end();
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
    fn run_back(&self, last: usize) -> Option<usize> {
        if !self.cap(last) || self.words[last].quoted {
            return None;
        }
        let mut first = last;
        while first > 0 && last - first < MAX_NAME {
            let k = first - 1;
            if !self.joinable(k) || self.words[k].quoted {
                break;
            }
            if self.cap(k) || CONNECTORS.contains(&self.lower(k)) {
                first = k;
            } else {
                break;
            }
        }
        while first < last
            && (CONNECTORS.contains(&self.lower(first))
                || FUNCTION_WORDS.contains(&self.lower(first)))
        {
            first += 1;
        }
        // `Officials said`: a noun; `Justice Department said`: a name.
        if FUNCTION_WORDS.contains(&self.lower(first))
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
    fn common_plural(&self, k: usize) -> bool {
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
    fn run_forward(&self, first: usize) -> Option<usize> {
        let starts = self.cap(first)
            && !FUNCTION_WORDS.contains(&self.lower(first))
            && !(first == 0 && !self.cap(1) && self.common_plural(0));
        if !starts || self.words[first].quoted {
            return None;
        }
        let mut last = first;
        while last + 1 < self.words.len() && last - first < MAX_NAME && self.joinable(last) {
            let k = last + 1;
            if self.cap(k) || (CONNECTORS.contains(&self.lower(k)) && self.cap(k + 1)) {
                last = k;
            } else if CONNECTORS.contains(&self.lower(k))
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
    fn joinable(&self, k: usize) -> bool {
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
    fn name(&self, first: usize, last: usize) -> Src {
        let range = self.bytes(first, last);
        let title = (first..=last).rev().find(|&k| is_title(self.lower(k)));
        // A person's name after a title: no organisation's word in it.
        let personal = |t: usize| {
            t < last
                && last - t <= 4
                && self.words[t + 1..=last].iter().all(|w| {
                    let bare = w.lower.trim_end_matches("'s");
                    !ORG_HEADS.contains(&bare)
                        && !DOCUMENT_NOUNS.contains(&bare)
                        && !CONNECTORS.contains(&bare)
                        && !w.lower.ends_with("'s")
                })
        };
        if let Some(t) = title.filter(|&t| personal(t)) {
            // The person's name: the last word, initials, one given name;
            // all the words after a title that no connector follows.
            let simple = (t + 1..=last).all(|k| !CONNECTORS.contains(&self.lower(k)));
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
                m.range.start >= range.start
                    && (m.range.end == range.end
                        || acronym_end.is_some_and(|e| m.range.end + 1 == e))
            })
            .min_by_key(|m| m.range.start)
            .map(|m| m.actor);
        let words = &self.words[first..=last];
        let org = whole.is_some()
            || words.iter().any(|w| {
                ORG_HEADS.contains(&w.lower.as_str())
                    || DOCUMENT_NOUNS.contains(&w.lower.as_str())
                    || CONNECTORS.contains(&w.lower.as_str())
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
    pub fn forward(&self, from: usize) -> Vec<Src> {
        let Some(start) = self.words.get(from) else {
            return Vec::new();
        };
        if start.quoted {
            return Vec::new();
        }
        let mut k = from;
        if matches!(start.lower.as_str(), "the" | "a" | "an")
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
                && (m.range.end >= src.range.end
                    || src.actor.is_none() && self.forward_mentions(k).len() > 1)
            {
                let mentions = self.forward_mentions(k);
                if mentions.len() > 1 || m.range.end >= src.range.end {
                    let end = mentions.last().map_or(m.range.end, |s| s.range.end);
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
            if (DOCUMENT_NOUNS.contains(&self.lower(last)) || ORG_HEADS.contains(&self.lower(last)))
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
    fn appositive_after(&self, last: usize) -> Option<(Range<usize>, Option<Org>)> {
        if self.gap_after(last).trim() != "," {
            return None;
        }
        let first = last + 1;
        let mut end = first;
        while end + 1 < self.words.len() && end - first < MAX_CLAUSE {
            let gap = self.gap_after(end);
            if gap.contains([',', ';', ':', '.', '"', '“', '”', '(', ')', '—'])
                && !(gap.trim() == "." && self.joinable(end))
            {
                break;
            }
            end += 1;
        }
        if end >= self.words.len() {
            return None;
        }
        if !CLAUSE_OPENERS.contains(&self.lower(first))
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
    fn author_after(&self, last: usize) -> Option<Src> {
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
            src.actor = Some(m.actor);
        }
        Some(src)
    }

    /// The end of a parenthesised acronym right after word `last` (`Acme
    /// (ACME)`), after its closing parenthesis.
    fn acronym_after(&self, last: usize) -> Option<usize> {
        let next = self.words.get(last + 1)?;
        let close = next.range.end;
        (self.gap_after(last).trim() == "(" && next.cap && self.text[close..].starts_with(')'))
            .then_some(close + 1)
    }

    /// `FinCEN's analysis of ransomware-related SARs`: the source noun
    /// before the preposition that opens the name starting at word `first`,
    /// as an unnamed source running to `end`.
    fn head_before_object(&self, first: usize, end: usize) -> Option<Src> {
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
    fn joinable_words(&self, a: usize, b: usize) -> bool {
        (a..b).all(|k| self.gap_after(k).trim().is_empty())
    }

    /// Catalog mentions starting at word `k`, joined by `and`.
    fn forward_mentions(&self, k: usize) -> Vec<Src> {
        let mut sources = Vec::new();
        let mut at = self.words[k].range.start;
        while let Some(m) = self.mention_at(at) {
            sources.push(Src::new(Some(m.actor), m.range.clone(), Kind::Org));
            // `A and B`, `A and the B`, `A (B) and C`.
            let rest = self.text[m.range.end..self.range.end].trim_start();
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
    fn unnamed_forward(&self, from: usize) -> Option<Src> {
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
                name.actor = Some(m.actor);
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
                src.actor = Some(m.actor);
                src.range.end = m.range.end;
                src.org = Some(Org::Actor(m.actor));
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
    fn unnamed_back(&self, p: usize) -> Option<Src> {
        if !is_source_noun(self.lower(p)) {
            return None;
        }
        let mut first = p;
        while first > 0 && p - first < 5 {
            let k = first - 1;
            if !self.joinable(k)
                || self.words[k].quoted
                || CLAUSE_WORDS.contains(&self.lower(k))
                || NOT_A_SOURCE.contains(&self.lower(k))
                || PRONOUNS.contains(&self.lower(k))
                || CUE_VERBS.contains(&self.lower(k))
            {
                break;
            }
            first = k;
        }
        if first == 0
            && FUNCTION_WORDS.contains(&self.lower(0))
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
    fn represented(&self, phrase: &Range<usize>, head: &str) -> Option<ActorIdx> {
        if !REPRESENTATIVES.contains(&head) {
            return None;
        }
        let lo = self
            .mentions
            .partition_point(|m| m.range.start < phrase.start);
        let inside: Vec<&Mention> = self.mentions[lo..]
            .iter()
            .take_while(|m| m.range.start < phrase.end)
            .filter(|m| m.range.end <= phrase.end)
            .collect();
        match inside[..] {
            [m] => Some(m.actor),
            _ => None,
        }
    }

    /// The mentions starting inside `span`.
    fn mentions_in(&self, span: &Range<usize>) -> &[Mention] {
        let lo = self
            .mentions
            .partition_point(|m| m.range.start < span.start);
        let hi = self.mentions.partition_point(|m| m.range.start < span.end);
        &self.mentions[lo..hi.max(lo)]
    }

    fn mention_at(&self, at: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.range.start < at);
        self.mentions
            .get(i)
            .filter(|m| m.range.start == at && m.range.end <= self.range.end)
    }

    fn mention_ending_at(&self, end: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.range.end < end);
        self.mentions
            .get(i)
            .filter(|m| m.range.end == end && m.range.start >= self.range.start)
    }
}

fn is_auxiliary(word: &str) -> bool {
    AUXILIARIES.contains(&word) || (word.ends_with("ly") && word.len() > 4)
}

fn is_source_noun(word: &str) -> bool {
    SOURCE_NOUNS.contains(&word) || REPRESENTATIVES.contains(&word)
}

fn is_preposition(word: &str) -> bool {
    ["of", "from", "on", "about", "into", "in"].contains(&word)
}

fn is_title(word: &str) -> bool {
    TITLES.contains(&word.trim_end_matches('.'))
}

/// `text` without a leading parenthesis (`(CISA) and …` → `and …`).
fn skip_parenthesis(text: &str) -> &str {
    text.strip_prefix('(')
        .and_then(|r| r.find(')').map(|close| &r[close + 1..]))
        .unwrap_or(text)
}

impl Sentence<'_> {
    /// The organisation's name that opens the sentence as its subject
    /// (`Acme Labs published …`, `The agency's CERT said`), if any.
    pub fn opening_org(&self) -> Option<Src> {
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
