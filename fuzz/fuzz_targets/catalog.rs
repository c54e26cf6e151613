//! Catalog files in every format aka reads (its own JSON, MISP galaxy
//! clusters, STIX 2.1 bundles), alone and after the bundled catalog:
//! - no panic;
//! - an error names the file with a line and column inside the input;
//! - a catalog that loads is consistent (ids unique and indexed, links
//!   resolved, each actor named by its first alias);
//! - what `aka catalog export` writes of it loads again, in each format;
//!   exported in aka's format it keeps the same actors and finds the same
//!   mentions.
#![no_main]

use aka::formats::catalog_out::{self, CatalogFormat};
use aka::formats::catalogs;
use aka::model::{Catalog, CatalogError, CatalogSource, Matcher};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.json";

/// Panics unless `e` carries a line and column inside `json`.
fn check_error(e: &CatalogError, json: &str) {
    let CatalogError::Invalid {
        path, line, column, ..
    } = e
    else {
        panic!("an error without line and column: {e}");
    };
    assert_eq!(path, NAME, "{e}");
    let lines: Vec<&str> = json.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(line),
        "line {line} of {}: {e}",
        lines.len()
    );
    let chars = lines[line - 1].chars().count();
    assert!(
        (1..=chars + 1).contains(column),
        "column {column} of a line of {chars} characters: {e}"
    );
}

fn check_catalog(catalog: &Catalog) {
    for (idx, actor) in catalog.actors().iter().enumerate() {
        assert_eq!(catalog.index_of(&actor.id), Some(idx), "{}", actor.id);
        for link in &actor.links {
            assert!(
                catalog.get(&link.to.0).is_some(),
                "{} links to unknown {}",
                actor.id,
                link.to.0
            );
        }
    }
}

/// The mentions `catalog` finds in `text`, by actor id.
fn found(catalog: &Catalog, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    Matcher::new(catalog)
        .find_all(text)
        .into_iter()
        .map(|m| (catalog.actor(m.actor()).id.clone(), m.range()))
        .collect()
}

fn exported(catalog: &Catalog, format: CatalogFormat) -> String {
    let mut out = Vec::new();
    catalog_out::write(format, catalog, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("exports are UTF-8")
}

fn round_trip(catalog: &Catalog) {
    for format in [CatalogFormat::Aka, CatalogFormat::Misp, CatalogFormat::Stix] {
        let json = exported(catalog, format);
        let source = CatalogSource {
            name: NAME.to_string(),
            json,
        };
        let again = match catalogs::load(std::slice::from_ref(&source)) {
            Ok(c) => c,
            Err(e) => panic!(
                "the {} export does not load: {e}\n{}",
                format.name(),
                source.json
            ),
        };
        if format == CatalogFormat::Aka {
            let ids = |c: &Catalog| c.actors().iter().map(|a| a.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(catalog), ids(&again));
            // The actors' names and aliases, as a text to search.
            let text: String = catalog
                .actors()
                .iter()
                .flat_map(|a| a.aliases.iter().map(|x| x.text.as_str()))
                .collect::<Vec<_>>()
                .join(", the ");
            assert_eq!(found(catalog, &text), found(&again, &text), "{text:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(json) = std::str::from_utf8(rest) else {
        return;
    };
    let file = CatalogSource {
        name: NAME.to_string(),
        json: json.to_string(),
    };
    // Every parser sees every input, whatever the file looks like.
    for e in [
        aka::formats::misp::import(json).err(),
        aka::formats::stix::import::import(json).err(),
    ]
    .into_iter()
    .flatten()
    {
        let e = CatalogError::Invalid {
            path: NAME.to_string(),
            line: e.line,
            column: e.column,
            message: e.message,
        };
        check_error(&e, json);
    }
    if let Err(e) = Catalog::load(std::slice::from_ref(&file)) {
        check_error(&e, json);
    }
    let sources = if flags & 1 == 1 {
        vec![CatalogSource::bundled(), file]
    } else {
        vec![file]
    };
    match catalogs::load(&sources) {
        Ok(catalog) => {
            check_catalog(&catalog);
            // Small catalogs only: the bundled one is tested elsewhere.
            if sources.len() == 1 && catalog.len() <= 64 {
                round_trip(&catalog);
            }
        }
        Err(e) => check_error(&e, json),
    }
});
