//! The command line (SPEC section 1) and the commands that need no terminal.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::model::{Catalog, CatalogError, CatalogSource, Input, Matcher, input};
use crate::report::{Format, Printer, SOURCES_TSV_HEADER, SourcesFormat, print_sources};

const EXAMPLES: &str = "\
Examples:
  aka                                   explore the bundled sample article
  aka report.txt notes/                 explore files and every *.txt/*.md below a folder
  aka mentions --format jsonl seeds/    print every mention as JSON Lines
  cat a.txt | aka mentions -            read an article from standard input
  aka mentions --catalog mine.json a.md add your own actors to the bundled ones
  aka catalog check mine.json           validate a catalog file";

const MENTIONS_EXAMPLES: &str = "\
Examples:
  aka mentions seeds/election-2016.txt
  aka mentions --format jsonl notes/ > mentions.jsonl
  aka mentions --format tsv --no-default-catalog --catalog mine.json a.txt
  curl -s https://example.org/a.txt | aka mentions -";

/// aka: who is who in an article — actors and every alias they hide behind.
#[derive(Debug, Parser)]
#[command(name = "aka", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; with none, open the explorer.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Catalog options.
    #[command(flatten)]
    pub catalogs: CatalogArgs,
    /// Files, folders (every *.txt and *.md below, sorted) or - for stdin.
    /// With none, the bundled sample article.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
}

/// Which catalogs to load.
#[derive(Debug, Clone, Default, Args)]
pub struct CatalogArgs {
    /// Add a catalog file to the bundled one (repeatable; later files win).
    #[arg(long = "catalog", value_name = "FILE", global = true)]
    pub catalog: Vec<PathBuf>,
    /// Leave the bundled catalog out.
    #[arg(long, global = true)]
    pub no_default_catalog: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every mention in the articles, without the explorer.
    #[command(after_help = MENTIONS_EXAMPLES)]
    Mentions(MentionsArgs),
    /// Print the sources each article cites (who says what), without the explorer.
    #[command(after_help = SOURCES_EXAMPLES)]
    Sources(SourcesArgs),
    /// Work with catalog files.
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

const SOURCES_EXAMPLES: &str = "\
Examples:
  aka sources seeds/election-2016.txt
  aka sources --format jsonl notes/ > sources.jsonl";

/// Arguments of `aka sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Output format [default: tsv on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<SourcesFormat>,
    /// Files, folders (every *.txt and *.md below, sorted) or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
}

/// Arguments of `aka mentions`.
#[derive(Debug, Args)]
pub struct MentionsArgs {
    /// Output format [default: tsv on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Files, folders (every *.txt and *.md below, sorted) or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
}

/// `aka catalog …`.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate catalog files as --catalog would load them, in order.
    #[command(after_help = "Example:\n  aka catalog check mine.json more.json")]
    Check {
        /// Catalog files to validate.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

impl CatalogArgs {
    /// The catalog sources to load, in order.
    pub fn sources(&self) -> Result<Vec<CatalogSource>, CatalogError> {
        let mut sources = Vec::new();
        if !self.no_default_catalog {
            sources.push(CatalogSource::bundled());
        }
        for path in &self.catalog {
            sources.push(CatalogSource::read(path)?);
        }
        Ok(sources)
    }

    /// Loads and merges the catalogs.
    pub fn load(&self) -> Result<Catalog, CatalogError> {
        Catalog::load(&self.sources()?)
    }
}

/// Prints an error the way every aka error looks.
pub fn report_error(message: impl std::fmt::Display) {
    eprintln!("aka: {message}");
}

/// Runs `aka mentions`.
pub fn mentions(args: &MentionsArgs, catalogs: &CatalogArgs) -> ExitCode {
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
    let matcher = Matcher::new(&catalog);
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Tsv
    } else {
        Format::Jsonl
    });
    match print_mentions(
        &inputs,
        &catalog,
        &matcher,
        BufWriter::with_capacity(64 * 1024, stdout.lock()),
        format,
    ) {
        Ok(code) => code,
        // `aka mentions … | head` is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
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
        let doc = match input.read() {
            Ok((doc, bad)) => {
                if let Some(bad) = bad {
                    warn_invalid_utf8(&doc.name, bad.first_bad);
                }
                doc
            }
            Err(e) => {
                printer.finish()?;
                report_error(e);
                return Ok(ExitCode::from(1));
            }
        };
        printer.document(&doc, catalog, matcher)?;
    }
    printer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `aka sources`.
pub fn sources(args: &SourcesArgs, catalogs: &CatalogArgs) -> ExitCode {
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
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        SourcesFormat::Tsv
    } else {
        SourcesFormat::Jsonl
    });
    let mut out = BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<ExitCode> {
        if format == SourcesFormat::Tsv {
            out.write_all(SOURCES_TSV_HEADER.as_bytes())?;
        }
        for input in &inputs {
            match input.read() {
                Ok((doc, bad)) => {
                    if let Some(bad) = bad {
                        warn_invalid_utf8(&doc.name, bad.first_bad);
                    }
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
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Warns that a file was read lossily.
pub fn warn_invalid_utf8(name: &str, first_bad: usize) {
    eprintln!(
        "aka: warning: {name}: invalid UTF-8 at byte {first_bad}; \
         read with U+FFFD in place of bad bytes (offsets still count the file's bytes)"
    );
}

/// Runs `aka catalog check`.
pub fn catalog_check(files: &[PathBuf], catalogs: &CatalogArgs) -> ExitCode {
    let base = CatalogArgs {
        catalog: Vec::new(),
        no_default_catalog: catalogs.no_default_catalog,
    };
    let mut sources = match base.sources() {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let mut failed = false;
    for path in files {
        let result = CatalogSource::read(path).and_then(|source| {
            sources.push(source);
            let loaded = Catalog::load(&sources);
            if loaded.is_err() {
                sources.pop();
            }
            loaded
        });
        match result {
            Ok(catalog) => {
                println!(
                    "{}: ok ({} actors, {} aliases in all)",
                    path.display(),
                    catalog.len(),
                    catalog.alias_count()
                );
            }
            Err(e) => {
                report_error(e);
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
