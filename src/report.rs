//! Output of `aka mentions`: JSON Lines, JSON and TSV.
//!
//! # JSON Lines (`--format jsonl`)
//!
//! One object a line, UTF-8, in file order, files in argument order (SPEC 4):
//!
//! ```text
//! {"path":"seeds/x.txt","actor":"apt28","name":"APT28","alias":"Fancy Bear","text":"Fancy Bear","start":812,"end":822,"line":5,"column":71}
//! ```
//!
//! | field | meaning |
//! |---|---|
//! | `path` | the file as named on the command line (folder joined with the path below it; `-` for stdin) |
//! | `actor`, `name` | the actor's id and display name |
//! | `alias` | the catalog alias that matched |
//! | `text` | the text as it stands in the file (line breaks kept) |
//! | `start`, `end` | half-open byte offsets into the file as stored (BOM and CR counted) |
//! | `line`, `column` | 1-based; only LF ends a line; columns count grapheme clusters |
//! | `candidates` | only when ambiguous: every matching actor id, in catalog order |
//!
//! `--format json` prints the same objects as one array; `--format tsv`
//! prints a header and one row a mention, with tabs, line breaks and
//! backslashes in `text` escaped as `\t`, `\n`, `\r` and `\\`.
//!
//! `--format stix` prints one STIX 2.1 bundle for the run ([`stix`]);
//! `--format brat` the brat standoff annotations of one article ([`brat`]).

pub mod brat;
pub mod stix;

use std::io::{self, Write};
use std::time::SystemTime;

use serde::Serialize;

use crate::model::{Catalog, Document, Locator, Matcher, sources};

/// An output format of `aka mentions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line (the stable contract).
    Jsonl,
    /// One JSON array of the same objects.
    Json,
    /// Tab-separated values with a header row.
    Tsv,
    /// One STIX 2.1 bundle: a report per article, an object per actor.
    Stix,
    /// brat standoff annotations (`.ann`) of one article.
    Brat,
}

/// One mention as printed.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The file as named.
    pub path: &'a str,
    /// Actor id.
    pub actor: &'a str,
    /// Actor display name.
    pub name: &'a str,
    /// The alias that matched.
    pub alias: &'a str,
    /// The text as it stands.
    pub text: &'a str,
    /// Start byte offset in the file.
    pub start: usize,
    /// End byte offset in the file (exclusive).
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in grapheme clusters.
    pub column: usize,
    /// Every matching actor when ambiguous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<&'a str>>,
}

/// Writes mention records in one format, across any number of documents.
pub struct Printer<W: Write> {
    out: W,
    format: Format,
    count: usize,
    bundle: stix::Bundle,
}

impl<W: Write> Printer<W> {
    /// A printer writing to `out` (wrap it in a `BufWriter`).
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        let mut p = Printer {
            out,
            format,
            count: 0,
            bundle: stix::Bundle::default(),
        };
        match format {
            Format::Json => p.out.write_all(b"[")?,
            Format::Tsv => p
                .out
                .write_all(b"path\tline\tcolumn\tstart\tend\tactor\talias\ttext\n")?,
            Format::Jsonl | Format::Stix | Format::Brat => {}
        }
        Ok(p)
    }

    /// Like [`Printer::document`], with the time the article was last
    /// changed (STIX's `published`; the time of the run when unknown).
    pub fn document_dated(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        matcher: &Matcher,
        modified: Option<SystemTime>,
    ) -> io::Result<()> {
        match self.format {
            Format::Stix => {
                let mentions = matcher.find_all(doc.text());
                self.count += mentions.len();
                let when = modified.unwrap_or_else(SystemTime::now);
                self.bundle.add(doc, catalog, &mentions, when);
                Ok(())
            }
            Format::Brat => {
                let mentions = matcher.find_all(doc.text());
                self.count += mentions.len();
                self.out
                    .write_all(brat::ann(doc, catalog, &mentions).as_bytes())
            }
            Format::Jsonl | Format::Json | Format::Tsv => self.document(doc, catalog, matcher),
        }
    }

    /// Finds and prints every mention of `doc`, streaming as they are found.
    pub fn document(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        matcher: &Matcher,
    ) -> io::Result<()> {
        if matches!(self.format, Format::Stix | Format::Brat) {
            return self.document_dated(doc, catalog, matcher, None);
        }
        let text = doc.text();
        let mut locator = Locator::new(text);
        for m in matcher.find_iter(text) {
            let actor = catalog.actor(m.actor);
            let at = locator.locate(m.range.start);
            let source = doc.source_range(&m.range);
            let record = Record {
                path: &doc.name,
                actor: &actor.id,
                name: &actor.name,
                alias: &actor.aliases[m.alias].text,
                text: &text[m.range.clone()],
                start: source.start,
                end: source.end,
                line: at.line,
                column: at.column,
                candidates: m.is_ambiguous().then(|| {
                    m.candidates
                        .iter()
                        .map(|&c| catalog.actor(c).id.as_str())
                        .collect()
                }),
            };
            self.record(&record)?;
        }
        Ok(())
    }

    /// Prints one record.
    pub fn record(&mut self, r: &Record<'_>) -> io::Result<()> {
        match self.format {
            // Whole-run formats are built from documents, not records.
            Format::Stix | Format::Brat => return Ok(()),
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, r)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, r)?;
            }
            Format::Tsv => {
                let candidates = r.candidates.as_ref().map(|c| c.join(","));
                let actor = candidates.as_deref().unwrap_or(r.actor);
                writeln!(
                    self.out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    tsv_escape(r.path),
                    r.line,
                    r.column,
                    r.start,
                    r.end,
                    actor,
                    tsv_escape(r.alias),
                    tsv_escape(r.text)
                )?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the output (the JSON array) and flushes it.
    pub fn finish(mut self) -> io::Result<usize> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        if self.format == Format::Stix {
            let bundle = std::mem::take(&mut self.bundle).finish();
            serde_json::to_writer_pretty(&mut self.out, &bundle)?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(self.count)
    }
}

/// An output format of `aka sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourcesFormat {
    /// One JSON object per line (SPEC 5).
    Jsonl,
    /// Tab-separated values with a header row.
    Tsv,
}

/// One attribution as printed by `aka sources` (SPEC 5).
#[derive(Debug, Serialize)]
pub struct SourceRecord<'a> {
    /// The file as named.
    pub path: &'a str,
    /// The cited actor's id, or `null` for an unnamed source.
    pub source: Option<&'a str>,
    /// The words naming the source, as they stand.
    pub source_text: &'a str,
    /// The cue, lower-cased.
    pub cue: &'a str,
    /// Start byte offset of the sentence in the file.
    pub sentence_start: usize,
    /// End byte offset of the sentence in the file (exclusive).
    pub sentence_end: usize,
    /// The sentence as it stands.
    pub sentence: &'a str,
}

/// Prints the attributions of `doc` in `format`; returns how many.
pub fn print_sources(
    out: &mut impl Write,
    doc: &Document,
    catalog: &Catalog,
    matcher: &Matcher,
    format: SourcesFormat,
) -> io::Result<usize> {
    let text = doc.text();
    let mentions = matcher.find_all(text);
    let found = sources::attributions(text, &mentions);
    for a in &found {
        let range = doc.source_range(&a.sentence);
        let record = SourceRecord {
            path: &doc.name,
            source: a.source.map(|s| catalog.actor(s).id.as_str()),
            source_text: &text[a.source_range.clone()],
            cue: &a.cue,
            sentence_start: range.start,
            sentence_end: range.end,
            sentence: &text[a.sentence.clone()],
        };
        match format {
            SourcesFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
            SourcesFormat::Tsv => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                tsv_escape(record.path),
                record.source.unwrap_or(""),
                tsv_escape(record.source_text),
                record.cue,
                record.sentence_start,
                record.sentence_end,
                tsv_escape(record.sentence)
            )?,
        }
    }
    Ok(found.len())
}

/// The header row of `aka sources --format tsv`.
pub const SOURCES_TSV_HEADER: &str =
    "path\tsource\tsource_text\tcue\tsentence_start\tsentence_end\tsentence\n";

/// Escapes a TSV field so that it stays on one line and in one column.
fn tsv_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\t', '\n', '\r', '\\']) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_fields_stay_on_one_line() {
        assert_eq!(tsv_escape("a\tb\r\nc\\"), "a\\tb\\r\\nc\\\\");
        assert_eq!(tsv_escape("plain"), "plain");
    }
}
