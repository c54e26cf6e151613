//! Attributions: who an article cites as the source of a statement.
//!
//! The text is cut into sentences ([`sentences`]: Unicode sentence
//! boundaries, abbreviations such as `U.S.` and the single line breaks of
//! hard-wrapped text not ending one; a byline stays a line of its own). A
//! line without final punctuation (a headline, a byline) gives no source.
//! In each sentence, cues are looked for among the words outside quotation
//! marks; words of URLs, paths, file names and slugs are not words:
//!
//! - the source follows the cue: `according to X`, `as (first) reported by
//!   X`, `as highlighted in X`, `reported by X` (a cue verb then `by`), `in a
//!   statement, X`, and a cue verb right after a closing quotation (`“…,”
//!   said X`);
//! - the source precedes the cue verb (`X said`, `X has warned`, `X began to
//!   claim`), past auxiliaries and `-ly` adverbs, and past an appositive or
//!   an interrupting clause between commas (`Mandiant, which tracks the
//!   group as UNC2452, said`; `The FBI, in an advisory, said`): an actor
//!   named inside that clause is not the source; `X …, and reported` goes
//!   back to the subject opening the clause;
//! - `released a statement` and the like cite only with `statement` after
//!   the verb.
//!
//! A source is any name standing there, in the catalog or not: capitalised
//! words with connectors (`Department of the Treasury`), initials and a
//! parenthesised acronym. A title makes it a person's, and the words before
//! the name are the person's `role` (`Treasury Secretary Ann Lee`), as is an
//! appositive after it (`Ann Lee, the director of CISA`) or a `who` clause
//! (`Ann Lee, who leads CISA, said`); the `org` is the catalog actor inside
//! the role, else the capitalised words after `of`/`at`/`for` the title or
//! before it. `source` is the catalog actor when the name is one's
//! mention; a person's organisation never is. A representative (`a
//! spokesperson for X`, `an X official`) cites X. A phrase ending in a noun
//! such as "firms", "officials" or "reporting" is an unnamed source, except
//! that a name right after its noun is the source (`the state news agency
//! TASS`) and a report's author goes with it (`analysis conducted by X`).
//! Sources never start with a conjunction or an adverb (`while`, `but`).
//!
//! `X told Y` credits X, with Y as `venue`. In a sentence with a relayed
//! report (`as first reported by X, officials said`) the other sources are
//! nested (`via: nested`).
//!
//! Quotations: a quotation is followed over its sentences and over
//! paragraphs (a paragraph that ends inside a quotation and a next one that
//! opens with a quotation mark). A saying cue in a sentence of the
//! quotation (`“…,” said X`, `“…,” X said`, `X said: “…`) or an introduction
//! ending in `:` or `,` right before it gives the quotation's speaker, and
//! each of its sentences is credited to the speaker (`via: quotation` for
//! those without a cue of their own). A quotation that opens right after
//! one, with no speaker of its own, continues the same speaker's.
//!
//! Pronouns: `he`/`she said` credits the nearest person named before as a
//! source (or met again by surname since), `it`/`they said` the nearest
//! organisation; `source_text` is that name, with `via: pronoun`.
//!
//! The work is linear in the size of the text: each sentence looks only at
//! its own words and mentions (a moving index into the sorted mentions).
//! See docs/output.md for the fields printed.

mod lists;
mod names;
mod parse;
mod segment;
mod sentences;
mod words;

use std::collections::HashSet;
use std::ops::Range;

use super::catalog::ActorIdx;
use super::matcher::Mention;
use super::progress::Progress;
use super::words_hash::WordHash;
use parse::{Cue, Kind, Sentence, Src};
pub use sentences::sentences;

/// One statement an article attributes to a source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// The catalog actor cited, or `None` for a source no catalog names
    /// (a person, an outlet or a firm not in it, an unnamed source).
    pub source: Option<ActorIdx>,
    /// The words that name the source, as a byte range of the text.
    pub source_range: Range<usize>,
    /// The cue as found, lower-cased (`according to`, `has cited`).
    pub cue: String,
    /// The sentence attributed: first non-space character to final
    /// punctuation, closing quote included.
    pub sentence: Range<usize>,
    /// A person's role as the text gives it (`director of CISA`).
    pub role: Option<Range<usize>>,
    /// The organisation a person or a representative speaks for.
    pub org: Option<Org>,
    /// Where the source spoke, when it is not the source (`told Reuters`).
    pub venue: Option<Range<usize>>,
    /// How the source was found, when not by a cue of its own sentence.
    pub via: Option<Via>,
    /// Whether the words name someone (a catalog actor, a person, an
    /// outlet, a firm), not an unnamed source (`security researchers`).
    pub named: bool,
}

/// The organisation a person speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Org {
    /// A catalog actor.
    Actor(ActorIdx),
    /// Words of the text no catalog names.
    Words(Range<usize>),
}

/// How an attribution was found when not by a cue of its own sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `he said`: the source is the name the pronoun stands for.
    Pronoun,
    /// The sentence belongs to a quotation whose speaker is named elsewhere.
    Quotation,
    /// The source is relayed by another source of the sentence.
    Nested,
}

impl Via {
    /// The word printed for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pronoun => "pronoun",
            Self::Quotation => "quotation",
            Self::Nested => "nested",
        }
    }
}

/// Finds every attribution in `text`, given its mentions (sorted), in text
/// order. A source is cited at most once per sentence.
pub fn attributions(text: &str, mentions: &[Mention]) -> Vec<Attribution> {
    attributions_with(text, mentions, &Progress::new(text.len())).unwrap_or_default()
}

/// A quotation being read: its sentences without a cue of their own, and
/// its speakers once known.
#[derive(Default)]
struct Quotation {
    waiting: Vec<Range<usize>>,
    speakers: Vec<Src>,
    cue: String,
    own_speaker: bool,
}

/// The names pronouns may stand for.
#[derive(Default)]
struct Memory {
    person: Option<Src>,
    /// For `it`: an organisation, or an unnamed source in the singular.
    thing: Option<Src>,
    /// For `they`: an organisation, or any unnamed source.
    things: Option<Src>,
    /// Looked up for every capitalised word: hashed as a word, not with
    /// the slower `SipHash`.
    surnames: HashSet<String, WordHash>,
}

/// [`attributions`], reporting the bytes of `text` done to `progress` and
/// giving up (`None`) as soon as it is cancelled.
pub fn attributions_with(
    text: &str,
    mentions: &[Mention],
    progress: &Progress,
) -> Option<Vec<Attribution>> {
    progress.set_total(text.len());
    let sentences = sentences(text);
    let ascii_lower = text.to_ascii_lowercase();
    let mut out: Vec<Attribution> = Vec::new();
    let mut lo = 0;
    let mut open = false;
    let mut memory = Memory::default();
    let mut quotation: Option<Quotation> = None;
    // The speakers of an introduction (`X said:`) awaiting its quotation.
    let mut intro: Option<(Vec<Src>, String)> = None;
    // The speakers of the quotation just closed, if it ended the sentence
    // before.
    let mut last_speakers: Option<(Vec<Src>, String)> = None;
    let mut prev_end = 0;
    for (i, sentence) in sentences.iter().enumerate() {
        if progress.is_cancelled() {
            return None;
        }
        progress.advance_to(sentence.start);
        let gap = &text[prev_end..sentence.start];
        prev_end = sentence.end;
        let paragraph = gap.contains("\n\n") || gap.contains("\n\r\n");
        let body = &text[sentence.clone()];
        let opens_with_mark = body.starts_with(['"', '“', '‘']);
        let ended_open = open;
        if paragraph {
            open = false;
        }
        // News style: a paragraph ending inside a quotation, the next one
        // opening with a mark, is the same quotation.
        let continues = (open && !paragraph) || (paragraph && ended_open && opens_with_mark);
        let headline = !body.ends_with(['.', '!', '?', '"', '”', '’', '\'', ':', ')', ',', ';']);
        // A headline's words are not read: only where its quotation marks
        // leave the quotation.
        let parsed = words::words(text, &ascii_lower, sentence, open && !paragraph, !headline);
        open = parsed.open_at_end;
        while lo < mentions.len() && mentions[lo].start() < sentence.start {
            lo += 1;
        }
        let mut hi = lo;
        while hi < mentions.len() && mentions[hi].start() < sentence.end {
            hi += 1;
        }
        if headline {
            if let Some(q) = quotation.take() {
                finish(&mut out, q);
            }
            last_speakers = None;
            intro = None;
            continue;
        }
        let ctx = Sentence {
            text,
            range: sentence.clone(),
            words: &parsed.words,
            mentions: &mentions[lo..hi],
        };
        let mut cues = ctx.cues();
        for cue in &mut cues {
            cue.sources.retain_mut(|s| memory.resolve(s));
        }
        cues.retain(|c| !c.sources.is_empty());
        // Nested sources: those of a sentence that also relays a report.
        if cues.iter().any(|c| c.relay) && cues.len() > 1 {
            for cue in cues.iter_mut().filter(|c| !c.relay) {
                for s in &mut cue.sources {
                    s.via.get_or_insert(Via::Nested);
                }
            }
        }
        let quoted = continues || parsed.marks;
        // A saying verb names the speaker before `in a statement` does.
        let speaker = cues
            .iter()
            .find(|c| c.quoted_as.as_ref().is_some_and(|q| q != "statement"))
            .or_else(|| cues.iter().find(|c| c.quoted_as.is_some()))
            .map(|c| (c.sources.clone(), c.quoted_as.clone().unwrap_or_default()));
        // An introduction to a quotation that opens with the next sentence.
        let introduces = !quoted
            && body.ends_with([':', ','])
            && sentences
                .get(i + 1)
                .is_some_and(|n| text[n.clone()].starts_with(['"', '“', '‘']));
        if quoted {
            if !continues {
                if let Some(q) = quotation.take() {
                    last_speakers = finish(&mut out, q);
                }
                let mut q = Quotation::default();
                // Only a quotation that opens the sentence continues the one
                // before or follows an introduction; not a phrase in marks.
                let before = if opens_with_mark {
                    intro.take().or_else(|| last_speakers.take())
                } else {
                    None
                };
                if let Some((speakers, cue)) = before {
                    q.speakers = speakers;
                    q.cue = cue;
                }
                intro = None;
                last_speakers = None;
                quotation = Some(q);
            }
            let q = quotation.get_or_insert_with(Quotation::default);
            match &speaker {
                Some((speakers, cue)) if !q.own_speaker || q.speakers.is_empty() => {
                    q.speakers.clone_from(speakers);
                    q.cue.clone_from(cue);
                    q.own_speaker = true;
                }
                Some(_) => {}
                None => q.waiting.push(sentence.clone()),
            }
            emit(&mut out, sentence, &cues, &[]);
        } else {
            if let Some(q) = quotation.take() {
                finish(&mut out, q);
            }
            last_speakers = None;
            if introduces {
                let (quoting, rest): (Vec<&Cue>, Vec<&Cue>) =
                    cues.iter().partition(|c| c.quoted_as.is_some());
                let skip: Vec<Range<usize>> = quoting
                    .iter()
                    .flat_map(|c| c.sources.iter().map(|s| s.range.clone()))
                    .collect();
                let _ = rest;
                emit(&mut out, sentence, &cues, &skip);
                intro = speaker;
            } else {
                intro = None;
                emit(&mut out, sentence, &cues, &[]);
            }
        }
        memory.learn(&cues, &ctx);
    }
    if let Some(q) = quotation.take() {
        finish(&mut out, q);
    }
    // Stable as `sort_by_key`, but moves each (large) attribution once
    // rather than at every merge.
    out.sort_by_cached_key(|a| (a.sentence.start, a.source_range.start));
    progress.advance_to(text.len());
    Some(out)
}

/// Credits the sentences of a quotation that had no cue of their own to
/// its speakers; returns them for a quotation that follows.
fn finish(out: &mut Vec<Attribution>, q: Quotation) -> Option<(Vec<Src>, String)> {
    if q.speakers.is_empty() {
        return None;
    }
    for sentence in &q.waiting {
        for s in &q.speakers {
            let mut a = attribution(s, &q.cue, sentence);
            a.via = Some(if s.via == Some(Via::Pronoun) {
                Via::Pronoun
            } else {
                Via::Quotation
            });
            out.push(a);
        }
    }
    Some((q.speakers, q.cue))
}

fn attribution(s: &Src, cue: &str, sentence: &Range<usize>) -> Attribution {
    Attribution {
        source: s.actor,
        source_range: s.range.clone(),
        cue: cue.to_string(),
        sentence: sentence.clone(),
        role: s.role.clone(),
        org: s.org.clone(),
        venue: s.venue.clone(),
        via: s.via,
        named: s.actor.is_some() || s.kind != Kind::Unnamed,
    }
}

/// The attributions of a sentence's own cues, one a source (an actor, or
/// the words of one no catalog names), but those in `skip`.
fn emit(out: &mut Vec<Attribution>, sentence: &Range<usize>, cues: &[Cue], skip: &[Range<usize>]) {
    let first = out.len();
    for cue in cues {
        for s in &cue.sources {
            if skip.contains(&s.range) {
                continue;
            }
            let dup = out[first..]
                .iter()
                .any(|b| (s.actor.is_some() && b.source == s.actor) || b.source_range == s.range);
            if !dup {
                out.push(attribution(s, &cue.text, sentence));
            }
        }
    }
}

impl Memory {
    /// Resolves a pronoun source to the name it stands for; false when
    /// there is none.
    fn resolve(&self, s: &mut Src) -> bool {
        let found = match s.kind {
            Kind::He => self.person.as_ref(),
            Kind::It => self.thing.as_ref(),
            Kind::They => self.things.as_ref(),
            _ => return true,
        };
        let Some(found) = found else {
            return false;
        };
        let venue = s.venue.take();
        *s = found.clone();
        s.venue = venue;
        s.via = Some(Via::Pronoun);
        true
    }

    /// Remembers the named sources of a sentence, and a person met again
    /// by surname.
    fn learn(&mut self, cues: &[Cue], ctx: &Sentence<'_>) {
        let mut latest: Option<&Src> = None;
        for s in cues.iter().flat_map(|c| &c.sources) {
            if s.via == Some(Via::Pronoun) {
                continue;
            }
            match s.kind {
                Kind::Person | Kind::Name => {
                    if let Some(last) = ctx.text[s.range.clone()].split_whitespace().last()
                        && s.kind == Kind::Person
                    {
                        self.surnames.insert(last.to_lowercase());
                    }
                    if latest.is_none_or(|l| l.range.start < s.range.start) {
                        latest = Some(s);
                    }
                    if s.kind == Kind::Name {
                        let word = ctx.text[s.range.clone()].to_lowercase();
                        if !self.surnames.contains(&word) {
                            self.thing = Some(s.clone());
                            self.things = Some(s.clone());
                        }
                    }
                }
                Kind::Org => {
                    self.thing = Some(s.clone());
                    self.things = Some(s.clone());
                }
                Kind::Unnamed => {
                    let head = ctx.text[s.range.clone()].rsplit(' ').next().unwrap_or("");
                    if !head.ends_with('s') && head != "people" && head != "police" {
                        self.thing = Some(s.clone());
                    }
                    self.things = Some(s.clone());
                }
                _ => {}
            }
        }
        if let Some(l) = latest {
            self.person = Some(l.clone());
        }
        // The organisation a sentence opens with (`Acme Labs published …`).
        if cues.is_empty()
            && let Some(s) = ctx.opening_org()
        {
            self.thing = Some(s.clone());
            self.things = Some(s);
        }
        // A later mention of a person by surname: the nearest name.
        if let Some(person) = &self.person {
            let mut newer = None;
            for w in ctx.words.iter().filter(|w| w.cap && !w.quoted) {
                if w.range.start >= person.range.end && self.surnames.contains(w.lower.as_ref()) {
                    newer = Some(w.range.clone());
                }
            }
            if let Some(range) = newer {
                let mut p = person.clone();
                p.range = range;
                self.person = Some(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Catalog, Matcher};

    /// One attribution, readably: source words, actor id, cue, the
    /// sentence's first words, role, org, venue, via.
    #[derive(Debug, PartialEq)]
    struct Row {
        source: String,
        id: Option<String>,
        cue: String,
        sentence: String,
        role: Option<String>,
        org: Option<String>,
        venue: Option<String>,
        via: Option<&'static str>,
    }

    #[test]
    fn named_sources_are_told_from_unnamed_ones() {
        let catalog = Catalog::bundled();
        let matcher = Matcher::new(&catalog);
        let text = "State officials said the pumps stopped. Ann Cole, a manager at \
                    Brookfield Water, said the backups held. The FBI said it would help.";
        let mentions = matcher.find_all(text);
        let got: Vec<(String, bool)> = attributions(text, &mentions)
            .into_iter()
            .map(|a| (text[a.source_range].to_string(), a.named))
            .collect();
        assert_eq!(
            got,
            [
                ("State officials".to_string(), false),
                ("Ann Cole".to_string(), true),
                ("FBI".to_string(), true),
            ]
        );
    }

    fn run(text: &str) -> Vec<Row> {
        let catalog = Catalog::bundled();
        let matcher = Matcher::new(&catalog);
        let mentions = matcher.find_all(text);
        attributions(text, &mentions)
            .into_iter()
            .map(|a| Row {
                source: text[a.source_range.clone()].to_string(),
                id: a.source.map(|s| catalog.actor(s).id.clone()),
                cue: a.cue.clone(),
                sentence: text[a.sentence.clone()].chars().take(24).collect(),
                role: a.role.map(|r| text[r].to_string()),
                org: a.org.map(|o| match o {
                    Org::Actor(x) => catalog.actor(x).id.clone(),
                    Org::Words(r) => text[r].to_string(),
                }),
                venue: a.venue.map(|r| text[r].to_string()),
                via: a.via.map(Via::as_str),
            })
            .collect()
    }

    /// (source words, role, org) of each attribution.
    fn people(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        run(text)
            .into_iter()
            .map(|r| (r.source, r.role, r.org))
            .collect()
    }

    #[allow(clippy::unnecessary_wraps)] // shorter expectations
    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn a_person_with_role_and_org_in_four_patterns() {
        let expect = |role: &str| vec![("Ruth Okafor".to_string(), some(role), some("cisa"))];
        assert_eq!(
            people("The pumps were offline for a day, said Ruth Okafor, the director of CISA."),
            expect("director of CISA")
        );
        assert_eq!(
            people("CISA Director Ruth Okafor said the pumps were offline."),
            expect("CISA Director")
        );
        assert_eq!(
            people("Ruth Okafor, who leads CISA, said the pumps were offline."),
            expect("leads CISA")
        );
        // A person no catalog knows, with an organisation no catalog knows.
        let found = run("Finance Minister Lars P. Moberg said the banks were safe.");
        assert_eq!(found[0].source, "Lars P. Moberg");
        assert_eq!(found[0].id, None);
        assert_eq!(found[0].role, some("Finance Minister"));
        assert_eq!(found[0].org, some("Finance"));
        // A representative speaks for the organisation.
        let found = run("A spokesperson for Microsoft said the accounts were reset.");
        assert_eq!(found[0].id.as_deref(), Some("microsoft"));
        assert_eq!(found[0].org, some("microsoft"));
    }

    #[test]
    fn the_organisation_of_a_job_title_is_not_the_source() {
        let found = run("FBI Deputy Director Sam Ortiz said the servers were seized.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source, "Sam Ortiz");
        assert_eq!(found[0].id, None);
        assert_eq!(found[0].org, some("fbi"));
    }

    #[test]
    fn named_sources_outside_the_catalog() {
        let text = "Northwind Analytics said the flaw was old. The grid failed twice, \
                    Kestrel Wire reported. According to Harbor Point Labs, the code was new.";
        let got: Vec<(String, Option<String>)> =
            run(text).into_iter().map(|r| (r.source, r.id)).collect();
        assert_eq!(
            got,
            [
                ("Northwind Analytics".to_string(), None),
                ("Kestrel Wire".to_string(), None),
                ("Harbor Point Labs".to_string(), None),
            ]
        );
    }

    #[test]
    fn an_appositive_or_an_interrupting_clause_does_not_hide_the_subject() {
        let text = "Mandiant, the incident response firm, noted that the implant was new. \
                    The FBI, in a notice on Friday, said the group had gone quiet. \
                    Mandiant, which tracks the group as APT29, said the phishing resumed.";
        let got: Vec<(String, Option<String>)> =
            run(text).into_iter().map(|r| (r.source, r.id)).collect();
        let mandiant = ("Mandiant".to_string(), some("mandiant"));
        assert_eq!(
            got,
            [mandiant.clone(), ("FBI".to_string(), some("fbi")), mandiant]
        );
    }

    #[test]
    fn no_conjunction_in_a_source_and_a_name_after_its_description() {
        let found = run("Power came back, while a CISA official said the risk remained.");
        assert_eq!(found[0].source, "a CISA official");
        assert_eq!(found[0].id.as_deref(), Some("cisa"));
        let found = run("The vote was fair, according to the state news agency TASS.");
        assert_eq!(found[0].source, "TASS");
        assert_eq!(found[0].id.as_deref(), Some("tass"));
    }

    #[test]
    fn urls_headlines_bylines_and_datelines_are_not_sources() {
        let text = "Rail Signals Fail Again, Operator Says\n\n\
                    By Hana Sato\n\n\
                    LONDON — Trains stopped for an hour on Monday. The details are at \
                    https://news.example/2025/rail-signals-fail-operator-says and in \
                    signals-operator-says.pdf today.\n";
        assert_eq!(run(text), []);
        let found = run("BERLIN — The regulator said the fine would stand.");
        assert_eq!(found[0].source, "The regulator");
    }

    #[test]
    fn a_quotation_is_credited_sentence_by_sentence_and_across_paragraphs() {
        let text = "“The backups held. We lost nothing,” said Lina Park, a manager at \
                    Oakfield Water. “The staff worked all night.\n\n\
                    “We will publish a full account,” she added.\n\n\
                    The plant reopened on Sunday.";
        let got: Vec<(String, String, Option<&str>)> = run(text)
            .into_iter()
            .map(|r| (r.source, r.sentence, r.via))
            .collect();
        let park = "Lina Park".to_string();
        assert_eq!(
            got,
            [
                (
                    park.clone(),
                    "“The backups held.".to_string(),
                    Some("quotation")
                ),
                (park.clone(), "We lost nothing,” said L".to_string(), None),
                (
                    park.clone(),
                    "“The staff worked all ni".to_string(),
                    Some("pronoun")
                ),
                (
                    park,
                    "“We will publish a full ".to_string(),
                    Some("pronoun")
                ),
            ]
        );
    }

    #[test]
    fn single_quotation_marks_as_british_outlets_use_them() {
        let text = "‘The pumps stopped. The operators’ screens froze,’ said Lina Park. \
                    The engineers’ logs were kept, the company said.";
        let got: Vec<(String, Option<&str>)> =
            run(text).into_iter().map(|r| (r.source, r.via)).collect();
        assert_eq!(
            got,
            [
                ("Lina Park".to_string(), Some("quotation")),
                ("Lina Park".to_string(), None),
                ("the company".to_string(), None),
            ]
        );
    }

    #[test]
    fn a_speaker_named_after_the_quotation() {
        let text = "“The money is gone,” Okafor said. “It went abroad.”";
        let got: Vec<(String, Option<&str>)> =
            run(text).into_iter().map(|r| (r.source, r.via)).collect();
        assert_eq!(
            got,
            [
                ("Okafor".to_string(), None),
                ("Okafor".to_string(), Some("quotation"))
            ]
        );
    }

    #[test]
    fn pronouns_credit_the_nearest_name_that_fits() {
        let text = "Ravi Menon, an engineer at Tidewell, said the pumps failed. \
                    He said the alarms were silent. \
                    Tidewell Systems said the fault was fixed. It said no water was lost. \
                    She said nothing.";
        let got: Vec<(String, Option<&str>)> =
            run(text).into_iter().map(|r| (r.source, r.via)).collect();
        assert_eq!(
            got,
            [
                ("Ravi Menon".to_string(), None),
                ("Ravi Menon".to_string(), Some("pronoun")),
                ("Tidewell Systems".to_string(), None),
                ("Tidewell Systems".to_string(), Some("pronoun")),
                ("Ravi Menon".to_string(), Some("pronoun")),
            ]
        );
        // With no name before it, a pronoun credits no one.
        assert_eq!(run("He said the pumps failed."), []);
    }

    #[test]
    fn the_venue_is_not_the_speaker_and_a_relayed_source_is_nested() {
        let found = run("The wallet was emptied, Ravi Menon told Reuters.");
        assert_eq!(found[0].source, "Ravi Menon");
        assert_eq!(found[0].venue, some("Reuters"));
        let found = run("As first reported by Bloomberg, officials said the wallet was emptied.");
        let got: Vec<(String, Option<&str>)> =
            found.into_iter().map(|r| (r.source, r.via)).collect();
        assert_eq!(
            got,
            [
                ("Bloomberg".to_string(), None),
                ("officials".to_string(), Some("nested"))
            ]
        );
    }

    #[test]
    fn news_phrasings_of_unnamed_and_relative_sources() {
        let text = "Three people familiar with the inquiry said the money moved. \
                    The regulator, which said it would look into it, gave no date. \
                    The outage, said spokesman Li Wei, was brief.";
        let got: Vec<(String, Option<String>)> =
            run(text).into_iter().map(|r| (r.source, r.role)).collect();
        assert_eq!(
            got,
            [
                ("people familiar with the inquiry".to_string(), None),
                ("The regulator".to_string(), None),
                ("Li Wei".to_string(), some("spokesman")),
            ]
        );
    }

    #[test]
    fn dashes_ages_and_documents() {
        let text = "The vendor — which sells firewalls — said the bug was fixed. \
                    Omar Haddad, 61, said he paid. According to an unsealed \
                    indictment, the pair met in 2019. The Energy Department said no.";
        let got: Vec<String> = run(text).into_iter().map(|r| r.source).collect();
        assert_eq!(
            got,
            [
                "The vendor",
                "Omar Haddad",
                "an unsealed indictment",
                "Energy Department"
            ]
        );
    }

    #[test]
    fn cue_words_used_as_nouns_cite_no_one() {
        let text = "Moscow's claims were dismissed. Intelligence reports show the \
                    group grew. The reports were false. Attackers claimed the outage.";
        assert_eq!(run(text), []);
    }

    #[test]
    fn cancelled_work_gives_up_and_progress_reaches_the_end() {
        let text = "Acme Labs said the flaw was old. ".repeat(50);
        let progress = Progress::new(text.len());
        assert!(attributions_with(&text, &[], &progress).is_some());
        assert_eq!(progress.counts().0, text.len());
        progress.cancel();
        assert_eq!(attributions_with(&text, &[], &progress), None);
    }

    #[test]
    fn sample_article_sources() {
        let catalog = Catalog::bundled();
        let matcher = Matcher::new(&catalog);
        let text = include_str!("../../seeds/election-2016.txt");
        let mentions = matcher.find_all(text);
        let found = attributions(text, &mentions);
        let got: Vec<_> = found
            .iter()
            .map(|a| {
                let id = a.source.map(|s| catalog.actor(s).id.as_str());
                (
                    id,
                    a.source_range.clone(),
                    a.cue.as_str(),
                    a.sentence.clone(),
                )
            })
            .collect();
        // The speaker (actor and the words naming it), the cue, and the
        // sentence attributed, as byte ranges of the article. The joint
        // statement's four quoted sentences go to both its authors, named in
        // the sentence before the quote.
        let (dhs, odni) = (Some("dhs"), Some("odni"));
        let (dhs_at, odni_at) = (1017..1048, 1057..1104);
        let expected = [
            (Some("washington-post"), 382..397, "according to", 368..617),
            (Some("the-guardian"), 619..631, "has cited", 619..859),
            (None, 961..980, "claimed", 861..989),
            (Some("the-atlantic"), 1160..1172, "as noted via", 991..1173),
            (dhs, dhs_at.clone(), "statement", 1175..1380),
            (odni, odni_at.clone(), "statement", 1175..1380),
            (dhs, dhs_at.clone(), "statement", 1381..1465),
            (odni, odni_at.clone(), "statement", 1381..1465),
            (dhs, dhs_at.clone(), "statement", 1466..1629),
            (odni, odni_at.clone(), "statement", 1466..1629),
            (dhs, dhs_at, "statement", 1630..1776),
            (odni, odni_at, "statement", 1630..1776),
            (Some("guccifer-2"), 1859..1871, "claimed", 1778..1904),
        ];
        assert_eq!(got, expected);
        // The ranges slice what they say.
        let speakers: Vec<&str> = got.iter().map(|g| &text[g.1.clone()]).collect();
        assert_eq!(
            speakers,
            [
                "Washington Post",
                "The Guardian",
                "U.S. Security firms",
                "The Atlantic",
                "Department of Homeland Security",
                "Office of the Director of National Intelligence",
                "Department of Homeland Security",
                "Office of the Director of National Intelligence",
                "Department of Homeland Security",
                "Office of the Director of National Intelligence",
                "Department of Homeland Security",
                "Office of the Director of National Intelligence",
                "Guccifer 2.0",
            ]
        );
        assert!(text[368..617].starts_with("According to\u{a0}Washington Post,"));
        assert!(text[1175..1380].starts_with("\"The recent disclosures"));
        assert!(text[1630..1776].ends_with("these activities.\""));
        assert!(text[1778..1904].starts_with("The hack of the DNC"));
    }
}
