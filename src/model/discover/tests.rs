//! Discovery on sentences written for these tests.

use std::sync::OnceLock;

use super::*;
use crate::formats::catalogs::load_with_packs;
use crate::model::packs::all_bundled;
use crate::model::{CatalogSource, Matcher};

fn knowledge() -> &'static (Catalog, Matcher) {
    static K: OnceLock<(Catalog, Matcher)> = OnceLock::new();
    K.get_or_init(|| {
        let catalog = load_with_packs(&[CatalogSource::bundled()], 1, &all_bundled())
            .expect("the bundled knowledge loads");
        let matcher = Matcher::new(&catalog);
        (catalog, matcher)
    })
}

fn run(text: &str) -> Discovery {
    let (catalog, matcher) = knowledge();
    let mentions = matcher.find_all(text);
    Discoverer::new(catalog, Schemes::bundled()).discover(text, &mentions)
}

/// The discovered names of `text`.
fn names(text: &str) -> Vec<String> {
    run(text).actors.into_iter().map(|a| a.name).collect()
}

/// The texts of every discovered mention.
fn found(text: &str) -> Vec<&str> {
    run(text)
        .mentions
        .iter()
        .map(|m| &text[m.range.clone()])
        .collect()
}

#[test]
fn a_name_fitting_a_scheme_is_discovered_with_its_meaning() {
    let text = "Analysts linked the intrusion to Glass Typhoon and to TA9917 last week.";
    let d = run(text);
    let got: Vec<(&str, &str)> = d
        .actors
        .iter()
        .map(|a| {
            let s = &Schemes::bundled().list()[a.scheme.expect("a scheme")];
            (a.name.as_str(), s.vendor.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [("Glass Typhoon", "Microsoft"), ("TA9917", "Proofpoint")]
    );
    assert_eq!(d.actors[0].how, How::Scheme);
    let s = &Schemes::bundled().list()[d.actors[0].scheme.unwrap()];
    assert_eq!(s.origin.as_deref(), Some("CN"));
}

#[test]
fn ordinary_phrases_that_look_like_schemes_are_not() {
    for text in [
        "The children brought a Teddy Bear to school.",
        "Residents braced for a typhoon warning on Friday.",
        "A Super Typhoon is expected to reach the coast.",
        "He drove a Ford Taurus to the airport.",
        "TROPICAL STORM AND POLAR BEAR SIGHTINGS",
    ] {
        assert_eq!(names(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_name_already_in_the_catalog_is_not_discovered() {
    assert_eq!(
        names("Volt Typhoon and APT28 were both active."),
        Vec::<String>::new()
    );
}

#[test]
fn each_naming_cue_introduces_a_name() {
    let cases = [
        (
            "Researchers tracked a new group named “Quillcrest” across Europe.",
            "Quillcrest",
        ),
        (
            "We have dubbed the campaign “Marrowgate” after a string in its code.",
            "Marrowgate",
        ),
        (
            "The vendor tracks the group as Velvetorch, a cluster active since 2019.",
            "Velvetorch",
        ),
        (
            "The threat actor known as Brindlefox returned in May.",
            "Brindlefox",
        ),
        (
            "A group calling itself Cobaltine Legion leaked the files.",
            "Cobaltine Legion",
        ),
        (
            "Attacks by the Zorvath gang hit three hospitals.",
            "Zorvath",
        ),
        (
            "Members of the Armada Syndicate demanded payment.",
            "Armada Syndicate",
        ),
        (
            "Kestrix, a financially motivated threat actor, sent the lures.",
            "Kestrix",
        ),
        (
            "The operators, which we call Tarnwick, reused the servers.",
            "Tarnwick",
        ),
    ];
    for (text, name) in cases {
        assert_eq!(names(text), [name], "{text}");
        let d = run(text);
        assert!(matches!(d.actors[0].how, How::Cue(_)), "{text}");
    }
}

#[test]
fn a_cue_lists_several_names() {
    let text = "The group, who earlier identified themselves as “Grellwick”, “Vantorra,” and “Ossify Crew,” now sends new demands.";
    assert_eq!(names(text), ["Grellwick", "Vantorra", "Ossify Crew"]);
    let text = "The threat actor is known by the aliases ‘Drenn’ and ‘KoltX’ on forums.";
    assert_eq!(names(text), ["Drenn", "KoltX"]);
}

#[test]
fn a_cue_about_malware_files_or_places_discovers_nothing() {
    for text in [
        "The attackers used a new backdoor dubbed Quorvex in the campaign.",
        "The dropper writes a file named “Zentrix” to disk.",
        "The city named Ravelstad lies in the north.",
        "They called for calm and named after Smith.",
        "A vulnerability known as Follina was exploited.",
    ] {
        assert_eq!(names(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn english_words_tools_and_file_names_are_never_discovered() {
    for text in [
        "The threat actor known as Phoenix struck again.",
        "The group, known as “Cobalt Strike”, is a tool.",
        "A threat actor named “update.exe” appeared.",
        "The Red Team group published the results.",
        "The threat actor known as https://example.com was active.",
        "The threat actor known as Ü was active.",
        "A group named “X” struck.",
    ] {
        assert_eq!(names(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_malware_name_before_gang_names_its_operators() {
    let text = "The TrickBot gang moved to new loaders. Later the TrickBot gang returned.";
    assert_eq!(names(text), ["TrickBot gang"]);
    assert_eq!(found(text), ["TrickBot gang", "TrickBot gang"]);
}

#[test]
fn every_later_occurrence_of_a_discovered_name_is_a_mention() {
    let text = "We named the attackers “Quillcrest”.\n\nQuillcrest sent lures; quillcrest.com hosted them. Quillcrest's servers moved.";
    assert_eq!(found(text), ["Quillcrest", "Quillcrest", "Quillcrest"]);
}

#[test]
fn also_known_as_links_a_new_name_to_a_known_actor_as_probable() {
    let (catalog, _) = knowledge();
    let text =
        "The intrusions were the work of Tarnhollow, also known as APT28, according to the report.";
    let d = run(text);
    assert_eq!(d.actors.len(), 1);
    assert_eq!(d.actors[0].name, "Tarnhollow");
    let Some(AliasOf::Actor(a)) = d.actors[0].alias_of else {
        panic!("no link: {:?}", d.actors[0]);
    };
    assert_eq!(catalog.actor(a).id, "apt28");
    let text = "APT28, also known as Quellbarrow, sent the lures.";
    let d = run(text);
    assert_eq!(d.actors[0].name, "Quellbarrow");
    assert!(
        matches!(d.actors[0].alias_of, Some(AliasOf::Actor(a)) if catalog.actor(a).id == "apt28")
    );
}

#[test]
fn an_acronym_after_a_groups_name_is_a_probable_alias() {
    let (catalog, matcher) = knowledge();
    let name = catalog
        .actors()
        .iter()
        .find(|a| a.id == "apt28")
        .map(|a| a.name.clone())
        .unwrap();
    assert!(!matcher.find_all("Fancy Bear").is_empty());
    let text = "Fancy Bear (FB) returned. FB used new lures.";
    let d = run(text);
    assert_eq!(d.actors.len(), 1, "{name}: {d:?}");
    assert_eq!(d.actors[0].name, "FB");
    assert_eq!(found(text), ["FB", "FB"]);
}

#[test]
fn huge_paragraphs_are_cut_and_the_work_stays_linear() {
    let mut text = "Some words follow here and more words. ".repeat(20_000);
    text.push_str("the Zorvath gang struck.");
    assert_eq!(names(&text), ["Zorvath"]);
}

#[test]
fn paragraphs_are_cut_on_character_boundaries() {
    // No blank line and no space for far more than a window: the cut must
    // fall between characters, whatever their width.
    for filler in ["😀", "—", "中", "é", "a"] {
        let mut text = filler.repeat(70_000);
        text.push_str(" and the Zorvath gang struck.");
        let d = run(&text);
        assert_eq!(d.actors.len(), 1, "{filler}");
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let pieces = [
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "'",
        " dubbed ",
        " — ",
        "\n",
        "\n\n",
        "😀",
        "中文",
        " (",
        ")",
        ",",
        "TA9917",
        "the Zorvath gang",
        "known as ",
        "APT28",
        "Golden Chickens (GC)",
        "\u{200b}",
        "\r\n",
        "\t",
        "named",
        " a threat actor",
        "Storm-",
        "0558",
    ];
    let mut state = 0x2545_f491_u32;
    for _ in 0..40 {
        let mut text = String::new();
        for _ in 0..400 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            text.push_str(pieces[state as usize % pieces.len()]);
        }
        let d = run(&text);
        for m in &d.mentions {
            assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        }
    }
}
