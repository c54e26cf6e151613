//! The one overlay that may stand over the panes, and the key contexts it
//! puts first. [`App::update`](super::App::update) and
//! [`App::contexts`](super::App::contexts) both dispatch on it, so the
//! overlay that reads the keys is always the one that handles them. Each
//! overlay's state and transitions live in its own file: [`super::help`],
//! [`super::articles`], [`super::sources`], [`super::results`],
//! [`super::export`], [`super::present`].

use ratatui::layout::{Position, Rect};

use super::export::ExportDialog;
use super::help::Help;
use super::results::Results;
use super::sources::SourcesView;
use super::teach::TeachDialog;
use crate::action::Action;
use crate::keymap::Context;
use crate::scroll::{ListLines, Scroll};

/// What stands over the explorer's panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    /// Nothing: the panes read the keys.
    #[default]
    None,
    /// The key help (`?`).
    Help(Help),
    /// The article list (`o`): a scroll over the corpus's entries.
    Articles(Scroll<usize>),
    /// The Sources view (`S`).
    Sources(SourcesView),
    /// The matches of a search of all articles (`F`).
    Results(Results),
    /// The export dialog (`E`).
    Export(ExportDialog),
    /// Teaching mode (`p`): its lesson is [`App::presentation`](super::App::presentation).
    Present,
    /// Teaching aka: a question of `x`, or the actor picker of `a`.
    Teach(TeachDialog),
}

impl Overlay {
    /// The key contexts the overlay reads, most specific first; `None` for
    /// no overlay (the panes' contexts apply).
    pub fn contexts(&self) -> Option<Vec<Context>> {
        let first = match self {
            Overlay::None => return None,
            Overlay::Help(_) => Context::Help,
            Overlay::Articles(_) => Context::Articles,
            Overlay::Sources(_) => Context::Sources,
            Overlay::Results(_) => Context::Results,
            Overlay::Export(ExportDialog::Menu { .. }) => Context::ExportMenu,
            Overlay::Export(ExportDialog::Path { .. }) => Context::Prompt,
            Overlay::Export(ExportDialog::Confirm { .. }) => Context::Confirm,
            Overlay::Present => Context::Present,
            Overlay::Teach(TeachDialog::Suppress { .. }) => Context::Suppress,
            Overlay::Teach(TeachDialog::New(_)) => {
                return Some(vec![Context::Form, Context::Prompt, Context::Always]);
            }
            Overlay::Teach(TeachDialog::Pick(_)) => {
                return Some(vec![Context::Filter, Context::Prompt, Context::Always]);
            }
        };
        Some(vec![first, Context::Always])
    }
}

/// What an action comes to in a list overlay (articles, sources, search
/// results).
pub(super) enum ListStep {
    /// Not the overlay's: act as usual (quit, resize).
    Pass,
    /// Handled: the list moved, or nothing happened.
    Stay,
    /// Close the overlay.
    Close,
    /// Close it and open row `i`.
    Choose(usize),
}

/// The keys and the mouse of a list overlay of `len` rows drawn in `rows`:
/// `close` (or Esc, or a click outside) closes it, Enter or a click on a
/// row chooses that row, the wheel scrolls, other movements move.
pub(super) fn list_step(
    action: Action,
    close: Action,
    scroll: &mut Scroll<usize>,
    lines: &mut ListLines,
    rows: Option<Rect>,
    len: usize,
) -> ListStep {
    match action {
        Action::Quit | Action::Resize { .. } => ListStep::Pass,
        Action::Back => ListStep::Close,
        a if a == close => ListStep::Close,
        Action::Activate => ListStep::Choose(scroll.cursor),
        Action::Wheel { lines: n, .. } => {
            scroll.scroll_view_only(isize::from(n), lines);
            ListStep::Stay
        }
        Action::Click { column, row } => {
            match rows.filter(|r| r.contains(Position::new(column, row))) {
                Some(r) => {
                    let i = scroll.offset + (row - r.y) as usize;
                    if i < len {
                        ListStep::Choose(i)
                    } else {
                        ListStep::Stay
                    }
                }
                None => ListStep::Close,
            }
        }
        _ => {
            list_motion(scroll, action, lines);
            ListStep::Stay
        }
    }
}

/// The list movements shared by the lists of the panes and overlays.
pub(super) fn list_motion(s: &mut Scroll<usize>, action: Action, lines: &mut ListLines) {
    match action {
        Action::Up => s.up(1, lines),
        Action::Down => s.down(1, lines),
        Action::PageUp => s.page_up(lines),
        Action::PageDown => s.page_down(lines),
        Action::HalfPageUp => s.half_page_up(lines),
        Action::HalfPageDown => s.half_page_down(lines),
        Action::Top => s.top(lines),
        Action::Bottom => s.bottom(lines),
        _ => {}
    }
}
