//! The `aka` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use aka::cli::{self, Command};

/// mimalloc rather than the system's allocator: an index run allocates
/// and frees millions of small strings and vectors on several threads at
/// once (a fifth of its instructions went to glibc's malloc and free).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return cli::exit_status(code),
    };
    if let Some(command) = &cli.command
        && command.writes_stdout()
        && let Some(code) = cli::refuse_closed_stdout()
    {
        return cli::exit_status(code);
    }
    cli::exit_status(match &cli.command {
        Some(Command::Mentions(args)) => cli::mentions::run(args, &cli.catalogs),
        Some(Command::Sources(args)) => cli::sources::run(args, &cli.catalogs),
        Some(Command::Export(args)) => cli::export::run(args, &cli.catalogs),
        Some(Command::Catalog(command)) => cli::catalog::run(command, &cli.catalogs),
        Some(Command::Index(args)) => cli::index::run(args, &cli.catalogs),
        Some(Command::Query(args)) => cli::query::run(args, &cli.catalogs),
        None => aka::explore::run(&cli),
    })
}
