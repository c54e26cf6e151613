//! `aka catalog check|packs|show|export|add|alias|suppress|undo`: validate
//! catalog files, list the knowledge packs, print an actor, write the
//! whole catalog as one file, change the user catalog.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CatalogArgs, CatalogCommand, finish_output, print_all, report_error};
use crate::formats::catalog_out::{self, CatalogFormat};
use crate::formats::user::{self, NewActor, UserCatalog};
use crate::formats::write::{WriteError, write_atomic_with};
use crate::formats::{catalogs, terminal};
use crate::model::{CatalogSource, Suppression, packs};

/// Examples shown by `aka catalog export --help`.
pub const EXPORT_EXAMPLES: &str = "\
Examples:
  aka catalog export > all.json                  everything aka knows, in aka's catalog format
  aka catalog export -o all.json                 the same, written atomically (--force replaces)
  aka mentions --no-default-catalog --no-user-catalog --catalog all.json a.txt
                                                 the same mentions, from that one file
  aka catalog export --format misp -o misp.json  a MISP galaxy cluster
  aka catalog export --format stix -o stix.json  a STIX 2.1 bundle
  aka catalog export --names | head              every alias the finder searches, one a line
  aka catalog export --no-packs --no-user-catalog  the bundled catalog alone";

/// Runs a `catalog` subcommand.
pub fn run(command: &CatalogCommand, catalogs: &CatalogArgs) -> ExitCode {
    match command {
        CatalogCommand::Check { files } => catalog_check(files, catalogs),
        CatalogCommand::Packs => catalog_packs(),
        CatalogCommand::Show { id } => catalog_show(id, catalogs),
        CatalogCommand::Export {
            format,
            names,
            output,
            force,
        } => {
            let format = if *names {
                CatalogFormat::Names
            } else {
                format.unwrap_or(CatalogFormat::Aka)
            };
            catalog_export(format, output.as_deref(), *force, catalogs)
        }
        CatalogCommand::Add {
            id,
            name,
            kind,
            aliases,
            country,
            description,
        } => {
            let actor = NewActor {
                id: id.clone(),
                name: name.clone(),
                kind: kind.clone(),
                aliases: aliases.clone(),
                country: country.clone(),
                description: description.clone(),
            };
            change(catalogs, |catalog, user| {
                if catalog.index_of(id).is_some() {
                    return Err(format!(
                        "an actor \"{id}\" exists already: add a name to it with `aka catalog alias {id} NAME`"
                    ));
                }
                user.add_actor(&actor);
                Ok(format!("added {name} ({id}, {kind})"))
            })
        }
        CatalogCommand::Alias { id, name } => change(catalogs, |catalog, user| {
            let Some(idx) = catalog.index_of(id) else {
                return Err(format!(
                    "no actor \"{id}\": `aka catalog show ID` names one; `aka catalog add` makes one"
                ));
            };
            user.add_alias(id, name);
            Ok(format!(
                "added alias \"{name}\" to {} ({id})",
                catalog.actor(idx).name
            ))
        }),
        CatalogCommand::Suppress { name, article } => change(catalogs, |_, user| {
            if name.trim().is_empty() {
                return Err("nothing to suppress: NAME is empty".into());
            }
            user.suppress(&Suppression {
                alias: name.clone(),
                article: article.clone(),
                context: None,
            });
            Ok(match article {
                Some(a) => format!("\"{name}\" is no mention in {a}"),
                None => format!("\"{name}\" is no mention anywhere"),
            })
        }),
        CatalogCommand::Undo => catalog_undo(catalogs),
    }
}

/// Makes one change to the user catalog: `edit` checks it against the
/// catalog loaded without it and applies it; the result must load; then
/// it is saved (journaled, atomically) and said.
fn change(
    catalogs: &CatalogArgs,
    edit: impl FnOnce(&crate::model::Catalog, &mut UserCatalog) -> Result<String, String>,
) -> ExitCode {
    let Some(path) = catalogs.user_catalog_path() else {
        report_error(
            "no user catalog: --no-user-catalog was given, or there is no home folder (name one with --user-catalog FILE)",
        );
        return ExitCode::from(1);
    };
    let mut user = match UserCatalog::open(&path) {
        Ok(u) => u,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let without = CatalogArgs {
        no_user_catalog: true,
        ..catalogs.clone()
    };
    let (base, problem) = match without.load_reporting() {
        Ok(loaded) => loaded,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    debug_assert!(problem.is_none());
    drop(base);
    // Ids the user catalog defines count as known too; a user catalog that
    // does not load as it stands is never changed (nor written over).
    let with_user = match load_with_user(&without, &user) {
        Ok(c) => c,
        Err(e) => {
            report_error(format_args!(
                "{e} (the user catalog is left as it is: fix it, or name another with --user-catalog)"
            ));
            return ExitCode::from(1);
        }
    };
    let what = match edit(&with_user, &mut user) {
        Ok(what) => what,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    if let Err(e) = load_with_user(&without, &user) {
        report_error(format_args!("the change was not saved: {e}"));
        return ExitCode::from(1);
    }
    match user.save(&what) {
        Ok(()) => print_all(
            terminal::escape(&format!("{what} in {}\n", path.display()), &['\n']).as_bytes(),
        ),
        Err(e) => {
            report_error(e);
            ExitCode::from(1)
        }
    }
}

fn load_with_user(
    base: &CatalogArgs,
    user: &UserCatalog,
) -> Result<crate::model::Catalog, crate::model::CatalogError> {
    let mut sources = base.sources()?;
    sources.push(user.source());
    catalogs::load_with_packs(
        &sources,
        usize::from(!base.no_default_catalog),
        &base.packs(),
    )
}

/// Runs `aka catalog undo`.
fn catalog_undo(catalogs: &CatalogArgs) -> ExitCode {
    let Some(path) = catalogs.user_catalog_path() else {
        report_error("no user catalog: --no-user-catalog was given, or there is no home folder");
        return ExitCode::from(1);
    };
    match user::undo(&path) {
        Ok(Some(what)) => print_all(
            terminal::escape(&format!("undone: {what} ({})\n", path.display()), &['\n']).as_bytes(),
        ),
        Ok(None) => {
            report_error(format_args!("nothing to undo in {}", path.display()));
            ExitCode::from(1)
        }
        Err(e) => {
            report_error(e);
            ExitCode::from(1)
        }
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

/// Runs `aka catalog export`: the catalog loaded, in `format`, on standard
/// output (buffered; a closed pipe is no error) or in `output`, written
/// atomically and never over a file without `force`.
pub(crate) fn catalog_export(
    format: CatalogFormat,
    output: Option<&Path>,
    force: bool,
    catalogs: &CatalogArgs,
) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let Some(path) = output else {
        let mut out = BufWriter::new(io::stdout().lock());
        let result = catalog_out::write(format, &catalog, &mut out).and_then(|()| out.flush());
        return finish_output(result.map(|()| ExitCode::SUCCESS));
    };
    let written = write_atomic_with(path, force, |file| {
        let mut out = BufWriter::new(file);
        catalog_out::write(format, &catalog, &mut out)?;
        out.flush()
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(WriteError::Exists) => {
            report_error(format_args!(
                "{}: the file exists (give --force to replace it)",
                path.display()
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            report_error(format_args!("{}: cannot write: {e}", path.display()));
            ExitCode::from(1)
        }
    }
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
    // Its lines and the tab after each alias are the layout; any other
    // control character comes from a catalog and is shown escaped.
    print_all(terminal::escape(&text, &['\n', '\t']).as_bytes())
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
        user_catalog: None,
        no_user_catalog: true,
        default_user_catalog: false,
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
    let mut out = io::stdout().lock();
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
                let said = writeln!(
                    out,
                    "{}: ok ({} actors, {} aliases in all)",
                    terminal::escape(&path.display().to_string(), &[]),
                    catalog.len(),
                    catalog.alias_count()
                )
                .and_then(|()| out.flush());
                if let Err(e) = said {
                    return finish_output(Err(e));
                }
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
