//! `aka mentions`: every mention of every article, in one of
//! [`Format::MENTIONS`] (docs/output.md).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use super::{CatalogArgs, MentionsArgs, finish_output, read_input, report_error, row_format};
use crate::formats::Format;
use crate::formats::records::Printer;
use crate::model::{Catalog, Input, Matcher, input};

/// Runs `aka mentions`.
pub fn run(args: &MentionsArgs, catalogs: &CatalogArgs) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let inputs = match input::resolve(&args.paths) {
        Ok(i) => i,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    if args.format == Some(Format::Brat) && inputs.len() != 1 {
        report_error(format_args!(
            "--format brat writes the .ann of one article, and {} were given: name one file",
            inputs.len()
        ));
        return ExitCode::from(2);
    }
    let matcher = Matcher::new(&catalog);
    let format = row_format(args.format);
    finish_output(print_mentions(
        &inputs,
        &catalog,
        &matcher,
        BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        format,
    ))
}

fn print_mentions(
    inputs: &[Input],
    catalog: &Catalog,
    matcher: &Matcher,
    out: impl Write,
    format: Format,
) -> io::Result<ExitCode> {
    let mut printer = Printer::new(out, format)?;
    for input in inputs {
        let doc = match read_input(input) {
            Ok(doc) => doc,
            Err(e) => {
                printer.finish()?;
                report_error(e);
                return Ok(ExitCode::from(1));
            }
        };
        let modified = match input {
            Input::File { path, .. } => std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            Input::Stdin => None,
        };
        printer.document_dated(&doc, catalog, matcher, modified)?;
    }
    printer.finish()?;
    Ok(ExitCode::SUCCESS)
}
