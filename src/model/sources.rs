//! Attributions: which actor an article cites as the source of a statement.
//!
//! The text is cut into sentences (UAX #29 sentence boundaries, with
//! abbreviations such as `U.S.` not ending one, and single line breaks of
//! hard-wrapped text not ending one either). In each sentence, cues are
//! looked for among its words:
//!
//! - the source follows the cue: `according to X`, `as noted via X`,
//!   `reported by X` (any cue verb then `by`), `in a statement, X`;
//! - the source precedes the cue: `X said`, `X has cited`, `X officially
//!   released` (a cue verb after up to two auxiliaries or `-ly` adverbs);
//! - a quotation introduced by a statement: `X released a statement:` or
//!   `X said:` followed by a quoted paragraph gives one attribution to X per
//!   quoted sentence.
//!
//! A source is named when mentions of catalog actors stand exactly where the
//! source must be (`the` allowed before, `and` between several). Otherwise a
//! phrase ending in a word such as "firms" or "officials" is an unnamed
//! source (`U.S. Security firms claimed`).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::catalog::ActorIdx;
use super::matcher::Mention;
use super::progress::Progress;

/// One statement an article attributes to a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The actor cited, or `None` for a source no catalog names.
    pub source: Option<ActorIdx>,
    /// The words that name the source, as a byte range of the text.
    pub source_range: Range<usize>,
    /// The cue as found, lower-cased (`according to`, `has cited`).
    pub cue: String,
    /// The sentence attributed: first non-space character to final
    /// punctuation, closing quote included.
    pub sentence: Range<usize>,
}

/// Verbs that cite a source, in the forms articles use.
const CUE_VERBS: &[&str] = &[
    "said",
    "says",
    "reported",
    "reports",
    "wrote",
    "writes",
    "cited",
    "cites",
    "claimed",
    "claims",
    "noted",
    "notes",
    "told",
    "tells",
    "confirmed",
    "confirms",
    "released",
    "releases",
    "stated",
    "states",
    "announced",
    "announces",
    "warned",
    "warns",
    "added",
];

/// Words allowed between a source and its cue verb (`has cited`,
/// `has officially released`).
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "first",
    "then",
    "earlier",
    "again",
];

/// Words before a cue verb that make it passive or impersonal, so that no
/// source precedes it (`there has been reported`).
const NOT_A_SOURCE: &[&str] = &[
    "been", "be", "being", "was", "were", "is", "are", "it", "he", "she", "they", "we", "i", "you",
    "there", "which", "who", "that", "this", "what", "also", "and", "or", "but", "not",
];

/// Head nouns of unnamed sources (`security firms`, `senior officials`).
const SOURCE_NOUNS: &[&str] = &[
    "firm",
    "firms",
    "company",
    "companies",
    "researcher",
    "researchers",
    "analyst",
    "analysts",
    "official",
    "officials",
    "expert",
    "experts",
    "source",
    "sources",
    "investigator",
    "investigators",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "agency",
    "agencies",
    "report",
    "reports",
    "authorities",
    "government",
    "ministry",
    "police",
    "prosecutors",
    "people",
    "vendor",
    "vendors",
    "diplomats",
    "lawmakers",
    "prosecutor",
    "regulator",
    "regulators",
];

/// Abbreviations whose final full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "gen.", "sen.", "rep.", "gov.", "col.", "lt.",
    "sgt.", "capt.", "inc.", "corp.", "ltd.", "co.", "no.", "vs.", "etc.", "jan.", "feb.", "mar.",
    "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "jr.", "sr.", "approx.", "dept.",
];

/// The sentences of `text`, as trimmed byte ranges, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    // Segment a copy in which single line breaks of hard-wrapped prose are
    // spaces (same byte length, so offsets hold); blank lines, headings and
    // list items still end sentences.
    let flat = unwrap_lines(text);
    let mut raw: Vec<Range<usize>> = Vec::new();
    for (start, s) in flat.split_sentence_bound_indices() {
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let marker = block_marker_len(trimmed);
        let range = start + lead + marker..start + lead + trimmed.len();
        if range.is_empty() {
            continue;
        }
        // An abbreviation at the end of the previous piece: the sentence goes on.
        let joins = raw.last().is_some_and(|prev| {
            ends_with_abbreviation(&text[prev.clone()])
                && !text[prev.end..range.start].contains("\n\n")
        });
        match raw.last_mut() {
            Some(prev) if joins => prev.end = range.end,
            _ => raw.push(range),
        }
    }
    raw
}

/// The length of a Markdown block marker opening `line` (`- `, `* `, `> `,
/// `## `, `1. `), with the spaces after it; 0 when there is none.
fn block_marker_len(line: &str) -> usize {
    let marker = if let Some(rest) = line.strip_prefix(['-', '*', '+', '>']) {
        line.len() - rest.len()
    } else if line.starts_with('#') {
        line.len() - line.trim_start_matches('#').len()
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(". ") {
            digits + 1
        } else {
            0
        }
    };
    let rest = &line[marker..];
    if marker == 0 || !rest.starts_with([' ', '\t']) {
        return 0;
    }
    line.len() - rest.trim_start().len()
}

fn unwrap_lines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut flat = text.to_string().into_bytes();
    let line_starts_block = |at: usize| {
        let rest = text[at..].trim_start_matches([' ', '\t']);
        rest.starts_with(['#', '-', '*', '>', '|', '"', '“', '\n', '\r'])
            || rest
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'\n' {
            continue;
        }
        let this_line = &text[line_start..i];
        let heading = this_line.trim_start().starts_with('#');
        let blank = this_line.trim().is_empty();
        if !heading && !blank && i + 1 < bytes.len() && !line_starts_block(i + 1) {
            flat[i] = b' ';
            if i > 0 && bytes[i - 1] == b'\r' {
                flat[i - 1] = b' ';
            }
        }
        line_start = i + 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(flat).unwrap_or_else(|_| text.to_string())
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let last = sentence.rsplit(char::is_whitespace).next().unwrap_or("");
    let last = last.trim_start_matches(['(', '"', '“', '\'']);
    let lower = last.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initialisms and initials: `U.S.`, `U.K.`, `J.`.
    let letters: Vec<&str> = last.split('.').collect();
    last.ends_with('.')
        && letters.len() >= 2
        && letters[..letters.len() - 1]
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// A word of a sentence: its range and its lower-cased text.
#[derive(Debug, Clone)]
struct Word {
    range: Range<usize>,
    lower: String,
}

fn words(text: &str, sentence: &Range<usize>) -> Vec<Word> {
    text[sentence.clone()]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| Word {
            range: sentence.start + i..sentence.start + i + w.len(),
            lower: w.to_lowercase().replace('\u{2019}', "'"),
        })
        .collect()
}

/// Finds every attribution in `text`, given its mentions (sorted), in text
/// order. A source is cited at most once per sentence.
pub fn attributions(text: &str, mentions: &[Mention]) -> Vec<Attribution> {
    attributions_with(text, mentions, &Progress::new(text.len())).unwrap_or_default()
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
    let mut out: Vec<Attribution> = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if progress.is_cancelled() {
            return None;
        }
        progress.advance_to(sentence.start);
        let words = words(text, sentence);
        let ctx = Sentence {
            text,
            range: sentence.clone(),
            words: &words,
            mentions,
        };
        let cues = ctx.cues();
        // Sources whose quotation this sentence introduces: the quotation is
        // what they are cited for, not the sentence that introduces it.
        let mut quoting: Vec<Option<ActorIdx>> = Vec::new();
        let mut here: Vec<Attribution> = Vec::new();
        for found in cues {
            let quoted = found
                .quoted_as
                .as_ref()
                .and_then(|_| quotation(text, &sentences, i, found.end));
            let (targets, cue) = match (quoted, &found.quoted_as) {
                (Some(q), Some(cue)) => {
                    quoting.extend(found.sources.iter().map(|(s, _)| *s));
                    (q, cue.clone())
                }
                _ => (vec![sentence.clone()], found.text.clone()),
            };
            for target in targets {
                for (source, range) in &found.sources {
                    let a = Attribution {
                        source: *source,
                        source_range: range.clone(),
                        cue: cue.clone(),
                        sentence: target.clone(),
                    };
                    let dup = here.iter().chain(&out).any(|b| {
                        b.sentence == a.sentence
                            && b.source == a.source
                            && (a.source.is_some() || b.source_range == a.source_range)
                    });
                    if !dup {
                        here.push(a);
                    }
                }
            }
        }
        here.retain(|a| {
            a.sentence != *sentence
                || !quoting.contains(&a.source)
                || a.source.is_none()
                || text[sentence.clone()].contains(['"', '“'])
        });
        out.extend(here);
    }
    out.sort_by_key(|a| (a.sentence.start, a.source_range.start));
    progress.advance_to(text.len());
    Some(out)
}

/// The sentences of a quotation that a cue ending at byte `cue_end` of
/// sentence `i` introduces: a quotation mark after the cue in the same
/// sentence (`said: “…`), or a next sentence that opens with one after an
/// introduction ending in `:` or `,`. Runs to the sentence that closes the
/// quote, or to the end of the paragraph.
fn quotation(
    text: &str,
    sentences: &[Range<usize>],
    i: usize,
    cue_end: usize,
) -> Option<Vec<Range<usize>>> {
    let intro = &text[cue_end..sentences[i].end];
    let first = if intro
        .trim_start_matches([':', ',', ' '])
        .starts_with(['"', '“'])
    {
        i
    } else if text[sentences[i].clone()].ends_with([':', ',']) {
        let next = sentences.get(i + 1)?;
        if !text[next.clone()].starts_with(['"', '“']) {
            return None;
        }
        i + 1
    } else {
        return None;
    };
    let mut quoted = Vec::new();
    let mut open = false;
    for (k, s) in sentences.iter().enumerate().skip(first) {
        quoted.push(s.clone());
        let from = if k == i { cue_end } else { s.start };
        for c in text[from..s.end].chars() {
            match c {
                '"' => open = !open,
                '“' => open = true,
                '”' => open = false,
                _ => {}
            }
        }
        let gap = sentences.get(k + 1).map_or("", |n| &text[s.end..n.start]);
        if !open || gap.matches('\n').count() >= 2 {
            break;
        }
    }
    Some(quoted)
}

/// A cue found in a sentence, with its sources.
struct Cue {
    text: String,
    sources: Vec<(Option<ActorIdx>, Range<usize>)>,
    /// Where the cue (or its source, when the source follows) ends.
    end: usize,
    /// For a statement or saying verb, which can introduce a quotation: the
    /// cue the quoted sentences get (`statement`, `said`).
    quoted_as: Option<String>,
}

/// Nouns for people who speak for an organisation: a phrase such as
/// `an FBI spokesperson` or `a spokesperson for the DHS` cites the FBI or
/// the DHS.
const REPRESENTATIVES: &[&str] = &[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "official",
    "officials",
    "representative",
    "representatives",
    "researchers",
    "spokesperson's",
];

struct Sentence<'a> {
    text: &'a str,
    range: Range<usize>,
    words: &'a [Word],
    mentions: &'a [Mention],
}

impl Sentence<'_> {
    fn lower(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower.as_str())
    }

    fn cues(&self) -> Vec<Cue> {
        let mut found = Vec::new();
        for i in 0..self.words.len() {
            let w = self.lower(i);
            // The source follows the cue.
            let after = match w {
                "according" if self.lower(i + 1) == "to" => {
                    Some((i + 2, "according to".to_string()))
                }
                "as" if ["noted", "reported", "cited", "said"].contains(&self.lower(i + 1))
                    && ["via", "by", "in"].contains(&self.lower(i + 2)) =>
                {
                    Some((
                        i + 3,
                        format!("as {} {}", self.lower(i + 1), self.lower(i + 2)),
                    ))
                }
                "in" if self.lower(i + 1) == "a" && self.lower(i + 2) == "statement" => {
                    Some((i + 3, "in a statement".to_string()))
                }
                _ if CUE_VERBS.contains(&w) && self.lower(i + 1) == "by" => {
                    Some((i + 2, w.to_string()))
                }
                // `"…," said a spokesperson for X`
                _ if CUE_VERBS.contains(&w) && self.after_closing_quote(i) => {
                    Some((i + 1, w.to_string()))
                }
                _ => None,
            };
            if let Some((at, cue)) = after {
                let sources = self.sources_from(at);
                if let Some(end) = sources.iter().map(|(_, r)| r.end).max() {
                    let quote_cue = (cue == "in a statement").then(|| "statement".to_string());
                    found.push(Cue {
                        text: cue,
                        sources,
                        end,
                        quoted_as: quote_cue,
                    });
                }
                continue;
            }
            // The source precedes the cue verb.
            if CUE_VERBS.contains(&w) {
                let mut first = i;
                while first > 0 && i - first < 2 && is_auxiliary(self.lower(first - 1)) {
                    first -= 1;
                }
                let sources = self.sources_before(first);
                if sources.is_empty() {
                    continue;
                }
                let cue = self.words[first..=i]
                    .iter()
                    .filter(|w| !w.lower.ends_with("ly") || AUXILIARIES.contains(&w.lower.as_str()))
                    .map(|w| w.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let end = self.words[i].range.end;
                let rest = self.text[end..self.range.end].to_lowercase();
                let quote_cue = if w.starts_with("releas") && rest.contains("statement") {
                    Some("statement".to_string())
                } else {
                    ["said", "says", "wrote", "writes", "told", "stated", "added"]
                        .contains(&w)
                        .then(|| w.to_string())
                };
                found.push(Cue {
                    text: cue,
                    sources,
                    end,
                    quoted_as: quote_cue,
                });
            }
        }
        found
    }

    /// Whether word `i` directly follows a quotation closed by `,"` or `,”`.
    fn after_closing_quote(&self, i: usize) -> bool {
        i > 0 && {
            let gap = &self.text[self.words[i - 1].range.end..self.words[i].range.start];
            gap.contains([',', '!', '?']) && gap.contains(['"', '”'])
        }
    }

    /// The source that starts at `words[from]`: mentions (the first, then
    /// more joined by `and`), a representative of one, or an unnamed phrase.
    fn sources_from(&self, from: usize) -> Vec<(Option<ActorIdx>, Range<usize>)> {
        let Some(start_word) = self.words.get(from) else {
            return Vec::new();
        };
        let mut at = start_word.range.start;
        if matches!(start_word.lower.as_str(), "the" | "a" | "an") && self.mention_at(at).is_none()
        {
            at = self.words.get(from + 1).map_or(at, |w| w.range.start);
        }
        let mut sources = Vec::new();
        while let Some(m) = self.mention_at(at) {
            sources.push((Some(m.actor), m.range.clone()));
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
        if !sources.is_empty() {
            return sources;
        }
        // A phrase up to the next punctuation, at most six words.
        let phrase: Vec<&Word> = self.words[from..]
            .iter()
            .take_while(|w| {
                !self.text[start_word.range.start..w.range.start].contains([',', ';', '.', ':'])
            })
            .take(6)
            .collect();
        let Some(head) = phrase.iter().position(|w| is_source_noun(&w.lower)) else {
            return Vec::new();
        };
        let range = start_word.range.start..phrase[head].range.end;
        // `a spokesperson for the Department of Homeland Security`
        if REPRESENTATIVES.contains(&phrase[head].lower.as_str())
            && self.lower(from + head + 1) == "for"
        {
            let mut k = from + head + 2;
            if self.lower(k) == "the" && self.mention_at(self.words[k].range.start).is_none() {
                k += 1;
            }
            if let Some(m) = self
                .words
                .get(k)
                .and_then(|w| self.mention_at(w.range.start))
            {
                return vec![(Some(m.actor), range.start..m.range.end)];
            }
        }
        vec![(self.represented(&range, &phrase[head].lower), range)]
    }

    /// The source right before `words[before]`: mentions joined by `and`, a
    /// representative of one, or an unnamed noun phrase.
    fn sources_before(&self, before: usize) -> Vec<(Option<ActorIdx>, Range<usize>)> {
        if before == 0 {
            return Vec::new();
        }
        let prev = &self.words[before - 1];
        if NOT_A_SOURCE.contains(&prev.lower.as_str()) {
            return Vec::new();
        }
        let mut sources = Vec::new();
        let mut at_end = prev.range.end;
        while let Some(m) = self.mention_ending_at(at_end) {
            sources.push((Some(m.actor), m.range.clone()));
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
        if !sources.is_empty() {
            sources.reverse();
            return sources;
        }
        // A noun phrase back to the clause start, ending in a source noun.
        if !is_source_noun(&prev.lower) {
            return Vec::new();
        }
        let mut first = before - 1;
        while first > 0 && before - first < 5 {
            let gap = &self.text[self.words[first - 1].range.end..self.words[first].range.start];
            if gap.contains([',', ';', ':', '(', ')', '"', '“', '”'])
                || NOT_A_SOURCE.contains(&self.lower(first - 1))
            {
                break;
            }
            first -= 1;
        }
        let range = self.words[first].range.start..prev.range.end;
        vec![(self.represented(&range, &prev.lower), range)]
    }

    /// The actor a representative phrase speaks for (`an FBI spokesperson`,
    /// `Microsoft researchers`): the one mention inside it; else none.
    fn represented(&self, phrase: &Range<usize>, head: &str) -> Option<ActorIdx> {
        if !REPRESENTATIVES.contains(&head) {
            return None;
        }
        let inside: Vec<&Mention> = self
            .mentions
            .iter()
            .filter(|m| m.range.start >= phrase.start && m.range.end <= phrase.end)
            .collect();
        match inside[..] {
            [m] => Some(m.actor),
            _ => None,
        }
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

/// `text` without a leading parenthesis (`(CISA) and …` → `and …`).
fn skip_parenthesis(text: &str) -> &str {
    text.strip_prefix('(')
        .and_then(|r| r.find(')').map(|close| &r[close + 1..]))
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Catalog, Matcher};

    #[test]
    fn abbreviations_and_wrapped_lines_do_not_end_sentences() {
        let text = "The U.S. Security firms claimed it. Mr. Smith\nsaid so.\n\nNew para.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "The U.S. Security firms claimed it.",
                "Mr. Smith\nsaid so.",
                "New para."
            ]
        );
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
