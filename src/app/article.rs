//! One open article: its text, its mentions indexed once, its layout, and
//! the reading position (a viewport and a cursor that is the current
//! mention, or the current line when it rests on no mention).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use memchr::memchr_iter;

use super::search::Search;
use crate::model::fold::fold_str;
use crate::model::markdown::{Heading, markdown_headings};
use crate::model::{ActorIdx, Catalog, Document, Dropped, Matcher, Mention};
use crate::scroll::{Lines, Scroll};
use crate::wrap::{ArticleLines, Layout, LinePos, glyphs};

/// Lines kept between the article cursor and the pane's top and bottom.
pub const SCROLLOFF: usize = 3;

/// What the article says about one actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorStats {
    /// Indices into [`ArticleIndex::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// How often each of the actor's aliases matched (by alias index).
    pub alias_counts: Vec<usize>,
}

/// The mentions of an article and what the panes need to know about them,
/// computed once when the article is opened.
#[derive(Debug, Clone, Default)]
pub struct ArticleIndex {
    /// Every mention, in text order (shared with the corpus and with
    /// jobs, never copied).
    pub mentions: Arc<Vec<Mention>>,
    /// The 1-based line of each mention's start ([`Self::line_of`]), in
    /// 32 bits as the mentions' offsets are.
    lines: Vec<u32>,
    /// Per actor found: its mentions and alias counts.
    pub actors: HashMap<ActorIdx, ActorStats>,
    /// The actors found, in order of first appearance.
    pub found: Vec<ActorIdx>,
    /// Per actor: how many of its mentions are ambiguous (the span is an
    /// alias of several actors). Only actors with one or more are here.
    pub ambiguous: HashMap<ActorIdx, usize>,
}

impl ArticleIndex {
    /// Finds and indexes the mentions of `text`.
    pub fn build(text: &str, catalog: &Catalog, matcher: &Matcher) -> Self {
        Self::from_mentions(text, Arc::new(matcher.find_all(text)), catalog)
    }

    /// Indexes the mentions already found in `text`. An ambiguous mention
    /// is indexed under every candidate: it may name any of them, so each
    /// one's list, count and `n`/`N` include it.
    pub(crate) fn from_mentions(
        text: &str,
        mentions: Arc<Vec<Mention>>,
        catalog: &Catalog,
    ) -> Self {
        let mut lines = Vec::with_capacity(mentions.len());
        let mut actors: HashMap<ActorIdx, ActorStats> = HashMap::new();
        let mut found = Vec::new();
        let mut ambiguous: HashMap<ActorIdx, usize> = HashMap::new();
        let (mut at, mut line) = (0, 1);
        for (i, m) in mentions.iter().enumerate() {
            line += memchr_iter(b'\n', &text.as_bytes()[at..m.start()]).count();
            at = m.start();
            lines.push(u32::try_from(line).unwrap_or(u32::MAX));
            for (actor, alias) in named_by(m, catalog) {
                let stats = actors.entry(actor).or_insert_with(|| {
                    found.push(actor);
                    ActorStats {
                        mentions: Vec::new(),
                        alias_counts: vec![0; catalog.actor(actor).aliases.len()],
                    }
                });
                stats.mentions.push(i);
                if let Some(c) = alias.and_then(|a| stats.alias_counts.get_mut(a)) {
                    *c += 1;
                }
                if m.is_ambiguous() {
                    *ambiguous.entry(actor).or_default() += 1;
                }
            }
        }
        // Kept as long as the article is open: without room to grow.
        for stats in actors.values_mut() {
            stats.mentions.shrink_to_fit();
        }
        ArticleIndex {
            mentions,
            lines,
            actors,
            found,
            ambiguous,
        }
    }

    /// How many of `actor`'s mentions are ambiguous.
    pub fn ambiguous_count(&self, actor: ActorIdx) -> usize {
        self.ambiguous.get(&actor).copied().unwrap_or(0)
    }

    /// How often `actor` is mentioned.
    pub fn count(&self, actor: ActorIdx) -> usize {
        self.actors.get(&actor).map_or(0, |s| s.mentions.len())
    }

    /// The 1-based line where mention `i` starts.
    pub fn line_of(&self, i: usize) -> usize {
        self.lines[i] as usize
    }

    /// The mentions of `actor`, as indices into [`Self::mentions`].
    pub(crate) fn mentions_of(&self, actor: ActorIdx) -> &[usize] {
        self.actors.get(&actor).map_or(&[], |s| &s.mentions)
    }

    /// The mention holding byte `offset`, if any.
    pub(crate) fn mention_at(&self, offset: usize) -> Option<usize> {
        let i = self
            .mentions
            .partition_point(|m| m.start() <= offset)
            .checked_sub(1)?;
        (offset < self.mentions[i].end()).then_some(i)
    }

    /// The index of the first mention that ends after `offset`: where a walk
    /// through the mentions overlapping a range starting there begins.
    pub(crate) fn first_ending_after(&self, offset: usize) -> usize {
        self.mentions.partition_point(|m| m.end() <= offset)
    }
}

/// The actors a mention may name, each with the index of its alias that
/// matched (if it can be told): the mention's actor alone, or every
/// candidate of an ambiguous one.
pub(crate) fn named_by(m: &Mention, catalog: &Catalog) -> Vec<(ActorIdx, Option<usize>)> {
    if !m.is_ambiguous() {
        return vec![(m.actor(), Some(m.alias()))];
    }
    let matched = catalog
        .actor(m.actor())
        .aliases
        .get(m.alias())
        .map(|a| fold_str(&a.text, true));
    m.candidates()
        .iter()
        .map(|&c| {
            let alias = if c == m.actor() {
                Some(m.alias())
            } else {
                catalog
                    .actor(c)
                    .aliases
                    .iter()
                    .position(|a| Some(fold_str(&a.text, true)) == matched)
            };
            (c, alias)
        })
        .collect()
}

/// Whether mention `m` may name `actor`: its actor, or one of its
/// candidates.
pub fn names(m: &Mention, actor: ActorIdx) -> bool {
    m.actor() == actor || m.candidates().contains(&actor)
}

/// Which way to step through mentions or matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Towards the end of the text.
    Forward,
    /// Towards its start.
    Backward,
}

/// The result of stepping: where to go, and whether the step wrapped around
/// an end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Index of the target in the list stepped through.
    pub index: usize,
    /// Whether it wrapped.
    pub wrapped: bool,
}

/// What opening an article computes in time that grows with it (its
/// mention index, its segments, its headings), made on whatever thread
/// has the time: the whole of a large article arrives with it.
#[derive(Debug, Clone)]
pub struct Prepared {
    index: ArticleIndex,
    layout: Layout,
    headings: Vec<Heading>,
}

impl Prepared {
    /// Nothing: the view of no text.
    pub(crate) fn empty() -> Self {
        Prepared {
            index: ArticleIndex::default(),
            layout: Layout::new(""),
            headings: Vec::new(),
        }
    }

    /// Indexes `mentions` of `text` and cuts it into segments; finds its
    /// headings if it is Markdown.
    pub fn new(text: &str, mentions: Arc<Vec<Mention>>, markdown: bool, catalog: &Catalog) -> Self {
        Prepared {
            index: ArticleIndex::from_mentions(text, mentions, catalog),
            layout: Layout::new(text),
            headings: if markdown {
                markdown_headings(text)
            } else {
                Vec::new()
            },
        }
    }
}

/// Where the reader is in an article, in bytes of its text, to be found
/// again in another version of it (the whole of a first part; the same
/// text searched with another catalog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The start of the line at the top of the view.
    pub top: usize,
    /// The cursor.
    pub cursor: usize,
    /// The current mention's range, if the cursor is on one.
    pub mention: Option<Range<usize>>,
}

/// An open article and the reading position in it.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// The document.
    pub doc: Arc<Document>,
    /// Its mentions.
    pub index: ArticleIndex,
    /// Its display lines.
    pub layout: Layout,
    /// Viewport and cursor line.
    pub scroll: Scroll<LinePos>,
    /// The current mention, if the cursor is on one.
    pub current: Option<usize>,
    /// The cursor's byte offset: the current mention's start, a clicked
    /// character, or the start of the cursor line.
    pub cursor_byte: usize,
    /// The search being typed or active, if any.
    pub search: Option<Search>,
    /// Markdown headings, for styling (empty for plain text).
    pub headings: Vec<Heading>,
    /// A sentence to highlight (one jumped to from a list of sources).
    pub highlight: Option<Range<usize>>,
    /// Occurrences of aliases that did not count, with why (found when the
    /// article is opened, if it is not too large).
    pub dropped: Vec<Dropped>,
}

impl ArticleView {
    /// Opens `doc`: finds its mentions (and the occurrences that did not
    /// count) and cuts it into segments.
    pub fn new(doc: Document, catalog: &Catalog, matcher: &Matcher) -> Self {
        let (mentions, dropped) = matcher.find_explained_in(doc.text(), &doc.name);
        let mut view = Self::open(Arc::new(doc), Arc::new(mentions), false, catalog);
        view.dropped = dropped;
        view
    }

    /// Opens `doc`, whose mentions are known, styling its headings if it is
    /// Markdown.
    pub fn open(
        doc: Arc<Document>,
        mentions: Arc<Vec<Mention>>,
        markdown: bool,
        catalog: &Catalog,
    ) -> Self {
        let prepared = Prepared::new(doc.text(), mentions, markdown, catalog);
        Self::prepared(doc, prepared)
    }

    /// Opens `doc`, indexed and cut into lines already ([`Prepared`]).
    pub fn prepared(doc: Arc<Document>, prepared: Prepared) -> Self {
        let Prepared {
            index,
            layout,
            headings,
        } = prepared;
        ArticleView {
            doc,
            index,
            layout,
            scroll: Scroll::new(LinePos::default(), SCROLLOFF),
            current: None,
            cursor_byte: 0,
            search: None,
            headings,
            highlight: None,
            dropped: Vec::new(),
        }
    }

    /// Where the reader is.
    pub fn place(&self) -> Place {
        let text = self.doc.text();
        Place {
            top: row_range(&self.layout, text, self.scroll.offset).start,
            cursor: self.cursor_byte,
            mention: self.current.map(|i| self.index.mentions[i].range()),
        }
    }

    /// Puts the reader back at `place`: the same line at the top, the
    /// cursor on the same byte, on the mention of the same range if there
    /// still is one (else on the mention there, if any).
    pub(crate) fn restore(&mut self, place: &Place) {
        let text = self.doc.text();
        let top = place.top.min(text.len());
        self.scroll.offset = self.layout.pos_of(text, top);
        let same = place.mention.as_ref().and_then(|r| {
            let i = self.index.mentions.partition_point(|m| m.start() < r.start);
            (self.index.mentions.get(i)?.range() == *r).then_some(i)
        });
        match same {
            Some(i) if place.cursor <= text.len() && text.is_char_boundary(place.cursor) => {
                let pos = self.layout.pos_of(text, place.cursor);
                self.with_lines(|s, l| s.jump(pos, l));
                self.cursor_byte = place.cursor;
                self.current = Some(i);
            }
            _ => self.goto_offset(place.cursor),
        }
    }

    /// The heading holding byte `at`, if any.
    pub(crate) fn heading_at(&self, at: usize) -> Option<&Heading> {
        let i = self
            .headings
            .partition_point(|h| h.line.start <= at)
            .checked_sub(1)?;
        let h = &self.headings[i];
        (at < h.line.end).then_some(h)
    }

    /// The article's text.
    pub fn text(&self) -> &str {
        self.doc.text()
    }

    /// Runs `f` with the scroll and the display lines it walks.
    pub(crate) fn with_lines<R>(
        &mut self,
        f: impl FnOnce(&mut Scroll<LinePos>, &mut ArticleLines<'_>) -> R,
    ) -> R {
        let ArticleView {
            doc,
            layout,
            scroll,
            ..
        } = self;
        let mut lines = layout.lines(doc.text());
        f(scroll, &mut lines)
    }

    /// Lays the article out for a text area of `width` × `height` cells,
    /// keeping the same text at the top of the view and under the cursor.
    pub(crate) fn set_geometry(&mut self, width: usize, height: usize) {
        let text = self.doc.text();
        let top = self.layout.range_of(text, self.scroll.offset).start;
        self.layout.set_width(width);
        self.scroll.offset = self.layout.pos_of(text, top);
        self.scroll.cursor = self.layout.pos_of(text, self.cursor_byte);
        self.with_lines(|s, l| s.set_viewport(height, l));
        self.prepare();
    }

    /// Lays out every visible line, so that drawing finds them cached.
    pub(crate) fn prepare(&mut self) {
        self.with_lines(|s, l| {
            l.forward(s.offset, s.viewport);
        });
    }

    /// The byte range of the cursor line.
    pub(crate) fn cursor_line(&mut self) -> Range<usize> {
        let pos = self.scroll.cursor;
        self.layout.range_of(self.doc.text(), pos)
    }

    /// Moves the cursor by lines with `f`; if it reached another line, makes
    /// the mention on that line current (one of `prefer`'s if it has one).
    pub(crate) fn move_lines(
        &mut self,
        prefer: Option<ActorIdx>,
        f: impl FnOnce(&mut Scroll<LinePos>, &mut ArticleLines<'_>),
    ) {
        let before = self.scroll.cursor;
        self.with_lines(f);
        if self.scroll.cursor != before {
            self.land_on_line(prefer);
        }
    }

    /// Puts the cursor at the start of its line and picks the mention there.
    pub(crate) fn land_on_line(&mut self, prefer: Option<ActorIdx>) {
        let range = self.cursor_line();
        self.cursor_byte = range.start;
        self.current = self.pick(&range, prefer);
    }

    /// The mention to make current on a line: one starting on it (of
    /// `prefer` if there is one, else the first), else one running into it.
    fn pick(&self, line: &Range<usize>, prefer: Option<ActorIdx>) -> Option<usize> {
        if line.is_empty() {
            return None;
        }
        let mentions = &self.index.mentions;
        let (mut starting, mut running) = (None, None);
        for (i, m) in mentions
            .iter()
            .enumerate()
            .skip(self.index.first_ending_after(line.start))
        {
            if m.start() >= line.end {
                break;
            }
            if m.start() < line.start {
                running.get_or_insert(i);
            } else if prefer.is_some_and(|p| names(m, p)) {
                return Some(i);
            } else {
                starting.get_or_insert(i);
            }
        }
        starting.or(running)
    }

    /// Makes mention `i` current and brings it into view (centred if far).
    pub(crate) fn goto_mention(&mut self, i: usize) {
        let start = self.index.mentions[i].start();
        let pos = self.layout.pos_of(self.doc.text(), start);
        self.with_lines(|s, l| s.jump(pos, l));
        self.cursor_byte = start;
        self.current = Some(i);
    }

    /// Moves the cursor to byte `offset` (clamped to the text), making the
    /// mention there current if there is one.
    pub(crate) fn goto_offset(&mut self, offset: usize) {
        let text = self.doc.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if let Some(i) = self.index.mention_at(offset) {
            self.goto_mention(i);
        } else {
            let pos = self.layout.pos_of(text, offset);
            self.with_lines(|s, l| s.jump(pos, l));
            self.cursor_byte = offset;
            self.current = None;
        }
    }

    /// A click on the cell at `row`, `col` of the text area: the cursor goes
    /// to that line, on the mention under the pointer if there is one.
    /// Returns false when the click falls below the last line.
    pub fn click(&mut self, row: usize, col: usize) -> bool {
        let (pos, steps) = self.with_lines(|s, l| l.forward(s.offset, row));
        if steps < row {
            return false;
        }
        let text = self.doc.text();
        let range = self.layout.range_of(text, pos);
        let offset = glyphs(text, range.clone())
            .find(|g| col < g.col + g.width.max(1))
            .map_or(range.end, |g| g.start);
        self.with_lines(|s, l| s.reveal(pos, l));
        self.current = self.index.mention_at(offset);
        self.cursor_byte = self
            .current
            .map_or(offset, |i| self.index.mentions[i].start());
        true
    }

    /// The mouse wheel: scrolls the view, dragging the cursor (and the
    /// current mention) only when it would leave it.
    pub fn wheel(&mut self, lines: isize, prefer: Option<ActorIdx>) -> bool {
        let moved = self.with_lines(|s, l| s.scroll_view(lines, l));
        if moved {
            self.land_on_line(prefer);
        }
        moved
    }

    /// Steps from the cursor through the mentions listed in `list` (indices
    /// into the mentions, in text order), wrapping at the ends.
    pub fn step(&self, list: &[usize], dir: Dir) -> Option<Step> {
        if list.is_empty() {
            return None;
        }
        let mentions = &self.index.mentions;
        let at = self.cursor_byte;
        let index = match (dir, self.current) {
            (Dir::Forward, Some(c)) => list.partition_point(|&i| i <= c),
            (Dir::Forward, None) => list.partition_point(|&i| mentions[i].start() < at),
            (Dir::Backward, Some(c)) => list.partition_point(|&i| i < c).wrapping_sub(1),
            (Dir::Backward, None) => list
                .partition_point(|&i| mentions[i].start() < at)
                .wrapping_sub(1),
        };
        Some(match dir {
            Dir::Forward if index >= list.len() => Step {
                index: 0,
                wrapped: true,
            },
            Dir::Backward if index == usize::MAX => Step {
                index: list.len() - 1,
                wrapped: true,
            },
            _ => Step {
                index,
                wrapped: false,
            },
        })
    }

    /// The first mention of `actor` at or after byte `from`, else its first
    /// (wrapped).
    pub(crate) fn first_of_from(&self, actor: ActorIdx, from: usize) -> Option<Step> {
        let list = self.index.mentions_of(actor);
        if list.is_empty() {
            return None;
        }
        let mentions = &self.index.mentions;
        let index = list.partition_point(|&i| mentions[i].start() < from);
        Some(if index < list.len() {
            Step {
                index,
                wrapped: false,
            }
        } else {
            Step {
                index: 0,
                wrapped: true,
            }
        })
    }

    /// The cursor's position in the article, in percent.
    pub fn percent(&self) -> usize {
        let len = self.doc.text().len();
        let last = self.layout.segment_count() - 1;
        if len == 0 || (self.scroll.cursor.seg == last && self.is_last_row()) {
            return 100;
        }
        // In u128: bytes times 100 may not fit a 32-bit usize.
        (self.cursor_byte as u128 * 100 / len as u128) as usize
    }

    fn is_last_row(&self) -> bool {
        let rows = self
            .layout
            .rows_cached(self.doc.text(), self.scroll.cursor.seg);
        self.scroll.cursor.row + 1 >= rows.len()
    }

    /// The byte offsets of the first visible line and just past the last:
    /// what the scrollbar shows.
    pub(crate) fn visible_bytes(&self) -> Range<usize> {
        let text = self.doc.text();
        let pos = self.scroll.offset;
        let start = row_range(&self.layout, text, pos).start;
        let mut lines = self.layout.lines_from(text, pos);
        let mut end = start;
        for (_, range) in lines.by_ref().take(self.scroll.viewport) {
            end = range.end;
        }
        // The last line of the text is in view: the view reaches its end.
        if lines.next().is_none() {
            end = text.len();
        }
        start..end
    }
}

/// The byte range of the display line at `pos`, without filling the cache.
pub(crate) fn row_range(layout: &Layout, text: &str, pos: LinePos) -> Range<usize> {
    let rows = layout.rows_cached(text, pos.seg);
    rows[pos.row.min(rows.len() - 1)].clone()
}
