//! The article list (`o`): one row per input in argument order, with its
//! title, the colours of the actors it mentions and its mention count;
//! rows still loading or unreadable say so. Only the visible rows are
//! drawn, however many articles there are.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::corpus::EntryState;
use crate::ui::detail::inline;
use crate::ui::scroll_list::ScrollList;
use crate::ui::status::thousands;
use crate::ui::{popup_frame, str_width, truncate};

/// At most this many actor swatches per row.
const SWATCHES: usize = 8;

/// The article list overlay, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct ArticleList<'a> {
    app: &'a App,
}

impl<'a> ArticleList<'a> {
    /// A view of the app's articles.
    pub fn new(app: &'a App) -> Self {
        ArticleList { app }
    }

    /// The spans of row `i`, `width` cells wide.
    fn row(self, i: usize, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        let entries = app.articles();
        let entry = &entries[i];
        let number_width = entries.len().to_string().len();
        let here = app.current_article() == Some(i);
        let mut spans = vec![
            Span::styled(if here { "▶ " } else { "  " }, theme.key()),
            Span::styled(format!("{:>number_width$}  ", i + 1), theme.dim()),
        ];
        let used = 2 + number_width + 2;
        let rest = width.saturating_sub(used);
        match &entry.state {
            EntryState::Ready(data) => {
                let count = format!(" {:>6}", thousands(data.mentions.len()));
                let shown = data.counts.len().min(SWATCHES);
                let swatch_width = if shown > 0 { shown + 1 } else { 0 };
                let title_width = rest.saturating_sub(count.len() + swatch_width);
                let title = if data.title.is_empty() {
                    entry.name.clone()
                } else {
                    inline(&data.title)
                };
                let title = truncate(&title, title_width);
                let pad = title_width.saturating_sub(str_width(&title));
                let style = if here { theme.heading() } else { theme.text() };
                spans.push(Span::styled(title, style));
                spans.push(Span::raw(" ".repeat(pad)));
                if shown > 0 {
                    spans.push(Span::raw(" "));
                }
                for &(actor, _) in &data.counts[..shown] {
                    spans.push(Span::styled(
                        theme.swatch_symbol(),
                        theme.swatch(app.slot(actor)),
                    ));
                }
                spans.push(Span::styled(count, theme.dim()));
            }
            EntryState::Stored { title, mentions } => {
                // In the archive, not read: what its index says.
                let count = format!(" {:>6}", thousands(*mentions as usize));
                let title_width = rest.saturating_sub(count.len());
                let title = if title.is_empty() {
                    entry.name.clone()
                } else {
                    inline(title)
                };
                let title = truncate(&title, title_width);
                let pad = title_width.saturating_sub(str_width(&title));
                spans.push(Span::styled(title, theme.text()));
                spans.push(Span::raw(" ".repeat(pad)));
                spans.push(Span::styled(count, theme.dim()));
            }
            EntryState::Loading => {
                let text = format!("loading… {}", entry.name);
                spans.push(Span::styled(truncate(&text, rest), theme.unavailable()));
            }
            EntryState::Failed(reason) => {
                let text = format!("unreadable ({reason}): {}", entry.name);
                spans.push(Span::styled(truncate(&text, rest), theme.unavailable()));
            }
        }
        Line::from(spans)
    }
}

impl Widget for ArticleList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let Some(scroll) = app.list() else {
            return;
        };
        let total = app.articles().len();
        let title = match app.loading() {
            Some((done, all)) => format!(" Articles: {}/{} read ", thousands(done), thousands(all)),
            None if app.corpus().total() > total => format!(
                " Articles: {}/{} listed ",
                thousands(total),
                thousands(app.corpus().total())
            ),
            None => format!(" Articles {} ", thousands(total)),
        };
        let rows = popup_frame(
            theme,
            area,
            buf,
            Line::from(title),
            "Enter open · Esc close · j/k move",
        );
        if rows.is_empty() {
            return;
        }
        let width = rows.width as usize;
        ScrollList::new(theme, scroll, total, |i| self.row(i, width))
            .scrollbar(area.right() - 1)
            .render(rows, buf);
    }
}
