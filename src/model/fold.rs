//! Normalisation shared by aliases and text (SPEC 3.2 to 3.4).
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

/// Pushes the folded form of one non-space character.
fn fold_char(c: char, lower: bool, out: &mut impl FnMut(char)) {
    match c {
        '\u{2019}' => out('\''),
        '\u{2010}'..='\u{2013}' => out('-'),
        _ if !lower => decompose_canonical(c, |d| out(d)),
        'ß' | 'ẞ' => {
            out('s');
            out('s');
        }
        'ς' => out('σ'),
        _ => {
            for l in c.to_lowercase() {
                decompose_canonical(l, |d| out(d));
            }
        }
    }
}

/// Folds a whole string: used for aliases, and for comparing a matched span
/// with an `exact` alias (with `lower` false, case is kept).
pub fn fold_str(s: &str, lower: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c.is_whitespace() {
            let mut breaks = 0;
            let mut count = |ch: char, next: Option<char>| {
                if is_line_break(ch) && !(ch == '\r' && next == Some('\n')) {
                    breaks += 1;
                }
            };
            count(c, chars.peek().map(|&(_, n)| n));
            while let Some(&(_, n)) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                chars.next();
                count(n, chars.peek().map(|&(_, n2)| n2));
            }
            out.push(if breaks >= 2 {
                BREAK as char
            } else {
                SPACE as char
            });
        } else {
            fold_char(c, lower, &mut |d| out.push(d));
        }
    }
    out
}

/// A folded chunk of text and its map back to the original offsets.
#[derive(Debug, Default)]
pub struct FoldedChunk {
    /// The folded bytes (valid UTF-8).
    pub bytes: Vec<u8>,
    /// For each folded byte, the original offset of the character (or white
    /// space run) that produced it; one extra entry holds the original offset
    /// just past the chunk.
    pub map: Vec<usize>,
    /// Folded offset before which matches belong to this chunk.
    pub commit: usize,
    /// Original offset where the next chunk starts.
    pub next: usize,
}

impl FoldedChunk {
    /// Whether folded offset `i` starts the folding of an original character
    /// (a match may not begin or end inside one character's expansion).
    pub fn on_unit(&self, i: usize) -> bool {
        i == 0 || i >= self.map.len() - 1 || self.map[i] != self.map[i - 1]
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
        self.map.clear();
        self.commit = usize::MAX;
        self.next = text.len();
        let src = text.as_bytes();
        let mut i = start;
        let mut limit = usize::MAX;
        while i < src.len() {
            let b = src[i];
            if self.commit == usize::MAX && self.bytes.len() >= target && !is_space_start(text, i) {
                self.commit = self.bytes.len();
                self.next = i;
                limit = self.bytes.len() + overlap;
            }
            if self.bytes.len() >= limit {
                break;
            }
            if b < 0x80 && !b.is_ascii_whitespace() && b != 0x0B {
                self.bytes.push(b.to_ascii_lowercase());
                self.map.push(i);
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_whitespace() {
                let run_start = i;
                let mut breaks = 0;
                let mut j = i;
                while let Some(ch) = text[j..].chars().next() {
                    if !ch.is_whitespace() {
                        break;
                    }
                    let next_is_lf = src.get(j + ch.len_utf8()) == Some(&b'\n');
                    if is_line_break(ch) && !(ch == '\r' && next_is_lf) {
                        breaks += 1;
                    }
                    j += ch.len_utf8();
                }
                self.bytes.push(if breaks >= 2 { BREAK } else { SPACE });
                self.map.push(run_start);
                i = j;
            } else {
                let bytes = &mut self.bytes;
                let map = &mut self.map;
                let mut buf = [0u8; 4];
                fold_char(c, true, &mut |d| {
                    let enc = d.encode_utf8(&mut buf);
                    bytes.extend_from_slice(enc.as_bytes());
                    map.extend(std::iter::repeat_n(i, enc.len()));
                });
                i += c.len_utf8();
            }
        }
        if self.commit == usize::MAX {
            // The text ended before the target: everything is committed.
            self.commit = self.bytes.len();
            self.next = text.len();
        }
        self.map.push(i);
    }
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
        let text = "Ab\u{A0}\u{A0}Ç’x";
        let mut c = FoldedChunk::default();
        c.fill(text, 0, 1000, 10);
        assert_eq!(std::str::from_utf8(&c.bytes).unwrap(), "ab c\u{327}'x");
        assert_eq!(c.map, vec![0, 1, 2, 6, 6, 6, 8, 11, 12]);
        assert!(c.on_unit(3) && !c.on_unit(4) && c.on_unit(6));
        assert_eq!(c.commit, c.bytes.len());
        assert_eq!(c.next, text.len());
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
