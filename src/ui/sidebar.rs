//! The entity sidebar: kind headings (foldable) and the actors found under
//! them, each with its colour swatch and mention count; [`AMBIGUOUS_MARK`]
//! marks an actor some of whose mentions in the article are ambiguous.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::sidebar::{Row, Scope};
use crate::app::{App, Focus, PromptKind};
use crate::ui::scroll_list::ScrollList;
use crate::ui::{pane_block, str_width, truncate};

pub(crate) use crate::theme::AMBIGUOUS_MARK;

/// The sidebar, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct SidebarPane<'a> {
    app: &'a App,
}

impl<'a> SidebarPane<'a> {
    /// A view of the app's sidebar.
    pub fn new(app: &'a App) -> Self {
        SidebarPane { app }
    }
}

impl Widget for SidebarPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let sidebar = app.sidebar();
        let focused = app.focus() == Focus::Sidebar;
        let found = sidebar
            .rows
            .iter()
            .map(|r| match r {
                Row::Kind { actors, .. } => *actors,
                Row::Actor(_) => 0,
            })
            .sum::<usize>();
        let title = match sidebar.scope {
            Scope::Article if sidebar.filter.is_empty() => {
                format!(" Actors {} ", app.article().index.found.len())
            }
            Scope::Article => format!(" Actors {found} "),
            Scope::Corpus => format!(" Actors {found} · all "),
        };
        let mut block = pane_block(theme, Line::from(title), focused);
        let filtering = app.prompt().is_some_and(|p| p.kind == PromptKind::Filter);
        if !sidebar.filter.is_empty() || filtering {
            let filter = truncate(&sidebar.filter, area.width.saturating_sub(8) as usize);
            block = block.title_bottom(Line::styled(format!(" /{filter} "), theme.prompt()));
        }
        block.render(area, buf);
        let inner = area.inner(Margin::new(1, 1));
        if inner.is_empty() {
            return;
        }
        if sidebar.rows.is_empty() {
            let note = if !sidebar.filter.is_empty() {
                "No actor matches the filter"
            } else if sidebar.scope == Scope::Corpus {
                "No known actor in any article"
            } else {
                "No known actor in this article"
            };
            Line::styled(truncate(note, inner.width as usize), theme.dim()).render(inner, buf);
            return;
        }
        let width = inner.width as usize;
        ScrollList::new(theme, &sidebar.scroll, sidebar.rows.len(), |i| {
            self.row(sidebar.rows[i], width, focused)
        })
        .focused(focused)
        .scrollbar(area.right() - 1)
        .render(inner, buf);
    }
}

impl SidebarPane<'_> {
    /// The line of one row, `width` cells wide.
    fn row(self, row: Row, width: usize, focused: bool) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        match row {
            Row::Kind {
                kind,
                actors,
                folded,
            } => {
                let arrow = if folded { "▸ " } else { "▾ " };
                let count = format!(" {actors}");
                let name = truncate(kind.heading(), width.saturating_sub(2 + count.len()));
                let pad = width.saturating_sub(2 + str_width(&name) + count.len());
                Line::from(vec![
                    Span::styled(arrow, theme.dim()),
                    Span::styled(name, theme.heading()),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(count, theme.dim()),
                ])
            }
            Row::Actor(actor) => {
                let selected = app.selected() == Some(actor);
                let count = format!(" {}", app.sidebar_count(actor));
                let ambiguous = app.article().index.ambiguous_count(actor) > 0;
                let name_width = width.saturating_sub(4 + count.len());
                let name = truncate(&app.catalog().actor(actor).name, name_width);
                let pad = name_width.saturating_sub(str_width(&name));
                let mut name_style = if selected {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    theme.text()
                };
                if app.catalog().is_discovered(actor) {
                    name_style = name_style.add_modifier(Modifier::ITALIC);
                }
                Line::from(vec![
                    Span::styled(if selected { "▌ " } else { "  " }, theme.gutter(focused)),
                    if app.catalog().is_discovered(actor) {
                        Span::styled(theme.discovered_symbol(), theme.dim())
                    } else {
                        Span::styled(theme.swatch_symbol(), theme.swatch(app.slot(actor)))
                    },
                    if ambiguous {
                        Span::styled(AMBIGUOUS_MARK, theme.message())
                    } else {
                        Span::raw(" ")
                    },
                    Span::styled(name, name_style),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(count, theme.dim()),
                ])
            }
        }
    }
}
