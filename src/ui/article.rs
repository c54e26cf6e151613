//! The article pane: the visible display lines, each glyph styled by the
//! mention or search match it falls in, a gutter marker on the cursor line
//! and a scrollbar on the right border. Only the lines on screen are
//! visited, taken from the layout cache that the state filled.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::app::article::ArticleView;
use crate::app::{App, Focus};
use crate::theme::{Emphasis, Theme};
use crate::ui::{GUTTER, pane_block, scrollbar, truncate};
use crate::wrap::{Glyph, Shown, glyphs};

/// The article pane, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct ArticlePane<'a> {
    app: &'a App,
}

impl<'a> ArticlePane<'a> {
    /// A view of the app's current article.
    pub fn new(app: &'a App) -> Self {
        ArticlePane { app }
    }
}

impl Widget for ArticlePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let art = app.article();
        let focused = app.focus() == Focus::Article;
        let mut name = art.doc.name.clone();
        if let (Some(i), n @ 2..) = (app.current_article(), app.corpus().total()) {
            name = format!("{name} ({}/{n})", i + 1);
        }
        let title = truncate(&name, area.width.saturating_sub(6) as usize);
        pane_block(theme, Line::from(format!(" {title} ")), focused).render(area, buf);
        let inner = area.inner(Margin::new(1, 1));
        if inner.width <= GUTTER || inner.height == 0 {
            return;
        }
        let text_area = Rect {
            x: inner.x + GUTTER,
            width: inner.width - GUTTER,
            ..inner
        };
        let text = art.text();
        let lines = art.layout.lines_from(text, art.scroll.offset);
        for ((pos, range), y) in lines.zip(text_area.y..text_area.bottom()) {
            if pos == art.scroll.cursor {
                buf[(inner.x, y)]
                    .set_symbol("▌")
                    .set_style(theme.gutter(focused));
            }
            draw_row(
                app,
                art,
                *theme,
                range,
                (text_area.x, y, text_area.width),
                buf,
            );
        }
        scrollbar(
            buf,
            theme,
            (area.right() - 1, inner.y, inner.height),
            art.visible_bytes(),
            text.len(),
        );
    }
}

/// The style of the glyph starting at byte `at`, moving the mention and
/// match cursors `mi` and `si` forward as glyphs advance.
struct Styler<'a> {
    app: &'a App,
    art: &'a ArticleView,
    theme: Theme,
    mi: usize,
    si: usize,
    selection: Option<std::ops::Range<usize>>,
}

impl Styler<'_> {
    fn style_at(&mut self, at: usize) -> Style {
        let mentions = &self.art.index.mentions;
        while self.mi < mentions.len() && mentions[self.mi].end() <= at {
            self.mi += 1;
        }
        let mut style = self.theme.text();
        if let Some(h) = self.art.heading_at(at) {
            style = if at < h.text_start {
                self.theme.md_marker()
            } else {
                self.theme.md_heading()
            };
        }
        if let Some(m) = mentions.get(self.mi).filter(|m| m.start() <= at) {
            let emphasis = if Some(self.mi) == self.art.current {
                Emphasis::Current
            } else if Some(m.actor()) == self.app.selected() {
                Emphasis::Selected
            } else {
                Emphasis::Quiet
            };
            style = if self.app.catalog().is_discovered(m.actor()) {
                style.patch(self.theme.discovered(emphasis))
            } else {
                style.patch(self.theme.mention(self.app.slot(m.actor()), emphasis))
            };
        }
        if self.selection.as_ref().is_some_and(|r| r.contains(&at)) {
            style = style.patch(self.theme.selection());
        }
        if self.art.highlight.as_ref().is_some_and(|r| r.contains(&at)) {
            style = style.patch(self.theme.cited_sentence());
        }
        if let Some(search) = &self.art.search {
            let matches = &search.matches;
            while self.si < matches.len() && matches[self.si].end <= at {
                self.si += 1;
            }
            if matches.get(self.si).is_some_and(|r| r.start <= at) {
                style = style.patch(self.theme.search_match(Some(self.si) == search.current));
            }
        }
        style
    }
}

/// Draws the display line `range` of the article at `x`, `y`, at most
/// `width` cells wide.
fn draw_row(
    app: &App,
    art: &ArticleView,
    theme: Theme,
    range: std::ops::Range<usize>,
    (x, y, width): (u16, u16, u16),
    buf: &mut Buffer,
) {
    let text = art.text();
    let mut styler = Styler {
        app,
        art,
        theme,
        mi: art.index.first_ending_after(range.start),
        si: art
            .search
            .as_ref()
            .map_or(0, |s| s.matches.partition_point(|r| r.end <= range.start)),
        selection: app.selection(),
    };
    let width = width as usize;
    for g in glyphs(text, range) {
        if g.col + g.width > width {
            break;
        }
        if g.width == 0 {
            continue;
        }
        let style = styler.style_at(g.start);
        draw_glyph(buf, (x + g.col as u16, y), &g, style, theme);
    }
}

/// Draws one laid-out grapheme at `(x, y)` in `style`: its text (the cells a
/// wide one covers are cleared), a dimmed placeholder for a control
/// character, or blanks for a tab.
pub(crate) fn draw_glyph(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    g: &Glyph<'_>,
    style: Style,
    theme: Theme,
) {
    match g.shown {
        Shown::Text(s) => {
            buf[(x, y)].set_symbol(s).set_style(style);
            for i in 1..g.width {
                buf[(x + i as u16, y)].reset();
            }
        }
        Shown::Placeholder(c) => {
            buf[(x, y)].set_char(c).set_style(theme.dim().patch(style));
        }
        Shown::Blank => {
            for i in 0..g.width {
                buf[(x + i as u16, y)].set_symbol(" ").set_style(style);
            }
        }
    }
}
