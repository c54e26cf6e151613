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

use crate::model::lesson::{definite, profile};
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
/// finder returns them).
pub fn page(doc: &Document, mentions: &[Mention], catalog: &Catalog) -> String {
    let text = doc.text();
    let mut order: Vec<ActorIdx> = Vec::new();
    let mut info: HashMap<ActorIdx, ActorInfo> = HashMap::new();
    for m in mentions {
        let next = order.len();
        let entry = info.entry(m.actor).or_insert_with(|| {
            order.push(m.actor);
            ActorInfo {
                slot: next,
                profile: profile(catalog, m.actor),
                count: 0,
                names: Vec::new(),
            }
        });
        entry.count += 1;
        let said = text.get(m.range.clone()).unwrap_or_default();
        if !entry.names.iter().any(|n| n == said) {
            entry.names.push(said.to_string());
        }
    }

    // A first line that is a whole paragraph makes a poor heading: the
    // file's name heads the page instead.
    let title = doc.title().trim();
    let title = if title.is_empty() || title.chars().count() > 90 {
        std::path::Path::new(&doc.name)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&doc.name)
    } else {
        title
    };
    let mut out = String::with_capacity(text.len() * 2 + STYLE.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"aka {}\">",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p>{} · {} mention{} of {} actor{} · hover a highlighted name to see who it is</p>\n</header>",
        escape(title),
        escape(&doc.name),
        mentions.len(),
        plural(mentions.len()),
        order.len(),
        plural(order.len()),
    );

    out.push_str("<div class=\"text\">");
    let mut at = 0;
    for m in mentions {
        if m.range.start < at || m.range.end > text.len() {
            continue;
        }
        push_text(&mut out, &text[at..m.range.start]);
        let actor = catalog.actor(m.actor);
        let a = &info[&m.actor];
        let said = &text[m.range.clone()];
        let mut hover = format!("{said}: {} {}", definite(actor), a.profile);
        if m.is_ambiguous() {
            let others: Vec<&str> = m
                .candidates
                .iter()
                .filter(|&&c| c != m.actor)
                .map(|&c| catalog.actor(c).name.as_str())
                .collect();
            let _ = write!(hover, ". Also a name of {}", others.join(", "));
        }
        let _ = write!(
            out,
            "<mark data-actor=\"{}\"{} style=\"--c: {}\" title=\"{}\">",
            escape(&actor.id),
            if m.is_ambiguous() {
                " class=\"ambiguous\""
            } else {
                ""
            },
            slot_hex(a.slot),
            escape(&hover),
        );
        push_text(&mut out, said);
        out.push_str("</mark>");
        at = m.range.end;
    }
    push_text(&mut out, &text[at..]);
    out.push_str("</div>\n");

    out.push_str("<section class=\"legend\">\n<h2>Who’s who</h2>\n<ul>\n");
    for actor in &order {
        let a = &info[actor];
        let id = &catalog.actor(*actor).id;
        let _ = writeln!(
            out,
            "<li data-actor=\"{}\"><span class=\"swatch\" style=\"--c: {}\"></span><b>{}</b> <span class=\"who\">{} · {} mention{}</span><span class=\"names\">{}</span></li>",
            escape(id),
            slot_hex(a.slot),
            escape(&catalog.actor(*actor).name),
            escape(&a.profile),
            a.count,
            plural(a.count),
            escape(&format!("as {}", a.names.join(", "))),
        );
    }
    out.push_str("</ul>\n</section>\n");
    let _ = writeln!(
        out,
        "<footer>Made with aka {}: each colour is one actor, whatever name the article gives it.</footer>",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text made safe for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// Appends `s` escaped: markup characters as entities, control characters
/// (but tab and line breaks) as their visible placeholders.
fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            _ => match placeholder(c.encode_utf8(&mut [0; 4])) {
                Some(p) => out.push(p),
                None => out.push(c),
            },
        }
    }
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
