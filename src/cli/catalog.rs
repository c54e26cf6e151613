//! `aka catalog check|packs|show`: validate catalog files, list the
//! knowledge packs, print an actor.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CatalogArgs, CatalogCommand, finish_output, print_all, report_error};
use crate::formats::catalogs;
use crate::model::{CatalogSource, packs};

/// Runs a `catalog` subcommand.
pub fn run(command: &CatalogCommand, catalogs: &CatalogArgs) -> ExitCode {
    match command {
        CatalogCommand::Check { files } => catalog_check(files, catalogs),
        CatalogCommand::Packs => catalog_packs(),
        CatalogCommand::Show { id } => catalog_show(id, catalogs),
    }
}

/// Runs `aka catalog packs`.
pub(crate) fn catalog_packs() -> ExitCode {
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
    finish_output(result.map(|()| ExitCode::SUCCESS))
}

/// Runs `aka catalog show ID`.
pub(crate) fn catalog_show(id: &str, catalogs: &CatalogArgs) -> ExitCode {
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
    print_all(text.as_bytes())
}

/// Runs `aka catalog check`.
pub(crate) fn catalog_check(files: &[PathBuf], catalogs: &CatalogArgs) -> ExitCode {
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
    let load = |sources: &[CatalogSource]| catalogs::load_with_packs(sources, bundled, &packs);
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
