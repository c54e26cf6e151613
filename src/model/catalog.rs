//! Catalogs: the actors aka knows and every alias they go by.
//!
//! A catalog file is JSON (docs/catalog.md). Several files merge into one
//! [`Catalog`]: a later file may add aliases to, or change fields of, an actor
//! an earlier file defined. Validation happens while parsing, so every error
//! carries the line and column where `serde_json` stood when it found it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The catalog compiled into the binary, so `aka` works from any folder.
pub const BUNDLED_CATALOG: &str = include_str!("../../assets/catalog.json");

/// The display name used for the bundled catalog in messages.
pub const BUNDLED_CATALOG_NAME: &str = "<bundled assets/catalog.json>";

/// What sort of actor an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A country as a political actor.
    State,
    /// An administration, ministry or other part of a government.
    GovernmentBody,
    /// An intelligence, security or law-enforcement agency.
    Agency,
    /// A hacking group or intrusion set.
    ThreatGroup,
    /// An online persona, often a front for another actor.
    Persona,
    /// A company, party, NGO or other organisation.
    Organization,
    /// A named individual.
    Person,
    /// A newspaper, broadcaster or other outlet.
    Media,
    /// A site that publishes leaked material.
    LeakSite,
    /// Anything else.
    Other,
}

impl Kind {
    /// Every kind, in the order the explorer groups them.
    pub const ALL: [Kind; 10] = [
        Kind::State,
        Kind::GovernmentBody,
        Kind::Agency,
        Kind::ThreatGroup,
        Kind::Persona,
        Kind::LeakSite,
        Kind::Organization,
        Kind::Person,
        Kind::Media,
        Kind::Other,
    ];

    /// Whether two kinds can name the same actor when a pack and a catalog
    /// file give one name: the same kind, or an agency and a government
    /// body.
    pub(crate) fn same_sort(self, other: Kind) -> bool {
        let body = |k: Kind| matches!(k, Kind::Agency | Kind::GovernmentBody);
        self == other || (body(self) && body(other))
    }

    /// The identifier used in catalog files (`threat-group`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::GovernmentBody => "government-body",
            Kind::Agency => "agency",
            Kind::ThreatGroup => "threat-group",
            Kind::Persona => "persona",
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Media => "media",
            Kind::LeakSite => "leak-site",
            Kind::Other => "other",
        }
    }

    /// A plural heading for groups of this kind (`Threat groups`).
    pub fn heading(self) -> &'static str {
        match self {
            Kind::State => "States",
            Kind::GovernmentBody => "Government bodies",
            Kind::Agency => "Agencies",
            Kind::ThreatGroup => "Threat groups",
            Kind::Persona => "Personas",
            Kind::Organization => "Organizations",
            Kind::Person => "People",
            Kind::Media => "Media",
            Kind::LeakSite => "Leak sites",
            Kind::Other => "Other",
        }
    }

    /// A singular label in plain words (`threat group`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::GovernmentBody => "government body",
            Kind::Agency => "agency",
            Kind::ThreatGroup => "threat group",
            Kind::Persona => "persona",
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Media => "media outlet",
            Kind::LeakSite => "leak site",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How letter case is compared when an alias is matched (docs/matching.md, Letter case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseMode {
    /// Case-insensitive, but an alias with a capital never matches an
    /// occurrence without any capital.
    #[default]
    Smart,
    /// The case must be identical.
    Exact,
}

/// One name an actor goes by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Alias {
    /// The alias as written in the catalog (trimmed).
    pub text: String,
    /// How its case is compared.
    pub case: CaseMode,
    /// What a knowledge pack's noise rules did to it (`None` for aliases of
    /// catalog files, which are taken as written).
    pub noise: Option<NoiseMark>,
    /// Where the alias comes from: indexes into [`Catalog::origins`], in
    /// load order; an alias several sources give lists each of them.
    pub origins: Vec<OriginIdx>,
}

impl Alias {
    /// A plain alias with no origin yet.
    pub fn new(text: impl Into<String>, case: CaseMode) -> Self {
        Alias {
            text: text.into(),
            case,
            noise: None,
            origins: Vec::new(),
        }
    }

    /// Whether the finder ignores it (a noise rule dropped it).
    pub fn is_dropped(&self) -> bool {
        self.noise.is_some_and(|n| n.action == NoiseAction::Dropped)
    }

    /// Whether it counts only with evidence (README, "What counts as a mention").
    pub fn is_gated(&self) -> bool {
        self.noise.is_some_and(|n| n.action == NoiseAction::Gated)
    }
}

/// What a noise rule does to an alias (README, "Knowledge packs").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoiseAction {
    /// Matched with `exact` case only.
    Exact,
    /// `exact` case, and counted only with evidence.
    Gated,
    /// Kept for display and explanation, never matched.
    Dropped,
}

/// Which noise rule applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoiseRule {
    /// No letter at all (`777`).
    Number,
    /// Shorter than 4 characters (`GOP`, `SEA`).
    Short,
    /// A common English word (`Tick`, `ZINC`).
    CommonWord,
    /// A generic noun and a number (`Group 3`).
    GenericNumber,
    /// Several words, each a common English word (`Cold River`).
    CommonWords,
    /// A word of software, products or technology (`Python`, `Desktop`).
    ProductWord,
    /// The name of a company or vendor (`McAfee` among ransomware names).
    CompanyName,
    /// The name of a tool or malware family (`AutoIt`).
    ToolName,
    /// A demonym or country adjective (`Russian`, `Korean`): it names the
    /// state only before a word of government (`Russian officials`).
    Demonym,
    /// A demonym for the people (`Russians`): it names the state only after
    /// "the" (`the Russians have used …`).
    DemonymPlural,
    /// Written in lower case only (`targetcompany`): a file extension, a
    /// handle or a placeholder as often as a name.
    LowerCase,
}

impl NoiseRule {
    /// The rule in plain words.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            NoiseRule::Number => "a number",
            NoiseRule::Short => "shorter than 4 characters",
            NoiseRule::CommonWord => "a common English word",
            NoiseRule::GenericNumber => "a generic word and a number",
            NoiseRule::CommonWords => "common English words",
            NoiseRule::ProductWord => "a word of software or technology",
            NoiseRule::CompanyName => "a company's name",
            NoiseRule::ToolName => "the name of a tool or malware",
            NoiseRule::Demonym => "a demonym",
            NoiseRule::DemonymPlural => "a demonym for the people",
            NoiseRule::LowerCase => "written in lower case only",
        }
    }
}

/// A noise rule's verdict on one alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoiseMark {
    /// What was done.
    pub action: NoiseAction,
    /// Why.
    pub rule: NoiseRule,
}

/// Index into [`Catalog::origins`].
pub type OriginIdx = usize;

/// What sort of source an alias came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OriginKind {
    /// The catalog compiled into aka (`assets/catalog.json`).
    Bundled,
    /// A catalog file the user named (`--catalog`).
    File,
    /// A bundled knowledge pack.
    Pack,
    /// No catalog: the explorer discovered the name in an article
    /// ([`Catalog::add_discovered`]).
    Discovered,
}

/// One source the catalog was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// How it is named in explanations (`MISP threat-actor`, `mine.json`).
    pub label: String,
    /// What sort of source it is.
    pub kind: OriginKind,
}

/// A typed edge from one actor to another (`apt28 operated-by gru`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The relation, lower-case words joined by dashes.
    pub rel: Rel,
    /// The id of the actor linked to.
    pub to: ActorRef,
    /// How sure the source is of the link, in its own words (MISP's
    /// estimative-language likelihood: `likely`, `almost-certain`; a STIX
    /// import's 0 to 100). Packs and imports set it; a catalog file may
    /// too (`aka catalog export` writes it: docs/catalog.md, Links).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

/// A link relation such as `operated-by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Rel(pub String);

impl Rel {
    /// The relation in plain English, read from the linking actor
    /// (`operated by`).
    pub fn phrase(&self) -> String {
        self.0.replace('-', " ")
    }
}

/// The id of an actor as named by a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ActorRef(pub String);

/// An actor with everything the loaded catalogs say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Unique id, `[a-z0-9._-]+`.
    pub id: String,
    /// Canonical display name.
    pub name: String,
    /// What sort of actor it is.
    pub kind: Kind,
    /// Every alias, the name first; duplicates removed.
    pub aliases: Vec<Alias>,
    /// A short description, if any.
    pub description: Option<String>,
    /// ISO 3166 alpha-2 country code, if any.
    pub country: Option<String>,
    /// Links to other actors.
    pub links: Vec<Link>,
    /// Reference URLs.
    pub refs: Vec<String>,
}

impl Actor {
    /// The MITRE ATT&CK group id (`G0007`) found among the references.
    pub fn attack_id(&self) -> Option<&str> {
        self.refs.iter().find_map(|r| {
            let rest = r.strip_prefix("https://attack.mitre.org/groups/")?;
            let id = rest.trim_end_matches('/');
            (id.len() == 5 && id.starts_with('G') && id[1..].bytes().all(|b| b.is_ascii_digit()))
                .then_some(id)
        })
    }
}

/// Index of an actor in [`Catalog::actors`]; catalog order is definition order.
pub type ActorIdx = usize;

/// The merged set of actors from one or more catalog files.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    actors: Vec<Actor>,
    by_id: HashMap<String, ActorIdx>,
    origins: Vec<Origin>,
    /// Folded alias text to the actors that have it, for aliases of two or
    /// more actors.
    shared: HashMap<String, Vec<ActorIdx>>,
    /// Names of tools and malware from the packs: not actors, but an
    /// alias inside one of them is no mention.
    tools: Vec<ToolName>,
    /// Occurrences the reader said are no mentions, from every file.
    suppressions: Vec<Suppression>,
    /// The links packs made, by actor id, as (rel, to): those whose `to`
    /// no layer loads are left out at the end of a load, where a file's
    /// link to an unknown id is an error.
    pack_links: HashMap<String, HashSet<(String, String)>>,
}

/// An alias the reader said is no mention: everywhere, in one article, or
/// at one place of one article (docs/catalog.md, Suppressions).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The words, as the article writes them (compared folded).
    pub alias: String,
    /// Only in this article (its path), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Only where these words stand around it (see
    /// [`crate::model::matcher::context_of`]), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// One name of a tool or malware family, from a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolName {
    /// The name as written (`CobaltStrike`).
    pub text: String,
    /// The tool's main name (`Cobalt Strike`).
    pub tool: String,
    /// The pack it comes from.
    pub origin: OriginIdx,
}

/// One layer of a catalog load, in order: files, imports and packs.
#[derive(Debug, Clone, Copy)]
pub enum Layer<'a> {
    /// A catalog file in aka's format (docs/catalog.md): a later file's
    /// fields win.
    File(&'a CatalogSource),
    /// Actors imported from a file in another format (MISP, STIX: see
    /// `crate::formats`): new actors are added; an actor already known
    /// gains aliases, links and references, and fields it lacks.
    Import(&'a Imported),
    /// A knowledge pack: it only adds to actors already known.
    Pack(&'a crate::model::packs::Pack),
}

/// The actors another format's file describes, and the file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The file as read.
    pub source: CatalogSource,
    /// Its actors, in file order, with ids made from their names.
    pub actors: Vec<Actor>,
}

/// A catalog file that could not be loaded, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The file could not be read.
    #[error("{path}: cannot read catalog: {reason}")]
    Io {
        /// The file as named by the user.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file is not a valid catalog; `line` and `column` are 1-based.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file as named by the user.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A problem that only shows once all files are merged.
    #[error("{path}: {message}")]
    Merge {
        /// The file that introduced the problem.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl CatalogError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            CatalogError::Io { path, .. }
            | CatalogError::Invalid { path, .. }
            | CatalogError::Merge { path, .. } => path,
        }
    }
}

/// Where a catalog comes from: its display name and its JSON text.
#[derive(Debug, Clone)]
pub struct CatalogSource {
    /// The name used in messages (the path as the user gave it).
    pub name: String,
    /// The JSON text.
    pub json: String,
}

impl CatalogSource {
    /// The bundled default catalog.
    pub fn bundled() -> Self {
        CatalogSource {
            name: BUNDLED_CATALOG_NAME.to_string(),
            json: BUNDLED_CATALOG.to_string(),
        }
    }

    /// Reads a catalog file from disk.
    pub fn read(path: &Path) -> Result<Self, CatalogError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| CatalogError::Io {
            path: name.clone(),
            reason: io_reason(&e),
        })?;
        let mut json = String::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col_of(e.as_bytes(), e.utf8_error().valid_up_to());
            CatalogError::Invalid {
                path: name.clone(),
                line,
                column,
                message: "invalid UTF-8: catalogs must be UTF-8 text".to_string(),
            }
        })?;
        // A byte-order mark is no JSON; like an article's, it takes no column.
        if json.starts_with('\u{FEFF}') {
            json.drain(..'\u{FEFF}'.len_utf8());
        }
        Ok(CatalogSource { name, json })
    }
}

/// A plain-words reason for an I/O error, without Rust's `(os error 2)`.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// The offsets of the JSON string literals of `json` (at their opening
/// quote) whose value, escapes decoded, is `value`.
fn string_literals(json: &str, value: &str) -> Vec<usize> {
    let bytes = json.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'"', &bytes[i..]).map(|k| i + k) {
        let mut end = open + 1;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let Some(literal) = json.get(open..=end) else {
            break;
        };
        let inner = &literal[1..literal.len() - 1];
        let same = if inner.contains('\\') {
            serde_json::from_str::<String>(literal).is_ok_and(|s| s == value)
        } else {
            inner == value
        };
        if same {
            found.push(open);
        }
        i = end + 1;
    }
    found
}

/// The 1-based column, in characters, that `serde_json`'s `column` of line
/// `line` is in `json`: `serde_json` counts the bytes it read of the line
/// (0 for none), aka's messages count characters, as editors do.
pub(crate) fn char_column(json: &str, line: usize, column: usize) -> usize {
    let text = json.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    text.char_indices()
        .take_while(|&(i, _)| i < column)
        .count()
        .max(1)
}

fn line_col_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

impl Catalog {
    /// The bundled default catalog alone.
    pub fn bundled() -> Self {
        // The bundled catalog is tested; failing here would be a build defect.
        Catalog::load(&[CatalogSource::bundled()]).expect("the bundled catalog is valid")
    }

    /// Parses and merges catalogs in order (later files win: docs/catalog.md, Merge rules).
    pub fn load(sources: &[CatalogSource]) -> Result<Self, CatalogError> {
        let layers: Vec<Layer<'_>> = sources.iter().map(Layer::File).collect();
        Catalog::load_layers(&layers)
    }

    /// Loads catalog files and knowledge packs in order. A file merges as
    /// docs/catalog.md says; a pack only adds: an actor whose id, or whose name, an
    /// earlier catalog file already has is that actor (its fields stay, the
    /// pack's aliases, references and links are added); links a pack makes
    /// to actors that no layer loads are left out.
    pub fn load_layers(layers: &[Layer<'_>]) -> Result<Self, CatalogError> {
        let mut catalog = Catalog::default();
        let mut files = Vec::new();
        for layer in layers {
            match *layer {
                Layer::File(source) => {
                    files.push(source.clone());
                    catalog.merge_source(source)?;
                }
                Layer::Import(imported) => {
                    files.push(imported.source.clone());
                    let origin = catalog.add_origin(imported.source.name.clone(), OriginKind::File);
                    for actor in &imported.actors {
                        catalog.merge_actor(actor.clone(), origin);
                    }
                }
                Layer::Pack(pack) => catalog.merge_pack(pack),
            }
        }
        catalog.prune_pack_links();
        catalog.check_links(&files)?;
        catalog.index_shared();
        Ok(catalog)
    }

    /// Adds an origin and returns its index.
    pub(crate) fn add_origin(&mut self, label: String, kind: OriginKind) -> OriginIdx {
        self.origins.push(Origin { label, kind });
        self.origins.len() - 1
    }

    /// Merges one pack: see [`Catalog::load_layers`].
    fn merge_pack(&mut self, pack: &crate::model::packs::Pack) {
        let origin = self.add_origin(pack.title.clone(), OriginKind::Pack);
        self.merge_tools(&pack.tools, origin);
        // Names and aliases of actors defined by catalog files, folded, for
        // the "same name" rule (an alias two file actors share names
        // neither); packs never merge into each other by name.
        let mut by_name: HashMap<String, Option<ActorIdx>> = HashMap::new();
        for (idx, actor) in self.actors.iter().enumerate() {
            let from_file = actor.aliases.first().is_some_and(|a| {
                a.origins
                    .iter()
                    .any(|&o| self.origins[o].kind != OriginKind::Pack)
            });
            if !from_file {
                continue;
            }
            for alias in &actor.aliases {
                let key = crate::model::fold::fold_str(&alias.text, true);
                by_name
                    .entry(key)
                    .and_modify(|v| {
                        if *v != Some(idx) {
                            *v = None;
                        }
                    })
                    .or_insert(Some(idx));
            }
        }
        for entry in &pack.actors {
            // By id; else by name, when the kinds agree (a ransomware called
            // Cuba is not the state) and so do the countries.
            // An id a catalog file gave an actor of another sort (the state
            // Cuba, the ransomware Cuba) is that actor's; the pack's entry
            // becomes an actor of its own, its id suffixed with its kind.
            let mut id = entry.id.clone();
            if let Some(&idx) = self.by_id.get(&id)
                && !self.actors[idx].kind.same_sort(entry.kind)
            {
                id = format!("{id}-{}", entry.kind.as_str());
            }
            let existing = self.by_id.get(&id).copied().or_else(|| {
                let idx = by_name
                    .get(&crate::model::fold::fold_str(&entry.name, true))
                    .copied()
                    .flatten()?;
                let actor = &self.actors[idx];
                let same_country = match (&actor.country, &entry.country) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                };
                (actor.kind.same_sort(entry.kind) && same_country).then_some(idx)
            });
            let idx = if let Some(idx) = existing {
                idx
            } else {
                let idx = self.actors.len();
                self.by_id.insert(id.clone(), idx);
                self.actors.push(Actor {
                    id: id.clone(),
                    name: collapse_spaces(&entry.name),
                    kind: entry.kind,
                    aliases: Vec::new(),
                    description: None,
                    country: None,
                    links: Vec::new(),
                    refs: Vec::new(),
                });
                idx
            };
            let actor = &mut self.actors[idx];
            if actor.description.is_none() {
                actor.description.clone_from(&entry.description);
            }
            if actor.country.is_none() {
                actor.country.clone_from(&entry.country);
            }
            for r in &entry.refs {
                if !actor.refs.contains(r) {
                    actor.refs.push(r.clone());
                }
            }
            for l in &entry.links {
                if !actor
                    .links
                    .iter()
                    .any(|k| k.rel.0 == l.rel && k.to.0 == l.to)
                {
                    // Marked for `prune_pack_links`.
                    self.pack_links
                        .entry(actor.id.clone())
                        .or_default()
                        .insert((l.rel.clone(), l.to.clone()));
                    actor.links.push(Link {
                        rel: Rel(l.rel.clone()),
                        to: ActorRef(l.to.clone()),
                        confidence: l.confidence.clone(),
                    });
                }
            }
            actor.aliases.extend(entry.aliases.iter().map(|a| Alias {
                text: collapse_spaces(&a.text),
                case: a.case,
                noise: a.noise,
                origins: vec![origin],
            }));
            normalise_aliases(actor);
        }
    }

    /// Adds the names of tools (of a pack or a catalog file) that are not
    /// known yet, in order, each with its tool's main name.
    fn merge_tools(&mut self, tools: &[crate::model::packs::PackTool], origin: OriginIdx) {
        let mut known: HashSet<String> = self.tools.iter().map(|t| t.text.clone()).collect();
        for tool in tools {
            let name = collapse_spaces(&tool.name);
            for text in std::iter::once(&tool.name).chain(&tool.aliases) {
                let text = collapse_spaces(text);
                if !text.is_empty() && known.insert(text.clone()) {
                    self.tools.push(ToolName {
                        text,
                        tool: name.clone(),
                        origin,
                    });
                }
            }
        }
    }

    /// Leaves out links that packs made to actors no layer loaded (a pack
    /// loaded without its sibling packs).
    fn prune_pack_links(&mut self) {
        let by_id = &self.by_id;
        let pack_links = std::mem::take(&mut self.pack_links);
        for actor in &mut self.actors {
            let Some(made) = pack_links.get(&actor.id) else {
                continue;
            };
            actor.links.retain(|l| {
                by_id.contains_key(&l.to.0) || !made.contains(&(l.rel.0.clone(), l.to.0.clone()))
            });
        }
    }

    fn index_shared(&mut self) {
        let mut owners: HashMap<String, Vec<ActorIdx>> = HashMap::new();
        for (idx, actor) in self.actors.iter().enumerate() {
            for alias in actor.aliases.iter().filter(|a| !a.is_dropped()) {
                let v = owners
                    .entry(crate::model::fold::fold_str(&alias.text, true))
                    .or_default();
                if v.last() != Some(&idx) {
                    v.push(idx);
                }
            }
        }
        owners.retain(|_, v| v.len() > 1);
        self.shared = owners;
    }

    /// Adds actors no catalog holds, discovered in the articles of a
    /// session (`crate::model::discover`): each keeps its aliases as given,
    /// their origin marked [`OriginKind::Discovered`]; an actor whose id is
    /// taken is left out.
    pub fn add_discovered(&mut self, actors: Vec<Actor>) {
        if actors.is_empty() {
            return;
        }
        let origin = self.add_origin(
            "the text, not the catalog".to_string(),
            OriginKind::Discovered,
        );
        for mut actor in actors {
            if self.by_id.contains_key(&actor.id) || actor.aliases.is_empty() {
                continue;
            }
            for alias in &mut actor.aliases {
                alias.origins = vec![origin];
            }
            self.by_id.insert(actor.id.clone(), self.actors.len());
            self.actors.push(actor);
        }
        self.index_shared();
    }

    /// Whether `actor` was discovered in the text rather than loaded from
    /// a catalog ([`Catalog::add_discovered`]).
    pub fn is_discovered(&self, actor: ActorIdx) -> bool {
        self.actors[actor].aliases.first().is_some_and(|a| {
            !a.origins.is_empty()
                && a.origins
                    .iter()
                    .all(|&o| self.origins[o].kind == OriginKind::Discovered)
        })
    }

    /// The names of tools and malware the packs hold, in load order.
    pub fn tools(&self) -> &[ToolName] {
        &self.tools
    }

    /// The occurrences the reader said are no mentions, in load order.
    pub fn suppressions(&self) -> &[Suppression] {
        &self.suppressions
    }

    /// Every source loaded, in load order.
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// The actors (in catalog order) that have this alias, as the finder
    /// folds it, when two or more do; empty when only one actor has it.
    pub fn sharing(&self, alias: &str) -> &[ActorIdx] {
        self.shared
            .get(&crate::model::fold::fold_str(alias, true))
            .map_or(&[], Vec::as_slice)
    }

    /// Merges an imported actor: a new one is added whole; one already
    /// known keeps its name and kind (an import's kinds are guesses), gains
    /// the aliases, links and references it lacks, and a description or
    /// country only where it has none.
    fn merge_actor(&mut self, actor: Actor, origin: OriginIdx) {
        let Actor {
            id,
            name,
            kind,
            aliases,
            description,
            country,
            links,
            refs,
        } = actor;
        let entry = match self.by_id.get(&id).map(|&i| &self.actors[i]) {
            Some(known) => {
                let mut all_links = known.links.clone();
                all_links.extend(links.into_iter().filter(|l| !known.links.contains(l)));
                let mut all_refs = known.refs.clone();
                all_refs.extend(refs.into_iter().filter(|r| !known.refs.contains(r)));
                ActorEntry {
                    id: DefinedId(id),
                    name: None,
                    kind: None,
                    aliases: Some(aliases.into_iter().map(AliasEntry).collect()),
                    description: description.filter(|_| known.description.is_none()),
                    country: country.filter(|_| known.country.is_none()).map(Country),
                    links: Some(all_links),
                    refs: Some(all_refs),
                }
            }
            None => ActorEntry {
                id: DefinedId(id),
                name: Some(name),
                kind: Some(kind),
                aliases: Some(aliases.into_iter().map(AliasEntry).collect()),
                description,
                country: country.map(Country),
                links: Some(links),
                refs: Some(refs),
            },
        };
        self.merge_entry(entry, origin);
    }

    /// Parses one file in aka's format and merges it into this catalog.
    fn merge_source(&mut self, source: &CatalogSource) -> Result<(), CatalogError> {
        let known: HashSet<String> = self.by_id.keys().cloned().collect();
        let file = parse_file(&source.json, known).map_err(|e| CatalogError::Invalid {
            path: source.name.clone(),
            line: e.line(),
            column: char_column(&source.json, e.line(), e.column()),
            message: describe_json_error(&e),
        })?;
        let (label, kind) = if source.name == BUNDLED_CATALOG_NAME {
            ("bundled catalog".to_string(), OriginKind::Bundled)
        } else {
            (source.name.clone(), OriginKind::File)
        };
        let origin = self.add_origin(label, kind);
        for entry in file.actors {
            // A file's links replace the actor's: none of them is a pack's.
            let replaced = entry.links.is_some().then(|| entry.id.0.clone());
            self.merge_entry(entry, origin);
            if let Some(id) = replaced {
                self.pack_links.remove(&id);
            }
        }
        self.merge_tools(&file.tools, origin);
        self.suppressions
            .extend(file.suppress.into_iter().map(|s| s.0));
        Ok(())
    }

    fn merge_entry(&mut self, entry: ActorEntry, origin: OriginIdx) {
        let ActorEntry {
            id,
            name,
            kind,
            aliases,
            description,
            country,
            links,
            refs,
        } = entry;
        if let Some(&idx) = self.by_id.get(&id.0) {
            let actor = &mut self.actors[idx];
            if let Some(name) = name {
                actor.name = name;
            }
            if let Some(kind) = kind {
                actor.kind = kind;
            }
            if description.is_some() {
                actor.description = description;
            }
            if country.is_some() {
                actor.country = country.map(|c| c.0);
            }
            if let Some(links) = links {
                actor.links = links;
            }
            if let Some(refs) = refs {
                actor.refs = refs;
            }
            actor.aliases.extend(
                aliases
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| with_origin(a.0, origin)),
            );
            normalise_aliases(actor);
            add_name_origin(actor, origin);
        } else {
            // parse_file rejects a new id without name and kind.
            let mut actor = Actor {
                id: id.0.clone(),
                name: name.unwrap_or_default(),
                kind: kind.unwrap_or(Kind::Other),
                aliases: aliases
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| with_origin(a.0, origin))
                    .collect(),
                description,
                country: country.map(|c| c.0),
                links: links.unwrap_or_default(),
                refs: refs.unwrap_or_default(),
            };
            normalise_aliases(&mut actor);
            add_name_origin(&mut actor, origin);
            self.by_id.insert(id.0, self.actors.len());
            self.actors.push(actor);
        }
    }

    fn check_links(&self, sources: &[CatalogSource]) -> Result<(), CatalogError> {
        for actor in &self.actors {
            for link in &actor.links {
                if !self.by_id.contains_key(&link.to.0) {
                    // Name the last file that mentions the target, the likeliest
                    // culprit, and where it is the target of a link ("to": "…").
                    // Strings are compared decoded: `"\u0061"` writes `"a"`.
                    let written = |json: &str| string_literals(json, &link.to.0);
                    let source = sources.iter().rev().find(|s| !written(&s.json).is_empty());
                    let message = format!(
                        "actor \"{}\" links ({}) to \"{}\", which no loaded catalog defines: \
                         add that actor or fix the id",
                        actor.id, link.rel.0, link.to.0
                    );
                    let Some(source) = source else {
                        return Err(CatalogError::Merge {
                            path: BUNDLED_CATALOG_NAME.to_string(),
                            message,
                        });
                    };
                    let json = &source.json;
                    let found = written(json);
                    let at = found
                        .iter()
                        .copied()
                        .find(|&at| {
                            json[..at]
                                .trim_end()
                                .strip_suffix(':')
                                .is_some_and(|b| b.trim_end().ends_with("\"to\""))
                        })
                        .or_else(|| found.first().copied())
                        .unwrap_or(0);
                    let (line, column) = line_col_of(json.as_bytes(), at);
                    return Err(CatalogError::Invalid {
                        path: source.name.clone(),
                        line,
                        column,
                        message,
                    });
                }
            }
        }
        Ok(())
    }

    /// Every actor, in catalog order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actor at `idx`.
    pub fn actor(&self, idx: ActorIdx) -> &Actor {
        &self.actors[idx]
    }

    /// The index of the actor with this id.
    pub fn index_of(&self, id: &str) -> Option<ActorIdx> {
        self.by_id.get(id).copied()
    }

    /// The actor with this id.
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.index_of(id).map(|i| &self.actors[i])
    }

    /// How many actors there are.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// How many aliases all actors have together.
    pub fn alias_count(&self) -> usize {
        self.actors.iter().map(|a| a.aliases.len()).sum()
    }
}

fn with_origin(mut alias: Alias, origin: OriginIdx) -> Alias {
    alias.origins = vec![origin];
    alias
}

/// Records that `origin` names the actor (its name is an alias).
fn add_name_origin(actor: &mut Actor, origin: OriginIdx) {
    if let Some(first) = actor.aliases.first_mut()
        && !first.origins.contains(&origin)
    {
        first.origins.push(origin);
    }
}

/// Puts the name first among the aliases and drops duplicates, keeping
/// every origin of a duplicate. The name is a `smart` alias unless the
/// aliases list it with `exact` case (`GRU`) or a noise rule marks it. Of
/// two verdicts on the same text the milder wins: a curated catalog file's
/// alias is never gated or dropped by a pack's rule (the rule is kept,
/// with [`NoiseAction::Exact`], as what it observed).
fn normalise_aliases(actor: &mut Actor) {
    let name = collapse_spaces(&actor.name);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Alias> = Vec::with_capacity(actor.aliases.len() + 1);
    let listed = actor.aliases.iter().find(|a| a.text == name);
    let name = Alias {
        origins: Vec::new(),
        ..listed
            .cloned()
            .unwrap_or_else(|| Alias::new(name, CaseMode::Smart))
    };
    for alias in std::iter::once(name).chain(actor.aliases.drain(..)) {
        if alias.text.is_empty() {
            continue;
        }
        if let Some(&i) = seen.get(&alias.text) {
            let kept = &mut out[i];
            for o in alias.origins {
                if !kept.origins.contains(&o) {
                    kept.origins.push(o);
                }
            }
            kept.noise = match (kept.noise, alias.noise) {
                (Some(a), Some(b)) => Some(if b.action < a.action { b } else { a }),
                // A catalog file vouches for the alias: the rule's
                // observation stays, its gate or drop does not.
                (Some(m), None) | (None, Some(m)) => Some(NoiseMark {
                    action: NoiseAction::Exact,
                    rule: m.rule,
                }),
                (None, None) => None,
            };
        } else {
            seen.insert(alias.text.clone(), out.len());
            out.push(alias);
        }
    }
    actor.aliases = out;
}

/// Trims an alias and turns each run of white space into one space.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; we print that position first.
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    match e.classify() {
        serde_json::error::Category::Syntax => format!("JSON syntax error: {msg}"),
        serde_json::error::Category::Eof => {
            format!("JSON ends too early: {msg} (a bracket or quote is not closed)")
        }
        _ => msg,
    }
}

// ---------------------------------------------------------------------------
// Parsing. Checks live in Deserialize impls so that serde_json reports the
// position of the offending token.

thread_local! {
    /// Ids defined by earlier files, and ids seen so far in this file.
    static PARSE_CONTEXT: RefCell<(HashSet<String>, HashSet<String>)> =
        RefCell::new((HashSet::new(), HashSet::new()));
}

fn parse_file(json: &str, known: HashSet<String>) -> Result<CatalogFile, serde_json::Error> {
    PARSE_CONTEXT.with(|c| *c.borrow_mut() = (known, HashSet::new()));
    let result = serde_json::from_str::<CatalogFile>(json);
    PARSE_CONTEXT.with(|c| *c.borrow_mut() = (HashSet::new(), HashSet::new()));
    result
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    actors: ActorList,
    #[serde(default)]
    tools: Vec<crate::model::packs::PackTool>,
    #[serde(default)]
    suppress: Vec<SuppressEntry>,
}

/// A suppression as a file writes it: the alias may not be empty.
struct SuppressEntry(Suppression);

impl<'de> Deserialize<'de> for SuppressEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Suppression::deserialize(d)?;
        if s.alias.trim().is_empty() {
            return Err(de::Error::custom(
                "a suppression needs the words it suppresses: \"alias\" is empty",
            ));
        }
        Ok(SuppressEntry(s))
    }
}

struct ActorList(Vec<ActorEntry>);

impl IntoIterator for ActorList {
    type Item = ActorEntry;
    type IntoIter = std::vec::IntoIter<ActorEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'de> Deserialize<'de> for ActorList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ActorList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of actors")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ActorList, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = seq.next_element::<ActorEntry>()? {
                    let known = PARSE_CONTEXT.with(|c| c.borrow().0.contains(&entry.id.0));
                    if !known && (entry.name.is_none() || entry.kind.is_none()) {
                        let missing = match (entry.name.is_none(), entry.kind.is_none()) {
                            (true, true) => "\"name\" and \"kind\"",
                            (true, false) => "\"name\"",
                            _ => "\"kind\"",
                        };
                        return Err(de::Error::custom(format!(
                            "actor \"{}\" is new but has no {missing}: a new id needs both \
                             (only an id defined by an earlier catalog may give just the \
                             fields it changes)",
                            entry.id.0
                        )));
                    }
                    out.push(entry);
                }
                Ok(ActorList(out))
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorEntry {
    id: DefinedId,
    #[serde(default, deserialize_with = "checked_name")]
    name: Option<String>,
    kind: Option<Kind>,
    aliases: Option<Vec<AliasEntry>>,
    description: Option<String>,
    country: Option<Country>,
    links: Option<Vec<Link>>,
    refs: Option<Vec<String>>,
}

/// An actor id as it is defined (checked for syntax and uniqueness in a file).
struct DefinedId(String);

/// Whether `s` is a valid actor id: one or more of `a-z`, `0-9`, `.`, `_`
/// and `-`.
pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

fn check_id<E: de::Error>(s: &str) -> Result<(), E> {
    if valid_id(s) {
        Ok(())
    } else {
        Err(E::custom(format!(
            "invalid id \"{s}\": ids use only a-z, 0-9, '.', '_' and '-' (for example \"apt28\")"
        )))
    }
}

impl<'de> Deserialize<'de> for DefinedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        check_id(&s)?;
        let fresh = PARSE_CONTEXT.with(|c| c.borrow_mut().1.insert(s.clone()));
        if !fresh {
            return Err(de::Error::custom(format!(
                "duplicate id \"{s}\" in this file: merge the two entries or rename one"
            )));
        }
        Ok(DefinedId(s))
    }
}

impl<'de> Deserialize<'de> for ActorRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        check_id(&s)?;
        Ok(ActorRef(s))
    }
}

impl<'de> Deserialize<'de> for Rel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let ok = !s.is_empty()
            && s.split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        if ok {
            Ok(Rel(s))
        } else {
            Err(de::Error::custom(format!(
                "invalid link rel \"{s}\": use lower-case words joined by '-' \
                 (operated-by, persona-of, part-of, government-of, related-to)"
            )))
        }
    }
}

struct Country(String);

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Country(s))
        } else {
            Err(de::Error::custom(format!(
                "invalid country \"{s}\": use an ISO 3166 alpha-2 code in capitals (\"RU\", \"US\")"
            )))
        }
    }
}

struct AliasEntry(Alias);

/// How a catalog file marks a demonym alias: `"demonym": "adjective"`
/// (`Russian`, counted before a word of government) or `"people"`
/// (`Russians`, counted after "the"); see docs/catalog.md.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum DemonymEntry {
    Adjective,
    People,
}

/// Refuses a name or alias that holds a control character: a terminal
/// would obey it, and no article spells a name with one. The MISP and
/// STIX imports refuse them the same way.
pub(crate) fn no_controls<E: de::Error>(what: &str, text: &str) -> Result<(), E> {
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(E::custom(format!(
            "{what} {text:?} holds the control character U+{:04X}: remove it",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// An actor's name as a file gives it: neither empty nor holding a
/// control character.
fn checked_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(name) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    if name.trim().is_empty() {
        return Err(de::Error::custom(
            "empty name: write the name the actor is best known by (\"APT28\")",
        ));
    }
    no_controls("name", &name)?;
    Ok(Some(name))
}

fn checked_alias<E: de::Error>(text: &str, case: CaseMode) -> Result<AliasEntry, E> {
    no_controls("alias", text)?;
    let text = collapse_spaces(text);
    if text.is_empty() {
        return Err(E::custom(
            "empty alias: remove it or write the name it stands for",
        ));
    }
    Ok(AliasEntry(Alias::new(text, case)))
}

impl<'de> Deserialize<'de> for AliasEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AliasEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an alias: a string or {\"text\": \"…\", \"case\": \"smart\"|\"exact\"}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AliasEntry, E> {
                checked_alias(v, CaseMode::Smart)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AliasEntry, A::Error> {
                let mut text: Option<String> = None;
                let mut case: Option<CaseMode> = None;
                let mut demonym: Option<DemonymEntry> = None;
                let mut noise: Option<NoiseMark> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value()?),
                        "case" if case.is_none() => case = Some(map.next_value()?),
                        "demonym" if demonym.is_none() => demonym = Some(map.next_value()?),
                        "noise" if noise.is_none() => noise = Some(map.next_value()?),
                        "text" | "case" | "demonym" | "noise" => {
                            return Err(de::Error::custom(format!("duplicate field `{key}`")));
                        }
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["text", "case", "demonym", "noise"],
                            ));
                        }
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                let mut entry = checked_alias(&text, case.unwrap_or_default())?;
                let demonym = demonym.map(|d| NoiseMark {
                    action: NoiseAction::Gated,
                    rule: match d {
                        DemonymEntry::Adjective => NoiseRule::Demonym,
                        DemonymEntry::People => NoiseRule::DemonymPlural,
                    },
                });
                if demonym.is_some() && noise.is_some() {
                    return Err(de::Error::custom(
                        "an alias gives \"demonym\" or \"noise\", not both \
                         (\"demonym\": \"adjective\" is the noise rule demonym, gated)",
                    ));
                }
                entry.0.noise = demonym.or(noise);
                Ok(entry)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[&str]) -> Result<Catalog, CatalogError> {
        let sources: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(i, j)| CatalogSource {
                name: format!("c{i}.json"),
                json: (*j).to_string(),
            })
            .collect();
        Catalog::load(&sources)
    }

    fn err_at(files: &[&str]) -> (usize, usize, String) {
        match load(files) {
            Err(CatalogError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected an invalid-catalog error, got {other:?}"),
        }
    }

    #[test]
    fn bundled_catalog_loads() {
        let c = Catalog::bundled();
        assert!(c.get("apt28").is_some());
        assert_eq!(c.actors()[0].aliases[0].text, c.actors()[0].name);
    }

    #[test]
    fn name_is_first_alias_and_duplicates_drop() {
        let c = load(&[r#"{"actors":[{"id":"a","name":"Alpha","kind":"other","aliases":["Alpha","  A   B ",{"text":"AB","case":"exact"}]}]}"#]).unwrap();
        let texts: Vec<_> = c.actors()[0]
            .aliases
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(texts, ["Alpha", "A B", "AB"]);
        assert_eq!(c.actors()[0].aliases[2].case, CaseMode::Exact);
        let c = load(&[r#"{"actors":[{"id":"g","name":"GRU","kind":"agency","aliases":[{"text":"GRU","case":"exact"}]}]}"#]).unwrap();
        assert_eq!(c.actors()[0].aliases.len(), 1);
        assert_eq!(c.actors()[0].aliases[0].text, "GRU");
        assert_eq!(c.actors()[0].aliases[0].case, CaseMode::Exact);
    }

    #[test]
    fn later_catalog_adds_aliases_and_overrides_fields() {
        let base = r#"{"actors":[{"id":"a","name":"Alpha","kind":"other","description":"old"}]}"#;
        let more = r#"{"actors":[{"id":"a","aliases":["Al"],"description":"new"},{"id":"b","name":"B","kind":"media"}]}"#;
        let c = load(&[base, more]).unwrap();
        let a = c.get("a").unwrap();
        assert_eq!(a.description.as_deref(), Some("new"));
        assert_eq!(a.aliases.len(), 2);
        assert_eq!(c.index_of("b"), Some(1));
    }

    #[test]
    fn syntax_error_has_position() {
        let (line, col, msg) = err_at(&["{\"actors\": [\n  {\"id\": \"a\",, }\n]}"]);
        assert_eq!((line, col), (2, 14));
        assert!(msg.contains("JSON syntax error"), "{msg}");
    }

    #[test]
    fn unknown_field_is_an_error() {
        let (line, col, msg) = err_at(&[
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\", \"alias\": []}\n]}",
        ]);
        assert_eq!((line, col), (2, 50));
        assert!(msg.contains("unknown field `alias`"), "{msg}");
    }

    #[test]
    fn duplicate_id_points_at_second_id() {
        let json = "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\"},\n {\"id\": \"a\", \"name\": \"B\", \"kind\": \"other\"}\n]}";
        let (line, col, msg) = err_at(&[json]);
        assert_eq!((line, col), (3, 11));
        assert!(msg.contains("duplicate id \"a\""), "{msg}");
    }

    #[test]
    fn same_id_in_two_files_is_a_merge() {
        let a = r#"{"actors":[{"id":"a","name":"A","kind":"other"}]}"#;
        assert!(load(&[a, a]).is_ok());
    }

    #[test]
    fn empty_alias_bad_id_bad_kind() {
        let (l, c, m) = err_at(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"other","aliases":["ok", "  "]}]}"#,
        ]);
        assert_eq!((l, c), (1, 68));
        assert!(m.contains("empty alias"), "{m}");
        let (l, c, m) = err_at(&[r#"{"actors":[{"id":"APT 28","name":"A","kind":"other"}]}"#]);
        assert_eq!((l, c), (1, 25));
        assert!(m.contains("invalid id \"APT 28\""), "{m}");
        let (_, _, m) = err_at(&[r#"{"actors":[{"id":"a","name":"A","kind":"group"}]}"#]);
        assert!(
            m.contains("unknown variant `group`") && m.contains("threat-group"),
            "{m}"
        );
        let (_, _, m) = err_at(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"other","aliases":[{"text":"x","case":"upper"}]}]}"#,
        ]);
        assert!(m.contains("unknown variant `upper`"), "{m}");
        let (_, _, m) =
            err_at(&[r#"{"actors":[{"id":"a","name":"A","kind":"other","country":"Russia"}]}"#]);
        assert!(m.contains("invalid country"), "{m}");
        let (_, _, m) = err_at(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"other","links":[{"rel":"Operated By","to":"a"}]}]}"#,
        ]);
        assert!(m.contains("invalid link rel"), "{m}");
    }

    #[test]
    fn empty_names_and_control_characters_are_refused_where_they_stand() {
        let (l, c, m) =
            err_at(&["{\"actors\": [\n {\"id\": \"a\", \"name\": \"\", \"kind\": \"other\"}\n]}"]);
        assert_eq!((l, c), (2, 23));
        assert!(m.contains("empty name"), "{m}");
        let (l, c, m) = err_at(&[
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\\u001b]0;X\", \"kind\": \"other\"}\n]}",
        ]);
        assert_eq!((l, c), (2, 34));
        assert!(m.contains("U+001B"), "{m}");
        let (l, c, m) = err_at(&[
            "{\"actors\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\",\n \"aliases\": [\"ok\", {\"text\": \"B\\u0085\"}]}]}",
        ]);
        assert_eq!((l, c), (2, 38));
        assert!(m.contains("alias") && m.contains("U+0085"), "{m}");
        let (_, _, m) =
            err_at(&[r#"{"actors":[{"id":"a","name":"A","kind":"other","aliases":[""]}]}"#]);
        assert!(m.contains("empty alias"), "{m}");
    }

    #[test]
    fn new_id_needs_name_and_kind() {
        let (_, _, m) = err_at(&[r#"{"actors":[{"id":"a","aliases":["x"]}]}"#]);
        assert!(m.contains("no \"name\" and \"kind\""), "{m}");
    }

    #[test]
    fn a_file_may_give_noise_marks_confidences_and_tools() {
        let c = load(&[r#"{"actors":[
            {"id":"a","name":"Alpha","kind":"other","aliases":[
                {"text":"Tick","case":"exact","noise":{"action":"gated","rule":"common-word"}},
                {"text":"777","noise":{"action":"dropped","rule":"number"}}],
             "links":[{"rel":"similar","to":"a","confidence":"likely"}]}],
            "tools":[{"name":"Cobalt  Strike","aliases":["CobaltStrike"]},{"name":"CobaltStrike"}]}"#])
        .unwrap();
        let a = c.get("a").unwrap();
        assert!(a.aliases[1].is_gated() && a.aliases[1].case == CaseMode::Exact);
        assert!(a.aliases[2].is_dropped());
        assert_eq!(a.links[0].confidence.as_deref(), Some("likely"));
        let tools: Vec<(&str, &str)> = c
            .tools()
            .iter()
            .map(|t| (t.text.as_str(), t.tool.as_str()))
            .collect();
        assert_eq!(
            tools,
            [
                ("Cobalt Strike", "Cobalt Strike"),
                ("CobaltStrike", "Cobalt Strike")
            ]
        );
        let (_, _, m) = err_at(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"state","aliases":[{"text":"Ay","demonym":"adjective","noise":{"action":"gated","rule":"demonym"}}]}]}"#,
        ]);
        assert!(m.contains("not both"), "{m}");
        let (_, _, m) = err_at(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"other","aliases":[{"text":"x","noise":{"action":"muted","rule":"number"}}]}]}"#,
        ]);
        assert!(m.contains("unknown variant `muted`"), "{m}");
    }

    #[test]
    fn a_file_link_with_a_confidence_to_an_unknown_id_is_still_an_error() {
        let e = load(&[r#"{"actors":[{"id":"a","name":"A","kind":"other","links":[{"rel":"similar","to":"zz","confidence":"likely"}]}]}"#]).unwrap_err();
        assert!(e.to_string().contains("\"zz\""), "{e}");
    }

    #[test]
    fn link_to_unknown_actor() {
        let e = load(&[
            r#"{"actors":[{"id":"a","name":"A","kind":"other"}]}"#,
            "{\"actors\":[{\"id\":\"b\",\"name\":\"zz\",\"kind\":\"other\",\n \"links\":[{\"rel\":\"part-of\", \"to\": \"zz\"}]}]}",
        ])
        .unwrap_err();
        let CatalogError::Invalid {
            path, line, column, ..
        } = &e
        else {
            panic!("a position: {e:?}");
        };
        assert_eq!((path.as_str(), *line, *column), ("c1.json", 2, 35));
        assert!(e.to_string().contains("\"zz\""));
    }
}
