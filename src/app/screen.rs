//! The terminal's size and the mouse: a new size lays every viewport out
//! again (from [`crate::layout`]); clicks and wheel turns go to the pane or
//! row under the pointer.

use ratatui::layout::{Position, Rect};

use super::detail;
use super::sidebar::Row;
use super::{App, Focus};
use crate::layout;
use crate::scroll::ListLines;

impl App {
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        // Detail rows are numbered at a width: remember what the cursor and
        // the top row are, to find them again at the new width.
        let before = self.detail_layout().map(|l| {
            let s = &self.detail.scroll;
            (l.row(s.cursor), l.row(s.offset))
        });
        self.size = (width, height);
        self.areas = layout::panes(Rect::new(0, 0, width, height));
        let Some(areas) = self.areas else {
            return;
        };
        if let (Some((cursor, top)), Some(layout)) = (before, self.detail_layout()) {
            self.detail.scroll.cursor = layout.index_of(cursor);
            self.detail.scroll.offset = layout.index_of(top);
        }
        let text = areas.article_text;
        self.article_mut()
            .set_geometry(text.width as usize, text.height as usize);
        let mut lines = self.sidebar.lines();
        self.sidebar
            .scroll
            .set_viewport(areas.sidebar_rows.height as usize, &mut lines);
        // The detail cursor may rest below the view (see `follow_in_detail`):
        // a new height must not scroll to it.
        let len = self.detail_layout().map_or(1, |l| l.len());
        let list = detail::list_area(areas.detail_rows);
        let detail = &mut self.detail.scroll;
        detail.viewport = (list.height as usize).max(1);
        detail.offset = detail.offset.min(detail.max_offset(&mut ListLines(len)));
        if self.focus == Focus::Detail {
            detail.follow(&mut ListLines(len));
        }
        let height = areas.overlay_rows.height as usize;
        self.fit_help(height);
        self.fit_list(height);
        self.fit_sources(height);
        self.fit_results(height);
        self.fit_picker(height);
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let Some(areas) = self.areas else {
            return;
        };
        let at = Position::new(column, row);
        if areas.article.contains(at) {
            self.focus = Focus::Article;
            let text = areas.article_text;
            if row >= text.y && row < text.bottom() {
                let col = column.saturating_sub(text.x) as usize;
                if self.article_mut().click((row - text.y) as usize, col) {
                    self.article_moved();
                }
            }
        } else if areas.sidebar.contains(at) {
            // Focus without revealing the selection: the row under the
            // pointer is the one meant.
            self.focus = Focus::Sidebar;
            let rows = areas.sidebar_rows;
            if rows.contains(at) {
                let i = self.sidebar.scroll.offset + (row - rows.y) as usize;
                match self.sidebar.rows.get(i).copied() {
                    Some(Row::Kind { folded, .. }) => {
                        self.sidebar.reveal(i);
                        self.fold(!folded);
                    }
                    Some(Row::Actor(_)) => {
                        self.sidebar.reveal(i);
                        self.sidebar_cursor_moved();
                    }
                    None => {}
                }
            }
        } else if areas.detail.contains(at) {
            self.focus = Focus::Detail;
            let rows = detail::list_area(areas.detail_rows);
            let Some(layout) = self.detail_layout() else {
                return;
            };
            if rows.contains(at) {
                let i = self.detail.scroll.offset + (row - rows.y) as usize;
                if layout.is_action(i) {
                    if self.detail.scroll.cursor == i {
                        self.activate();
                    } else {
                        self.detail.scroll.reveal(i, &mut ListLines(layout.len()));
                    }
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let Some(areas) = self.areas else {
            return;
        };
        let at = Position::new(column, row);
        let delta = isize::from(lines);
        if areas.article.contains(at) {
            let prefer = self.selected;
            if self.article_mut().wheel(delta, prefer) {
                self.article_moved();
            }
        } else if areas.sidebar.contains(at) {
            let mut l = self.sidebar.lines();
            self.sidebar.scroll.scroll_view_only(delta, &mut l);
        } else if areas.detail.contains(at) {
            let len = self.detail_layout().map_or(1, |l| l.len());
            self.detail
                .scroll
                .scroll_view_only(delta, &mut ListLines(len));
        }
    }
}
