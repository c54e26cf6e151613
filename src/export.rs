//! `aka export --html PATH`: the article as a self-contained HTML page on
//! standard output, for handouts and slides. The page itself is
//! [`html::page`], which knows no terminal; this module reads the input,
//! finds the mentions and writes the page.
//!
//! - [`html`]: the page.
//! - [`write`](mod@write): the explorer's `E`: an article in a chosen format, written
//!   atomically.

pub mod html;
pub mod write;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Args;

use crate::cli::{CatalogArgs, read_input, report_error};
use crate::model::{Matcher, input};

/// Examples shown by `aka export --help`.
pub const EXAMPLES: &str = "\
Examples:
  aka export --html seeds/election-2016.txt > election.html
  cat a.txt | aka export --html - > a.html";

/// Arguments of `aka export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write an HTML page: no external assets, light and dark, printable.
    #[arg(long, required = true)]
    pub html: bool,
    /// The article: a file, or - for stdin.
    #[arg(value_name = "PATH")]
    pub path: String,
}

/// Runs `aka export`.
pub fn run(args: &ExportArgs, catalogs: &CatalogArgs) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let inputs = match input::resolve(std::slice::from_ref(&args.path)) {
        Ok(i) => i,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let [input] = inputs.as_slice() else {
        report_error(format_args!(
            "{}: export takes one article, and this names {} (give one file)",
            args.path,
            inputs.len()
        ));
        return ExitCode::from(1);
    };
    let doc = match read_input(input) {
        Ok(doc) => doc,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let mentions = Matcher::new(&catalog).find_all(doc.text());
    let page = html::page(&doc, &mentions, &catalog);
    let mut out = io::stdout().lock();
    match out.write_all(page.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}
