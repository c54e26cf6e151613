//! The pack converter: MISP galaxy clusters and ATT&CK groups in, packs out.
//!
//! A maintainer's tool, not part of the library: `main.rs` beside it runs it
//! (`cargo run --release --example packs`) and `tests/packs.rs` includes this
//! file to check the committed packs. aka itself only reads packs
//! (`aka::model::packs`).
//!
//! Deterministic: the same source files always give the same packs, byte
//! for byte (a test checks the committed packs against this). The rules:
//!
//! - One actor per MISP cluster (`threat-actor`, `microsoft-activity-group`,
//!   `360net`, `intelligence-agencies`, `ransomware`) and per ATT&CK group
//!   that is neither revoked nor deprecated. Aliases: the cluster's `value`
//!   then its `synonyms`; ATT&CK ids written as synonyms (`G0007`) become the
//!   group's ATT&CK reference. A `X Group` (`Team`, `Gang`, `Crew`) alias
//!   also gives `X` when `X` is one distinctive word (`Gamaredon`).
//! - An ATT&CK group, a Microsoft activity group or a 360 group takes the id
//!   of the threat actor it is (by MISP `related` edge, ATT&CK id, name, then
//!   an alias that only one actor has), so loading the packs merges them.
//! - Entries that are the same group become one actor (one id, the first in
//!   load order): an entry whose name is an alias of exactly one actor of
//!   another pack, or two entries that a MISP `similar` edge joins and no
//!   other `similar` edge reaches (no chains). See `merge_same_groups`.
//! - Intelligence agencies: a country in parentheses (`Foreign Intelligence
//!   Service (Russia)`) moves to the `country` field, the acronym the
//!   description gives after the name (`(SVR)`) becomes an alias.
//! - MISP `related` edges between loaded clusters become links, the
//!   likelihood tag kept as the confidence.
//! - Countries are ISO 3166 alpha-2 codes checked against MISP's `country`
//!   cluster and the world-countries table.
//! - The `misp-tools` pack holds only tool and malware names (MISP `tool`
//!   and `mitre-tool`).
//! - Noise rules: see the README, "Knowledge packs", and `classify`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use aka::model::catalog::{CaseMode, Kind, NoiseAction, NoiseMark, NoiseRule};
use aka::model::packs::{Pack, PackActor, PackAlias, PackLink, PackTool, slug};
use serde::Serialize;

/// The source files the packs are made from (`assets/packs/source/`).
#[derive(Debug, Clone)]
pub struct SourceFiles {
    /// MISP `clusters/threat-actor.json`.
    pub threat_actor: String,
    /// MISP `clusters/intelligence-agencies.json`.
    pub agencies: String,
    /// MISP `clusters/ransomware.json`.
    pub ransomware: String,
    /// MISP `clusters/microsoft-activity-group.json`.
    pub microsoft: String,
    /// MISP `clusters/360net.json`.
    pub net360: String,
    /// MISP `clusters/tool.json`.
    pub tool: String,
    /// MISP `clusters/mitre-tool.json`.
    pub mitre_tool: String,
    /// MISP `clusters/producer.json` (security vendors and other producers).
    pub producer: String,
    /// ATT&CK groups extract (`groups.json`).
    pub attack: String,
    /// MISP `clusters/country.json`.
    pub country: String,
    /// The world-countries table (`countries.json`: names, demonyms).
    pub world_countries: String,
    /// The common English words among the aliases, one a line.
    pub common_words: String,
    /// Words of software and technology, one a line (hand-written).
    pub product_words: String,
    /// Company names beside the MISP producers, one a line (hand-written).
    pub company_names: String,
    /// Services, platforms and frameworks that are no actors, one a line
    /// (hand-written): tool names for the finder (`VirusTotal`).
    pub product_names: String,
}

impl SourceFiles {
    /// Reads the source files from a folder.
    pub fn read(dir: &Path) -> std::io::Result<Self> {
        let read = |name: &str| std::fs::read_to_string(dir.join(name));
        Ok(SourceFiles {
            threat_actor: read("threat-actor.json")?,
            agencies: read("intelligence-agencies.json")?,
            ransomware: read("ransomware.json")?,
            microsoft: read("microsoft-activity-group.json")?,
            net360: read("360net.json")?,
            tool: read("tool.json")?,
            mitre_tool: read("mitre-tool.json")?,
            producer: read("producer.json")?,
            attack: read("attack-groups.json")?,
            country: read("country.json")?,
            world_countries: read("world-countries.json")?,
            common_words: read("common-words.txt")?,
            product_words: read("product-words.txt")?,
            company_names: read("company-names.txt")?,
            product_names: read("product-names.txt")?,
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

/// The group nouns whose `X Group` alias also gives `X` (`Gamaredon`).
const VARIANT_NOUNS: [&str; 4] = ["group", "team", "gang", "crew"];

/// The last words of vendors' naming schemes (the animals of `CrowdStrike`,
/// Microsoft's weather, Palo Alto's constellations): a name of common words
/// ending in one (`Fancy Bear`, `Volt Typhoon`, `Fighting Ursa`) is a
/// distinctive name, not prose.
const SCHEME_WORDS: [&str; 23] = [
    "bear",
    "panda",
    "kitten",
    "chollima",
    "spider",
    "typhoon",
    "blizzard",
    "sandstorm",
    "sleet",
    "tempest",
    "cyclone",
    "flood",
    "hail",
    "dust",
    "tsunami",
    "rain",
    "gust",
    "ursa",
    "taurus",
    "serpens",
    "pisces",
    "libra",
    "scorpius",
];

/// The word lists the noise rules read, lower-cased.
#[derive(Debug, Default)]
struct Lexicon {
    /// English words (wamerican) found among the aliases.
    common: HashSet<String>,
    /// Words of software and technology.
    products: HashSet<String>,
    /// Company and vendor names.
    companies: HashSet<String>,
    /// Demonyms and country adjectives (`korean`, `north korean`).
    demonyms: HashSet<String>,
    /// Names of tools and malware.
    tools: HashSet<String>,
}

fn word_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| collapse(l).to_lowercase())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The noise verdict on one alias, before the "last name standing" rule.
///
/// - no letter at all: dropped (`777`);
/// - a demonym or country adjective (`Korean`, `North Korean`): gated if
///   it is the cluster's own name, else (or in lower case) dropped, rule
///   `demonym`;
/// - a word of software or technology (`Python`, `Desktop`, `Trojan`):
///   gated whatever its case, rule `product-word`;
/// - a company's name (`McAfee`, `Sophos`): gated, dropped if written in
///   lower case (`mcafee`), rule `company-name`;
/// - a tool's or malware's name (`AutoIT`, `Cobalt Strike`), unless a vendor's
///   naming-scheme name (`ANCHOR PANDA`, which MISP lists as a tool): gated, rule
///   `tool-name`;
/// - one word that is a common English word: dropped if written all in
///   lower case or shorter than 4 characters (it cannot be told from prose:
///   `tick`, `SEA`); else gated (exact case, counted only with evidence):
///   in capitals (`STRONTIUM`, `ZINC`: a code name), the cluster's own name
///   (`Tick` the group) or a synonym (`Lazarus`, `Dharma`);
/// - shorter than 4 characters: exact if it has a digit (`MI5`), else gated
///   (`GOP`, `UPS`);
/// - a generic noun and a number (`Group 3`): gated;
/// - several words, each a common English word (`Cold River`, `Golden
///   Chickens`): gated; in capitals (`COZY BEAR`), exact; not when one of
///   them names a group (`Lazarus Group`, `Comment Crew`) or the last one is
///   a vendor's naming-scheme word (`Fancy Bear`, `Volt Typhoon`).
fn classify(text: &str, is_name: bool, lex: &Lexicon) -> Option<NoiseMark> {
    let mark = |action, rule| Some(NoiseMark { action, rule });
    if !text.chars().any(char::is_alphabetic) {
        return mark(NoiseAction::Dropped, NoiseRule::Number);
    }
    let one_word = !text.contains(char::is_whitespace);
    let lower = text.to_lowercase();
    let capitals = !text.chars().any(char::is_lowercase);
    let all_lower = !text.chars().any(char::is_uppercase);
    if lex.demonyms.contains(&lower) {
        // Like a common word: only a cluster's own name is kept (`Korean`,
        // a ransomware family); a synonym (`Russian` for VaultCrypt) would
        // count every Russian in a story of hackers.
        let action = if all_lower || !is_name {
            NoiseAction::Dropped
        } else {
            NoiseAction::Gated
        };
        return mark(action, NoiseRule::Demonym);
    }
    if lex.products.contains(&lower) {
        return mark(NoiseAction::Gated, NoiseRule::ProductWord);
    }
    if lex.companies.contains(&lower) {
        let action = if all_lower {
            NoiseAction::Dropped
        } else {
            NoiseAction::Gated
        };
        return mark(action, NoiseRule::CompanyName);
    }
    let scheme_name = !one_word
        && lower
            .split_whitespace()
            .last()
            .is_some_and(|w| SCHEME_WORDS.contains(&w));
    if lex.tools.contains(&lower) && !scheme_name {
        // A lower-case English word is prose before it is a tool (`net`).
        let action = if one_word && all_lower && lex.common.contains(&lower) {
            NoiseAction::Dropped
        } else {
            NoiseAction::Gated
        };
        return mark(action, NoiseRule::ToolName);
    }
    if one_word && lex.common.contains(&lower) {
        // Written with a capital, a synonym is gated like the name: the
        // finder counts it only with evidence ("Dharma ransomware", "the
        // Lazarus group"), so it need not be thrown away.
        return if all_lower || text.chars().count() < 4 {
            mark(NoiseAction::Dropped, NoiseRule::CommonWord)
        } else {
            mark(NoiseAction::Gated, NoiseRule::CommonWord)
        };
    }
    if all_lower && text.chars().any(char::is_alphabetic) && text.is_ascii() {
        // Names are written with a capital; a source's alias in lower case
        // is a file extension, a handle or a placeholder (`targetcompany`)
        // as often as a name, and matches text in any case.
        return mark(NoiseAction::Gated, NoiseRule::LowerCase);
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
        && lower.split_whitespace().all(|w| lex.common.contains(w))
        && !lower.split_whitespace().any(|w| GROUP_NOUNS.contains(&w))
        && !scheme_name
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

/// The bare name of a `X Group` alias (`Team`, `Gang`, `Crew`): `X` when it
/// is one word of at least 4 letters that no noise rule marks (not an
/// English word, a tool, a product or a company).
fn bare_variant(text: &str, lex: &Lexicon) -> Option<String> {
    let mut words = text.split_whitespace();
    let (Some(x), Some(noun), None) = (words.next(), words.next(), words.next()) else {
        return None;
    };
    if !VARIANT_NOUNS.contains(&noun.to_lowercase().as_str())
        || x.chars().filter(|c| c.is_alphabetic()).count() < 4
        || !x.chars().all(char::is_alphanumeric)
        || classify(x, false, lex).is_some()
    {
        return None;
    }
    Some(x.to_string())
}

/// Builds an actor's aliases with their noise verdicts. If every alias
/// would be dropped or gated, dropped common words of the cluster's own
/// name are gated instead, so no actor loses its last name. With
/// `variants`, a `X Group` alias is followed by `X` (see [`bare_variant`]).
fn aliases_of(names: &[String], lex: &Lexicon, variants: bool) -> Vec<PackAlias> {
    let mut seen = HashSet::new();
    let mut texts: Vec<(String, bool)> = Vec::new();
    for (i, text) in names.iter().enumerate() {
        let text = collapse(text);
        if text.is_empty() || is_attack_id(&text) {
            continue;
        }
        let variant = variants.then(|| bare_variant(&text, lex)).flatten();
        texts.push((text, i == 0));
        texts.extend(variant.map(|v| (v, false)));
    }
    let mut out: Vec<PackAlias> = Vec::new();
    for (text, is_name) in texts {
        if !seen.insert(text.clone()) {
            continue;
        }
        let noise = classify(&text, is_name, lex);
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

fn values<'v>(file: &str, root: &'v Value) -> Result<&'v Vec<Value>, String> {
    root.get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{file}: no \"values\" list: not a MISP galaxy cluster"))
}

fn clusters(file: &str, json: &str, countries: &Countries) -> Result<Vec<Cluster>, String> {
    let root = parse(file, json)?;
    let mut out = Vec::new();
    for v in values(file, &root)? {
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

/// ISO codes, country names and demonyms from MISP's `country` cluster
/// and the world-countries table.
struct Countries {
    codes: HashSet<String>,
    by_name: HashMap<String, String>,
    demonyms: HashSet<String>,
}

impl Countries {
    fn new(misp: &str, world: &str) -> Result<Self, String> {
        let root = parse("country.json", misp)?;
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
        let world = parse("world-countries.json", world)?;
        let mut demonyms = HashSet::new();
        for c in world
            .as_array()
            .ok_or("world-countries.json: not a list of countries")?
        {
            let Some(iso) = c.get("cca2").and_then(Value::as_str) else {
                continue;
            };
            let name = c.get("name");
            let mut names = vec![
                name.and_then(|n| n.get("common")),
                name.and_then(|n| n.get("official")),
            ];
            names.extend(
                c.get("altSpellings")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(Some),
            );
            // Native names (`México`), in the order the table gives them.
            if let Some(native) = name
                .and_then(|n| n.get("native"))
                .and_then(Value::as_object)
            {
                for n in native.values() {
                    names.push(n.get("common"));
                }
            }
            for n in names.into_iter().flatten().filter_map(Value::as_str) {
                // Two-letter spellings are codes (`UK`), not names.
                if n.chars().count() > 2 {
                    by_name
                        .entry(n.to_lowercase())
                        .or_insert_with(|| iso.to_string());
                }
            }
            let eng = c.get("demonyms").and_then(|d| d.get("eng"));
            for k in ["m", "f"] {
                for d in eng
                    .and_then(|e| e.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .split(',')
                {
                    let d = collapse(d).to_lowercase();
                    // `South Korean` is also `Korean`.
                    if let Some(rest) = d
                        .strip_prefix("north ")
                        .or_else(|| d.strip_prefix("south "))
                    {
                        demonyms.insert(rest.to_string());
                    }
                    if !d.is_empty() {
                        demonyms.insert(d);
                    }
                }
            }
        }
        Ok(Countries {
            codes,
            by_name,
            demonyms,
        })
    }

    /// The ISO code for a code or a country name, if it is one.
    fn code(&self, s: &str) -> Option<String> {
        let s = s.trim();
        if self.codes.contains(s) {
            return Some(s.to_string());
        }
        self.named(s)
    }

    /// The ISO code for a country name (`Russia`, `the Gambia`), not a code
    /// (`(IR)` in a description is an acronym).
    fn named(&self, s: &str) -> Option<String> {
        let lower = s.trim().to_lowercase();
        self.by_name
            .get(&lower)
            .or_else(|| self.by_name.get(lower.strip_prefix("the ")?))
            .cloned()
    }
}

/// Strips footnote marks (`[14]`) from the end of a name.
fn strip_footnotes(s: &str) -> &str {
    let mut s = s.trim_end();
    while let Some(inner) = s.strip_suffix(']') {
        let Some(open) = inner.rfind('[') else { break };
        let num = &inner[open + 1..];
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        s = inner[..open].trim_end();
    }
    s
}

/// An acronym: 2 to 7 capitals or digits, one letter at least (`SVR`,
/// `MI5`, `ΕΥΠ`).
fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=7).contains(&n)
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().any(char::is_alphabetic)
}

/// A trailing `(…)` group: the text before it and its content.
fn trailing_paren(s: &str) -> Option<(&str, &str)> {
    let inner = s.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    Some((inner[..open].trim_end(), &inner[open + 1..]))
}

/// An agency's name with its trailing `(Country)` and `(ACRONYM)` groups
/// taken out (`Foreign Intelligence Service (Russia)`, `National Crime
/// Intelligence Agency (NCIA)`) and footnote marks dropped.
struct AgencyName {
    name: String,
    /// ISO code and the country as written.
    country: Option<(String, String)>,
    acronym: Option<String>,
}

fn clean_agency_name(raw: &str, countries: &Countries) -> AgencyName {
    let mut name = collapse(strip_footnotes(raw.trim().trim_end_matches(',')));
    let mut country = None;
    let mut acronym = None;
    while let Some((before, inner)) = trailing_paren(&name) {
        if before.is_empty() {
            break;
        }
        if inner == "page does not exist" {
            // Wikipedia's mark of a missing article, copied by MISP.
        } else if country.is_none()
            && let Some(code) = countries.named(inner)
        {
            country = Some((code, inner.to_string()));
        } else if acronym.is_none() && is_acronym(inner) {
            acronym = Some(inner.to_string());
        } else {
            break;
        }
        name = before.to_string();
    }
    AgencyName {
        name,
        country,
        acronym,
    }
}

/// The acronym a MISP agency description gives in parentheses right after
/// the agency's name (`Foreign Intelligence Service (Russia) (SVR) – …`,
/// `State Intelligence Service (SHISH) – …`): after one of its names, or
/// after the description's opening phrase (which names the agency).
fn description_acronym(desc: &str, names: &[String], countries: &Countries) -> Option<String> {
    for (i, _) in desc.match_indices('(') {
        let close = desc[i..].find(')')? + i;
        let inner = &desc[i + 1..close];
        if countries.named(inner).is_some() {
            continue;
        }
        if !is_acronym(inner) {
            return None;
        }
        let mut before = desc[..i].trim_end();
        if let Some((b, c)) = trailing_paren(before)
            && countries.named(c).is_some()
        {
            before = b;
        }
        let lower = before.to_lowercase();
        let after_name = names.iter().any(|n| {
            let n = n.to_lowercase();
            lower == n || lower.ends_with(&format!(" {n}"))
        });
        let opening = !before.is_empty()
            && !before.contains(" - ")
            && !before.ends_with('-')
            && !before.contains(['(', ')', '[', ']', '–', '—', ':', '/', ';']);
        return (after_name || opening).then(|| inner.to_string());
    }
    None
}

/// The verdict on an agency's acronym: gated (exact case) with 2 or 3
/// characters (`IB`, `SID`, `SOA`: they are also words of technology; the
/// agency's full name in the text lets them count, and the bundled catalog
/// vouches for the well-known ones, `FSB`, `SVR`), as any alias from 4
/// (`GCHQ`); a product, company, tool or demonym rule still applies.
fn acronym_alias(acr: &str, lex: &Lexicon) -> PackAlias {
    let classified = classify(acr, false, lex);
    let noise = match classified {
        Some(m)
            if matches!(
                m.rule,
                NoiseRule::ProductWord
                    | NoiseRule::CompanyName
                    | NoiseRule::ToolName
                    | NoiseRule::Demonym
            ) =>
        {
            Some(m)
        }
        _ => match acr.chars().count() {
            2 | 3 => Some(NoiseMark {
                action: NoiseAction::Gated,
                rule: NoiseRule::Short,
            }),
            _ => classified,
        },
    };
    // An acronym is written in capitals: exact case, so that `RATS` is not
    // found in "RATs" (remote access trojans).
    PackAlias {
        text: acr.to_string(),
        case: CaseMode::Exact,
        noise,
    }
}

struct PackSpec {
    pack: &'static str,
    title: &'static str,
    file: &'static str,
    kind: Kind,
    suffix: &'static str,
}

const TA: PackSpec = PackSpec {
    pack: "misp-threat-actor",
    title: "MISP threat-actor",
    file: "threat-actor.json",
    kind: Kind::ThreatGroup,
    suffix: "actor",
};
const AGENCIES: PackSpec = PackSpec {
    pack: "misp-intelligence-agencies",
    title: "MISP intelligence-agencies",
    file: "intelligence-agencies.json",
    kind: Kind::Agency,
    suffix: "agency",
};
const RANSOMWARE: PackSpec = PackSpec {
    pack: "misp-ransomware",
    title: "MISP ransomware",
    file: "ransomware.json",
    kind: Kind::ThreatGroup,
    suffix: "ransomware",
};
const MICROSOFT: PackSpec = PackSpec {
    pack: "misp-microsoft-activity-group",
    title: "MISP microsoft-activity-group",
    file: "microsoft-activity-group.json",
    kind: Kind::ThreatGroup,
    suffix: "microsoft",
};
const NET360: PackSpec = PackSpec {
    pack: "misp-360net",
    title: "MISP 360net",
    file: "360net.json",
    kind: Kind::ThreatGroup,
    suffix: "360net",
};

fn misp_version(file: &str, json: &str) -> Result<String, String> {
    let root = parse(file, json)?;
    Ok(root
        .get("version")
        .map(Value::to_string)
        .unwrap_or_default())
}

fn misp_source(file: &str, json: &str) -> Result<String, String> {
    let version = misp_version(file, json)?;
    Ok(format!(
        "MISP galaxy clusters/{file}, version {version} (CC0 1.0 or BSD 2-clause; assets/packs/source/MISP-LICENSE.md)"
    ))
}

/// A name without a trailing "ransomware" (`Ryuk ransomware` → `Ryuk`),
/// unless nothing of two characters or more would be left.
fn without_ransomware(name: &str) -> String {
    let name = collapse(name);
    let lower = name.to_lowercase();
    match lower.strip_suffix(" ransomware") {
        Some(stem) if stem.chars().count() >= 2 => name[..stem.len()].to_string(),
        _ => name,
    }
}

/// One actor of a pack while the packs are made: the actor and what the
/// merging and linking steps need of its cluster.
struct Entry {
    actor: PackActor,
    /// The MISP cluster's uuid (empty for ATT&CK groups).
    uuid: String,
    /// MISP `related` edges: destination uuid, relation, likelihood.
    related: Vec<(String, String, Option<String>)>,
}

impl Entry {
    fn from_cluster(c: &Cluster, id: String, spec: &PackSpec, lex: &Lexicon) -> Entry {
        // A ransomware family's name is the word before "ransomware" (`Ryuk
        // ransomware` is Ryuk): the finder reads the head noun as evidence,
        // and the name alone is what a report writes.
        let names: Vec<String> = if spec.pack == RANSOMWARE.pack {
            c.names.iter().map(|n| without_ransomware(n)).collect()
        } else {
            c.names.clone()
        };
        Entry {
            actor: PackActor {
                id,
                name: collapse(&names[0]),
                kind: spec.kind,
                aliases: aliases_of(&names, lex, spec.kind == Kind::ThreatGroup),
                description: c.description.clone(),
                country: c.country.clone(),
                links: Vec::new(),
                refs: c.refs.clone(),
            },
            uuid: c.uuid.clone(),
            related: c.related.clone(),
        }
    }
}

/// One merge of two entries' ids into one actor, for the converter's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The id kept (the first in load order).
    pub kept: String,
    /// The id merged into it.
    pub merged: String,
    /// Why: `name` (one's name is the other's alias) or `similar`.
    pub why: &'static str,
}

/// What the converter did beside the packs, for `main.rs` to print.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The merges of same-group entries, in the order they were made.
    pub merges: Vec<Merge>,
    /// Sizes of the actors made of more than two entries' ids.
    pub large_groups: Vec<(String, usize)>,
}

/// Converts the source files into the packs, in load order, and says which
/// entries were merged.
pub fn convert_with_report(src: &SourceFiles) -> Result<(Vec<Pack>, Report), String> {
    let countries = Countries::new(&src.country, &src.world_countries)?;
    let tools = tools_pack(src)?;
    let lex = lexicon(src, &countries, &tools)?;
    let mut ids = Ids::default();

    let ta = clusters(TA.file, &src.threat_actor, &countries)?;
    let ta: Vec<Entry> = ta
        .iter()
        .map(|c| {
            let id = ids.take(&c.names[0], &c.uuid, TA.suffix);
            Entry::from_cluster(c, id, &TA, &lex)
        })
        .collect();
    let agencies = agency_entries(src, &countries, &lex, &mut ids)?;
    let rw: Vec<Entry> = clusters(RANSOMWARE.file, &src.ransomware, &countries)?
        .iter()
        .map(|c| {
            let id = ids.take(&c.names[0], &c.uuid, RANSOMWARE.suffix);
            Entry::from_cluster(c, id, &RANSOMWARE, &lex)
        })
        .collect();
    let mut lookup = Lookup::default();
    for e in &ta {
        lookup.add(e);
    }
    let attack = attack_entries(src, &lookup, &mut ids, &lex)?;
    for e in &attack {
        lookup.add(e);
    }
    let ms = clusters(MICROSOFT.file, &src.microsoft, &countries)?;
    let ms = joined_entries(&ms, &MICROSOFT, &lookup, &mut ids, &lex);
    for e in &ms {
        lookup.add(e);
    }
    let net = net360_clusters(&src.net360, &countries, &agencies)?;
    let net = joined_entries(&net, &NET360, &lookup, &mut ids, &lex);

    let mut entries = vec![ta, attack, ms, net, agencies, rw];
    let report = merge_same_groups(&mut entries);
    let by_uuid: HashMap<String, String> = entries
        .iter()
        .flatten()
        .filter(|e| !e.uuid.is_empty())
        .map(|e| (e.uuid.clone(), e.actor.id.clone()))
        .collect();
    let specs = [&TA, &MICROSOFT, &NET360, &AGENCIES, &RANSOMWARE];
    let jsons = [
        &src.threat_actor,
        &src.microsoft,
        &src.net360,
        &src.agencies,
        &src.ransomware,
    ];
    let mut packs = Vec::with_capacity(7);
    for (i, es) in entries.into_iter().enumerate() {
        let actors = combine(es, &by_uuid);
        let pack = if i == 1 {
            attack_head(src, actors)?
        } else {
            let k = if i == 0 { 0 } else { i - 1 };
            Pack {
                pack: specs[k].pack.to_string(),
                title: specs[k].title.to_string(),
                source: misp_source(specs[k].file, jsons[k])?,
                actors,
                tools: Vec::new(),
            }
        };
        packs.push(pack);
    }
    packs.push(tools);
    Ok((packs, report))
}

/// Reads the word lists; the tool names come from the tools pack.
fn lexicon(src: &SourceFiles, countries: &Countries, tools: &Pack) -> Result<Lexicon, String> {
    let mut companies: HashSet<String> = word_lines(&src.company_names).collect();
    let root = parse("producer.json", &src.producer)?;
    for v in values("producer.json", &root)? {
        let mut names = strings(v.get("value"));
        names.extend(strings(v.get("meta").and_then(|m| m.get("synonyms"))));
        for n in names {
            let n = collapse(&n).to_lowercase();
            if !n.is_empty() {
                companies.insert(n);
            }
        }
    }
    let mut tool_names = HashSet::new();
    for t in &tools.tools {
        for n in std::iter::once(&t.name).chain(&t.aliases) {
            tool_names.insert(collapse(n).to_lowercase());
        }
    }
    Ok(Lexicon {
        common: word_lines(&src.common_words).collect(),
        products: word_lines(&src.product_words).collect(),
        companies,
        demonyms: countries.demonyms.clone(),
        tools: tool_names,
    })
}

/// The intelligence agencies: names cleaned of their country and acronym
/// (see [`clean_agency_name`]), acronyms as aliases, ids from the cleaned
/// name (with the country as written when two agencies share the name).
fn agency_entries(
    src: &SourceFiles,
    countries: &Countries,
    lex: &Lexicon,
    ids: &mut Ids,
) -> Result<Vec<Entry>, String> {
    let cs = clusters(AGENCIES.file, &src.agencies, countries)?;
    let cleaned: Vec<Vec<AgencyName>> = cs
        .iter()
        .map(|c| {
            c.names
                .iter()
                .map(|n| clean_agency_name(n, countries))
                .collect()
        })
        .collect();
    let mut name_count: HashMap<String, usize> = HashMap::new();
    for names in &cleaned {
        *name_count.entry(names[0].name.to_lowercase()).or_default() += 1;
    }
    let mut out = Vec::with_capacity(cs.len());
    for (c, names) in cs.iter().zip(&cleaned) {
        let first = &names[0];
        let shared = name_count[&first.name.to_lowercase()] > 1;
        let id_name = match (&first.country, shared) {
            (Some((_, written)), true) => format!("{} {written}", first.name),
            _ => first.name.clone(),
        };
        let id = ids.take(&id_name, &c.uuid, AGENCIES.suffix);
        let plain: Vec<String> = names.iter().map(|n| n.name.clone()).collect();
        let mut acronyms: Vec<String> = names.iter().filter_map(|n| n.acronym.clone()).collect();
        acronyms.extend(
            c.description
                .as_deref()
                .and_then(|d| description_acronym(d, &plain, countries)),
        );
        let mut aliases = aliases_of(&plain, lex, false);
        for acr in acronyms {
            if !aliases.iter().any(|a| a.text == acr) {
                aliases.push(acronym_alias(&acr, lex));
            }
        }
        let country = c
            .country
            .clone()
            .or_else(|| names.iter().find_map(|n| n.country.clone().map(|(c, _)| c)));
        out.push(Entry {
            actor: PackActor {
                id,
                name: first.name.clone(),
                kind: Kind::Agency,
                aliases,
                description: c.description.clone(),
                country,
                links: Vec::new(),
                refs: c.refs.clone(),
            },
            uuid: c.uuid.clone(),
            related: c.related.clone(),
        });
    }
    Ok(out)
}

/// The 360 clusters, their names made aliases: `Lazarus - APT-C-26` gives
/// the name `APT-C-26` and the alias `Lazarus`; a synonym listing names
/// (`Turla, Waterbug, Venomous Bear`) gives each. A name that is an
/// agency's (`CIA - APT-C-39`) is the agency's, not the group's alias.
fn net360_clusters(
    json: &str,
    countries: &Countries,
    agencies: &[Entry],
) -> Result<Vec<Cluster>, String> {
    let agency_names: HashSet<String> = agencies
        .iter()
        .flat_map(|e| &e.actor.aliases)
        .map(|a| a.text.to_lowercase())
        .collect();
    let mut cs = clusters(NET360.file, json, countries)?;
    for c in &mut cs {
        let mut names = Vec::new();
        let value = c.names[0].clone();
        match value.rsplit_once(" - ") {
            Some((x, code)) if code.trim().starts_with("APT-C-") => {
                names.push(code.trim().to_string());
                if !agency_names.contains(&x.trim().to_lowercase()) {
                    names.push(x.trim().to_string());
                }
            }
            _ => names.push(value),
        }
        for s in &c.names[1..] {
            names.extend(s.split(", ").map(str::to_string));
        }
        c.names = names;
    }
    Ok(cs)
}

/// Lookups over the actors made so far, to find the one a cluster of
/// another source is.
#[derive(Default)]
struct Lookup {
    uuids: HashMap<String, String>,
    attack_ids: HashMap<String, String>,
    names: HashMap<String, String>,
    /// Folded alias to the ids that have it, in order.
    aliases: HashMap<String, Vec<String>>,
}

impl Lookup {
    fn add(&mut self, e: &Entry) {
        let a = &e.actor;
        if !e.uuid.is_empty() {
            self.uuids.insert(e.uuid.clone(), a.id.clone());
        }
        for r in &a.refs {
            if let Some(id) = r
                .strip_prefix("https://attack.mitre.org/groups/")
                .map(|s| s.trim_end_matches('/'))
                .filter(|s| is_attack_id(s))
            {
                self.attack_ids
                    .entry(id.to_string())
                    .or_insert_with(|| a.id.clone());
            }
        }
        self.names
            .entry(a.name.to_lowercase())
            .or_insert_with(|| a.id.clone());
        for al in &a.aliases {
            let ids = self.aliases.entry(al.text.to_lowercase()).or_default();
            if !ids.contains(&a.id) {
                ids.push(a.id.clone());
            }
        }
    }

    /// An alias's actor: the first that has it, or with `unique`, the only one.
    fn alias(&self, text: &str, unique: bool) -> Option<&String> {
        let ids = self.aliases.get(&text.to_lowercase())?;
        (!unique || ids.len() == 1).then(|| ids.first()).flatten()
    }
}

/// Clusters of a source that names known groups its own way (Microsoft,
/// 360): each takes the id of the threat actor it is, by a `similar` edge
/// to it, its name, then an alias that only one actor has; else a new id.
fn joined_entries(
    cs: &[Cluster],
    spec: &PackSpec,
    lookup: &Lookup,
    ids: &mut Ids,
    lex: &Lexicon,
) -> Vec<Entry> {
    cs.iter()
        .map(|c| {
            let found = c
                .related
                .iter()
                .filter(|(_, rel, _)| rel == "similar")
                .find_map(|(dest, _, _)| lookup.uuids.get(dest))
                .or_else(|| lookup.names.get(&c.names[0].trim().to_lowercase()))
                .or_else(|| c.names.iter().find_map(|n| lookup.alias(n.trim(), true)))
                .cloned();
            let id = found.unwrap_or_else(|| ids.take(&c.names[0], &c.uuid, spec.suffix));
            Entry::from_cluster(c, id, spec, lex)
        })
        .collect()
}

/// The ATT&CK groups: each under the id of the MISP threat actor it is
/// (by ATT&CK id, name, then alias, first cluster in file order), or a new
/// id.
fn attack_entries(
    src: &SourceFiles,
    lookup: &Lookup,
    ids: &mut Ids,
    lex: &Lexicon,
) -> Result<Vec<Entry>, String> {
    let root = parse("attack-groups.json", &src.attack)?;
    let groups = root
        .get("groups")
        .and_then(Value::as_array)
        .ok_or("attack-groups.json: no \"groups\" list")?;
    let mut out = Vec::new();
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
        let found = lookup
            .attack_ids
            .get(gid)
            .or_else(|| lookup.names.get(&name.to_lowercase()))
            .or_else(|| names.iter().find_map(|n| lookup.alias(n, false)))
            .cloned();
        let id = found.unwrap_or_else(|| ids.take(name, gid, "attack"));
        out.push(Entry {
            actor: PackActor {
                id,
                name: name.to_string(),
                kind: Kind::ThreatGroup,
                aliases: aliases_of(&names, lex, true),
                description: g
                    .get("description_first_sentence")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
                country: None,
                links: Vec::new(),
                refs: vec![attack_url(gid)],
            },
            uuid: String::new(),
            related: Vec::new(),
        });
    }
    Ok(out)
}

fn attack_head(src: &SourceFiles, actors: Vec<PackActor>) -> Result<Pack, String> {
    let root = parse("attack-groups.json", &src.attack)?;
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

/// Union-find over actor ids whose root is the smallest index (the first
/// in load order).
struct Groups(Vec<usize>);

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.0[hi] = lo;
        true
    }
}

/// Whether two ids are designations of one scheme with different numbers
/// (`gc01` and `gc02`, `apt28` and `apt29`): a vendor numbers different
/// groups, so a `similar` edge between them joins relatives, not one group.
fn sibling_designations(a: &str, b: &str) -> bool {
    let split = |id: &str| {
        let letters = id.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &id[letters.len()..];
        let designation = !letters.is_empty()
            && !digits.is_empty()
            && letters.chars().all(|c| c.is_ascii_lowercase());
        designation.then_some((letters.to_string(), digits.to_string()))
    };
    matches!((split(a), split(b)), (Some((la, da)), Some((lb, db))) if la == lb && da != db)
}

/// Makes entries that are the same group one actor: gives them the id that
/// comes first in load order. Two ids are the same group when
///
/// - an entry's name (its first alias, which no rule gates or drops) is an
///   alias of an entry
///   of another pack, of the same kind, and of no third actor (a name two
///   groups share stays ambiguous); or
/// - a MISP `similar` edge joins them and no other `similar` edge reaches
///   either (a chain of `similar` edges, `Charming Kitten` ~ `OilRig` ~ …,
///   joins related groups, not one group).
///
/// Only an entry's name counts, never a shared alias, so one generic alias
/// cannot chain half the catalogue together. And a source's word that two
/// of its clusters are different groups stands: a name never joins two
/// actors that both hold an entry of one pack (`Lazarus Group` and `Silent
/// Chollima` are two MISP clusters, even if a Microsoft group names both),
/// a `similar` edge never two that both hold an entry of a pack other than
/// its own (`APT41` ~ `APT17`: two ATT&CK groups).
fn merge_same_groups(packs: &mut [Vec<Entry>]) -> Report {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut kinds: Vec<Kind> = Vec::new();
    for e in packs.iter().flatten() {
        if !index.contains_key(&e.actor.id) {
            index.insert(e.actor.id.clone(), names.len());
            names.push(e.actor.id.clone());
            kinds.push(e.actor.kind);
        }
    }
    let node = |e: &Entry| index[&e.actor.id];
    let mut groups = Groups((0..names.len()).collect());
    // The packs whose entries each id (then each root) holds, one bit a pack.
    let mut held: Vec<u32> = vec![0; names.len()];
    // The pack each MISP cluster is in.
    let mut pack_of: HashMap<&str, usize> = HashMap::new();
    for (p, es) in packs.iter().enumerate() {
        for e in es {
            held[node(e)] |= 1 << p;
            if !e.uuid.is_empty() {
                pack_of.insert(e.uuid.as_str(), p);
            }
        }
    }
    // Joins two roots' packs, unless both hold `forbidden` packs in common.
    let mut join = |groups: &mut Groups, a: usize, b: usize, allowed: u32| -> bool {
        let (x, y) = (groups.find(a), groups.find(b));
        if x == y || held[x] & held[y] & !allowed != 0 {
            return false;
        }
        groups.union(x, y);
        let both = held[x] | held[y];
        held[x.min(y)] = both;
        true
    };
    let mut merges = Vec::new();

    // `similar` edges, kept where they make a component of two ids.
    let by_uuid: HashMap<&str, usize> = packs
        .iter()
        .flatten()
        .filter(|e| !e.uuid.is_empty())
        .map(|e| (e.uuid.as_str(), node(e)))
        .collect();
    let mut adjacent: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut edge_pack: HashMap<(usize, usize), u32> = HashMap::new();
    for (p, e) in packs
        .iter()
        .enumerate()
        .flat_map(|(p, es)| es.iter().map(move |e| (p, e)))
    {
        let a = node(e);
        for (dest, rel, _) in &e.related {
            if rel != "similar" {
                continue;
            }
            if let Some(&b) = by_uuid.get(dest.as_str())
                && b != a
                && kinds[a] == kinds[b]
            {
                let q = pack_of.get(dest.as_str()).copied().unwrap_or(p);
                *edge_pack.entry((a.min(b), a.max(b))).or_default() |= (1 << p) | (1 << q);
                for (x, y) in [(a, b), (b, a)] {
                    let v = adjacent.entry(x).or_default();
                    if !v.contains(&y) {
                        v.push(y);
                    }
                }
            }
        }
    }
    for (&a, v) in &adjacent {
        if let [b] = v[..]
            && a < b
            && adjacent.get(&b).is_some_and(|w| w.len() == 1)
            && !sibling_designations(&names[a], &names[b])
            && join(&mut groups, a, b, edge_pack[&(a, b)])
        {
            merges.push(Merge {
                kept: names[a].clone(),
                merged: names[b].clone(),
                why: "similar",
            });
        }
    }

    // Names that are another pack's alias.
    let mut owners: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (p, es) in packs.iter().enumerate() {
        for e in es {
            for a in e
                .actor
                .aliases
                .iter()
                .filter(|a| a.noise.is_none_or(|n| n.action != NoiseAction::Dropped))
            {
                let v = owners.entry(a.text.to_lowercase()).or_default();
                if !v.contains(&(node(e), p)) {
                    v.push((node(e), p));
                }
            }
        }
    }
    for (p, es) in packs.iter().enumerate() {
        for e in es {
            let Some(first) = e.actor.aliases.first() else {
                continue;
            };
            // Only a distinctive name: `Chimera`, a word, names a
            // ransomware family and an unrelated group.
            if first.noise.is_some_and(|n| n.action != NoiseAction::Exact) {
                continue;
            }
            let a = node(e);
            let mut others: Vec<usize> = owners
                .get(&first.text.to_lowercase())
                .into_iter()
                .flatten()
                .filter(|&&(n, q)| q != p && n != a && kinds[n] == kinds[a])
                .map(|&(n, _)| n)
                .collect();
            others.dedup();
            others.sort_unstable();
            others.dedup();
            if let [b] = others[..] {
                let (x, y) = (groups.find(a), groups.find(b));
                if join(&mut groups, a, b, 0) {
                    merges.push(Merge {
                        kept: names[x.min(y)].clone(),
                        merged: names[x.max(y)].clone(),
                        why: "name",
                    });
                }
            }
        }
    }

    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..names.len() {
        *sizes.entry(groups.find(i)).or_default() += 1;
    }
    let large_groups = sizes
        .iter()
        .filter(|&(_, &n)| n > 2)
        .map(|(&r, &n)| (names[r].clone(), n))
        .collect();
    for e in packs.iter_mut().flatten() {
        let root = groups.find(index[&e.actor.id]);
        e.actor.id.clone_from(&names[root]);
    }
    Report {
        merges,
        large_groups,
    }
}

/// A pack's actors from its entries: links resolved, entries that now have
/// the same id made one (the first's name, kind, description and country;
/// every alias, reference and link).
fn combine(entries: Vec<Entry>, by_uuid: &HashMap<String, String>) -> Vec<PackActor> {
    let mut out: Vec<PackActor> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for e in entries {
        let mut actor = e.actor;
        for (dest, rel, confidence) in &e.related {
            if let Some(to) = by_uuid.get(dest)
                && to != &actor.id
                && !actor.links.iter().any(|l| &l.to == to && &l.rel == rel)
            {
                actor.links.push(PackLink {
                    rel: rel.clone(),
                    to: to.clone(),
                    confidence: confidence.clone(),
                });
            }
        }
        let Some(&i) = at.get(&actor.id) else {
            at.insert(actor.id.clone(), out.len());
            out.push(actor);
            continue;
        };
        let kept = &mut out[i];
        if kept.description.is_none() {
            kept.description = actor.description;
        }
        if kept.country.is_none() {
            kept.country = actor.country;
        }
        for a in actor.aliases {
            if !kept.aliases.iter().any(|k| k.text == a.text) {
                kept.aliases.push(a);
            }
        }
        for r in actor.refs {
            if !kept.refs.contains(&r) {
                kept.refs.push(r);
            }
        }
        for l in actor.links {
            if !kept.links.iter().any(|k| k.to == l.to && k.rel == l.rel) {
                kept.links.push(l);
            }
        }
    }
    out
}

/// The `misp-tools` pack: the names of MISP's `tool` and `mitre-tool`
/// clusters (the ATT&CK id suffix, ` - S0005`, taken off), a tool that both
/// name listed once, then the services and frameworks of
/// `product-names.txt` (`VirusTotal`, `MITRE ATT&CK`).
fn tools_pack(src: &SourceFiles) -> Result<Pack, String> {
    let mut tools: Vec<PackTool> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (file, json) in [
        ("tool.json", &src.tool),
        ("mitre-tool.json", &src.mitre_tool),
    ] {
        let root = parse(file, json)?;
        for v in values(file, &root)? {
            let Some(value) = v.get("value").and_then(Value::as_str) else {
                continue;
            };
            let mut names = vec![strip_software_id(value)];
            names.extend(
                strings(v.get("meta").and_then(|m| m.get("synonyms")))
                    .iter()
                    .map(|s| strip_software_id(s)),
            );
            names.retain(|n| !n.is_empty());
            let Some(name) = names.first().cloned() else {
                continue;
            };
            let known = names
                .iter()
                .find_map(|n| by_name.get(&n.to_lowercase()))
                .copied();
            let i = known.unwrap_or_else(|| {
                tools.push(PackTool {
                    name: name.clone(),
                    aliases: Vec::new(),
                });
                tools.len() - 1
            });
            for n in names {
                let tool = &mut tools[i];
                if n != tool.name && !tool.aliases.contains(&n) {
                    tool.aliases.push(n.clone());
                }
                by_name.entry(n.to_lowercase()).or_insert(i);
            }
        }
    }
    for name in src
        .product_names
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let std::collections::hash_map::Entry::Vacant(v) = by_name.entry(name.to_lowercase()) {
            v.insert(tools.len());
            tools.push(PackTool {
                name: collapse(name),
                aliases: Vec::new(),
            });
        }
    }
    Ok(Pack {
        pack: "misp-tools".to_string(),
        title: "MISP tools".to_string(),
        source: format!(
            "MISP galaxy clusters/tool.json, version {} and clusters/mitre-tool.json, version {} \
             (CC0 1.0 or BSD 2-clause; assets/packs/source/MISP-LICENSE.md); services and \
             frameworks of assets/packs/source/product-names.txt",
            misp_version("tool.json", &src.tool)?,
            misp_version("mitre-tool.json", &src.mitre_tool)?
        ),
        actors: Vec::new(),
        tools,
    })
}

/// A tool's name without its ATT&CK software id (`Mimikatz - S0002`).
fn strip_software_id(s: &str) -> String {
    let s = collapse(s);
    match s.rsplit_once(" - S") {
        Some((name, num)) if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
            name.to_string()
        }
        _ => s,
    }
}

/// A pack as committed: one actor a line, so that diffs stay readable.
pub fn to_json(pack: &Pack) -> String {
    #[derive(Serialize)]
    struct Head<'a> {
        pack: &'a str,
        title: &'a str,
        source: &'a str,
    }
    let head = Head {
        pack: &pack.pack,
        title: &pack.title,
        source: &pack.source,
    };
    let mut out = serde_json::to_string(&head).unwrap_or_default();
    out.pop(); // the closing brace
    out.push_str(",\"actors\":");
    push_lines(&mut out, &pack.actors);
    if !pack.tools.is_empty() {
        out.push_str(",\"tools\":");
        push_lines(&mut out, &pack.tools);
    }
    out.push_str("}\n");
    out
}

/// Appends `items` as a JSON list with one item a line.
fn push_lines<T: Serialize>(out: &mut String, items: &[T]) {
    out.push_str("[\n");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(item).unwrap_or_default());
    }
    out.push_str("\n]");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> HashSet<String> {
        words.iter().map(ToString::to_string).collect()
    }

    fn lex() -> Lexicon {
        Lexicon {
            common: set(&[
                "tick",
                "zinc",
                "sea",
                "silence",
                "play",
                "ups",
                "fancy",
                "bear",
                "group",
                "lazarus",
                "volt",
                "typhoon",
                "midnight",
                "blizzard",
                "cold",
                "river",
                "first",
                "final",
                "christmas",
                "korean",
                "net",
                "python",
                "payment",
                "sanctions",
            ]),
            products: set(&[
                "python",
                "desktop",
                "trojan",
                "payment",
                "sanctions",
                "crypter",
            ]),
            companies: set(&["mcafee", "sophos", "palo alto networks"]),
            demonyms: set(&["korean", "north korean", "czech", "brazilian", "russian"]),
            tools: set(&["autoit", "cobalt strike", "net", "anchor panda", "winnti"]),
        }
    }

    fn mark(text: &str, is_name: bool) -> Option<(NoiseAction, NoiseRule)> {
        classify(text, is_name, &lex()).map(|m| (m.action, m.rule))
    }

    fn action(text: &str, is_name: bool) -> Option<NoiseAction> {
        mark(text, is_name).map(|m| m.0)
    }

    #[test]
    fn numbered_designations_of_one_scheme_stay_apart() {
        assert!(sibling_designations("gc01", "gc02"));
        assert!(sibling_designations("apt28", "apt29"));
        assert!(!sibling_designations("unc2452", "apt29"));
        assert!(!sibling_designations("lockbit3", "lockbit"));
        assert!(!sibling_designations("conti-2", "conti-3"));
    }

    #[test]
    fn ransomware_names_lose_their_head_noun() {
        assert_eq!(without_ransomware("Ryuk ransomware"), "Ryuk");
        assert_eq!(without_ransomware("Vortex  Ransomware"), "Vortex");
        assert_eq!(without_ransomware("Ransomware"), "Ransomware");
        assert_eq!(without_ransomware("Ryuk"), "Ryuk");
    }

    #[test]
    fn noise_rules() {
        assert_eq!(action("777", false), Some(NoiseAction::Dropped));
        assert_eq!(action("ZINC", false), Some(NoiseAction::Gated));
        assert_eq!(action("Zinc", false), Some(NoiseAction::Gated));
        assert_eq!(action("Silence Play", false), Some(NoiseAction::Gated));
        assert_eq!(action("SILENCE PLAY", false), Some(NoiseAction::Exact));
        assert_eq!(action("Tick", true), Some(NoiseAction::Gated));
        assert_eq!(action("tick", true), Some(NoiseAction::Dropped));
        assert_eq!(action("SEA", true), Some(NoiseAction::Dropped));
        assert_eq!(action("GOP", false), Some(NoiseAction::Gated));
        assert_eq!(action("MI5", true), Some(NoiseAction::Exact));
        assert_eq!(action("Group 3", false), Some(NoiseAction::Gated));
        assert_eq!(action("Silence Group", false), None);
        assert_eq!(action("APT28", false), None);
        // Ransomware names that are words: gated as the family's own name.
        for w in ["First", "Final", "Christmas"] {
            assert_eq!(
                mark(w, true),
                Some((NoiseAction::Gated, NoiseRule::CommonWord))
            );
        }
    }

    #[test]
    fn vendor_scheme_names_are_not_prose() {
        // Words only, but a naming scheme's last word: a plain alias.
        assert_eq!(mark("Fancy Bear", false), None);
        assert_eq!(mark("Volt Typhoon", false), None);
        assert_eq!(mark("Midnight Blizzard", true), None);
        // In capitals, too (`COZY BEAR`); not when the scheme word leads.
        assert_eq!(mark("FANCY BEAR", false), None);
        assert_eq!(
            mark("Bear River", false),
            Some((NoiseAction::Gated, NoiseRule::CommonWords))
        );
        assert_eq!(
            mark("Cold River", false),
            Some((NoiseAction::Gated, NoiseRule::CommonWords))
        );
    }

    #[test]
    fn product_words_are_gated_whatever_their_case() {
        let product = Some((NoiseAction::Gated, NoiseRule::ProductWord));
        assert_eq!(mark("Python", true), product);
        assert_eq!(mark("python", false), product);
        assert_eq!(mark("DESKTOP", false), product);
        assert_eq!(mark("Trojan", false), product);
        // A common word that is also a product word: the product rule, and
        // gated even as a synonym (the word rule would drop it).
        assert_eq!(mark("Payment", false), product);
        assert_eq!(mark("Sanctions", true), product);
        // Only the whole alias.
        assert_eq!(mark("Python Stealer X", false), None);
    }

    #[test]
    fn company_names_are_gated_or_dropped_in_lower_case() {
        assert_eq!(
            mark("McAfee", false),
            Some((NoiseAction::Gated, NoiseRule::CompanyName))
        );
        assert_eq!(
            mark("mcafee", true),
            Some((NoiseAction::Dropped, NoiseRule::CompanyName))
        );
        assert_eq!(
            mark("Palo Alto Networks", false),
            Some((NoiseAction::Gated, NoiseRule::CompanyName))
        );
    }

    #[test]
    fn demonyms_are_gated() {
        let demonym = Some((NoiseAction::Gated, NoiseRule::Demonym));
        // `Korean` is a common word too: the demonym rule wins.
        assert_eq!(mark("Korean", true), demonym);
        // A synonym is dropped, like a common word.
        assert_eq!(
            mark("Russian", false),
            Some((NoiseAction::Dropped, NoiseRule::Demonym))
        );
        assert_eq!(mark("North Korean", true), demonym);
        assert_eq!(mark("Czech", true), demonym);
        assert_eq!(
            mark("brazilian", true),
            Some((NoiseAction::Dropped, NoiseRule::Demonym))
        );
    }

    #[test]
    fn tool_names_are_gated() {
        let tool = Some((NoiseAction::Gated, NoiseRule::ToolName));
        assert_eq!(mark("AutoIT", false), tool);
        assert_eq!(mark("Cobalt Strike", false), tool);
        assert_eq!(mark("Winnti", false), tool);
        // A lower-case English word is dropped, tool or not.
        assert_eq!(
            mark("net", false),
            Some((NoiseAction::Dropped, NoiseRule::ToolName))
        );
        // A vendor's scheme name that MISP lists among tools by mistake.
        assert_eq!(mark("ANCHOR PANDA", false), None);
    }

    #[test]
    fn group_variants_give_the_bare_name() {
        let lex = lex();
        let texts = |names: &[&str]| -> Vec<String> {
            let names: Vec<String> = names.iter().map(ToString::to_string).collect();
            aliases_of(&names, &lex, true)
                .into_iter()
                .map(|a| a.text)
                .collect()
        };
        assert_eq!(
            texts(&["Gamaredon Group", "Primitive Bear"]),
            ["Gamaredon Group", "Gamaredon", "Primitive Bear"]
        );
        assert_eq!(texts(&["Tonto Team"]), ["Tonto Team", "Tonto"]);
        assert_eq!(
            texts(&["Xenon Gang", "Nemesis Crew"]),
            ["Xenon Gang", "Xenon", "Nemesis Crew", "Nemesis"]
        );
        // Not an English word, a tool, a short word or several words.
        assert_eq!(texts(&["Lazarus Group"]), ["Lazarus Group"]);
        assert_eq!(texts(&["Winnti Group"]), ["Winnti Group"]);
        assert_eq!(texts(&["TA5 Group"]), ["TA5 Group"]);
        assert_eq!(texts(&["Shadow Brokers Team"]), ["Shadow Brokers Team"]);
        // Not twice, and not without `variants` (agencies).
        assert_eq!(
            texts(&["Sofacy Group", "Sofacy"]),
            ["Sofacy Group", "Sofacy"]
        );
        let names = vec!["Gamaredon Group".to_string()];
        assert_eq!(aliases_of(&names, &lex, false).len(), 1);
    }

    #[test]
    fn last_name_standing_is_gated_not_dropped() {
        let a = aliases_of(&["Play".into()], &lex(), true);
        assert_eq!(a[0].noise.map(|n| n.action), Some(NoiseAction::Gated));
        let a = aliases_of(&["Silence".into(), "Whisper Spider".into()], &lex(), true);
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

    fn countries() -> Countries {
        let misp = r#"{"values":[
            {"value":"russia","description":"Russia","meta":{"ISO":"RU"}},
            {"value":"iran","description":"Iran","meta":{"ISO":"IR"}},
            {"value":"gambia","description":"Gambia","meta":{"ISO":"GM"}}]}"#;
        let world = r#"[
            {"cca2":"RU","name":{"common":"Russia","official":"Russian Federation"},
             "altSpellings":["RU"],"demonyms":{"eng":{"m":"Russian","f":"Russian"}}},
            {"cca2":"KR","name":{"common":"South Korea","official":"Republic of Korea",
             "native":{"kor":{"common":"대한민국"}}},
             "demonyms":{"eng":{"m":"South Korean","f":"South Korean"}}},
            {"cca2":"AG","name":{"common":"Antigua and Barbuda"},
             "demonyms":{"eng":{"m":"Antiguan, Barbudan","f":"Antiguan, Barbudan"}}}]"#;
        Countries::new(misp, world).unwrap()
    }

    #[test]
    fn countries_and_demonyms() {
        let c = countries();
        assert_eq!(c.code("RU").as_deref(), Some("RU"));
        assert_eq!(c.code("Russian Federation").as_deref(), Some("RU"));
        assert_eq!(c.code("the Gambia").as_deref(), Some("GM"));
        assert_eq!(c.code("대한민국").as_deref(), Some("KR"));
        // A code is no country name: `(IR)` is an acronym.
        assert_eq!(c.named("IR"), None);
        for d in ["russian", "south korean", "korean", "antiguan", "barbudan"] {
            assert!(c.demonyms.contains(d), "{d}");
        }
    }

    #[test]
    fn agency_names_lose_their_country_and_acronym() {
        let c = countries();
        let n = clean_agency_name("Foreign Intelligence Service (Russia)", &c);
        assert_eq!(n.name, "Foreign Intelligence Service");
        assert_eq!(n.country, Some(("RU".into(), "Russia".into())));
        assert_eq!(n.acronym, None);
        let n = clean_agency_name("GRU (Russian Federation)", &c);
        assert_eq!(
            (n.name.as_str(), n.country.unwrap().0.as_str()),
            ("GRU", "RU")
        );
        let n = clean_agency_name("National Crime Intelligence Agency (NCIA)[6][7]", &c);
        assert_eq!(n.name, "National Crime Intelligence Agency");
        assert_eq!(n.acronym.as_deref(), Some("NCIA"));
        let n = clean_agency_name("Army Intelligence Department (page does not exist)", &c);
        assert_eq!(n.name, "Army Intelligence Department");
        // Not a country, not an acronym: kept.
        let n = clean_agency_name("Military Intelligence Corps (United States Army)", &c);
        assert_eq!(n.name, "Military Intelligence Corps (United States Army)");
    }

    #[test]
    fn agency_acronyms_from_descriptions() {
        let c = countries();
        let names = |n: &[&str]| n.iter().map(ToString::to_string).collect::<Vec<_>>();
        let acr = |d: &str, n: &[&str]| description_acronym(d, &names(n), &c);
        assert_eq!(
            acr(
                "Foreign Intelligence Service (Russia) (SVR) – Служба Внешней Разведки",
                &["Foreign Intelligence Service"]
            )
            .as_deref(),
            Some("SVR")
        );
        assert_eq!(
            acr(
                "Federal Security Service (FSB) – Федеральная служба",
                &["Federal Security Service"]
            )
            .as_deref(),
            Some("FSB")
        );
        // The opening phrase names the agency in English.
        assert_eq!(
            acr(
                "State Intelligence Service (SHISH) – Sherbimi Informativ Shteteror",
                &["National Intelligence Service"]
            )
            .as_deref(),
            Some("SHISH")
        );
        assert_eq!(
            acr(
                "Bureau of Intelligence and Research (IR)",
                &["Bureau of Intelligence and Research"]
            )
            .as_deref(),
            Some("IR")
        );
        // Not right after a name, or not an acronym.
        assert_eq!(
            acr("General Security Directorate - (GSD) - (Internal)", &["X"]),
            None
        );
        assert_eq!(
            acr("Military Intelligence (Vojenské zpravodajství, VZ)", &["X"]),
            None
        );
        assert_eq!(
            acr("Sixteenth Air Force (16 AF)", &["Sixteenth Air Force"]),
            None
        );
        // Capitals of 2 or 3 characters: gated (the bundled catalog vouches
        // for SVR; SID and SOA are words of technology too).
        let lex = lex();
        assert_eq!(
            acronym_alias("SID", &lex).noise.map(|n| n.action),
            Some(NoiseAction::Gated)
        );
        assert_eq!(
            acronym_alias("IB", &lex).noise.map(|n| n.action),
            Some(NoiseAction::Gated)
        );
        assert_eq!(acronym_alias("GCHQ", &lex).noise, None);
    }

    fn entry(pack_id: &str, names: &[&str], uuid: &str, similar: &[&str]) -> Entry {
        let names: Vec<String> = names.iter().map(ToString::to_string).collect();
        Entry {
            actor: PackActor {
                id: pack_id.to_string(),
                name: names[0].clone(),
                kind: Kind::ThreatGroup,
                aliases: aliases_of(&names, &lex(), true),
                description: None,
                country: None,
                links: Vec::new(),
                refs: Vec::new(),
            },
            uuid: uuid.to_string(),
            related: similar
                .iter()
                .map(|d| (d.to_string(), "similar".to_string(), None))
                .collect(),
        }
    }

    fn ids(packs: &[Vec<Entry>]) -> Vec<Vec<&str>> {
        packs
            .iter()
            .map(|es| es.iter().map(|e| e.actor.id.as_str()).collect())
            .collect()
    }

    #[test]
    fn same_group_entries_merge_by_name() {
        let mut packs = vec![
            vec![
                entry("apt29", &["APT29", "Cozy Bear"], "u1", &[]),
                entry(
                    "lazarus-group",
                    &["Lazarus Group", "Hidden Cobra"],
                    "u2",
                    &[],
                ),
                entry("silent-chollima", &["Silent Chollima"], "u3", &[]),
            ],
            vec![entry("apt29", &["APT29", "UNC2452", "NOBELIUM"], "", &[])],
            vec![
                // Names two MISP clusters: joins neither to the other.
                entry(
                    "silent-chollima",
                    &["Onyx Sleet", "Silent Chollima", "Lazarus Group"],
                    "u4",
                    &[],
                ),
                // Its name is an ATT&CK alias of APT29.
                entry("unc2452", &["UNC2452", "Dark Halo"], "u5", &[]),
            ],
            vec![
                entry("nobelium-ransomware", &["NOBELIUM"], "u6", &[]),
                // APT29 holds a ransomware entry now: a second one of the
                // same pack is another family.
                entry("cozy-ransomware", &["Cozy Bear"], "u7", &[]),
                entry("hidden-ransomware", &["Hidden Cobra"], "u8", &[]),
                // A name two actors have stays ambiguous.
                entry("lazarus-ransomware", &["Lazarus Group"], "u9", &[]),
                // A name that is a word is no proof.
                entry("tick-ransomware", &["Tick"], "u10", &[]),
            ],
            vec![entry("tick", &["Tick", "Bronze Butler"], "u11", &[])],
        ];
        let report = merge_same_groups(&mut packs);
        assert_eq!(
            ids(&packs),
            [
                vec!["apt29", "lazarus-group", "silent-chollima"],
                vec!["apt29"],
                vec!["silent-chollima", "apt29"],
                vec![
                    "apt29",
                    "cozy-ransomware",
                    "lazarus-group",
                    "lazarus-ransomware",
                    "tick-ransomware"
                ],
                vec!["tick"],
            ]
        );
        assert_eq!(report.merges.len(), 3);
        assert!(report.merges.iter().all(|m| m.why == "name"));
        assert_eq!(report.large_groups, [("apt29".to_string(), 3)]);
    }

    #[test]
    fn similar_edges_merge_pairs_not_chains() {
        let mut packs = vec![vec![
            entry("apt29", &["APT29"], "u1", &["u2"]),
            entry("unc2452", &["UNC2452"], "u2", &["u1"]),
            entry("charming-kitten", &["Charming Kitten"], "u3", &["u4", "u5"]),
            entry("oilrig", &["OilRig"], "u4", &["u3"]),
            entry("cleaver", &["Cleaver"], "u5", &["u4"]),
            entry("apt41", &["APT41"], "u6", &["u7"]),
            entry("apt17", &["APT17"], "u7", &[]),
        ]];
        // Two ATT&CK groups: ATT&CK says they are two.
        packs.push(vec![
            entry("apt41", &["APT41"], "", &[]),
            entry("apt17", &["APT17"], "", &[]),
        ]);
        let report = merge_same_groups(&mut packs);
        assert_eq!(
            ids(&packs)[0],
            [
                "apt29",
                "apt29",
                "charming-kitten",
                "oilrig",
                "cleaver",
                "apt41",
                "apt17"
            ]
        );
        assert_eq!(
            report.merges,
            [Merge {
                kept: "apt29".into(),
                merged: "unc2452".into(),
                why: "similar"
            }]
        );
    }

    #[test]
    fn merged_entries_become_one_actor_with_links_resolved() {
        let mut a = entry("apt29", &["APT29", "Cozy Bear"], "u1", &["u3"]);
        a.actor.refs.push("https://a".into());
        let mut b = entry(
            "apt29",
            &["UNC2452", "Cozy Bear", "Dark Halo"],
            "u2",
            &["u1"],
        );
        b.actor.refs.push("https://b".into());
        b.actor.description = Some("second".into());
        let by_uuid: HashMap<String, String> = [("u1", "apt29"), ("u2", "apt29"), ("u3", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let actors = combine(vec![a, b], &by_uuid);
        assert_eq!(actors.len(), 1);
        let texts: Vec<&str> = actors[0].aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["APT29", "Cozy Bear", "UNC2452", "Dark Halo"]);
        assert_eq!(actors[0].refs, ["https://a", "https://b"]);
        assert_eq!(actors[0].description.as_deref(), Some("second"));
        // The link to itself is gone, the one to another actor kept.
        assert_eq!(actors[0].links.len(), 1);
        assert_eq!(actors[0].links[0].to, "x");
    }

    #[test]
    fn software_ids_come_off_tool_names() {
        assert_eq!(strip_software_id("Mimikatz - S0002"), "Mimikatz");
        assert_eq!(
            strip_software_id("Brute Ratel C4 - S1063"),
            "Brute Ratel C4"
        );
        assert_eq!(strip_software_id("Cobalt Strike"), "Cobalt Strike");
        assert_eq!(strip_software_id("X - Suite"), "X - Suite");
    }
}
