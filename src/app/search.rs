//! Searching an article's text, with smart case.
//!
//! A query without capitals matches regardless of case; one with a capital
//! matches only that case. The text is folded chunk by chunk exactly as the
//! mention finder folds it (case, `’`, dashes, runs of white space), and
//! every match is mapped back to the original text through the chunk's
//! offset map, so offsets are never taken from the folded copy.

use std::ops::Range;

use memchr::memmem;

use crate::model::Progress;
use crate::model::fold::{FoldedChunk, fold_str};

/// Folded bytes per chunk.
const CHUNK: usize = 64 * 1024;

/// Texts up to this size are searched at every keystroke; longer ones when
/// the query is accepted.
pub const INCREMENTAL_LIMIT: usize = 4 * 1024 * 1024;

/// A search of the article: its query and every match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// Byte ranges of the matches, in text order, disjoint.
    pub matches: Vec<Range<usize>>,
    /// The match at the cursor, if any.
    pub current: Option<usize>,
}

/// Every match of `query` in `text`, smart case; an empty query has none.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    find_all_with(text, query, &Progress::new(text.len())).unwrap_or_default()
}

/// [`find_all`], reporting the bytes searched to `progress` chunk by
/// chunk; `None` once it is cancelled.
pub fn find_all_with(text: &str, query: &str, progress: &Progress) -> Option<Vec<Range<usize>>> {
    let needle = fold_str(query, true);
    if needle.is_empty() {
        return Some(Vec::new());
    }
    let exact = query
        .chars()
        .any(char::is_uppercase)
        .then(|| fold_str(query, false));
    let finder = memmem::Finder::new(needle.as_bytes());
    let mut chunk = FoldedChunk::default();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    while start < text.len() {
        if progress.is_cancelled() {
            return None;
        }
        progress.advance_to(start);
        chunk.fill(text, start, CHUNK, needle.len());
        for hit in finder.find_iter(&chunk.bytes) {
            if hit >= chunk.commit {
                break;
            }
            let (Some(s), Some(e)) = (chunk.raw_offset(hit), chunk.raw_offset(hit + needle.len()))
            else {
                continue;
            };
            if out.last().is_some_and(|last| s < last.end) || s >= e {
                continue;
            }
            if exact
                .as_ref()
                .is_some_and(|x| fold_str(&text[s..e], false) != *x)
            {
                continue;
            }
            out.push(s..e);
        }
        if chunk.next <= start {
            break;
        }
        start = chunk.next;
    }
    progress.advance_to(text.len());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(text: &'t str, q: &str) -> Vec<&'t str> {
        find_all(text, q).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn smart_case() {
        let text = "Fancy Bear, FANCY BEAR and fancy bear";
        assert_eq!(found(text, "fancy"), ["Fancy", "FANCY", "fancy"]);
        assert_eq!(found(text, "Fancy"), ["Fancy"]);
        assert_eq!(found(text, "BEAR"), ["BEAR"]);
        assert!(found(text, "").is_empty());
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Россия и РОССИЯ; Fancy\u{A0}\n Bear’s café";
        assert_eq!(found(text, "россия"), ["Россия", "РОССИЯ"]);
        assert_eq!(found(text, "fancy bear's"), ["Fancy\u{A0}\n Bear’s"]);
        assert_eq!(found(text, "cafe\u{301}"), ["café"]);
    }

    #[test]
    fn matches_across_chunks() {
        let text = format!(
            "{}needle{}needle",
            "x ".repeat(CHUNK / 2 - 1),
            " y".repeat(CHUNK)
        );
        assert_eq!(find_all(&text, "needle").len(), 2);
    }
}
