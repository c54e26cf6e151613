//! The status bar: the file, the selected actor with the current mention's
//! number, the position in the article, how the mention under the cursor
//! was matched, a transient message, the open prompt or the export's
//! question, and on the right the keys that matter now (from the key table).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::export::ExportDialog;
use crate::app::search::INCREMENTAL_LIMIT;
use crate::app::sidebar::Row;
use crate::app::teach::TeachDialog;
use crate::app::{App, PromptKind};
use crate::keymap;
use crate::model::progress::size;
use crate::model::stream::{Phase, Reading};
use crate::ui::{str_width, truncate};
use crate::wrap::printable;

/// The status bar, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct StatusBar<'a> {
    app: &'a App,
}

impl<'a> StatusBar<'a> {
    /// A view of the app's status.
    pub fn new(app: &'a App) -> Self {
        StatusBar { app }
    }

    /// The left part: prompt, or file, actor, position and message.
    fn left(self) -> Vec<Span<'static>> {
        let app = self.app;
        let theme = app.theme();
        let art = app.article();
        let message = app
            .message()
            .map(|m| Span::styled(format!(" {} ", printable(m)), theme.message()));
        if let Some(job) = app.job() {
            return vec![
                Span::styled(
                    format!(" {} ", truncate(&art.doc.name, 32)),
                    theme.status_name(),
                ),
                Span::styled(format!(" {} ", printable(&job.line())), theme.prompt()),
            ];
        }
        match app.teach_dialog() {
            Some(TeachDialog::Suppress { alias, .. }) => {
                return vec![Span::styled(
                    format!(
                        " “{}” is not a mention: h here only, e everywhere (Esc cancels) ",
                        truncate(alias, 40)
                    ),
                    theme.message(),
                )];
            }
            Some(TeachDialog::New(form)) => {
                return vec![Span::styled(
                    format!(
                        " {}: {} ({}) ",
                        if form.editing { "edit" } else { "new actor" },
                        truncate(&form.name, 30),
                        form.field.label()
                    ),
                    theme.prompt(),
                )]
                .into_iter()
                .chain(message)
                .collect();
            }
            Some(TeachDialog::Pick(picker)) => {
                return vec![
                    Span::styled(
                        format!(
                            " actor of “{}”: {}",
                            truncate(&picker.alias, 30),
                            picker.filter
                        ),
                        theme.prompt(),
                    ),
                    Span::styled("▏", theme.key()),
                    Span::styled(format!("  {} shown", picker.rows.len()), theme.dim()),
                ]
                .into_iter()
                .chain(message)
                .collect();
            }
            None => {}
        }
        match app.export() {
            Some(ExportDialog::Path { format, text }) => {
                return vec![
                    Span::styled(
                        format!(" export {} to: {}", format.label(), printable(text)),
                        theme.prompt(),
                    ),
                    Span::styled("▏", theme.key()),
                ]
                .into_iter()
                .chain(message)
                .collect();
            }
            Some(ExportDialog::Confirm { path, .. }) => {
                return vec![Span::styled(
                    format!(" {} exists: overwrite it? (y/n) ", printable(path)),
                    theme.message(),
                )];
            }
            Some(ExportDialog::Menu { .. }) => {
                return vec![Span::styled(
                    " export the article: choose a format ",
                    theme.prompt(),
                )];
            }
            None => {}
        }
        if let Some(prompt) = app.prompt() {
            return match prompt.kind {
                PromptKind::Search => {
                    let info = match &art.search {
                        _ if prompt.text.is_empty() => String::new(),
                        _ if art.text().len() > INCREMENTAL_LIMIT => "Enter to search".to_string(),
                        Some(s) if s.query == prompt.text => match s.matches.len() {
                            0 => "no match".to_string(),
                            1 => "1 match".to_string(),
                            n => format!("{n} matches"),
                        },
                        _ => String::new(),
                    };
                    vec![
                        Span::styled(format!(" /{}", printable(&prompt.text)), theme.prompt()),
                        Span::styled("▏", theme.key()),
                        Span::styled(format!("  {info}"), theme.dim()),
                    ]
                }
                PromptKind::Corpus => {
                    let n = app.articles().len();
                    let s = if n == 1 { "" } else { "s" };
                    vec![
                        Span::styled(
                            format!(" search all articles: {}", prompt.text),
                            theme.prompt(),
                        ),
                        Span::styled("▏", theme.key()),
                        Span::styled(
                            format!("  Enter lists the matches in {n} article{s}"),
                            theme.dim(),
                        ),
                    ]
                }
                PromptKind::Filter => {
                    let n = app
                        .sidebar()
                        .rows
                        .iter()
                        .filter(|r| matches!(r, Row::Actor(_)))
                        .count();
                    vec![
                        Span::styled(
                            format!(" filter actors: {}", printable(&prompt.text)),
                            theme.prompt(),
                        ),
                        Span::styled("▏", theme.key()),
                        Span::styled(format!("  {n} shown"), theme.dim()),
                    ]
                }
            };
        }
        let mut spans = vec![Span::styled(
            format!(" {} ", truncate(&art.doc.name, 32)),
            theme.status_name(),
        )];
        if let Some(actor) = app.selected() {
            let name = truncate(&app.catalog().actor(actor).name, 24);
            let total = art.index.count(actor);
            let ordinal = app
                .current_ordinal()
                .map_or_else(|| "–".to_string(), |k| (k + 1).to_string());
            spans.push(Span::raw(" "));
            spans.push(crate::ui::actor_swatch(app, actor));
            spans.push(Span::raw(format!(" {name} {ordinal}/{total} ")));
        }
        spans.push(Span::styled(format!(" {}% ", art.percent()), theme.dim()));
        // A message (until the next key) says more than the progress.
        if let Some(reading) = app.reading().filter(|_| message.is_none()) {
            spans.push(Span::styled(
                format!(" {} ", reading_line(reading)),
                theme.prompt(),
            ));
        }
        if let Some((done, total)) = app.loading() {
            spans.push(Span::styled(
                format!(" indexed {}/{} ", thousands(done), thousands(total)),
                theme.dim(),
            ));
        }
        if let Some(busy) = app.archive_status() {
            spans.push(Span::styled(format!(" {busy} "), theme.dim()));
        }
        if let Some(search) = &art.search {
            let at = search
                .current
                .map_or_else(|| "–".to_string(), |c| (c + 1).to_string());
            spans.push(Span::styled(
                format!(
                    " /{} {at}/{} ",
                    truncate(&search.query, 20),
                    search.matches.len()
                ),
                theme.prompt(),
            ));
        }
        spans.extend(message);
        spans
    }

    /// How the mention under the cursor was matched, when no message or
    /// prompt takes the room.
    fn explanation(self) -> Option<Span<'static>> {
        let app = self.app;
        let overlay = app.help().is_some() || app.list().is_some() || app.sources_view().is_some();
        if overlay
            || app.message().is_some()
            || app.prompt().is_some()
            || app.export().is_some()
            || app.job().is_some()
        {
            return None;
        }
        Some(Span::styled(
            format!(" {} ", app.explanation()?),
            app.theme().dim(),
        ))
    }
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.theme();
        let mut left = self.left();
        let mut left_width: usize = left.iter().map(|s| str_width(&s.content)).sum();
        // The explanation takes what room is left but that of the first
        // hints (search, mention, pane, help, quit); the detail panel has it
        // whole.
        if let Some(why) = self.explanation() {
            let room = (area.width as usize).saturating_sub(left_width + 52);
            if room >= 12 {
                let text = truncate(&why.content, room);
                left_width += str_width(&text);
                left.push(Span::styled(text, why.style));
            }
        }
        Line::from(left).render(area, buf);
        // Hints, right-aligned, as many as fit after the left part; the one
        // for the help is the last to go, since the help lists the rest.
        let room = (area.width as usize).saturating_sub(left_width + 2);
        let all = keymap::hints(&self.app.contexts());
        let width = |(key, word): &(String, &str)| str_width(key) + 1 + str_width(word) + 2;
        let help = all.iter().position(|(_, word)| *word == "help");
        let reserved = help.map_or(0, |i| width(&all[i]));
        let mut shown = Vec::new();
        let mut used = 0;
        for (i, hint) in all.iter().enumerate() {
            let w = width(hint);
            let budget = if help.is_some_and(|h| i < h) {
                room.saturating_sub(reserved)
            } else {
                room
            };
            if used + w > budget {
                if Some(i) < help {
                    continue;
                }
                break;
            }
            used += w;
            shown.push(hint);
        }
        let mut hints: Vec<Span> = Vec::new();
        for (key, word) in shown {
            hints.push(Span::styled(key.clone(), theme.key()));
            hints.push(Span::styled(format!(" {word}  "), theme.dim()));
        }
        if !hints.is_empty() {
            let x = area.right() - used as u16;
            Line::from(hints).render(
                Rect {
                    x,
                    width: used as u16,
                    ..area
                },
                buf,
            );
        }
    }
}

pub(crate) use crate::model::progress::thousands;

/// How far the reading of an article shown in part has got: `Reading
/// big.txt… 37%`, then `Finding mentions… 62%`.
pub fn reading_line(reading: &Reading) -> String {
    let name = truncate(reading.file_name(), 24);
    match reading.phase() {
        Phase::Reading(done, Some(size)) => {
            let percent = (done.min(size) as u128 * 100 / size.max(1) as u128) as usize;
            format!("Reading {name}… {percent}%")
        }
        Phase::Reading(done, None) => format!("Reading {name}… {}", size(done)),
        Phase::Searching(share) => {
            format!("Finding mentions… {}%", (share * 100.0).floor() as usize)
        }
    }
}
