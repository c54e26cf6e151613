//! The rows of `aka mentions` and `aka sources`: one [`Record`] a mention,
//! one [`SourceRecord`] an attribution, printed as JSON Lines, one JSON
//! array, or TSV ([`super::tsv`]); `aka mentions --format stix|brat` go
//! through [`Printer`] too, which hands whole articles to
//! [`super::stix::bundle`] and [`super::brat`]. The fields are described in
//! docs/output.md.
//!
//! One object a line, UTF-8, in file order, files in argument order:
//!
//! ```text
//! {"path":"seeds/x.txt","actor":"apt28","name":"APT28","alias":"Fancy Bear","text":"Fancy Bear","start":812,"end":822,"line":5,"column":71}
//! ```

use std::io::{self, Write};
use std::time::SystemTime;

use serde::Serialize;

use super::stix::bundle as stix;
use super::{Format, brat, tsv};
use crate::model::{Catalog, Document, Locator, Matcher, sources};

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
            Format::Tsv => p.out.write_all(tsv::MENTIONS_HEADER.as_bytes())?,
            Format::Jsonl | Format::Stix | Format::Brat | Format::Html => {}
        }
        Ok(p)
    }

    /// Like [`Printer::document`], with the time the article was last
    /// changed (STIX's `published`; the time of the run when unknown).
    pub(crate) fn document_dated(
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
            Format::Jsonl | Format::Json | Format::Tsv | Format::Html => {
                self.document(doc, catalog, matcher)
            }
        }
    }

    /// Finds and prints every mention of `doc`, streaming as they are found.
    pub(crate) fn document(
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
            // Whole-article formats are built from documents, not records.
            Format::Stix | Format::Brat | Format::Html => return Ok(()),
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, r)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, r)?;
            }
            Format::Tsv => tsv::mention(&mut self.out, r)?,
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

/// One attribution as printed by `aka sources`.
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
    /// A person's role, as it stands (`director of CISA`); left out when
    /// unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
    /// The organisation a person or representative speaks for: its actor
    /// id, else its words; left out when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<&'a str>,
    /// Where the source spoke (`told Reuters`); left out when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<&'a str>,
    /// How the source was found when not by a cue of its own sentence:
    /// `pronoun`, `quotation` or `nested`; left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'static str>,
}

/// Prints the attributions of `doc` in `format` (one of
/// [`Format::SOURCES`]; JSON Lines for any other); returns how many.
pub(crate) fn print_sources(
    out: &mut impl Write,
    doc: &Document,
    catalog: &Catalog,
    matcher: &Matcher,
    format: Format,
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
            role: a.role.clone().map(|r| &text[r]),
            org: a.org.as_ref().map(|o| match o {
                sources::Org::Actor(actor) => catalog.actor(*actor).id.as_str(),
                sources::Org::Words(r) => &text[r.clone()],
            }),
            venue: a.venue.clone().map(|r| &text[r]),
            via: a.via.map(sources::Via::as_str),
        };
        if format == Format::Tsv {
            tsv::source(out, &record)?;
        } else {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(found.len())
}
