//! `aka index`: builds or updates the archive index of folders and files
//! (docs/archive.md, Indexing), and where an index lives by default, which
//! `aka query` shares.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use clap::Args;

use super::{CatalogArgs, print_all, report_error, report_warning};
use crate::archive::Target;
use crate::archive::index::{self, Options, Summary};
use crate::archive::store::content_hash;

/// Examples shown by `aka index --help`.
pub const EXAMPLES: &str = "\
Examples:
  aka index notes/                     index notes/ into notes/.aka/index.sqlite
  aka index notes/ --db ~/notes.sqlite an index somewhere else
  aka index a.txt b/ c/                files and folders: the index of their common folder";

/// Arguments of `aka index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (every *.txt and *.md below) and files to index.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The index: a file, or a PostgreSQL database shared by a team
    /// (`postgres://USER@HOST/DB`) [default: DIR/.aka/index.sqlite for the folder DIR
    /// indexed (the common folder of several paths), or under
    /// `$XDG_CACHE_HOME/aka/` when that is not writable].
    #[arg(long, value_name = "TARGET")]
    pub db: Option<PathBuf>,
}

/// The file name of an index inside its folder's `.aka`.
const INDEX_FILE: &str = "index.sqlite";

/// The index of `root` in the cache folder, for a folder aka cannot
/// write into: its name says the folder's name and a hash of its path.
pub(crate) fn cached_target(root: &Path) -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let name = root
        .file_name()
        .map_or_else(|| "root".into(), |n| n.to_string_lossy().into_owned());
    let hash = content_hash(root.as_os_str().as_encoded_bytes());
    Some(cache.join("aka").join(format!("{name}-{hash:016x}.sqlite")))
}

/// The index of `root` inside it: `root/.aka/index.sqlite`.
pub(crate) fn local_target(root: &Path) -> PathBuf {
    root.join(".aka").join(INDEX_FILE)
}

/// The index `--db TARGET` names for reading (`aka query`, the explorer),
/// and the folder its paths are relative to unless one is given: a file's
/// `DIR` when it is `DIR/.aka/index.sqlite`, else the current folder `cwd`
/// (a shared index's paths are relative to the folder indexed, which is
/// wherever each reader keeps their copy). A file that does not exist is
/// refused, with the command that makes it.
pub(crate) fn named_target(db: &Path, cwd: PathBuf) -> Result<(Target, PathBuf), String> {
    let db = match Target::parse(db) {
        server @ Target::Server(_) => return Ok((server, cwd)),
        Target::File(db) => db,
    };
    if !db.exists() {
        return Err(format!(
            "{}: no index there (build one with `aka index DIR --db {}`)",
            db.display(),
            db.display()
        ));
    }
    let root = db
        .parent()
        .filter(|p| p.file_name().is_some_and(|n| n == ".aka"))
        .and_then(Path::parent)
        .map_or(cwd, Path::to_path_buf);
    Ok((Target::File(db), root))
}

/// Whether aka can create files in `dir` (creating it if needed).
fn writable(dir: &Path) -> bool {
    std::fs::create_dir_all(dir).is_ok() && tempfile::tempfile_in(dir).is_ok()
}

/// The folder an index of `paths` is for: the folder itself for one
/// folder, else the deepest folder holding every path. Canonical.
fn root_of(paths: &[PathBuf]) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let mut canon = Vec::with_capacity(paths.len());
    for p in paths {
        let c = std::fs::canonicalize(p)
            .map_err(|e| format!("{}: {}", p.display(), crate::model::catalog::io_reason(&e)))?;
        canon.push(c);
    }
    let folder = |p: &PathBuf| {
        if p.is_dir() {
            p.clone()
        } else {
            p.parent().map_or_else(|| p.clone(), Path::to_path_buf)
        }
    };
    let mut root = folder(&canon[0]);
    for p in &canon[1..] {
        let f = folder(p);
        while !f.starts_with(&root) {
            match root.parent() {
                Some(up) => root = up.to_path_buf(),
                None => break,
            }
        }
    }
    Ok((root, canon))
}

/// Runs `aka index`.
pub fn run(args: &IndexArgs, catalogs: &CatalogArgs) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let (root, paths) = match root_of(&args.paths) {
        Ok(r) => r,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let target = if let Some(db) = &args.db {
        let target = Target::parse(db);
        if let Target::File(file) = &target
            && let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty())
        {
            let _ = std::fs::create_dir_all(parent);
        }
        target
    } else {
        let local = local_target(&root);
        Target::File(match local.parent() {
            Some(dir) if writable(dir) => local,
            _ => match cached_target(&root) {
                Some(cached) if cached.parent().is_some_and(writable) => cached,
                _ => {
                    report_error(format_args!(
                        "{}: cannot write an index there, nor in the cache folder: give --db FILE",
                        local.display()
                    ));
                    return ExitCode::from(1);
                }
            },
        })
    };
    let mut store = match target.open() {
        Ok(s) => s,
        Err(e) => {
            report_error(format_args!("{target}: {e}"));
            return ExitCode::from(1);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl-C once: stop after the batch being written, and say so; twice:
    // stop at once (the index stays valid either way).
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        130,
        Arc::clone(&stop),
    );
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&stop));
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles, {per_sec}, {eta} left",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let warn = |line: String| bar.suspend(|| report_warning(line));
    let options = Options {
        root,
        paths,
        workers: crate::model::corpus::default_workers(),
        progress: &progress,
        warn: &warn,
        stop: &stop,
    };
    let result = index::run(store.as_mut(), &catalog, &options);
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            let interrupted = stop.load(std::sync::atomic::Ordering::Relaxed);
            print_all(summary_line(&summary, &target, interrupted).as_bytes())
        }
        Err(e) => {
            report_error(format_args!("{target}: {e}"));
            ExitCode::from(1)
        }
    }
}

/// The line `aka index` ends with.
fn summary_line(s: &Summary, target: &Target, interrupted: bool) -> String {
    let mut line = format!(
        "{}: {} added, {} changed, {} deleted, {} unchanged",
        crate::formats::terminal::escape(&target.to_string(), &[]),
        s.added,
        s.changed,
        s.deleted,
        s.unchanged
    );
    if s.rematched > 0 {
        let _ = write!(line, ", {} matched again for the new catalog", s.rematched);
    }
    if s.unreadable > 0 {
        let _ = write!(line, ", {} unreadable", s.unreadable);
    }
    let _ = write!(line, " ({:.1} s)", s.seconds);
    if interrupted {
        line.push_str("; interrupted: run it again to finish");
    }
    line.push('\n');
    line
}
