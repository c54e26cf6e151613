//! The explorer's `E` export: one article in one of four formats, written
//! to a file atomically and never over an existing file unless asked.
//!
//! The content comes from the same code as the command line (`aka mentions
//! --format jsonl|stix|brat`, `aka export --html`), so a file exported from
//! the explorer equals what the command prints. The write goes to a
//! temporary file in the destination's folder, which then takes the final
//! name: a reader never sees half a file, and a failed write leaves no
//! temporary file behind. Without `overwrite`, the final step is a hard
//! link, which fails if the name exists, so even a file created meanwhile is
//! not replaced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

use crate::export::html;
use crate::model::{Catalog, Document, Matcher, Mention};
use crate::report::{Format, Printer, brat, stix};

/// A format the explorer exports an article in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Mentions as JSON Lines (`aka mentions` default).
    Jsonl,
    /// A STIX 2.1 bundle.
    Stix,
    /// brat standoff annotations.
    Brat,
    /// A self-contained HTML page.
    Html,
}

impl ExportFormat {
    /// Every format, in the menu's order.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Jsonl,
        ExportFormat::Stix,
        ExportFormat::Brat,
        ExportFormat::Html,
    ];

    /// The format's name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "Mentions (JSON Lines)",
            ExportFormat::Stix => "STIX 2.1 bundle",
            ExportFormat::Brat => "brat annotations (.ann)",
            ExportFormat::Html => "HTML page",
        }
    }

    /// What the default file name ends with.
    pub fn suffix(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => ".aka.jsonl",
            ExportFormat::Stix => ".stix.json",
            ExportFormat::Brat => ".ann",
            ExportFormat::Html => ".html",
        }
    }
}

/// The default destination for an article named `name`: next to it when
/// the name is a file on disk (`notes/story.txt` → `notes/story.stix.json`),
/// else in the current folder (standard input → `stdin.stix.json`, the
/// bundled sample → `election-2016.stix.json`).
pub fn default_path(name: &str, format: ExportFormat) -> PathBuf {
    let path = Path::new(name);
    let on_disk = name != "-" && path.is_file();
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

/// The article `doc` (whose mentions are `mentions`) in `format`.
pub fn render(
    format: ExportFormat,
    doc: &Document,
    catalog: &Catalog,
    matcher: &Matcher,
    mentions: &[Mention],
) -> String {
    match format {
        ExportFormat::Jsonl => {
            let mut out = Vec::new();
            // Writing to a Vec cannot fail.
            if let Ok(mut p) = Printer::new(&mut out, Format::Jsonl) {
                let _ = p.document(doc, catalog, matcher);
            }
            String::from_utf8_lossy(&out).into_owned()
        }
        ExportFormat::Stix => {
            let published = fs::metadata(&doc.name)
                .and_then(|m| m.modified())
                .unwrap_or_else(|_| SystemTime::now());
            let mut bundle = stix::Bundle::default();
            bundle.add(doc, catalog, mentions, published);
            let mut s = serde_json::to_string_pretty(&bundle.finish()).unwrap_or_default();
            s.push('\n');
            s
        }
        ExportFormat::Brat => brat::ann(doc, catalog, mentions),
        ExportFormat::Html => html::page(doc, mentions, catalog),
    }
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and `overwrite` was not given.
    Exists,
    /// The file system refused: no such folder, no permission, disk full…
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => f.write_str("the file exists"),
            WriteError::Io(e) => match e.kind() {
                io::ErrorKind::NotFound => f.write_str("no such folder"),
                io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                io::ErrorKind::IsADirectory => f.write_str("that is a folder"),
                _ => write!(f, "{e}"),
            },
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `bytes` to `path` atomically: into a temporary file of the same
/// folder, then under its name. An existing file is replaced only with
/// `overwrite`; otherwise it is left as it was and [`WriteError::Exists`]
/// returned. No temporary file remains, whatever happens.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    if path.is_dir() {
        return Err(WriteError::Io(io::Error::from(io::ErrorKind::IsADirectory)));
    }
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, mut file) = temp_file(&dir, path).map_err(WriteError::Io)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(WriteError::Io)
        .and_then(|()| {
            drop(file);
            finish(&tmp, path, overwrite)
        });
    // After a rename the temporary name is gone; after a link or a failure
    // it is still there.
    let _ = fs::remove_file(&tmp);
    result
}

/// Gives the written temporary file its final name.
fn finish(tmp: &Path, path: &Path, overwrite: bool) -> Result<(), WriteError> {
    if overwrite {
        return fs::rename(tmp, path).map_err(WriteError::Io);
    }
    match fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Exists),
        // A file system without hard links: the check above is all we have.
        Err(_) if fs::symlink_metadata(path).is_err() => {
            fs::rename(tmp, path).map_err(WriteError::Io)
        }
        Err(_) => Err(WriteError::Exists),
    }
}

/// Creates a new, uniquely named temporary file in `dir` for `path`.
fn temp_file(dir: &Path, path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.aka-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A fresh, empty folder under the system's temporary folder.
    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aka-write-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_a_new_file_and_leaves_no_temporary() {
        let dir = scratch("new");
        let path = dir.join("a.ann");
        write_atomic(&path, b"T1\tx\n", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"T1\tx\n");
        assert_eq!(entries(&dir), ["a.ann"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_existing_file_is_untouched_without_overwrite() {
        let dir = scratch("exists");
        let path = dir.join("a.ann");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, b"new", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(&dir), ["a.ann"]);
        write_atomic(&path, b"new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(&dir), ["a.ann"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = scratch("missing");
        let err = write_atomic(&dir.join("no/such/a.ann"), b"x", false).unwrap_err();
        assert_eq!(err.to_string(), "no such folder");
        let err = write_atomic(&dir, b"x", true).unwrap_err();
        assert_eq!(err.to_string(), "that is a folder");
        assert!(entries(&dir).is_empty());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn default_paths_sit_next_to_the_article_or_here() {
        let dir = scratch("default");
        let story = dir.join("story.txt");
        fs::write(&story, "x").unwrap();
        let name = story.to_str().unwrap();
        assert_eq!(
            default_path(name, ExportFormat::Jsonl),
            dir.join("story.aka.jsonl")
        );
        assert_eq!(
            default_path(name, ExportFormat::Stix),
            dir.join("story.stix.json")
        );
        assert_eq!(
            default_path(name, ExportFormat::Brat),
            dir.join("story.ann")
        );
        assert_eq!(
            default_path(name, ExportFormat::Html),
            dir.join("story.html")
        );
        assert_eq!(
            default_path("-", ExportFormat::Stix),
            PathBuf::from("stdin.stix.json")
        );
        assert_eq!(
            default_path("sample: election-2016.txt", ExportFormat::Brat),
            PathBuf::from("election-2016.ann")
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
