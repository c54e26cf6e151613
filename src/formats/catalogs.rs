//! Catalogs in: `--catalog FILE` recognises a file by its content
//! (docs/catalog.md, MISP galaxy clusters and STIX 2.1 bundles).
//!
//! - aka's catalog JSON: an object with `actors` (parsed by
//!   [`crate::model::catalog`]);
//! - a MISP galaxy cluster file: an object with `values`
//!   ([`super::misp`]);
//! - a STIX 2.1 bundle: an object with `"type": "bundle"`
//!   ([`super::stix::import`]).
//!
//! Imported actors get an id made from the name (`Lazarus Group` →
//! `lazarus-group`), so an import names the same actors as the packs; one
//! already known gains their aliases, links and references (see
//! [`Layer::Import`]). Their aliases are taken as written, with no noise
//! rule. Errors carry the line and column where the JSON parser stood when
//! it found them.

use std::collections::HashSet;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::model::catalog::{BUNDLED_CATALOG_NAME, CatalogError};
use crate::model::packs::{self, Pack};
use crate::model::{Actor, Catalog, CatalogSource, Imported, Layer};

/// What a catalog file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// aka's catalog JSON (or not JSON at all: aka's parser says why).
    Aka,
    /// A MISP galaxy cluster.
    Misp,
    /// A STIX 2.1 bundle.
    Stix,
}

/// Recognises a catalog file by its top-level keys.
pub fn detect(json: &str) -> Detected {
    #[derive(Deserialize)]
    struct Probe {
        actors: Option<IgnoredAny>,
        values: Option<IgnoredAny>,
        #[serde(rename = "type")]
        ty: Option<IgnoredString>,
    }
    /// A `type` that may be any JSON value.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IgnoredString {
        Text(String),
        Other(IgnoredAny),
    }
    match serde_json::from_str::<Probe>(json) {
        Ok(p) if p.actors.is_none() && p.values.is_some() => Detected::Misp,
        Ok(Probe {
            actors: None,
            ty: Some(IgnoredString::Text(t)),
            ..
        }) if t == "bundle" => Detected::Stix,
        // Broken JSON: guess from the keys, so that the error comes from
        // the parser of the format the file was meant to be.
        Err(_) if !json.contains("\"actors\"") && json.contains("\"values\"") => Detected::Misp,
        Err(_) if !json.contains("\"actors\"") && json.contains("\"bundle\"") => Detected::Stix,
        Ok(_) | Err(_) => Detected::Aka,
    }
}

/// Hands out ids made from names, unique within one import.
#[derive(Debug, Default)]
pub(crate) struct Ids(pub(crate) HashSet<String>);

impl Ids {
    /// An id for `name` (or `fallback` when the name has no ASCII letter or
    /// digit), with `-2`, `-3` … when already taken.
    pub(crate) fn take(&mut self, name: &str, fallback: &str) -> String {
        let mut base = packs::slug(name);
        if base.is_empty() {
            base = packs::slug(fallback);
        }
        if base.is_empty() {
            base = "actor".to_string();
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.0.insert(id.clone());
        id
    }
}

/// An import's actors, in file order.
pub type Actors = Vec<Actor>;

/// Why an import failed, and where (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Line of the problem.
    pub line: usize,
    /// Column of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// Whether the file is not JSON at all.
    pub syntax: bool,
}

impl ImportError {
    /// From a JSON error. A check that names a STIX id (`type--uuid`) is
    /// placed where that id is written, rather than where the parser
    /// stood at the end of the object.
    pub(crate) fn from_json(e: &serde_json::Error, json: &str) -> Self {
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        let id = message
            .split(|c: char| c.is_whitespace() || c == '"')
            .find(|w| w.contains("--") && w.len() > 38);
        let syntax = e.is_syntax() || e.is_eof();
        match id.filter(|id| json.contains(&format!("\"{id}\""))) {
            Some(id) => ImportError {
                syntax,
                ..ImportError::at_id(json, id, message.clone())
            },
            None => ImportError {
                line: e.line(),
                column: crate::model::catalog::char_column(json, e.line(), e.column()),
                message,
                syntax,
            },
        }
    }

    /// An error placed where the STIX id `id` is first written in `json`
    /// (at its opening quote), else at 1:1.
    pub(crate) fn at_id(json: &str, id: &str, message: String) -> Self {
        let (mut line, mut column) = (1, 1);
        if let Some(at) = json.find(&format!("\"{id}\"")) {
            let before = &json[..at];
            line = before.matches('\n').count() + 1;
            column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
        }
        ImportError {
            line,
            column,
            message,
            syntax: false,
        }
    }
}

/// A catalog file ready to load: aka's own format, or imported from
/// another.
#[derive(Debug, Clone)]
pub enum CatalogFile {
    /// aka's catalog JSON, parsed when loaded.
    Aka(CatalogSource),
    /// A MISP cluster or STIX bundle, already turned into actors.
    Imported(Imported),
}

impl CatalogFile {
    /// Recognises `source`'s format and imports it if it is not aka's;
    /// an import error carries the file's line and column.
    pub fn new(source: CatalogSource) -> Result<Self, CatalogError> {
        let detected = if source.name == BUNDLED_CATALOG_NAME {
            Detected::Aka
        } else {
            detect(&source.json)
        };
        let imported = match detected {
            Detected::Aka => return Ok(CatalogFile::Aka(source)),
            Detected::Misp => super::misp::import(&source.json),
            Detected::Stix => super::stix::import::import(&source.json),
        };
        match imported {
            Ok(actors) => Ok(CatalogFile::Imported(Imported { source, actors })),
            Err(e) => Err(CatalogError::Invalid {
                path: source.name,
                line: e.line,
                column: e.column,
                message: if e.syntax {
                    format!("JSON syntax error: {}", e.message)
                } else {
                    e.message
                },
            }),
        }
    }

    /// The file as a layer of a catalog load.
    pub fn layer(&self) -> Layer<'_> {
        match self {
            CatalogFile::Aka(source) => Layer::File(source),
            CatalogFile::Imported(imported) => Layer::Import(imported),
        }
    }
}

/// Loads catalog files in any format, in order (later files win).
pub fn load(sources: &[CatalogSource]) -> Result<Catalog, CatalogError> {
    load_with_packs(sources, 0, &[])
}

/// Loads the first `before` of `sources`, then `packs`, then the rest of
/// `sources`: the bundled catalog, the knowledge packs, the user's files.
pub(crate) fn load_with_packs(
    sources: &[CatalogSource],
    before: usize,
    packs: &[Pack],
) -> Result<Catalog, CatalogError> {
    let files = sources
        .iter()
        .cloned()
        .map(CatalogFile::new)
        .collect::<Result<Vec<_>, _>>()?;
    let mut layers: Vec<Layer<'_>> = files[..before].iter().map(CatalogFile::layer).collect();
    layers.extend(packs.iter().map(Layer::Pack));
    layers.extend(files[before..].iter().map(CatalogFile::layer));
    Catalog::load_layers(&layers)
}
