//! Every format aka reads or writes, one file per format, and the one
//! [`Format`] type that `aka mentions`, `aka sources`, `aka export` and the
//! explorer's `E` menu share. The command line's parsing of format names
//! lives in [`crate::cli`]; nothing here knows clap or the terminal.
//!
//! | format | in | out |
//! |---|---|---|
//! | aka's catalog JSON | `--catalog` ([`crate::model::catalog`], recognised by [`catalogs`]) | `aka catalog export` ([`catalog_out`]) |
//! | MISP galaxy cluster | `--catalog` ([`misp`]) | `aka catalog export --format misp` ([`misp::export`]) |
//! | STIX 2.1 bundle | `--catalog` ([`stix::import`]) | `--format stix` ([`stix::bundle`]); `aka catalog export --format stix` ([`stix::catalog`]) |
//! | alias names | | `aka catalog export --format names` ([`catalog_out`]) |
//! | JSON Lines, JSON | | mentions and sources ([`records`]) |
//! | TSV | | mentions and sources ([`records`], [`tsv`]) |
//! | brat standoff | | one article's `.ann` ([`brat`]) |
//! | HTML | | one article as a page ([`html`]) |
//!
//! Text a terminal may read (TSV, `aka catalog show`, messages) goes
//! through [`terminal`], which escapes the characters a terminal obeys.
//!
//! The fields of each are in docs/output.md and docs/catalog.md. Files the
//! user owns are written by [`mod@write`]: atomically, never over a file
//! without asking.

pub mod brat;
pub mod catalog_out;
pub mod catalogs;
pub mod html;
pub mod misp;
pub mod records;
pub mod stix;
pub mod terminal;
pub mod tsv;
pub mod user;
pub mod write;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::input::SAMPLE_NAME;
use crate::model::{Catalog, Document, Mention};
use records::Printer;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// One article as a self-contained HTML page.
    Html,
}

impl Format {
    /// The formats of `aka mentions`.
    pub const MENTIONS: [Format; 5] = [
        Format::Jsonl,
        Format::Json,
        Format::Tsv,
        Format::Stix,
        Format::Brat,
    ];

    /// The formats of `aka sources`.
    pub const SOURCES: [Format; 2] = [Format::Jsonl, Format::Tsv];

    /// The formats one article is exported in (`aka export`, the `E`
    /// menu, in its order).
    pub const EXPORT: [Format; 4] = [Format::Jsonl, Format::Stix, Format::Brat, Format::Html];

    /// The name the command line gives it (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Tsv => "tsv",
            Format::Stix => "stix",
            Format::Brat => "brat",
            Format::Html => "html",
        }
    }

    /// One line saying what it is, for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Format::Jsonl => "One JSON object per line (the stable contract)",
            Format::Json => "One JSON array of the same objects",
            Format::Tsv => "Tab-separated values with a header row",
            Format::Stix => "One STIX 2.1 bundle: a report per article, an object per actor",
            Format::Brat => "brat standoff annotations (.ann) of one article",
            Format::Html => "A self-contained HTML page of one article",
        }
    }

    /// The format's name in the export menu.
    pub fn label(self) -> &'static str {
        match self {
            Format::Jsonl => "Mentions (JSON Lines)",
            Format::Json => "Mentions (JSON)",
            Format::Tsv => "Mentions (TSV)",
            Format::Stix => "STIX 2.1 bundle",
            Format::Brat => "brat annotations (.ann)",
            Format::Html => "HTML page",
        }
    }

    /// What the default file name of an export ends with.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Jsonl => ".aka.jsonl",
            Format::Json => ".aka.json",
            Format::Tsv => ".aka.tsv",
            Format::Stix => ".stix.json",
            Format::Brat => ".ann",
            Format::Html => ".html",
        }
    }
}

/// The default destination for an article named `name`: next to it when
/// the name is a file's path (`notes/story.txt` → `notes/story.stix.json`),
/// else in the current folder (standard input → `stdin.stix.json`, the
/// bundled sample → `election-2016.stix.json`). It reads nothing from the
/// disk: the explorer's state calls it.
pub fn default_path(name: &str, format: Format) -> PathBuf {
    let path = Path::new(name);
    let on_disk = name != "-" && name != SAMPLE_NAME;
    let stem = if name == "-" {
        "stdin".to_string()
    } else {
        // The sample is called `sample: election-2016.txt`.
        let base = name.rsplit([':', '/', '\\']).next().unwrap_or(name).trim();
        let stem = Path::new(base)
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("article");
        stem.to_string()
    };
    let file = format!("{stem}{}", format.suffix());
    match path.parent().filter(|_| on_disk) {
        Some(dir) => dir.join(file),
        None => PathBuf::from(file),
    }
}

/// Writes the article `doc` (whose mentions are `mentions`) in `format` to
/// `out`, as `aka mentions` or `aka export` prints it for that one article.
/// A STIX report is dated by the file's modification time when `doc` names
/// a file.
///
/// Every format is written as it goes, record by record or piece by piece
/// of the text: nothing holds the whole output, so an export takes the
/// memory of the article and its mentions, whatever its size. Wrap `out` in
/// a `BufWriter`; the first error `out` returns stops the export and is
/// returned.
pub fn render_to(
    out: &mut dyn Write,
    format: Format,
    doc: &Document,
    catalog: &Catalog,
    mentions: &[Mention],
) -> io::Result<()> {
    match format {
        Format::Stix => {
            let published = std::fs::metadata(&doc.name)
                .and_then(|m| m.modified())
                .unwrap_or_else(|_| SystemTime::now());
            let mut bundle = stix::bundle::Bundle::default();
            bundle.add(doc, catalog, mentions, published);
            bundle.write_to(out)
        }
        Format::Brat => brat::write_ann(out, doc, catalog, mentions),
        Format::Html => html::write_page(out, doc, mentions, catalog),
        Format::Jsonl | Format::Json | Format::Tsv => {
            let mut p = Printer::new(out, format)?;
            p.mentions(doc, catalog, mentions)?;
            p.finish().map(drop)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn default_paths_sit_next_to_the_article_or_here() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        let story = dir.join("story.txt");
        std::fs::write(&story, "x").unwrap();
        let name = story.to_str().unwrap();
        for (format, file) in [
            (Format::Jsonl, "story.aka.jsonl"),
            (Format::Stix, "story.stix.json"),
            (Format::Brat, "story.ann"),
            (Format::Html, "story.html"),
        ] {
            assert_eq!(default_path(name, format), dir.join(file));
        }
        assert_eq!(
            default_path("-", Format::Stix),
            PathBuf::from("stdin.stix.json")
        );
        assert_eq!(
            default_path("sample: election-2016.txt", Format::Brat),
            PathBuf::from("election-2016.ann")
        );
        // A path is taken as written, without looking at the disk.
        assert_eq!(
            default_path("notes/gone.md", Format::Html),
            PathBuf::from("notes/gone.html")
        );
    }

    /// A writer that takes `left` bytes, then fails as a full disk does.
    struct FailAfter<'a> {
        out: &'a mut dyn Write,
        left: usize,
    }

    impl Write for FailAfter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("disk full"));
            }
            let n = self.out.write(&buf[..buf.len().min(self.left)])?;
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.out.flush()
        }
    }

    const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Json,
        Format::Tsv,
        Format::Stix,
        Format::Brat,
        Format::Html,
    ];

    fn sample() -> (Document, Catalog, Vec<Mention>) {
        use crate::model::Matcher;
        let doc = crate::model::input::sample();
        let catalog = Catalog::bundled();
        let mentions = Matcher::new(&catalog).find_all_in(doc.text(), &doc.name);
        (doc, catalog, mentions)
    }

    fn rendered(
        format: Format,
        doc: &Document,
        catalog: &Catalog,
        mentions: &[Mention],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        render_to(&mut out, format, doc, catalog, mentions).unwrap();
        out
    }

    #[test]
    fn a_writer_that_takes_a_byte_at_a_time_gets_the_same_bytes() {
        /// Takes one byte a call, as a slow pipe may.
        struct Trickle(Vec<u8>);
        impl Write for Trickle {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.extend(buf.first());
                Ok(buf.len().min(1))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (doc, catalog, mentions) = sample();
        for format in ALL {
            let mut trickle = Trickle(Vec::new());
            render_to(&mut trickle, format, &doc, &catalog, &mentions).unwrap();
            assert_eq!(
                timeless(format, &trickle.0),
                timeless(format, &rendered(format, &doc, &catalog, &mentions)),
                "{format:?}"
            );
        }
    }

    #[test]
    fn a_writer_that_fails_half_way_fails_the_export_with_its_error() {
        let (doc, catalog, mentions) = sample();
        for format in ALL {
            let whole = rendered(format, &doc, &catalog, &mentions);
            for left in [0, 1, 100, whole.len() / 2, whole.len() - 1] {
                let mut got = Vec::new();
                let mut out = FailAfter {
                    out: &mut got,
                    left,
                };
                let err = render_to(&mut out, format, &doc, &catalog, &mentions).unwrap_err();
                assert_eq!(err.to_string(), "disk full", "{format:?} after {left}");
                assert_eq!(
                    timeless(format, &got),
                    timeless(format, &whole[..left]),
                    "{format:?}: what it took is right"
                );
            }
            let mut got = Vec::new();
            let mut out = FailAfter {
                out: &mut got,
                left: whole.len(),
            };
            render_to(&mut out, format, &doc, &catalog, &mentions).unwrap();
            assert_eq!(timeless(format, &got), timeless(format, &whole));
        }
    }

    /// The bytes with every digit made 0 in STIX, whose timestamps are the
    /// time of the export (a cut may fall inside one), as they are.
    fn timeless(format: Format, bytes: &[u8]) -> Vec<u8> {
        if format == Format::Stix {
            bytes
                .iter()
                .map(|&b| if b.is_ascii_digit() { b'0' } else { b })
                .collect()
        } else {
            bytes.to_vec()
        }
    }

    #[test]
    fn a_failed_or_cancelled_export_leaves_no_file() {
        use crate::model::Progress;
        use write::{Cancellable, is_cancelled, write_atomic_with};
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        let (doc, catalog, mentions) = sample();
        for format in Format::EXPORT {
            let path = dir.join(format!("out{}", format.suffix()));
            let err = write_atomic_with(&path, false, |w| {
                render_to(
                    &mut FailAfter { out: w, left: 500 },
                    format,
                    &doc,
                    &catalog,
                    &mentions,
                )
            })
            .unwrap_err();
            assert!(err.to_string().contains("disk full"), "{format:?}: {err}");
            // Cancelled after 1000 bytes: the next write stops the export.
            let progress = Progress::new(1);
            let mut written = 0;
            let err = write_atomic_with(&path, false, |w| {
                let mut counting = Counting {
                    out: w,
                    written: &mut written,
                    cancel_after: 1000,
                    progress: &progress,
                };
                render_to(
                    &mut Cancellable::new(&mut counting, &progress),
                    format,
                    &doc,
                    &catalog,
                    &mentions,
                )
            })
            .unwrap_err();
            let write::WriteError::Io(err) = err else {
                panic!("{format:?}: {err}");
            };
            assert!(is_cancelled(&err), "{format:?}: {err}");
            let whole = rendered(format, &doc, &catalog, &mentions).len();
            assert!(written < whole, "{format:?}: {written} of {whole}");
            let left: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
            assert!(left.is_empty(), "{format:?}: {left:?}");
        }
    }

    /// Counts what goes through, and cancels `progress` once
    /// `cancel_after` bytes went.
    struct Counting<'a> {
        out: &'a mut dyn Write,
        written: &'a mut usize,
        cancel_after: usize,
        progress: &'a crate::model::Progress,
    }

    impl Write for Counting<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.out.write(buf)?;
            *self.written += n;
            if *self.written >= self.cancel_after {
                self.progress.cancel();
            }
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.out.flush()
        }
    }

    #[test]
    fn every_format_has_one_name() {
        let all = [
            Format::Jsonl,
            Format::Json,
            Format::Tsv,
            Format::Stix,
            Format::Brat,
            Format::Html,
        ];
        let names: std::collections::HashSet<_> = all.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), all.len());
    }
}
