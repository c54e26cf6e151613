//! The Sources view (`S`): each source the article cites (a catalog actor
//! with its colour, or the words of an unnamed source), then every sentence
//! it is cited for with the cue that ties them; in a corpus, the sources
//! of all articles (with how many articles and sentences cite each) and
//! the sentences citing one. Only the visible rows are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::sources::{CorpusGroup, SourceIndex, SourceRow, SourcesLevel, SourcesView};
use crate::model::ActorIdx;
use crate::ui::detail::{inline, snippet};
use crate::ui::scroll_list::ScrollList;
use crate::ui::{popup_frame, str_width, truncate};

/// The widest the article's name gets in a row of all articles' sources.
const NAME_WIDTH: usize = 24;

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
                } else if group.named {
                    // Named, but in no catalog: a person, an outlet, a firm,
                    // with the role the article gives a person.
                    let text = app.article().text();
                    let role = group
                        .attributions
                        .iter()
                        .find_map(|&i| sources.list[i].role.clone())
                        .and_then(|r| text.get(r))
                        .map(|r| format!(" — {}", inline(r)))
                        .unwrap_or_default();
                    let room = width.saturating_sub(2 + count.len());
                    let name = inline(&group.words);
                    spans.push(Span::styled("○ ", theme.dim()));
                    spans.push(Span::styled(truncate(&name, room), theme.heading()));
                    let left = room.saturating_sub(str_width(&name));
                    if !role.is_empty() && left > 4 {
                        spans.push(Span::styled(truncate(&role, left), theme.dim()));
                    }
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

impl SourcesOverlay<'_> {
    /// A source's name: its actor with its colour, or its words.
    fn name_spans(
        self,
        actor: Option<ActorIdx>,
        words: &str,
        named: bool,
        room: usize,
    ) -> Vec<Span<'static>> {
        let app = self.app;
        let theme = app.theme();
        if let Some(actor) = actor {
            return vec![
                Span::styled(theme.swatch_symbol(), theme.swatch(app.slot(actor))),
                Span::raw(" "),
                Span::styled(
                    truncate(&app.catalog().actor(actor).name, room.saturating_sub(2)),
                    theme.heading(),
                ),
            ];
        }
        if named {
            return vec![
                Span::styled("○ ", theme.dim()),
                Span::styled(
                    truncate(&inline(words), room.saturating_sub(2)),
                    theme.heading(),
                ),
            ];
        }
        let label = "unnamed: ";
        vec![
            Span::styled("? ", theme.dim()),
            Span::styled(label, theme.dim()),
            Span::styled(
                truncate(
                    &format!("“{}”", inline(words)),
                    room.saturating_sub(2 + label.len()),
                ),
                theme.heading(),
            ),
        ]
    }

    /// A source of all articles: its name, then how many articles and
    /// sentences cite it.
    fn corpus_row(self, group: &CorpusGroup, width: usize) -> Line<'static> {
        let (a, n) = (group.articles, group.cites.len());
        let count = format!(
            "  {a} {} · {n} {}",
            if a == 1 { "article" } else { "articles" },
            if n == 1 { "sentence" } else { "sentences" }
        );
        let mut spans = self.name_spans(
            group.actor,
            &group.words,
            group.named,
            width.saturating_sub(count.len()),
        );
        spans.push(Span::styled(count, self.app.theme().dim()));
        Line::from(spans)
    }

    /// A sentence of all articles citing a source: the article's name,
    /// the cue, the sentence.
    fn cite_row(self, group: usize, k: usize, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        let Some((article, a)) = app.corpus_cite(group, k) else {
            return Line::default();
        };
        let entry = &app.articles()[article];
        let Some(data) = entry.ready() else {
            return Line::styled(truncate(&entry.name, width), theme.unavailable());
        };
        let base = entry.name.rsplit('/').next().unwrap_or(&entry.name);
        let name = truncate(base, NAME_WIDTH.min(width / 3));
        let here = app.current_article() == Some(article);
        let place = format!("{name:<w$}", w = NAME_WIDTH.min(width / 3));
        let cue = format!("  {}: ", a.cue);
        let rest = width.saturating_sub(str_width(&place) + str_width(&cue));
        Line::from(vec![
            Span::styled(place, if here { theme.heading() } else { theme.dim() }),
            Span::styled(cue, theme.dim()),
            Span::raw(snippet(data.doc.text(), a.sentence.clone(), rest)),
        ])
    }

    /// The sources of all articles, or one's sentences.
    fn render_corpus(self, area: Rect, buf: &mut Buffer, view: &SourcesView) {
        let app = self.app;
        let theme = app.theme();
        let Some(corpus) = app.corpus_sources() else {
            return;
        };
        let n = corpus.groups.len();
        let (title, keys) = match view.level {
            SourcesLevel::Cites(g) => {
                let who = corpus
                    .groups
                    .get(g)
                    .map_or_else(String::new, |g| match g.actor {
                        Some(a) => app.catalog().actor(a).name.clone(),
                        None => format!("“{}”", inline(&g.words)),
                    });
                (
                    format!(
                        " Sources · all {} articles · {} ",
                        corpus.searched,
                        truncate(&who, area.width.saturating_sub(40) as usize)
                    ),
                    "Enter open · Esc back · Tab this article",
                )
            }
            _ => (
                format!(" Sources {n} · all {} articles ", corpus.searched),
                "Enter sentences · Tab this article · Esc close",
            ),
        };
        let rows = popup_frame(theme, area, buf, Line::from(title), keys);
        if rows.is_empty() {
            return;
        }
        let width = rows.width as usize;
        if view.len == 0 {
            Line::styled("No source cited in any article.", theme.dim()).render(rows, buf);
            return;
        }
        let level = view.level;
        ScrollList::new(theme, &view.scroll, view.len, |i| match level {
            SourcesLevel::Cites(g) => self.cite_row(g, i, width),
            _ => corpus
                .groups
                .get(i)
                .map_or_else(Line::default, |g| self.corpus_row(g, width)),
        })
        .scrollbar(area.right() - 1)
        .render(rows, buf);
    }
}

impl Widget for SourcesOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let Some(view) = app.sources_view() else {
            return;
        };
        if view.level != SourcesLevel::Article {
            self.render_corpus(area, buf, view);
            return;
        }
        let sources = app.sources();
        let n = sources.map_or(0, |s| s.groups.len());
        let name = truncate(
            &app.article().doc.name,
            area.width.saturating_sub(24) as usize,
        );
        let title = Line::from(format!(" Sources {n} · {name} "));
        let keys = if app.articles().len() > 1 {
            "Enter go to · Tab all articles · Esc close"
        } else {
            "Enter go to · Esc close · j/k move"
        };
        let rows = popup_frame(theme, area, buf, title, keys);
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
