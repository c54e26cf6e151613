//! The Sources view (`S`): each source the article cites (a catalog actor
//! with its colour, or the words of an unnamed source), then every sentence
//! it is cited for with the cue that ties them. Only the visible rows are
//! drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::sources::{SourceIndex, SourceRow};
use crate::ui::detail::{inline, snippet};
use crate::ui::scroll_list::ScrollList;
use crate::ui::{popup_frame, str_width, truncate};

/// The Sources view overlay, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct SourcesOverlay<'a> {
    app: &'a App,
}

impl<'a> SourcesOverlay<'a> {
    /// A view of the current article's sources.
    pub fn new(app: &'a App) -> Self {
        SourcesOverlay { app }
    }

    fn row(self, sources: &SourceIndex, row: SourceRow, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        match row {
            SourceRow::Source(g) => {
                let group = &sources.groups[g];
                let n = group.attributions.len();
                let count = format!("  {n} {}", if n == 1 { "sentence" } else { "sentences" });
                let mut spans = Vec::new();
                if let Some(actor) = group.actor {
                    let name = &app.catalog().actor(actor).name;
                    spans.push(Span::styled(
                        theme.swatch_symbol(),
                        theme.swatch(app.slot(actor)),
                    ));
                    spans.push(Span::raw(" "));
                    let room = width.saturating_sub(2 + count.len());
                    spans.push(Span::styled(truncate(name, room), theme.heading()));
                } else {
                    let label = "unnamed: ";
                    let room = width.saturating_sub(2 + label.len() + count.len());
                    spans.push(Span::styled("? ", theme.dim()));
                    spans.push(Span::styled(label, theme.dim()));
                    spans.push(Span::styled(
                        truncate(&format!("“{}”", inline(&group.words)), room),
                        theme.heading(),
                    ));
                }
                spans.push(Span::styled(count, theme.dim()));
                Line::from(spans)
            }
            SourceRow::Sentence(i) => {
                let a = &sources.list[i];
                let cue = format!("    {}: ", a.cue);
                let rest = width.saturating_sub(str_width(&cue));
                Line::from(vec![
                    Span::styled(cue, theme.dim()),
                    Span::raw(snippet(app.article().text(), a.sentence.clone(), rest)),
                ])
            }
        }
    }
}

impl Widget for SourcesOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let Some(view) = app.sources_view() else {
            return;
        };
        let sources = app.sources();
        let n = sources.map_or(0, |s| s.groups.len());
        let name = truncate(
            &app.article().doc.name,
            area.width.saturating_sub(24) as usize,
        );
        let title = Line::from(format!(" Sources {n} · {name} "));
        let rows = popup_frame(
            theme,
            area,
            buf,
            title,
            "Enter go to · Esc close · j/k move",
        );
        if rows.is_empty() {
            return;
        }
        let Some(sources) = sources.filter(|s| !s.rows.is_empty()) else {
            Line::styled("No source cited in this article.", theme.dim()).render(rows, buf);
            return;
        };
        let width = rows.width as usize;
        ScrollList::new(theme, &view.scroll, sources.rows.len(), |i| {
            self.row(sources, sources.rows[i], width)
        })
        .scrollbar(area.right() - 1)
        .render(rows, buf);
    }
}
