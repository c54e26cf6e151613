//! The results of a search of all articles (`F`): one row per match, the
//! article's name and line, then the match in its context. Only the
//! visible rows are drawn, however many matches there are.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::corpus::EntryState;
use crate::app::results::{MAX_HITS, Results};
use crate::ui::detail::{inline, kwic_parts};
use crate::ui::scroll_list::ScrollList;
use crate::ui::status::thousands;
use crate::ui::{popup_frame, str_width, truncate};

/// The widest the article's name gets in a row.
const NAME_WIDTH: usize = 28;

/// The results overlay, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct ResultsOverlay<'a> {
    app: &'a App,
}

impl<'a> ResultsOverlay<'a> {
    /// A view of the app's search results.
    pub fn new(app: &'a App) -> Self {
        ResultsOverlay { app }
    }

    /// A row naming an article and its title: one an archive's index
    /// found, named below the archive's folder.
    fn titled(self, name: &str, title: &str, here: bool, width: usize) -> Line<'static> {
        let theme = self.app.theme();
        let name = self
            .app
            .corpus()
            .archive
            .as_ref()
            .and_then(|a| name.get(a.prefix.len()..))
            .unwrap_or(name);
        let name = truncate(name, (width / 2).max(NAME_WIDTH).min(width));
        let avail = width.saturating_sub(str_width(&name) + 2);
        Line::from(vec![
            Span::styled(name, if here { theme.heading() } else { theme.dim() }),
            Span::raw("  "),
            Span::raw(truncate(&inline(title), avail)),
        ])
    }

    /// Row `i`, `width` cells wide.
    fn row(self, results: &Results, i: usize, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        let hit = &results.hits[i];
        let entry = &app.articles()[hit.article];
        let here = app.current_article() == Some(hit.article);
        let Some(data) = entry.ready() else {
            if let EntryState::Stored { title, .. } = &entry.state {
                return self.titled(&entry.name, title, here, width);
            }
            return Line::styled(truncate(&entry.name, width), theme.unavailable());
        };
        if hit.line == 0 {
            // Found by an archive's index: the article, not a line of it.
            return self.titled(&entry.name, &data.title, here, width);
        }
        let base = entry.name.rsplit('/').next().unwrap_or(&entry.name);
        // One column for every row: the name cut to leave room for the line.
        let digits = results
            .hits
            .iter()
            .map(|h| h.line)
            .max()
            .unwrap_or(1)
            .to_string()
            .len();
        let place_width = (NAME_WIDTH + 1 + digits).min(width / 3);
        let line = format!(":{}", hit.line);
        let name = truncate(base, place_width.saturating_sub(line.len()));
        let place = format!("{name}{line}");
        let pad = place_width.saturating_sub(str_width(&place));
        let avail = width.saturating_sub(place_width + 2);
        let [before, keyword, after] = kwic_parts(data.doc.text(), hit.range.clone(), avail);
        Line::from(vec![
            Span::styled(place, if here { theme.heading() } else { theme.dim() }),
            Span::raw(" ".repeat(pad + 2)),
            Span::raw(before),
            Span::styled(keyword, theme.search_match(true)),
            Span::raw(after),
        ])
    }
}

impl Widget for ResultsOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let Some(results) = app.results() else {
            return;
        };
        let total = results.hits.len();
        let more = if results.capped { "+" } else { "" };
        let s = if results.articles == 1 { "" } else { "s" };
        let m = if total == 1 { "match" } else { "matches" };
        let title = if results.hits.first().is_some_and(|h| h.line == 0) {
            // An archive's index finds articles, not lines.
            format!(
                " “{}”: {}{more} article{s} of {} in the archive ",
                truncate(&results.query, 30),
                thousands(results.articles),
                thousands(results.searched),
            )
        } else {
            format!(
                " “{}”: {}{more} {m} in {} article{s} of {} ",
                truncate(&results.query, 30),
                thousands(total),
                thousands(results.articles),
                thousands(results.searched),
            )
        };
        let keys = if results.capped {
            format!(
                "first {} shown · Enter open · Esc close",
                thousands(results.hits.len().min(MAX_HITS))
            )
        } else {
            "Enter open · Esc close · j/k move".to_string()
        };
        let rows = popup_frame(theme, area, buf, Line::from(title), &keys);
        if rows.is_empty() {
            return;
        }
        let width = rows.width as usize;
        ScrollList::new(theme, &results.scroll, total, |i| {
            self.row(results, i, width)
        })
        .scrollbar(area.right() - 1)
        .render(rows, buf);
    }
}
