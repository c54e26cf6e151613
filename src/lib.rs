//! aka: who is who in an article.
//!
//! - [`model`]: catalogs, the mention finder, documents (no terminal code).
//! - [`report`]: `aka mentions` output formats.
//! - [`cli`]: the command line and the non-interactive commands.
//! - The explorer (`aka [PATH…]`): [`explore`] is its entry point and event
//!   loop; [`app`] its state and pure `update`; [`action`] the actions;
//!   [`keymap`] the one key table; [`ui`] the view; [`theme`] the styles;
//!   [`wrap`] the display-line layout; [`scroll`] the scrolling maths;
//!   [`tui`] the terminal's lifecycle.

pub mod cli;
pub mod model;
pub mod report;

pub mod action;
pub mod app;
pub mod explore;
pub mod keymap;
pub mod scroll;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod wrap;
