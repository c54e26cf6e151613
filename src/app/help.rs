//! The `?` overlay's state: where the key help is scrolled to, and whether
//! it was opened from teaching mode (its page then starts with teaching
//! mode's keys, and closing it goes back to the lesson).

use super::App;
use super::overlay::Overlay;
use crate::action::Action;
use crate::keymap::{self, Context};
use crate::scroll::{ListLines, Scroll};

/// The help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The page's scroll (the cursor is unused: the page only scrolls).
    pub scroll: Scroll<usize>,
    /// The context whose keys head the page, if any.
    pub first: Option<Context>,
    /// Whether it was opened from teaching mode.
    pub over_lesson: bool,
}

impl Help {
    fn lines(&self) -> ListLines {
        ListLines(keymap::help_line_count(self.first))
    }
}

impl App {
    /// Opens the help over the explorer, or over teaching mode with the
    /// teaching keys first.
    pub(super) fn open_help(&mut self) {
        let over_lesson = matches!(self.overlay, Overlay::Present);
        let mut help = Help {
            scroll: Scroll::new(0, 0),
            first: over_lesson.then_some(Context::Present),
            over_lesson,
        };
        let mut lines = help.lines();
        help.scroll.set_viewport(self.overlay_height(), &mut lines);
        self.overlay = Overlay::Help(help);
    }

    /// Closes the help: back to the lesson if it was opened from one.
    fn close_help(&mut self) {
        let back = matches!(&self.overlay, Overlay::Help(h) if h.over_lesson);
        self.overlay = if back {
            Overlay::Present
        } else {
            Overlay::None
        };
    }

    /// Applies an action while the help is open; returns false for those
    /// that act as usual (quit, resize).
    pub(super) fn update_help(&mut self, action: Action) -> bool {
        let Overlay::Help(help) = &mut self.overlay else {
            return false;
        };
        let mut lines = help.lines();
        let scroll = &mut help.scroll;
        let page = scroll.viewport.cast_signed();
        match action {
            Action::Quit | Action::Resize { .. } => return false,
            Action::ToggleHelp | Action::Back | Action::Click { .. } => self.close_help(),
            Action::Down => scroll.scroll_view_only(1, &mut lines),
            Action::Up => scroll.scroll_view_only(-1, &mut lines),
            Action::PageDown => scroll.scroll_view_only(page, &mut lines),
            Action::PageUp => scroll.scroll_view_only(-page, &mut lines),
            Action::HalfPageDown => scroll.scroll_view_only(page / 2, &mut lines),
            Action::HalfPageUp => scroll.scroll_view_only(-page / 2, &mut lines),
            Action::Top => scroll.top(&mut lines),
            Action::Bottom => scroll.scroll_view_only(isize::MAX / 2, &mut lines),
            Action::Wheel { lines: n, .. } => scroll.scroll_view_only(isize::from(n), &mut lines),
            _ => {}
        }
        true
    }

    /// Fits the help's viewport to a new overlay height.
    pub(super) fn fit_help(&mut self, height: usize) {
        if let Overlay::Help(help) = &mut self.overlay {
            let mut lines = help.lines();
            help.scroll.set_viewport(height, &mut lines);
        }
    }
}
