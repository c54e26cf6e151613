//! The archive: a persistent index of a corpus's articles, their mentions,
//! attributions and words, so that a million articles are asked about
//! without being read again (docs/archive.md). No terminal code: the
//! command line (`aka index`, `aka query`) is in [`crate::cli`].
//!
//! - [`store`]: the [`store::Store`] trait every backend implements, and
//!   the plain rows that cross it.
//! - [`sqlite`]: the embedded backend, one SQLite file.
//! - [`pg`]: the shared backend, a PostgreSQL database.
//! - [`pack`]: the packed form of an article's mentions, and [`keys`] the
//!   integer keys it refers to.
//! - [`index`]: building and updating an index on every core.

pub mod index;
pub mod keys;
pub mod pack;
pub mod pg;
pub mod shelf;
pub mod sqlite;
pub mod store;

use std::fmt;
use std::path::{Path, PathBuf};

use store::{Store, StoreError};

/// Where an index is, as `--db TARGET` names it: a PostgreSQL database
/// (`postgres://…` or `postgresql://…`) or a SQLite file (anything else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file.
    File(PathBuf),
    /// A PostgreSQL connection URL.
    Server(String),
}

impl Target {
    /// What `--db TARGET` names.
    pub fn parse(arg: &Path) -> Target {
        match arg.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Target::Server(url.to_string())
            }
            _ => Target::File(arg.to_path_buf()),
        }
    }

    /// Opens the index, creating it (and its tables) if needed, or anew
    /// when it has an older schema.
    pub fn open(&self) -> Result<Box<dyn Store>, StoreError> {
        Ok(match self {
            Target::File(path) => Box::new(sqlite::SqliteStore::open(path)?),
            Target::Server(url) => Box::new(pg::PostgresStore::open(url)?),
        })
    }

    /// Opens an index that must exist already: a SQLite file that is not
    /// an index is refused. (A database on a server is made an index
    /// when opened: it holds nothing until `aka index` writes to it.) An
    /// index of an older schema is refused, with a word to run `aka index`
    /// (which [`Target::open`] makes it anew for).
    pub fn open_existing(&self) -> Result<Box<dyn Store>, StoreError> {
        Ok(match self {
            Target::File(path) => Box::new(sqlite::SqliteStore::open_existing(path)?),
            Target::Server(url) => Box::new(pg::PostgresStore::open_existing(url)?),
        })
    }
}

impl Target {
    /// [`Target::open_existing`], for a reader that lives long (the
    /// explorer): a SQLite file is read without a mapping and through a
    /// small cache ([`sqlite::SqliteStore::lean`]).
    pub fn open_lean(&self) -> Result<Box<dyn Store>, StoreError> {
        Ok(match self {
            Target::File(path) => Box::new(sqlite::SqliteStore::open_existing(path)?.lean()?),
            Target::Server(_) => self.open_existing()?,
        })
    }
}

/// The file, or the URL without its password.
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::File(path) => write!(f, "{}", path.display()),
            Target::Server(url) => f.write_str(&without_password(url)),
        }
    }
}

/// A connection URL with its password, if any, replaced by `***`, for
/// messages: `postgres://ann:secret@db/aka` → `postgres://ann:***@db/aka`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_server_by_its_scheme_and_its_password_is_never_shown() {
        let t = Target::parse(Path::new("postgres://ann:s3cr@t@db.example:5432/aka?x=1"));
        assert_eq!(
            t,
            Target::Server("postgres://ann:s3cr@t@db.example:5432/aka?x=1".into())
        );
        assert_eq!(t.to_string(), "postgres://ann:***@db.example:5432/aka?x=1");
        let t = Target::parse(Path::new("postgresql://aka@127.0.0.1/aka_test"));
        assert_eq!(t.to_string(), "postgresql://aka@127.0.0.1/aka_test");
        assert_eq!(
            Target::parse(Path::new("notes/index.sqlite")),
            Target::File("notes/index.sqlite".into())
        );
        assert_eq!(
            Target::parse(Path::new("postgres.sqlite")),
            Target::File("postgres.sqlite".into())
        );
    }
}
