//! Catalogs: the actors aka knows and every alias they go by.
//!
//! A catalog file is JSON (SPEC section 2). Several files merge into one
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

/// How letter case is compared when an alias is matched (SPEC 3.3).
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
}

/// A typed edge from one actor to another (`apt28 operated-by gru`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The relation, lower-case words joined by dashes.
    pub rel: Rel,
    /// The id of the actor linked to.
    pub to: ActorRef,
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

/// Index of an actor in [`Catalog::actors`]; catalog order is definition order.
pub type ActorIdx = usize;

/// The merged set of actors from one or more catalog files.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    actors: Vec<Actor>,
    by_id: HashMap<String, ActorIdx>,
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
        let json = String::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col_of(e.as_bytes(), e.utf8_error().valid_up_to());
            CatalogError::Invalid {
                path: name.clone(),
                line,
                column,
                message: "invalid UTF-8: catalogs must be UTF-8 text".to_string(),
            }
        })?;
        Ok(CatalogSource { name, json })
    }
}

/// A plain-words reason for an I/O error, without Rust's `(os error 2)`.
pub fn io_reason(e: &std::io::Error) -> String {
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

    /// Parses and merges catalogs in order (later files win, SPEC 2).
    pub fn load(sources: &[CatalogSource]) -> Result<Self, CatalogError> {
        let mut catalog = Catalog::default();
        for source in sources {
            catalog.merge_source(source)?;
        }
        catalog.check_links(sources)?;
        Ok(catalog)
    }

    /// Parses one file and merges it into this catalog.
    fn merge_source(&mut self, source: &CatalogSource) -> Result<(), CatalogError> {
        let known: HashSet<String> = self.by_id.keys().cloned().collect();
        let file = parse_file(&source.json, known).map_err(|e| CatalogError::Invalid {
            path: source.name.clone(),
            line: e.line(),
            // serde_json says column 0 for an empty file or line; columns are 1-based.
            column: e.column().max(1),
            message: describe_json_error(&e),
        })?;
        for entry in file.actors {
            self.merge_entry(entry);
        }
        Ok(())
    }

    fn merge_entry(&mut self, entry: ActorEntry) {
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
            actor
                .aliases
                .extend(aliases.unwrap_or_default().into_iter().map(|a| a.0));
            normalise_aliases(actor);
        } else {
            // parse_file rejects a new id without name and kind.
            let mut actor = Actor {
                id: id.0.clone(),
                name: name.unwrap_or_default(),
                kind: kind.unwrap_or(Kind::Other),
                aliases: aliases
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| a.0)
                    .collect(),
                description,
                country: country.map(|c| c.0),
                links: links.unwrap_or_default(),
                refs: refs.unwrap_or_default(),
            };
            normalise_aliases(&mut actor);
            self.by_id.insert(id.0, self.actors.len());
            self.actors.push(actor);
        }
    }

    fn check_links(&self, sources: &[CatalogSource]) -> Result<(), CatalogError> {
        for actor in &self.actors {
            for link in &actor.links {
                if !self.by_id.contains_key(&link.to.0) {
                    // Name the last file that mentions the target, the likeliest culprit.
                    let needle = format!("\"{}\"", link.to.0);
                    let path = sources
                        .iter()
                        .rev()
                        .find(|s| s.json.contains(&needle))
                        .map_or_else(|| BUNDLED_CATALOG_NAME.to_string(), |s| s.name.clone());
                    return Err(CatalogError::Merge {
                        path,
                        message: format!(
                            "actor \"{}\" links ({}) to \"{}\", which no loaded catalog defines: \
                             add that actor or fix the id",
                            actor.id, link.rel.0, link.to.0
                        ),
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

/// Puts the name first among the aliases and drops duplicates. The name is
/// a `smart` alias unless the aliases list it with `exact` case (`GRU`).
fn normalise_aliases(actor: &mut Actor) {
    let name = collapse_spaces(&actor.name);
    let name_case = actor
        .aliases
        .iter()
        .find(|a| a.text == name)
        .map_or(CaseMode::Smart, |a| a.case);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(actor.aliases.len() + 1);
    let name = Alias {
        text: name,
        case: name_case,
    };
    for alias in std::iter::once(name).chain(actor.aliases.drain(..)) {
        if !alias.text.is_empty() && seen.insert(alias.text.clone()) {
            out.push(alias);
        }
    }
    actor.aliases = out;
}

/// Trims an alias and turns each run of white space into one space.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn describe_json_error(e: &serde_json::Error) -> String {
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

fn valid_id(s: &str) -> bool {
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

fn checked_alias<E: de::Error>(text: &str, case: CaseMode) -> Result<AliasEntry, E> {
    let text = collapse_spaces(text);
    if text.is_empty() {
        return Err(E::custom(
            "empty alias: remove it or write the name it stands for",
        ));
    }
    Ok(AliasEntry(Alias { text, case }))
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
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value()?),
                        "case" if case.is_none() => case = Some(map.next_value()?),
                        "text" | "case" => {
                            return Err(de::Error::custom(format!("duplicate field `{key}`")));
                        }
                        other => return Err(de::Error::unknown_field(other, &["text", "case"])),
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                checked_alias(&text, case.unwrap_or_default())
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
        assert_eq!(
            c.actors()[0].aliases,
            [Alias {
                text: "GRU".into(),
                case: CaseMode::Exact
            }]
        );
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
    fn new_id_needs_name_and_kind() {
        let (_, _, m) = err_at(&[r#"{"actors":[{"id":"a","aliases":["x"]}]}"#]);
        assert!(m.contains("no \"name\" and \"kind\""), "{m}");
    }

    #[test]
    fn link_to_unknown_actor() {
        let e = load(&[r#"{"actors":[{"id":"a","name":"A","kind":"other","links":[{"rel":"part-of","to":"zz"}]}]}"#]).unwrap_err();
        assert!(matches!(e, CatalogError::Merge { .. }));
        assert!(e.to_string().contains("\"zz\""));
    }
}
