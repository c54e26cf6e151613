//! `aka export`: one article in one of [`Format::EXPORT`] on standard
//! output — by default (and with `--html`) a self-contained HTML page for
//! handouts and slides ([`crate::formats::html`]). Without a path, the
//! bundled sample, as `aka` alone opens it.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;

use super::{CatalogArgs, finish_output, format_parser, read_input, report_error};
use crate::formats::{self, Format};
use crate::model::{Matcher, input};

/// Examples shown by `aka export --help`.
pub const EXAMPLES: &str = "\
Examples:
  aka export --html seeds/election-2016.txt > election.html
  aka export --html > sample.html          the bundled sample article
  aka export --format stix a.txt > a.stix.json
  cat a.txt | aka export --html - > a.html";

/// Arguments of `aka export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write an HTML page: no external assets, light and dark, printable
    /// (the default format).
    #[arg(long, conflicts_with = "format")]
    pub html: bool,
    /// The format of the one article exported.
    #[arg(long, value_parser = format_parser(&Format::EXPORT))]
    pub format: Option<Format>,
    /// The article: a file, or - for stdin. Without it, the bundled
    /// sample article.
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
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
    let doc = match &args.path {
        None => input::sample(),
        Some(path) => {
            let inputs = match input::resolve(std::slice::from_ref(path)) {
                Ok(i) => i,
                Err(e) => {
                    report_error(e);
                    return ExitCode::from(1);
                }
            };
            let [input] = inputs.as_slice() else {
                report_error(format_args!(
                    "{path}: export takes one article, and this names {} (give one file)",
                    inputs.len()
                ));
                return ExitCode::from(1);
            };
            match read_input(input) {
                Ok(doc) => doc,
                Err(e) => {
                    report_error(e);
                    return ExitCode::from(1);
                }
            }
        }
    };
    let mentions = Matcher::new(&catalog).find_all_in(doc.text(), &doc.name);
    let format = args.format.unwrap_or(Format::Html);
    // Written as it is rendered: the output is never whole in memory.
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = formats::render_to(&mut out, format, &doc, &catalog, &mentions)
        .and_then(|()| out.flush())
        .map(|()| ExitCode::SUCCESS);
    // A failed write has been said (or is a closed pipe): what is left in
    // the buffer goes with it.
    drop(out.into_parts());
    finish_output(written)
}
