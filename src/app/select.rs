//! Selecting words of the article (`v`) to teach aka a new alias (`a`):
//! the selection runs from the word where it began to the end of the word
//! its moving end is on; movement keys move that end with the cursor, `w`
//! and `b` by a word, and a mouse drag from where the button went down.

use std::ops::Range;

use super::App;

/// Whether `c` is part of a word of a name (`APT28`, `Storm-0558`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '&' | '.' | '\'')
}

/// The start of the word holding byte `at` (or `at` between words).
fn word_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        if !is_word_char(c) {
            break;
        }
        start = i;
    }
    start
}

/// The end of the word at or after byte `at` (trailing dots left out).
fn word_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let mut end = at;
    let mut seen = false;
    for (i, c) in text[at..].char_indices() {
        if is_word_char(c) {
            seen = true;
            end = at + i + c.len_utf8();
        } else if seen {
            break;
        }
    }
    let trimmed = text[at..end].trim_end_matches(['.', '\'']).len();
    at + trimmed
}

impl App {
    /// The bytes selected in the article shown, if a selection is on.
    pub fn selection(&self) -> Option<Range<usize>> {
        let anchor = self.selection?;
        let text = self.view.text();
        let (lo, hi) = if self.selection_head < anchor {
            (self.selection_head, anchor)
        } else {
            (anchor, self.selection_head)
        };
        let start = word_start(text, lo);
        let end = word_end(text, hi).max(start);
        Some(start..end)
    }

    /// The text selected, its spaces collapsed, if any.
    pub(super) fn selection_text(&self) -> Option<String> {
        let range = self.selection()?;
        let words: Vec<&str> = self.view.text().get(range)?.split_whitespace().collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// `v`: starts a selection at the cursor, or stops the one on.
    pub(super) fn toggle_selection(&mut self) {
        if self.selection.take().is_some() {
            self.message = Some("selection cancelled".to_string());
            return;
        }
        let at = word_start(self.view.text(), self.view.cursor_byte);
        self.selection = Some(at);
        self.selection_head = at;
        self.message =
            Some("selecting: j/k/w/b extend, a adds it as an alias, Esc stops".to_string());
    }

    /// `w`/`b`: moves the selection's end to the next (previous) word.
    pub(super) fn selection_word(&mut self, forward: bool) {
        if self.selection.is_none() {
            return;
        }
        let text = self.view.text();
        let head = self.selection_head.min(text.len());
        self.selection_head = if forward {
            // Past the word at the head, then past the gap after it.
            let end = word_end(text, head);
            text[end..]
                .char_indices()
                .find(|&(_, c)| is_word_char(c))
                .map_or(head, |(i, _)| end + i)
        } else {
            let start = word_start(text, head);
            text[..start]
                .char_indices()
                .rev()
                .find(|&(_, c)| is_word_char(c))
                .map_or(start, |(i, _)| word_start(text, i))
        };
    }

    /// After the cursor moved: the selection's end follows it.
    pub(super) fn selection_follows(&mut self) {
        if self.selection.is_some() {
            self.selection_head = self.view.cursor_byte;
        }
    }

    /// A drag of the mouse in the article: the selection begins where the
    /// button went down (the cursor), and ends under the pointer.
    pub(super) fn drag(&mut self, column: u16, row: u16) {
        let Some(areas) = self.areas else {
            return;
        };
        let text = areas.article_text;
        if row < text.y || row >= text.bottom() || column < text.x {
            return;
        }
        let anchor = word_start(self.view.text(), self.view.cursor_byte);
        let col = (column - text.x) as usize;
        if self.article_mut().click((row - text.y) as usize, col) {
            self.article_moved();
        }
        let head = self.view.cursor_byte;
        // A click that trembles within its word selects nothing.
        if self.selection.is_none() && word_start(self.view.text(), head) != anchor {
            self.selection = Some(anchor);
        }
        self.selection_head = head;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_names() {
        let t = "a group named “Quill Crest”, APT28.";
        let q = t.find("Quill").unwrap_or(0);
        assert_eq!(word_start(t, q + 2), q);
        assert_eq!(&t[q..word_end(t, q + 6)], "Quill Crest");
        let a = t.find("APT28").unwrap_or(0);
        assert_eq!(&t[a..word_end(t, a)], "APT28");
    }
}
