//! Word boundaries (UAX #29) checked at single positions.
//!
//! The matcher only needs to know whether a handful of positions are word
//! boundaries, so segmenting the whole text would waste most of the work.
//! Plain ASCII neighbours are decided from the two bytes around the position;
//! anything else is decided by segmenting a small window with
//! `unicode-segmentation`. The window starts at a white-space character and
//! ends after one, because no UAX #29 rule looks across white space, so the
//! window agrees with the whole text.

use unicode_segmentation::UnicodeSegmentation;

/// How far (in bytes) a window may reach on each side when no white space is
/// near. Rules look at most two characters (plus combining marks) away, so
/// this only matters for pathological runs of marks.
const REACH: usize = 64;

/// ASCII characters that UAX #29 can join between letters or digits
/// (`U.S`, `Russia's`, `2.0`, `1,000`, `a:b`).
fn is_ascii_mid(b: u8) -> bool {
    matches!(b, b'.' | b':' | b'\'' | b',' | b';' | b'"')
}

/// Whether byte offset `pos` of `text` is a word boundary under UAX #29.
/// The start and end of `text` are boundaries. `pos` must be a char boundary.
pub(crate) fn is_word_boundary(text: &str, pos: usize) -> bool {
    if pos == 0 || pos >= text.len() {
        return true;
    }
    let bytes = text.as_bytes();
    let (prev, next) = (bytes[pos - 1], bytes[pos]);
    if prev.is_ascii() && next.is_ascii() && !is_ascii_mid(prev) && !is_ascii_mid(next) {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let joined = (word(prev) && word(next))
            || (prev == b'\r' && next == b'\n')
            || (prev == b' ' && next == b' ');
        return !joined;
    }
    let start = window_start(text, pos);
    let end = window_end(text, pos);
    let window = &text[start..end];
    let rel = pos - start;
    for (i, _) in window.split_word_bound_indices() {
        if i >= rel {
            return i == rel;
        }
    }
    rel == window.len()
}

/// Whether `text[pos..]` begins with a possessive `'s` (any of `'s`, `’s`,
/// `'S`, `’S`) that ends at a word boundary; returns the offset after it.
pub(crate) fn possessive_end(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let after_apostrophe = rest
        .strip_prefix('\'')
        .or_else(|| rest.strip_prefix('\u{2019}'))?;
    let after_s = after_apostrophe.strip_prefix(['s', 'S'])?;
    let end = text.len() - after_s.len();
    is_word_boundary(text, end).then_some(end)
}

fn window_start(text: &str, pos: usize) -> usize {
    let floor = pos.saturating_sub(REACH);
    for (i, c) in text[..pos].char_indices().rev() {
        if c.is_whitespace() || i <= floor {
            return i;
        }
    }
    0
}

fn window_end(text: &str, pos: usize) -> usize {
    let ceiling = pos + REACH;
    for (i, c) in text[pos..].char_indices() {
        let at = pos + i;
        if c.is_whitespace() || at >= ceiling {
            return at + c.len_utf8();
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position of `text`, checked against a full segmentation.
    fn agrees_with_full_segmentation(text: &str) {
        let mut expected: Vec<usize> = text.split_word_bound_indices().map(|(i, _)| i).collect();
        expected.push(text.len());
        for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(
                is_word_boundary(text, pos),
                expected.contains(&pos),
                "position {pos} of {text:?}"
            );
        }
    }

    #[test]
    fn matches_unicode_segmentation_everywhere() {
        for text in [
            "The U.S. and APT28's DNC-related mail, 2.0 and 1,000.",
            "Russia’s WikiLeaks.org WikiLeaksGate  two  spaces\r\nCRLF",
            "Café e\u{301}t\u{e9} ГРУ 東京 🇺🇸🇬🇧 👩‍💻 a:b a_b _x",
            "שלום\"ע x\u{200D}y \u{FEFF}BOM \t tab",
            "can't \"quoted\" 'single' ‘curly’ — dash – dash",
        ] {
            agrees_with_full_segmentation(text);
        }
    }

    #[test]
    fn possessives() {
        assert_eq!(possessive_end("APT28's tools", 5), Some(7));
        assert_eq!(possessive_end("Russia’s", 6), Some(10));
        assert_eq!(possessive_end("APT28'S", 5), Some(7));
        assert_eq!(possessive_end("APT28'sx", 5), None);
        assert_eq!(possessive_end("APT28's.", 5), Some(7));
        assert_eq!(possessive_end("APT28'", 5), None);
    }
}
