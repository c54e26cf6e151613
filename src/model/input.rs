//! Turning the paths a user names into the articles to read.
//!
//! A path is a file, a folder (every `*.txt` and `*.md` below it, sorted) or
//! `-` for standard input. Everything is resolved before anything is read, so
//! a bad path fails before output starts or the terminal is touched.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::catalog::io_reason;
use super::document::{Document, InvalidUtf8};
use super::matcher::MAX_TEXT_LEN;

/// The sample article, compiled in so that `aka` (and `aka export`) work
/// from any folder without a path.
pub const SAMPLE: &str = include_str!("../../seeds/election-2016.txt");

/// The name the sample goes by.
pub const SAMPLE_NAME: &str = "sample: election-2016.txt";

/// The sample article as a document.
pub fn sample() -> Document {
    Document::from_text(SAMPLE_NAME, SAMPLE)
}

/// One article to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk, with the name to show for it.
    File {
        /// The name as docs/output.md (Paths) gives it: the argument, or folder joined with the
        /// path below it.
        name: String,
        /// Where to read it.
        path: PathBuf,
    },
    /// Standard input, shown as `-`.
    Stdin,
}

impl Input {
    /// The name shown for this input.
    pub fn name(&self) -> &str {
        match self {
            Input::File { name, .. } => name,
            Input::Stdin => "-",
        }
    }

    /// Reads and decodes the article.
    pub fn read(&self) -> Result<(Document, Option<InvalidUtf8>), InputError> {
        let bytes = match self {
            Input::File { path, .. } => std::fs::read(path),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
            }
        }
        .map_err(|e| InputError::new(self.name(), self.reason(&e)))?;
        let (doc, bad) = Document::from_bytes(self.name(), bytes);
        within_limit(self.name(), doc.text().len())?;
        Ok((doc, bad))
    }
}

/// Refuses a text of `len` bytes when it is longer than the finder reads
/// ([`MAX_TEXT_LEN`], 4 GiB).
pub fn within_limit(name: &str, len: usize) -> Result<(), InputError> {
    if len > MAX_TEXT_LEN {
        return Err(InputError::new(
            name,
            format!(
                "{len} bytes of text: aka reads articles of at most 4 GiB ({MAX_TEXT_LEN} bytes)"
            ),
        ));
    }
    Ok(())
}

impl Input {
    /// Why reading failed, in words: a dangling symbolic link is said to
    /// be one, not a missing file (its name is listed in its folder).
    fn reason(&self, e: &std::io::Error) -> String {
        if let Input::File { path, .. } = self
            && e.kind() == std::io::ErrorKind::NotFound
            && let Ok(target) = std::fs::read_link(path)
        {
            return format!(
                "a symbolic link to {}, which does not exist",
                target.display()
            );
        }
        io_reason(e)
    }
}

/// A path that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct InputError {
    /// The path as the user gave it.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

impl InputError {
    fn new(path: &str, reason: impl Into<String>) -> Self {
        InputError {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

/// Whether a file name is an article (`*.txt` or `*.md`, any case).
pub fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Resolves command-line paths into inputs, in argument order.
pub fn resolve(paths: &[String]) -> Result<Vec<Input>, InputError> {
    let mut inputs = Vec::new();
    for arg in paths {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        let meta = std::fs::metadata(path).map_err(|e| InputError::new(arg, io_reason(&e)))?;
        if meta.is_dir() {
            let found = articles_below(path)?;
            if found.is_empty() {
                return Err(InputError::new(
                    arg,
                    "folder holds no articles (aka reads *.txt and *.md files below it)",
                ));
            }
            inputs.extend(found.into_iter().map(|p| Input::File {
                name: p.display().to_string(),
                path: p,
            }));
        } else {
            inputs.push(Input::File {
                name: arg.clone(),
                path: path.to_path_buf(),
            });
        }
    }
    Ok(inputs)
}

/// The article files below `dir`, sorted (none is no error here).
pub fn articles_below(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let mut found = Vec::new();
    each_article_below(dir, &mut |p| found.push(p))?;
    found.sort();
    Ok(found)
}

/// Hands each article file below `dir` to `f`, in no particular order,
/// holding none of them (a million files cost no memory here).
pub fn each_article_below(dir: &Path, f: &mut impl FnMut(PathBuf)) -> Result<(), InputError> {
    walk(dir, f).map_err(|(p, e)| InputError::new(&p, io_reason(&e)))
}

/// Hands article files below `dir` to `out`. Symbolic links to folders
/// are not followed, so a link cycle cannot loop. A link named like an
/// article that leads nowhere (dangling, or looping) is handed over all
/// the same, so that reading it fails and says why, as an unreadable file
/// does.
fn walk(dir: &Path, out: &mut impl FnMut(PathBuf)) -> Result<(), (String, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.display().to_string(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.display().to_string(), e))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| (path.display().to_string(), e))?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if is_article(&path)
            && (file_type.is_file() || (file_type.is_symlink() && !path.is_dir()))
        {
            out(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_the_finder_reads_is_refused_by_name() {
        assert!(within_limit("a.txt", MAX_TEXT_LEN).is_ok());
        let e = within_limit("a.txt", MAX_TEXT_LEN + 1).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some(format!(
                "a.txt: {} bytes of text: aka reads articles of at most 4 GiB ({MAX_TEXT_LEN} bytes)",
                MAX_TEXT_LEN + 1
            ))
        );
    }

    #[test]
    fn folders_are_walked_sorted_and_filtered() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["b.txt", "a.md", "c.json", "sub/z.TXT"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let arg = dir.display().to_string();
        let names: Vec<String> = resolve(std::slice::from_ref(&arg))
            .unwrap()
            .iter()
            .map(|i| i.name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                format!("{arg}/a.md"),
                format!("{arg}/b.txt"),
                format!("{arg}/sub/z.TXT")
            ]
        );
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        let err = resolve(&[format!("{arg}/empty")]).unwrap_err();
        assert!(err.reason.contains("no articles"));
        let err = resolve(&[format!("{arg}/missing.txt")]).unwrap_err();
        assert_eq!(err.reason, "no such file or directory");
    }
}
