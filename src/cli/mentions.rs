//! `aka mentions`: every mention of every article, in one of
//! [`Format::MENTIONS`] (docs/output.md).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::{CatalogArgs, MentionsArgs, finish_output, read_input, report_error, row_format};
use crate::formats::Format;
use crate::formats::records::Printer;
use crate::model::discover::Schemes;
use crate::model::{Catalog, Document, Input, InputError, Matcher, Mention, input};

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
    let format = row_format(args.format);
    let schemes = args.discover.then(Schemes::bundled);
    // One file: it is read while the finder is built, on another core.
    let (matcher, first) = std::thread::scope(|scope| {
        let reader = match inputs.as_slice() {
            [input @ Input::File { .. }] if schemes.is_none() => {
                Some(scope.spawn(|| read_input(input)))
            }
            _ => None,
        };
        let matcher = Matcher::new(&catalog);
        let first = reader.map(|r| {
            r.join().unwrap_or_else(|_| {
                Err(InputError {
                    path: inputs[0].name().to_string(),
                    reason: "the reading stopped".to_string(),
                })
            })
        });
        (matcher, first)
    });
    finish_output(print_mentions(
        &inputs,
        &catalog,
        &matcher,
        BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        format,
        schemes,
        first,
    ))
}

fn print_mentions(
    inputs: &[Input],
    catalog: &Catalog,
    matcher: &Matcher,
    out: impl Write,
    format: Format,
    schemes: Option<&Schemes>,
    first: Option<Result<Document, InputError>>,
) -> io::Result<ExitCode> {
    let mut printer = Printer::discovering(out, format, schemes)?;
    let mut first = first;
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
    if schemes.is_none() && inputs.len() > 1 {
        return print_in_parallel(inputs, catalog, matcher, printer);
    }
    for input in inputs {
        let read = match (input, stdin_doc.take(), first.take()) {
            (_, _, Some(read)) => read,
            (Input::Stdin, Some(doc), None) => Ok(doc),
            (_, kept, None) => {
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
        printer.document_dated(&doc, catalog, matcher, modified(input))?;
    }
    printer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// When `input` was last changed, if it is a file.
fn modified(input: &Input) -> Option<std::time::SystemTime> {
    match input {
        Input::File { path, .. } => std::fs::metadata(path).and_then(|m| m.modified()).ok(),
        Input::Stdin => None,
    }
}

/// What a worker made of one input: the article and its mentions, or why
/// it could not be read.
type Searched = Result<(Document, Vec<Mention>), InputError>;

/// Prints `inputs` in their order, read and searched on every core: each
/// worker takes the next input, and the printer waits for the one whose
/// turn it is. Workers stay at most a few inputs ahead, so that memory
/// holds only those. The first input that cannot be read ends the run, as
/// it does on one core.
fn print_in_parallel<W: Write>(
    inputs: &[Input],
    catalog: &Catalog,
    matcher: &Matcher,
    mut printer: Printer<'_, W>,
) -> io::Result<ExitCode> {
    let workers = crate::model::corpus::default_workers().min(inputs.len());
    let ahead = 2 * workers;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Searched)>();
        let mut threads = Vec::with_capacity(workers);
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, done, stop) = (&next, &done, &stop);
            let worker = scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    while i >= done.load(Ordering::Acquire) + ahead && !stop.load(Ordering::Relaxed)
                    {
                        std::thread::park_timeout(std::time::Duration::from_millis(2));
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let searched = read_input(input).map(|doc| {
                        let mentions = matcher.find_all_in(doc.text(), &doc.name);
                        (doc, mentions)
                    });
                    if tx.send((i, searched)).is_err() {
                        break;
                    }
                }
            });
            threads.push(worker.thread().clone());
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Searched> = BTreeMap::new();
        let result = (|| {
            for (i, input) in inputs.iter().enumerate() {
                let searched = loop {
                    if let Some(s) = waiting.remove(&i) {
                        break s;
                    }
                    match rx.recv() {
                        Ok((j, s)) => {
                            waiting.insert(j, s);
                        }
                        // Only if a worker died: say so rather than wait.
                        Err(_) => {
                            return Err(io::Error::other("a worker stopped before its article"));
                        }
                    }
                };
                match searched {
                    Ok((doc, mentions)) => {
                        printer.document_found(&doc, catalog, &mentions, modified(input))?;
                    }
                    Err(e) => return Ok(Err(e)),
                }
                done.store(i + 1, Ordering::Release);
                // A worker ahead waits for this: on at once, not at the
                // end of its nap (2 ms a small file, 10 s for 20,000).
                for worker in &threads {
                    worker.unpark();
                }
            }
            Ok(Ok(()))
        })();
        stop.store(true, Ordering::Relaxed);
        match result {
            Ok(Ok(())) => {
                printer.finish()?;
                Ok(ExitCode::SUCCESS)
            }
            Ok(Err(e)) => {
                printer.finish()?;
                report_error(e);
                Ok(ExitCode::from(1))
            }
            Err(e) => Err(e),
        }
    })
}
