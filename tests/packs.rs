//! Knowledge packs (issue 5): the converter on the real source files, the
//! committed packs, the noise rules, zero false positives on news texts
//! that name no threat actor, packs on by default, and explanations.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::process::Command;

// The converter is a maintainer's tool outside the library (`cargo run
// --release --example packs`); the test runs the same code.
#[path = "../examples/packs/convert.rs"]
mod convert;

use aka::cli::CatalogArgs;
use aka::model::packs::{self, Pack};
use aka::model::{Catalog, Evidence, Matcher, NoiseAction, NoiseRule, OriginKind, explain};
use convert::{SourceFiles, convert_with_report, to_json};
use pretty_assertions::assert_eq;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn converted() -> Vec<Pack> {
    convert_with_report(&SourceFiles::read(&root().join("assets/packs/source")).unwrap())
        .unwrap()
        .0
}

/// The default load: bundled catalog, every pack.
fn default_catalog() -> Catalog {
    CatalogArgs::default().load().unwrap()
}

fn actor<'p>(pack: &'p Pack, id: &str) -> &'p packs::PackActor {
    pack.actors.iter().find(|a| a.id == id).unwrap()
}

fn noise(pack: &Pack, id: &str, text: &str) -> Option<(NoiseAction, NoiseRule)> {
    actor(pack, id)
        .aliases
        .iter()
        .find(|a| a.text == text)
        .unwrap_or_else(|| panic!("{id} has no alias {text}"))
        .noise
        .map(|n| (n.action, n.rule))
}

#[test]
fn committed_packs_are_what_the_converter_makes() {
    let packs = converted();
    let names: Vec<&str> = packs.iter().map(|p| p.pack.as_str()).collect();
    assert_eq!(names, packs::bundled_names().collect::<Vec<_>>());
    for pack in &packs {
        let committed =
            std::fs::read_to_string(root().join(format!("assets/packs/{}.json", pack.pack)))
                .unwrap();
        assert!(
            committed == to_json(pack),
            "assets/packs/{}.json is stale: run `cargo run --release --example packs`",
            pack.pack
        );
        assert_eq!(&packs::bundled(&pack.pack).unwrap(), pack);
    }
}

#[test]
fn one_actor_per_cluster_and_per_live_attack_group() {
    let packs = converted();
    let counts: Vec<usize> = packs.iter().map(|p| p.actors.len()).collect();
    // 1,041 threat actors; 191 ATT&CK groups less 15 revoked or deprecated;
    // 179 Microsoft groups; 42 of 360; 436 agencies; 2,135 ransomware
    // families: fewer actors where entries of one pack are the same group
    // (issue 9: one actor, one id); the tools pack has no actor.
    assert_eq!(counts, [1029, 163, 157, 40, 436, 2111, 0]);
    for p in &packs[..] {
        // Ids are unique within a pack; packs share the ids of one group.
        let mut ids = std::collections::HashSet::new();
        for a in &p.actors {
            assert!(ids.insert(a.id.clone()), "id {} used twice", a.id);
            assert!(
                a.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                a.id
            );
        }
    }
    let kinds = |p: &Pack| {
        p.actors
            .iter()
            .map(|a| a.kind.as_str())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(kinds(&packs[4]).into_iter().collect::<Vec<_>>(), ["agency"]);
    assert_eq!(
        kinds(&packs[0]).into_iter().collect::<Vec<_>>(),
        ["threat-group"]
    );
}

#[test]
fn attack_groups_merge_with_the_misp_group_of_the_same_name_or_alias() {
    let packs = converted();
    let attack = &packs[1];
    let by_gid = |gid: &str| {
        attack
            .actors
            .iter()
            .find(|a| {
                a.refs
                    .contains(&format!("https://attack.mitre.org/groups/{gid}/"))
            })
            .unwrap()
    };
    assert_eq!(by_gid("G0007").id, "apt28");
    assert_eq!(by_gid("G0016").id, "apt29");
    assert_eq!(by_gid("G0032").id, "lazarus-group");
    assert_eq!(by_gid("G0034").id, "sandworm");
    let misp_apt28 = actor(&packs[0], "apt28");
    assert!(
        misp_apt28
            .refs
            .contains(&"https://attack.mitre.org/groups/G0007/".to_string())
    );
    // The ATT&CK id written as a synonym is a reference, not an alias.
    assert!(misp_apt28.aliases.iter().all(|a| a.text != "G0007"));
    // Loaded together: one actor with the aliases of both and the ATT&CK id.
    let c = default_catalog();
    let a = c.get("apt28").unwrap();
    assert_eq!(a.attack_id(), Some("G0007"));
    assert!(a.aliases.iter().any(|x| x.text == "GruesomeLarch"));
    assert!(a.aliases.iter().any(|x| x.text == "LAKE RELIC"));
}

#[test]
fn related_edges_become_links_with_their_likelihood_and_countries_are_iso() {
    let packs = converted();
    let sandworm = actor(&packs[0], "sandworm");
    assert_eq!(sandworm.country.as_deref(), Some("RU"));
    assert!(!sandworm.links.is_empty());
    for l in &sandworm.links {
        assert!(l.confidence.is_some(), "{l:?}");
    }
    assert!(sandworm.links.iter().any(|l| l.to == "greyenergy"
        && l.rel == "similar"
        && l.confidence.as_deref() == Some("likely")));
    assert!(
        packs
            .iter()
            .flat_map(|p| &p.actors)
            .flat_map(|a| &a.links)
            .any(|l| l.confidence.as_deref() == Some("very-likely"))
    );
    for p in &packs {
        for a in &p.actors {
            if let Some(c) = &a.country {
                assert!(
                    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
                    "{c}"
                );
            }
        }
    }
    // Links reach actors of other packs and resolve once loaded.
    let c = default_catalog();
    // (APT29's only link was to UNC2452, now the same actor: issue 9.)
    let apt29 = c.get("sandworm").unwrap();
    assert!(!apt29.links.is_empty());
    for l in &apt29.links {
        assert!(c.get(&l.to.0).is_some());
    }
    // A pack alone keeps only the links it can resolve.
    let only = CatalogArgs {
        pack: vec!["misp-intelligence-agencies".into()],
        no_default_catalog: true,
        ..CatalogArgs::default()
    }
    .load()
    .unwrap();
    assert!(only.len() == 436);
}

#[test]
fn noise_rule_numbers_are_dropped() {
    let packs = converted();
    let all: Vec<_> = packs
        .iter()
        .flat_map(|p| &p.actors)
        .flat_map(|a| &a.aliases)
        .filter(|a| !a.text.chars().any(char::is_alphabetic))
        .collect();
    assert!(!all.is_empty());
    for a in all {
        assert_eq!(
            a.noise.map(|n| (n.action, n.rule)),
            Some((NoiseAction::Dropped, NoiseRule::Number)),
            "{}",
            a.text
        );
    }
}

#[test]
fn noise_rule_common_words() {
    let packs = converted();
    let ta = &packs[0];
    let gated = Some((NoiseAction::Gated, NoiseRule::CommonWord));
    let dropped = Some((NoiseAction::Dropped, NoiseRule::CommonWord));
    // A group's own name that is a word: gated, exact case.
    assert_eq!(noise(ta, "tick", "Tick"), gated);
    // A synonym with a capital is gated too (it counts with evidence); in
    // capitals it is a code name, gated as well.
    assert_eq!(noise(ta, "lazarus-group", "Zinc"), gated);
    assert_eq!(noise(ta, "lazarus-group", "ZINC"), gated);
    // Short words are dropped whatever their case.
    assert_eq!(noise(ta, "deadeye-jackal", "SEA"), dropped);
    let tick = actor(ta, "tick");
    assert_eq!(tick.aliases[0].case, aka::model::CaseMode::Exact);
    // Multi-word names made of words only.
    assert_eq!(
        noise(ta, "cold-river", "Cold River"),
        Some((NoiseAction::Gated, NoiseRule::CommonWords))
    );
}

#[test]
fn noise_rule_short_and_generic_numbers() {
    let packs = converted();
    let ta = &packs[0];
    // A short word of the dictionary (proper nouns included) is dropped;
    // other short letters are gated, short ones with a digit exact.
    assert_eq!(
        noise(ta, "silent-chollima", "GOP"),
        Some((NoiseAction::Dropped, NoiseRule::CommonWord))
    );
    assert_eq!(
        noise(ta, "the-shadow-brokers", "TSB"),
        Some((NoiseAction::Gated, NoiseRule::Short))
    );
    assert_eq!(
        noise(ta, "apt1", "Group 3"),
        Some((NoiseAction::Gated, NoiseRule::GenericNumber))
    );
    // A dropped alias is never found, a gated one only with context.
    let c = default_catalog();
    let m = Matcher::new(&c);
    assert!(m.find_all("The Zinc price rose.").is_empty());
    assert!(
        m.find_all("GOP leaders met. Hackers used malware.")
            .is_empty()
    );
    assert!(m.find_all("TSB, the bank, cut its rates.").is_empty());
    // The NSA is an actor of the bundled catalog too.
    let found = m.find_all("Researchers tracked as TSB leaked NSA malware.");
    let ids: Vec<&str> = found
        .iter()
        .map(|x| c.actor(x.actor()).id.as_str())
        .collect();
    assert_eq!(ids, ["the-shadow-brokers", "nsa"]);
    assert!(m.find_all("Group 3 plays on Sunday.").is_empty());
    let found = m.find_all("The actors behind Group 3 used a backdoor.");
    assert_eq!(c.actor(found[0].actor()).id, "apt1");
}

#[test]
fn shared_aliases_stay_ambiguous_and_actors_stay_apart() {
    let c = default_catalog();
    let (apt28, apt29) = (c.index_of("apt28").unwrap(), c.index_of("apt29").unwrap());
    assert_ne!(apt28, apt29);
    assert_eq!(c.sharing("Grizzly Steppe"), [apt28, apt29]);
    let m = Matcher::new(&c);
    let text = "The Grizzly Steppe hackers were named in a joint report.";
    let found = m.find_all(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].candidates()[..], [apt28, apt29]);
    assert_eq!(
        explain::explain(&found[0], &c, text),
        "Grizzly Steppe → ambiguous: APT28 or APT29 (alias from MISP threat-actor; ATT&CK G0007; \
         counted: \"hackers\" next to it)"
    );
}

#[test]
fn evidence_lets_a_risky_alias_count_and_says_why() {
    let c = default_catalog();
    let m = Matcher::new(&c);
    let tick = c.index_of("tick").unwrap();
    // No evidence: dropped, with the reason; cyber words nearby are none.
    let text = "Tick season arrives early; malware and phishing too.";
    let (found, dropped) = m.find_explained(text);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].actor, tick);
    assert_eq!(
        explain::explain_dropped(&dropped[0], &c, text),
        "Tick ↛ Tick (not counted: a common English word, and nothing in the text says it names \
         the actor)"
    );
    // A head noun next to it, after or before.
    for (text, word) in [
        ("The Tick group sent spear-phishing mails.", "group"),
        ("Mails from the threat actor Tick arrived.", "actor"),
    ] {
        let found = m.find_all(text);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].actor(), tick);
        assert!(
            explain::explain(&found[0], &c, text)
                .ends_with(&format!("counted: \"{word}\" next to it)")),
            "{}",
            explain::explain(&found[0], &c, text)
        );
    }
    // A naming phrase.
    let text = "A group that researchers call REDBALDKNIGHT, also known as Tick, struck.";
    let found = m.find_all(text);
    let t = found.iter().find(|x| x.range() == (59..63)).unwrap();
    assert!(matches!(t.evidence(), Some(Evidence::Naming(_))), "{t:?}");
    // Another, unambiguous name of the same actor anywhere in the text.
    for text in [
        "REDBALDKNIGHT struck in May. In June, Tick struck again.",
        "In June, Tick struck again, as REDBALDKNIGHT had in May.",
    ] {
        let found = m.find_all(text);
        assert_eq!(found.len(), 2, "{text}");
        let t = found.iter().find(|x| &text[x.range()] == "Tick").unwrap();
        assert!(
            matches!(t.evidence(), Some(Evidence::SameActor(r)) if &text[r.clone()] == "REDBALDKNIGHT"),
            "{text}: {:?}",
            t.evidence()
        );
    }
    // Another actor is no evidence; a sentence start is none.
    let found = m.find_all("Tick and Lazarus Group both struck.");
    assert_eq!(found.len(), 1);
    assert_eq!(c.actor(found[0].actor()).id, "lazarus-group");
    // Capitals: a code name written as one is evidence, except in a line
    // shouted in capitals.
    assert!(m.find_all("STRONTIUM AND ZINC PRICES").is_empty());
    let found = m.find_all("Microsoft says ZINC struck.");
    let zinc: Vec<_> = found
        .iter()
        .filter(|x| c.actor(x.actor()).id == "lazarus-group")
        .collect();
    assert_eq!(zinc.len(), 1, "{found:?}");
    assert_eq!(zinc[0].evidence(), Some(&Evidence::Capitals));
    assert!(
        m.find_all("Microsoft says Zinc struck.")
            .iter()
            .all(|x| c.actor(x.actor()).id == "microsoft")
    );
}

#[test]
fn news_without_threat_actors_has_no_mention() {
    let c = default_catalog();
    let m = Matcher::new(&c);
    let dir = root().join("tests/fixtures/packs/news");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // The bundled catalog's own names (Microsoft, Kuwait) are real
        // actors; what must not fire is an alias only a pack gives.
        let found: Vec<String> = m
            .find_all(&text)
            .iter()
            .filter(|x| {
                c.actor(x.actor()).aliases[x.alias()]
                    .origins
                    .iter()
                    .all(|&o| c.origins()[o].kind == OriginKind::Pack)
            })
            .map(|x| explain::explain(x, &c, &text))
            .collect();
        assert!(found.is_empty(), "{}: {found:#?}", f.display());
    }
}

#[test]
fn explain_names_the_sources_of_an_alias() {
    let c = default_catalog();
    let m = Matcher::new(&c);
    let text = "Fancy Bear, GruesomeLarch and Forest Blizzard.";
    let found = m.find_all(text);
    assert_eq!(
        found
            .iter()
            .map(|x| explain::explain(x, &c, text))
            .collect::<Vec<_>>(),
        [
            "Fancy Bear → APT28 (alias from bundled catalog, MISP threat-actor, ATT&CK groups, MISP microsoft-activity-group, MISP 360net; ATT&CK G0007; CrowdStrike's name for a Russia-based group)",
            "GruesomeLarch → APT28 (alias from MISP threat-actor, ATT&CK groups; ATT&CK G0007)",
            "Forest Blizzard → APT28 (alias from bundled catalog, MISP threat-actor, ATT&CK groups, MISP microsoft-activity-group; ATT&CK G0007; Microsoft's name for a Russia-based group)",
        ]
    );
    let apt28 = c.get("apt28").unwrap();
    let origins: Vec<&str> = apt28.aliases[0]
        .origins
        .iter()
        .map(|&o| c.origins()[o].label.as_str())
        .collect();
    assert_eq!(
        origins,
        [
            "bundled catalog",
            "MISP threat-actor",
            "ATT&CK groups",
            "MISP microsoft-activity-group",
            "MISP 360net"
        ]
    );
}

fn aka(args: &[&str], stdin: &str) -> (String, String, i32) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command that reads no input may close it first.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn packs_are_on_by_default_and_chosen_with_flags() {
    let text = "Lazarus Group deployed malware. APT28 too.";
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["mentions", "--format", "jsonl"];
        a.extend_from_slice(args);
        a.push("-");
        let (out, err, code) = aka(&a, text);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["actor"].as_str().unwrap().to_string()
            })
            .collect()
    };
    assert_eq!(ids(&[]), ["lazarus-group", "apt28"]);
    assert_eq!(ids(&["--no-packs"]), ["apt28"]);
    assert_eq!(
        ids(&["--pack", "attack-groups", "--no-default-catalog"]),
        ["lazarus-group", "apt28"]
    );
    assert_eq!(ids(&["--pack", "misp-ransomware"]), ["apt28"]);
    let (_, err, code) = aka(&["mentions", "--pack", "nope", "-"], text);
    assert_eq!(code, 2);
    assert!(err.contains("no pack named \"nope\""), "{err}");
}

#[test]
fn catalog_packs_and_show() {
    let (out, _, code) = aka(&["catalog", "packs"], "");
    assert_eq!(code, 0);
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "pack", "actors", "aliases", "dropped", "gated", "tools", "source"
        ]
    );
    assert_eq!(rows[1][..3], ["misp-threat-actor", "1029", "2375"]);
    assert_eq!(rows[2][..2], ["attack-groups", "163"]);
    assert!(rows[2][6].contains("© 2025 The MITRE Corporation"));
    assert_eq!(rows[7][..6], ["misp-tools", "0", "0", "0", "0", "703"]);
    assert_eq!(rows.len(), 8);

    let (out, _, code) = aka(&["catalog", "show", "apt28"], "");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("APT28 (apt28), threat group, RU, ATT&CK G0007\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  Fancy Bear\tfrom bundled catalog, MISP threat-actor, ATT&CK groups, \
             MISP microsoft-activity-group, MISP 360net\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  Grizzly Steppe\texact case; counts only with evidence (common English words); \
             ambiguous: also apt29; from MISP threat-actor\n"
        ),
        "{out}"
    );
    assert!(out.contains("  operated by GRU (gru)\n"), "{out}");
    // APT29's link went with UNC2452's merge (issue 9): Sandworm's stay.
    let (out, _, _) = aka(&["catalog", "show", "sandworm"], "");
    assert!(out.contains(", likely\n"), "{out}");
    let (_, err, code) = aka(&["catalog", "show", "nobody"], "");
    assert_eq!(code, 1);
    assert!(err.contains("no actor with id \"nobody\""), "{err}");
}
