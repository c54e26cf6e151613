//! The view: draws an [`App`] and never changes it.
//!
//! [`crate::layout`] places the panes (the state uses the same rectangles to size
//! its viewports and to hit-test clicks); each pane is a small widget over
//! `&App` in its own file; [`render`] and `impl Widget for &App` draw the
//! whole screen, or the "terminal too small" line below
//! [`MIN_WIDTH`]×[`MIN_HEIGHT`].
//!
//! - [`article`]: the wrapped text with its highlighted mentions.
//! - [`sidebar`]: the actors found, by kind.
//! - [`detail`]: the selected actor, its aliases, links and mentions.
//! - [`status`]: file, position, hints, messages and prompts.
//! - [`help`]: the key help overlay, generated from the key table.
//! - [`list`]: the article list overlay (`o`).
//! - [`sources`]: the Sources view overlay (`S`).
//! - [`results`]: the matches of a search of all articles (`F`).
//! - [`present`]: teaching mode's screen (`p`, `aka --present`).
//! - [`export`]: the export menu (`E`).
//! - [`teach`]: the actor picker of `a` (teaching aka an alias).
//! - [`scroll_list`]: the list widget the sidebar, the detail panel, the
//!   article list and the Sources view share.

pub mod article;
pub mod detail;
pub mod export;
pub mod help;
pub mod list;
pub mod present;
pub mod results;
pub mod scroll_list;
pub mod sidebar;
pub mod sources;
pub mod status;
pub mod teach;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Widget};

use crate::app::App;
use crate::app::overlay::Overlay;
use crate::app::teach::TeachDialog;
pub(crate) use crate::layout::GUTTER;
use crate::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::theme::Theme;
pub(crate) use crate::wrap::{str_width, truncate};

/// Draws the explorer into a frame.
pub fn render(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if let Some(view) = present::PresentView::new(self) {
            view.render(area, buf);
            if let (Some(areas), true) = (layout::panes(area), self.help().is_some()) {
                help::HelpOverlay::new(self).render(areas.overlay, buf);
            }
            return;
        }
        let Some(areas) = layout::panes(area) else {
            too_small(*self.theme(), area, buf);
            return;
        };
        sidebar::SidebarPane::new(self).render(areas.sidebar, buf);
        article::ArticlePane::new(self).render(areas.article, buf);
        detail::DetailPane::new(self).render(areas.detail, buf);
        status::StatusBar::new(self).render(areas.status, buf);
        let at = areas.overlay;
        match self.overlay() {
            Overlay::None | Overlay::Present | Overlay::Teach(TeachDialog::Suppress { .. }) => {}
            Overlay::Help(_) => help::HelpOverlay::new(self).render(at, buf),
            Overlay::Articles(_) => list::ArticleList::new(self).render(at, buf),
            Overlay::Sources(_) => sources::SourcesOverlay::new(self).render(at, buf),
            Overlay::Results(_) => results::ResultsOverlay::new(self).render(at, buf),
            Overlay::Export(_) => export::ExportMenu::new(self).render(at, buf),
            Overlay::Teach(TeachDialog::Pick(_)) => teach::PickerOverlay::new(self).render(at, buf),
            Overlay::Teach(TeachDialog::New(_)) => {
                teach::NewActorOverlay::new(self).render(at, buf);
            }
        }
    }
}

/// The message shown instead of the panes on a small terminal.
pub(crate) fn too_small_message() -> String {
    format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})")
}

fn too_small(theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let line = Line::styled(too_small_message(), theme.too_small()).centered();
    let row = Rect {
        y: area.y + area.height / 2,
        height: 1,
        ..area
    };
    line.render(row, buf);
}

/// The swatch of `actor`: its colour's dot, or for an actor no catalog
/// holds, a dotted circle.
pub(crate) fn actor_swatch(
    app: &App,
    actor: crate::model::ActorIdx,
) -> ratatui::text::Span<'static> {
    let theme = app.theme();
    if app.catalog().is_discovered(actor) {
        ratatui::text::Span::styled(theme.discovered_symbol(), theme.dim())
    } else {
        ratatui::text::Span::styled(theme.swatch_symbol(), theme.swatch(app.slot(actor)))
    }
}

/// The style of a mention of `actor` (its colour, or the style of an
/// actor no catalog holds).
pub(crate) fn actor_style(
    app: &App,
    actor: crate::model::ActorIdx,
    emphasis: crate::theme::Emphasis,
) -> ratatui::style::Style {
    if app.catalog().is_discovered(actor) {
        app.theme().discovered(emphasis)
    } else {
        app.theme().mention(app.slot(actor), emphasis)
    }
}

/// A pane's border: rounded, accented when focused, with a title.
/// Clears `area` and draws a focused popup frame with `title` and the key
/// hints `keys` at the bottom right; returns the area for its rows (inside
/// the border, one cell of margin each side), which may be empty.
pub fn popup_frame(
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
    title: Line<'_>,
    keys: &str,
) -> Rect {
    ratatui::widgets::Clear.render(area, buf);
    pane_block(theme, title, true)
        .title_bottom(Line::styled(format!(" {keys} "), theme.dim()).right_aligned())
        .render(area, buf);
    let inner = area.inner(Margin::new(1, 1));
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

pub fn pane_block<'a>(theme: &Theme, title: Line<'a>, focused: bool) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border(focused))
        .title(title.style(theme.title(focused)))
}

/// Draws a vertical scrollbar over column `x`, rows `y..y + height`: the
/// thumb covers the part `shown` of `total` (any unit: rows, bytes). Draws
/// nothing when everything is shown.
pub fn scrollbar(
    buf: &mut Buffer,
    theme: &Theme,
    (x, y, height): (u16, u16, u16),
    shown: std::ops::Range<usize>,
    total: usize,
) {
    if height == 0 || total == 0 || (shown.start == 0 && shown.end >= total) {
        return;
    }
    let h = height as usize;
    let len = (shown.end.saturating_sub(shown.start) * h)
        .div_ceil(total)
        .clamp(1, h);
    let mut start = shown.start * h / total;
    if shown.end >= total {
        start = h - len;
    }
    let start = start.min(h - len);
    for i in 0..h {
        let thumb = i >= start && i < start + len;
        let cell = &mut buf[(x, y + i as u16)];
        cell.set_symbol(if thumb { "┃" } else { "│" })
            .set_style(theme.scrollbar(thumb));
    }
}
