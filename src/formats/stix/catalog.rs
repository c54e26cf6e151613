//! `aka catalog export --format stix`: the whole catalog as one STIX 2.1
//! bundle, one object a line.
//!
//! - One object per actor, in catalog order, of the type its kind gives
//!   (as `aka mentions --format stix` writes them, with the same ids:
//!   [`super::bundle`]): `name`, `description`, every other alias (`aliases`, or
//!   `x_aka_aliases` on an identity, which STIX gives none), references as
//!   `external_references` (an ATT&CK group page as `mitre-attack` with its
//!   id), and what STIX has no property for: `x_aka_id`, `x_aka_kind`,
//!   `x_aka_country`, `x_aka_exact` (the aliases with `exact` case) and
//!   `x_aka_noise` (the noise marks).
//! - Then one `relationship` per link, its `relationship_type` the link's
//!   rel, its confidence in `confidence` when it is a number from 0 to 100,
//!   else in `x_aka_confidence`.
//! - `created` and `modified` are the Unix epoch: a catalog has no dates,
//!   and the same catalog gives the same bytes.
//!
//! Tools and suppressions are left out: STIX would make actors of them.

use std::collections::HashSet;
use std::io::{self, Write};
use std::time::SystemTime;

use serde_json::{Value, json};

use super::bundle::{sdo_type, stix_id, timestamp};
use crate::formats::catalog_out::{marks, other_names};
use crate::model::{Actor, Catalog};

/// The STIX id of an actor's object.
fn actor_id(actor: &Actor) -> String {
    stix_id(sdo_type(actor.kind).0, &format!("aka/actor/{}", actor.id))
}

/// The host of a URL, as the `source_name` of its reference.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() { "aka" } else { host }
}

/// A reference as STIX writes it.
fn reference(actor: &Actor, url: &str) -> Value {
    if let Some(g) = actor.attack_id()
        && url == format!("https://attack.mitre.org/groups/{g}/")
    {
        return json!({"source_name": "mitre-attack", "external_id": g, "url": url});
    }
    json!({"source_name": host(url), "url": url})
}

/// An actor's object.
fn object(actor: &Actor, when: &str) -> Value {
    let (ty, class) = sdo_type(actor.kind);
    let mut obj = json!({
        "type": ty,
        "spec_version": "2.1",
        "id": actor_id(actor),
        "created": when,
        "modified": when,
        "name": actor.name,
    });
    if let Some(d) = &actor.description {
        obj["description"] = json!(d);
    }
    let aliases = other_names(actor);
    super::bundle::describe(&mut obj, actor.kind, ty, class, &aliases);
    if !actor.refs.is_empty() {
        let refs: Vec<Value> = actor.refs.iter().map(|r| reference(actor, r)).collect();
        obj["external_references"] = Value::Array(refs);
    }
    obj["x_aka_id"] = json!(actor.id);
    obj["x_aka_kind"] = json!(actor.kind.as_str());
    if let Some(c) = &actor.country {
        obj["x_aka_country"] = json!(c);
    }
    let (exact, noise) = marks(actor);
    if !exact.is_empty() {
        obj["x_aka_exact"] = json!(exact);
    }
    if !noise.is_empty() {
        obj["x_aka_noise"] = json!(noise);
    }
    obj
}

/// Writes `catalog` as one STIX 2.1 bundle: see the module's doc.
pub fn export(catalog: &Catalog, out: &mut dyn Write) -> io::Result<()> {
    let when = timestamp(SystemTime::UNIX_EPOCH);
    let ids: Vec<&str> = catalog.actors().iter().map(|a| a.id.as_str()).collect();
    let bundle = stix_id("bundle", &format!("aka/catalog/{}", ids.join(",")));
    write!(
        out,
        "{{\"type\":\"bundle\",\"id\":\"{bundle}\",\"objects\":["
    )?;
    let mut first = true;
    let mut next = |out: &mut dyn Write, value: &Value| -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
    };
    for actor in catalog.actors() {
        next(out, &object(actor, &when))?;
    }
    for actor in catalog.actors() {
        let mut seen = HashSet::new();
        for link in &actor.links {
            let Some(target) = catalog.get(&link.to.0) else {
                continue;
            };
            if !seen.insert((&link.rel.0, &link.to.0)) {
                continue;
            }
            let mut rel = json!({
                "type": "relationship",
                "spec_version": "2.1",
                "id": stix_id(
                    "relationship",
                    &format!("aka/link/{}/{}/{}", actor.id, link.rel.0, link.to.0)
                ),
                "created": when,
                "modified": when,
                "relationship_type": link.rel.0,
                "source_ref": actor_id(actor),
                "target_ref": actor_id(target),
            });
            if let Some(c) = &link.confidence {
                match c.parse::<u8>() {
                    Ok(n) if n <= 100 && n.to_string() == *c => rel["confidence"] = json!(n),
                    _ => rel["x_aka_confidence"] = json!(c),
                }
            }
            next(out, &rel)?;
        }
    }
    out.write_all(b"\n]}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_names_its_host() {
        assert_eq!(host("https://example.org/a/b"), "example.org");
        assert_eq!(host("https://example.org"), "example.org");
        assert_eq!(host("not a url"), "not a url");
        assert_eq!(host(""), "aka");
    }
}
