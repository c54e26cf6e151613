//! aka: who is who in an article.
//!
//! - [`model`]: catalogs, the mention finder, documents (no terminal code).
//! - [`report`]: `aka mentions` output formats.
//! - [`cli`]: the command line and the non-interactive commands.

pub mod cli;
pub mod model;
pub mod report;
