//! Files the user owns, written atomically and never over an existing file
//! unless asked (the explorer's `E`).
//!
//! The write goes to a temporary file in the destination's folder
//! ([`tempfile`]), which then takes the final name: a reader never sees half
//! a file, and a failed write leaves no temporary file behind. Without
//! `overwrite`, the final step is a hard link, which fails if the name
//! exists, so even a file created meanwhile is not replaced. A replaced
//! file keeps its permissions, and a symbolic link stays one: the file it
//! leads to is replaced, in its own folder.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::model::Progress;

/// How much a streamed write gathers before it goes to the file.
const BUFFER: usize = 64 * 1024;

/// A temporary file in `dir` that may become `path`: with the permissions
/// of the file it replaces, else those a new file gets (0666 less the
/// umask, not the 0600 of a private temporary file).
fn temp_file(dir: &Path, path: &Path) -> Result<NamedTempFile, WriteError> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".aka-export-");
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| WriteError::Io(without_path(e)))?;
    // Set on the open file, not asked of `open`: the umask would take its
    // bits off (a 0664 file would come back 0644).
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p).map_err(WriteError::Io)?;
    }
    Ok(tmp)
}

/// The error of the system under `tempfile`'s, which adds the temporary
/// file's path: a name the user never gave, not to be shown.
fn without_path(e: io::Error) -> io::Error {
    let os = e
        .get_ref()
        .and_then(std::error::Error::source)
        .and_then(|s| s.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error);
    match os {
        Some(code) => io::Error::from_raw_os_error(code),
        None => e,
    }
}

/// The file a write to `path` replaces: `path` itself, or, when it is a
/// symbolic link, the file it leads to (link after link; a dangling
/// link's target is created), so that the link stays a link and the file
/// it names is what changes.
fn destination(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as Linux follows before it gives up.
    for _ in 0..40 {
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(path);
        }
        let target = fs::read_link(&path)?;
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    Err(rustix::io::Errno::LOOP.into())
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
                io::ErrorKind::NotADirectory => {
                    f.write_str("a part of its path is a file, not a folder")
                }
                io::ErrorKind::ReadOnlyFilesystem => f.write_str("read-only file system"),
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
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    write_atomic_with(path, overwrite, |f| f.write_all(bytes))
}

/// [`write_atomic`] with the content written by `fill`, as it goes: into
/// a buffer of 64 KiB before the temporary file, so that a large export
/// never sits whole in memory. If `fill` fails half-way (the disk is full,
/// the export was cancelled), the destination is left as it was and the
/// temporary file removed.
pub(crate) fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    if path.is_dir() {
        return Err(WriteError::Io(io::Error::from(io::ErrorKind::IsADirectory)));
    }
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists);
    }
    let path = &destination(path).map_err(WriteError::Io)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = temp_file(&dir, path)?;
    let mut out = BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
    let filled = fill(&mut out).and_then(|()| out.flush());
    // What a failed write left in the buffer is dropped, not written.
    drop(out.into_parts());
    filled
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(WriteError::Io)?;
    // A failed persist hands the temporary file back; dropping it removes it.
    let persisted = if overwrite {
        tmp.persist(path).map(drop)
    } else {
        tmp.persist_noclobber(path).map(drop)
    };
    match persisted {
        Ok(()) => Ok(()),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Exists),
        Err(e) => Err(WriteError::Io(e.error)),
    }
}

/// The error a [`Cancellable`] writer returns once its work is cancelled.
/// Its kind is `Other`, not `Interrupted`: the standard library's
/// `write_all` and `BufWriter` retry an interrupted write, forever.
pub fn cancelled() -> io::Error {
    io::Error::other(Cancelled)
}

/// Whether `e` is [`cancelled`]'s error.
pub fn is_cancelled(e: &io::Error) -> bool {
    matches!(e.get_ref(), Some(inner) if inner.is::<Cancelled>())
}

/// The cause inside [`cancelled`]'s error.
#[derive(Debug)]
struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// A writer that fails with [`cancelled`] as soon as `progress` is
/// cancelled, so that a format writing into it stops at its next write
/// (and the atomic write it fills leaves no file).
pub struct Cancellable<'p, W: ?Sized> {
    inner: &'p mut W,
    progress: &'p Progress,
}

impl<'p, W: Write + ?Sized> Cancellable<'p, W> {
    /// Writes to `inner` until `progress` is cancelled.
    pub fn new(inner: &'p mut W, progress: &'p Progress) -> Self {
        Cancellable { inner, progress }
    }
}

impl<W: Write + ?Sized> Write for Cancellable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(cancelled());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A fresh, empty folder, removed when dropped.
    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
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
    fn a_write_that_fails_half_way_leaves_the_old_file_whole() {
        let scratch = scratch();
        let dir = scratch.path();
        let path = dir.join("catalog.json");
        fs::write(&path, b"{\"actors\": []}\n").unwrap();
        let err = write_atomic_with(&path, true, |f| {
            f.write_all(b"{\"actors\": [{\"id\"")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"{\"actors\": []}\n");
        assert_eq!(entries(dir), ["catalog.json"]);
        // And a write that succeeds leaves the new file whole.
        write_atomic_with(&path, true, |f| f.write_all(b"{\"actors\": [1]}\n")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{\"actors\": [1]}\n");
        assert_eq!(entries(dir), ["catalog.json"]);
    }

    #[test]
    fn writes_a_new_file_and_leaves_no_temporary() {
        let scratch = scratch();
        let dir = scratch.path();
        let path = dir.join("a.ann");
        write_atomic(&path, b"T1\tx\n", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"T1\tx\n");
        assert_eq!(entries(dir), ["a.ann"]);
    }

    #[test]
    fn an_existing_file_is_untouched_without_overwrite() {
        let scratch = scratch();
        let dir = scratch.path();
        let path = dir.join("a.ann");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, b"new", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(dir), ["a.ann"]);
        write_atomic(&path, b"new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(dir), ["a.ann"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_not_private_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = scratch();
        let dir = scratch.path();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the umask lets a new file have.
        let probe = dir.join("probe");
        fs::write(&probe, "").unwrap();
        let path = dir.join("a.html");
        write_atomic(&path, b"x", false).unwrap();
        assert_eq!(mode(&path), mode(&probe));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"y", true).unwrap();
        assert_eq!(mode(&path), 0o640);
        assert_eq!(fs::read(&path).unwrap(), b"y");
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let scratch = scratch();
        let dir = scratch.path();
        let err = write_atomic(&dir.join("no/such/a.ann"), b"x", false).unwrap_err();
        assert_eq!(err.to_string(), "no such folder");
        let err = write_atomic(dir, b"x", true).unwrap_err();
        assert_eq!(err.to_string(), "that is a folder");
        assert!(entries(dir).is_empty());
    }
}
