//! The words of a sentence: lower-cased, capitalised or not, inside
//! quotation marks or not; the words of URLs, paths, file names and slugs
//! left out.

use std::borrow::Cow;
use std::ops::Range;

use super::segment::word_bounds;

/// A word of a sentence.
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    pub range: Range<usize>,
    /// Lower-cased, with `’` as `'`: the text's own bytes when they are
    /// already (most words of prose), so that a word costs no allocation.
    pub lower: Cow<'a, str>,
    /// Opens with a capital letter or a digit followed by capitals.
    pub cap: bool,
    /// Inside quotation marks.
    pub quoted: bool,
}

/// What a sentence's quotation marks leave: the words, whether the
/// sentence has any mark, and whether a quotation is open at its end.
pub(super) struct Parsed<'a> {
    pub words: Vec<Word<'a>>,
    pub marks: bool,
    pub open_at_end: bool,
}

/// The words of `text[sentence]`, a quotation open at its start or not.
/// Words of URLs, paths, file names and slugs are left out.
pub(super) fn words<'a>(text: &'a str, sentence: &Range<usize>, open_at_start: bool) -> Parsed<'a> {
    let s = &text[sentence.clone()];
    let slugs = slug_chunks(s);
    let mut next_slug = 0;
    let mut open = open_at_start;
    let mut marks = false;
    let mut single = false;
    let mut words = Vec::new();
    for (i, w) in word_bounds(s) {
        let has_alphanumeric = if w.is_ascii() {
            w.bytes().any(|b| b.is_ascii_alphanumeric())
        } else {
            w.chars().any(char::is_alphanumeric)
        };
        if !has_alphanumeric {
            for c in w.chars() {
                match c {
                    '"' => open = !open,
                    '“' => open = true,
                    '‘' => {
                        open = true;
                        single = true;
                    }
                    // A single closing mark standing alone after a quotation
                    // opened by one or after punctuation (`safe,’ he said`);
                    // otherwise an apostrophe (`the hackers’ tools`).
                    '’' if open && (single || s[..i].ends_with([',', '.', '!', '?'])) => {
                        open = false;
                        single = false;
                    }
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
        let mut push = |from: usize, piece: &'a str| {
            let mut chars = piece.chars();
            let first = chars.next().unwrap_or(' ');
            let cap = first.is_uppercase()
                || (first.is_ascii_digit() && piece.chars().any(char::is_uppercase));
            words.push(Word {
                range: start + from..start + from + piece.len(),
                lower: lower_case(piece),
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

/// `piece` lower-cased, with `’` as `'`.
fn lower_case(piece: &str) -> Cow<'_, str> {
    if piece.is_ascii() {
        return if piece.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(piece.to_ascii_lowercase())
        } else {
            Cow::Borrowed(piece)
        };
    }
    let lower = piece.to_lowercase();
    // No other character lower-cases to `’` (E2 80 99).
    let apostrophe = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xE2 && w[1] == 0x80 && w[2] == 0x99);
    Cow::Owned(if apostrophe {
        lower.replace('\u{2019}', "'")
    } else {
        lower
    })
}

/// Whether the character of `s` at byte `at` is white space, and its length.
fn space_at(s: &str, at: usize) -> (bool, usize) {
    let b = s.as_bytes()[at];
    if b < 0x80 {
        // The ASCII White_Space characters (`char::is_whitespace`).
        return (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1);
    }
    let c = s[at..].chars().next().unwrap_or('x');
    (c.is_whitespace(), c.len_utf8())
}

/// The whitespace-separated chunks of `s` that are URLs, paths, e-mail
/// addresses, file names or slugs, as byte ranges of `s`.
fn slug_chunks(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut at = 0;
    while at <= s.len() {
        let (space, len) = if at == s.len() {
            (true, 1)
        } else {
            space_at(s, at)
        };
        match (space, start) {
            (false, None) => start = Some(at),
            (true, Some(from)) => {
                if is_slug(&s[from..at]) {
                    out.push(from..at);
                }
                start = None;
            }
            _ => {}
        }
        at += len;
    }
    out
}

fn is_slug(chunk: &str) -> bool {
    let core = if chunk.is_ascii() {
        chunk.trim_matches(|c: char| !c.is_ascii_alphanumeric())
    } else {
        chunk.trim_matches(|c: char| !c.is_alphanumeric())
    };
    // A `://` has a `/`.
    if core.starts_with("www.")
        || core
            .bytes()
            .any(|b| matches!(b, b'/' | b'\\' | b'@' | b'_'))
    {
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
    core.bytes().filter(|&b| b == b'-').count() >= 3
        && if core.is_ascii() {
            !core.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            !core.chars().any(char::is_uppercase)
        }
}
