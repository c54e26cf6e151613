//! The finder with the whole knowledge (bundled world catalog and every
//! pack) on sentences written like real reports and news (issue 9): tool
//! names, name variants, evidence for risky names, demonyms, addresses and
//! merged groups. Each case names the rule it checks.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::sync::LazyLock;

use aka::cli::CatalogArgs;
use aka::model::{Catalog, DropReason, Evidence, Matcher, explain};

static KNOWLEDGE: LazyLock<(Catalog, Matcher)> = LazyLock::new(|| {
    let catalog = CatalogArgs::default().load().unwrap();
    let matcher = Matcher::new(&catalog);
    (catalog, matcher)
});

/// (actor id, text) of every mention.
fn found(text: &str) -> Vec<(String, String)> {
    let (catalog, matcher) = &*KNOWLEDGE;
    matcher
        .find_all(text)
        .into_iter()
        .map(|m| {
            (
                catalog.actor(m.actor()).id.clone(),
                text[m.range()].to_string(),
            )
        })
        .collect()
}

/// The ids found, in order.
fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(id, _)| id).collect()
}

fn has(text: &str, id: &str, span: &str) -> bool {
    found(text).iter().any(|(i, t)| i == id && t == span)
}

/// Why the occurrence of `span` did not count, in words.
fn why_dropped(text: &str, span: &str) -> String {
    let (catalog, matcher) = &*KNOWLEDGE;
    let (_, dropped) = matcher.find_explained(text);
    let d = dropped
        .iter()
        .find(|d| &text[d.range.clone()] == span)
        .unwrap_or_else(|| panic!("{span:?} not dropped in {text:?}: {dropped:?}"));
    explain::explain_dropped(d, catalog, text)
}

#[test]
fn tool_and_malware_names_block_what_they_contain() {
    // Section 3: "Cobalt" in "Cobalt Strike" is the tool, not the group.
    let text = "The actors deployed Cobalt Strike beacons on the domain controller.";
    assert!(
        !ids(text).contains(&"cobalt".to_string()),
        "{:?}",
        found(text)
    );
    assert_eq!(
        why_dropped(text, "Cobalt"),
        "Cobalt ↛ Cobalt (not counted: part of the tool name Cobalt Strike)"
    );
    // The group itself still counts where a head noun names it.
    assert!(has(
        "Phishing mails from the actors behind Cobalt hit three banks.",
        "cobalt",
        "Cobalt"
    ));
    // A longer capitalised name: Royal Mail is no ransomware gang.
    let text =
        "Deliveries by Royal Mail were late, and the Royal ransomware gang claimed the attack.";
    let f = found(text);
    assert_eq!(f.iter().filter(|(_, t)| t == "Royal").count(), 1, "{f:?}");
    assert!(why_dropped(text, "Royal").contains("part of the name \"Royal Mail\""));
    // A service is no actor: VirusTotal, MITRE ATT&CK.
    let text = "The sample was uploaded to VirusTotal; MITRE ATT&CK lists the technique.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn name_variants_that_vendors_and_headlines_use() {
    // Section 4: letter-number names with a space or a hyphen.
    for text in ["APT 29 struck.", "APT-29 struck.", "APT29 struck."] {
        assert_eq!(ids(text), ["apt29"], "{text}");
    }
    assert_eq!(ids("TA 505 sent the mails."), ids("TA505 sent the mails."));
    assert!(!ids("TA505 sent the mails.").is_empty());
    // A code name in capitals also in Title Case, and the other way round.
    assert!(has(
        "a group that Microsoft calls Strontium",
        "apt28",
        "Strontium"
    ));
    assert!(has(
        "SNAKEMACKEREL, or Snakemackerel",
        "apt28",
        "Snakemackerel"
    ));
    assert!(ids("VOLT TYPHOON TARGETS US GRIDS").contains(&"volt-typhoon".to_string()));
    // "X Group" gives the distinctive bare "X".
    assert!(has(
        "Gamaredon sent new lures to Kyiv.",
        "gamaredon-group",
        "Gamaredon"
    ));
    // Every Unicode space separates words: U+202F and U+2009.
    assert!(has(
        "attributed to\u{202F}APT28 by analysts",
        "apt28",
        "APT28"
    ));
    assert!(has(
        "attributed to\u{2009}Fancy Bear",
        "apt28",
        "Fancy Bear"
    ));
    // Nothing inside a URL, an e-mail address, a domain or a file path.
    for text in [
        "See https://www.mcafee.com/blogs/mcafee-labs/apt28-report/ for more.",
        "Write to apt28@example.org today.",
        "The key HKCU\\Software\\Microsoft\\Windows\\Run was set.",
        "The file lazarus.exe was dropped.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn risky_names_count_only_with_evidence() {
    let (catalog, matcher) = &*KNOWLEDGE;
    // Section 5: a word alone is no actor, whatever the cyber words around.
    let text = "First, patch the servers. Survey results show ransomware and phishing grew.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    // A head noun next to it, a naming phrase, or another name of the same
    // actor in the text.
    for (text, span) in [
        ("The Hive ransomware gang targeted hospitals.", "Hive"),
        ("Banks were hit by a gang tracked as Hive.", "Hive"),
        (
            "Whisper Spider sent the mails; later Silence moved to ATMs.",
            "Silence",
        ),
    ] {
        let m = matcher
            .find_all(text)
            .into_iter()
            .find(|m| &text[m.range()] == span)
            .unwrap_or_else(|| panic!("{text}: {:?}", found(text)));
        assert!(m.evidence().is_some(), "{text}");
        let why = explain::explain(&m, catalog, text);
        assert!(why.contains("counted:"), "{why}");
    }
    // A sentence start is no evidence.
    assert!(found("Silence fell over the trading floor.").is_empty());
    assert!(found("Fans call the stadium the Hive.").is_empty());
    // Tool names that name a group too need evidence.
    let text = "Winnti loaders were found. Winnti Group used them against gaming firms.";
    let f = found(text);
    assert!(
        f.iter().filter(|(id, _)| id == "apt41").count() >= 2,
        "{f:?}"
    );
}

#[test]
fn demonyms_name_the_state_only_before_a_word_of_government() {
    assert_eq!(ids("Russian officials denied it."), ["russia"]);
    assert_eq!(
        ids("Chinese state-sponsored hackers were blamed."),
        ["china"]
    );
    assert_eq!(
        ids("It was posted on a Russian-speaking forum."),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("North Korean hackers stole the coins."),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("Two Romanian hackers were arrested."),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("Moscow-the Russians have used it."),
        ["russia", "russia"]
    );
    // Not the ransomware family "Korean" either: the longer demonym claims it.
    let text = "North Korean hackers stole the coins.";
    let (_, dropped) = KNOWLEDGE.1.find_explained(text);
    assert!(
        dropped
            .iter()
            .all(|d| &text[d.range.clone()] == "North Korean"),
        "{dropped:?}"
    );
}

#[test]
fn state_short_forms_before_money_are_currencies() {
    assert_eq!(
        ids("The ransom rose from US$20,000 to US $30,000."),
        Vec::<String>::new()
    );
    assert_eq!(ids("The US sanctioned the group."), ["united-states"]);
    let text = "It cost US$20.";
    let (_, dropped) = KNOWLEDGE.1.find_explained(text);
    assert_eq!(dropped[0].reason, DropReason::InAmount);
}

#[test]
fn the_world_catalog_names_agencies_vendors_and_media() {
    let text = "Reuters reported that the FBI, CISA and the NSA warned about the SVR; \
                Mandiant and CrowdStrike agreed, according to the Associated Press.";
    let got = ids(text);
    for id in ["reuters", "fbi", "cisa", "nsa", "crowdstrike"] {
        assert!(got.iter().any(|g| g == id), "{id} in {got:?}");
    }
}

#[test]
fn one_group_one_actor() {
    // Section 6: the same group from two packs is one actor, not two.
    let (catalog, matcher) = &*KNOWLEDGE;
    let m = matcher.find_all("Midnight Blizzard struck again.");
    assert_eq!(m.len(), 1);
    assert!(!m[0].is_ambiguous());
    assert_eq!(catalog.actor(m[0].actor()).id, "apt29");
    // A link to the group's ATT&CK page is evidence for a word-like name.
    let text = "groups such as [Patchwork](https://attack.mitre.org/groups/G0040/) use it";
    let m = matcher.find_all(text);
    assert_eq!(m.len(), 1, "{:?}", found(text));
    assert!(matches!(m[0].evidence(), Some(Evidence::Link(_))));
}

#[test]
fn a_tool_name_reports_the_alias_it_covers() {
    let text = "The actors deployed Cobalt Strike beacons. Later, the Cobalt gang used them.";
    let (catalog, matcher) = &*KNOWLEDGE;
    let (mentions, dropped) = matcher.find_explained(text);
    assert_eq!(mentions.len(), 1);
    let why: Vec<String> = dropped
        .iter()
        .map(|d| explain::explain_dropped(d, catalog, text))
        .collect();
    assert_eq!(
        why,
        ["Cobalt ↛ Cobalt (not counted: part of the tool name Cobalt Strike)"]
    );
}

#[test]
fn a_non_state_named_by_a_demonym_needs_a_head_noun_not_a_word_of_government() {
    // Rule: a ransomware called "Korean" (MISP ransomware) is not named by
    // "Korean officials"; "the Korean ransomware" names it.
    let text = "Korean officials said the outbreak was contained.";
    assert!(
        !ids(text).contains(&"korean".to_string()),
        "{:?}",
        found(text)
    );
    assert_eq!(
        why_dropped(text, "Korean"),
        "Korean ↛ Korean (not counted: a demonym, and nothing in the text says it names the actor)"
    );
    assert!(has(
        "Victims of the Korean ransomware paid.",
        "korean",
        "Korean"
    ));
    // A state's demonym still counts before a word of government.
    assert!(has("Turkish officials denied it.", "turkiye", "Turkish"));
}
