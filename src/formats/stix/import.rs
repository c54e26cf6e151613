//! STIX 2.1 bundles: one actor per `intrusion-set`, `threat-actor`,
//! `identity`, `campaign`, `malware` and `tool` object that is not revoked,
//! its `aliases` and `x_mitre_aliases` as aliases; `relationship` objects of
//! type `attributed-to` and `uses` between two of them become links (the
//! relationship's `confidence`, 0 to 100, kept as the link's). An object
//! aka exported keeps its aka id (`x_aka_id`), kind (`x_aka_kind`),
//! aliases (`x_aka_aliases` on an identity), country (`x_aka_country`),
//! case and noise marks (`x_aka_exact`, `x_aka_noise`); a relationship
//! between two such objects is a link whatever its type (a rel aka
//! accepts), its confidence `x_aka_confidence` when it is not a number.
//!
//! A bundle or an object whose `spec_version` is not `2.1` is refused, and
//! so is a relationship whose `source_ref` or `target_ref` names no object
//! of the bundle, as a link to an unknown id is in aka's format; both
//! errors carry the position in the file. So do a name or alias holding a
//! control character, an empty alias, and an actor without a name.
//!
//! Kinds: intrusion sets and threat actors are threat groups; identities
//! follow `identity_class` (`individual` a person, `organization` an
//! organisation, `system` a leak site, others `other`); campaigns, malware
//! and tools are `other`.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::formats::catalog_out::{AliasNoise, apply_marks};
use crate::formats::catalogs::{Actors, Ids, ImportError};
use crate::model::catalog::{Actor, ActorRef, Alias, CaseMode, Kind, Link, Rel, no_controls};

#[derive(Deserialize)]
struct Bundle {
    /// STIX 2.0 gave its bundles a version; 2.1 gives its objects one.
    #[serde(default, deserialize_with = "stix_21")]
    #[allow(dead_code)] // checked while parsing
    spec_version: Option<String>,
    objects: Vec<Object>,
}

/// A `spec_version`, which must be `2.1` when it is given: a bundle of
/// another version is refused where the version is written, rather than
/// read as if it were 2.1.
fn stix_21<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let version = Option::<String>::deserialize(d)?;
    match version.as_deref() {
        None | Some("2.1") => Ok(version),
        Some(v) => Err(serde::de::Error::custom(format!(
            "spec_version \"{v}\": aka reads STIX 2.1 bundles (\"spec_version\": \"2.1\")"
        ))),
    }
}

/// A `name` that holds no control character, refused where it is written
/// as in aka's format (an actor's empty name is refused with its object).
fn checked_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let name = Option::<String>::deserialize(d)?;
    if let Some(name) = &name {
        no_controls("name", name)?;
    }
    Ok(name)
}

/// Aliases that are neither empty nor hold a control character, each
/// refused where it is written, as in aka's format.
fn checked_aliases<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    struct Checked(String);
    impl<'de> Deserialize<'de> for Checked {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let alias = String::deserialize(d)?;
            if alias.trim().is_empty() {
                return Err(serde::de::Error::custom(
                    "empty alias: remove it or write the name it stands for",
                ));
            }
            no_controls("alias", &alias)?;
            Ok(Checked(alias))
        }
    }
    let aliases = Option::<Vec<Checked>>::deserialize(d)?;
    Ok(aliases.map(|all| all.into_iter().map(|Checked(a)| a).collect()))
}

#[derive(Deserialize)]
struct ExternalReference {
    source_name: Option<String>,
    external_id: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct RawObject {
    #[serde(rename = "type")]
    ty: String,
    id: String,
    #[serde(default, deserialize_with = "stix_21")]
    #[allow(dead_code)] // checked while parsing
    spec_version: Option<String>,
    #[serde(default, deserialize_with = "checked_name")]
    name: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "checked_aliases")]
    aliases: Option<Vec<String>>,
    #[serde(default, deserialize_with = "checked_aliases")]
    x_mitre_aliases: Option<Vec<String>>,
    identity_class: Option<String>,
    relationship_type: Option<String>,
    source_ref: Option<String>,
    target_ref: Option<String>,
    confidence: Option<u8>,
    revoked: Option<bool>,
    external_references: Option<Vec<ExternalReference>>,
    x_aka_id: Option<String>,
    x_aka_kind: Option<Kind>,
    #[serde(default, deserialize_with = "checked_aliases")]
    x_aka_aliases: Option<Vec<String>>,
    x_aka_country: Option<String>,
    x_aka_exact: Option<Vec<String>>,
    x_aka_noise: Option<Vec<AliasNoise>>,
    x_aka_confidence: Option<String>,
}

/// A checked object: errors are raised while parsing, so they carry the
/// position of the object in the file.
#[derive(Deserialize)]
#[serde(try_from = "RawObject")]
struct Object(RawObject);

const ACTOR_TYPES: [&str; 6] = [
    "intrusion-set",
    "threat-actor",
    "identity",
    "campaign",
    "malware",
    "tool",
];

impl TryFrom<RawObject> for Object {
    type Error = String;

    fn try_from(o: RawObject) -> Result<Self, String> {
        let Some((prefix, uuid)) = o.id.split_once("--") else {
            return Err(format!(
                "STIX id \"{}\" is not of the form type--uuid",
                o.id
            ));
        };
        if prefix != o.ty || uuid.len() != 36 {
            return Err(format!(
                "STIX id \"{}\" does not match its type \"{}\" (type--uuid)",
                o.id, o.ty
            ));
        }
        let actor = ACTOR_TYPES.contains(&o.ty.as_str());
        if actor && o.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(format!("{} {} has no \"name\"", o.ty, o.id));
        }
        if o.ty == "relationship" && (o.source_ref.is_none() || o.target_ref.is_none()) {
            return Err(format!(
                "relationship {} needs \"source_ref\" and \"target_ref\"",
                o.id
            ));
        }
        Ok(Object(o))
    }
}

fn kind_of(o: &RawObject) -> Kind {
    if let Some(k) = o.x_aka_kind {
        return k;
    }
    match o.ty.as_str() {
        "intrusion-set" | "threat-actor" => Kind::ThreatGroup,
        "identity" => match o.identity_class.as_deref() {
            Some("individual") => Kind::Person,
            Some("organization") => Kind::Organization,
            Some("system") => Kind::LeakSite,
            _ => Kind::Other,
        },
        _ => Kind::Other,
    }
}

/// Whether `rel` is a link rel aka accepts: lower-case words joined by `-`.
fn valid_rel(rel: &str) -> bool {
    !rel.is_empty()
        && rel
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Reads a STIX 2.1 bundle.
pub fn import(json: &str) -> Result<Actors, ImportError> {
    let bundle: Bundle =
        serde_json::from_str(json).map_err(|e| ImportError::from_json(&e, json))?;
    let actors: Vec<&RawObject> = bundle
        .objects
        .iter()
        .map(|o| &o.0)
        .filter(|o| ACTOR_TYPES.contains(&o.ty.as_str()) && o.revoked != Some(true))
        .collect();
    let mut ids = Ids::default();
    let mut by_stix: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Actor> = Vec::with_capacity(actors.len());
    let mut made_by_aka: Vec<bool> = Vec::with_capacity(actors.len());
    for o in actors {
        let name = o.name.clone().unwrap_or_default().trim().to_string();
        let id = match &o.x_aka_id {
            Some(id) if !ids.0.contains(id) => {
                ids.0.insert(id.clone());
                id.clone()
            }
            _ => ids.take(&name, &o.id),
        };
        let mut aliases: Vec<Alias> = o
            .aliases
            .iter()
            .chain(&o.x_mitre_aliases)
            .chain(&o.x_aka_aliases)
            .flatten()
            .map(|a| {
                Alias::new(
                    a.split_whitespace().collect::<Vec<_>>().join(" "),
                    CaseMode::Smart,
                )
            })
            .collect();
        apply_marks(
            &name,
            &mut aliases,
            o.x_aka_exact.as_deref().unwrap_or_default(),
            o.x_aka_noise.as_deref().unwrap_or_default(),
        );
        let refs = o
            .external_references
            .iter()
            .flatten()
            .filter_map(|r| match (&r.source_name, &r.external_id, &r.url) {
                (Some(s), Some(g), _) if s == "mitre-attack" && g.starts_with('G') => {
                    Some(format!("https://attack.mitre.org/groups/{g}/"))
                }
                (_, _, Some(url)) => Some(url.clone()),
                _ => None,
            })
            .collect();
        by_stix.insert(o.id.as_str(), out.len());
        made_by_aka.push(o.x_aka_id.is_some());
        out.push(Actor {
            id,
            name,
            kind: kind_of(o),
            aliases,
            description: o.description.clone().filter(|d| !d.trim().is_empty()),
            country: o
                .x_aka_country
                .clone()
                .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())),
            links: Vec::new(),
            refs,
        });
    }
    let known: HashSet<&str> = bundle.objects.iter().map(|o| o.0.id.as_str()).collect();
    for o in bundle.objects.iter().map(|o| &o.0) {
        let rel = o.relationship_type.as_deref().unwrap_or_default();
        if o.ty != "relationship" {
            continue;
        }
        // As a link in aka's format to an id nothing defines.
        for (field, to) in [("source_ref", &o.source_ref), ("target_ref", &o.target_ref)] {
            let to = to.as_deref().unwrap_or_default();
            if !known.contains(to) {
                return Err(ImportError::at_id(
                    json,
                    &o.id,
                    format!(
                        "relationship {} has {field} \"{to}\", which is no object of this \
                         bundle: add that object or remove the relationship",
                        o.id
                    ),
                ));
            }
        }
        let (Some(&from), Some(&to)) = (
            by_stix.get(o.source_ref.as_deref().unwrap_or_default()),
            by_stix.get(o.target_ref.as_deref().unwrap_or_default()),
        ) else {
            continue;
        };
        let by_aka = made_by_aka[from] && made_by_aka[to] && valid_rel(rel);
        if !by_aka && !matches!(rel, "attributed-to" | "uses") {
            continue;
        }
        let to_id = out[to].id.clone();
        let links = &mut out[from].links;
        if from != to && !links.iter().any(|l| l.rel.0 == rel && l.to.0 == to_id) {
            links.push(Link {
                rel: Rel(rel.to_string()),
                to: ActorRef(to_id),
                confidence: o
                    .x_aka_confidence
                    .clone()
                    .or_else(|| o.confidence.map(|c| c.to_string())),
            });
        }
    }
    Ok(out)
}
