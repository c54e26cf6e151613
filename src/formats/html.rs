//! The article as one self-contained HTML page: every mention a `<mark>`
//! in its actor's colour (the explorer's palette, as CSS hex), with a
//! `data-actor` attribute holding the actor's id and a hover title that
//! says who it is; a who's who legend; no external asset, script or font,
//! so it works offline; light and dark from `prefers-color-scheme`; and a
//! print style that keeps the colours.
//!
//! All article and catalog text is escaped (`&`, `<`, `>`, `"`, `'`), and
//! control characters are shown as the explorer shows them (`␛`), so no
//! text can become markup.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::lesson::{definite, profile};
use crate::model::markdown::{is_markdown, markdown_headings};
use crate::model::{ActorIdx, Catalog, Document, Mention};
use crate::theme::slot_hex;
use crate::wrap::placeholder;

/// The page's style sheet: colours come from each element's `--c`.
const STYLE: &str = "\
:root { color-scheme: light dark; --bg: #fdfdfb; --fg: #1b1b1b; --muted: #5c5c5c; --rule: #d8d8d8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #151515; --fg: #ececec; --muted: #a8a8a8; --rule: #3a3a3a; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 1.125rem/1.65 Georgia, 'Times New Roman', serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 3rem; }
header h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .25rem; }
header p, footer { color: var(--muted); font: .9rem/1.5 system-ui, sans-serif; margin: 0; }
.text { white-space: pre-wrap; overflow-wrap: break-word; margin: 2rem 0; }
.text .h1 { font-size: 1.7em; font-weight: 700; line-height: 1.25; }
.text .h2 { font-size: 1.35em; font-weight: 700; }
.text .h3, .text .h4, .text .h5, .text .h6 { font-size: 1.1em; font-weight: 700; }
mark { color: inherit; padding: 0 .12em; border-radius: .2em;
  background: color-mix(in srgb, var(--c) 22%, transparent);
  border-bottom: .16em solid var(--c);
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
mark.ambiguous { border-bottom-style: dashed; }
.legend { border-top: 1px solid var(--rule); padding-top: 1rem; font: 1rem/1.5 system-ui, sans-serif; }
.legend h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.legend ul { list-style: none; padding: 0; margin: 0; columns: 2 18rem; column-gap: 2rem; }
.legend li { break-inside: avoid; margin: 0 0 .6rem; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
  background: var(--c); margin-right: .4em; vertical-align: baseline;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.who { color: var(--muted); font-size: .9em; }
.names { display: block; margin-left: 1.2em; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --rule: #bbb; }
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
}
";

/// What the page says about one actor.
struct ActorInfo {
    slot: usize,
    /// `(threat group, Russia), operated by the GRU`.
    profile: String,
    count: usize,
    /// Distinct mention texts, in order of first appearance.
    names: Vec<String>,
}

/// The whole page for `doc`, whose mentions are `mentions` (sorted, as the
/// finder returns them), as one string: [`write_page`] into memory.
pub fn page(doc: &Document, mentions: &[Mention], catalog: &Catalog) -> String {
    let mut out = Vec::new();
    // Writing into memory does not fail, and the page is UTF-8.
    let _ = write_page(&mut out, doc, mentions, catalog);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the page for `doc`, whose mentions are `mentions` (sorted, as
/// the finder returns them), to `out` as it goes: what the legend and the
/// header need is gathered from the mentions first, then the article's text
/// is written piece by piece between them. Nothing holds the whole page;
/// wrap `out` in a `BufWriter`.
pub fn write_page(
    out: &mut dyn Write,
    doc: &Document,
    mentions: &[Mention],
    catalog: &Catalog,
) -> io::Result<()> {
    let text = doc.text();
    let mut order: Vec<ActorIdx> = Vec::new();
    let mut info: HashMap<ActorIdx, ActorInfo> = HashMap::new();
    for m in mentions {
        let next = order.len();
        let entry = info.entry(m.actor()).or_insert_with(|| {
            order.push(m.actor());
            ActorInfo {
                slot: next,
                profile: profile(catalog, m.actor()),
                count: 0,
                names: Vec::new(),
            }
        });
        entry.count += 1;
        let said = text.get(m.range()).unwrap_or_default();
        if !entry.names.iter().any(|n| n == said) {
            entry.names.push(said.to_string());
        }
    }

    // The article's own heading (its first Markdown heading, or its first
    // line) is styled where it stands, not repeated above the text; a first
    // line that is a whole paragraph makes a poor heading: the file's name
    // heads the page instead.
    let heads = headings(doc);
    let file_name = std::path::Path::new(&doc.name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&doc.name);
    let title = doc.title().trim();
    let title = if title.is_empty() || title.chars().count() > 90 {
        file_name
    } else {
        title
    };
    // A text of one line has no heading of its own.
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .count();
    let from_text = title != file_name && lines > 1;
    let heads = if from_text && !heads.iter().any(|h| text[h.text.clone()].trim() == title) {
        // A plain first line as the title: style it as the heading.
        let mut all = first_line_heading(text).into_iter().collect::<Vec<_>>();
        all.extend(heads);
        all
    } else {
        heads
    };
    out.write_all(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    out.write_all(b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"aka {}\">",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "<title>{}</title>", escape(title))?;
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>")?;
    let heading = if from_text {
        String::new()
    } else {
        format!("<h1>{}</h1>\n", escape(file_name))
    };
    writeln!(
        out,
        "<header>\n{heading}<p>{} · {} mention{} of {} actor{} · hover a highlighted name to see who it is</p>\n</header>",
        escape(&doc.name),
        mentions.len(),
        plural(mentions.len()),
        order.len(),
        plural(order.len()),
    )?;

    out.write_all(b"<div class=\"text\">")?;
    let mut body = Body {
        out: &mut *out,
        text,
        heads: &heads,
        at: 0,
        next: 0,
        open: None,
    };
    for m in mentions {
        if m.start() < body.at || m.end() > text.len() {
            continue;
        }
        body.push_to(m.start())?;
        let actor = catalog.actor(m.actor());
        let a = &info[&m.actor()];
        let said = &text[m.range()];
        let mut hover = format!("{said}: {} {}", definite(actor), a.profile);
        if m.is_ambiguous() {
            let others: Vec<&str> = m
                .candidates()
                .iter()
                .filter(|&&c| c != m.actor())
                .map(|&c| catalog.actor(c).name.as_str())
                .collect();
            let _ = write!(hover, ". Also a name of {}", others.join(", "));
        }
        write!(
            body.out,
            "<mark data-actor=\"{}\"{} style=\"--c: {}\" title=\"{}\">",
            escape(&actor.id),
            if m.is_ambiguous() {
                " class=\"ambiguous\""
            } else {
                ""
            },
            slot_hex(a.slot),
            escape(&hover),
        )?;
        // A mention is never cut by a heading's end: the heading closes
        // after it (see `Body::push_to`).
        write_text(body.out, said)?;
        body.out.write_all(b"</mark>")?;
        body.at = m.end();
        body.close_if_past()?;
    }
    body.push_to(text.len())?;
    body.close_if_past()?;
    if body.open.is_some() {
        out.write_all(b"</span>")?;
    }
    out.write_all(b"</div>\n")?;

    out.write_all("<section class=\"legend\">\n<h2>Who’s who</h2>\n<ul>\n".as_bytes())?;
    for actor in &order {
        let a = &info[actor];
        let id = &catalog.actor(*actor).id;
        writeln!(
            out,
            "<li data-actor=\"{}\"><span class=\"swatch\" style=\"--c: {}\"></span><b>{}</b> <span class=\"who\">{} · {} mention{}</span><span class=\"names\">{}</span></li>",
            escape(id),
            slot_hex(a.slot),
            escape(&catalog.actor(*actor).name),
            escape(&a.profile),
            a.count,
            plural(a.count),
            escape(&format!("as {}", a.names.join(", "))),
        )?;
    }
    out.write_all(b"</ul>\n</section>\n")?;
    writeln!(
        out,
        "<footer>Made with aka {}: each colour is one actor, whatever name the article gives it.</footer>",
        env!("CARGO_PKG_VERSION")
    )?;
    out.write_all(b"</main>\n</body>\n</html>\n")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text made safe for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    // Writing into memory does not fail, and escaped UTF-8 is UTF-8.
    let _ = write_text(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

/// A heading line of the text: its Markdown marker (`## `), which the page
/// leaves out, and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Heading {
    /// The marker and the space after it (empty for a plain first line).
    marker: std::ops::Range<usize>,
    /// The heading's words, to the end of the line.
    text: std::ops::Range<usize>,
    /// 1 to 6.
    level: usize,
}

/// The headings of a Markdown article, as the explorer finds them; none
/// in plain text, where a `#` is only a character.
fn headings(doc: &Document) -> Vec<Heading> {
    if !is_markdown(&doc.name) {
        return Vec::new();
    }
    markdown_headings(doc.text())
        .into_iter()
        .map(|h| Heading {
            marker: h.line.start..h.text_start,
            text: h.text_start..h.line.end,
            level: h.level,
        })
        .collect()
}

/// The first non-empty line as a heading of level 1.
fn first_line_heading(text: &str) -> Option<Heading> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        if !body.trim().is_empty() {
            let at = start + lead;
            return Some(Heading {
                marker: at..at,
                text: at..start + body.trim_end().len(),
                level: 1,
            });
        }
        start += line.len();
    }
    None
}

/// The article's text as it is written into the page: escaped, headings
/// styled and their markers left out.
struct Body<'a> {
    out: &'a mut dyn Write,
    text: &'a str,
    heads: &'a [Heading],
    /// Where the text is written up to.
    at: usize,
    /// The next heading not yet opened.
    next: usize,
    /// Where the open heading's words end.
    open: Option<usize>,
}

impl Body<'_> {
    /// Writes the text from `at` up to `to`, opening and closing headings
    /// on the way.
    fn push_to(&mut self, to: usize) -> io::Result<()> {
        while self.at < to {
            if let Some(end) = self.open.filter(|&e| e <= to) {
                write_text(self.out, &self.text[self.at..end.max(self.at)])?;
                self.out.write_all(b"</span>")?;
                self.open = None;
                self.at = end.max(self.at);
                continue;
            }
            match self.heads.get(self.next) {
                Some(h) if h.marker.start < to && self.open.is_none() => {
                    let start = h.marker.start.max(self.at);
                    write_text(self.out, &self.text[self.at..start])?;
                    write!(
                        self.out,
                        "<span class=\"h{0}\" role=\"heading\" aria-level=\"{0}\">",
                        h.level
                    )?;
                    self.open = Some(h.text.end);
                    self.at = h.marker.end.max(start);
                    self.next += 1;
                }
                _ => {
                    write_text(self.out, &self.text[self.at..to])?;
                    self.at = to;
                }
            }
        }
        Ok(())
    }

    /// Closes the open heading if the text written is past its end (a
    /// mention ran over it).
    fn close_if_past(&mut self) -> io::Result<()> {
        if self.open.is_some_and(|end| self.at >= end) {
            self.out.write_all(b"</span>")?;
            self.open = None;
        }
        Ok(())
    }
}

/// Writes `s` escaped: markup characters as entities, control characters
/// (but tab and line breaks) as their visible placeholders. The runs of
/// text that need neither are written as they stand, in one piece each.
fn write_text(out: &mut dyn Write, s: &str) -> io::Result<()> {
    let mut run = 0;
    for (at, c) in s.char_indices() {
        let mut stand_in = [0; 4];
        let replacement: &[u8] = match c {
            '&' => b"&amp;",
            '<' => b"&lt;",
            '>' => b"&gt;",
            '"' => b"&quot;",
            '\'' => b"&#39;",
            // Printable ASCII and the line breaks: the bulk of any text.
            ' '..='~' | '\t' | '\n' | '\r' => continue,
            _ => match placeholder(c.encode_utf8(&mut [0; 4])) {
                Some(p) => p.encode_utf8(&mut stand_in).as_bytes(),
                // Any other character stays in the run.
                None => continue,
            },
        };
        out.write_all(&s.as_bytes()[run..at])?;
        out.write_all(replacement)?;
        run = at + c.len_utf8();
    }
    out.write_all(&s.as_bytes()[run..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd' >\u{1b}[31m\n"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;␛[31m\n"
        );
    }
}
