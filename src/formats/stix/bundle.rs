//! `aka mentions --format stix`: one STIX 2.1 bundle per run.
//!
//! - One `report` per article that mentions at least one actor (STIX
//!   requires `object_refs` to be non-empty): `name` is the article's title,
//!   `published` (and `created`, `modified`) the file's modification time
//!   (the time of the run for standard input), `object_refs` every actor
//!   mentioned, in order of first mention.
//! - One object per actor: `intrusion-set` for threat groups, `threat-actor`
//!   for personas, `identity` for everyone else, with the `identity_class`
//!   STIX defines (`organization` for states, government bodies, agencies,
//!   organisations and media, `system` for leak sites, `individual` for
//!   people, `unknown` otherwise). An ATT&CK group id becomes an external
//!   reference.
//! - Ids are `UUIDv5` ([`stix_id`]) of the actor id (and of the article path
//!   and title for a report), so exporting again gives the same ids.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::SystemTime;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::model::{ActorIdx, Catalog, Document, Kind, Mention};

/// The namespace STIX 2.1 gives for deterministic identifiers.
const STIX_NAMESPACE: Uuid = Uuid::from_u128(0x00ab_edb4_aa42_466c_9c01_fed2_3315_a9b7);

/// A deterministic STIX id: `type--` and the `UUIDv5` of `name` in the STIX
/// namespace.
pub fn stix_id(kind: &str, name: &str) -> String {
    format!("{kind}--{}", Uuid::new_v5(&STIX_NAMESPACE, name.as_bytes()))
}

/// An RFC 3339 UTC timestamp with milliseconds, as STIX writes them.
pub(crate) fn timestamp(t: SystemTime) -> String {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// The STIX object type and `identity_class` for an actor kind.
pub(crate) fn sdo_type(kind: Kind) -> (&'static str, Option<&'static str>) {
    match kind {
        Kind::ThreatGroup => ("intrusion-set", None),
        Kind::Persona => ("threat-actor", None),
        Kind::State | Kind::GovernmentBody | Kind::Agency | Kind::Organization | Kind::Media => {
            ("identity", Some("organization"))
        }
        Kind::LeakSite => ("identity", Some("system")),
        Kind::Person => ("identity", Some("individual")),
        Kind::Other => ("identity", Some("unknown")),
    }
}

/// Collects reports and actors across the articles of a run.
#[derive(Debug, Default)]
pub struct Bundle {
    reports: Vec<Value>,
    actors: Vec<Value>,
    seen: HashMap<ActorIdx, String>,
}

impl Bundle {
    /// Adds one article and the actors it mentions.
    pub fn add(
        &mut self,
        doc: &Document,
        catalog: &Catalog,
        mentions: &[Mention],
        published: SystemTime,
    ) {
        let when = timestamp(published);
        let mut refs: Vec<String> = Vec::new();
        for m in mentions {
            let id = self.actor(catalog, m.actor(), &when);
            if !refs.contains(&id) {
                refs.push(id);
            }
        }
        if refs.is_empty() {
            return;
        }
        let title = match doc.title() {
            "" => doc.name.as_str(),
            t => t,
        };
        self.reports.push(json!({
            "type": "report",
            "spec_version": "2.1",
            "id": stix_id("report", &format!("aka/report/{}/{title}", doc.name)),
            "created": when,
            "modified": when,
            "name": title,
            "published": when,
            "report_types": ["threat-report"],
            "object_refs": refs,
            "x_aka_path": doc.name,
        }));
    }

    /// The id of an actor's object, made on first sight.
    fn actor(&mut self, catalog: &Catalog, idx: ActorIdx, when: &str) -> String {
        if let Some(id) = self.seen.get(&idx) {
            return id.clone();
        }
        let a = catalog.actor(idx);
        let (kind, class) = sdo_type(a.kind);
        let id = stix_id(kind, &format!("aka/actor/{}", a.id));
        let mut obj = json!({
            "type": kind,
            "spec_version": "2.1",
            "id": id,
            "created": when,
            "modified": when,
            "name": a.name,
            "x_aka_id": a.id,
            "x_aka_kind": a.kind.as_str(),
        });
        let aliases: Vec<&str> = a
            .aliases
            .iter()
            .skip(1)
            .filter(|al| !al.is_dropped())
            .map(|al| al.text.as_str())
            .collect();
        if let Some(d) = &a.description {
            obj["description"] = json!(d);
        }
        describe(&mut obj, a.kind, kind, class, &aliases);
        if let Some(g) = a.attack_id() {
            obj["external_references"] = json!([{
                "source_name": "mitre-attack",
                "external_id": g,
                "url": format!("https://attack.mitre.org/groups/{g}/"),
            }]);
        }
        self.actors.push(obj);
        self.seen.insert(idx, id.clone());
        id
    }

    /// Writes the bundle to `out` as indented JSON and a line break:
    /// actors first, then reports. Its id is derived from the report ids,
    /// so the same articles give the same bundle. The envelope is written
    /// here and the objects one at a time, each as `serde_json` indents it,
    /// shifted to its depth; the bytes are those of the whole bundle
    /// indented at once.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        let ids: Vec<&str> = self
            .reports
            .iter()
            .filter_map(|r| r["id"].as_str())
            .collect();
        let id = stix_id("bundle", &format!("aka/bundle/{}", ids.join(",")));
        out.write_all(b"{\n  \"type\": \"bundle\",\n  \"id\": ")?;
        serde_json::to_writer(&mut *out, &id)?;
        // STIX wants no empty list: without objects, no `objects`.
        let mut objects = self.actors.iter().chain(&self.reports).peekable();
        if objects.peek().is_some() {
            out.write_all(b",\n  \"objects\": [")?;
            for (i, object) in objects.enumerate() {
                out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
                let indented = Indented {
                    out: &mut *out,
                    indent: b"    ",
                };
                serde_json::to_writer_pretty(indented, object)?;
            }
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b"\n}\n")
    }
}

/// A writer that indents every line after the first by `indent`: a value
/// `serde_json` indents from the left margin, moved to its depth in the
/// bundle. A JSON string holds no raw line break, so only line breaks
/// between tokens are indented.
struct Indented<'a> {
    out: &'a mut dyn Write,
    indent: &'static [u8],
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while let Some(at) = memchr::memchr(b'\n', buf) {
            self.out.write_all(&buf[..=at])?;
            self.out.write_all(self.indent)?;
            buf = &buf[at + 1..];
        }
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Fills in what an actor's object of STIX type `ty` says by its kind:
/// an identity's class, its sectors and its aliases (STIX gives identities
/// none, so they go in `x_aka_aliases`); another object's aliases, and a
/// threat actor's (unknown) type.
pub(super) fn describe(
    obj: &mut Value,
    kind: Kind,
    ty: &str,
    class: Option<&str>,
    aliases: &[&str],
) {
    if let Some(class) = class {
        obj["identity_class"] = json!(class);
        if matches!(kind, Kind::State | Kind::GovernmentBody | Kind::Agency) {
            obj["sectors"] = json!(["government-national"]);
        } else if kind == Kind::Media {
            obj["sectors"] = json!(["communications"]);
        }
        if !aliases.is_empty() {
            obj["x_aka_aliases"] = json!(aliases);
        }
    } else {
        if !aliases.is_empty() {
            obj["aliases"] = json!(aliases);
        }
        if ty == "threat-actor" {
            obj["threat_actor_types"] = json!(["unknown"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let t = |s: u64, ms: u64| {
            timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(s) + Duration::from_millis(ms))
        };
        assert_eq!(t(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(t(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(t(1_483_228_799, 999), "2016-12-31T23:59:59.999Z");
    }

    #[test]
    fn ids_are_uuid_v5_and_stable() {
        let id = stix_id("intrusion-set", "aka/actor/apt28");
        assert_eq!(id, stix_id("intrusion-set", "aka/actor/apt28"));
        let uuid = Uuid::parse_str(id.strip_prefix("intrusion-set--").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
        assert_ne!(id, stix_id("intrusion-set", "aka/actor/apt29"));
    }

    /// What `write_to` writes, the way it was written before it streamed:
    /// the whole bundle as one value, indented at once.
    fn whole(bundle: &Bundle) -> String {
        let ids: Vec<&str> = bundle
            .reports
            .iter()
            .filter_map(|r| r["id"].as_str())
            .collect();
        let mut value = json!({
            "type": "bundle",
            "id": stix_id("bundle", &format!("aka/bundle/{}", ids.join(","))),
        });
        let objects: Vec<Value> = bundle
            .actors
            .iter()
            .chain(&bundle.reports)
            .cloned()
            .collect();
        if !objects.is_empty() {
            value["objects"] = Value::Array(objects);
        }
        serde_json::to_string_pretty(&value).unwrap() + "\n"
    }

    fn streamed(bundle: &Bundle) -> String {
        let mut out = Vec::new();
        bundle.write_to(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_streamed_bundle_is_the_whole_one_byte_for_byte() {
        let mut bundle = Bundle::default();
        assert_eq!(streamed(&bundle), whole(&bundle));
        bundle.actors.push(json!({
            "type": "intrusion-set",
            "id": "intrusion-set--1",
            "name": "Line\nbreak \"quoted\" ü",
            "aliases": ["a", "b"],
            "empty": [],
            "nested": {"deeper": [{"x": 1}], "none": {}},
        }));
        bundle
            .actors
            .push(json!({"type": "identity", "id": "identity--2"}));
        for n in 0..2 {
            bundle.reports.push(json!({
                "type": "report",
                "id": format!("report--{n}"),
                "object_refs": ["intrusion-set--1", "identity--2"],
            }));
        }
        assert_eq!(streamed(&bundle), whole(&bundle));
    }
}
