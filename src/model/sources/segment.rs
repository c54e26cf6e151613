//! Sentence and word boundaries (Unicode Standard Annex #29) for the
//! attribution finder, fast on the characters of news prose.
//!
//! [`sentence_bounds`] and [`word_bounds`] give the same `(start, segment)`
//! pieces as `split_sentence_bound_indices` and `split_word_bound_indices`
//! of the `unicode-segmentation` crate (Unicode 17, the version its 1.13
//! tables use), including the way that crate reads the rules. They take a
//! fast path on text whose characters are all in a small table of their own:
//! all of ASCII, the curly quotation marks U+2018 U+2019 U+201C U+201D, the
//! dashes U+2013 U+2014, the ellipsis U+2026, the no-break space U+00A0,
//! the Latin-1 letters U+00C0–U+00FF (not `×` U+00D7 nor `÷` U+00F7) and
//! the capital and small letters of Latin Extended-A and -B, Greek and
//! Cyrillic (U+0100–U+024F, U+0370–U+03FF, U+0400–U+04FF; a test holds
//! each to the crate). Text with any other character goes to
//! `unicode-segmentation`.
//!
//! In the table no character is Extend, Format, ZWJ, OLetter, Sep,
//! Hebrew_Letter, Katakana or Regional_Indicator, so rules SB5, WB3c, WB4,
//! WB7a–WB7c, WB13 and WB13c never apply on the fast path.
//!
//! Sentences (UAX #29 section 5): SB3 (CR × LF) and SB4 (break after a
//! paragraph separator) make every paragraph separator end a sentence, and
//! the lookahead of SB8 stops at one, so the text is segmented paragraph by
//! paragraph: the fast path for a paragraph all in the table, the crate for
//! any other. Within a paragraph: SB6 (ATerm × Numeric), SB7 (Upper/Lower
//! ATerm × Upper), SB8 (ATerm Close* Sp* × … Lower), SB8a (SATerm Close*
//! Sp* × SContinue/SATerm), SB9, SB10 (no break inside `SATerm Close* Sp*
//! ParaSep?`), SB11 (break after it) and SB998 (no break otherwise).
//!
//! Words (UAX #29 section 4), one sentence at a time: WB3 (CR × LF), WB3a
//! and WB3b (break around CR, LF, Newline), WB3d (WSegSpace × WSegSpace),
//! WB5 (letters), WB6 and WB7 (letter MidLetter/MidNumLet/Single_Quote
//! letter), WB8–WB10 (letters and digits), WB11 and WB12 (digit
//! MidNum/MidNumLet/Single_Quote digit), WB13a and WB13b (ExtendNumLet) and
//! WB999 (break everywhere else).

// Property values and rule numbers (ATerm, SB8a) are the names UAX #29
// gives them, not code.
#![allow(clippy::doc_markdown)]

use unicode_segmentation::{USentenceBoundIndices, UWordBoundIndices, UnicodeSegmentation};

/// Sentence_Break property values of the characters in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sb {
    /// Any other value (XX).
    Other,
    /// Sp: space, tab, vertical tab, form feed, no-break space.
    Sp,
    /// LF, a paragraph separator.
    Lf,
    /// CR, a paragraph separator.
    Cr,
    /// Lower: lower-case letters.
    Lower,
    /// Upper: capital letters.
    Upper,
    /// Numeric: digits.
    Numeric,
    /// ATerm: the full stop.
    ATerm,
    /// STerm: `!` and `?`.
    STerm,
    /// Close: brackets and quotation marks.
    Close,
    /// SContinue: `,` `-` `:` `;` and the dashes.
    SContinue,
}

/// Word_Break property values of the characters in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    /// Any other value (XX).
    Other,
    /// CR.
    Cr,
    /// LF.
    Lf,
    /// Newline: vertical tab and form feed.
    Newline,
    /// WSegSpace: the space.
    WSegSpace,
    /// ALetter: letters.
    ALetter,
    /// Numeric: digits.
    Numeric,
    /// MidLetter: `:`.
    MidLetter,
    /// MidNum: `,` and `;`.
    MidNum,
    /// MidNumLet: `.`, `‘` and `’`.
    MidNumLet,
    /// Single_Quote: `'`.
    SingleQuote,
    /// Double_Quote: `"`.
    DoubleQuote,
    /// ExtendNumLet: `_`.
    ExtendNumLet,
}

/// The two properties of an ASCII byte.
const fn ascii_class(b: u8) -> (Sb, Wb) {
    match b {
        b'\t' => (Sb::Sp, Wb::Other),
        b'\n' => (Sb::Lf, Wb::Lf),
        0x0B | 0x0C => (Sb::Sp, Wb::Newline),
        b'\r' => (Sb::Cr, Wb::Cr),
        b' ' => (Sb::Sp, Wb::WSegSpace),
        b'!' | b'?' => (Sb::STerm, Wb::Other),
        b'"' => (Sb::Close, Wb::DoubleQuote),
        b'\'' => (Sb::Close, Wb::SingleQuote),
        b'(' | b')' | b'[' | b']' | b'{' | b'}' => (Sb::Close, Wb::Other),
        b',' | b';' => (Sb::SContinue, Wb::MidNum),
        b':' => (Sb::SContinue, Wb::MidLetter),
        b'-' => (Sb::SContinue, Wb::Other),
        b'.' => (Sb::ATerm, Wb::MidNumLet),
        b'0'..=b'9' => (Sb::Numeric, Wb::Numeric),
        b'A'..=b'Z' => (Sb::Upper, Wb::ALetter),
        b'a'..=b'z' => (Sb::Lower, Wb::ALetter),
        b'_' => (Sb::Other, Wb::ExtendNumLet),
        _ => (Sb::Other, Wb::Other),
    }
}

/// [`ascii_class`] of every ASCII byte, by byte.
const ASCII: [(Sb, Wb); 128] = {
    let mut table = [(Sb::Other, Wb::Other); 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

/// Whether an ASCII byte is ALetter, Numeric or ExtendNumLet, by byte:
/// the bytes a word runs over without a rule to check (WB5, WB8–WB10,
/// WB13a, WB13b).
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(ASCII[b].1, Wb::ALetter | Wb::Numeric | Wb::ExtendNumLet);
        b += 1;
    }
    table
};

/// The two properties of a character of the table; `None` for a character
/// outside it.
fn class(c: char) -> Option<(Sb, Wb)> {
    if c.is_ascii() {
        return Some(ASCII[c as usize]);
    }
    Some(match c {
        '\u{A0}' => (Sb::Sp, Wb::Other),
        '\u{2018}' | '\u{2019}' => (Sb::Close, Wb::MidNumLet),
        '\u{201C}' | '\u{201D}' => (Sb::Close, Wb::Other),
        '\u{2013}' | '\u{2014}' => (Sb::SContinue, Wb::Other),
        '\u{2026}' => (Sb::Other, Wb::Other),
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => (Sb::Upper, Wb::ALetter),
        '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' => (Sb::Lower, Wb::ALetter),
        // The capital and small letters of Latin Extended-A and -B, Greek
        // and Cyrillic (not Georgian, whose small letters are OLetter to
        // UAX #29).
        '\u{100}'..='\u{24F}' | '\u{370}'..='\u{3FF}' | '\u{400}'..='\u{4FF}' => {
            if c.is_uppercase() {
                (Sb::Upper, Wb::ALetter)
            } else if c.is_lowercase() {
                (Sb::Lower, Wb::ALetter)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// The properties and UTF-8 length of the character of `s` at byte `at`
/// (a character boundary before the end), the character being in the table.
// Not inlined on its own, it handed its tuple back through the stack: the
// costliest instruction of the word loop in a profile.
#[allow(clippy::inline_always)]
#[inline(always)]
fn class_at(s: &str, at: usize) -> (Sb, Wb, usize) {
    let b = s.as_bytes()[at];
    if b < 0x80 {
        let (sb, wb) = ASCII[b as usize];
        return (sb, wb, 1);
    }
    let c = s[at..].chars().next().unwrap_or(' ');
    let (sb, wb) = class(c).unwrap_or((Sb::Other, Wb::Other));
    (sb, wb, c.len_utf8())
}

/// Whether every character of `s` is in the table.
fn all_in_table(s: &str) -> bool {
    // Only the characters beyond ASCII need a look: found byte by byte (a
    // byte below 0x80 is never part of a longer character), each decoded.
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|&b| b >= 0x80) {
        at += k;
        let c = s[at..].chars().next().unwrap_or(' ');
        if class(c).is_none() {
            return false;
        }
        at += c.len_utf8();
    }
    true
}

// ---------------------------------------------------------------- sentences

/// The end of the paragraph of `text` that starts at `from` (after its
/// separator: CR, LF, CR LF, U+0085, U+2028 or U+2029; or the end of the
/// text), and whether all its characters are in the table.
fn paragraph(text: &str, from: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    // Most paragraphs are ASCII up to their line break: found at once.
    let ascii_end = memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |k| from + k);
    if bytes[from..ascii_end].is_ascii() {
        return match bytes.get(ascii_end) {
            Some(b'\r') => (
                ascii_end + 1 + usize::from(bytes.get(ascii_end + 1) == Some(&b'\n')),
                true,
            ),
            Some(_) => (ascii_end + 1, true),
            None => (ascii_end, true),
        };
    }
    let mut fast = true;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            match b {
                b'\n' => return (i, fast),
                b'\r' => return (i + usize::from(bytes.get(i) == Some(&b'\n')), fast),
                _ => continue,
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
            return (i, false);
        }
        fast &= class(c).is_some();
    }
    (i, fast)
}

/// Where a sentence term (SB6–SB11) stands before the next character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No `SATerm Close* Sp*` before: no sentence ends here.
    None,
    /// Just after the SATerm.
    Term,
    /// After `SATerm Close+`.
    Close,
    /// After `SATerm Close* Sp+`.
    Sp,
}

/// What the sentence rules need to know of the text before a position.
#[derive(Debug, Clone, Copy)]
struct SbState {
    /// The class of the previous character (`Other` at the start).
    prev: Sb,
    /// Where the last SATerm stands.
    phase: Phase,
    /// Whether that term is an ATerm (a full stop) rather than an STerm.
    aterm: bool,
    /// Whether an Upper or Lower letter comes just before that ATerm (SB7).
    letter_before: bool,
    /// The answer of the SB8 lookahead for that ATerm, once asked: it skips
    /// the Close and Sp characters the phase goes over, so it holds until the
    /// next term.
    sb8: Option<bool>,
}

impl SbState {
    /// The state at the start of a paragraph.
    const START: SbState = SbState {
        prev: Sb::Other,
        phase: Phase::None,
        aterm: false,
        letter_before: false,
        sb8: None,
    };

    /// The state after a character of class `sb`.
    fn after(&mut self, sb: Sb) {
        self.phase = match sb {
            Sb::ATerm | Sb::STerm => {
                self.aterm = sb == Sb::ATerm;
                self.letter_before = matches!(self.prev, Sb::Upper | Sb::Lower);
                self.sb8 = None;
                Phase::Term
            }
            Sb::Close if matches!(self.phase, Phase::Term | Phase::Close) => Phase::Close,
            Sb::Sp if self.phase != Phase::None => Phase::Sp,
            _ => Phase::None,
        };
        self.prev = sb;
    }
}

/// SB8: from `at`, characters neither letters, paragraph separators nor
/// sentence terms, then a Lower letter.
fn lower_follows(para: &str, mut at: usize) -> bool {
    while at < para.len() {
        let (sb, _, len) = class_at(para, at);
        match sb {
            Sb::Lower => return true,
            Sb::Upper | Sb::Lf | Sb::Cr | Sb::ATerm | Sb::STerm => return false,
            _ => at += len,
        }
    }
    false
}

/// Whether a sentence ends before the character of class `sb` at `at` in
/// `para`, after the text described by `st` (not at the very start).
fn sentence_breaks(st: &mut SbState, para: &str, at: usize, sb: Sb) -> bool {
    match st.prev {
        Sb::Cr if sb == Sb::Lf => return false, // SB3
        Sb::Cr | Sb::Lf => return true,         // SB4
        _ => {}
    }
    if st.phase == Phase::None {
        return false; // SB998
    }
    if st.aterm && st.phase == Phase::Term {
        if sb == Sb::Numeric {
            return false; // SB6
        }
        if sb == Sb::Upper && st.letter_before {
            return false; // SB7
        }
    }
    if st.aterm && *st.sb8.get_or_insert_with(|| lower_follows(para, at)) {
        return false; // SB8
    }
    match sb {
        // SB8a; SB9 and SB10 for the spaces and paragraph separators
        Sb::SContinue | Sb::STerm | Sb::ATerm | Sb::Sp | Sb::Lf | Sb::Cr => false,
        // SB9 unless after a space, SB11 then
        Sb::Close => st.phase == Phase::Sp,
        _ => true, // SB11
    }
}

/// The sentence boundaries of one paragraph all in the table, as the byte
/// offsets after each sentence, pushed onto `out` shifted by `base`.
fn paragraph_sentences(para: &str, base: usize, out: &mut Vec<usize>) {
    let mut st = SbState::START;
    let mut at = 0;
    while at < para.len() {
        if st.phase == Phase::None {
            // No sentence term pending: no break before the next term (SB998),
            // and the characters up to it leave the phase at None, so skip to
            // it. No character of the table but `.` `!` `?` is a term.
            let term = memchr::memchr3(b'.', b'!', b'?', &para.as_bytes()[at..])
                .map_or(para.len(), |k| at + k);
            if term > at {
                if let Some(c) = para[..term].chars().next_back() {
                    st.prev = class(c).map_or(Sb::Other, |(sb, _)| sb);
                }
                at = term;
                if at >= para.len() {
                    break;
                }
            }
        }
        let (sb, _, len) = class_at(para, at);
        if at > 0 && sentence_breaks(&mut st, para, at, sb) {
            out.push(base + at);
        }
        st.after(sb);
        at += len;
    }
    if !para.is_empty() {
        out.push(base + para.len()); // SB2
    }
}

/// Sentence boundaries of a text, one paragraph at a time.
pub(super) struct SentenceBounds<'a> {
    /// The whole text.
    text: &'a str,
    /// Where the next paragraph starts.
    next_para: usize,
    /// Where the next fast sentence starts.
    start: usize,
    /// Ends of the fast sentences of the current paragraph not given yet,
    /// in reverse order.
    ends: Vec<usize>,
    /// The crate's iterator over a paragraph outside the table, with the
    /// offset of that paragraph.
    slow: Option<(usize, USentenceBoundIndices<'a>)>,
}

impl<'a> Iterator for SentenceBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            if let Some(end) = self.ends.pop() {
                let start = self.start;
                self.start = end;
                return Some((start, &self.text[start..end]));
            }
            if let Some((base, slow)) = &mut self.slow {
                if let Some((at, s)) = slow.next() {
                    return Some((*base + at, s));
                }
                self.slow = None;
            }
            if self.next_para >= self.text.len() {
                return None;
            }
            let from = self.next_para;
            let (end, fast) = paragraph(self.text, from);
            self.next_para = end;
            let para = &self.text[from..end];
            if fast {
                self.start = from;
                paragraph_sentences(para, from, &mut self.ends);
                self.ends.reverse();
            } else {
                self.slow = Some((from, para.split_sentence_bound_indices()));
            }
        }
    }
}

/// The sentences of `text` under UAX #29, with their byte offsets: the
/// pieces of `split_sentence_bound_indices`.
pub(super) fn sentence_bounds(text: &str) -> SentenceBounds<'_> {
    SentenceBounds {
        text,
        next_para: 0,
        start: 0,
        ends: Vec::new(),
        slow: None,
    }
}

// -------------------------------------------------------------------- words

/// Word boundaries of a piece of text.
pub(super) enum WordBounds<'a> {
    /// All in the table: the text and where the next word starts.
    Fast(&'a str, usize),
    /// Not all in the table: the crate's iterator.
    Slow(UWordBoundIndices<'a>),
}

/// The end of the word of `s` that starts at `start` (before the end).
fn word_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let (_, wb, len) = class_at(s, start);
    let mut at = start + len;
    match wb {
        // WB3, WB3a
        Wb::Cr => return at + usize::from(bytes.get(at) == Some(&b'\n')),
        // WB3d
        Wb::WSegSpace => {
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            return at;
        }
        Wb::ALetter | Wb::Numeric | Wb::ExtendNumLet => {}
        // WB3a, WB3b, WB999
        _ => return at,
    }
    // The class of the last letter, digit or connector taken.
    let mut last = wb;
    while at < s.len() {
        // A run of ASCII letters, digits and connectors: nothing to check
        // but the class of the last.
        if bytes[at] < 0x80 && ASCII_WORD[bytes[at] as usize] {
            let mut end = at + 1;
            while end < bytes.len() && bytes[end] < 0x80 && ASCII_WORD[bytes[end] as usize] {
                end += 1;
            }
            last = ASCII[bytes[end - 1] as usize].1;
            at = end;
            continue;
        }
        let (_, wb, len) = class_at(s, at);
        match wb {
            // WB5, WB8, WB9, WB10, WB13a, WB13b
            Wb::ALetter | Wb::Numeric | Wb::ExtendNumLet => {}
            Wb::MidLetter | Wb::MidNumLet | Wb::SingleQuote | Wb::MidNum => {
                // WB6, WB7 (letter mid letter) and WB11, WB12 (digit mid digit)
                let wanted = match (last, wb) {
                    (Wb::ALetter, Wb::MidLetter | Wb::MidNumLet | Wb::SingleQuote) => Wb::ALetter,
                    (Wb::Numeric, Wb::MidNum | Wb::MidNumLet | Wb::SingleQuote) => Wb::Numeric,
                    _ => return at,
                };
                if at + len >= s.len() {
                    return at;
                }
                let (_, after, after_len) = class_at(s, at + len);
                if after != wanted {
                    return at;
                }
                at += len + after_len;
                last = after;
                continue;
            }
            _ => return at,
        }
        last = wb;
        at += len;
    }
    at
}

impl<'a> Iterator for WordBounds<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            WordBounds::Fast(s, at) => {
                if *at >= s.len() {
                    return None;
                }
                let start = *at;
                *at = word_end(s, start);
                Some((start, &s[start..*at]))
            }
            WordBounds::Slow(slow) => slow.next(),
        }
    }
}

/// The words and the pieces between them of `s` under UAX #29, with their
/// byte offsets: the pieces of `split_word_bound_indices`.
pub(super) fn word_bounds(s: &str) -> WordBounds<'_> {
    if all_in_table(s) {
        WordBounds::Fast(s, 0)
    } else {
        WordBounds::Slow(s.split_word_bound_indices())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters of every class of the table (both properties, a Cyrillic
    /// letter among them), and some outside it: a combining accent
    /// (Extend), a soft hyphen (Format), the paragraph separators U+0085 and
    /// U+2029, a Georgian letter, a CJK ideograph (OLetter) and an emoji.
    const ALPHABET: &[char] = &[
        'a', 'A', '1', '.', '!', '?', ',', ';', ':', '-', '\'', '"', '(', ')', '_', ' ', '\t',
        '\n', '\r', '\u{0B}', '\u{0C}', '\0', '/', '$', '\u{2018}', '\u{2019}', '\u{201C}',
        '\u{201D}', '\u{2013}', '\u{2014}', '\u{2026}', '\u{A0}', 'É', 'é', '\u{301}', '\u{AD}',
        '\u{85}', '\u{2029}', 'ж', 'ბ', '中', '😀',
    ];

    /// One character of each pair of classes of the table, and one outside.
    const CLASSES: &[char] = &[
        'A', 'a', '1', '.', '!', ',', ':', '-', '\'', '"', '(', '\u{2019}', ' ', '\t', '\u{0B}',
        '\n', '\r', '_', '$', '\u{301}',
    ];

    fn same_as_the_crate(s: &str) {
        let want: Vec<(usize, &str)> = s.split_sentence_bound_indices().collect();
        let got: Vec<(usize, &str)> = sentence_bounds(s).collect();
        assert_eq!(got, want, "sentences of {s:?}");
        let want: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
        let got: Vec<(usize, &str)> = word_bounds(s).collect();
        assert_eq!(got, want, "words of {s:?}");
    }

    /// Every string of `len` characters of `alphabet`.
    fn every_string(alphabet: &[char], len: u32) -> usize {
        let n = alphabet.len();
        let mut s = String::new();
        for mut code in 0..n.pow(len) {
            s.clear();
            for _ in 0..len {
                s.push(alphabet[code % n]);
                code /= n;
            }
            same_as_the_crate(&s);
        }
        n.pow(len)
    }

    #[test]
    fn the_table_agrees_with_the_crate_on_every_short_string() {
        same_as_the_crate("");
        let checked: usize = (1..=3).map(|len| every_string(ALPHABET, len)).sum();
        assert!(checked > 60_000);
    }

    #[test]
    fn the_table_agrees_with_the_crate_on_every_string_of_four_classes() {
        assert_eq!(every_string(CLASSES, 4), 160_000);
    }

    /// Where the crate breaks `s` into sentences and into words, in
    /// characters (so that two strings whose characters differ in length
    /// compare).
    fn breaks_in_chars(s: &str) -> (Vec<usize>, Vec<usize>) {
        let in_chars = |at: usize| s[..at].chars().count();
        (
            s.split_sentence_bound_indices()
                .map(|(at, _)| in_chars(at))
                .collect(),
            s.split_word_bound_indices()
                .map(|(at, _)| in_chars(at))
                .collect(),
        )
    }

    #[test]
    fn every_letter_beyond_latin_1_in_the_table_is_read_by_the_crate_as_a_or_a() {
        // Characters around which the rules tell the classes apart: `. x`
        // (SB8) tells a small letter, `x.A` (SB7) a letter, `x'x` and `1x`
        // (WB6, WB7, WB10) an ALetter, `x\u{301}` an Extend.
        const AROUND: &[char] = &[
            'a', 'A', '1', '.', ' ', '\'', ':', '_', ',', '\u{301}', '\n', '"',
        ];
        let mut checked = 0;
        for c in (0x100..0x2000).filter_map(char::from_u32) {
            let stand_in = match class(c) {
                None => continue,
                Some(_) if c as u32 <= 0xFF => continue,
                Some((Sb::Upper, Wb::ALetter)) => 'A',
                Some((Sb::Lower, Wb::ALetter)) => 'a',
                Some(other) => panic!("{c:?} is {other:?}"),
            };
            let n = AROUND.len() + 1;
            for mut code in 0..n.pow(3) {
                let (mut with, mut instead) = (String::new(), String::new());
                for _ in 0..3 {
                    let k = code % n;
                    code /= n;
                    with.push(AROUND.get(k).copied().unwrap_or(c));
                    instead.push(AROUND.get(k).copied().unwrap_or(stand_in));
                }
                if with != instead {
                    assert_eq!(
                        breaks_in_chars(&with),
                        breaks_in_chars(&instead),
                        "{with:?} against {instead:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 200_000, "{checked}");
    }

    #[test]
    fn the_fast_paths_are_taken() {
        assert!(matches!(
            word_bounds("Don’t, said Zoë."),
            WordBounds::Fast(..)
        ));
        assert!(matches!(word_bounds("naïve café ×"), WordBounds::Slow(..)));
        assert!(matches!(
            word_bounds("Ștefan told Взгляд."),
            WordBounds::Fast(..)
        ));
        assert!(matches!(
            word_bounds("Tbilisi (თბილისი)"),
            WordBounds::Slow(..)
        ));
        assert_eq!(paragraph("Mr. Lee said “no”.\r\nNext", 0), (24, true));
        assert_eq!(paragraph("a\u{301}b\nc", 0), (5, false));
        assert_eq!(paragraph("a\u{2029}b", 0), (4, false));
        // One odd character slows its own paragraph only.
        let text = "He said so. She\u{301} did.\nIt rained. Then it stopped.";
        let mut bounds = sentence_bounds(text);
        assert_eq!(bounds.next(), Some((0, "He said so. ")));
        assert!(bounds.slow.is_some());
        assert_eq!(bounds.nth(1), Some((23, "It rained. ")));
        assert!(bounds.slow.is_none());
        same_as_the_crate(text);
    }

    #[test]
    fn sentence_rules_on_news_prose() {
        let text = "The U.S. said 3.5 per cent. “Stop!” he said. etc. and more… (Really.) Yes";
        let got: Vec<&str> = sentence_bounds(text).map(|(_, s)| s).collect();
        assert_eq!(
            got,
            [
                "The U.S. said 3.5 per cent. ",
                "“Stop!” ",
                "he said. etc. and more… (Really.) ",
                "Yes"
            ]
        );
        same_as_the_crate(text);
    }

    /// A character of news-like text: mostly letters and spaces, often the
    /// ends of sentences, quotation marks and line breaks.
    fn news_char() -> impl Strategy<Value = char> {
        prop_oneof![
            12 => proptest::sample::select(&['a', 'e', 'z', 'é', 'ß', 'ÿ', 'ł', 'ж', 'ω'][..]),
            4 => proptest::sample::select(&['A', 'T', 'É', 'Þ', 'Ș', 'Ж', 'Ω'][..]),
            8 => Just(' '),
            3 => proptest::sample::select(&['0', '7'][..]),
            5 => proptest::sample::select(&['.', '!', '?', '\u{2026}'][..]),
            5 => proptest::sample::select(
                &['"', '\'', '(', ')', '[', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}'][..]
            ),
            3 => proptest::sample::select(&[',', ';', ':', '-', '\u{2013}', '\u{2014}'][..]),
            3 => proptest::sample::select(&['\n', '\r'][..]),
            2 => proptest::sample::select(&['\t', '\u{A0}', '\u{0B}', '\u{0C}', '_', '/', '$', '\0'][..]),
            1 => proptest::sample::select(&['\u{301}', '\u{AD}', '\u{85}', '\u{2029}', 'ბ', '中'][..]),
        ]
    }

    proptest! {
        #[test]
        fn the_table_agrees_with_the_crate_on_news_like_text(
            chars in proptest::collection::vec(news_char(), 0..200)
        ) {
            let s: String = chars.into_iter().collect();
            same_as_the_crate(&s);
        }
    }
}
