//! aka: who is who in an article.
//!
//! - [`model`]: catalogs, the mention finder, documents (no terminal code).
//! - [`archive`]: the persistent index of a corpus (`aka index`, `aka
//!   query`), behind a storage trait (no terminal code).
//! - [`formats`]: every format in and out (catalogs, mentions, sources,
//!   STIX, brat, HTML) and the one [`formats::Format`] type.
//! - [`cli`]: the command line and the non-interactive commands.
//! - The explorer (`aka [PATH…]`): [`explore`] is its entry point and event
//!   loop; [`app`] its state and pure `update`; [`action`] the actions;
//!   [`keymap`] the one key table; [`ui`] the view; [`theme`] the styles;
//!   [`wrap`] the display-line layout; [`scroll`] the scrolling maths;
//!   [`tui`] the terminal's lifecycle; [`layout`] the screen's geometry,
//!   which the state and the view share.
//!
//! An item is `pub` when the binary, the tests, the benchmarks or the pack
//! converter (`examples/packs/`) use it, or when it is part of a public
//! type's interface; everything else is `pub(crate)`, so that the compiler
//! reports what nothing uses. The layers and where a change goes are in
//! ARCHITECTURE.md.
//!
//! The model finds mentions without any terminal:
//!
//! ```
//! use aka::model::{Catalog, Matcher};
//!
//! let catalog = Catalog::bundled();
//! let matcher = Matcher::new(&catalog);
//! let text = "Fancy Bear’s tools hit the DNC-related servers.";
//! let found: Vec<(&str, &str)> = matcher
//!     .find_iter(text)
//!     .map(|m| (catalog.actor(m.actor()).id.as_str(), &text[m.range()]))
//!     .collect();
//! assert_eq!(found, [("apt28", "Fancy Bear"), ("dnc", "DNC")]);
//! ```

pub mod archive;
pub mod cli;
pub mod formats;
pub mod model;

pub mod action;
pub mod app;
pub mod explore;
pub mod keymap;
pub mod layout;
pub mod scroll;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod wrap;
