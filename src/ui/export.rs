//! The `E` menu: the formats the article can be exported in, each with the
//! file it would go to by default. The path is then typed, and an
//! overwrite confirmed, in the status bar ([`super::status`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::app::App;
use crate::app::export::ExportDialog;
use crate::formats::Format;
use crate::ui::{pane_block, str_width, truncate};

/// The menu, drawn from `&App` while the export dialog is at its first
/// stage.
#[derive(Debug, Clone, Copy)]
pub struct ExportMenu<'a> {
    app: &'a App,
}

impl<'a> ExportMenu<'a> {
    /// A view of the export menu.
    pub fn new(app: &'a App) -> Self {
        ExportMenu { app }
    }
}

impl Widget for ExportMenu<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(ExportDialog::Menu { cursor }) = app.export() else {
            return;
        };
        let theme = app.theme();
        let rows: Vec<(String, String)> = Format::EXPORT
            .iter()
            .map(|&f| (f.label().to_string(), app.export_default(f)))
            .collect();
        let label_width = rows.iter().map(|(l, _)| str_width(l)).max().unwrap_or(0);
        let want = rows
            .iter()
            .map(|(_, p)| label_width + 4 + str_width(p))
            .max()
            .unwrap_or(0)
            + 6;
        let width = (want as u16).clamp(30, area.width);
        let height = (rows.len() as u16 + 2).min(area.height);
        let menu = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        Clear.render(menu, buf);
        pane_block(theme, Line::from(" Export the article "), true).render(menu, buf);
        let inner = menu.inner(Margin::new(1, 1));
        let text_width = inner.width.saturating_sub(2) as usize;
        for (i, ((label, path), y)) in rows.iter().zip(inner.y..inner.bottom()).enumerate() {
            let row = Rect {
                y,
                height: 1,
                ..inner
            };
            let pad = label_width.saturating_sub(str_width(label));
            let path_width = text_width.saturating_sub(label_width + 3);
            Line::from(vec![
                Span::raw(" "),
                Span::styled(label.clone(), theme.heading()),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(truncate(path, path_width), theme.dim()),
            ])
            .render(row, buf);
            if i == *cursor {
                buf.set_style(row, theme.cursor_row(true));
            }
        }
    }
}
