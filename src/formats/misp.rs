//! MISP galaxy cluster files (`clusters/*.json` of misp-galaxy), in
//! ([`import`]) and out ([`export`], `aka catalog export --format misp`).
//!
//! In: one actor per value, its `synonyms` as aliases, `related` edges
//! between values of the file as links (the likelihood tag as confidence).
//! The kind follows the cluster's `type`: `threat-actor` and `ransomware`
//! are threat groups, `intelligence-agency` agencies, `country` states,
//! anything else `other`. A cluster aka exported keeps its ids, kinds,
//! case and noise marks (the `aka-*` keys of `meta`). An empty value or
//! synonym, and one holding a control character, are refused with their
//! position in the file, as in aka's format.
//!
//! Out: one value per actor, its uuid the `UUIDv5` of `aka:actor:ID` in the
//! URL namespace ([`value_uuid`]), so that exporting again gives the same
//! uuids; aka's fields go into `meta` keys that start with `aka-`.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::formats::catalog_out::{AliasNoise, apply_marks, marks, other_names};
use crate::formats::catalogs::{Actors, Ids, ImportError};
use crate::model::Catalog;
use crate::model::catalog::{
    Actor, ActorRef, Alias, CaseMode, Kind, Link, Rel, no_controls, valid_id,
};

#[derive(Deserialize)]
struct Cluster {
    #[serde(rename = "type")]
    ty: Option<String>,
    values: Vec<Value>,
}

#[derive(Deserialize)]
struct Value {
    #[serde(rename = "value")]
    name: NonEmpty,
    uuid: Option<String>,
    description: Option<String>,
    meta: Option<Meta>,
    related: Option<Vec<Related>>,
}

#[derive(Deserialize)]
struct Meta {
    synonyms: Option<Vec<Synonym>>,
    country: Option<OneOrMany>,
    refs: Option<Vec<String>>,
    #[serde(rename = "aka-id")]
    aka_id: Option<String>,
    #[serde(rename = "aka-kind")]
    aka_kind: Option<Kind>,
    #[serde(rename = "aka-exact")]
    aka_exact: Option<Vec<String>>,
    #[serde(rename = "aka-noise")]
    aka_noise: Option<Vec<AliasNoise>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Related {
    #[serde(rename = "dest-uuid")]
    dest: String,
    #[serde(rename = "type")]
    ty: Option<String>,
    tags: Option<Vec<String>>,
}

/// A value name, checked while parsing so an error has a position:
/// neither empty nor holding a control character, as in aka's format.
struct NonEmpty(String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "empty \"value\": a MISP cluster value needs a name",
            ));
        }
        no_controls("name", &s)?;
        Ok(NonEmpty(s.trim().to_string()))
    }
}

/// A synonym, checked while parsing as [`NonEmpty`] is.
struct Synonym(String);

impl<'de> Deserialize<'de> for Synonym {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "empty synonym: remove it or write the name it stands for",
            ));
        }
        no_controls("alias", &s)?;
        Ok(Synonym(s))
    }
}

/// Reads a MISP galaxy cluster file.
pub fn import(json: &str) -> Result<Actors, ImportError> {
    let cluster: Cluster =
        serde_json::from_str(json).map_err(|e| ImportError::from_json(&e, json))?;
    let kind = match cluster.ty.as_deref() {
        Some("threat-actor" | "ransomware") => Kind::ThreatGroup,
        Some("intelligence-agency" | "intelligence-agencies") => Kind::Agency,
        Some("country") => Kind::State,
        _ => Kind::Other,
    };
    let mut ids = Ids::default();
    // The ids an aka export wrote first (each valid one once), then ids
    // made from names.
    let claimed: Vec<Option<String>> = cluster
        .values
        .iter()
        .map(|v| {
            let id = v.meta.as_ref()?.aka_id.as_ref()?;
            (valid_id(id) && ids.0.insert(id.clone())).then(|| id.clone())
        })
        .collect();
    let actor_ids: Vec<String> = cluster
        .values
        .iter()
        .zip(claimed)
        .map(|(v, id)| {
            id.unwrap_or_else(|| ids.take(&v.name.0, v.uuid.as_deref().unwrap_or_default()))
        })
        .collect();
    let by_uuid: HashMap<&str, &str> = cluster
        .values
        .iter()
        .zip(&actor_ids)
        .filter_map(|(v, id)| Some((v.uuid.as_deref()?, id.as_str())))
        .collect();
    let mut out = Vec::with_capacity(cluster.values.len());
    for (v, id) in cluster.values.iter().zip(&actor_ids) {
        let meta = v.meta.as_ref();
        let mut aliases: Vec<Alias> = meta
            .and_then(|m| m.synonyms.as_ref())
            .into_iter()
            .flatten()
            .map(|Synonym(s)| {
                Alias::new(
                    s.split_whitespace().collect::<Vec<_>>().join(" "),
                    CaseMode::Smart,
                )
            })
            .collect();
        if let Some(m) = meta {
            apply_marks(
                &v.name.0,
                &mut aliases,
                m.aka_exact.as_deref().unwrap_or_default(),
                m.aka_noise.as_deref().unwrap_or_default(),
            );
        }
        let country = match meta.and_then(|m| m.country.as_ref()) {
            Some(OneOrMany::One(c)) => Some(c.clone()),
            Some(OneOrMany::Many(cs)) => cs.first().cloned(),
            None => None,
        }
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
        let mut links: Vec<Link> = Vec::new();
        for r in v.related.iter().flatten() {
            let Some(&to) = by_uuid.get(r.dest.as_str()) else {
                continue;
            };
            let rel = crate::model::packs::slug(r.ty.as_deref().unwrap_or("related-to"));
            if to == id || rel.is_empty() {
                continue;
            }
            let confidence = r.tags.iter().flatten().find_map(|t| {
                let rest = t.strip_prefix("estimative-language:likelihood-probability=\"")?;
                Some(rest.trim_end_matches('"').to_string())
            });
            links.push(Link {
                rel: Rel(rel),
                to: ActorRef(to.to_string()),
                confidence,
            });
        }
        out.push(Actor {
            id: id.clone(),
            name: v.name.0.clone(),
            kind: meta.and_then(|m| m.aka_kind).unwrap_or(kind),
            aliases,
            description: v.description.clone().filter(|d| !d.trim().is_empty()),
            country,
            links,
            refs: meta.and_then(|m| m.refs.clone()).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The uuid of the value an actor becomes: the `UUIDv5` of `aka:actor:ID`
/// in the URL namespace.
pub fn value_uuid(id: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("aka:actor:{id}").as_bytes())
}

/// One value of an exported cluster.
#[derive(Serialize)]
struct ValueOut<'a> {
    value: &'a str,
    uuid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    meta: MetaOut<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut>,
}

/// Its `meta`: MISP's keys, then aka's.
#[derive(Serialize)]
struct MetaOut<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    synonyms: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    refs: &'a [String],
    #[serde(rename = "aka-id")]
    id: &'a str,
    #[serde(rename = "aka-kind")]
    kind: Kind,
    #[serde(rename = "aka-exact", skip_serializing_if = "Vec::is_empty")]
    exact: Vec<&'a str>,
    #[serde(rename = "aka-noise", skip_serializing_if = "Vec::is_empty")]
    noise: Vec<AliasNoise>,
}

/// A link as a `related` entry.
#[derive(Serialize)]
struct RelatedOut {
    #[serde(rename = "dest-uuid")]
    dest: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
}

impl<'a> ValueOut<'a> {
    fn new(actor: &'a Actor) -> Self {
        let (exact, noise) = marks(actor);
        let synonyms = other_names(actor);
        let related = actor
            .links
            .iter()
            .map(|l| RelatedOut {
                dest: value_uuid(&l.to.0).to_string(),
                ty: l.rel.0.clone(),
                tags: l
                    .confidence
                    .iter()
                    .map(|c| format!("estimative-language:likelihood-probability=\"{c}\""))
                    .collect(),
            })
            .collect();
        ValueOut {
            value: &actor.name,
            uuid: value_uuid(&actor.id).to_string(),
            description: actor.description.as_deref(),
            meta: MetaOut {
                synonyms,
                country: actor.country.as_deref(),
                refs: &actor.refs,
                id: &actor.id,
                kind: actor.kind,
                exact,
                noise,
            },
            related,
        }
    }
}

/// Writes `catalog` as one MISP galaxy cluster, one value a line: the
/// cluster's `type` is `threat-actor`, each value's kind is in
/// `meta["aka-kind"]`. Tools and suppressions are left out (MISP has no
/// place for them).
pub fn export(catalog: &Catalog, out: &mut dyn Write) -> io::Result<()> {
    let uuid = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"aka:catalog");
    write!(
        out,
        "{{\"authors\":[\"aka\"],\"category\":\"actor\",\
         \"description\":\"Every actor aka knows, with every alias (aka catalog export)\",\
         \"name\":\"aka catalog\",\"source\":\"aka\",\"type\":\"threat-actor\",\
         \"uuid\":\"{uuid}\",\"values\":["
    )?;
    for (i, actor) in catalog.actors().iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &ValueOut::new(actor))?;
    }
    out.write_all(b"\n],\"version\":1}\n")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::CatalogSource;
    use crate::model::catalog::{NoiseAction, NoiseMark, NoiseRule};

    #[test]
    fn an_exported_cluster_keeps_ids_kinds_case_and_noise() {
        let c = Catalog::load(&[CatalogSource {
            name: "t.json".into(),
            json: r#"{"actors":[
                {"id":"gru","name":"GRU","kind":"agency","aliases":[{"text":"GRU","case":"exact"},"Main Directorate"]},
                {"id":"x.1","name":"Tick","kind":"threat-group","aliases":[{"text":"Tick","noise":{"action":"gated","rule":"common-word"}}],
                 "links":[{"rel":"operated-by","to":"gru","confidence":"likely"}]}]}"#
                .into(),
        }])
        .unwrap();
        let mut out = Vec::new();
        export(&c, &mut out).unwrap();
        let actors = import(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(actors[0].id, "gru");
        assert_eq!(actors[0].kind, Kind::Agency);
        assert_eq!(actors[0].aliases[0].text, "GRU");
        assert_eq!(actors[0].aliases[0].case, CaseMode::Exact);
        assert_eq!(actors[1].id, "x.1");
        assert_eq!(
            actors[1].aliases[0].noise,
            Some(NoiseMark {
                action: NoiseAction::Gated,
                rule: NoiseRule::CommonWord
            })
        );
        assert_eq!(actors[1].links[0].to.0, "gru");
        assert_eq!(actors[1].links[0].confidence.as_deref(), Some("likely"));
    }

    #[test]
    fn an_invalid_or_taken_aka_id_gives_way_to_the_name() {
        let actors = import(
            r#"{"type":"threat-actor","values":[
                {"value":"Cinder Owl","meta":{"aka-id":"Not An Id"}},
                {"value":"Slate Owl","meta":{"aka-id":"owl"}},
                {"value":"Owl","meta":{"aka-id":"owl"}}]}"#,
        )
        .unwrap();
        let ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["cinder-owl", "owl", "owl-2"]);
    }
}
