//! Sentence boundaries for attribution: Unicode sentence boundaries, with
//! abbreviations (`U.S.`, `Mr.`) not ending a sentence and the single line
//! breaks of hard-wrapped prose not ending one either.

use std::ops::Range;

use super::segment::sentence_bounds;

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
    for (start, s) in sentence_bounds(&flat) {
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

/// Whether a line stands alone however it ends: a byline (`By Jane Doe`)
/// or another short line without final punctuation before a line that
/// opens like a sentence of its own (a headline, `WASHINGTON —`).
fn stands_alone(line: &str) -> bool {
    let line = line.trim();
    let byline = line
        .strip_prefix("By ")
        .is_some_and(|rest| rest.starts_with(char::is_uppercase));
    byline && line.len() < 80 && !line.ends_with(['.', '!', '?', ',', ';', ':'])
}

/// Whether `line`, the first of its block, is a title over the line
/// `next` rather than the first line of hard-wrapped prose: no final
/// punctuation, a dozen words at most, clearly shorter than the next line,
/// which opens with a capital (`First story` over `According to …`).
/// Wrapped prose fills its first line as far as the width allows.
fn title_line(line: &str, next: &str) -> bool {
    let line = line.trim();
    let next = next.trim();
    !line.is_empty()
        && !line.ends_with(['.', '!', '?', ',', ';', ':', '-', '—'])
        && line.split_whitespace().nth(12).is_none()
        && next.starts_with(char::is_uppercase)
        && line.chars().count() * 4 < next.chars().count() * 3
}

/// `text` with the single line breaks of hard-wrapped prose made spaces.
pub(super) fn unwrap_lines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut flat = text.to_string().into_bytes();
    let line_starts_block = |at: usize| {
        let rest = text[at..].trim_start_matches([' ', '\t']);
        rest.starts_with(['#', '-', '*', '>', '|', '"', '“', '‘', '\n', '\r'])
            || numbered_item(rest)
    };
    let mut line_start = 0;
    let mut first_of_block = true;
    for i in memchr::memchr_iter(b'\n', bytes) {
        let this_line = &text[line_start..i];
        let heading = this_line.trim_start().starts_with('#');
        let blank = this_line.trim().is_empty();
        let next_line = text[i + 1..].split('\n').next().unwrap_or("");
        if !heading
            && !blank
            && i + 1 < bytes.len()
            && !line_starts_block(i + 1)
            && !stands_alone(this_line)
            && (!first_of_block || !title_line(this_line, next_line))
        {
            flat[i] = b' ';
            if i > 0 && bytes[i - 1] == b'\r' {
                flat[i - 1] = b' ';
            }
        }
        first_of_block = blank;
        line_start = i + 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(flat).unwrap_or_else(|_| text.to_string())
}

/// Whether `line` opens with a numbered item's digits and `. ` (`12. `).
fn numbered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let last = sentence.rsplit(char::is_whitespace).next().unwrap_or("");
    let last = last.trim_start_matches(['(', '"', '“', '\'']);
    // Every abbreviation ends with a full stop, and no other character
    // lower-cases to one: most sentences end here.
    let Some(stem) = last.strip_suffix('.') else {
        return false;
    };
    let listed = if last.is_ascii() {
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(last))
    } else {
        ABBREVIATIONS.contains(&last.to_lowercase().as_str())
    };
    // Initialisms and initials: `U.S.`, `U.K.`, `J.`: every piece before
    // the final full stop one capital letter.
    listed
        || stem.split('.').all(|p| {
            let mut chars = p.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`ends_with_abbreviation`] as first written: lower-cased and split.
    fn ends_with_abbreviation_by_split(sentence: &str) -> bool {
        let last = sentence.rsplit(char::is_whitespace).next().unwrap_or("");
        let last = last.trim_start_matches(['(', '"', '“', '\'']);
        let lower = last.to_lowercase();
        if ABBREVIATIONS.contains(&lower.as_str()) {
            return true;
        }
        let letters: Vec<&str> = last.split('.').collect();
        last.ends_with('.')
            && letters.len() >= 2
            && letters[..letters.len() - 1]
                .iter()
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    }

    /// Sentence ends: abbreviations, initials, numbers, other letters.
    fn endings() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(
            &[
                "Mr", "mR", "etc", "Sept", "U", "S", "J", "K", "\u{212A}", "İ", "É", "ab", "1",
                ".", ".", ".", " ", "(", "\"", "“", "'", "\u{A0}", "x",
            ][..],
        );
        proptest::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn abbreviations_are_found_as_by_splitting(s in endings()) {
            prop_assert_eq!(ends_with_abbreviation(&s), ends_with_abbreviation_by_split(&s));
        }

        #[test]
        fn numbered_items_are_found_as_by_the_first_full_stop(
            s in proptest::collection::vec(
                proptest::sample::select(&["1", "23", ".", " ", ". ", "a", "é"][..]),
                0..8,
            ).prop_map(|v| v.concat())
        ) {
            let by_split = s
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(numbered_item(&s), by_split);
        }
    }

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
    fn a_byline_is_a_line_of_its_own() {
        let text = "By Ann Lee\nOfficials said the grid held.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["By Ann Lee", "Officials said the grid held."]);
    }

    #[test]
    fn a_short_title_over_its_text_is_a_line_of_its_own() {
        let text = "Storm Closes Ports
The harbour master said all ships stayed in port overnight.
";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "Storm Closes Ports",
                "The harbour master said all ships stayed in port overnight."
            ]
        );
        // Wrapped prose fills its first line: it goes on.
        let text = "The harbour master said that all ships stayed in port for
Sunday and Monday.
";
        assert_eq!(sentences(text).len(), 1);
        // Only the first line of a block can be a title.
        let text = "Officials met in the town hall on Monday to discuss it and
the plan of the ministry for the harbour, which was later
Published online by the ministry of transport and the port.
";
        assert_eq!(sentences(text).len(), 1);
    }
}
