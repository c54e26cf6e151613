//! Normalisation shared by aliases and text (docs/matching.md, Normalisation).
//!
//! The matcher never searches the original text: it searches a *folded* copy
//! of one chunk at a time, in which letters are lower-cased and decomposed
//! (NFD), `’` is `'`, the dashes U+2010 to U+2013 are `-`, and each run of
//! white space is one space (or one `\n` when it holds two or more line breaks,
//! which no alias contains). Beside the folded bytes it keeps an offset map
//! back into the original text, so no offset is ever taken from the copy.

use unicode_normalization::char::decompose_canonical;

/// What a run of white space folds to when it holds at most one line break.
pub const SPACE: u8 = b' ';
/// What a run of white space folds to when it holds a blank line.
pub const BREAK: u8 = b'\n';

/// Whether `c` ends a line, for the purpose of counting line breaks in a run
/// of white space. A CR counts unless an LF follows it.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The run of white space starting at `start` (a white-space character):
/// where it ends, and what it folds to — [`SPACE`], or [`BREAK`] when it
/// holds two or more line breaks.
fn space_run(text: &str, start: usize) -> (usize, u8) {
    let src = text.as_bytes();
    let mut breaks = 0;
    let mut end = start;
    while let Some(ch) = text[end..].chars().next().filter(|c| c.is_whitespace()) {
        let next_is_lf = src.get(end + ch.len_utf8()) == Some(&b'\n');
        if is_line_break(ch) && !(ch == '\r' && next_is_lf) {
            breaks += 1;
        }
        end += ch.len_utf8();
    }
    (end, if breaks >= 2 { BREAK } else { SPACE })
}

/// Pushes the folded form of one non-space character.
fn fold_char(c: char, lower: bool, out: &mut impl FnMut(char)) {
    match c {
        '\u{2019}' => out('\''),
        '\u{2010}'..='\u{2013}' => out('-'),
        _ if !lower => decompose_canonical(c, &mut *out),
        'ß' | 'ẞ' => {
            out('s');
            out('s');
        }
        'ς' => out('σ'),
        _ => {
            for l in c.to_lowercase() {
                decompose_canonical(l, &mut *out);
            }
        }
    }
}

/// Folds a whole string: used for aliases, and for comparing a matched span
/// with an `exact` alias (with `lower` false, case is kept).
pub fn fold_str(s: &str, lower: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if c.is_whitespace() {
            let (end, folded) = space_run(s, i);
            out.push(char::from(folded));
            i = end;
        } else {
            fold_char(c, lower, &mut |d| out.push(d));
            i += c.len_utf8();
        }
    }
    out
}

/// White space as ASCII bytes (the ASCII part of Unicode `White_Space`).
pub const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Whether the folded text from `pos` (a character start) begins with
/// `folded`, a pattern folded by [`fold_str`]; if so, the original offset
/// where that prefix ends. Folds only as far as the first difference, so a
/// long pattern costs no more than the text that matches it.
pub(crate) fn folded_match(text: &str, pos: usize, folded: &[u8]) -> Option<usize> {
    let mut n = 0;
    let mut i = pos;
    let mut buf = [0u8; 4];
    while n < folded.len() {
        let c = text.get(i..)?.chars().next()?;
        if c.is_whitespace() {
            let (end, f) = space_run(text, i);
            if folded[n] != f {
                return None;
            }
            n += 1;
            i = end;
        } else {
            let mut same = true;
            fold_char(c, true, &mut |d| {
                let d = d.encode_utf8(&mut buf).as_bytes();
                same &= folded.get(n..n + d.len()) == Some(d);
                n += d.len();
            });
            if !same {
                return None;
            }
            i += c.len_utf8();
        }
    }
    Some(i)
}

/// How plain ASCII folds: letters to lower case, white space to a space.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = if is_ascii_space(b as u8) {
            SPACE
        } else {
            (b as u8).to_ascii_lowercase()
        };
        b += 1;
    }
    t
};

/// A stretch of the chunk where folded and original bytes do not correspond
/// one to one: a character whose folding changes its length or splits it
/// (`É` → `e` + U+0301, `’` → `'`), or a run of white space longer than one
/// byte. A match may begin or end at a unit's edges, never inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    folded: usize,
    raw: usize,
    folded_len: usize,
    raw_len: usize,
}

/// A folded chunk of text and its map back to the original offsets.
///
/// Outside the recorded units folded bytes correspond one to one to
/// original bytes, so the map costs nothing for plain ASCII text.
#[derive(Debug, Default)]
pub struct FoldedChunk {
    /// The folded bytes (valid UTF-8).
    pub bytes: Vec<u8>,
    units: Vec<Unit>,
    /// Original offset of folded byte 0.
    raw_start: usize,
    /// Folded offset before which matches belong to this chunk.
    pub commit: usize,
    /// Original offset where the next chunk starts.
    pub next: usize,
}

impl FoldedChunk {
    /// The original offset of folded offset `i`, or `None` when `i` falls
    /// inside the folding of one character or white-space run.
    pub(crate) fn raw_offset(&self, i: usize) -> Option<usize> {
        match self.units.partition_point(|u| u.folded <= i) {
            0 => Some(self.raw_start + i),
            n => {
                let u = self.units[n - 1];
                if i == u.folded {
                    Some(u.raw)
                } else if i < u.folded + u.folded_len {
                    None
                } else {
                    Some(u.raw + u.raw_len + (i - u.folded - u.folded_len))
                }
            }
        }
    }

    fn push_unit(&mut self, folded: usize, raw: usize, raw_len: usize) {
        let folded_len = self.bytes.len() - folded;
        self.units.push(Unit {
            folded,
            raw,
            folded_len,
            raw_len,
        });
    }

    /// Folds `text[start..]` into this chunk, reusing its buffers.
    ///
    /// At least `target` folded bytes are committed (unless the text ends
    /// first), and `overlap` more bytes are folded past the commit point so
    /// that any match starting before it is complete. The commit point is
    /// always at a character that is not white space, so the next chunk folds
    /// exactly as the whole text would.
    pub fn fill(&mut self, text: &str, start: usize, target: usize, overlap: usize) {
        self.bytes.clear();
        self.units.clear();
        self.raw_start = start;
        self.commit = usize::MAX;
        self.next = text.len();
        let src = text.as_bytes();
        // Room for the bytes this fill will likely take, at once: a new
        // chunk (one per article) would otherwise grow by doubling, copying
        // a short article's text several times. Folding rarely lengthens
        // text, so a little more than the text covered is enough.
        let likely = (src.len().saturating_sub(start))
            .min(target.saturating_add(overlap))
            .saturating_add(16);
        self.bytes.reserve(likely);
        let mut i = start;
        let mut limit = usize::MAX;
        while i < src.len() {
            let len = self.bytes.len();
            if len >= target && self.commit == usize::MAX && !is_space_start(text, i) {
                self.commit = len;
                self.next = i;
                limit = len.saturating_add(overlap);
            }
            if len >= limit {
                break;
            }
            // Plain ASCII, the common case, folds one to one: letters are
            // lowered and a lone space between non-spaces stays one space.
            // Run until the next point where commit or limit must be checked.
            let stop = i.saturating_add(if self.commit == usize::MAX {
                target.saturating_sub(len).max(1)
            } else {
                limit - len
            });
            let run_end = stop.min(src.len());
            let before = i;
            // Eight bytes at a time while they are plain ASCII words and
            // lone spaces; byte by byte through a block that is not, then
            // eight at a time again, until a byte that folds otherwise.
            loop {
                while i + 8 <= run_end {
                    let Some(folded) = fold_eight(src, i) else {
                        break;
                    };
                    self.bytes.extend_from_slice(&folded);
                    i += 8;
                }
                let from = i;
                let block_end = run_end.min(i + 8);
                let mut stopped = false;
                while i < block_end {
                    let b = src[i];
                    if b >= 0x80
                        || (is_ascii_space(b)
                            && !src
                                .get(i + 1)
                                .is_some_and(|&n| n < 0x80 && !is_ascii_space(n)))
                    {
                        stopped = true;
                        break;
                    }
                    i += 1;
                }
                self.bytes
                    .extend(src[from..i].iter().map(|&b| ASCII_FOLD[b as usize]));
                if stopped || i >= run_end {
                    break;
                }
            }
            if i > before {
                continue;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_whitespace() {
                let (j, folded) = space_run(text, i);
                self.bytes.push(folded);
                if j - i != 1 {
                    self.push_unit(len, i, j - i);
                }
                i = j;
            } else {
                let mut one_char = None;
                let mut count = 0;
                let mut buf = [0u8; 4];
                let bytes = &mut self.bytes;
                fold_char(c, true, &mut |d| {
                    count += 1;
                    one_char = Some(d);
                    bytes.extend_from_slice(d.encode_utf8(&mut buf).as_bytes());
                });
                let same = count == 1 && one_char.is_some_and(|d| d.len_utf8() == c.len_utf8());
                if !same {
                    self.push_unit(len, i, c.len_utf8());
                }
                i += c.len_utf8();
            }
        }
        if self.commit == usize::MAX {
            // The text ended before the target: everything is committed.
            self.commit = self.bytes.len();
            self.next = text.len();
        }
    }
}

/// Eight times the byte `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// `src[i..i + 8]` folded, when those eight bytes fold one to one as plain
/// ASCII does without looking further: ASCII that is not white space or a
/// control character, or a space (U+0020) that is neither next to another
/// byte below U+0021 nor followed by a byte that is not ASCII. `None` for
/// anything else (the caller folds it byte by byte); the eighth byte may be
/// a space only when the byte after it is at hand.
#[inline]
fn fold_eight(src: &[u8], i: usize) -> Option<[u8; 8]> {
    const HIGH: u64 = splat(0x80);
    let bytes: [u8; 8] = src.get(i..i + 8)?.try_into().ok()?;
    let w = u64::from_le_bytes(bytes);
    if w & HIGH != 0 {
        return None;
    }
    // The high bit of each byte of `low` is set where the byte is below
    // 0x21 (every byte is below 0x80, so no sum carries into the next).
    let low = !(w + splat(0x80 - 0x21)) & HIGH;
    if low != 0 {
        // Spaces: bytes equal to 0x20.
        let x = w ^ splat(b' ');
        let spaces = !(((x & splat(0x7F)) + splat(0x7F)) | x) & HIGH;
        if low != spaces || (spaces << 8) & spaces != 0 {
            return None;
        }
        if spaces >> 56 != 0 {
            // A space last: the next byte must be ASCII and no white space
            // or control character.
            let &next = src.get(i + 8)?;
            if !(0x21..0x80).contains(&next) {
                return None;
            }
        }
    }
    // Capitals: bytes from `A` to `Z` get 0x20 added.
    let from_a = w + splat(0x80 - b'A');
    let past_z = w + splat(0x80 - b'Z' - 1);
    let capitals = from_a & !past_z & HIGH;
    Some((w | (capitals >> 2)).to_le_bytes())
}

fn is_space_start(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_space_apostrophe_dash() {
        assert_eq!(fold_str("Fancy\u{A0}\r\n Bear’s", true), "fancy bear's");
        assert_eq!(fold_str("A\n\nB", true), "a\nb");
        assert_eq!(fold_str("A\r\n\r\nB", true), "a\nb");
        assert_eq!(fold_str("A\r\nB", true), "a b");
        assert_eq!(fold_str("TG\u{2011}4127", true), "tg-4127");
        assert_eq!(fold_str("ГРУ", true), "гру");
        assert_eq!(fold_str("Straße", true), "strasse");
        assert_eq!(fold_str("Café", false), "Cafe\u{301}");
    }

    #[test]
    fn chunk_maps_back_to_original_offsets() {
        let text = "Ab\u{A0}\u{A0}Ç’x  y\nz";
        let mut c = FoldedChunk::default();
        c.fill(text, 0, 1000, 10);
        assert_eq!(std::str::from_utf8(&c.bytes).unwrap(), "ab c\u{327}'x y z");
        let raw: Vec<Option<usize>> = (0..=c.bytes.len()).map(|i| c.raw_offset(i)).collect();
        let expected = [
            0,
            1,
            2,
            6,
            usize::MAX,
            usize::MAX,
            8,
            11,
            12,
            14,
            15,
            16,
            17,
        ];
        let expected: Vec<Option<usize>> = expected
            .iter()
            .map(|&e| (e != usize::MAX).then_some(e))
            .collect();
        assert_eq!(raw, expected);
        assert_eq!(c.commit, c.bytes.len());
        assert_eq!(c.next, text.len());
    }

    #[test]
    fn a_folded_pattern_matches_where_the_fold_begins_with_it() {
        let text = "x Fancy\u{A0}\r\n Bear’s ÉTÉ  \n\n Straße";
        let at = |p: &str, pattern: &str| {
            folded_match(text, p.len(), fold_str(pattern, true).as_bytes())
        };
        assert_eq!(
            at("x ", "fancy bear's"),
            Some(text.find(" ÉTÉ").unwrap_or(0))
        );
        assert_eq!(at("x ", "fancy bear"), Some(text.find("’s").unwrap_or(0)));
        assert_eq!(at("x ", "fancy bears"), None);
        let ete = text.find("ÉTÉ").unwrap_or(0);
        assert_eq!(folded_match(text, ete, "été\nstrasse".as_bytes()), None);
        assert_eq!(
            folded_match(text, ete, fold_str("ÉTÉ\n\nStraße", true).as_bytes()),
            Some(text.len())
        );
        assert_eq!(
            folded_match(text, ete, "ete".as_bytes()),
            None,
            "é folds to e + U+0301"
        );
        assert_eq!(folded_match(text, text.len() - 2, "ssx".as_bytes()), None);
    }

    #[test]
    fn chunk_folds_like_fold_str() {
        let text = "The U.S. \u{2013} ÉTÉ\r\n\r\nGRU’s  Straße\t\u{B}x";
        let mut c = FoldedChunk::default();
        c.fill(text, 0, 1 << 20, 0);
        assert_eq!(std::str::from_utf8(&c.bytes).unwrap(), fold_str(text, true));
    }

    #[test]
    fn eight_bytes_fold_as_one_by_one_or_not_at_all() {
        // Every byte that matters, at every place of the eight, and what
        // follows them.
        let bytes = [
            b'a', b'Z', b'A', b'z', b'@', b'[', b'`', b'{', b' ', b'\t', b'\n', 0x0B, 0x0C, b'\r',
            0x00, 0x1F, 0x21, 0x7F, 0x80, 0xC3, b'0', b'_',
        ];
        let mut taken = 0;
        for &x in &bytes {
            for at in 0..9 {
                for &next in &bytes {
                    let mut src = b"Fancy.Be".to_vec();
                    if at < 8 {
                        src[at] = x;
                    }
                    src.push(next);
                    let Some(folded) = fold_eight(&src, 0) else {
                        continue;
                    };
                    taken += 1;
                    let text = String::from_utf8_lossy(&src).into_owned();
                    let mut c = FoldedChunk::default();
                    c.fill(&text, 0, usize::MAX, 0);
                    assert_eq!(
                        folded[..],
                        c.bytes[..8],
                        "{src:?} folds as {:?}",
                        String::from_utf8_lossy(&folded)
                    );
                    assert!(
                        c.units.first().is_none_or(|u| u.folded >= 8),
                        "{src:?}: the eight bytes fold one to one"
                    );
                }
            }
        }
        assert!(taken > 1000, "the fast path is taken ({taken})");
        assert_eq!(
            fold_eight(b"FancyBe ", 0),
            None,
            "a space last needs the next byte"
        );
        assert_eq!(fold_eight(b"FancyBe x", 0), Some(*b"fancybe "));
        assert_eq!(fold_eight(b"FancyBe \xC3", 0), None);
        assert_eq!(fold_eight(b"FANCY BEAR", 0), Some(*b"fancy be"));
        assert_eq!(fold_eight(b"a  bcdefgh", 0), None, "two spaces are one");
        assert_eq!(fold_eight(b"a\tbcdefgh", 0), None, "a tab is a space");
    }

    proptest::proptest! {
        #[test]
        fn chunk_folds_like_fold_str_whatever_the_text(
            text in "[a-zA-Z0-9 .,_@\\[`{\t\n\r\u{0B}\u{0C}\u{1}\u{7F}é’\u{A0}\u{2013}ÉSß]{0,80}",
            from in 0usize..16,
        ) {
            let from = (0..=from.min(text.len())).rev().find(|&f| text.is_char_boundary(f)).unwrap_or(0);
            let mut c = FoldedChunk::default();
            c.fill(&text, from, usize::MAX, 0);
            proptest::prop_assert_eq!(
                std::str::from_utf8(&c.bytes).unwrap_or_default(),
                fold_str(&text[from..], true)
            );
        }
    }

    #[test]
    fn chunk_commit_never_splits_a_space_run() {
        let text = "abc   def ghi";
        let mut c = FoldedChunk::default();
        c.fill(text, 0, 3, 4);
        assert_eq!(c.next, 6);
        assert_eq!(c.commit, 4);
        assert_eq!(std::str::from_utf8(&c.bytes).unwrap(), "abc def ");
        c.fill(text, c.next, 3, 4);
        assert_eq!(std::str::from_utf8(&c.bytes).unwrap(), "def ghi");
    }
}
