//! `aka mentions --format brat`: brat standoff annotations (`.ann`).
//!
//! - One `T` line a mention: `T1<TAB>KIND START END<TAB>TEXT`, the type the
//!   actor's kind (`threat-group`), offsets in Unicode code points from the
//!   start of the file as brat counts them (a BOM and CR count as one
//!   each). A mention that crosses a line break is written as fragments
//!   (`START END;START END`), its text joined with a space.
//! - One `#` line a mention, `AnnotatorNotes` naming the actor's id (or, for
//!   an ambiguous mention, every candidate's).
//! - One `*` line an actor mentioned more than once: `*<TAB>Alias T1 T4 …`,
//!   the equivalence that groups its mentions, whatever alias each used.
//!
//! brat's `annotation.conf` then declares the kinds under `[entities]` and,
//! under `[relations]`, the equivalence:
//! `Alias Arg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive`.

use std::io::{self, Write};

use crate::model::{ActorIdx, Catalog, Document, Mention};

/// The `.ann` text for one article, as one string: [`write_ann`] into
/// memory.
pub fn ann(doc: &Document, catalog: &Catalog, mentions: &[Mention]) -> String {
    let mut out = Vec::new();
    // Writing into memory does not fail, and the lines are UTF-8.
    let _ = write_ann(&mut out, doc, catalog, mentions);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the `.ann` lines of one article to `out`, a mention at a time;
/// the `*` lines, which need every mention, are gathered on the way (a
/// number a mention) and written last.
pub fn write_ann(
    out: &mut dyn Write,
    doc: &Document,
    catalog: &Catalog,
    mentions: &[Mention],
) -> io::Result<()> {
    let text = doc.text();
    let mut groups: Vec<(ActorIdx, Vec<usize>)> = Vec::new();
    // Code points before `at`, counted once across the text.
    let (mut at, mut chars) = (0usize, 0usize);
    let mut offset = |pos: usize| {
        chars += text[at..pos].chars().count();
        at = pos;
        chars
    };
    for (i, m) in mentions.iter().enumerate() {
        let n = i + 1;
        let span = &text[m.range()];
        // Fragments: the span split at white space holding a line break.
        let mut frags: Vec<(usize, usize)> = Vec::new();
        let mut start = m.start();
        let mut in_gap: Option<usize> = None;
        for (o, c) in span.char_indices() {
            let pos = m.start() + o;
            if c.is_whitespace() {
                in_gap.get_or_insert(pos);
            } else if let Some(g) = in_gap.take()
                && text[g..pos].contains(['\n', '\r'])
            {
                frags.push((start, g));
                start = pos;
            }
        }
        frags.push((start, m.end()));
        let mut pieces = Vec::new();
        let mut words = Vec::new();
        for (s, e) in frags {
            let (cs, ce) = (offset(s), offset(e));
            pieces.push(format!("{cs} {ce}"));
            words.push(&text[s..e]);
        }
        let actor = catalog.actor(m.actor());
        writeln!(
            out,
            "T{n}\t{} {}\t{}",
            actor.kind.as_str(),
            pieces.join(";"),
            words.join(" ")
        )?;
        let note = if m.is_ambiguous() {
            let ids: Vec<&str> = m
                .candidates()
                .iter()
                .map(|&c| catalog.actor(c).id.as_str())
                .collect();
            format!("ambiguous: {}", ids.join(", "))
        } else {
            actor.id.clone()
        };
        writeln!(out, "#{n}\tAnnotatorNotes T{n}\t{note}")?;
        match groups.iter_mut().find(|(a, _)| *a == m.actor()) {
            Some((_, ts)) => ts.push(n),
            None => groups.push((m.actor(), vec![n])),
        }
    }
    for (_, ts) in groups.iter().filter(|(_, ts)| ts.len() > 1) {
        let list: Vec<String> = ts.iter().map(|t| format!("T{t}")).collect();
        writeln!(out, "*\tAlias {}", list.join(" "))?;
    }
    Ok(())
}
