//! The `o` overlay: the list of the session's articles, to open one. Its
//! state is only a scroll over the corpus's entries.

use super::corpus::EntryState;
use super::overlay::{ListStep, Overlay, list_step};
use super::{App, Focus, Open};
use crate::action::Action;
use crate::scroll::{ListLines, Scroll};

impl App {
    fn list_lines(&self) -> ListLines {
        ListLines(self.corpus.entries.len().max(1))
    }

    /// Opens the article list, the cursor on the article shown.
    pub(super) fn open_list(&mut self) {
        let mut scroll = Scroll::new(0, 1);
        let mut lines = self.list_lines();
        scroll.set_viewport(self.overlay_height(), &mut lines);
        scroll.jump(self.current.unwrap_or(0), &mut lines);
        self.overlay = Overlay::Articles(scroll);
    }

    /// Opens the article at `index` from a list, or says why not.
    pub(super) fn open_from_list(&mut self, index: usize) {
        let Some(entry) = self.corpus.entries.get(index) else {
            return;
        };
        match &entry.state {
            EntryState::Ready(_) => {
                if self.current != Some(index) {
                    self.open_article(index, Open::Keep);
                }
                self.focus = Focus::Article;
            }
            EntryState::Loading => {
                self.message = Some(format!("{} is still loading", entry.name));
            }
            EntryState::Failed(reason) => {
                self.message = Some(format!("cannot open {}: {reason}", entry.name));
            }
            EntryState::Stored { .. } => {
                if self.open_or_read(index, Open::Keep, None, None) {
                    self.focus = Focus::Article;
                }
            }
        }
    }

    /// Applies an action while the article list is open; returns false for
    /// those that act as usual (quit, resize).
    pub(super) fn update_list(&mut self, action: Action) -> bool {
        let mut lines = self.list_lines();
        let rows = self.areas.map(|a| a.overlay_rows);
        let len = self.corpus.entries.len();
        let Overlay::Articles(list) = &mut self.overlay else {
            return false;
        };
        let close = Action::ToggleArticles;
        match list_step(action, close, list, &mut lines, rows, len) {
            ListStep::Pass => return false,
            ListStep::Stay => {}
            ListStep::Close => self.overlay = Overlay::None,
            ListStep::Choose(i) => {
                self.overlay = Overlay::None;
                self.open_from_list(i);
            }
        }
        true
    }

    /// Fits the list's viewport to a new overlay height.
    pub(super) fn fit_list(&mut self, height: usize) {
        let mut lines = self.list_lines();
        if let Overlay::Articles(list) = &mut self.overlay {
            list.set_viewport(height, &mut lines);
        }
    }
}
