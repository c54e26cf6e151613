//! `aka mentions`: every mention of every article, in one of
//! [`Format::MENTIONS`] (docs/output.md).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use super::{CatalogArgs, MentionsArgs, finish_output, read_input, report_error, row_format};
use crate::formats::Format;
use crate::formats::records::Printer;
use crate::model::discover::Schemes;
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
    let schemes = args.discover.then(Schemes::bundled);
    finish_output(print_mentions(
        &inputs,
        &catalog,
        &matcher,
        BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        format,
        schemes,
    ))
}

fn print_mentions(
    inputs: &[Input],
    catalog: &Catalog,
    matcher: &Matcher,
    out: impl Write,
    format: Format,
    schemes: Option<&Schemes>,
) -> io::Result<ExitCode> {
    let mut printer = Printer::discovering(out, format, schemes)?;
    // With discovery, a first reading learns the names each article
    // introduces, so that every article shows them (standard input is
    // read once and kept).
    let mut stdin_doc = None;
    if schemes.is_some() && inputs.len() > 1 {
        for input in inputs {
            match read_input(input) {
                Ok(doc) => {
                    printer.learn(&doc, catalog, matcher);
                    if matches!(input, Input::Stdin) {
                        stdin_doc = Some(doc);
                    }
                }
                Err(e) => {
                    printer.finish()?;
                    report_error(e);
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    for input in inputs {
        let read = match (input, stdin_doc.take()) {
            (Input::Stdin, Some(doc)) => Ok(doc),
            (_, kept) => {
                stdin_doc = kept;
                read_input(input)
            }
        };
        let doc = match read {
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
