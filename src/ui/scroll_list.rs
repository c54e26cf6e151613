//! One scrolling list, as every list of the explorer draws it: the rows in
//! view, the cursor row highlighted while the list has the focus, and a
//! scrollbar. Rows are made on demand by a closure, only those in view, so
//! a list of a million rows costs no more to draw than one of ten.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::scroll::Scroll;
use crate::theme::Theme;
use crate::ui::scrollbar;

/// A list of `len` rows seen through a [`Scroll`]; `row(i)` makes row `i`.
pub struct ScrollList<'t, F> {
    theme: &'t Theme,
    offset: usize,
    cursor: Option<usize>,
    len: usize,
    row: F,
    bar: Option<u16>,
}

impl<'t, 'l, F: FnMut(usize) -> Line<'l>> ScrollList<'t, F> {
    /// The rows from `scroll`'s offset on, the cursor row highlighted.
    pub fn new(theme: &'t Theme, scroll: &Scroll<usize>, len: usize, row: F) -> Self {
        ScrollList {
            theme,
            offset: scroll.offset,
            cursor: Some(scroll.cursor),
            len,
            row,
            bar: None,
        }
    }

    /// Highlights the cursor row only if `focused` (a pane that has lost
    /// the focus, or a cursor on a row it cannot act on).
    #[must_use]
    pub fn focused(mut self, focused: bool) -> Self {
        if !focused {
            self.cursor = None;
        }
        self
    }

    /// Draws the scrollbar in column `x`, beside the rows (usually on the
    /// right border).
    #[must_use]
    pub fn scrollbar(mut self, x: u16) -> Self {
        self.bar = Some(x);
        self
    }
}

impl<'l, F: FnMut(usize) -> Line<'l>> Widget for ScrollList<'_, F> {
    fn render(mut self, area: Rect, buf: &mut Buffer) {
        for (i, y) in (self.offset..self.len).zip(area.y..area.bottom()) {
            let row_area = Rect {
                y,
                height: 1,
                ..area
            };
            (self.row)(i).render(row_area, buf);
            if self.cursor == Some(i) {
                buf.set_style(row_area, self.theme.cursor_row(true));
            }
        }
        if let Some(x) = self.bar {
            let height = area.height as usize;
            scrollbar(
                buf,
                self.theme,
                (x, area.y, area.height),
                self.offset..self.offset + height,
                self.len,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn text(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
    }

    #[test]
    fn only_the_rows_in_view_are_made() {
        let theme = Theme::colored();
        let mut scroll = Scroll::new(0, 1);
        scroll.offset = 999_990;
        scroll.cursor = 999_992;
        let mut made = Vec::new();
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 4));
        ScrollList::new(&theme, &scroll, 1_000_000, |i| {
            made.push(i);
            Line::raw(format!("row {i}"))
        })
        .scrollbar(11)
        .render(Rect::new(0, 0, 10, 4), &mut buf);
        assert_eq!(made, [999_990, 999_991, 999_992, 999_993]);
        assert_eq!(text(&buf, 0), "row 999990 │");
        assert!(buf[(0, 2)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(0, 1)].modifier.contains(Modifier::REVERSED));
        assert_eq!(buf[(11, 3)].symbol(), "┃", "the thumb at the bottom");
    }

    #[test]
    fn a_short_list_leaves_the_rest_blank_and_no_scrollbar() {
        let theme = Theme::colored();
        let scroll = Scroll::new(0, 1);
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 4));
        ScrollList::new(&theme, &scroll, 2, |i| Line::raw(format!("r{i}")))
            .focused(false)
            .scrollbar(5)
            .render(Rect::new(0, 0, 5, 4), &mut buf);
        assert_eq!(
            (0..4).map(|y| text(&buf, y)).collect::<Vec<_>>(),
            ["r0    ", "r1    ", "      ", "      "]
        );
        assert!(!buf[(0, 0)].modifier.contains(Modifier::REVERSED));
    }
}
