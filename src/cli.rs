//! The command line, at the edge: clap's definitions of `aka`'s arguments
//! (docs/output.md, Command line), the parsing of format names into
//! [`Format`], and one handler per subcommand. Nothing below this module
//! knows clap.
//!
//! - [`mentions`]: `aka mentions`.
//! - [`sources`]: `aka sources`.
//! - [`export`]: `aka export`.
//! - [`index`]: `aka index`.
//! - [`query`]: `aka query`.
//! - [`catalog`]: `aka catalog check|packs|show|export|add|alias|suppress|undo`.
//!
//! The explorer (`aka [PATH…]`) is [`crate::explore`].

pub mod catalog;
pub mod export;
pub mod index;
pub mod mentions;
pub mod query;
pub mod sources;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::formats::catalog_out::CatalogFormat;
use crate::formats::{Format, catalogs, terminal};
use crate::model::{
    Catalog, CatalogError, CatalogSource, Document, Encoding, Input, InputError, packs,
};

const EXAMPLES: &str = "\
Examples:
  aka                                   explore the bundled sample article
  aka report.txt notes/                 explore files and every *.txt/*.md below a folder
  aka --present                         teaching mode: the sample told one mention at a time
  aka --present --tour lesson.json      teaching mode following a prepared tour
  aka index notes/ && aka notes/        index a folder, then explore it from its index
  aka notes/ --db postgres://db/aka     explore a folder from a team's shared index
  aka export --html a.txt > a.html      a self-contained HTML page of the article
  aka mentions --format jsonl seeds/    print every mention as JSON Lines
  cat a.txt | aka mentions -            read an article from standard input
  aka mentions --catalog mine.json a.md add your own actors to the bundled ones
  aka mentions --no-packs a.txt         only the bundled catalog, no knowledge packs
  aka catalog packs                     list the knowledge packs
  aka catalog show apt28                an actor with all its aliases and links
  aka catalog check mine.json           validate a catalog file
  aka catalog export -o all.json        everything aka knows, as one catalog file";

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
    /// Read a folder's files even when it has an archive index (`aka
    /// index`), which is otherwise opened instead (docs/archive.md).
    #[arg(long)]
    pub no_index: bool,
    /// Open the explorer from the archive index at TARGET: a file `aka
    /// index --db` wrote, or a shared postgres://… database; its paths are
    /// read below the PATH given (one folder), else below the current
    /// folder (or the folder whose .aka holds the file).
    #[arg(
        long,
        value_name = "TARGET",
        conflicts_with_all = ["no_index", "present", "tour"]
    )]
    pub db: Option<PathBuf>,
}

/// Which catalogs to load.
// Command-line switches are booleans by nature.
#[allow(clippy::struct_excessive_bools)]
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
    /// The user catalog: what you taught aka.
    #[arg(
        long,
        value_name = "FILE",
        global = true,
        help = "The user catalog: what you taught aka, loaded last and changed by \
                `aka catalog add|alias|suppress|undo` [default: \
                $XDG_CONFIG_HOME/aka/catalog.json, else ~/.config/aka/catalog.json]"
    )]
    pub user_catalog: Option<PathBuf>,
    /// Leave the user catalog out.
    #[arg(long, global = true, conflicts_with = "user_catalog")]
    pub no_user_catalog: bool,
    /// Whether the default user catalog applies (true from the command
    /// line; false for a `CatalogArgs::default()` in tests and tools).
    #[arg(skip = true)]
    pub default_user_catalog: bool,
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
    #[command(after_help = export::EXAMPLES)]
    Export(export::ExportArgs),
    /// Print every mention in the articles, without the explorer.
    #[command(after_help = MENTIONS_EXAMPLES)]
    Mentions(MentionsArgs),
    /// Print the sources each article cites (who says what), without the explorer.
    #[command(after_help = SOURCES_EXAMPLES)]
    Sources(SourcesArgs),
    /// Work with catalog files.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Build or update the archive index of folders (docs/archive.md).
    #[command(after_help = index::EXAMPLES)]
    Index(index::IndexArgs),
    /// Ask the archive index: an actor's articles, a source's sentences,
    /// co-mentioned actors, full-text search (docs/archive.md).
    #[command(after_help = query::EXAMPLES)]
    Query(query::QueryArgs),
}

impl Command {
    /// Whether the command writes to standard output: all but `aka catalog
    /// export -o FILE`.
    pub fn writes_stdout(&self) -> bool {
        !matches!(
            self,
            Command::Catalog(CatalogCommand::Export {
                output: Some(_),
                ..
            })
        )
    }
}

const SOURCES_EXAMPLES: &str = "\
Examples:
  aka sources seeds/election-2016.txt
  aka sources --format jsonl notes/ > sources.jsonl";

/// Arguments of `aka sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Output format [default: tsv on a terminal, jsonl otherwise].
    #[arg(long, value_parser = format_parser(&Format::SOURCES))]
    pub format: Option<Format>,
    /// Files, folders (every *.txt and *.md below, sorted) or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
}

/// Arguments of `aka mentions`.
#[derive(Debug, Args)]
pub struct MentionsArgs {
    /// Output format [default: tsv on a terminal, jsonl otherwise].
    #[arg(long, value_parser = format_parser(&Format::MENTIONS))]
    pub format: Option<Format>,
    /// Also print actors no catalog holds, found by vendors' naming schemes
    /// and naming cues ("dubbed X"), with "actor": null.
    #[arg(long)]
    pub discover: bool,
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
    /// Write everything aka knows (the catalogs, the packs and the user
    /// catalog it loads) as one file: aka's catalog format, a MISP galaxy
    /// cluster, a STIX 2.1 bundle, or the bare names.
    #[command(after_help = catalog::EXPORT_EXAMPLES)]
    Export {
        /// Output format [default: aka].
        #[arg(long, value_parser = catalog_format_parser(), conflicts_with = "names")]
        format: Option<CatalogFormat>,
        /// Every alias the finder searches, one a line (--format names).
        #[arg(long)]
        names: bool,
        /// Write FILE (atomically: a temporary file, then renamed) instead
        /// of standard output; an existing FILE only with --force.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the --output FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Add a new actor to the user catalog.
    #[command(
        after_help = "Example:\n  aka catalog add quillcrest --name Quillcrest --kind threat-group --alias QC --country RU"
    )]
    Add {
        /// The new actor's id (a-z, 0-9, '.', '_', '-').
        #[arg(value_name = "ID")]
        id: String,
        /// Its display name.
        #[arg(long)]
        name: String,
        /// What sort of actor it is.
        #[arg(long, value_parser = kind_parser())]
        kind: String,
        /// Another name it goes by (repeatable).
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// Its country, ISO 3166 alpha-2 (RU, CN, KP…).
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        /// A short description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Add an alias to an actor (of any catalog), in the user catalog.
    #[command(after_help = "Example:\n  aka catalog alias apt28 \"Quill Storm\"")]
    Alias {
        /// The actor's id.
        #[arg(value_name = "ID")]
        id: String,
        /// The new alias.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Say that NAME is no mention: everywhere, or in one article.
    #[command(
        after_help = "Examples:\n  aka catalog suppress Cobalt\n  aka catalog suppress Lazarus --article notes/museum.txt"
    )]
    Suppress {
        /// The words that are no mention (compared as the finder compares).
        #[arg(value_name = "NAME")]
        name: String,
        /// Only in this article.
        #[arg(long, value_name = "PATH")]
        article: Option<String>,
    },
    /// Undo the last change to the user catalog.
    Undo,
}

/// The formats of `aka catalog export`, listed with what each is in
/// `--help`.
fn catalog_format_parser() -> impl TypedValueParser<Value = CatalogFormat> {
    PossibleValuesParser::new(
        CatalogFormat::ALL
            .iter()
            .map(|f| PossibleValue::new(f.name()).help(f.help())),
    )
    .map(|name: String| {
        CatalogFormat::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .unwrap_or(CatalogFormat::Aka)
    })
}

/// The kinds a catalog accepts, for `--kind`.
fn kind_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::model::Kind::ALL
            .iter()
            .map(|k| PossibleValue::new(k.as_str())),
    )
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

    /// The user catalog's path, if one applies.
    pub fn user_catalog_path(&self) -> Option<PathBuf> {
        if self.no_user_catalog {
            return None;
        }
        self.user_catalog.clone().or_else(|| {
            self.default_user_catalog
                .then(crate::formats::user::default_path)
                .flatten()
        })
    }

    /// Loads and merges the catalogs: the bundled one, the packs, then the
    /// user's files (whose fields win), each in any format aka reads, then
    /// the user catalog. A user catalog that does not load is said on
    /// standard error and left out: aka runs without it until it is fixed.
    pub fn load(&self) -> Result<Catalog, CatalogError> {
        let (catalog, problem) = self.load_reporting()?;
        if let Some(problem) = problem {
            report_warning(problem);
        }
        Ok(catalog)
    }

    /// [`CatalogArgs::load`], handing back the user catalog's problem
    /// instead of saying it (the explorer shows it on its status bar).
    pub fn load_reporting(&self) -> Result<(Catalog, Option<String>), CatalogError> {
        let sources = self.sources()?;
        let packs = self.packs();
        let bundled = usize::from(!self.no_default_catalog);
        let user = self.user_catalog_path().filter(|p| p.exists());
        if let Some(path) = user {
            let tried = CatalogSource::read(&path).and_then(|source| {
                let mut all = sources.clone();
                all.push(source);
                catalogs::load_with_packs(&all, bundled, &packs)
            });
            match tried {
                Ok(catalog) => return Ok((catalog, None)),
                Err(e) if e.path() == path.display().to_string() => {
                    let catalog = catalogs::load_with_packs(&sources, bundled, &packs)?;
                    return Ok((
                        catalog,
                        Some(format!(
                            "{e} (the user catalog is left out until it is fixed)"
                        )),
                    ));
                }
                Err(e) => return Err(e),
            }
        }
        Ok((catalogs::load_with_packs(&sources, bundled, &packs)?, None))
    }
}

/// Whether a line aka had to say on standard error could not be written
/// (a full disk, a closed pipe): the exit status then says it
/// ([`exit_status`]).
static STDERR_LOST: AtomicBool = AtomicBool::new(false);

/// The exit status of a command that wrote `result` to standard output: a
/// closed pipe (`aka mentions … | head`) is no error; any other write
/// error is said on one line, with exit status 1 (silently when standard
/// error cannot be written either).
fn finish_output(result: io::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("cannot write output: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Writes `bytes` to standard output: see [`finish_output`].
fn print_all(bytes: &[u8]) -> ExitCode {
    let mut out = io::stdout().lock();
    finish_output(
        out.write_all(bytes)
            .and_then(|()| out.flush())
            .map(|()| ExitCode::SUCCESS),
    )
}

/// Writes one line to standard error, never panicking: a line that cannot
/// be written is remembered, and [`exit_status`] turns it into exit
/// status 1.
fn say(line: std::fmt::Arguments) {
    let mut err = io::stderr().lock();
    if writeln!(err, "{line}").and_then(|()| err.flush()).is_err() {
        STDERR_LOST.store(true, Ordering::Relaxed);
    }
}

/// The exit status aka ends with, given the one its command returned:
/// that one, unless something had to be said on standard error and could
/// not be (then 1, for the message is lost).
pub fn exit_status(code: ExitCode) -> ExitCode {
    if code == ExitCode::SUCCESS && STDERR_LOST.load(Ordering::Relaxed) {
        ExitCode::from(1)
    } else {
        code
    }
}

/// Parses the command line. `--help`, `--version` and usage errors are
/// written as clap writes them at a terminal, and otherwise the way every
/// other output is (a closed pipe quiet, a full disk said on one line, a
/// closed standard output refused), so that none is a panic or a silent
/// success: `Err` holds the exit status then.
pub fn parse() -> Result<Cli, ExitCode> {
    use std::io::IsTerminal;
    let e = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let on_stdout = !e.use_stderr();
    if on_stdout && let Some(code) = refuse_closed_stdout() {
        return Err(code);
    }
    let terminal = if on_stdout {
        io::stdout().is_terminal()
    } else {
        io::stderr().is_terminal()
    };
    if terminal {
        e.exit();
    }
    let text = e.render().to_string();
    let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    if on_stdout {
        let written = print_all(text.as_bytes());
        Err(if written == ExitCode::SUCCESS {
            code
        } else {
            written
        })
    } else {
        say(format_args!("{}", text.trim_end_matches('\n')));
        Err(code)
    }
}

/// Whether standard output was closed when aka started (`aka mentions
/// a.txt >&-`). The standard library puts `/dev/null` in place of a closed
/// standard stream, opened for reading and writing, which a shell's
/// redirection to `/dev/null` never does: so a `/dev/null` opened both
/// ways on standard output is taken for a closed one.
fn stdout_closed() -> bool {
    use rustix::fs::{OFlags, fcntl_getfl, fstat};
    use std::os::unix::fs::MetadataExt;
    let out = io::stdout();
    let (Ok(flags), Ok(stat), Ok(null)) = (
        fcntl_getfl(&out),
        fstat(&out),
        std::fs::metadata("/dev/null"),
    ) else {
        return false;
    };
    flags & OFlags::RWMODE == OFlags::RDWR
        && stat.st_rdev == null.rdev()
        && (stat.st_mode & 0o170_000) == 0o020_000
}

/// Refuses to run a command that writes to standard output when that is
/// closed: all it would print would be lost, with exit status 0. Says so
/// on one line; the exit status is then 1.
pub fn refuse_closed_stdout() -> Option<ExitCode> {
    stdout_closed().then(|| {
        report_error(
            "standard output is closed: nothing was done (redirect it to a file, or to /dev/null)",
        );
        ExitCode::from(1)
    })
}

/// The format asked for, or the default of the row formats: TSV for a
/// reader at a terminal, JSON Lines for a program.
fn row_format(asked: Option<Format>) -> Format {
    use std::io::IsTerminal;
    asked.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Tsv
    } else {
        Format::Jsonl
    })
}

/// Parses a `--format` value into one of `allowed`, listing them (with
/// what each is) in `--help` and in the error for any other name.
fn format_parser(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(
        allowed
            .iter()
            .map(|f| PossibleValue::new(f.name()).help(f.help())),
    )
    .map(move |name: String| {
        allowed
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .unwrap_or(allowed[0])
    })
}

/// Prints an error the way every aka error looks: one line, with the
/// characters a terminal would obey (in a file name, an actor's name…)
/// escaped ([`terminal`]).
pub(crate) fn report_error(message: impl std::fmt::Display) {
    say(format_args!(
        "aka: {}",
        terminal::escape(&message.to_string(), &[])
    ));
}

/// Says a problem that does not stop the command on standard error,
/// escaped as [`report_error`] escapes.
pub(crate) fn report_warning(message: impl std::fmt::Display) {
    say(format_args!(
        "aka: warning: {}",
        terminal::escape(&message.to_string(), &[])
    ));
}

/// Reads an input for a command, saying on stderr when it was decoded
/// from UTF-16 (docs/output.md, UTF-16), and warning when it is not valid
/// (it is then read lossily: docs/output.md, Invalid UTF-8).
pub(crate) fn read_input(input: &Input) -> Result<Document, InputError> {
    let watch = fifo_watch(input);
    let read = input.read();
    drop(watch);
    let (doc, bad) = read?;
    let encoding = doc.encoding();
    if encoding != Encoding::Utf8 {
        report_error(format_args!(
            "{}: decoded from {}",
            doc.name,
            encoding.name()
        ));
    }
    if let Some(bad) = bad {
        warn_invalid(&doc.name, encoding, bad.first_bad);
    }
    Ok(doc)
}

/// How long a FIFO named on the command line may keep aka waiting before
/// it says so.
const FIFO_PATIENCE: Duration = Duration::from_secs(1);

/// For a FIFO, a thread that says on standard error that aka waits for
/// its input when it has not all come within [`FIFO_PATIENCE`] (a FIFO
/// blocks until a writer opens it, and until that writer closes it);
/// dropping what this returns, once the input is read, stops it. The
/// explorer watches its first article so, before the terminal is touched.
pub(crate) fn fifo_watch(input: &Input) -> Option<mpsc::Sender<()>> {
    use std::os::unix::fs::FileTypeExt;
    let Input::File { name, path } = input else {
        return None;
    };
    if !std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
        return None;
    }
    let (done, wait) = mpsc::channel::<()>();
    let name = name.clone();
    std::thread::Builder::new()
        .name("aka-fifo-watch".into())
        .spawn(move || {
            if wait.recv_timeout(FIFO_PATIENCE) == Err(mpsc::RecvTimeoutError::Timeout) {
                say(format_args!("aka: {name}: waiting for input on a FIFO…"));
            }
        })
        .ok()?;
    Some(done)
}

/// Warns that a file in `encoding` was read lossily.
fn warn_invalid(name: &str, encoding: Encoding, first_bad: usize) {
    report_warning(format_args!(
        "{name}: invalid {} at byte {first_bad}; \
         read with U+FFFD in place of bad bytes (offsets still count the file's bytes)",
        encoding.name()
    ));
}
