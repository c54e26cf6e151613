//! The detail panel: who the selected actor is (its name in the title;
//! kind, country, count and why it is selected in a header that stays
//! put), then a scrolling list of its description (folded to a few lines
//! until `d`), every alias with its count in the article, its links to and
//! from other actors, and its mentions in context (KWIC). Only the visible
//! rows are drawn, however many mentions there are.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;

use crate::app::detail::{
    ALIAS_SEPARATOR, DetailLayout, DetailRow, Section, WHY_ROWS, header_area, list_area, rule_row,
};
use crate::app::{App, Focus};
use crate::theme::Emphasis;
use crate::ui::scroll_list::ScrollList;
use crate::ui::{pane_block, str_width, truncate};
use crate::wrap::{grapheme_width, placeholder};

/// How far (in bytes) around a mention to look for its context.
const CONTEXT_BYTES: usize = 240;

/// The key that folds and unfolds descriptions, as the folded line names
/// it (a test keeps it equal to the key table's).
pub const FOLD_KEY: &str = "d";

/// The detail panel, drawn from `&App`.
#[derive(Debug, Clone, Copy)]
pub struct DetailPane<'a> {
    app: &'a App,
}

impl<'a> DetailPane<'a> {
    /// A view of the selected actor.
    pub fn new(app: &'a App) -> Self {
        DetailPane { app }
    }
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let focused = app.focus() == Focus::Detail;
        let inner = area.inner(Margin::new(1, 1));
        let rows_area = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        let Some(actor) = app.selected() else {
            pane_block(theme, Line::from(" Detail "), focused).render(area, buf);
            if !rows_area.is_empty() {
                Line::styled("Select an actor to see who it is.", theme.dim())
                    .render(rows_area, buf);
            }
            return;
        };
        let a = app.catalog().actor(actor);
        let title = truncate(&a.name, area.width.saturating_sub(8) as usize);
        let title = Line::from(vec![
            Span::raw(" "),
            crate::ui::actor_swatch(app, actor),
            Span::raw(format!(" {title} ")),
        ]);
        pane_block(theme, title, focused).render(area, buf);
        if rows_area.is_empty() {
            return;
        }
        let Some(layout) = app.detail_layout_at(rows_area.width as usize) else {
            return;
        };
        let width = rows_area.width as usize;
        let header = header_area(rows_area);
        for (k, y) in (header.y..header.bottom()).enumerate() {
            self.row_line(&layout, layout.header_row(k), width).render(
                Rect {
                    y,
                    height: 1,
                    ..header
                },
                buf,
            );
        }
        if let Some(y) = rule_row(rows_area) {
            let border = theme.border(focused);
            buf[(area.x, y)].set_symbol("├").set_style(border);
            for x in inner.x..inner.right() {
                buf[(x, y)].set_symbol("─").set_style(border);
            }
            buf[(inner.right(), y)].set_symbol("┤").set_style(border);
        }
        let list = list_area(rows_area);
        let scroll = &app.detail().scroll;
        ScrollList::new(theme, scroll, layout.len(), |i| {
            self.row_line(&layout, layout.row(i), width)
        })
        .focused(focused && layout.is_action(scroll.cursor))
        .scrollbar(area.right() - 1)
        .render(list, buf);
        // The current mention's row is marked in the gutter.
        if let Some(k) = app.current_ordinal() {
            let row = layout.mention_row(k);
            if let Some(dy) = row
                .checked_sub(scroll.offset)
                .filter(|&dy| dy < list.height as usize)
            {
                buf[(inner.x, list.y + dy as u16)]
                    .set_symbol("▌")
                    .set_style(theme.gutter(focused));
            }
        }
    }
}

impl DetailPane<'_> {
    fn row_line(self, layout: &DetailLayout, row: DetailRow, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        let catalog = app.catalog();
        let a = catalog.actor(layout.actor);
        let index = &app.article().index;
        match row {
            DetailRow::Meta => {
                let mut parts = vec![a.kind.label().to_string()];
                if let Some(c) = &a.country {
                    parts.push(c.clone());
                }
                parts.push(match layout.mentions {
                    0 => "not in this article".to_string(),
                    1 => "1 mention".to_string(),
                    n => format!("{n} mentions"),
                });
                Line::styled(truncate(&parts.join(" · "), width), theme.dim())
            }
            DetailRow::Why(i) => {
                let Some(r) = layout.why_lines.get(i) else {
                    return Line::raw("");
                };
                let text = &layout.why.text;
                // The last row shows what is left, cut to fit.
                let shown = if i + 1 == WHY_ROWS {
                    inline(&text[r.start..])
                } else {
                    text[r.clone()].to_string()
                };
                Line::styled(truncate(shown.trim_end(), width), theme.text())
            }
            DetailRow::Candidate(k) => {
                let Some(&c) = layout.why.candidates.get(k) else {
                    return Line::raw("");
                };
                let chosen = c == layout.actor;
                let mut spans = vec![
                    Span::styled(if chosen { "● " } else { "○ " }, theme.dim()),
                    crate::ui::actor_swatch(app, c),
                    Span::raw(" "),
                    Span::styled(catalog.actor(c).name.clone(), theme.heading()),
                ];
                if let Some(g) = catalog.actor(c).attack_id() {
                    spans.push(Span::styled(format!(" {g}"), theme.dim()));
                }
                spans.push(Span::styled(
                    if chosen {
                        " (shown)"
                    } else {
                        " (Enter: read as this)"
                    },
                    theme.dim(),
                ));
                fit(Line::from(spans), width)
            }
            DetailRow::Dropped(k) => {
                let text = layout.why.dropped.get(k).map_or("", String::as_str);
                Line::styled(truncate(&inline(text), width), theme.dim())
            }
            DetailRow::Desc(i) => {
                let d = a.description.as_deref().unwrap_or("");
                let Some(r) = layout.desc.get(i) else {
                    return Line::raw("");
                };
                if layout.desc_folded() && i + 1 == layout.desc_shown {
                    // The rest of the description, cut, and the key that
                    // shows it whole.
                    let (key, word) = (FOLD_KEY, " more");
                    let room = width.saturating_sub(1 + str_width(key) + word.len());
                    return fit(
                        Line::from(vec![
                            Span::raw(snippet(d, r.start..d.len(), room)),
                            Span::raw(" "),
                            Span::styled(key, theme.key()),
                            Span::styled(word, theme.dim()),
                        ]),
                        width,
                    );
                }
                Line::raw(truncate(d[r.clone()].trim_end(), width))
            }
            DetailRow::Blank => Line::raw(""),
            DetailRow::Heading(section) => {
                let text = match section {
                    Section::Aliases => format!("Aliases ({})", layout.aliases.len()),
                    Section::Links => "Links".to_string(),
                    Section::Mentions => format!("Mentions ({})", layout.mentions),
                    Section::Cited => format!("Cited as a source ({})", layout.extra.cited),
                    Section::Articles => format!("Articles ({})", layout.extra.articles),
                    Section::Dropped => format!("Not counted here ({})", layout.why.dropped.len()),
                };
                Line::styled(text, theme.heading())
            }
            DetailRow::Aliases(line) => {
                let mut spans = Vec::new();
                for j in layout.alias_lines[line].clone() {
                    let (alias, count) = layout.aliases[j];
                    if j > layout.alias_lines[line].start {
                        spans.push(Span::styled(ALIAS_SEPARATOR, theme.dim()));
                    }
                    let text = a.aliases[alias].text.clone();
                    if count == 0 {
                        spans.push(Span::styled(text, theme.dim()));
                    } else {
                        spans.push(Span::styled(
                            text,
                            crate::ui::actor_style(app, layout.actor, Emphasis::Quiet),
                        ));
                        spans.push(Span::styled(format!(" {count}×"), theme.dim()));
                    }
                }
                fit(Line::from(spans), width)
            }
            DetailRow::Link(i) => {
                let link = &layout.links[i];
                let other = catalog.actor(link.other);
                let present = index.count(link.other) > 0;
                let other_style = if present {
                    theme
                        .mention(app.slot(link.other), Emphasis::Quiet)
                        .patch(theme.heading())
                } else {
                    theme.heading()
                };
                let mut spans = if link.outgoing {
                    vec![
                        Span::styled("→ ", theme.dim()),
                        Span::raw(format!("{} ", link.phrase)),
                        Span::styled(other.name.clone(), other_style),
                    ]
                } else {
                    vec![
                        Span::styled("← ", theme.dim()),
                        Span::styled(other.name.clone(), other_style),
                        Span::raw(format!(" {} {}", link.phrase, a.name)),
                    ]
                };
                if !present {
                    spans.push(Span::styled(" (not in article)", theme.dim()));
                }
                fit(Line::from(spans), width)
            }
            DetailRow::Mention(k) => self.kwic(layout, k, width),
            DetailRow::Cited(k) => {
                let Some((cue, sentence)) = app.sources().and_then(|s| {
                    let a = &s.list[*s.cited(layout.actor).get(k)?];
                    Some((a.cue.clone(), a.sentence.clone()))
                }) else {
                    return Line::raw("");
                };
                let cue = format!("{cue}: ");
                let rest = width.saturating_sub(str_width(&cue));
                Line::from(vec![
                    Span::styled(cue, theme.dim()),
                    Span::raw(snippet(app.article().text(), sentence, rest)),
                ])
            }
            DetailRow::Article(k) => {
                let Some(&(i, n)) = app.corpus().articles_of(layout.actor).get(k) else {
                    return Line::raw("");
                };
                let entry = &app.articles()[i];
                let title = entry
                    .ready()
                    .map_or(entry.name.as_str(), |d| d.title.as_str());
                let here = app.current_article() == Some(i);
                let count = format!("{n:>4}× ");
                let rest = width.saturating_sub(str_width(&count));
                Line::from(vec![
                    Span::styled(count, theme.dim()),
                    Span::styled(
                        truncate(&inline(title), rest),
                        if here { theme.heading() } else { theme.text() },
                    ),
                ])
            }
            DetailRow::NoMentions => Line::styled("Not mentioned in this article.", theme.dim()),
        }
    }

    /// A keyword-in-context line: line number, the words before, the
    /// mention highlighted, the words after.
    fn kwic(self, layout: &DetailLayout, k: usize, width: usize) -> Line<'static> {
        let app = self.app;
        let theme = app.theme();
        let art = app.article();
        let index = &art.index;
        let list = index.mentions_of(layout.actor);
        let m = list[k];
        let last_line = list.last().map_or(1, |&l| index.line_of(l));
        let number_width = last_line.to_string().len();
        let number = format!("{:>number_width$}  ", index.line_of(m));
        let text = art.text();
        let range = index.mentions[m].range();
        let avail = width.saturating_sub(number.len());
        let [before, keyword, after] = kwic_parts(text, range, avail);
        let emphasis = if art.current == Some(m) {
            Emphasis::Current
        } else {
            Emphasis::Selected
        };
        Line::from(vec![
            Span::styled(number, theme.dim()),
            Span::raw(before),
            Span::styled(keyword, crate::ui::actor_style(app, layout.actor, emphasis)),
            Span::raw(after),
        ])
    }
}

/// Truncates a line of spans to `width` cells.
fn fit(line: Line<'static>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = str_width(&span.content);
        if used + w <= width {
            used += w;
            spans.push(span);
        } else {
            let cut = truncate(&span.content, width - used);
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    Line::from(spans)
}

/// The largest char boundary of `text` at or below `i`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The start of `text[range]` on one line, at most `width` cells wide.
pub(crate) fn snippet(text: &str, range: std::ops::Range<usize>, width: usize) -> String {
    // Four bytes a cell is more than any line shows: no need to look further.
    let end = floor(text, range.end.min(range.start + 4 * width + 8));
    truncate(inline(&text[range.start..end]).trim(), width)
}

/// Text for one line: runs of white space become one space, control
/// characters their placeholders.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for g in s.graphemes(true) {
        if g.chars().all(char::is_whitespace) {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match placeholder(g) {
            Some(p) => out.push(p),
            None => out.push_str(g),
        }
    }
    out
}

/// The last `width` cells of `s`, starting at a word when cut, after `…`.
fn tail(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let mut used = 1;
    let mut start = graphemes.len();
    while start > 0 && used + grapheme_width(graphemes[start - 1]) <= width {
        start -= 1;
        used += grapheme_width(graphemes[start]);
    }
    let cut = &graphemes[start..];
    // Start at a word rather than in the middle of one.
    let in_word = start > 0 && graphemes[start - 1] != " ";
    let skip = match cut.iter().position(|g| *g == " ") {
        Some(p) if in_word && p + 1 < cut.len() => p + 1,
        _ => 0,
    };
    format!("…{}", cut[skip..].concat())
}

/// The first `width` cells of `s`, ending at a word when cut, before `…`.
fn head(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    // End at a word rather than in the middle of one.
    let in_word = !s[out.len()..].starts_with(' ');
    if in_word && let Some(p) = out.rfind(' ').filter(|&p| p > 0) {
        out.truncate(p);
    }
    out.truncate(out.trim_end().len());
    out + "…"
}

/// A keyword in context on one line of `width` cells: the words before
/// `text[range]`, the keyword, the words after, sharing the room (what one
/// side cannot use goes to the other).
pub(crate) fn kwic_parts(text: &str, range: std::ops::Range<usize>, width: usize) -> [String; 3] {
    let keyword = truncate(&inline(&text[range.clone()]), width);
    let rest = width.saturating_sub(str_width(&keyword));
    let before = inline(&text[floor(text, range.start.saturating_sub(CONTEXT_BYTES))..range.start]);
    let after = inline(&text[range.end..floor(text, range.end + CONTEXT_BYTES)]);
    let (bw, aw) = (str_width(&before), str_width(&after));
    // Share the room, giving what one side cannot use to the other.
    let mut left = rest / 2;
    if aw < rest - left {
        left = rest - aw;
    }
    left = left.min(bw);
    let right = rest - left;
    [tail(&before, left), keyword, head(&after, right)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_at_words() {
        assert_eq!(tail("the moniker of the group", 12), "…the group");
        assert_eq!(tail("the moniker of the group", 11), "…the group");
        assert_eq!(head("which is believed to be", 12), "which is…");
        assert_eq!(head("which is believed to be", 18), "which is believed…");
        assert_eq!(
            head(" online persona are consistent", 20),
            " online persona are…"
        );
        assert_eq!(tail("short", 12), "short");
        assert_eq!(inline("a\n\n\tb\u{1b}c"), "a b␛c");
    }

    #[test]
    fn the_folded_line_names_the_key_that_unfolds() {
        use crate::action::Action;
        use crate::keymap::BINDINGS;
        let binding = BINDINGS
            .iter()
            .find(|b| b.action == Action::ToggleDescription)
            .expect("a key unfolds descriptions");
        assert_eq!(binding.keys[0].label(), FOLD_KEY);
    }

    #[test]
    fn fit_truncates_spans() {
        let line = fit(Line::from(vec![Span::raw("abc "), Span::raw("defghij")]), 8);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "abc def…");
    }
}
