//! Teaching mode's screen, made for a projector: wide margins, the article
//! centred and at most [`MAX_TEXT_WIDTH`](crate::layout::MAX_TEXT_WIDTH) columns wide, a caption that says
//! what the current mention means, and a who's who strip that fills in as
//! the story goes. Only the mentions revealed so far are highlighted; the
//! current one stands out (bold, reversed in its actor's colour), and its
//! actor's other mentions are underlined.
//!
//! ```text
//!          election-2016.txt                             step 14 of 28
//!
//!          The Guardian has cited the different shorthand names of the
//!          hacking group namely the Advance Persistent Threat (APT) 28,
//!          Sofacy Group, and the moniker [Fancy Bear] which is believed …
//!          ──────────────────────────────────────────────────────────────
//!          Fancy Bear — another name for APT28 (threat group, Russia),
//!          operated by the GRU. 3rd name for APT28 so far.
//!          ── Who's who ─────────────────────────────────────────────────
//!          ● United States aka U.S.   ● Russia aka Russian government, …
//!                  Space/← step  r reveal all  Home restart  Esc explorer
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::App;
use crate::app::present::Presentation;
use crate::keymap;
use crate::layout;
use crate::model::lesson::Revealed;
use crate::theme::{Emphasis, Theme};
use crate::ui::article::draw_glyph;
use crate::ui::{str_width, too_small_message, truncate};
use crate::wrap::{glyphs, printable};

/// Teaching mode's screen, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct PresentView<'a> {
    app: &'a App,
    present: &'a Presentation,
}

impl<'a> PresentView<'a> {
    /// A view of the app's presentation, if teaching mode is on.
    pub fn new(app: &'a App) -> Option<Self> {
        Some(PresentView {
            app,
            present: app.presentation()?,
        })
    }
}

impl Widget for PresentView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = *self.app.theme();
        let Some(areas) = layout::present(area) else {
            if !area.is_empty() {
                let y = area.y + area.height / 2;
                Line::styled(too_small_message(), theme.too_small())
                    .centered()
                    .render(
                        Rect {
                            y,
                            height: 1,
                            ..area
                        },
                        buf,
                    );
            }
            return;
        };
        self.title(theme, areas.title, buf);
        self.text(theme, areas.text, buf);
        rule(theme, "", areas.rule, buf);
        let caption = self.present.caption(&self.app.article().doc.name);
        Paragraph::new(printable(&caption).into_owned())
            .style(theme.caption())
            .wrap(Wrap { trim: true })
            .render(areas.caption, buf);
        rule(theme, " Who's who ", areas.strip_rule, buf);
        self.strip(theme, areas.strip, buf);
        self.hints(theme, areas.hints, buf);
    }
}

impl PresentView<'_> {
    fn title(self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let p = self.present;
        let mut progress = match p.step {
            Some(i) => format!("step {} of {}", i + 1, p.lesson.len()),
            None => format!("{} steps", p.lesson.len()),
        };
        if p.reveal_all {
            progress.push_str(" · all revealed");
        }
        let room = (area.width as usize).saturating_sub(str_width(&progress) + 2);
        let name = truncate(&self.app.article().doc.name, room);
        Line::styled(name, theme.heading()).render(area, buf);
        Line::styled(progress, theme.dim())
            .right_aligned()
            .render(area, buf);
    }

    /// The visible display lines of the article, the revealed mentions
    /// highlighted.
    fn text(self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let art = self.app.article();
        let text = art.text();
        let current = self.present.current();
        let mentions = &art.index.mentions;
        let lines: Vec<_> = art
            .layout
            .lines_from(text, art.scroll.offset)
            .take(area.height as usize)
            .collect();
        // Only the mentions of the rows shown are looked up.
        let shown = match (lines.first(), lines.last()) {
            (Some((_, first)), Some((_, last))) => {
                let from = art.index.first_ending_after(first.start);
                let to = mentions.partition_point(|m| m.start() < last.end);
                self.present.shown_mentions_in(from..to.max(from))
            }
            _ => Vec::new(),
        };
        for ((_, range), y) in lines.into_iter().zip(area.y..area.bottom()) {
            // The revealed mentions that may touch this row, in order.
            let mut k = shown.partition_point(|&i| mentions[i].end() <= range.start);
            for g in glyphs(text, range) {
                if g.col + g.width > area.width as usize {
                    break;
                }
                if g.width == 0 {
                    continue;
                }
                while k < shown.len() && mentions[shown[k]].end() <= g.start {
                    k += 1;
                }
                let mut style = theme.text();
                if let Some(&i) = shown.get(k).filter(|&&i| mentions[i].start() <= g.start) {
                    let m = &mentions[i];
                    let emphasis = match current {
                        Some(s) if s.mention == i => Emphasis::Current,
                        Some(s) if s.actor == m.actor() => Emphasis::Selected,
                        _ => Emphasis::Quiet,
                    };
                    style = theme.present_mention(self.app.slot(m.actor()), emphasis);
                }
                draw_glyph(buf, (area.x + g.col as u16, y), &g, style, theme);
            }
        }
    }

    /// The actors revealed, flowed into the strip's rows; when they do not
    /// fit, the rows holding the current actor are shown.
    fn strip(self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let revealed = self.present.revealed();
        let current = self.present.current().map(|s| s.actor);
        if revealed.is_empty() {
            Line::styled(
                "Nobody yet: actors appear here as the story names them.",
                theme.dim(),
            )
            .render(area, buf);
            return;
        }
        let width = area.width as usize;
        let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
        let mut used = 0;
        let mut current_line = None;
        for r in &revealed {
            let entry = self.entry(theme, r, current == Some(r.actor), width);
            let w: usize = entry.iter().map(|s| str_width(&s.content)).sum();
            let gap = if used == 0 { 0 } else { 3 };
            if used > 0 && used + gap + w > width {
                lines.push(Vec::new());
                used = 0;
            } else if gap > 0
                && let Some(line) = lines.last_mut()
            {
                line.push(Span::raw("   "));
                used += gap;
            }
            if current == Some(r.actor) {
                current_line = Some(lines.len() - 1);
            }
            used += w;
            if let Some(line) = lines.last_mut() {
                line.extend(entry);
            }
        }
        let height = area.height as usize;
        let start = current_line
            .map_or(0, |c| (c + 1).saturating_sub(height))
            .min(lines.len().saturating_sub(height));
        let more_below = lines.len() > start + height;
        for (i, spans) in lines.into_iter().skip(start).take(height).enumerate() {
            let y = area.y + i as u16;
            Line::from(spans).render(
                Rect {
                    y,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
        if more_below || start > 0 {
            let marker = if more_below { "…" } else { "↑" };
            let x = area.right() - 1;
            let y = if more_below {
                area.bottom() - 1
            } else {
                area.y
            };
            buf[(x, y)].set_symbol(marker).set_style(theme.dim());
        }
    }

    /// One actor of the strip: `● APT28 aka Sofacy Group, Fancy Bear`, cut
    /// to `width`.
    fn entry(self, theme: Theme, r: &Revealed, current: bool, width: usize) -> Vec<Span<'static>> {
        let actor = self.app.catalog().actor(r.actor);
        let slot = self.app.slot(r.actor);
        let others: Vec<&str> = r
            .names
            .iter()
            .map(String::as_str)
            .filter(|n| *n != actor.name)
            .collect();
        let emphasis = if current {
            Emphasis::Current
        } else {
            Emphasis::Quiet
        };
        let name = truncate(&actor.name, width.saturating_sub(2));
        let mut spans = vec![
            Span::styled(format!("{} ", theme.swatch_symbol()), theme.swatch(slot)),
            Span::styled(name.clone(), theme.present_mention(slot, emphasis)),
        ];
        if !others.is_empty() {
            let rest = width.saturating_sub(str_width(&name) + 2);
            spans.push(Span::styled(
                truncate(&format!(" aka {}", others.join(", ")), rest),
                theme.text(),
            ));
        }
        spans
    }

    /// The keys that matter now, or the message, centred.
    fn hints(self, theme: Theme, area: Rect, buf: &mut Buffer) {
        if let Some(message) = self.app.message() {
            Line::styled(message.to_string(), theme.message())
                .centered()
                .render(area, buf);
            return;
        }
        let mut spans = Vec::new();
        for (key, word) in keymap::hints(&self.app.contexts()) {
            if !spans.is_empty() {
                spans.push(Span::raw("   "));
            }
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::styled(format!(" {word}"), theme.dim()));
        }
        Line::from(spans).centered().render(area, buf);
    }
}

/// A horizontal rule across `area`, with a label at its start.
fn rule(theme: Theme, label: &str, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let lead = if label.is_empty() { 0 } else { 2 };
    let fill = width.saturating_sub(lead + str_width(label));
    let line = Line::from(vec![
        Span::styled("─".repeat(lead), theme.dim()),
        Span::styled(label.to_string(), theme.heading()),
        Span::styled("─".repeat(fill), theme.dim()),
    ]);
    line.render(area, buf);
}
