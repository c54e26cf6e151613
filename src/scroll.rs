//! Scrolling, in one small struct shared by every pane.
//!
//! A [`Scroll`] keeps a viewport `offset` (the first visible line), a
//! `cursor` line and the viewport height, and moves them with pure methods:
//! line steps, pages, half pages, top, bottom, a jump that centres a far
//! target, and wheel scrolling. Lines are reached through the [`Lines`]
//! trait, so the same maths serves a list (lines are indices) and the article,
//! whose display lines are laid out lazily and addressed by
//! [`crate::wrap::LinePos`] so that no frame has to wrap the whole text.

use std::fmt::Debug;

/// A sequence of lines that can be walked one step at a time.
pub trait Lines {
    /// The address of a line; ordered as the lines are.
    type Pos: Copy + Ord + Debug;

    /// The first line.
    fn first(&mut self) -> Self::Pos;
    /// The last line.
    fn last(&mut self) -> Self::Pos;
    /// The line after `pos`, if any.
    fn next(&mut self, pos: Self::Pos) -> Option<Self::Pos>;
    /// The line before `pos`, if any.
    fn prev(&mut self, pos: Self::Pos) -> Option<Self::Pos>;

    /// The line `n` lines after `pos`, stopping at the last; and how many
    /// steps were taken.
    fn forward(&mut self, mut pos: Self::Pos, n: usize) -> (Self::Pos, usize) {
        for taken in 0..n {
            match self.next(pos) {
                Some(p) => pos = p,
                None => return (pos, taken),
            }
        }
        (pos, n)
    }

    /// The line `n` lines before `pos`, stopping at the first; and how many
    /// steps were taken.
    fn backward(&mut self, mut pos: Self::Pos, n: usize) -> (Self::Pos, usize) {
        for taken in 0..n {
            match self.prev(pos) {
                Some(p) => pos = p,
                None => return (pos, taken),
            }
        }
        (pos, n)
    }
}

/// A list of `len` rows addressed by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLines(pub usize);

impl Lines for ListLines {
    type Pos = usize;

    fn first(&mut self) -> usize {
        0
    }

    fn last(&mut self) -> usize {
        self.0.saturating_sub(1)
    }

    fn next(&mut self, pos: usize) -> Option<usize> {
        (pos + 1 < self.0).then_some(pos + 1)
    }

    fn prev(&mut self, pos: usize) -> Option<usize> {
        pos.checked_sub(1)
    }

    fn forward(&mut self, pos: usize, n: usize) -> (usize, usize) {
        let to = pos.saturating_add(n).min(self.last()).max(pos);
        (to, to - pos)
    }

    fn backward(&mut self, pos: usize, n: usize) -> (usize, usize) {
        let to = pos.saturating_sub(n);
        (to, pos - to)
    }
}

/// A viewport over [`Lines`] with a cursor line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll<P> {
    /// The first visible line.
    pub offset: P,
    /// The cursor line.
    pub cursor: P,
    /// How many lines are visible (at least 1).
    pub viewport: usize,
    /// How many lines to keep between the cursor and the viewport's edges.
    pub scrolloff: usize,
}

impl<P: Copy + Ord + Debug> Scroll<P> {
    /// A scroll at `start`, one line high until told otherwise.
    pub fn new(start: P, scrolloff: usize) -> Self {
        Scroll {
            offset: start,
            cursor: start,
            viewport: 1,
            scrolloff,
        }
    }

    /// The scroll-off that fits this viewport.
    fn margin(&self) -> usize {
        self.scrolloff.min(self.viewport.saturating_sub(1) / 2)
    }

    /// The last visible line.
    pub(crate) fn bottom_line<L: Lines<Pos = P>>(&self, lines: &mut L) -> P {
        lines.forward(self.offset, self.viewport - 1).0
    }

    /// The largest offset: the one that shows the last line at the bottom.
    pub(crate) fn max_offset<L: Lines<Pos = P>>(&self, lines: &mut L) -> P {
        let last = lines.last();
        lines.backward(last, self.viewport - 1).0
    }

    /// Whether `pos` is on screen.
    pub(crate) fn is_visible<L: Lines<Pos = P>>(&self, pos: P, lines: &mut L) -> bool {
        pos >= self.offset && pos <= self.bottom_line(lines)
    }

    /// Moves the offset as little as needed to show the cursor with the
    /// scroll-off, and never past the end.
    pub(crate) fn follow<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        let first = lines.first();
        let last = lines.last();
        self.cursor = self.cursor.clamp(first, last);
        let m = self.margin();
        let top = lines.backward(self.cursor, m).0;
        if self.offset > top {
            self.offset = top;
        }
        let low = lines.backward(self.cursor, self.viewport - 1 - m).0;
        if self.offset < low {
            self.offset = low;
        }
        let max = self.max_offset(lines);
        if self.offset > max {
            self.offset = max;
        }
        if self.offset < first {
            self.offset = first;
        }
    }

    /// Sets the viewport height and keeps the cursor in view.
    pub(crate) fn set_viewport<L: Lines<Pos = P>>(&mut self, height: usize, lines: &mut L) {
        self.viewport = height.max(1);
        self.follow(lines);
    }

    /// Moves the cursor `n` lines down.
    pub fn down<L: Lines<Pos = P>>(&mut self, n: usize, lines: &mut L) {
        self.cursor = lines.forward(self.cursor, n).0;
        self.follow(lines);
    }

    /// Moves the cursor `n` lines up.
    pub fn up<L: Lines<Pos = P>>(&mut self, n: usize, lines: &mut L) {
        self.cursor = lines.backward(self.cursor, n).0;
        self.follow(lines);
    }

    /// Scrolls view and cursor together by `n` lines down (a page, half a
    /// page); at the end the cursor still moves, to the last line.
    pub(crate) fn scroll_down<L: Lines<Pos = P>>(&mut self, n: usize, lines: &mut L) {
        let max = self.max_offset(lines);
        self.offset = lines.forward(self.offset, n).0.min(max);
        self.cursor = lines.forward(self.cursor, n).0;
        self.clamp_cursor(lines);
    }

    /// Scrolls view and cursor together by `n` lines up.
    pub(crate) fn scroll_up<L: Lines<Pos = P>>(&mut self, n: usize, lines: &mut L) {
        self.offset = lines.backward(self.offset, n).0;
        self.cursor = lines.backward(self.cursor, n).0;
        self.clamp_cursor(lines);
    }

    /// Pulls the cursor inside the view, the scroll-off from its edges
    /// (except at the ends of the lines); returns whether it moved.
    fn clamp_cursor<L: Lines<Pos = P>>(&mut self, lines: &mut L) -> bool {
        let m = self.margin();
        let first = lines.first();
        let last = lines.last();
        let low = if self.offset == first {
            first
        } else {
            lines.forward(self.offset, m).0
        };
        let bottom = self.bottom_line(lines);
        let high = if bottom == last {
            last
        } else {
            lines.backward(bottom, m).0
        };
        let before = self.cursor;
        self.cursor = self.cursor.max(low).min(high.max(low));
        self.cursor != before
    }

    /// A page down (the viewport height).
    pub(crate) fn page_down<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.scroll_down(self.viewport, lines);
    }

    /// A page up.
    pub(crate) fn page_up<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.scroll_up(self.viewport, lines);
    }

    /// Half a page down.
    pub(crate) fn half_page_down<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.scroll_down((self.viewport / 2).max(1), lines);
    }

    /// Half a page up.
    pub(crate) fn half_page_up<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.scroll_up((self.viewport / 2).max(1), lines);
    }

    /// Cursor and view to the first line.
    pub fn top<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.cursor = lines.first();
        self.offset = self.cursor;
    }

    /// Cursor to the last line, view to the end.
    pub fn bottom<L: Lines<Pos = P>>(&mut self, lines: &mut L) {
        self.cursor = lines.last();
        self.offset = self.max_offset(lines);
    }

    /// Moves the cursor to `pos`, scrolling as little as needed.
    pub fn reveal<L: Lines<Pos = P>>(&mut self, pos: P, lines: &mut L) {
        self.cursor = pos;
        self.follow(lines);
    }

    /// Moves the cursor to `pos`: a target already on screen scrolls as
    /// little as needed, a far one is centred so that its context shows.
    pub(crate) fn jump<L: Lines<Pos = P>>(&mut self, pos: P, lines: &mut L) {
        if self.is_visible(pos, lines) {
            self.reveal(pos, lines);
        } else {
            self.cursor = pos;
            self.offset = lines.backward(pos, self.viewport / 2).0;
            self.follow(lines);
        }
    }

    /// Scrolls the view by `delta` lines (negative: up) without moving the
    /// cursor unless it would leave the view; returns whether it moved.
    pub(crate) fn scroll_view<L: Lines<Pos = P>>(&mut self, delta: isize, lines: &mut L) -> bool {
        let max = self.max_offset(lines);
        self.offset = if delta >= 0 {
            lines.forward(self.offset, delta.unsigned_abs()).0.min(max)
        } else {
            lines.backward(self.offset, delta.unsigned_abs()).0
        };
        self.clamp_cursor(lines)
    }

    /// Scrolls the view only, leaving the cursor where it is even off screen
    /// (lists under the mouse wheel).
    pub(crate) fn scroll_view_only<L: Lines<Pos = P>>(&mut self, delta: isize, lines: &mut L) {
        let max = self.max_offset(lines);
        self.offset = if delta >= 0 {
            lines.forward(self.offset, delta.unsigned_abs()).0.min(max)
        } else {
            lines.backward(self.offset, delta.unsigned_abs()).0
        };
    }

    /// The screen row of `pos` counted from the top of the viewport, if
    /// visible.
    pub fn row_of<L: Lines<Pos = P>>(&self, pos: P, lines: &mut L) -> Option<usize> {
        if pos < self.offset {
            return None;
        }
        let mut at = self.offset;
        for row in 0..self.viewport {
            if at == pos {
                return Some(row);
            }
            at = lines.next(at)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scroll(len: usize, viewport: usize) -> (Scroll<usize>, ListLines) {
        let mut lines = ListLines(len);
        let mut s = Scroll::new(0, 2);
        s.set_viewport(viewport, &mut lines);
        (s, lines)
    }

    #[test]
    fn cursor_keeps_scrolloff_from_edges() {
        let (mut s, mut l) = scroll(100, 10);
        s.down(7, &mut l);
        assert_eq!((s.offset, s.cursor), (0, 7));
        s.down(1, &mut l);
        assert_eq!(
            (s.offset, s.cursor),
            (1, 8),
            "two lines stay below the cursor"
        );
        s.up(6, &mut l);
        assert_eq!((s.offset, s.cursor), (0, 2));
    }

    #[test]
    fn pages_move_view_and_cursor_and_stop_at_the_end() {
        let (mut s, mut l) = scroll(25, 10);
        s.page_down(&mut l);
        assert_eq!((s.offset, s.cursor), (10, 12));
        s.page_down(&mut l);
        assert_eq!(
            s.offset, 15,
            "the last page shows the last line at the bottom"
        );
        assert_eq!(s.cursor, 22);
        s.page_down(&mut l);
        assert_eq!((s.offset, s.cursor), (15, 24));
        s.half_page_up(&mut l);
        assert_eq!(
            (s.offset, s.cursor),
            (10, 17),
            "the cursor keeps its scroll-off"
        );
        s.page_up(&mut l);
        assert_eq!((s.offset, s.cursor), (0, 7));
    }

    #[test]
    fn top_bottom_and_short_lists() {
        let (mut s, mut l) = scroll(25, 10);
        s.bottom(&mut l);
        assert_eq!((s.offset, s.cursor), (15, 24));
        s.top(&mut l);
        assert_eq!((s.offset, s.cursor), (0, 0));
        let (mut s, mut l) = scroll(3, 10);
        s.page_down(&mut l);
        assert_eq!((s.offset, s.cursor), (0, 2));
        let (mut s, mut l) = scroll(0, 10);
        s.down(3, &mut l);
        assert_eq!((s.offset, s.cursor), (0, 0));
    }

    #[test]
    fn jump_centres_far_targets_and_barely_moves_for_near_ones() {
        let (mut s, mut l) = scroll(100, 10);
        s.jump(50, &mut l);
        assert_eq!((s.offset, s.cursor), (45, 50));
        s.jump(52, &mut l);
        assert_eq!((s.offset, s.cursor), (45, 52));
        s.jump(99, &mut l);
        assert_eq!((s.offset, s.cursor), (90, 99));
    }

    #[test]
    fn wheel_drags_the_cursor_only_when_it_would_leave_the_view() {
        let (mut s, mut l) = scroll(100, 10);
        s.down(5, &mut l);
        assert!(!s.scroll_view(3, &mut l));
        assert_eq!((s.offset, s.cursor), (3, 5));
        assert!(s.scroll_view(3, &mut l));
        assert_eq!((s.offset, s.cursor), (6, 8));
        s.scroll_view(1000, &mut l);
        assert_eq!(s.offset, 90);
        s.scroll_view_only(-1000, &mut l);
        assert_eq!((s.offset, s.cursor), (0, 92));
        assert_eq!(s.row_of(3, &mut l), Some(3));
        assert_eq!(s.row_of(92, &mut l), None);
    }

    #[test]
    fn shrinking_viewport_keeps_cursor_visible() {
        let (mut s, mut l) = scroll(100, 20);
        s.down(15, &mut l);
        s.set_viewport(5, &mut l);
        assert!(s.is_visible(s.cursor, &mut l));
        assert_eq!(s.cursor, 15);
    }
}
