//! The `aka` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use aka::cli::{self, Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Mentions(args)) => cli::mentions::run(args, &cli.catalogs),
        Some(Command::Sources(args)) => cli::sources::run(args, &cli.catalogs),
        Some(Command::Export(args)) => cli::export::run(args, &cli.catalogs),
        Some(Command::Catalog(command)) => cli::catalog::run(command, &cli.catalogs),
        None => aka::explore::run(&cli),
    }
}
