//! Local evidence around an occurrence of a risky alias, and the places
//! where no alias counts: the word lists and checks the finder uses
//! (README, "Noise rules").
//!
//! Every function takes the text and byte offsets of an occurrence and
//! looks only a few words either side of it, so checking costs the same
//! whatever the size of the text.

use std::ops::Range;

/// Head nouns that, right after a name, say it names a group: "the Silence
/// group", "Royal ransomware", "Cobalt gang", "Lazarus hackers". Compared in
/// lower case; `threat` stands for "threat actor" and "threat group",
/// `hacking` for "hacking group".
pub const HEAD_AFTER: [&str; 36] = [
    "group",
    "groups",
    "gang",
    "gangs",
    "crew",
    "team",
    "actor",
    "actors",
    "threat",
    "hackers",
    "hacker",
    "hacking",
    "operators",
    "operator",
    "affiliates",
    "affiliate",
    "ransomware",
    "raas",
    "apt",
    "collective",
    "syndicate",
    "cartel",
    "cybergang",
    "cybercriminals",
    "criminals",
    "members",
    "campaign",
    "campaigns",
    "attackers",
    "adversary",
    "intrusion",
    "cluster",
    "operation",
    "operations",
    "extortion",
    "cybercrime",
];

/// Words and phrases that, right before a name, say it names a group:
/// "the ransomware gang Royal", "the actors behind Silence", "attributed to
/// Cobalt". Compared in lower case, as whole words.
pub const HEAD_BEFORE: [&str; 17] = [
    "group",
    "gang",
    "crew",
    "actor",
    "actors",
    "ransomware",
    "collective",
    "syndicate",
    "apt",
    "behind",
    "operators of",
    "members of",
    "affiliates of",
    "affiliate of",
    "attributed to",
    "attribution to",
    "operated by",
];

/// Naming phrases: "tracked as X", "known as X", "dubbed X", "aka X".
pub const NAMING_BEFORE: [&str; 17] = [
    "tracked as",
    "call",
    "calls",
    "dubs",
    "known as",
    "dubbed",
    "aka",
    "a.k.a.",
    "a.k.a",
    "called",
    "calls itself",
    "calling itself",
    "named",
    "referred to as",
    "designated",
    "self-styled",
    "self-proclaimed",
];

/// Words of government that, right after a demonym, make it name the state:
/// "Russian officials", "Chinese state-sponsored hackers", "Iranian
/// government". Words beginning `state-` or `government-` count too.
pub const GOVERNMENT_AFTER: [&str; 42] = [
    "government",
    "governments",
    "officials",
    "official",
    "authorities",
    "state",
    "military",
    "army",
    "navy",
    "armed",
    "intelligence",
    "spies",
    "spy",
    "agents",
    "diplomats",
    "diplomat",
    "embassy",
    "ministry",
    "minister",
    "ministers",
    "president",
    "premier",
    "leader",
    "leaders",
    "leadership",
    "regime",
    "forces",
    "troops",
    "prosecutors",
    "police",
    "courts",
    "court",
    "parliament",
    "administration",
    "defense",
    "defence",
    "foreign",
    "embassies",
    "consulate",
    "cabinet",
    "kremlin",
    "authority",
];

/// Words joined to a demonym by a hyphen that make it name the state:
/// "Russian-backed", "Iranian-sponsored".
const GOVERNMENT_HYPHEN: [&str; 3] = ["backed", "sponsored", "funded"];

/// Capitalised words that do not make a longer name with the word next to
/// them ("The Royal gang", "Royal and Play"), compared in lower case.
const FUNCTION_WORDS: [&str; 48] = [
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "and",
    "but",
    "or",
    "as",
    "its",
    "their",
    "our",
    "both",
    "unlike",
    "like",
    "when",
    "while",
    "after",
    "before",
    "since",
    "if",
    "although",
    "according",
    "of",
    "to",
    "into",
    "about",
    "against",
    "between",
    "during",
    "via",
    "per",
    "than",
    "then",
    "also",
    "is",
    "was",
    "are",
    "were",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\'' || c == '\u{2019}'
}

/// The word right after `end`, past white space holding at most one line
/// break (none when punctuation comes first).
pub(crate) fn word_after(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = text.get(end..)?;
    let trimmed = rest.trim_start();
    let gap = &rest[..rest.len() - trimmed.len()];
    if gap.is_empty() || gap.matches('\n').count() > 1 {
        return None;
    }
    let start = end + gap.len();
    let len = trimmed
        .find(|c: char| !is_word_char(c))
        .unwrap_or(trimmed.len());
    let word = trimmed[..len].trim_end_matches(['-', '\'', '\u{2019}']);
    (!word.is_empty()).then(|| start..start + word.len())
}

/// The word right before `start`, past white space and opening quotes or
/// brackets ("dubbed “Silence”", "(aka Silence)"); a hyphen ends it, as a
/// dash written as one does ("Moscow-the Russians").
pub(crate) fn word_before(text: &str, start: usize) -> Option<Range<usize>> {
    let head = text.get(..start)?;
    let head = head.trim_end_matches(['"', '\u{201C}', '\'', '\u{2018}', '(', '[']);
    let trimmed = head.trim_end();
    let gap = &head[trimmed.len()..];
    if gap.is_empty() || gap.matches('\n').count() > 1 {
        return None;
    }
    let from = trimmed
        .rfind(|c: char| !is_word_char(c) || c == '-')
        .map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
    (from < trimmed.len()).then_some(from..trimmed.len())
}

/// A head noun right after the occurrence ("Royal ransomware"), as a range.
pub(crate) fn head_after(text: &str, end: usize) -> Option<Range<usize>> {
    let r = word_after(text, end)?;
    let word = &text[r.clone()];
    if word.is_ascii() {
        // The same as below without a lower-cased copy: the list is in
        // lower-case ASCII, and an ASCII word lower-cases byte by byte.
        let bytes = word.as_bytes();
        let bare = match bytes {
            [head @ .., b'\'', b's' | b'S'] => head,
            _ => bytes,
        };
        return HEAD_AFTER
            .iter()
            .any(|h| h.as_bytes().eq_ignore_ascii_case(bare))
            .then_some(r);
    }
    let word = word.to_lowercase();
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(&word);
    HEAD_AFTER.contains(&word).then_some(r)
}

/// The phrase of `phrases` that the text ends with just before `start`
/// (past white space, quotes and brackets), as a range of the text.
fn phrase_before(text: &str, start: usize, phrases: &[&str]) -> Option<Range<usize>> {
    let (trimmed, from) = phrase_window(text, start)?;
    if trimmed[from..].is_ascii() {
        // The same as below, without lower-casing a copy.
        let window = &trimmed.as_bytes()[from..];
        // The phrases are in lower case: most are ruled out by the window's
        // last byte alone, before comparing the rest.
        let last = window.last()?.to_ascii_lowercase();
        return phrases.iter().find_map(|p| {
            if p.as_bytes().last() != Some(&last) {
                return None;
            }
            let at = window.len().checked_sub(p.len())?;
            let whole = window[at..].eq_ignore_ascii_case(p.as_bytes())
                && at
                    .checked_sub(1)
                    .is_none_or(|j| !window[j].is_ascii_alphanumeric());
            whole.then(|| from + at..trimmed.len())
        });
    }
    lowered_window_ends_with(trimmed, from, phrases)
}

/// [`phrase_before`] for any text: the window lower-cased into a copy.
#[cfg(test)]
fn phrase_before_lowered(text: &str, start: usize, phrases: &[&str]) -> Option<Range<usize>> {
    let (trimmed, from) = phrase_window(text, start)?;
    lowered_window_ends_with(trimmed, from, phrases)
}

/// The text before `start` without the white space, quotes and brackets
/// right before it (there must be white space), and where the last 40
/// bytes of it begin.
fn phrase_window(text: &str, start: usize) -> Option<(&str, usize)> {
    let head = text.get(..start)?;
    let head = head.trim_end_matches(['"', '\u{201C}', '\'', '\u{2018}', '(', '[']);
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() {
        return None;
    }
    let from = trimmed.len().saturating_sub(40);
    let from = (from..=trimmed.len())
        .find(|&i| trimmed.is_char_boundary(i))
        .unwrap_or(trimmed.len());
    Some((trimmed, from))
}

/// The phrase of `phrases` that `trimmed[from..]`, lower-cased, ends with
/// as a whole word, as a range of `trimmed`.
fn lowered_window_ends_with(trimmed: &str, from: usize, phrases: &[&str]) -> Option<Range<usize>> {
    let window = trimmed[from..].to_lowercase();
    if window.len() != trimmed.len() - from {
        // Lower-casing changed the length: no ASCII phrase to find here.
        return None;
    }
    phrases.iter().find_map(|p| {
        let at = window.len().checked_sub(p.len())?;
        let whole = window.ends_with(p)
            && window[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        whole.then(|| from + at..trimmed.len())
    })
}

/// A head noun or phrase right before the occurrence ("the actors behind").
pub(crate) fn head_before(text: &str, start: usize) -> Option<Range<usize>> {
    phrase_before(text, start, &HEAD_BEFORE)
}

/// A naming phrase right before the occurrence ("tracked as").
pub(crate) fn naming_before(text: &str, start: usize) -> Option<Range<usize>> {
    phrase_before(text, start, &NAMING_BEFORE)
}

/// A word of government right after a demonym ("Russian officials",
/// "Russian state-sponsored", "Russian-backed").
pub(crate) fn government_after(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = text.get(end..)?;
    if let Some(after) = rest.strip_prefix('-') {
        let len = after
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(after.len());
        let word = after[..len].to_lowercase();
        return GOVERNMENT_HYPHEN
            .contains(&word.as_str())
            .then(|| end + 1..end + 1 + len);
    }
    let r = word_after(text, end)?;
    let word = text[r.clone()].to_lowercase();
    let hit = GOVERNMENT_AFTER.contains(&word.as_str())
        || word.starts_with("state-")
        || word.starts_with("government-");
    hit.then_some(r)
}

/// "the" right before a demonym for the people ("the Russians").
pub(crate) fn definite_before(text: &str, start: usize) -> Option<Range<usize>> {
    let r = word_before(text, start)?;
    text[r.clone()].eq_ignore_ascii_case("the").then_some(r)
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// ASCII letters by byte: [`LOWER`], [`UPPER`], or 0 for the rest.
const ASCII_LETTERS: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            _ => 0,
        };
        b += 1;
    }
    table
};
const LOWER: u8 = 1;
const UPPER: u8 = 2;

/// Whether the line around `start..end` is written in Title Case (a
/// heading): of its words of four letters or more, at least three, and
/// three in four, begin with a capital. There, a capitalised word beside a
/// name says nothing.
pub(crate) fn title_case_line(text: &str, start: usize, end: usize) -> bool {
    let (lo, hi) = line_around(text, start, end, 150);
    let b = text.as_bytes();
    let (mut long, mut capitalised) = (0, 0);
    // The current word: its length in characters and whether it begins
    // with a capital.
    let (mut letters, mut first_upper) = (0, false);
    let mut i = lo;
    while i < hi {
        let byte = b[i];
        let (alpha, upper) = if let Some(&class) = ASCII_LETTERS.get(usize::from(byte)) {
            i += 1;
            (class != 0, class == UPPER)
        } else {
            let c = text[i..].chars().next().unwrap_or('\0');
            i += c.len_utf8();
            (c.is_alphabetic(), c.is_uppercase())
        };
        if alpha {
            if letters == 0 {
                first_upper = upper;
            }
            letters += 1;
            // The ASCII letters that follow, at once.
            let run = ascii_letter_run(&b[i..hi]);
            letters += run;
            i += run;
        } else if letters > 0 {
            if letters >= 4 {
                long += 1;
                if first_upper {
                    capitalised += 1;
                } else if capitalised + (hi - i + 1) / 5 < 3 * (long - capitalised) {
                    // Even if every word left were long and capitalised,
                    // fewer than three in four would be.
                    return false;
                }
            }
            letters = 0;
        }
    }
    if letters >= 4 {
        long += 1;
        capitalised += usize::from(first_upper);
    }
    long >= 3 && capitalised * 4 >= long * 3
}

/// How many ASCII letters begin `bytes`, eight bytes at a time: a line's
/// words are read for each risky occurrence, and most are longer than a
/// few letters.
fn ascii_letter_run(bytes: &[u8]) -> usize {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    let mut n = 0;
    while let Some(eight) = bytes
        .get(n..n + 8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
    {
        let w = u64::from_le_bytes(eight);
        // Each byte's low seven bits with the case bit set; no sum below
        // carries from one byte into the next (at most 0x7F + 0x1F).
        let lower = (w | splat(0x20)) & splat(0x7F);
        let from_a = (lower + splat(0x80 - b'a')) & HIGH;
        let past_z = (lower + splat(0x80 - b'z' - 1)) & HIGH;
        let letters = from_a & !past_z & !(w & HIGH);
        let others = !letters & HIGH;
        if others != 0 {
            return n + (others.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(bytes.len() - n)
}

/// The target of a Markdown link whose text the occurrence ends
/// (`[Patchwork](https://attack.mitre.org/groups/G0040/)`), normalised for
/// comparison with an actor's references: no scheme, no `www.`, no
/// trailing slash, lower case.
pub(crate) fn link_target(text: &str, end: usize) -> Option<(Range<usize>, String)> {
    let rest = text[end..].strip_prefix("](")?;
    let len = rest.find([')', ' ', '\n'])?;
    let url = &rest[..len];
    let from = end + 2;
    Some((from..from + len, normalise_url(url)))
}

/// A URL as [`link_target`] compares it.
pub(crate) fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_lowercase()
}

/// The longer capitalised name the occurrence is part of, if any: a
/// capitalised word right next to it that is neither a function word nor a
/// head noun ("Royal Mail", "Cobalt Strike Beacon", "Emma Lazarus"); never
/// in a line in Title Case.
pub(crate) fn longer_name(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let name = adjacent_name(text, start, end)?;
    (!title_case_line(text, start, end)).then_some(name)
}

/// [`longer_name`] before the Title Case test.
fn adjacent_name(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let joins = |r: &Range<usize>| {
        let word = &text[r.clone()];
        if !is_capitalised(word) {
            return false;
        }
        // The lists are in lower-case ASCII: an ASCII word is compared
        // without a lower-cased copy.
        let listed = |lower: &str| {
            let is = |w: &&str| w.eq_ignore_ascii_case(lower);
            FUNCTION_WORDS.iter().any(is)
                || HEAD_AFTER.iter().any(is)
                || HEAD_BEFORE.iter().any(is)
                || NAMING_BEFORE.iter().any(is)
        };
        if word.is_ascii() {
            !listed(word)
        } else {
            !listed(&word.to_lowercase())
        }
    };
    let gap_is_space = |a: usize, b: usize| text[a..b].chars().all(|c| c == ' ' || c == '\u{A0}');
    if let Some(r) = word_after(text, end).filter(|r| gap_is_space(end, r.start) && joins(r)) {
        return Some(start..r.end);
    }
    word_before(text, start)
        .filter(|r| gap_is_space(r.end, start) && joins(r))
        .map(|r| r.start..end)
}

/// Characters that end the run of text an address may fill: white space,
/// quotes, angle brackets, and the brackets of a Markdown link
/// (`[Patchwork](https://…)` holds the name, not the address).
fn ends_token(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '<' | '>' | '\u{201C}' | '\u{201D}' | '[' | ']' | '(' | ')'
        )
}

/// Whether the bracket at `i` belongs to a defanged dot (`[.]`, `(.)`).
fn in_defang(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let at = |j: usize| b.get(j).copied();
    match at(i) {
        Some(b'[' | b'(') => at(i + 1) == Some(b'.') && matches!(at(i + 2), Some(b']' | b')')),
        Some(b']' | b')') => {
            i >= 2 && at(i - 1) == Some(b'.') && matches!(at(i - 2), Some(b'[' | b'('))
        }
        _ => false,
    }
}

/// The compound name in capitals the occurrence ends, if any: a word in
/// capitals joined to it by a hyphen (`TIBER-EU`, `COVID-US`), not a word in
/// lower case (`pro-EU`) nor a name (`Russia-Ukraine`).
pub(crate) fn capitals_compound(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let head = &text[..start];
    let head = head
        .strip_suffix('-')
        .or_else(|| head.strip_suffix(['\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}']))?;
    let from = head.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &head[from..];
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && !word.chars().any(char::is_lowercase)).then_some(from..end)
}

/// Whether the occurrence at `start..end` stands inside a URL, an e-mail
/// address, a domain or file name, or a file path: the run of text around
/// it without white space holds `://`, `www.`, an `@` after its first
/// character, a backslash, or starts with `/`; or the occurrence is joined
/// by a dot (also written `[.]` or `(.)`) to a lower-case label
/// (`mcafee.com`, `news.sophos.com`, `lazarus.exe`).
pub(crate) fn in_address(text: &str, start: usize, end: usize) -> bool {
    let head = &text[..start];
    let tail = &text[end..];
    let token_start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_token(c) && !in_defang(text, i))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token_end = end
        + tail
            .char_indices()
            .find(|&(i, c)| ends_token(c) && !in_defang(text, end + i))
            .map_or(tail.len(), |(i, _)| i);
    let token = text[token_start..token_end].trim_start_matches(['\'', '\u{2018}']);
    let lower = token.to_ascii_lowercase();
    if lower.contains("://")
        || lower.contains("www.")
        || lower.contains("www[.]")
        || token.contains('\\')
        || token.starts_with('/')
        || token.starts_with("~/")
        || token.char_indices().any(|(i, c)| c == '@' && i > 0)
    {
        return true;
    }
    let dotted_label = |s: &str| {
        let s = s
            .strip_prefix("[.]")
            .or_else(|| s.strip_prefix("(.)"))
            .or_else(|| s.strip_prefix('.'));
        s.is_some_and(|s| {
            let label: String = s
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            label.len() >= 2
                && label.starts_with(|c: char| c.is_ascii_lowercase())
                && !label.chars().any(|c| c.is_ascii_uppercase())
        })
    };
    if dotted_label(tail) {
        return true;
    }
    // A lower-case label and a dot right before: a host name.
    let before = head
        .strip_suffix('.')
        .or_else(|| head.strip_suffix("[.]"))
        .or_else(|| head.strip_suffix("(.)"));
    before.is_some_and(|b| {
        let label: String = b
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        label.len() >= 2 && !label.chars().any(|c| c.is_ascii_uppercase())
    })
}

/// The stretch of `start..end`'s line that reaches at most `reach` bytes
/// either side of it (to character boundaries). Only that far is searched
/// for the line's ends, so that a text of one long line costs no more.
fn line_around(text: &str, start: usize, end: usize, reach: usize) -> (usize, usize) {
    let lo = floor(text, start.saturating_sub(reach));
    let hi = ceil(text, (end + reach).min(text.len()));
    let lo = text[lo..start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let hi = text[end..hi].find('\n').map_or(hi, |i| end + i);
    (lo, hi)
}

/// Whether the text around `start..end` is written in capitals (a
/// headline): of the three words either side of it on its line, two or
/// more have letters, and none has a lower-case one.
pub fn shouted(text: &str, start: usize, end: usize) -> bool {
    const REACH: usize = 120;
    let lo = floor(text, start.saturating_sub(REACH));
    let hi = ceil(text, (end + REACH).min(text.len()));
    let mut words = Words::default();
    // The words nearest the occurrence first, three a side, up to the line's
    // ends: one in lower case answers at once.
    for c in text[lo..start].chars().rev() {
        if c == '\n' || !words.push(c) {
            break;
        }
    }
    if words.lower {
        return false;
    }
    words.close();
    words.seen = 0;
    for c in text[end..hi].chars() {
        if c == '\n' || !words.push(c) {
            break;
        }
    }
    if !words.lower {
        words.close();
    }
    !words.lower && words.with_letters >= 2
}

/// The words [`shouted`] reads on one side of an occurrence, a character
/// at a time from the occurrence outward.
#[derive(Default)]
struct Words {
    /// Words ended on this side so far.
    seen: u8,
    /// Words with letters, on both sides.
    with_letters: u8,
    /// Whether one of them has a lower-case letter.
    lower: bool,
    in_word: bool,
    letters: bool,
}

impl Words {
    /// Takes the next character; whether to go on (fewer than three words
    /// ended on this side, and none in lower case).
    fn push(&mut self, c: char) -> bool {
        if !c.is_alphanumeric() && c != '\'' && c != '\u{2019}' {
            return !self.in_word || self.close();
        }
        self.in_word = true;
        if c.is_lowercase() {
            self.lower = true;
            return false;
        }
        self.letters |= c.is_alphabetic();
        true
    }

    /// Ends the word read, if any; whether to go on.
    fn close(&mut self) -> bool {
        if self.in_word {
            self.seen += 1;
            self.with_letters += u8::from(self.letters);
            self.in_word = false;
            self.letters = false;
        }
        self.seen < 3
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, needle: &str) -> (usize, usize, &'a str) {
        let s = text.find(needle).expect("needle in text");
        (s, s + needle.len(), text)
    }

    fn after(text: &str, needle: &str) -> Option<String> {
        let (_, e, t) = at(text, needle);
        head_after(t, e).map(|r| t[r].to_string())
    }

    #[test]
    fn head_nouns_after_and_before() {
        assert_eq!(
            after("the Royal ransomware crew", "Royal"),
            Some("ransomware".into())
        );
        assert_eq!(
            after("the Silence group struck", "Silence"),
            Some("group".into())
        );
        assert_eq!(after("Silence fell on the room", "Silence"), None);
        assert_eq!(after("Royal, the gang", "Royal"), None);
        let t = "the actors behind Cobalt moved";
        let (s, _, _) = at(t, "Cobalt");
        assert_eq!(head_before(t, s).map(|r| &t[r]), Some("behind"));
        let t = "the ransomware gang Royal said";
        let (s, _, _) = at(t, "Royal");
        assert_eq!(head_before(t, s).map(|r| &t[r]), Some("gang"));
        let t = "a hairstyle Royal";
        let (s, _, _) = at(t, "Royal");
        assert_eq!(head_before(t, s), None);
    }

    #[test]
    fn naming_phrases() {
        for t in [
            "a group tracked as Silence",
            "an actor dubbed “Silence”",
            "TA505 (aka Silence)",
            "a gang that calls itself Silence",
        ] {
            let (s, _, _) = at(t, "Silence");
            assert!(naming_before(t, s).is_some(), "{t}");
        }
        let t = "the renamed Silence";
        let (s, _, _) = at(t, "Silence");
        assert!(naming_before(t, s).is_none());
    }

    #[test]
    fn demonyms() {
        let gov = |t: &str| {
            let (_, e, _) = at(t, "Russian");
            government_after(t, e).map(|r| t[r].to_string())
        };
        assert_eq!(gov("Russian officials said"), Some("officials".into()));
        assert_eq!(
            gov("Russian state-sponsored actors"),
            Some("state-sponsored".into())
        );
        assert_eq!(gov("Russian-backed hackers"), Some("backed".into()));
        assert_eq!(gov("a Russian-speaking forum"), None);
        assert_eq!(gov("Russian hackers"), None);
        assert_eq!(gov("Russian-directed efforts"), None);
        let t = "Moscow-the Russians have used";
        let (s, _, _) = at(t, "Russians");
        assert!(definite_before(t, s).is_some());
        let t = "many Russians fled";
        let (s, _, _) = at(t, "Russians");
        assert!(definite_before(t, s).is_none());
    }

    #[test]
    fn longer_capitalised_names() {
        let name = |t: &str, w: &str| {
            let (s, e, _) = at(t, w);
            longer_name(t, s, e).map(|r| t[r].to_string())
        };
        assert_eq!(
            name("shares in Royal Mail fell", "Royal"),
            Some("Royal Mail".into())
        );
        assert_eq!(
            name("the poet Emma Lazarus wrote", "Lazarus"),
            Some("Emma Lazarus".into())
        );
        assert_eq!(name("The Royal gang", "Royal"), None);
        assert_eq!(name("Royal Ransomware hits", "Royal"), None);
        assert_eq!(name("Royal, Play and Hive", "Royal"), None);
        assert_eq!(
            name("Winnti Signed Code With Digital Certificate\n", "Winnti"),
            None
        );
    }

    #[test]
    fn compounds_in_capitals() {
        let compound = |t: &str, w: &str| {
            let (s, e, _) = at(t, w);
            capitals_compound(t, s, e).map(|r| t[r].to_string())
        };
        assert_eq!(
            compound("tests under TIBER-EU rules", "EU"),
            Some("TIBER-EU".into())
        );
        assert_eq!(compound("a pro-EU party", "EU"), None);
        assert_eq!(compound("the Russia-Ukraine war", "Ukraine"), None);
        assert_eq!(compound("the DNC-related leaks", "DNC"), None);
    }

    #[test]
    fn markdown_links() {
        let t = "like [Patchwork](https://attack.mitre.org/groups/G0040/).";
        let end = t.find("](").unwrap();
        let (r, url) = link_target(t, end).unwrap();
        assert_eq!(url, "attack.mitre.org/groups/g0040");
        assert_eq!(&t[r], "https://attack.mitre.org/groups/G0040/");
        assert!(link_target("Patchwork (x)", 9).is_none());
    }

    #[test]
    fn addresses() {
        let inside = |t: &str, w: &str| {
            let (s, e, _) = at(t, w);
            in_address(t, s, e)
        };
        assert!(inside(
            "see https://www.mcafee.com/blogs/mcafee-labs/x",
            "mcafee-labs"
        ));
        assert!(inside("visit mcafee.com today", "mcafee"));
        assert!(inside("visit mcafee[.]com today", "mcafee"));
        assert!(inside("read news.sophos.com now", "sophos"));
        assert!(inside("mail apt28@example.org now", "example"));
        assert!(inside("ran C:\\Users\\Lazarus\\a.exe", "Lazarus"));
        assert!(inside("dropped lazarus.exe on disk", "lazarus"));
        assert!(!inside("APT28/Fancy Bear struck", "APT28"));
        assert!(!inside("by APT28. The group", "APT28"));
        assert!(!inside("Fancy Bear (APT28) struck", "APT28"));
        assert!(!inside("the U.S. Treasury", "Treasury"));
        assert!(!inside(
            "like [Patchwork](https://attack.mitre.org/groups/G0040/).",
            "Patchwork"
        ));
        assert!(inside("see hxxps://mcafee[.]com/x", "mcafee"));
    }

    /// [`shouted`] as first written: both sides' words split out whole.
    fn shouted_reference(text: &str, start: usize, end: usize) -> bool {
        let (lo, hi) = line_around(text, start, end, 120);
        let is_sep = |c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}';
        let before = text[lo..start]
            .rsplit(is_sep)
            .filter(|w| !w.is_empty())
            .take(3);
        let after = text[end..hi]
            .split(is_sep)
            .filter(|w| !w.is_empty())
            .take(3);
        let mut words = 0;
        for w in before.chain(after) {
            if w.chars().any(char::is_lowercase) {
                return false;
            }
            if w.chars().any(char::is_alphabetic) {
                words += 1;
            }
        }
        words >= 2
    }

    #[test]
    fn the_word_lists_are_in_lower_case_ascii() {
        // `adjacent_name` compares ASCII words with them ignoring case.
        for w in FUNCTION_WORDS
            .iter()
            .chain(&HEAD_AFTER)
            .chain(&HEAD_BEFORE)
            .chain(&NAMING_BEFORE)
        {
            assert!(
                w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()),
                "{w}"
            );
        }
    }

    /// [`head_after`] as first written: the word lower-cased into a copy.
    fn head_after_lowered(text: &str, end: usize) -> Option<Range<usize>> {
        let r = word_after(text, end)?;
        let word = text[r.clone()].to_lowercase();
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(&word);
        HEAD_AFTER.contains(&word).then_some(r)
    }

    /// [`title_case_line`] as first written: the words split out whole.
    fn title_case_reference(text: &str, start: usize, end: usize) -> bool {
        let (lo, hi) = line_around(text, start, end, 150);
        let (mut long, mut capitalised) = (0, 0);
        for w in text[lo..hi].split(|c: char| !c.is_alphabetic()) {
            if w.chars().nth(3).is_some() {
                long += 1;
                capitalised += usize::from(is_capitalised(w));
            }
        }
        long >= 3 && capitalised * 4 >= long * 3
    }

    proptest::proptest! {
        #[test]
        fn line_tests_agree_with_their_first_form(
            words in proptest::collection::vec("[A-Za-z]{1,6}|[A-Z]{1,6}|[a-z]{4,7}|[ÉéΣσ’'0-9]{1,3}", 0..90),
            seps in proptest::collection::vec("[ .,\n—’]{1,2}", 90),
            at in 0usize..400,
            len in 0usize..12,
        ) {
            let mut text = String::new();
            for (w, sep) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(sep);
            }
            let start = (at.min(text.len())..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            let end = ((start + len).min(text.len())..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            proptest::prop_assert_eq!(
                shouted(&text, start, end),
                shouted_reference(&text, start, end)
            );
            proptest::prop_assert_eq!(
                title_case_line(&text, start, end),
                title_case_reference(&text, start, end)
            );
        }

        #[test]
        fn head_after_agrees_with_its_first_form(
            word in "(group|Gang|HACKERS|ransomware|apt|crew|team|gangs|\u{212A}|x)?(['’][sS]?)?[a-zA-Z'’-]{0,3}",
            gap in "[ \n.,]{0,2}",
        ) {
            let text = format!("X{gap}{word} y");
            proptest::prop_assert_eq!(head_after(&text, 1), head_after_lowered(&text, 1));
        }

        #[test]
        fn phrases_before_agree_with_their_first_form(
            head in "[a-zA-Z. -]{0,50}",
            phrase in "(tracked as|Known As|aka|A.K.A.|behind|gang|calls itself)",
            tail in "[ \n\"(]{0,3}",
        ) {
            let text = format!("{head}{phrase}{tail}X");
            let start = text.len() - 1;
            for phrases in [&HEAD_BEFORE[..], &NAMING_BEFORE[..]] {
                proptest::prop_assert_eq!(
                    phrase_before(&text, start, phrases),
                    phrase_before_lowered(&text, start, phrases)
                );
            }
        }
    }

    #[test]
    fn letter_runs_are_counted_as_byte_by_byte() {
        let simple = |b: &[u8]| {
            b.iter()
                .position(|c| !c.is_ascii_alphabetic())
                .unwrap_or(b.len())
        };
        let mut samples: Vec<Vec<u8>> = vec![
            b"abcdefghijklmnopqrstuvwxyz".to_vec(),
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZ tail".to_vec(),
            "Ministry’s".as_bytes().to_vec(),
            b"".to_vec(),
        ];
        // Every byte after runs of every length up to 17.
        for len in 0..18 {
            for x in 0..=255u8 {
                let mut v = b"QwErTyUiOpAsDfGhJk"[..len].to_vec();
                v.push(x);
                v.extend_from_slice(b"abc");
                samples.push(v);
            }
        }
        for s in &samples {
            assert_eq!(ascii_letter_run(s), simple(s), "{s:?}");
        }
    }

    #[test]
    fn shouted_lines() {
        let t = "RUSSIAN HACKERS AND STRONTIUM\nStrontium was seen.";
        assert!(shouted(t, 20, 29));
        assert!(!shouted(t, 30, 39));
        let t = "STRONTIUM, ZINC AND MERCURY: THE ELEMENTS. Students came.";
        assert!(shouted(t, 0, 9));
        let t = "Microsoft says STRONTIUM (APT28) struck";
        assert!(!shouted(t, 15, 24));
    }
}
