//! The `aka` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use aka::cli::{self, Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Mentions(args)) => cli::mentions(args, &cli.catalogs),
        Some(Command::Sources(args)) => cli::sources(args, &cli.catalogs),
        Some(Command::Export(args)) => aka::export::run(args, &cli.catalogs),
        Some(Command::Catalog(command)) => cli::catalog(command, &cli.catalogs),
        None => aka::explore::run(&cli),
    }
}
