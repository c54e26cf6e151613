//! Markdown, as far as aka reads it: which files are Markdown, and their
//! ATX headings, which the explorer styles and the HTML page turns into
//! headings.

use std::ops::Range;
use std::path::Path;

/// Whether a file of this name is Markdown (`*.md`).
pub fn is_markdown(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A Markdown heading line: `#` markers, then the heading's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The whole line, without its line break.
    pub line: Range<usize>,
    /// Where the markers and the space after them end.
    pub text_start: usize,
    /// How many `#` mark it: 1 to 6.
    pub level: usize,
}

/// The ATX headings of a Markdown text (`#` to `######` then a space or
/// the line's end), outside fenced code blocks, in text order.
pub fn markdown_headings(text: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut fenced = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        let body = &text[range.clone()];
        let indent = body.len() - body.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let trimmed = &body[indent..];
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        let rest = &trimmed[hashes..];
        if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            let text_start = range.end - rest.trim_start_matches([' ', '\t']).len();
            out.push(Heading {
                line: range,
                text_start,
                level: hashes,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_headings_skip_fences_and_hashtags() {
        let text = "# Title\nbody #tag\n```\n# code\n```\n  ## Sub ##\n#nospace\n###\n";
        let found: Vec<(&str, &str, usize)> = markdown_headings(text)
            .iter()
            .map(|h| {
                (
                    &text[h.line.clone()],
                    &text[h.text_start..h.line.end],
                    h.level,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("# Title", "Title", 1),
                ("  ## Sub ##", "Sub ##", 2),
                ("###", "", 3)
            ]
        );
    }

    #[test]
    fn markdown_is_told_by_the_extension() {
        assert!(is_markdown("notes/a.md") && is_markdown("B.MD"));
        assert!(!is_markdown("a.txt") && !is_markdown("md") && !is_markdown("-"));
    }
}
