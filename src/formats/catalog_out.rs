//! Catalogs out: `aka catalog export` writes the merged catalog, everything
//! aka loaded, as one file (docs/catalog.md, Exporting the catalog).
//!
//! - [`CatalogFormat::Aka`]: aka's own catalog format, one actor a line,
//!   with what only packs could say before (noise marks, link confidence,
//!   tools): loaded alone, it gives the same actors, aliases and mentions.
//! - [`CatalogFormat::Misp`]: a MISP galaxy cluster ([`super::misp::export`]).
//! - [`CatalogFormat::Stix`]: a STIX 2.1 bundle
//!   ([`super::stix::catalog::export`]).
//! - [`CatalogFormat::Names`]: every alias the finder searches, one a line.
//!
//! Every writer streams to an [`io::Write`], record by record, in catalog
//! order; the same catalog gives the same bytes.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::catalog::{Link, NoiseAction, NoiseMark, NoiseRule};
use crate::model::{Actor, Alias, CaseMode, Catalog, Kind};

/// A format `aka catalog export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogFormat {
    /// aka's catalog JSON (docs/catalog.md).
    Aka,
    /// A MISP galaxy cluster.
    Misp,
    /// A STIX 2.1 bundle.
    Stix,
    /// One alias a line.
    Names,
}

impl CatalogFormat {
    /// Every format, the default first.
    pub const ALL: [CatalogFormat; 4] = [
        CatalogFormat::Aka,
        CatalogFormat::Misp,
        CatalogFormat::Stix,
        CatalogFormat::Names,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            CatalogFormat::Aka => "aka",
            CatalogFormat::Misp => "misp",
            CatalogFormat::Stix => "stix",
            CatalogFormat::Names => "names",
        }
    }

    /// One line saying what it is, for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            CatalogFormat::Aka => {
                "aka's catalog JSON: alone (--no-default-catalog --no-user-catalog --catalog FILE) it finds the same mentions"
            }
            CatalogFormat::Misp => {
                "A MISP galaxy cluster: a value per actor, aka's fields in aka-* meta keys"
            }
            CatalogFormat::Stix => {
                "A STIX 2.1 bundle: an object per actor, a relationship per link"
            }
            CatalogFormat::Names => "Every alias the finder searches, one a line, each once",
        }
    }
}

/// Writes `catalog` in `format` to `out` (unbuffered: give it a
/// [`io::BufWriter`]).
pub fn write(format: CatalogFormat, catalog: &Catalog, out: &mut dyn Write) -> io::Result<()> {
    match format {
        CatalogFormat::Aka => write_aka(catalog, out),
        CatalogFormat::Misp => super::misp::export(catalog, out),
        CatalogFormat::Stix => super::stix::catalog::export(catalog, out),
        CatalogFormat::Names => write_names(catalog, out),
    }
}

/// Whether `alias` is the one a catalog makes of `actor`'s name by itself:
/// the name's text, `smart` case, no noise mark. A file need not list it.
pub(crate) fn is_plain_name(actor: &Actor, alias: &Alias) -> bool {
    alias.case == CaseMode::Smart && alias.noise.is_none() && is_name(actor, alias)
}

/// Whether `alias` is `actor`'s name (its spaces collapsed, as the catalog
/// makes it).
pub(crate) fn is_name(actor: &Actor, alias: &Alias) -> bool {
    alias.text.split(' ').eq(actor.name.split_whitespace())
}

/// An actor's aliases but its name (when the first alias is the name), as
/// the MISP and STIX exports list them beside it.
pub(crate) fn other_names(actor: &Actor) -> Vec<&str> {
    actor
        .aliases
        .iter()
        .enumerate()
        .filter(|&(i, a)| i > 0 || !is_name(actor, a))
        .map(|(_, a)| a.text.as_str())
        .collect()
}

/// A noise mark on one alias, as the MISP and STIX exports write it
/// (`aka-noise`, `x_aka_noise`) and their imports read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AliasNoise {
    /// The alias's text.
    pub(crate) text: String,
    /// What the rule did.
    pub(crate) action: NoiseAction,
    /// Which rule.
    pub(crate) rule: NoiseRule,
}

/// The texts of `actor`'s aliases with `exact` case, and its noise marks,
/// in alias order (the name's included).
pub(crate) fn marks(actor: &Actor) -> (Vec<&str>, Vec<AliasNoise>) {
    let exact = actor
        .aliases
        .iter()
        .filter(|a| a.case == CaseMode::Exact)
        .map(|a| a.text.as_str())
        .collect();
    let noise = actor
        .aliases
        .iter()
        .filter_map(|a| {
            a.noise.map(|n| AliasNoise {
                text: a.text.clone(),
                action: n.action,
                rule: n.rule,
            })
        })
        .collect();
    (exact, noise)
}

/// Gives imported aliases the case and noise marks an export wrote:
/// `exact` lists the texts with `exact` case, `noise` the marks. The name,
/// when marked, joins the aliases so that the mark is kept.
pub(crate) fn apply_marks(
    name: &str,
    aliases: &mut Vec<Alias>,
    exact: &[String],
    noise: &[AliasNoise],
) {
    if exact.is_empty() && noise.is_empty() {
        return;
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let marked = |t: &str| exact.iter().any(|e| e == t) || noise.iter().any(|n| n.text == t);
    if marked(&name) && !aliases.iter().any(|a| a.text == name) {
        aliases.insert(0, Alias::new(name, CaseMode::Smart));
    }
    for alias in aliases {
        if exact.contains(&alias.text) {
            alias.case = CaseMode::Exact;
        }
        if let Some(n) = noise.iter().find(|n| n.text == alias.text) {
            alias.noise = Some(NoiseMark {
                action: n.action,
                rule: n.rule,
            });
        }
    }
}

/// One actor as a catalog file entry.
#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<AliasOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    links: &'a [Link],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    refs: &'a [String],
}

/// An alias as a catalog file writes it: a string when it is plain, else
/// an object.
#[derive(Serialize)]
#[serde(untagged)]
enum AliasOut<'a> {
    Plain(&'a str),
    Marked {
        text: &'a str,
        #[serde(skip_serializing_if = "is_smart")]
        case: CaseMode,
        #[serde(skip_serializing_if = "Option::is_none")]
        demonym: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        noise: Option<NoiseMark>,
    },
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_smart(c: &CaseMode) -> bool {
    *c == CaseMode::Smart
}

impl<'a> AliasOut<'a> {
    fn new(alias: &'a Alias) -> Self {
        // A gated demonym is written as catalog files write it.
        let demonym = match alias.noise {
            Some(NoiseMark {
                action: NoiseAction::Gated,
                rule: NoiseRule::Demonym,
            }) => Some("adjective"),
            Some(NoiseMark {
                action: NoiseAction::Gated,
                rule: NoiseRule::DemonymPlural,
            }) => Some("people"),
            _ => None,
        };
        if alias.case == CaseMode::Smart && alias.noise.is_none() {
            return AliasOut::Plain(&alias.text);
        }
        AliasOut::Marked {
            text: &alias.text,
            case: alias.case,
            demonym,
            noise: alias.noise.filter(|_| demonym.is_none()),
        }
    }
}

impl<'a> ActorOut<'a> {
    fn new(actor: &'a Actor) -> Self {
        let aliases = actor
            .aliases
            .iter()
            .enumerate()
            .filter(|&(i, a)| i > 0 || !is_plain_name(actor, a))
            .map(|(_, a)| AliasOut::new(a))
            .collect();
        ActorOut {
            id: &actor.id,
            name: &actor.name,
            kind: actor.kind,
            aliases,
            description: actor.description.as_deref(),
            country: actor.country.as_deref(),
            links: &actor.links,
            refs: &actor.refs,
        }
    }
}

/// One tool of a catalog file: a name and its other names.
#[derive(Serialize)]
struct ToolOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
}

/// The catalog's tool names, grouped back into tools: each run of names
/// of one tool, in order. Loaded again, they give the same names in the
/// same order (a name already known is skipped again).
fn tools(catalog: &Catalog) -> Vec<ToolOut<'_>> {
    let mut out: Vec<ToolOut<'_>> = Vec::new();
    for t in catalog.tools() {
        match out.last_mut() {
            Some(last) if last.name == t.tool => {
                if t.text != t.tool {
                    last.aliases.push(&t.text);
                }
            }
            _ => out.push(ToolOut {
                name: &t.tool,
                aliases: if t.text == t.tool {
                    Vec::new()
                } else {
                    vec![&t.text]
                },
            }),
        }
    }
    out
}

/// Writes `"key":[` then each item on a line of its own, then `]`.
fn write_list<T: Serialize>(
    out: &mut dyn Write,
    key: &str,
    items: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    write!(out, "\"{key}\":[")?;
    for (i, item) in items.into_iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &item)?;
    }
    out.write_all(b"\n]")
}

/// aka's catalog format: `actors`, then `tools` and `suppress` when there
/// are any; one entry a line.
fn write_aka(catalog: &Catalog, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{")?;
    write_list(out, "actors", catalog.actors().iter().map(ActorOut::new))?;
    let tools = tools(catalog);
    if !tools.is_empty() {
        out.write_all(b",\n")?;
        write_list(out, "tools", tools)?;
    }
    if !catalog.suppressions().is_empty() {
        out.write_all(b",\n")?;
        write_list(out, "suppress", catalog.suppressions())?;
    }
    out.write_all(b"}\n")
}

/// Every alias the finder searches (not dropped), as the catalog writes
/// it, each text once, in catalog order.
fn write_names(catalog: &Catalog, out: &mut dyn Write) -> io::Result<()> {
    let mut seen: HashSet<&str> = HashSet::new();
    for alias in catalog
        .actors()
        .iter()
        .flat_map(|a| &a.aliases)
        .filter(|a| !a.is_dropped())
    {
        if seen.insert(&alias.text) {
            out.write_all(alias.text.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::CatalogSource;

    fn load(json: &str) -> Catalog {
        Catalog::load(&[CatalogSource {
            name: "t.json".into(),
            json: json.into(),
        }])
        .unwrap()
    }

    fn export(format: CatalogFormat, catalog: &Catalog) -> String {
        let mut out = Vec::new();
        write(format, catalog, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const MARKED: &str = r#"{"actors":[
        {"id":"gru","name":"GRU","kind":"agency","aliases":[{"text":"GRU","case":"exact"},"Main Directorate"]},
        {"id":"russia","name":"Russia","kind":"state","aliases":[{"text":"Russian","demonym":"adjective"},
            {"text":"Tick","case":"exact","noise":{"action":"dropped","rule":"common-word"}}],
         "links":[{"rel":"part-of","to":"gru","confidence":"likely"}]}
    ],
    "tools":[{"name":"Cobalt Strike","aliases":["CobaltStrike"]},{"name":"Mimikatz"}],
    "suppress":[{"alias":"Cobalt"}]}"#;

    #[test]
    fn the_aka_format_writes_one_entry_a_line_and_what_packs_say() {
        let c = load(MARKED);
        let text = export(CatalogFormat::Aka, &c);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "{\"actors\":[");
        assert_eq!(
            lines[1],
            r#"{"id":"gru","name":"GRU","kind":"agency","aliases":[{"text":"GRU","case":"exact"},"Main Directorate"]},"#
        );
        assert_eq!(
            lines[2],
            r#"{"id":"russia","name":"Russia","kind":"state","aliases":[{"text":"Russian","demonym":"adjective"},{"text":"Tick","case":"exact","noise":{"action":"dropped","rule":"common-word"}}],"links":[{"rel":"part-of","to":"gru","confidence":"likely"}]}"#
        );
        assert!(text.contains("\"tools\":[\n{\"name\":\"Cobalt Strike\",\"aliases\":[\"CobaltStrike\"]},\n{\"name\":\"Mimikatz\"}\n]"), "{text}");
        assert!(
            text.ends_with(",\n\"suppress\":[\n{\"alias\":\"Cobalt\"}\n]}\n"),
            "{text}"
        );
        // Loaded again, the same catalog and the same bytes.
        let again = load(&text);
        assert_eq!(again.actors(), c.actors());
        assert_eq!(again.tools(), c.tools());
        assert_eq!(again.suppressions(), c.suppressions());
        assert_eq!(export(CatalogFormat::Aka, &again), text);
    }

    #[test]
    fn names_are_the_searched_aliases_each_once() {
        let c = load(MARKED);
        assert_eq!(
            export(CatalogFormat::Names, &c),
            "GRU\nMain Directorate\nRussia\nRussian\n"
        );
    }

    #[test]
    fn an_empty_catalog_is_a_valid_file() {
        let c = load(r#"{"actors":[]}"#);
        let text = export(CatalogFormat::Aka, &c);
        assert_eq!(text, "{\"actors\":[\n]}\n");
        assert!(load(&text).is_empty());
    }

    #[test]
    fn every_format_has_one_name() {
        let names: HashSet<_> = CatalogFormat::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), CatalogFormat::ALL.len());
    }
}
