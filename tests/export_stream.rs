//! The article exports, byte for byte: every format `formats::render_to`
//! writes, for the sample and every text fixture, against snapshots taken
//! when each format was still built as one `String` (before the exports
//! streamed). A streamed export must write exactly what the whole-string
//! one did; only STIX timestamps, which come from the files' modification
//! times, are blanked.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt::Write as _;
use std::path::Path;

use aka::cli::CatalogArgs;
use aka::explore::{SAMPLE, SAMPLE_NAME};
use aka::formats::{self, Format};
use aka::model::{Catalog, Document, Matcher};

/// Every format `render_to` knows.
const FORMATS: [Format; 6] = [
    Format::Jsonl,
    Format::Json,
    Format::Tsv,
    Format::Stix,
    Format::Brat,
    Format::Html,
];

/// The sample, then the text fixtures in name order, named as `aka export`
/// run from the package's folder names them.
fn articles() -> Vec<Document> {
    let mut docs = vec![Document::from_text(SAMPLE_NAME, SAMPLE)];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["tests/fixtures/packs/news", "tests/fixtures/sources"] {
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                Path::new(n)
                    .extension()
                    .is_some_and(|e| e == "txt" || e == "md")
            })
            .collect();
        names.sort();
        for name in names {
            let path = format!("{dir}/{name}");
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            docs.push(Document::from_text(path, text));
        }
    }
    docs
}

/// The catalogs `aka export` loads by default: the bundled one and every
/// pack (no user catalog).
fn catalog() -> Catalog {
    CatalogArgs::default().load().unwrap()
}

/// `s` with every STIX timestamp (`2016-12-31T23:59:59.999Z`) blanked.
fn blank_times(s: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd.dddZ";
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let fits = b.len() - i >= SHAPE.len()
            && SHAPE.iter().zip(&b[i..]).all(|(&want, &c)| match want {
                b'd' => c.is_ascii_digit(),
                _ => c == want,
            });
        if fits {
            out.push_str("<time>");
            i += SHAPE.len();
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Every article in `format`, one after the other under its name.
fn all_in(format: Format, catalog: &Catalog, matcher: &Matcher) -> String {
    let mut all = String::new();
    for doc in articles() {
        let mentions = matcher.find_all_in(doc.text(), &doc.name);
        let mut out = Vec::new();
        formats::render_to(&mut out, format, &doc, catalog, &mentions).unwrap();
        let out = String::from_utf8(out).unwrap();
        let out = if format == Format::Stix {
            blank_times(&out)
        } else {
            out
        };
        let _ = write!(all, "=== {} ===\n{out}", doc.name);
    }
    all
}

#[test]
fn every_format_writes_what_it_wrote_as_one_string() {
    let catalog = catalog();
    let matcher = Matcher::new(&catalog);
    for format in FORMATS {
        insta::assert_snapshot!(format.name(), all_in(format, &catalog, &matcher));
    }
}

#[test]
fn timestamps_are_blanked_and_nothing_else() {
    assert_eq!(
        blank_times("\"created\": \"2016-12-31T23:59:59.999Z\", é 2016-12-31"),
        "\"created\": \"<time>\", é 2016-12-31"
    );
}

/// A scratch folder holding `big.txt`: the sample, repeated to about
/// 400 KB, whose export is larger than a pipe holds.
fn big_article() -> (tempfile::TempDir, std::path::PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("big.txt");
    let mut text = String::new();
    for i in 0..200 {
        let _ = write!(text, "Part {i}.\n\n{SAMPLE}\n\n");
    }
    std::fs::write(&path, text).unwrap();
    (scratch, path)
}

#[test]
fn aka_export_into_a_closed_pipe_stops_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let (_scratch, path) = big_article();
    for format in ["html", "jsonl", "brat"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
            .args(["export", "--no-user-catalog", "--format", format])
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A reader that wants the first few bytes only (`| head -c 16`).
        let mut first = [0; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn aka_export_onto_a_full_disk_says_so_in_one_line() {
    use std::process::{Command, Stdio};
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let (_scratch, path) = big_article();
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["export", "--no-user-catalog", "--html"])
        .arg(&path)
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("aka: cannot write output: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
