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
use crate::model::discover::{AliasOf, Discovered, Discoverer, Discovery, Found, How, Schemes};
use crate::model::{Catalog, Document, Locator, Matcher, Mention, sources};

/// One mention as printed.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The file as named.
    pub path: &'a str,
    /// Actor id; `None` (printed `null`) for a discovered actor.
    pub actor: Option<&'a str>,
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
    /// For an actor no catalog holds (`--discover`): why it was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovered: Option<DiscoveredRecord<'a>>,
}

/// Why a discovered name was taken for an actor's (docs/output.md).
#[derive(Debug, Serialize)]
pub struct DiscoveredRecord<'a> {
    /// `cue` or `scheme`.
    pub how: &'static str,
    /// The naming cue, lower-cased (`dubbed`, `known as`, `gang`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<&'a str>,
    /// The vendor whose naming scheme the name fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<&'a str>,
    /// The scheme's pattern (`{Name} Typhoon`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<&'a str>,
    /// What the scheme tells of the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tells: Option<&'a str>,
    /// The country the scheme stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<&'a str>,
    /// The motivation the scheme stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivation: Option<&'a str>,
    /// The evidence's byte offsets in the file.
    pub evidence_start: usize,
    /// End of the evidence (exclusive).
    pub evidence_end: usize,
    /// The file the evidence is in, when it is another article of the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_path: Option<&'a str>,
    /// A catalog actor this may be another name of (`X, also known as Y`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probable_alias_of: Option<&'a str>,
}

/// Writes mention records in one format, across any number of documents.
pub struct Printer<'s, W: Write> {
    out: W,
    format: Format,
    discover: Option<&'s Schemes>,
    /// Names discovered in the articles of the run, for the others
    /// (see [`Printer::learn`]), and the articles they come from.
    known: Vec<Discovered>,
    known_paths: Vec<String>,
    count: usize,
    bundle: stix::Bundle,
}

impl<'s, W: Write> Printer<'s, W> {
    /// A printer writing to `out` (wrap it in a `BufWriter`).
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        Printer::discovering(out, format, None)
    }

    /// A printer that also prints the actors `schemes` and the naming cues
    /// discover (JSON Lines, JSON and TSV; the whole-article formats hold
    /// catalog actors only).
    pub fn discovering(out: W, format: Format, discover: Option<&'s Schemes>) -> io::Result<Self> {
        let mut p = Printer {
            out,
            format,
            discover,
            known: Vec::new(),
            known_paths: Vec::new(),
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

    /// Finds and prints every mention of `doc`, with the time the article
    /// was last changed (STIX's `published`; the time of the run when unknown).
    pub(crate) fn document_dated(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        matcher: &Matcher,
        modified: Option<SystemTime>,
    ) -> io::Result<()> {
        let mentions = matcher.find_all_in(doc.text(), &doc.name);
        self.document_found(doc, catalog, &mentions, modified)
    }

    /// Prints `doc` with its `mentions`, found already (by
    /// [`Matcher::find_all_in`], perhaps on another thread).
    pub(crate) fn document_found(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        mentions: &[Mention],
        modified: Option<SystemTime>,
    ) -> io::Result<()> {
        match self.format {
            Format::Stix => {
                self.count += mentions.len();
                let when = modified.unwrap_or_else(SystemTime::now);
                self.bundle.add(doc, catalog, mentions, when);
                Ok(())
            }
            Format::Brat => {
                self.count += mentions.len();
                brat::write_ann(&mut self.out, doc, catalog, mentions)
            }
            Format::Jsonl | Format::Json | Format::Tsv | Format::Html => match self.discover {
                Some(schemes) => self.document_discovering(doc, catalog, mentions, schemes),
                None => self.mentions(doc, catalog, mentions),
            },
        }
    }

    /// With discovery on, a first reading of `doc`: the names discovered
    /// in it become mentions in every article printed after.
    pub(crate) fn learn(&mut self, doc: &Document, catalog: &Catalog, matcher: &Matcher) {
        let Some(schemes) = self.discover else {
            return;
        };
        let text = doc.text();
        let mentions = matcher.find_all_in(text, &doc.name);
        let found = Discoverer::new(catalog, schemes).discover(text, &mentions);
        let article = self.known_paths.len();
        let mut any = false;
        for mut d in found.actors {
            if !self.known.iter().any(|k| k.name == d.name) {
                d.article = Some(article);
                d.evidence = doc.source_range(&d.evidence);
                self.known.push(d);
                any = true;
            }
        }
        if any {
            self.known_paths.push(doc.name.clone());
        }
    }

    /// Prints a record for each of `mentions`, found in `doc` (JSON Lines,
    /// JSON and TSV; the whole-article formats print nothing here).
    pub(crate) fn mentions(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        mentions: &[Mention],
    ) -> io::Result<()> {
        let threads = crate::model::corpus::default_workers();
        if mentions.len() < PARALLEL_RECORDS || threads < 2 {
            let mut locator = Locator::new(doc.text());
            for m in mentions {
                self.catalog_record(doc, catalog, &mut locator, m)?;
            }
            return Ok(());
        }
        if matches!(self.format, Format::Stix | Format::Brat | Format::Html) {
            return Ok(());
        }
        // Many records: each batch is cut in one part a core, formatted at
        // once into buffers, then written in order. Each core keeps its
        // own locator, which only moves forward from batch to batch.
        let mut locators: Vec<Locator<'_>> =
            (0..threads).map(|_| Locator::new(doc.text())).collect();
        for batch in mentions.chunks(PARALLEL_RECORDS) {
            let part = batch.len().div_ceil(threads);
            let format = self.format;
            let first = self.count;
            let buffers: Vec<io::Result<Vec<u8>>> = std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .chunks(part)
                    .zip(locators.iter_mut())
                    .enumerate()
                    .map(|(k, (ms, locator))| {
                        scope.spawn(move || {
                            let mut out = Vec::with_capacity(ms.len() * 96);
                            for (i, m) in ms.iter().enumerate() {
                                let record = catalog_record(doc, catalog, locator, m);
                                write_record(&mut out, format, first + k * part + i == 0, &record)?;
                            }
                            Ok(out)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(io::Error::other("a formatting thread failed")))
                    })
                    .collect()
            });
            for buffer in buffers {
                self.out.write_all(&buffer?)?;
            }
            self.count += batch.len();
        }
        Ok(())
    }

    fn catalog_record(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        locator: &mut Locator<'_>,
        m: &Mention,
    ) -> io::Result<()> {
        let record = catalog_record(doc, catalog, locator, m);
        self.record(&record)
    }

    /// [`Printer::document`] with the discovered actors among the mentions,
    /// in text order.
    fn document_discovering(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        mentions: &[Mention],
        schemes: &Schemes,
    ) -> io::Result<()> {
        let text = doc.text();
        let found = Discoverer::new(catalog, schemes).discover_with(text, mentions, &self.known);
        let mut locator = Locator::new(text);
        let mut extra = found.mentions.iter().peekable();
        for m in mentions {
            while let Some(d) = extra.next_if(|d| d.range.start < m.start()) {
                self.discovered_record(doc, catalog, schemes, &found, &mut locator, d)?;
            }
            self.catalog_record(doc, catalog, &mut locator, m)?;
        }
        for d in extra {
            self.discovered_record(doc, catalog, schemes, &found, &mut locator, d)?;
        }
        Ok(())
    }

    fn discovered_record(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        schemes: &Schemes,
        discovery: &Discovery,
        locator: &mut Locator<'_>,
        d: &Found,
    ) -> io::Result<()> {
        let text = doc.text();
        let actor = &discovery.actors[d.actor];
        let scheme = actor.scheme.map(|s| &schemes.list()[s]);
        let at = locator.locate(d.range.start);
        let source = doc.source_range(&d.range);
        let (evidence, evidence_path) = match actor.article {
            None => (doc.source_range(&actor.evidence), None),
            Some(a) => (actor.evidence.clone(), Some(self.known_paths[a].clone())),
        };
        let record = Record {
            path: &doc.name,
            actor: None,
            name: &actor.name,
            alias: &actor.name,
            text: &text[d.range.clone()],
            start: source.start,
            end: source.end,
            line: at.line,
            column: at.column,
            candidates: None,
            discovered: Some(DiscoveredRecord {
                how: match actor.how {
                    How::Scheme => "scheme",
                    How::Cue(_) => "cue",
                },
                cue: match &actor.how {
                    How::Cue(cue) => Some(cue),
                    How::Scheme => None,
                },
                scheme: scheme.map(|s| s.vendor.as_str()),
                pattern: scheme.map(|s| s.pattern.as_str()),
                tells: scheme.map(|s| s.tells.as_str()),
                origin: scheme.and_then(|s| s.origin.as_deref()),
                motivation: scheme.and_then(|s| s.motivation.as_deref()),
                evidence_start: evidence.start,
                evidence_end: evidence.end,
                evidence_path: evidence_path.as_deref(),
                probable_alias_of: match actor.alias_of {
                    Some(AliasOf::Actor(a)) => Some(catalog.actor(a).id.as_str()),
                    Some(AliasOf::Discovered(_)) | None => None,
                },
            }),
        };
        self.record(&record)
    }

    /// Prints one record.
    pub fn record(&mut self, r: &Record<'_>) -> io::Result<()> {
        write_record(&mut self.out, self.format, self.count == 0, r)?;
        if matches!(self.format, Format::Jsonl | Format::Json | Format::Tsv) {
            self.count += 1;
        }
        Ok(())
    }

    /// Closes the output (the JSON array) and flushes it.
    pub fn finish(mut self) -> io::Result<usize> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        if self.format == Format::Stix {
            self.bundle.write_to(&mut self.out)?;
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

/// Mentions of one article beyond which its records are formatted on
/// every core, this many at a time.
const PARALLEL_RECORDS: usize = 1 << 16;

/// The record of catalog mention `m` of `doc`, its line and column from
/// `locator`.
fn catalog_record<'a>(
    doc: &'a Document,
    catalog: &'a Catalog,
    locator: &mut Locator<'_>,
    m: &Mention,
) -> Record<'a> {
    let text = doc.text();
    let actor = catalog.actor(m.actor());
    let at = locator.locate(m.start());
    let source = doc.source_range(&m.range());
    Record {
        path: &doc.name,
        actor: Some(&actor.id),
        name: &actor.name,
        alias: &actor.aliases[m.alias()].text,
        text: &text[m.range()],
        start: source.start,
        end: source.end,
        line: at.line,
        column: at.column,
        candidates: m.is_ambiguous().then(|| {
            m.candidates()
                .iter()
                .map(|&c| catalog.actor(c).id.as_str())
                .collect()
        }),
        discovered: None,
    }
}

/// Writes one record in `format` (JSON Lines, JSON or TSV; the
/// whole-article formats are built from documents, not records): `first`
/// says whether it is the JSON array's first.
fn write_record(
    out: &mut impl Write,
    format: Format,
    first: bool,
    r: &Record<'_>,
) -> io::Result<()> {
    match format {
        Format::Stix | Format::Brat | Format::Html => {}
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, r)?;
            out.write_all(b"\n")?;
        }
        Format::Json => {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, r)?;
        }
        Format::Tsv => tsv::mention(out, r)?,
    }
    Ok(())
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
    let mentions = matcher.find_all_in(text, &doc.name);
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
