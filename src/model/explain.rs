//! Plain-words explanations of matches and actors, for every front end:
//! why a mention names its actor, where an alias comes from, why an
//! occurrence did not count.
//!
//! ```
//! use aka::model::{Catalog, Matcher, explain};
//!
//! let catalog = Catalog::bundled();
//! let matcher = Matcher::new(&catalog);
//! let text = "Fancy Bear struck again.";
//! let m = &matcher.find_all(text)[0];
//! assert_eq!(
//!     explain::explain(m, &catalog, text),
//!     "Fancy Bear → APT28 (alias from bundled catalog; ATT&CK G0007; \
//!      CrowdStrike's name for a Russia-based group)"
//! );
//! ```

use std::fmt::Write;

use super::catalog::{ActorIdx, CaseMode, Catalog, Kind, NoiseAction, NoiseRule};
use super::discover::Schemes;
use super::matcher::{DropReason, Dropped, Evidence, Mention};

/// "A", "A or B", "A, B or C".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Where an actor's alias comes from: `alias from MISP threat-actor,
/// ATT&CK groups` (`name from …` for the actor's name), followed by the
/// actor's ATT&CK id when it has one (`; ATT&CK G0007`).
pub(crate) fn alias_origin(catalog: &Catalog, actor: ActorIdx, alias: usize) -> String {
    let a = catalog.actor(actor);
    let Some(al) = a.aliases.get(alias) else {
        return String::new();
    };
    let what = if alias == 0 { "name" } else { "alias" };
    let from: Vec<&str> = al
        .origins
        .iter()
        .filter_map(|&o| catalog.origins().get(o))
        .map(|o| o.label.as_str())
        .collect();
    let mut out = if from.is_empty() {
        what.to_string()
    } else {
        format!("{what} from {}", from.join(", "))
    };
    if let Some(id) = a.attack_id() {
        let _ = write!(out, "; ATT&CK {id}");
    }
    out
}

/// How a mention was matched, in one line:
/// `Fancy Bear → APT28 (alias from MISP threat-actor; ATT&CK G0007)`, or
/// for an ambiguous one `Grizzly Steppe → ambiguous: APT28 or APT29 (…)`;
/// a gated alias adds the context that let it count.
pub fn explain(mention: &Mention, catalog: &Catalog, text: &str) -> String {
    let span = text.get(mention.range()).unwrap_or_default();
    let span = span.split_whitespace().collect::<Vec<_>>().join(" ");
    let actor = catalog.actor(mention.actor());
    let mut out = if mention.is_ambiguous() {
        let names: Vec<String> = mention
            .candidates()
            .iter()
            .map(|&c| catalog.actor(c).name.clone())
            .collect();
        format!("{span} → ambiguous: {}", or_list(&names))
    } else {
        format!("{span} → {}", actor.name)
    };
    let _ = write!(
        out,
        " ({}",
        alias_origin(catalog, mention.actor(), mention.alias())
    );
    if let Some(scheme) = scheme_meaning(&span) {
        let _ = write!(out, "; {scheme}");
    }
    if let Some(evidence) = &mention.evidence() {
        let _ = write!(
            out,
            "; counted: {}",
            describe_evidence(evidence, catalog, mention.actor(), text)
        );
    }
    out.push(')');
    out
}

/// What a vendor's naming scheme says of a name that fits it
/// (`Microsoft's name for a Russia-based group`), if it fits one.
pub fn scheme_meaning(name: &str) -> Option<&'static str> {
    let schemes = Schemes::bundled();
    schemes.fit(name).map(|i| schemes.list()[i].tells.as_str())
}

/// The evidence that let a risky alias count, in words.
pub(crate) fn describe_evidence(
    evidence: &Evidence,
    catalog: &Catalog,
    actor: ActorIdx,
    text: &str,
) -> String {
    let quoted = |r: &std::ops::Range<usize>| {
        let t = text.get(r.clone()).unwrap_or_default();
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    match evidence {
        Evidence::HeadNoun(r) => format!("\"{}\" next to it", quoted(r)),
        Evidence::Naming(r) => format!("named by \"{}\"", quoted(r)),
        Evidence::SameActor(r) => format!(
            "{} is named as \"{}\" in the text too",
            catalog.actor(actor).name,
            quoted(r)
        ),
        Evidence::Capitals => "written in capitals, as the code name is".to_string(),
        Evidence::Government(r) => format!("a demonym before \"{}\"", quoted(r)),
        Evidence::Definite(r) => format!("\"{}\" before the demonym", quoted(r)),
        Evidence::Link(r) => format!("linked to {}", quoted(r)),
    }
}

/// Why an occurrence of an alias did not count.
pub fn explain_dropped(dropped: &Dropped, catalog: &Catalog, text: &str) -> String {
    let span = text.get(dropped.range.clone()).unwrap_or_default();
    let actor = catalog.actor(dropped.actor);
    let noise = actor.aliases.get(dropped.alias).and_then(|a| a.noise);
    let rule = noise.map_or("a risky alias", |n| n.rule.describe());
    let why = match &dropped.reason {
        DropReason::NoEvidence => match noise.map(|n| n.rule).filter(|_| actor.kind == Kind::State)
        {
            Some(NoiseRule::Demonym) => {
                format!("{rule}, and no word of government after it")
            }
            Some(NoiseRule::DemonymPlural) => format!("{rule}, and no \"the\" before it"),
            _ => format!("{rule}, and nothing in the text says it names the actor"),
        },
        DropReason::InTool { tool, .. } => {
            let name = catalog.tools().get(*tool).map_or("?", |t| t.tool.as_str());
            format!("part of the tool name {name}")
        }
        DropReason::InName(r) => format!(
            "part of the name \"{}\"",
            text.get(r.clone()).unwrap_or_default()
        ),
        DropReason::InAddress => "inside a web or e-mail address, domain or file path".to_string(),
        DropReason::InAmount => "a currency, before an amount of money".to_string(),
        DropReason::Suppressed => "you marked it not a mention (user catalog)".to_string(),
    };
    format!("{span} ↛ {} (not counted: {why})", actor.name)
}

/// An actor in full, as `aka catalog show` prints it: heading, description,
/// every alias with its case, noise verdict, origins and the actors it is
/// shared with, links with their confidence, and references.
pub(crate) fn describe_actor(catalog: &Catalog, idx: ActorIdx) -> String {
    let a = catalog.actor(idx);
    let mut out = String::new();
    let _ = write!(out, "{} ({}), {}", a.name, a.id, a.kind.label());
    if let Some(c) = &a.country {
        let _ = write!(out, ", {c}");
    }
    if let Some(g) = a.attack_id() {
        let _ = write!(out, ", ATT&CK {g}");
    }
    out.push('\n');
    if let Some(d) = &a.description {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(out, "\nAliases ({}):", a.aliases.len());
    for al in &a.aliases {
        let mut notes: Vec<String> = Vec::new();
        if al.case == CaseMode::Exact {
            notes.push("exact case".to_string());
        }
        if let Some(n) = al.noise {
            match n.action {
                NoiseAction::Exact => {}
                NoiseAction::Gated => {
                    notes.push(format!("counts only with evidence ({})", n.rule.describe()));
                }
                NoiseAction::Dropped => {
                    notes.push(format!("not searched ({})", n.rule.describe()));
                }
            }
        }
        let others: Vec<String> = catalog
            .sharing(&al.text)
            .iter()
            .filter(|&&o| o != idx)
            .map(|&o| catalog.actor(o).id.clone())
            .collect();
        if !others.is_empty() && !al.is_dropped() {
            notes.push(format!("ambiguous: also {}", others.join(", ")));
        }
        let from: Vec<&str> = al
            .origins
            .iter()
            .filter_map(|&o| catalog.origins().get(o))
            .map(|o| o.label.as_str())
            .collect();
        notes.push(format!("from {}", from.join(", ")));
        let _ = writeln!(out, "  {}\t{}", al.text, notes.join("; "));
    }
    if !a.links.is_empty() {
        let _ = writeln!(out, "\nLinks ({}):", a.links.len());
        for l in &a.links {
            let name = catalog.get(&l.to.0).map_or("?", |t| t.name.as_str());
            let _ = write!(out, "  {} {} ({})", l.rel.phrase(), name, l.to.0);
            if let Some(c) = &l.confidence {
                let _ = write!(out, ", {c}");
            }
            out.push('\n');
        }
    }
    if !a.refs.is_empty() {
        let _ = writeln!(out, "\nReferences ({}):", a.refs.len());
        for r in &a.refs {
            let _ = writeln!(out, "  {r}");
        }
    }
    out
}
