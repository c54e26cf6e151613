//! The pack converter, a maintainer's tool: regenerates the knowledge packs
//! under `assets/packs/` from the source files in `assets/packs/source/`
//! (see `convert.rs` for the rules, `aka::model::packs` for the format).
//!
//! `cargo run --release --example packs`; with `--check` it only verifies
//! that the committed packs are up to date; with `--merges` it also lists the
//! entries it merged into one actor. It finds `assets/packs/` through the
//! package's directory (`CARGO_MANIFEST_DIR`), wherever it is run from.

mod convert;

use std::path::Path;
use std::process::ExitCode;

use convert::{SourceFiles, convert_with_report, to_json};

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let list_merges = std::env::args().skip(1).any(|a| a == "--merges");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/packs");
    let sources = match SourceFiles::read(&root.join("source")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("packs: cannot read {}/source: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    let (packs, report) = match convert_with_report(&sources) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("packs: {e}");
            return ExitCode::from(1);
        }
    };
    if list_merges {
        for m in &report.merges {
            println!("merged {} into {} ({})", m.merged, m.kept, m.why);
        }
        for (id, n) in &report.large_groups {
            println!("{id}: {n} ids merged");
        }
    }
    let mut stale = false;
    for pack in &packs {
        let path = root.join(format!("{}.json", pack.pack));
        let json = to_json(pack);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
                eprintln!("packs: {} is out of date", path.display());
                stale = true;
            }
        } else if let Err(e) = std::fs::write(&path, json) {
            eprintln!("packs: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        } else {
            println!(
                "{}: {} actors, {} aliases, {} tools",
                path.display(),
                pack.actors.len(),
                pack.alias_count(),
                pack.tools.len()
            );
        }
    }
    if !check {
        println!(
            "{} merges of same-group entries ({} by name, {} by a similar edge)",
            report.merges.len(),
            report.merges.iter().filter(|m| m.why == "name").count(),
            report.merges.iter().filter(|m| m.why == "similar").count()
        );
    }
    if stale {
        ExitCode::from(1)
    } else {
        if check {
            println!("{} packs up to date in {}", packs.len(), root.display());
        }
        ExitCode::SUCCESS
    }
}
