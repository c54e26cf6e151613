//! The `?` overlay: every key binding by context, generated from the key
//! table that dispatches keys ([`keymap::help_page`]), so it cannot
//! disagree with what the keys do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::keymap::{self, Context};
use crate::theme::Theme;
use crate::ui::scroll_list::ScrollList;
use crate::ui::{popup_frame, str_width};

/// The page's lines; the sections of `first` come first.
pub fn lines(theme: &Theme, first: Option<Context>) -> Vec<Line<'static>> {
    let sections = keymap::help_page(first);
    let key_width = sections
        .iter()
        .flat_map(|s| s.rows.iter().map(|(k, _)| str_width(k)))
        .max()
        .unwrap_or(0);
    let row = |keys: &str, help: &'static str| {
        let pad = key_width - str_width(keys);
        Line::from(vec![
            Span::raw("  "),
            Span::styled(keys.to_string(), theme.key()),
            Span::raw(" ".repeat(pad + 2)),
            Span::raw(help),
        ])
    };
    let mut out = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(section.title, theme.heading()));
        for (keys, help) in &section.rows {
            out.push(row(keys, help));
        }
    }
    out
}

/// The help overlay, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct HelpOverlay<'a> {
    app: &'a App,
}

impl<'a> HelpOverlay<'a> {
    /// A view of the app's help overlay.
    pub fn new(app: &'a App) -> Self {
        HelpOverlay { app }
    }
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.theme();
        let Some(help) = self.app.help() else {
            return;
        };
        let rows = popup_frame(
            theme,
            area,
            buf,
            Line::from(" Keys "),
            "Esc close · j/k scroll",
        );
        let all = lines(theme, help.first);
        ScrollList::new(theme, &help.scroll, all.len(), |i| all[i].clone())
            .focused(false)
            .scrollbar(area.right() - 1)
            .render(rows, buf);
    }
}
