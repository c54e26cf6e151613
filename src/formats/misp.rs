//! MISP galaxy cluster files (`clusters/*.json` of misp-galaxy): one actor
//! per value, its `synonyms` as aliases, `related` edges between values of
//! the file as links (the likelihood tag as confidence). The kind follows
//! the cluster's `type`: `threat-actor` and `ransomware` are threat groups,
//! `intelligence-agency` agencies, `country` states, anything else `other`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::formats::catalogs::{Actors, Ids, ImportError};
use crate::model::catalog::{Actor, ActorRef, Alias, CaseMode, Kind, Link, Rel};

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
    synonyms: Option<Vec<String>>,
    country: Option<OneOrMany>,
    refs: Option<Vec<String>>,
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

/// A value name, checked while parsing so an error has a position.
struct NonEmpty(String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "empty \"value\": a MISP cluster value needs a name",
            ));
        }
        Ok(NonEmpty(s.trim().to_string()))
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
    let actor_ids: Vec<String> = cluster
        .values
        .iter()
        .map(|v| ids.take(&v.name.0, v.uuid.as_deref().unwrap_or_default()))
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
        let aliases = meta
            .and_then(|m| m.synonyms.as_ref())
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                Alias::new(
                    s.split_whitespace().collect::<Vec<_>>().join(" "),
                    CaseMode::Smart,
                )
            })
            .collect();
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
            kind,
            aliases,
            description: v.description.clone().filter(|d| !d.trim().is_empty()),
            country,
            links,
            refs: meta.and_then(|m| m.refs.clone()).unwrap_or_default(),
        });
    }
    Ok(out)
}
