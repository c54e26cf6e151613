//! `aka-packs`: regenerates the knowledge packs under `assets/packs/` from
//! the source files in `assets/packs/source/` (see `aka::model::packs`).
//!
//! Run from the repository root: `cargo run --bin aka-packs`; with
//! `--check` it only verifies that the committed packs are up to date.

use std::path::Path;
use std::process::ExitCode;

use aka::model::packs::convert::{SourceFiles, convert};

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/packs");
    let sources = match SourceFiles::read(&root.join("source")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("aka-packs: cannot read {}/source: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    let packs = match convert(&sources) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("aka-packs: {e}");
            return ExitCode::from(1);
        }
    };
    let mut stale = false;
    for pack in &packs {
        let path = root.join(format!("{}.json", pack.pack));
        let json = pack.to_json();
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
                eprintln!("aka-packs: {} is out of date", path.display());
                stale = true;
            }
        } else if let Err(e) = std::fs::write(&path, json) {
            eprintln!("aka-packs: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        } else {
            println!(
                "{}: {} actors, {} aliases",
                path.display(),
                pack.actors.len(),
                pack.alias_count()
            );
        }
    }
    if stale {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
