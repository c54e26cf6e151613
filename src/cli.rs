//! The command line (SPEC section 1) and the commands that need no terminal.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::model::{
    Catalog, CatalogError, CatalogSource, Document, Input, InputError, Layer, Matcher, input, packs,
};
use crate::report::{Format, Printer, SOURCES_TSV_HEADER, SourcesFormat, print_sources};

const EXAMPLES: &str = "\
Examples:
  aka                                   explore the bundled sample article
  aka report.txt notes/                 explore files and every *.txt/*.md below a folder
  aka --present                         teaching mode: the sample told one mention at a time
  aka --present --tour lesson.json      teaching mode following a prepared tour
  aka export --html a.txt > a.html      a self-contained HTML page of the article
  aka mentions --format jsonl seeds/    print every mention as JSON Lines
  cat a.txt | aka mentions -            read an article from standard input
  aka mentions --catalog mine.json a.md add your own actors to the bundled ones
  aka mentions --no-packs a.txt         only the bundled catalog, no knowledge packs
  aka catalog packs                     list the knowledge packs
  aka catalog show apt28                an actor with all its aliases and links
  aka catalog check mine.json           validate a catalog file";

const MENTIONS_EXAMPLES: &str = "\
Examples:
  aka mentions seeds/election-2016.txt
  aka mentions --format jsonl notes/ > mentions.jsonl
  aka mentions --format stix notes/ > bundle.json     one STIX 2.1 bundle
  aka mentions --format brat a.txt > a.ann            brat standoff annotations
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
    /// Open in teaching mode: the first article told one mention at a time,
    /// for a projector.
    #[arg(long)]
    pub present: bool,
    /// Teaching mode following a tour file: its order of steps, its
    /// captions (see docs/tour.md). Implies --present.
    #[arg(long, value_name = "FILE")]
    pub tour: Option<PathBuf>,
}

/// Which catalogs to load.
#[derive(Debug, Clone, Default, Args)]
pub struct CatalogArgs {
    /// Add a catalog file to the bundled one (repeatable; later files win).
    #[arg(long = "catalog", value_name = "FILE", global = true)]
    pub catalog: Vec<PathBuf>,
    /// Leave the bundled catalog out, and the knowledge packs unless --pack
    /// names some.
    #[arg(long, global = true)]
    pub no_default_catalog: bool,
    /// Load only this knowledge pack (repeatable; see `aka catalog packs`).
    /// Without it every pack is loaded, beside the bundled catalog.
    #[arg(long = "pack", value_name = "NAME", global = true, value_parser = pack_name)]
    pub pack: Vec<String>,
    /// Load no knowledge pack.
    #[arg(long, global = true, conflicts_with = "pack")]
    pub no_packs: bool,
}

fn pack_name(s: &str) -> Result<String, String> {
    if packs::bundled_names().any(|n| n == s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "no pack named \"{s}\"; the packs are: {}",
            packs::bundled_names().collect::<Vec<_>>().join(", ")
        ))
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the article as a self-contained HTML page, mentions highlighted.
    #[command(after_help = crate::export::EXAMPLES)]
    Export(crate::export::ExportArgs),
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
    /// Validate catalog files (aka JSON, MISP galaxy clusters, STIX 2.1
    /// bundles) as --catalog would load them, in order.
    #[command(after_help = "Example:\n  aka catalog check mine.json more.json")]
    Check {
        /// Catalog files to validate.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// List the knowledge packs with their actor and alias counts.
    Packs,
    /// Print an actor with all its aliases (and where each comes from) and links.
    #[command(after_help = "Example:\n  aka catalog show apt28")]
    Show {
        /// The actor's id.
        #[arg(value_name = "ID")]
        id: String,
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

    /// The knowledge packs to load, in load order.
    pub fn packs(&self) -> Vec<packs::Pack> {
        if self.no_packs || (self.no_default_catalog && self.pack.is_empty()) {
            return Vec::new();
        }
        packs::bundled_names()
            .filter(|n| self.pack.is_empty() || self.pack.iter().any(|p| p == n))
            .filter_map(packs::bundled)
            .collect()
    }

    /// Loads and merges the catalogs: the bundled one, the packs, then the
    /// user's files (whose fields win).
    pub fn load(&self) -> Result<Catalog, CatalogError> {
        let sources = self.sources()?;
        let packs = self.packs();
        let bundled = usize::from(!self.no_default_catalog);
        let mut layers: Vec<Layer<'_>> = sources[..bundled].iter().map(Layer::File).collect();
        layers.extend(packs.iter().map(Layer::Pack));
        layers.extend(sources[bundled..].iter().map(Layer::File));
        Catalog::load_layers(&layers)
    }
}

/// Runs a `catalog` subcommand.
pub fn catalog(command: &CatalogCommand, catalogs: &CatalogArgs) -> ExitCode {
    match command {
        CatalogCommand::Check { files } => catalog_check(files, catalogs),
        CatalogCommand::Packs => catalog_packs(),
        CatalogCommand::Show { id } => catalog_show(id, catalogs),
    }
}

/// Runs `aka catalog packs`.
pub fn catalog_packs() -> ExitCode {
    let mut out = io::stdout().lock();
    let result = (|| -> io::Result<()> {
        writeln!(out, "pack\tactors\taliases\tdropped\tgated\ttools\tsource")?;
        for pack in packs::all_bundled() {
            let count = |action| {
                pack.actors
                    .iter()
                    .flat_map(|a| &a.aliases)
                    .filter(|a| a.noise.is_some_and(|n| n.action == action))
                    .count()
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                pack.pack,
                pack.actors.len(),
                pack.alias_count(),
                count(crate::model::NoiseAction::Dropped),
                count(crate::model::NoiseAction::Gated),
                pack.tools.len(),
                pack.source
            )?;
        }
        out.flush()
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Runs `aka catalog show ID`.
pub fn catalog_show(id: &str, catalogs: &CatalogArgs) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let Some(idx) = catalog.index_of(id) else {
        report_error(format_args!(
            "no actor with id \"{id}\" (ids are listed by `aka mentions --format jsonl`)"
        ));
        return ExitCode::from(1);
    };
    let text = crate::model::explain::describe_actor(&catalog, idx);
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
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
    if args.format == Some(Format::Brat) && inputs.len() != 1 {
        report_error(format_args!(
            "--format brat writes the .ann of one article, and {} were given: name one file",
            inputs.len()
        ));
        return ExitCode::from(2);
    }
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
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Reads an input for a command, warning on stderr when it is not valid
/// UTF-8 (it is then read lossily, SPEC 4).
pub fn read_input(input: &Input) -> Result<Document, InputError> {
    let (doc, bad) = input.read()?;
    if let Some(bad) = bad {
        warn_invalid_utf8(&doc.name, bad.first_bad);
    }
    Ok(doc)
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
    // Checked against the bundled catalog, and the packs only when --pack
    // names them, so that the counts printed are those of the files.
    let base = CatalogArgs {
        catalog: Vec::new(),
        no_default_catalog: catalogs.no_default_catalog,
        pack: catalogs.pack.clone(),
        no_packs: catalogs.pack.is_empty(),
    };
    let packs = base.packs();
    let mut sources = match base.sources() {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let bundled = sources.len();
    let load = |sources: &[CatalogSource]| {
        let mut layers: Vec<Layer<'_>> = sources[..bundled].iter().map(Layer::File).collect();
        layers.extend(packs.iter().map(Layer::Pack));
        layers.extend(sources[bundled..].iter().map(Layer::File));
        Catalog::load_layers(&layers)
    };
    let mut failed = false;
    for path in files {
        let result = CatalogSource::read(path).and_then(|source| {
            sources.push(source);
            let loaded = load(&sources);
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
