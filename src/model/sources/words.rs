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
/// Words of URLs, paths, file names and slugs are left out. `ascii_lower`
/// is `text` with its ASCII letters lower-cased (same offsets): an ASCII
/// word's lower case is borrowed from it, so that a capitalised word costs
/// no allocation either. Without `keep`, no word is kept (the marks are
/// read all the same).
pub(super) fn words<'a>(
    text: &'a str,
    ascii_lower: &'a str,
    sentence: &Range<usize>,
    open_at_start: bool,
    keep: bool,
) -> Parsed<'a> {
    let s = &text[sentence.clone()];
    let slugs = if keep { slug_chunks(s) } else { Vec::new() };
    let mut next_slug = 0;
    let mut open = open_at_start;
    let mut marks = false;
    let mut single = false;
    // About one word in six bytes of prose: room enough, most of the time.
    let mut words = Vec::with_capacity(if keep { s.len() / 6 + 1 } else { 0 });
    for (i, w) in word_bounds(s) {
        let first = w.as_bytes()[0];
        // Most pieces are a word opening with an ASCII letter or digit, or
        // the spaces between two words (which hold no quotation mark).
        let has_alphanumeric = first.is_ascii_alphanumeric()
            || if w.is_ascii() {
                if w.bytes().all(|b| b == b' ') {
                    continue;
                }
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
        if !keep {
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
        let glued = if w.len() > 4 && w.starts_with("sa") {
            ["said", "says"]
                .iter()
                .find(|v| w.starts_with(*v) && w[v.len()..].starts_with(char::is_uppercase))
        } else {
            None
        };
        let mut push = |from: usize, piece: &'a str| {
            let (cap, lower) = if piece.is_ascii() {
                let bytes = piece.as_bytes();
                let first = bytes.first().copied().unwrap_or(b' ');
                let cap = first.is_ascii_uppercase()
                    || (first.is_ascii_digit() && bytes.iter().any(u8::is_ascii_uppercase));
                // The same bytes as `piece.to_ascii_lowercase()` (the piece's
                // own when it has no capital).
                let lower = Cow::Borrowed(&ascii_lower[start + from..start + from + piece.len()]);
                (cap, lower)
            } else {
                let first = piece.chars().next().unwrap_or(' ');
                let cap = first.is_uppercase()
                    || (first.is_ascii_digit() && piece.chars().any(char::is_uppercase));
                (cap, lower_case(piece))
            };
            words.push(Word {
                range: start + from..start + from + piece.len(),
                lower,
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

/// The whitespace-separated chunks of `s` that are URLs, paths, e-mail
/// addresses, file names or slugs, as byte ranges of `s`.
///
/// Only a chunk with one of the bytes [`is_slug`] looks for can be one, so
/// the chunks around those bytes are the only ones cut out and tested.
fn slug_chunks(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|&b| slug_byte(b)) {
        let hit = at + k;
        // The chunk: from after the white space before the byte to the
        // white space after it (or the ends of `s`).
        let start = s[..hit]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = s[hit..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(s.len(), |(i, _)| hit + i);
        if is_slug(&s[start..end]) {
            out.push(start..end);
        }
        at = end;
    }
    out
}

/// The bytes of which a chunk needs one to be a slug (see [`is_slug`]).
fn slug_byte(b: u8) -> bool {
    SLUG_BYTES[usize::from(b)]
}

/// [`slug_byte`] as a table: one load per byte of a sentence.
const SLUG_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'/' | b'\\' | b'@' | b'_' | b'.' | b'-');
        b += 1;
    }
    table
};

fn is_slug(chunk: &str) -> bool {
    // Without one of these bytes no test below holds: most chunks.
    if !chunk.bytes().any(slug_byte) {
        return false;
    }
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
    // (`rsplit_once` by hand: a short chunk is scanned faster than searched)
    if let Some((stem, ext)) = core
        .bytes()
        .rposition(|b| b == b'.')
        .map(|dot| (&core[..dot], &core[dot + 1..]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`slug_chunks`] as first written: every chunk cut out and tested.
    fn slug_chunks_by_chunk(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (at, c) in s.char_indices().chain([(s.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(at),
                (true, Some(from)) => {
                    if is_slug(&s[from..at]) {
                        out.push(from..at);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// [`is_slug`] as first written, without the quick refusal.
    fn is_slug_in_full(chunk: &str) -> bool {
        let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        if core.starts_with("www.")
            || core
                .bytes()
                .any(|b| matches!(b, b'/' | b'\\' | b'@' | b'_'))
        {
            return true;
        }
        if let Some((stem, ext)) = core.rsplit_once('.')
            && (2..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_lowercase())
            && stem.chars().last().is_some_and(char::is_alphanumeric)
            && !stem.contains('.')
            && stem.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return true;
        }
        core.bytes().filter(|&b| b == b'-').count() >= 3 && !core.chars().any(char::is_uppercase)
    }

    /// Text of words, slugs, paths and addresses, with ASCII and other
    /// white space and letters.
    fn slugish() -> impl Strategy<Value = String> {
        let chars = proptest::sample::select(
            &[
                'a', 'b', 'Z', '1', ' ', ' ', '\n', '\u{A0}', '\u{2003}', '.', '.', '-', '-', '/',
                '\\', '@', '_', ',', '(', '"', 'é', 'É', '\u{2019}', 'w',
            ][..],
        );
        proptest::collection::vec(chars, 0..60).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn slug_chunks_are_those_of_every_chunk(s in slugish()) {
            prop_assert_eq!(slug_chunks(&s), slug_chunks_by_chunk(&s));
            for chunk in s.split(char::is_whitespace) {
                prop_assert_eq!(is_slug(chunk), is_slug_in_full(chunk), "{:?}", chunk);
            }
        }

        #[test]
        fn words_not_kept_leave_the_quotation_marks_as_words_kept(
            s in slugish(),
            marks in proptest::collection::vec(
                proptest::sample::select(&["\"", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", ", ", ". "][..]),
                0..6,
            ),
            open in proptest::bool::ANY,
        ) {
            // The pieces of `s` with quotation marks and punctuation among them.
            let mut text = String::new();
            for (k, piece) in s.split(' ').enumerate() {
                text.push_str(piece);
                text.push_str(marks.get(k % marks.len().max(1)).copied().unwrap_or(" "));
            }
            let lower = text.to_ascii_lowercase();
            let all = words(&text, &lower, &(0..text.len()), open, true);
            let none = words(&text, &lower, &(0..text.len()), open, false);
            prop_assert!(none.words.is_empty());
            prop_assert_eq!(none.marks, all.marks);
            prop_assert_eq!(none.open_at_end, all.open_at_end);
        }

        #[test]
        fn ascii_words_are_lower_cased_and_capitalised_as_any_word(s in slugish()) {
            let lower = s.to_ascii_lowercase();
            let parsed = words(&s, &lower, &(0..s.len()), false, true);
            for w in &parsed.words {
                let piece = &s[w.range.clone()];
                let want = lower_case(piece);
                prop_assert_eq!(w.lower.as_ref(), want.as_ref());
                let first = piece.chars().next().unwrap_or(' ');
                let cap = first.is_uppercase()
                    || (first.is_ascii_digit() && piece.chars().any(char::is_uppercase));
                prop_assert_eq!(w.cap, cap);
            }
        }
    }

    #[test]
    fn slugs_and_words() {
        let s = "See https://x.example/a-b and report.pdf, said Ann-Lee (www.acme.com) today.";
        let got: Vec<&str> = slug_chunks(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            ["https://x.example/a-b", "report.pdf,", "(www.acme.com)"]
        );
        assert_eq!(slug_chunks(s), slug_chunks_by_chunk(s));
        let text = "Mr. LEE said 3M";
        let lower = text.to_ascii_lowercase();
        let parsed = words(text, &lower, &(0..text.len()), false, true);
        let got: Vec<(&str, bool)> = parsed
            .words
            .iter()
            .map(|w| (w.lower.as_ref(), w.cap))
            .collect();
        assert_eq!(
            got,
            [("mr", true), ("lee", true), ("said", false), ("3m", true)]
        );
    }
}
