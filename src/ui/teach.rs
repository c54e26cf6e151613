//! The actor picker of `a`: the actors to give the new alias to, the one
//! proposed first on top, filtered by what is typed in the status bar
//! ([`super::status`]); and the form of a new actor (`A`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::teach::{Field, TeachDialog};
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

/// The new-actor form, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct NewActorOverlay<'a> {
    app: &'a App,
}

impl<'a> NewActorOverlay<'a> {
    /// A view of the app's new-actor form.
    pub fn new(app: &'a App) -> Self {
        NewActorOverlay { app }
    }
}

impl Widget for NewActorOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(TeachDialog::New(form)) = app.teach_dialog() else {
            return;
        };
        let theme = app.theme();
        let height = (Field::ALL.len() as u16 + 4).min(area.height);
        let form_area = Rect {
            y: area.y + (area.height - height) / 2,
            height,
            ..area
        };
        let rows = popup_frame(
            theme,
            form_area,
            buf,
            Line::from(if form.editing {
                " Edit the actor (in your user catalog) "
            } else {
                " A new actor for your user catalog "
            }),
            if form.editing {
                "Tab/↓ next field · ←/→ kind · Enter save · Esc cancel"
            } else {
                "Tab/↓ next field · ←/→ kind · Enter add · Esc cancel"
            },
        );
        let label_width = Field::ALL
            .iter()
            .map(|f| f.label().len())
            .max()
            .unwrap_or(0)
            + 2;
        let width = rows.width as usize;
        for (&field, y) in Field::ALL.iter().zip(rows.y + 1..rows.bottom()) {
            let here = field == form.field;
            let value = match form.text(field) {
                Some(text) => text.to_string(),
                None => format!("◂ {} ▸", form.kind.label()),
            };
            let hint = match field {
                Field::Country if form.country.is_empty() => {
                    "  (ISO code, e.g. RU; may stay empty)"
                }
                Field::Description if form.description.is_empty() => "  (may stay empty)",
                _ => "",
            };
            let value = truncate(&value, width.saturating_sub(label_width + 1));
            let mut spans = vec![
                Span::styled(
                    format!("{:<label_width$}", field.label()),
                    if here { theme.key() } else { theme.dim() },
                ),
                Span::styled(value, if here { theme.prompt() } else { theme.text() }),
            ];
            if here && form.text(field).is_some() {
                spans.push(Span::styled("▏", theme.key()));
            }
            spans.push(Span::styled(hint, theme.dim()));
            Line::from(spans).render(
                Rect {
                    y,
                    height: 1,
                    ..rows
                },
                buf,
            );
        }
    }
}
