//! The pack converter: MISP galaxy clusters and ATT&CK groups in, packs out.
//!
//! Deterministic: the same source files always give the same packs, byte
//! for byte (a test checks the committed packs against this). The rules:
//!
//! - One actor per MISP cluster (`threat-actor`, `intelligence-agencies`,
//!   `ransomware`) and per ATT&CK group that is neither revoked nor
//!   deprecated. Aliases: the cluster's `value` then its `synonyms`; ATT&CK
//!   ids written as synonyms (`G0007`) become the group's ATT&CK reference.
//! - An ATT&CK group takes the id of the MISP threat actor it is (by ATT&CK
//!   id, then by name, then by alias), so loading both packs merges them;
//!   its ATT&CK page goes into `refs`.
//! - MISP `related` edges between loaded clusters become links, the
//!   likelihood tag kept as the confidence.
//! - Countries are ISO 3166 alpha-2 codes checked against MISP's `country`
//!   cluster.
//! - Noise rules: see the README, "Knowledge packs", and `classify`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::{Pack, PackActor, PackAlias, PackLink};
use crate::model::catalog::{CaseMode, Kind, NoiseAction, NoiseMark, NoiseRule};

/// The source files the packs are made from (`assets/packs/source/`).
#[derive(Debug, Clone)]
pub struct SourceFiles {
    /// MISP `clusters/threat-actor.json`.
    pub threat_actor: String,
    /// MISP `clusters/intelligence-agencies.json`.
    pub agencies: String,
    /// MISP `clusters/ransomware.json`.
    pub ransomware: String,
    /// ATT&CK groups extract (`groups.json`).
    pub attack: String,
    /// MISP `clusters/country.json`.
    pub country: String,
    /// The common English words among the aliases, one a line.
    pub common_words: String,
}

impl SourceFiles {
    /// Reads the source files from a folder.
    pub fn read(dir: &Path) -> std::io::Result<Self> {
        let read = |name: &str| std::fs::read_to_string(dir.join(name));
        Ok(SourceFiles {
            threat_actor: read("threat-actor.json")?,
            agencies: read("intelligence-agencies.json")?,
            ransomware: read("ransomware.json")?,
            attack: read("attack-groups.json")?,
            country: read("country.json")?,
            common_words: read("common-words.txt")?,
        })
    }
}

/// Nouns that, with a number, make a name too generic to trust alone
/// (`Group 3`, `Unit 8200`).
const GENERIC_NOUNS: [&str; 19] = [
    "group",
    "team",
    "unit",
    "cell",
    "squad",
    "gang",
    "crew",
    "project",
    "division",
    "bureau",
    "section",
    "department",
    "office",
    "center",
    "force",
    "brigade",
    "battalion",
    "regiment",
    "operation",
];

/// Words that say a name is a group's (`Lazarus Group`, `Comment Crew`):
/// a name of common words with one of them is not prose.
const GROUP_NOUNS: [&str; 8] = [
    "group",
    "team",
    "gang",
    "crew",
    "army",
    "squad",
    "collective",
    "syndicate",
];

/// The noise verdict on one alias, before the "last name standing" rule.
///
/// - no letter at all: dropped (`777`);
/// - one word that is a common English word: dropped if written all in
///   lower case or shorter than 4 characters (it cannot be told from prose:
///   `tick`, `SEA`); gated (exact case, counted only with cyber context) if
///   written in capitals (`STRONTIUM`, `ZINC`: a code name) or if it is the
///   cluster's own name (`Tick` the group); dropped if it is a synonym in
///   ordinary case (`Zinc`, a synonym of Lazarus Group);
/// - shorter than 4 characters: exact if it has a digit (`MI5`), else gated
///   (`GOP`, `UPS`);
/// - a generic noun and a number (`Group 3`): gated;
/// - several words, each a common English word (`Cold River`, `Golden
///   Chickens`): gated; in capitals (`COZY BEAR`), exact; not when one of
///   them names a group (`Lazarus Group`, `Comment Crew`).
fn classify(text: &str, is_name: bool, common: &HashSet<String>) -> Option<NoiseMark> {
    let mark = |action, rule| Some(NoiseMark { action, rule });
    if !text.chars().any(char::is_alphabetic) {
        return mark(NoiseAction::Dropped, NoiseRule::Number);
    }
    let one_word = !text.contains(char::is_whitespace);
    let lower = text.to_lowercase();
    let capitals = !text.chars().any(char::is_lowercase);
    if one_word && common.contains(&lower) {
        let all_lower = !text.chars().any(char::is_uppercase);
        return if all_lower || text.chars().count() < 4 {
            mark(NoiseAction::Dropped, NoiseRule::CommonWord)
        } else if capitals || is_name {
            mark(NoiseAction::Gated, NoiseRule::CommonWord)
        } else {
            mark(NoiseAction::Dropped, NoiseRule::CommonWord)
        };
    }
    if text.chars().count() < 4 {
        return if text.chars().any(|c| c.is_ascii_digit()) {
            mark(NoiseAction::Exact, NoiseRule::Short)
        } else {
            mark(NoiseAction::Gated, NoiseRule::Short)
        };
    }
    let mut words = lower.split_whitespace();
    if let (Some(noun), Some(num), None) = (words.next(), words.next(), words.next())
        && GENERIC_NOUNS.contains(&noun)
        && num.bytes().all(|b| b.is_ascii_digit())
    {
        return mark(NoiseAction::Gated, NoiseRule::GenericNumber);
    }
    if !one_word
        && lower.split_whitespace().all(|w| common.contains(w))
        && !lower.split_whitespace().any(|w| GROUP_NOUNS.contains(&w))
    {
        // In capitals (`COZY BEAR`) it is a code name: exact case keeps it
        // from matching `Cozy bear` prose; shouted text gates it anyway.
        let action = if capitals {
            NoiseAction::Exact
        } else {
            NoiseAction::Gated
        };
        return mark(action, NoiseRule::CommonWords);
    }
    None
}

/// Builds an actor's aliases with their noise verdicts. If every alias
/// would be dropped or gated, dropped common words of the cluster's own
/// name are gated instead, so no actor loses its last name.
fn aliases_of(names: &[String], common: &HashSet<String>) -> Vec<PackAlias> {
    let mut seen = HashSet::new();
    let mut out: Vec<PackAlias> = Vec::new();
    for (i, text) in names.iter().enumerate() {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() || is_attack_id(&text) || !seen.insert(text.clone()) {
            continue;
        }
        let noise = classify(&text, i == 0, common);
        out.push(PackAlias {
            case: if noise.is_some() {
                CaseMode::Exact
            } else {
                CaseMode::Smart
            },
            text,
            noise,
        });
    }
    let usable = out
        .iter()
        .any(|a| a.noise.is_none_or(|n| n.action == NoiseAction::Exact));
    if !usable
        && let Some(first) = out.first_mut()
        && first.noise
            == Some(NoiseMark {
                action: NoiseAction::Dropped,
                rule: NoiseRule::CommonWord,
            })
        && first.text.chars().any(char::is_uppercase)
        && first.text.chars().count() >= 4
    {
        first.noise = Some(NoiseMark {
            action: NoiseAction::Gated,
            rule: NoiseRule::CommonWord,
        });
    }
    out
}

fn is_attack_id(s: &str) -> bool {
    s.len() == 5 && s.starts_with('G') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

fn attack_url(id: &str) -> String {
    format!("https://attack.mitre.org/groups/{id}/")
}

/// An id from a name: lower-case ASCII letters and digits, other runs
/// turned into one `-`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Hands out ids unique across every pack.
#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    fn take(&mut self, name: &str, uuid: &str, suffix: &str) -> String {
        let mut base = slug(name);
        if base.is_empty() {
            base = format!("{suffix}-{}", uuid.get(..8).unwrap_or(uuid));
        }
        let mut id = base.clone();
        if self.0.contains(&id) {
            id = format!("{base}-{suffix}");
        }
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{base}-{suffix}-{n}");
            n += 1;
        }
        self.0.insert(id.clone());
        id
    }
}

fn parse(name: &str, json: &str) -> Result<Value, String> {
    serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// One MISP cluster value, read.
struct Cluster {
    uuid: String,
    names: Vec<String>,
    description: Option<String>,
    country: Option<String>,
    refs: Vec<String>,
    related: Vec<(String, String, Option<String>)>,
}

fn clusters(file: &str, json: &str, countries: &Countries) -> Result<Vec<Cluster>, String> {
    let root = parse(file, json)?;
    let values = root
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{file}: no \"values\" list: not a MISP galaxy cluster"))?;
    let mut out = Vec::new();
    for v in values {
        let Some(value) = v.get("value").and_then(Value::as_str) else {
            continue;
        };
        let meta = v.get("meta");
        let field = |k: &str| meta.and_then(|m| m.get(k));
        let mut names = vec![value.to_string()];
        names.extend(strings(field("synonyms")));
        let mut refs = strings(field("refs"));
        for n in &names {
            let n = n.trim();
            if is_attack_id(n) && !refs.contains(&attack_url(n)) {
                refs.push(attack_url(n));
            }
        }
        for link in strings(field("links")) {
            let link = link.trim().to_string();
            if !link.is_empty() && !refs.contains(&link) {
                refs.push(link);
            }
        }
        let country = strings(field("country"))
            .first()
            .and_then(|c| countries.code(c))
            .or_else(|| {
                strings(field("cfr-suspected-state-sponsor"))
                    .first()
                    .and_then(|c| countries.code(c))
            });
        let related = v
            .get("related")
            .and_then(Value::as_array)
            .map(|rs| {
                rs.iter()
                    .filter_map(|r| {
                        let dest = r.get("dest-uuid")?.as_str()?.to_string();
                        let rel = slug(r.get("type")?.as_str()?);
                        let confidence = strings(r.get("tags")).iter().find_map(|t| {
                            let rest =
                                t.strip_prefix("estimative-language:likelihood-probability=\"")?;
                            Some(rest.trim_end_matches('"').to_string())
                        });
                        (!rel.is_empty()).then_some((dest, rel, confidence))
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Cluster {
            uuid: v
                .get("uuid")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            names,
            description: v
                .get("description")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            country,
            refs,
            related,
        });
    }
    Ok(out)
}

/// ISO codes and country names from MISP's `country` cluster.
struct Countries {
    codes: HashSet<String>,
    by_name: HashMap<String, String>,
}

impl Countries {
    fn new(json: &str) -> Result<Self, String> {
        let root = parse("country.json", json)?;
        let mut codes = HashSet::new();
        let mut by_name = HashMap::new();
        for v in root
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(iso) = v
                .get("meta")
                .and_then(|m| m.get("ISO"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            codes.insert(iso.to_string());
            for k in ["value", "description"] {
                if let Some(n) = v.get(k).and_then(Value::as_str) {
                    by_name.insert(n.to_lowercase(), iso.to_string());
                }
            }
        }
        Ok(Countries { codes, by_name })
    }

    /// The ISO code for a code or a country name, if it is one.
    fn code(&self, s: &str) -> Option<String> {
        let s = s.trim();
        if self.codes.contains(s) {
            return Some(s.to_string());
        }
        self.by_name.get(&s.to_lowercase()).cloned()
    }
}

struct PackSpec {
    pack: &'static str,
    title: &'static str,
    file: &'static str,
    kind: Kind,
    suffix: &'static str,
}

const MISP_PACKS: [PackSpec; 3] = [
    PackSpec {
        pack: "misp-threat-actor",
        title: "MISP threat-actor",
        file: "threat-actor.json",
        kind: Kind::ThreatGroup,
        suffix: "actor",
    },
    PackSpec {
        pack: "misp-intelligence-agencies",
        title: "MISP intelligence-agencies",
        file: "intelligence-agencies.json",
        kind: Kind::Agency,
        suffix: "agency",
    },
    PackSpec {
        pack: "misp-ransomware",
        title: "MISP ransomware",
        file: "ransomware.json",
        kind: Kind::ThreatGroup,
        suffix: "ransomware",
    },
];

fn misp_source(file: &str, json: &str) -> Result<String, String> {
    let root = parse(file, json)?;
    let version = root
        .get("version")
        .map(Value::to_string)
        .unwrap_or_default();
    Ok(format!(
        "MISP galaxy clusters/{file}, version {version} (CC0 1.0 or BSD 2-clause; assets/packs/source/MISP-LICENSE.md)"
    ))
}

/// Converts the source files into the packs, in load order.
pub fn convert(src: &SourceFiles) -> Result<Vec<Pack>, String> {
    let countries = Countries::new(&src.country)?;
    let common: HashSet<String> = src
        .common_words
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let jsons = [&src.threat_actor, &src.agencies, &src.ransomware];
    let mut ids = Ids::default();
    let mut by_uuid: HashMap<String, String> = HashMap::new();
    let mut read: Vec<(Vec<Cluster>, Vec<String>)> = Vec::new();
    for (spec, json) in MISP_PACKS.iter().zip(jsons) {
        let cs = clusters(spec.file, json, &countries)?;
        let cluster_ids: Vec<String> = cs
            .iter()
            .map(|c| ids.take(&c.names[0], &c.uuid, spec.suffix))
            .collect();
        for (c, id) in cs.iter().zip(&cluster_ids) {
            by_uuid.insert(c.uuid.clone(), id.clone());
        }
        read.push((cs, cluster_ids));
    }
    let mut misp: Vec<Pack> = Vec::new();
    for ((spec, json), (cs, cluster_ids)) in MISP_PACKS.iter().zip(jsons).zip(&read) {
        let actors = cs
            .iter()
            .zip(cluster_ids)
            .map(|(c, id)| {
                let mut links: Vec<PackLink> = Vec::new();
                for (dest, rel, confidence) in &c.related {
                    if let Some(to) = by_uuid.get(dest)
                        && to != id
                        && !links.iter().any(|l| &l.to == to && &l.rel == rel)
                    {
                        links.push(PackLink {
                            rel: rel.clone(),
                            to: to.clone(),
                            confidence: confidence.clone(),
                        });
                    }
                }
                PackActor {
                    id: id.clone(),
                    name: c.names[0].trim().to_string(),
                    kind: spec.kind,
                    aliases: aliases_of(&c.names, &common),
                    description: c.description.clone(),
                    country: c.country.clone(),
                    links,
                    refs: c.refs.clone(),
                }
            })
            .collect();
        misp.push(Pack {
            pack: spec.pack.to_string(),
            title: spec.title.to_string(),
            source: misp_source(spec.file, json)?,
            actors,
            tools: Vec::new(),
        });
    }
    let attack = attack_pack(src, &misp[0], &mut ids, &common)?;
    let mut out = Vec::with_capacity(4);
    let mut misp = misp.into_iter();
    out.extend(misp.next());
    out.push(attack);
    out.extend(misp);
    Ok(out)
}

/// The ATT&CK pack: each group under the id of the MISP threat actor it
/// is, or a new id.
fn attack_pack(
    src: &SourceFiles,
    threat_actors: &Pack,
    ids: &mut Ids,
    common: &HashSet<String>,
) -> Result<Pack, String> {
    let root = parse("attack-groups.json", &src.attack)?;
    let groups = root
        .get("groups")
        .and_then(Value::as_array)
        .ok_or("attack-groups.json: no \"groups\" list")?;
    // Lookups over the MISP threat actors, first cluster in file order wins.
    let mut by_attack: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut by_alias: HashMap<String, usize> = HashMap::new();
    for (i, a) in threat_actors.actors.iter().enumerate() {
        for r in &a.refs {
            if let Some(id) = r
                .strip_prefix("https://attack.mitre.org/groups/")
                .map(|s| s.trim_end_matches('/'))
                .filter(|s| is_attack_id(s))
            {
                by_attack.entry(id.to_string()).or_insert(i);
            }
        }
        by_name.entry(a.name.to_lowercase()).or_insert(i);
        for al in &a.aliases {
            by_alias.entry(al.text.to_lowercase()).or_insert(i);
        }
    }
    let mut actors = Vec::new();
    for g in groups {
        let flag = |k: &str| g.get(k).and_then(Value::as_bool).unwrap_or(false);
        if flag("revoked") || flag("deprecated") {
            continue;
        }
        let Some(gid) = g.get("external_id").and_then(Value::as_str) else {
            continue;
        };
        let Some(name) = g.get("name").and_then(Value::as_str) else {
            continue;
        };
        let mut names = vec![name.to_string()];
        names.extend(strings(g.get("aliases")));
        let lower = name.to_lowercase();
        let found = by_attack
            .get(gid)
            .or_else(|| by_name.get(&lower))
            .or_else(|| by_alias.get(&lower))
            .or_else(|| names.iter().find_map(|n| by_alias.get(&n.to_lowercase())))
            .copied();
        let id = match found {
            Some(i) => threat_actors.actors[i].id.clone(),
            None => ids.take(name, gid, "attack"),
        };
        actors.push(PackActor {
            id,
            name: name.to_string(),
            kind: Kind::ThreatGroup,
            aliases: aliases_of(&names, common),
            description: g
                .get("description_first_sentence")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            country: None,
            links: Vec::new(),
            refs: vec![attack_url(gid)],
        });
    }
    let commit = root
        .get("commit")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(Pack {
        pack: "attack-groups".to_string(),
        title: "ATT&CK groups".to_string(),
        source: format!(
            "MITRE ATT&CK intrusion sets, mitre/cti commit {commit}. © 2025 The MITRE \
             Corporation. This work is reproduced and distributed with the permission of The \
             MITRE Corporation. (assets/packs/source/ATTACK-LICENSE.txt)"
        ),
        actors,
        tools: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> HashSet<String> {
        [
            "tick", "zinc", "sea", "silence", "play", "ups", "fancy", "bear", "group",
        ]
        .into_iter()
        .map(str::to_string)
        .collect()
    }

    fn action(text: &str, is_name: bool) -> Option<NoiseAction> {
        classify(text, is_name, &common()).map(|m| m.action)
    }

    #[test]
    fn noise_rules() {
        assert_eq!(action("777", false), Some(NoiseAction::Dropped));
        assert_eq!(action("ZINC", false), Some(NoiseAction::Gated));
        assert_eq!(action("Zinc", false), Some(NoiseAction::Dropped));
        assert_eq!(action("Silence Play", false), Some(NoiseAction::Gated));
        assert_eq!(action("SILENCE PLAY", false), Some(NoiseAction::Exact));
        assert_eq!(action("Tick", true), Some(NoiseAction::Gated));
        assert_eq!(action("tick", true), Some(NoiseAction::Dropped));
        assert_eq!(action("SEA", true), Some(NoiseAction::Dropped));
        assert_eq!(action("GOP", false), Some(NoiseAction::Gated));
        assert_eq!(action("MI5", true), Some(NoiseAction::Exact));
        assert_eq!(action("Group 3", false), Some(NoiseAction::Gated));
        assert_eq!(action("Fancy Bear", false), Some(NoiseAction::Gated));
        assert_eq!(action("Silence Group", false), None);
        assert_eq!(action("APT28", false), None);
    }

    #[test]
    fn last_name_standing_is_gated_not_dropped() {
        let a = aliases_of(&["Play".into()], &common());
        assert_eq!(a[0].noise.map(|n| n.action), Some(NoiseAction::Gated));
        let a = aliases_of(&["Silence".into(), "Whisper Spider".into()], &common());
        assert_eq!(a[0].noise.map(|n| n.action), Some(NoiseAction::Gated));
    }

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Lazarus Group"), "lazarus-group");
        assert_eq!(slug("APT 28 (Sofacy)"), "apt-28-sofacy");
        let mut ids = Ids::default();
        assert_eq!(ids.take("Conti", "u1", "actor"), "conti");
        assert_eq!(ids.take("Conti", "u2", "ransomware"), "conti-ransomware");
        assert_eq!(ids.take("Conti", "u3", "ransomware"), "conti-ransomware-2");
        assert_eq!(ids.take("狼毒草", "abcdef0123", "actor"), "actor-abcdef01");
    }
}
