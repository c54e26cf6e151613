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
pub mod tsv;
pub mod user;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::input::SAMPLE_NAME;
use crate::model::{Catalog, Document, Matcher, Mention};
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

/// The article `doc` (whose mentions are `mentions`) in `format`, as `aka
/// mentions` or `aka export` prints it for that one article. A STIX
/// report is dated by the file's modification time when `doc` names a
/// file.
pub fn render(
    format: Format,
    doc: &Document,
    catalog: &Catalog,
    matcher: &Matcher,
    mentions: &[Mention],
) -> String {
    match format {
        Format::Stix => {
            let published = std::fs::metadata(&doc.name)
                .and_then(|m| m.modified())
                .unwrap_or_else(|_| SystemTime::now());
            let mut bundle = stix::bundle::Bundle::default();
            bundle.add(doc, catalog, mentions, published);
            let mut s = serde_json::to_string_pretty(&bundle.finish()).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Brat => brat::ann(doc, catalog, mentions),
        Format::Html => html::page(doc, mentions, catalog),
        Format::Jsonl | Format::Json | Format::Tsv => {
            let mut out = Vec::new();
            // Writing to a Vec cannot fail.
            if let Ok(mut p) = Printer::new(&mut out, format) {
                let _ = p.document(doc, catalog, matcher);
                let _ = p.finish();
            }
            String::from_utf8_lossy(&out).into_owned()
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
