//! The view: draws an [`App`] and never changes it.
//!
//! [`layout`] places the panes (the state uses the same rectangles to size
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
//! - [`present`]: teaching mode's screen (`p`, `aka --present`).
//! - [`export`]: the export menu (`E`).
//! - [`scroll_list`]: the list widget the sidebar, the detail panel, the
//!   article list and the Sources view share.

pub mod article;
pub mod detail;
pub mod export;
pub mod help;
pub mod list;
pub mod present;
pub mod scroll_list;
pub mod sidebar;
pub mod sources;
pub mod status;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Widget};

use crate::app::App;
use crate::theme::Theme;

/// The narrowest terminal the panes fit in.
pub const MIN_WIDTH: u16 = 60;
/// The lowest terminal the panes fit in.
pub const MIN_HEIGHT: u16 = 15;
/// From this width on, the detail panel sits beside the article.
pub const WIDE: u16 = 160;
/// Columns left of the article text for the cursor marker.
pub const GUTTER: u16 = 2;

/// Where everything goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// The sidebar with its border.
    pub sidebar: Rect,
    /// The sidebar's rows.
    pub sidebar_rows: Rect,
    /// The article pane with its border.
    pub article: Rect,
    /// The article's text (inside the border, right of the gutter).
    pub article_text: Rect,
    /// The detail panel with its border.
    pub detail: Rect,
    /// The detail panel's rows.
    pub detail_rows: Rect,
    /// The status bar.
    pub status: Rect,
    /// The help overlay with its border.
    pub help: Rect,
    /// The help overlay's rows.
    pub help_rows: Rect,
}

/// Places the panes in `area`, or `None` when it is too small for them.
pub fn layout(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    let status = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    let sidebar_width = (area.width * 22 / 100).clamp(24, 34);
    let sidebar = Rect {
        width: sidebar_width,
        ..main
    };
    let right = Rect {
        x: main.x + sidebar_width,
        width: main.width - sidebar_width,
        ..main
    };
    let (article, detail) = if area.width >= WIDE {
        let width = (right.width * 36 / 100).clamp(44, 64);
        (
            Rect {
                width: right.width - width,
                ..right
            },
            Rect {
                x: right.right() - width,
                width,
                ..right
            },
        )
    } else {
        let height = (main.height * 58 / 100).max(7);
        (
            Rect { height, ..right },
            Rect {
                y: right.y + height,
                height: right.height - height,
                ..right
            },
        )
    };
    let inner = |r: Rect| r.inner(Margin::new(1, 1));
    let article_inner = inner(article);
    let article_text = Rect {
        x: article_inner.x + GUTTER,
        width: article_inner.width.saturating_sub(GUTTER),
        ..article_inner
    };
    let help_width = area.width.saturating_sub(4).min(78);
    let help_height = area.height.saturating_sub(4);
    let help = Rect {
        x: area.x + (area.width - help_width) / 2,
        y: area.y + (area.height - help_height) / 2,
        width: help_width,
        height: help_height,
    };
    Some(Areas {
        sidebar,
        sidebar_rows: inner(sidebar),
        article,
        article_text,
        detail,
        detail_rows: Rect {
            x: inner(detail).x + 1,
            width: inner(detail).width.saturating_sub(1),
            ..inner(detail)
        },
        status,
        help,
        help_rows: Rect {
            x: inner(help).x + 1,
            width: inner(help).width.saturating_sub(2),
            ..inner(help)
        },
    })
}

/// Draws the explorer into a frame.
pub fn render(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if let Some(view) = present::PresentView::new(self) {
            view.render(area, buf);
            if let (Some(areas), true) = (layout(area), self.help().is_some()) {
                help::HelpOverlay::new(self).render(areas.help, buf);
            }
            return;
        }
        let Some(areas) = layout(area) else {
            too_small(*self.theme(), area, buf);
            return;
        };
        sidebar::SidebarPane::new(self).render(areas.sidebar, buf);
        article::ArticlePane::new(self).render(areas.article, buf);
        detail::DetailPane::new(self).render(areas.detail, buf);
        status::StatusBar::new(self).render(areas.status, buf);
        if self.list().is_some() {
            list::ArticleList::new(self).render(areas.help, buf);
        }
        if self.sources_view().is_some() {
            sources::SourcesOverlay::new(self).render(areas.help, buf);
        }
        if self.export().is_some() {
            export::ExportMenu::new(self).render(areas.help, buf);
        }
        if self.help().is_some() {
            help::HelpOverlay::new(self).render(areas.help, buf);
        }
    }
}

/// The message shown instead of the panes on a small terminal.
pub fn too_small_message() -> String {
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

/// Cuts `s` to at most `width` cells, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let total: usize = s.graphemes(true).map(display_width).sum();
    if total <= width {
        return s.to_string();
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

/// The width of a grapheme of catalog or prompt text as drawn (control
/// characters are not drawn at all).
pub fn display_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        crate::wrap::grapheme_width(g)
    }
}

/// The display width of a string of catalog or prompt text.
pub fn str_width(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).map(display_width).sum()
}
