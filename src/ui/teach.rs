//! The actor picker of `a`: the actors to give the new alias to, the one
//! proposed first on top, filtered by what is typed in the status bar
//! ([`super::status`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::teach::TeachDialog;
use crate::ui::scroll_list::ScrollList;
use crate::ui::{popup_frame, str_width, truncate};

/// The picker overlay, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct PickerOverlay<'a> {
    app: &'a App,
}

impl<'a> PickerOverlay<'a> {
    /// A view of the app's actor picker.
    pub fn new(app: &'a App) -> Self {
        PickerOverlay { app }
    }
}

impl Widget for PickerOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(TeachDialog::Pick(picker)) = app.teach_dialog() else {
            return;
        };
        let theme = app.theme();
        let title = format!(
            " “{}” is an alias of… ",
            truncate(&picker.alias, area.width.saturating_sub(30) as usize)
        );
        let rows = popup_frame(
            theme,
            area,
            buf,
            Line::from(title),
            "type to filter · ↑/↓ move · Enter choose · Esc cancel",
        );
        if rows.is_empty() {
            return;
        }
        if picker.rows.is_empty() {
            Line::styled("No actor matches the filter", theme.dim()).render(rows, buf);
            return;
        }
        let width = rows.width as usize;
        let catalog = app.catalog();
        ScrollList::new(theme, &picker.scroll, picker.rows.len(), |i| {
            let actor = catalog.actor(picker.rows[i]);
            let kind = format!(" {}", actor.kind.label());
            let id = format!("  {}", actor.id);
            let name_width = width.saturating_sub(str_width(&kind) + 2);
            let name = truncate(&actor.name, name_width);
            let id = truncate(&id, name_width.saturating_sub(str_width(&name)));
            let pad = width.saturating_sub(str_width(&name) + str_width(&id) + str_width(&kind));
            Line::from(vec![
                Span::styled(name, theme.text()),
                Span::styled(id, theme.dim()),
                Span::raw(" ".repeat(pad)),
                Span::styled(kind, theme.dim()),
            ])
        })
        .focused(true)
        .scrollbar(area.right() - 1)
        .render(rows, buf);
    }
}
