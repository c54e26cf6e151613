//! What the fuzz targets share: a small catalog made from fuzz input, and
//! the checks of byte ranges.
//!
//! A *spec* is the part of an input before its first NUL byte: one actor a
//! line, its aliases separated by `|`. A line may open with a digit, the
//! actor's kind; an alias may open with marks: `=` exact case, `?` gated
//! (a common word), `!` dropped (a number), `~` a demonym. A line opening
//! with `#` names a tool, one opening with `-` an alias suppressed
//! everywhere. The rest of the input is the text. Seeds are thus
//! readable: `Fancy Bear|=APT28\n#Cobalt Strike\n\0Fancy Bear hit the DNC.`

use std::ops::Range;

use aka::model::{Catalog, CatalogSource};
use serde_json::{Value, json};

/// Kinds a spec line may give, by its leading digit.
const KINDS: [&str; 10] = [
    "state",
    "government-body",
    "agency",
    "threat-group",
    "persona",
    "organization",
    "person",
    "media",
    "leak-site",
    "other",
];

/// At most this many actors, aliases an actor, and bytes an alias: the
/// finder's cost, not its size, is what is fuzzed.
const MAX_ACTORS: usize = 8;
const MAX_ALIASES: usize = 6;
const MAX_ALIAS_BYTES: usize = 80;

/// Splits an input into its spec and its text (both lossily decoded).
pub fn split(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            String::from_utf8_lossy(&data[i + 1..]).into_owned(),
        ),
        None => (String::new(), String::from_utf8_lossy(data).into_owned()),
    }
}

/// One alias of a spec as aka's catalog JSON writes it.
fn alias(spec: &str) -> Option<Value> {
    let mut text = spec;
    let mut case = None;
    let mut noise = None;
    let mut demonym = false;
    while let Some(c) = text.chars().next() {
        match c {
            '=' => case = Some("exact"),
            '?' => noise = Some(("gated", "common-word")),
            '!' => noise = Some(("dropped", "number")),
            '~' => demonym = true,
            _ => break,
        }
        text = &text[1..];
    }
    let text: String = text.chars().take(MAX_ALIAS_BYTES / 4).collect();
    if text.trim().is_empty() {
        return None;
    }
    let mut a = json!({ "text": text });
    if let Some(case) = case {
        a["case"] = json!(case);
    }
    if demonym {
        a["demonym"] = json!("adjective");
    } else if let Some((action, rule)) = noise {
        a["noise"] = json!({ "action": action, "rule": rule });
    }
    Some(a)
}

/// aka's catalog JSON for a spec.
pub fn catalog_json(spec: &str) -> String {
    let mut actors = Vec::new();
    let mut tools = Vec::new();
    let mut suppress = Vec::new();
    for line in spec.lines() {
        if let Some(tool) = line.strip_prefix('#') {
            if !tool.trim().is_empty() {
                tools.push(json!({ "name": tool, "aliases": [] }));
            }
            continue;
        }
        if let Some(words) = line.strip_prefix('-') {
            if !words.trim().is_empty() {
                suppress.push(json!({ "alias": words }));
            }
            continue;
        }
        if actors.len() == MAX_ACTORS {
            continue;
        }
        let (kind, rest) = match line.as_bytes().first() {
            Some(d @ b'0'..=b'9') => (KINDS[usize::from(d - b'0')], &line[1..]),
            _ => ("threat-group", line),
        };
        let aliases: Vec<Value> = rest
            .split('|')
            .filter_map(alias)
            .take(MAX_ALIASES)
            .collect();
        let Some(first) = aliases.first() else {
            continue;
        };
        let name = first["text"].clone();
        actors.push(json!({
            "id": format!("a{}", actors.len()),
            "name": name,
            "kind": kind,
            "aliases": aliases,
        }));
    }
    json!({ "actors": actors, "tools": tools, "suppress": suppress }).to_string()
}

/// The catalog a spec describes, or `None` when aka refuses it (an alias
/// it does not take, say): the finder is fuzzed on catalogs aka loads.
pub fn catalog(spec: &str) -> Option<Catalog> {
    let source = CatalogSource {
        name: "fuzz.json".to_string(),
        json: catalog_json(spec),
    };
    Catalog::load(&[source]).ok()
}

/// Panics unless `range` is a non-inverted range of `text` on character
/// boundaries.
pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} outside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on character boundaries"
    );
}
