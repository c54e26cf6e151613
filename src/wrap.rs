//! Display-line layout of an article.
//!
//! The text is cut once into *segments*: its lines (LF-terminated), with any
//! line longer than [`MAX_SEGMENT`] bytes cut again near a space, so that no
//! piece of work below depends on the size of the article. A segment is
//! wrapped into display rows only when it is needed (on screen, or stepped
//! over by a movement) and the rows are cached per width; a display line is
//! addressed by [`LinePos`] (segment, row), never by an absolute line number,
//! which would need the whole text wrapped. A frame thus lays out only the
//! lines it shows, whether the article holds 2 KB or 100 MB.
//!
//! Rows break at word boundaries: after white space (which hangs past the
//! edge rather than starting a row), after a dash inside a word, and around
//! wide (CJK) characters; a word wider than the pane is cut between
//! graphemes. Widths are those of `unicode-width` as ratatui counts them;
//! tabs expand to the next multiple of [`TAB_WIDTH`] columns of the row; and
//! control characters become visible placeholders (`␛`, `␇`, …), so the
//! text of a file can never reach the terminal as an escape sequence.
//! Mentions need no splitting here: a row is a byte range, and the view
//! styles each glyph by the mention range it falls in, so a mention that
//! crosses a row or line break is highlighted on both sides of it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use memchr::memchr_iter;
use unicode_segmentation::{GraphemeIndices, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

use crate::scroll::Lines;

/// Columns between tab stops.
pub const TAB_WIDTH: usize = 8;

/// The longest segment, in bytes: a longer line is cut into segments near a
/// space, so that wrapping a segment stays cheap.
pub const MAX_SEGMENT: usize = 16 * 1024;

/// How many wrapped segments the cache keeps before it starts afresh.
const CACHE_LIMIT: usize = 4096;

/// How a glyph shows on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown<'t> {
    /// The grapheme itself.
    Text(&'t str),
    /// A visible stand-in for a control character.
    Placeholder(char),
    /// Blank cells (an expanded tab).
    Blank,
}

/// One grapheme of a row, where it sits and how it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph<'t> {
    /// Byte offset of the grapheme in the text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Column, from the start of the row.
    pub col: usize,
    /// Cells it takes (0 for a lone combining mark and other invisible ones).
    pub width: usize,
    /// What to draw.
    pub shown: Shown<'t>,
}

/// The visible stand-in for a grapheme holding a control character, if it
/// holds one: C0 controls show as their Control Pictures (`␛`), DEL as `␡`,
/// C1 controls as `␦`, the Unicode line and paragraph separators as `␤` and
/// `¶`.
pub fn placeholder(grapheme: &str) -> Option<char> {
    grapheme.chars().find_map(|c| match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('␡'),
        '\u{80}'..='\u{9F}' => Some('␦'),
        '\u{2028}' => Some('␤'),
        '\u{2029}' => Some('¶'),
        _ => None,
    })
}

/// The cells a printable grapheme takes, counted as ratatui's buffer counts
/// them (so rows never overflow what the buffer draws).
pub(crate) fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.len() == 1 {
        return 1;
    }
    // ratatui draws the halfwidth (han)dakuten as a cell of their own.
    let marks = grapheme
        .chars()
        .filter(|&c| c == '\u{FF9E}' || c == '\u{FF9F}')
        .count();
    grapheme.width() + marks
}

/// The glyphs of `text[range]`, columns counted from the start of the range.
pub fn glyphs(text: &str, range: Range<usize>) -> Glyphs<'_> {
    Glyphs {
        inner: text[range.clone()].grapheme_indices(true),
        base: range.start,
        col: 0,
    }
}

/// The iterator returned by [`glyphs`].
#[derive(Debug, Clone)]
pub struct Glyphs<'t> {
    inner: GraphemeIndices<'t>,
    base: usize,
    col: usize,
}

impl<'t> Iterator for Glyphs<'t> {
    type Item = Glyph<'t>;

    fn next(&mut self) -> Option<Glyph<'t>> {
        let (i, g) = self.inner.next()?;
        let (shown, width) = shape(g, self.col);
        let glyph = Glyph {
            start: self.base + i,
            end: self.base + i + g.len(),
            col: self.col,
            width,
            shown,
        };
        self.col += width;
        Some(glyph)
    }
}

/// How a grapheme at column `col` shows, and its width there.
fn shape(g: &str, col: usize) -> (Shown<'_>, usize) {
    if g == "\t" {
        (Shown::Blank, TAB_WIDTH - col % TAB_WIDTH)
    } else if let Some(p) = placeholder(g) {
        (Shown::Placeholder(p), 1)
    } else {
        (Shown::Text(g), grapheme_width(g))
    }
}

/// The display width of `text[range]` laid out from column 0.
pub(crate) fn width_of(text: &str, range: Range<usize>) -> usize {
    glyphs(text, range).map(|g| g.width).sum()
}

/// What a grapheme means for line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Breakable white space: a row may end after it, and it may hang.
    Space,
    /// A wide character: a row may break before or after it.
    Wide,
    /// A dash: a row may break after it inside a word.
    Dash,
    /// Anything else.
    Word,
}

fn classify(g: &str, width: usize) -> Class {
    let Some(c) = g.chars().next() else {
        return Class::Word;
    };
    if g == "\t" {
        Class::Space
    } else if placeholder(g).is_some() {
        Class::Word
    } else if c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}') {
        Class::Space
    } else if width >= 2 {
        Class::Wide
    } else if matches!(c, '-' | '\u{2010}' | '\u{2012}' | '\u{2013}' | '\u{2014}') {
        Class::Dash
    } else {
        Class::Word
    }
}

/// Wraps `text[range]` (one line, without its line end) into rows of at most
/// `width` columns, breaking at word boundaries; returns the rows' byte
/// ranges, which cover the range without gaps. An empty range is one empty
/// row.
pub fn wrap(text: &str, range: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row_start = range.start;
    let mut col = 0;
    // Where the current row may end: just after the last break opportunity.
    let mut brk: Option<usize> = None;
    let mut after_word = false;
    for (i, g) in text[range.clone()].grapheme_indices(true) {
        let pos = range.start + i;
        let end = pos + g.len();
        let (_, mut w) = shape(g, col);
        let class = classify(g, w);
        if class == Class::Space {
            // White space never starts a row: it hangs past the edge.
            col += w;
            brk = Some(end);
            after_word = false;
            continue;
        }
        if class == Class::Wide && pos > row_start {
            brk = Some(pos);
        }
        while col + w > width && pos > row_start {
            let cut = match brk {
                Some(b) if b > row_start && b <= pos => b,
                _ => pos,
            };
            rows.push(row_start..cut);
            row_start = cut;
            brk = None;
            col = width_of(text, cut..pos);
            w = shape(g, col).1;
        }
        col += w;
        if class == Class::Wide || (class == Class::Dash && after_word) {
            brk = Some(end);
        }
        after_word = class == Class::Word;
    }
    rows.push(row_start..range.end);
    rows
}

/// The address of a display line: a segment and a row within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LinePos {
    /// Index of the segment.
    pub seg: usize,
    /// Row within the wrapped segment.
    pub row: usize,
}

/// The segments of one text and a cache of their rows at one width.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Start offset of each segment (the first skips a byte-order mark).
    starts: Vec<usize>,
    /// Length of the text.
    len: usize,
    width: usize,
    cache: HashMap<usize, Vec<Range<usize>>>,
}

impl Layout {
    /// Cuts `text` into segments (one pass over its bytes); rows are laid
    /// out later, on demand, at the width set with [`Layout::set_width`].
    pub fn new(text: &str) -> Self {
        let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let bytes = text.as_bytes();
        let mut starts = vec![bom];
        let mut line_start = bom;
        for lf in memchr_iter(b'\n', &bytes[bom..]).map(|i| i + bom) {
            split_long(text, line_start, lf, &mut starts);
            if lf + 1 < bytes.len() {
                starts.push(lf + 1);
            }
            line_start = lf + 1;
        }
        if line_start < bytes.len() {
            split_long(text, line_start, bytes.len(), &mut starts);
        }
        // Kept as long as the article is open: without room to grow.
        starts.shrink_to_fit();
        Layout {
            starts,
            len: text.len(),
            width: 80,
            cache: HashMap::new(),
        }
    }

    /// How many segments there are (at least one).
    pub(crate) fn segment_count(&self) -> usize {
        self.starts.len()
    }

    /// The width rows are wrapped to.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Wraps to `width` columns from now on.
    pub fn set_width(&mut self, width: usize) {
        let width = width.max(1);
        if width != self.width {
            self.width = width;
            self.cache.clear();
        }
    }

    /// The text of segment `seg`, without its line end.
    pub(crate) fn segment(&self, text: &str, seg: usize) -> Range<usize> {
        let start = self.starts[seg];
        let mut end = self.starts.get(seg + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        start..end
    }

    /// The segment holding byte `offset`.
    pub(crate) fn segment_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The rows of segment `seg`, wrapped now unless cached.
    pub fn rows(&mut self, text: &str, seg: usize) -> &[Range<usize>] {
        if !self.cache.contains_key(&seg) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let rows = wrap(text, self.segment(text, seg), self.width);
            self.cache.insert(seg, rows);
        }
        &self.cache[&seg]
    }

    /// The rows of segment `seg` without touching the cache: borrowed when
    /// cached, else wrapped for this call only.
    pub(crate) fn rows_cached(&self, text: &str, seg: usize) -> Cow<'_, [Range<usize>]> {
        match self.cache.get(&seg) {
            Some(rows) => Cow::Borrowed(rows),
            None => Cow::Owned(wrap(text, self.segment(text, seg), self.width)),
        }
    }

    /// The display lines from `pos` on, in order: each line's position (the
    /// first as given) and byte range. A segment is wrapped once for all its
    /// rows, and only as far as the caller reads, so a frame costs what it
    /// shows.
    pub(crate) fn lines_from<'a>(
        &'a self,
        text: &'a str,
        pos: LinePos,
    ) -> impl Iterator<Item = (LinePos, Range<usize>)> + 'a {
        let mut next = Some(pos);
        let mut rows: Option<(usize, Cow<'a, [Range<usize>]>)> = None;
        std::iter::from_fn(move || {
            let pos = next?;
            if rows.as_ref().is_none_or(|(seg, _)| *seg != pos.seg) {
                rows = Some((pos.seg, self.rows_cached(text, pos.seg)));
            }
            let (_, seg_rows) = rows.as_ref()?;
            let row = pos.row.min(seg_rows.len() - 1);
            next = if row + 1 < seg_rows.len() {
                Some(LinePos {
                    seg: pos.seg,
                    row: row + 1,
                })
            } else if pos.seg + 1 < self.segment_count() {
                Some(LinePos {
                    seg: pos.seg + 1,
                    row: 0,
                })
            } else {
                None
            };
            Some((pos, seg_rows[row].clone()))
        })
    }

    /// The display line holding byte `offset`.
    pub(crate) fn pos_of(&mut self, text: &str, offset: usize) -> LinePos {
        let seg = self.segment_of(offset);
        let rows = self.rows(text, seg);
        let row = rows
            .partition_point(|r| r.start <= offset)
            .saturating_sub(1);
        LinePos { seg, row }
    }

    /// The byte range of a display line.
    pub(crate) fn range_of(&mut self, text: &str, pos: LinePos) -> Range<usize> {
        let rows = self.rows(text, pos.seg);
        rows[pos.row.min(rows.len() - 1)].clone()
    }

    /// The display lines of `text`, for [`crate::scroll::Scroll`].
    pub fn lines<'a>(&'a mut self, text: &'a str) -> ArticleLines<'a> {
        ArticleLines { layout: self, text }
    }
}

/// Cuts the line `text[start..end]` into segments of at most
/// [`MAX_SEGMENT`] bytes, preferably just after a space; pushes the starts of
/// the pieces after the first.
fn split_long(text: &str, mut start: usize, end: usize, starts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    while end - start > MAX_SEGMENT {
        let limit = start + MAX_SEGMENT;
        let floor = limit - MAX_SEGMENT / 16;
        let cut = if let Some(i) = bytes[floor..limit].iter().rposition(|&b| b == b' ') {
            floor + i + 1
        } else {
            let mut c = limit;
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        };
        starts.push(cut);
        start = cut;
    }
}

/// The display lines of an article, walked through its [`Layout`].
#[derive(Debug)]
pub struct ArticleLines<'a> {
    /// The layout, whose cache fills as lines are walked.
    pub layout: &'a mut Layout,
    /// The article's text.
    pub text: &'a str,
}

impl ArticleLines<'_> {
    fn row_count(&mut self, seg: usize) -> usize {
        self.layout.rows(self.text, seg).len()
    }
}

impl Lines for ArticleLines<'_> {
    type Pos = LinePos;

    fn first(&mut self) -> LinePos {
        LinePos::default()
    }

    fn last(&mut self) -> LinePos {
        let seg = self.layout.segment_count() - 1;
        LinePos {
            seg,
            row: self.row_count(seg) - 1,
        }
    }

    fn next(&mut self, pos: LinePos) -> Option<LinePos> {
        if pos.row + 1 < self.row_count(pos.seg) {
            Some(LinePos {
                seg: pos.seg,
                row: pos.row + 1,
            })
        } else if pos.seg + 1 < self.layout.segment_count() {
            Some(LinePos {
                seg: pos.seg + 1,
                row: 0,
            })
        } else {
            None
        }
    }

    fn prev(&mut self, pos: LinePos) -> Option<LinePos> {
        if pos.row > 0 {
            Some(LinePos {
                seg: pos.seg,
                row: (pos.row - 1).min(self.row_count(pos.seg) - 1),
            })
        } else if pos.seg > 0 {
            let seg = pos.seg - 1;
            Some(LinePos {
                seg,
                row: self.row_count(seg) - 1,
            })
        } else {
            None
        }
    }
}

/// Cuts `s` to at most `width` cells, ending with `…` when cut; a control
/// character shows as its [`placeholder`] (a file name, a path, a
/// message that holds one), never as itself.
pub(crate) fn truncate(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let s = printable(s);
    let total: usize = s.graphemes(true).map(display_width).sum();
    if total <= width {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = display_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` with each grapheme that holds a control character replaced by its
/// [`placeholder`], for text drawn on one line as it stands (file names,
/// paths, messages): a terminal is never sent the character itself.
pub(crate) fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    if placeholder(s).is_none() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for g in s.graphemes(true) {
        match placeholder(g) {
            Some(p) => out.push(p),
            None => out.push_str(g),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The width of a grapheme of catalog or prompt text as drawn: a control
/// character takes the one cell of its [`placeholder`].
pub(crate) fn display_width(g: &str) -> usize {
    if placeholder(g).is_some() {
        1
    } else {
        crate::wrap::grapheme_width(g)
    }
}

/// The display width of a string of catalog or prompt text.
pub(crate) fn str_width(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).map(display_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, width: usize) -> Vec<&str> {
        wrap(text, 0..text.len(), width)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn breaks_at_spaces_and_lets_them_hang() {
        assert_eq!(rows("the quick brown fox", 10), ["the quick ", "brown fox"]);
        assert_eq!(rows("aaaa bbbb", 4), ["aaaa ", "bbbb"]);
        assert_eq!(rows("", 10), [""]);
        assert_eq!(rows("  indented text", 10), ["  indented ", "text"]);
    }

    #[test]
    fn long_words_are_cut_between_graphemes() {
        assert_eq!(rows("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            rows("xy e\u{301}e\u{301}e\u{301}", 2),
            ["xy ", "e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn no_break_spaces_hold_words_together() {
        assert_eq!(
            rows("see Fancy\u{A0}Bear now", 12),
            ["see ", "Fancy\u{A0}Bear ", "now"]
        );
    }

    #[test]
    fn dashes_and_wide_characters_are_break_opportunities() {
        assert_eq!(
            rows("DNC-related things", 6),
            ["DNC-", "relate", "d ", "things"]
        );
        assert_eq!(rows("東京東京東京", 5), ["東京", "東京", "東京"]);
        assert_eq!(rows("ab 東京", 4), ["ab ", "東京"]);
        assert_eq!(rows("a👩‍💻b", 2), ["a", "👩‍💻", "b"]);
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        let text = "a\tb";
        let g: Vec<_> = glyphs(text, 0..text.len()).collect();
        assert_eq!((g[1].col, g[1].width, g[1].shown), (1, 7, Shown::Blank));
        assert_eq!(g[2].col, 8);
        assert_eq!(rows("a\tb\tc", 10), ["a\tb\t", "c"]);
    }

    #[test]
    fn control_characters_become_placeholders() {
        let text = "a\u{1b}[31mb\u{7}\r\u{9b}";
        let shown: Vec<Shown> = glyphs(text, 0..text.len()).map(|g| g.shown).collect();
        assert_eq!(shown[1], Shown::Placeholder('␛'));
        assert_eq!(shown[7], Shown::Placeholder('␇'));
        assert_eq!(shown[8], Shown::Placeholder('␍'));
        assert_eq!(shown[9], Shown::Placeholder('␦'));
        assert!(glyphs(text, 0..text.len()).all(|g| match g.shown {
            Shown::Text(t) => !t.contains(char::is_control),
            _ => true,
        }));
    }

    #[test]
    fn segments_follow_lines_and_cut_long_ones() {
        let text = "\u{FEFF}one\r\ntwo\n\nthree\n";
        let layout = Layout::new(text);
        let segs: Vec<&str> = (0..layout.segment_count())
            .map(|s| &text[layout.segment(text, s)])
            .collect();
        assert_eq!(segs, ["one", "two", "", "three"]);
        let long = "word ".repeat(MAX_SEGMENT / 2);
        let layout = Layout::new(&long);
        assert!(layout.segment_count() >= 2);
        for s in 0..layout.segment_count() {
            let r = layout.segment(&long, s);
            assert!(r.len() <= MAX_SEGMENT);
            assert!(long[..r.start].ends_with(' ') || r.start == 0);
        }
        assert_eq!(Layout::new("").segment_count(), 1);
    }

    #[test]
    fn walking_lines_and_locating_offsets() {
        let text = "aaa bbb ccc\nddd\neee fff";
        let mut layout = Layout::new(text);
        layout.set_width(4);
        let mut lines = layout.lines(text);
        let mut all = vec![lines.first()];
        while let Some(p) = lines.next(*all.last().expect("a first line")) {
            all.push(p);
        }
        assert_eq!(all.len(), 6);
        assert_eq!(lines.last(), all[5]);
        assert_eq!(lines.prev(all[3]), Some(all[2]));
        let f = text.find("fff").expect("in the text");
        assert_eq!(layout.pos_of(text, f), LinePos { seg: 2, row: 1 });
        assert_eq!(&text[layout.range_of(text, all[1])], "bbb ");
    }

    #[test]
    fn lines_from_walks_what_the_scroll_walks() {
        let text = "aaa bbb ccc\nddd\n\neee fff";
        let mut layout = Layout::new(text);
        layout.set_width(4);
        let mut walked = Vec::new();
        let mut lines = layout.lines(text);
        let mut pos = Some(lines.first());
        while let Some(p) = pos {
            walked.push(p);
            pos = lines.next(p);
        }
        let from_start: Vec<(LinePos, Range<usize>)> =
            layout.lines_from(text, LinePos::default()).collect();
        let positions: Vec<LinePos> = from_start.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, walked);
        for (p, r) in &from_start {
            assert_eq!(*r, layout.range_of(text, *p));
        }
        // From the middle, it goes on to the end and no further.
        let tail: Vec<LinePos> = layout.lines_from(text, walked[2]).map(|(p, _)| p).collect();
        assert_eq!(tail, walked[2..]);
    }
}
