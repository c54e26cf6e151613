//! Text made safe to print where a terminal may read it: the TSV rows of
//! `aka mentions` and `aka sources`, `aka catalog show` and `check`, and
//! every warning and error. A file name, an article or a catalog may hold
//! characters a terminal obeys rather than shows — ESC and the rest of
//! the C0 controls, DEL, the C1 controls (U+0080–U+009F), and the bidi
//! embeddings, overrides and isolates that reorder a line on screen — so
//! each of them is written as a Rust-style escape, `\u{1b}`, lower-case
//! hex (docs/output.md, TSV). JSON needs none of this: its writer escapes
//! controls itself.

use std::borrow::Cow;

/// Whether `c` would act on a terminal, or reorder what it shows, rather
/// than be shown: a control character (C0, DEL, C1) or a bidi embedding,
/// override or isolate (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` may hold an [unsafe](is_unsafe) character, by its bytes: a
/// C0 control or DEL, or the lead byte of a C1 control (`0xC2`) or of the
/// bidi characters (`0xE2`). Quick, and never says no wrongly.
pub fn may_be_unsafe(s: &str) -> bool {
    s.bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2)
}

/// Appends the escape of `c`: `\u{` its code point in lower-case hex `}`.
pub fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    // Writing into a String does not fail.
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `s` with every [unsafe](is_unsafe) character but those in `keep`
/// escaped; borrowed when there is none.
pub fn escape<'s>(s: &'s str, keep: &[char]) -> Cow<'s, str> {
    if !may_be_unsafe(s) || !s.chars().any(|c| is_unsafe(c) && !keep.contains(&c)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep.contains(&c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_never_misses_an_unsafe_character() {
        for c in (0..=0x0010_FFFF_u32).filter_map(char::from_u32) {
            if is_unsafe(c) {
                assert!(may_be_unsafe(c.encode_utf8(&mut [0; 4])), "{c:?}");
            }
        }
        assert!(!may_be_unsafe("Fancy Bear, APT28 Sofacy, Sandworm é 東"));
    }

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(
            escape("a\u{1b}]0;X\u{7}b\u{7f}\u{9b}\u{202e}\u{2066}\n", &[]),
            "a\\u{1b}]0;X\\u{7}b\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{a}"
        );
        assert_eq!(escape("l1\n\tl2\u{1b}", &['\n', '\t']), "l1\n\tl2\\u{1b}");
        assert!(matches!(
            escape("Fancy Bear é 東 \u{200d}", &[]),
            Cow::Borrowed(_)
        ));
        assert!(!is_unsafe('\u{a0}') && is_unsafe('\u{85}') && is_unsafe('\0'));
    }
}
