//! Hygiene of the committed knowledge packs (issue 9): words of prose,
//! products, companies, countries and tools are never plain aliases; the
//! agencies carry their country and acronyms; a group is one actor.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::{BTreeSet, HashSet};

use aka::cli::CatalogArgs;
use aka::model::packs::{self, Pack, PackActor, PackAlias};
use aka::model::{NoiseAction, NoiseRule};

fn all() -> Vec<Pack> {
    packs::all_bundled()
}

fn pack(name: &str) -> Pack {
    packs::bundled(name).unwrap()
}

/// Every alias whose text is `text` (case-insensitively), with its actor.
fn aliases<'p>(packs: &'p [Pack], text: &str) -> Vec<(&'p PackActor, &'p PackAlias)> {
    let lower = text.to_lowercase();
    packs
        .iter()
        .flat_map(|p| &p.actors)
        .flat_map(|a| a.aliases.iter().map(move |al| (a, al)))
        .filter(|(_, al)| al.text.to_lowercase() == lower)
        .collect()
}

fn marks(packs: &[Pack], text: &str) -> HashSet<Option<(NoiseAction, NoiseRule)>> {
    aliases(packs, text)
        .iter()
        .map(|(_, al)| al.noise.map(|n| (n.action, n.rule)))
        .collect()
}

#[test]
fn words_of_prose_and_products_are_never_plain_aliases() {
    let packs = all();
    for word in [
        "Python",
        "Desktop",
        "Trojan",
        "Sanctions",
        "Survey",
        "Payment",
        "First",
        "Final",
        "Christmas",
        "Done",
        "Demo",
        "Evolution",
        "Entropy",
        "Predator",
        "Rush",
        "Play",
        "Storm",
        "Matrix",
        "Epsilon",
        "Exorcist",
        "Fenrir",
        "Explorer",
        "Cmd",
        "Crypter",
        "mcafee",
    ] {
        let found = aliases(&packs, word);
        assert!(!found.is_empty(), "{word} is no alias any more");
        for (actor, alias) in found {
            let action = alias.noise.map(|n| n.action);
            assert!(
                matches!(action, Some(NoiseAction::Gated | NoiseAction::Dropped)),
                "{} is a plain alias of {}: {:?}",
                alias.text,
                actor.id,
                alias.noise
            );
        }
    }
}

#[test]
fn each_rule_marks_what_it_names() {
    let packs = all();
    let one = |text: &str| -> (NoiseAction, NoiseRule) {
        let m = marks(&packs, text);
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        m.into_iter().next().unwrap().unwrap()
    };
    assert_eq!(one("Python"), (NoiseAction::Gated, NoiseRule::ProductWord));
    assert_eq!(
        one("Sanctions"),
        (NoiseAction::Gated, NoiseRule::ProductWord)
    );
    // Lower case: dropped, like a common word.
    assert_eq!(
        one("mcafee"),
        (NoiseAction::Dropped, NoiseRule::CompanyName)
    );
    assert_eq!(one("Korean"), (NoiseAction::Gated, NoiseRule::Demonym));
    assert_eq!(one("Czech"), (NoiseAction::Gated, NoiseRule::Demonym));
    // Group names that are also a tool's or malware's (MISP `tool`).
    assert_eq!(one("Winnti"), (NoiseAction::Gated, NoiseRule::ToolName));
    assert_eq!(one("Sednit"), (NoiseAction::Gated, NoiseRule::ToolName));
    // MISP has no tool AutoIt: the ransomware name `Autoit` is a product's.
    assert_eq!(one("AutoIt"), (NoiseAction::Gated, NoiseRule::ProductWord));
    assert_eq!(one("Fenrir"), (NoiseAction::Gated, NoiseRule::CommonWord));
}

#[test]
fn vendor_names_are_plain_aliases() {
    let packs = all();
    for name in [
        "Fancy Bear",
        "Volt Typhoon",
        "Midnight Blizzard",
        "Forest Blizzard",
    ] {
        assert_eq!(marks(&packs, name), HashSet::from([None]), "{name}");
    }
}

#[test]
fn the_tools_pack_holds_tool_names_only() {
    let tools = pack("misp-tools");
    assert_eq!(tools.title, "MISP tools");
    assert!(tools.actors.is_empty());
    let cobalt = tools
        .tools
        .iter()
        .find(|t| t.name == "Cobalt Strike")
        .unwrap();
    assert!(cobalt.aliases.iter().all(|a| a != "Cobalt Strike"));
    // ATT&CK's software ids come off the names.
    for t in &tools.tools {
        for n in std::iter::once(&t.name).chain(&t.aliases) {
            assert!(!n.contains(" - S0"), "{n}");
        }
    }
    assert!(tools.tools.iter().any(|t| t.name == "Mimikatz"));
    // Loaded, the catalog knows them.
    let c = CatalogArgs::default().load().unwrap();
    assert!(c.tools().iter().any(|t| t.text == "Cobalt Strike"));
    assert!(c.tools().iter().any(|t| t.text == "Winnti"));
}

#[test]
fn agencies_carry_their_country_and_acronyms() {
    let agencies = pack("misp-intelligence-agencies");
    let with_alias = |text: &str| -> Vec<&PackActor> {
        agencies
            .actors
            .iter()
            .filter(|a| a.aliases.iter().any(|al| al.text == text))
            .collect()
    };
    for (acronym, name) in [
        ("SVR", "Foreign Intelligence Service"),
        ("FSB", "Federal Security Service"),
    ] {
        let found = with_alias(acronym);
        assert_eq!(found.len(), 1, "{acronym}");
        let a = found[0];
        assert_eq!(a.name, name);
        assert_eq!(a.country.as_deref(), Some("RU"));
        let alias = a.aliases.iter().find(|al| al.text == acronym).unwrap();
        assert_eq!(alias.case, aka::model::CaseMode::Exact);
        // Gated in the pack (three capitals are words of technology too:
        // SID, SOA); the bundled catalog vouches for the well-known ones.
        assert_eq!(alias.noise.map(|n| n.action), Some(NoiseAction::Gated));
        // The pack's agency joins the bundled one of the same name: one
        // actor has the acronym, and there it counts.
        let catalog = aka::cli::CatalogArgs::default().load().unwrap();
        assert!(
            catalog.sharing(acronym).is_empty(),
            "{acronym} is not ambiguous"
        );
        let merged = catalog
            .actors()
            .iter()
            .flat_map(|x| &x.aliases)
            .find(|al| al.text == acronym)
            .unwrap();
        assert!(!merged.is_gated(), "{acronym} counts in the merged catalog");
    }
    // No "(Russia)" left in any name or alias; the GRU is the GRU.
    for a in &agencies.actors {
        for al in &a.aliases {
            for country in ["(Russia)", "(Russian Federation)", "(China)", "(Albania)"] {
                assert!(!al.text.contains(country), "{}: {}", a.id, al.text);
            }
        }
    }
    let gru = agencies.actors.iter().find(|a| a.id == "gru").unwrap();
    assert_eq!(
        (gru.name.as_str(), gru.country.as_deref()),
        ("GRU", Some("RU"))
    );
    // Agencies that share a name stay apart, the country in their ids.
    let fis: Vec<&str> = agencies
        .actors
        .iter()
        .filter(|a| a.name == "Foreign Intelligence Service")
        .map(|a| a.id.as_str())
        .collect();
    assert!(fis.len() >= 3, "{fis:?}");
    assert!(fis.contains(&"foreign-intelligence-service-russia"));
    assert_eq!(fis.iter().collect::<BTreeSet<_>>().len(), fis.len());
    // Every agency has a country but four international bodies.
    let stateless: Vec<&str> = agencies
        .actors
        .iter()
        .filter(|a| a.country.is_none())
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        stateless,
        [
            "counter-terrorism-group",
            "european-union-military-staff",
            "european-union-satellite-centre",
            "regional-anti-terrorist-structure"
        ]
    );
}

#[test]
fn microsoft_and_360_names_join_the_actors_they_are() {
    let packs = all();
    let owners = |text: &str| -> BTreeSet<&str> {
        aliases(&packs, text)
            .iter()
            .map(|(a, _)| a.id.as_str())
            .collect()
    };
    assert_eq!(owners("Forest Blizzard"), BTreeSet::from(["apt28"]));
    assert_eq!(owners("STRONTIUM"), BTreeSet::from(["apt28"]));
    assert_eq!(owners("APT-C-20"), BTreeSet::from(["apt28"]));
    assert_eq!(owners("Midnight Blizzard"), BTreeSet::from(["apt29"]));
    assert_eq!(owners("Gamaredon"), BTreeSet::from(["gamaredon-group"]));
    // And in the loaded catalog, too: one actor each.
    let c = CatalogArgs::default().load().unwrap();
    assert!(c.sharing("Midnight Blizzard").is_empty());
    let apt29 = c.get("apt29").unwrap();
    assert!(apt29.aliases.iter().any(|a| a.text == "Midnight Blizzard"));
    assert!(apt29.aliases.iter().any(|a| a.text == "UNC2452"));
    assert!(c.get("unc2452").is_none());
    let apt28 = c.get("apt28").unwrap();
    assert!(apt28.aliases.iter().any(|a| a.text == "Forest Blizzard"));
}

#[test]
fn group_names_give_their_bare_name() {
    let packs = all();
    // `Gamaredon Group` gives `Gamaredon`; `Lazarus Group` no `Lazarus` of
    // its own (an English word: other sources' `Lazarus` is dropped).
    let gamaredon = aliases(&packs, "Gamaredon");
    assert!(!gamaredon.is_empty());
    assert!(gamaredon.iter().all(|(_, al)| al.noise.is_none()));
    for (actor, alias) in aliases(&packs, "Lazarus") {
        assert_ne!(alias.noise, None, "{}", actor.id);
    }
}

#[test]
fn a_group_is_one_actor_not_chains_of_related_ones() {
    let c = CatalogArgs::default().load().unwrap();
    // MISP clusters that a `similar` chain relates stay apart.
    for id in [
        "apt41",
        "apt17",
        "lazarus-group",
        "oilrig",
        "charming-kitten",
        "apt28",
        "apt29",
    ] {
        assert!(c.get(id).is_some(), "{id}");
    }
    assert_ne!(c.index_of("apt28"), c.index_of("apt29"));
    assert_ne!(c.index_of("oilrig"), c.index_of("charming-kitten"));
    // A ransomware family and the group of the same name are one actor.
    assert!(c.get("ransomhub-ransomware").is_none());
    assert!(c.get("ransomhub").is_some());
}
