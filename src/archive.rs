//! The archive: a persistent index of a corpus's articles, their mentions,
//! attributions and words, so that a million articles are asked about
//! without being read again (docs/archive.md). No terminal code: the
//! command line (`aka index`, `aka query`) is in [`crate::cli`].
//!
//! - [`store`]: the [`store::Store`] trait every backend implements, and
//!   the plain rows that cross it.
//! - [`sqlite`]: the embedded backend, one SQLite file.
//! - [`pg`]: the shared backend, a PostgreSQL database.
//! - [`pack`]: the packed form of an article's mentions.
//! - [`index`]: building and updating an index on every core.

pub mod index;
pub mod pack;
pub mod pg;
pub mod sqlite;
pub mod store;
