//! `aka sources`: the sources each article cites, in one of
//! [`Format::SOURCES`] (docs/output.md).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use super::{CatalogArgs, SourcesArgs, finish_output, read_input, report_error, row_format};
use crate::formats::records::print_sources;
use crate::formats::{Format, tsv};
use crate::model::{Matcher, input};

/// Runs `aka sources`.
pub fn run(args: &SourcesArgs, catalogs: &CatalogArgs) -> ExitCode {
    let (catalog, inputs) = match catalogs.load().map_err(|e| e.to_string()).and_then(|c| {
        input::resolve(&args.paths)
            .map(|i| (c, i))
            .map_err(|e| e.to_string())
    }) {
        Ok(loaded) => loaded,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let matcher = Matcher::new(&catalog);
    let format = row_format(args.format);
    let mut out = BufWriter::new(io::stdout().lock());
    let result = (|| -> io::Result<ExitCode> {
        if format == Format::Tsv {
            out.write_all(tsv::SOURCES_HEADER.as_bytes())?;
        }
        for input in &inputs {
            match read_input(input) {
                Ok(doc) => {
                    print_sources(&mut out, &doc, &catalog, &matcher, format)?;
                }
                Err(e) => {
                    out.flush()?;
                    report_error(e);
                    return Ok(ExitCode::from(1));
                }
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    })();
    finish_output(result)
}
