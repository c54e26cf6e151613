//! docs/matching.md, rule by rule, on texts written for the rule: table-driven
//! cases of (name, text, expected mentions as (actor id, matched text)).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::model::{Catalog, CatalogSource, Locator, Matcher, Mention};
use pretty_assertions::assert_eq;

/// A catalog made for these tests, independent of the bundled one.
const CATALOG: &str = r#"{"actors": [
  {"id": "apt28", "name": "APT28", "kind": "threat-group",
   "aliases": ["Fancy Bear", "Sofacy", "Sofacy Group", "Unit 26165", "TG-4127",
               {"text": "STRONTIUM", "case": "exact"}, "Grizzly Steppe"]},
  {"id": "apt29", "name": "APT29", "kind": "threat-group", "aliases": ["Cozy Bear", "Grizzly Steppe"]},
  {"id": "dnc", "name": "Democratic National Committee", "kind": "organization",
   "aliases": [{"text": "DNC", "case": "exact"}]},
  {"id": "wikileaks", "name": "WikiLeaks", "kind": "leak-site"},
  {"id": "russia", "name": "Russia", "kind": "state", "aliases": ["Russians"]},
  {"id": "lazarus", "name": "Lazarus Group", "kind": "threat-group", "aliases": ["Lazarus"]},
  {"id": "gru", "name": "GRU", "kind": "agency", "aliases": ["гру", {"text": "ГРУ", "case": "exact"}]},
  {"id": "obrien", "name": "O'Brien Group", "kind": "organization"},
  {"id": "cafe", "name": "Café Crew", "kind": "threat-group", "aliases": ["Ça Va Team"]},
  {"id": "ab", "name": "Alpha Beta", "kind": "other"},
  {"id": "bc", "name": "Beta Gamma", "kind": "other"},
  {"id": "us", "name": "United States", "kind": "state", "aliases": [{"text": "US", "case": "exact"}, "U.S."]},
  {"id": "tokyo", "name": "東京電力", "kind": "organization"},
  {"id": "strasse", "name": "Straße Group", "kind": "other"}
]}"#;

fn setup() -> (Catalog, Matcher) {
    let catalog = Catalog::load(&[CatalogSource {
        name: "rules.json".into(),
        json: CATALOG.into(),
    }])
    .unwrap();
    let matcher = Matcher::new(&catalog);
    (catalog, matcher)
}

fn found<'t>(catalog: &Catalog, matcher: &Matcher, text: &'t str) -> Vec<(String, &'t str)> {
    matcher
        .find_iter(text)
        .map(|m| (catalog.actor(m.actor()).id.clone(), &text[m.range()]))
        .collect()
}

/// A case: its name, the text, and the expected (actor id, matched text).
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn check(cases: &[Case<'_>]) {
    let (catalog, matcher) = setup();
    for (name, text, expected) in cases {
        let got = found(&catalog, &matcher, text);
        let expected: Vec<(String, &str)> = expected
            .iter()
            .map(|(a, t)| ((*a).to_string(), *t))
            .collect();
        assert_eq!(got, expected, "case {name:?}: {text:?}");
    }
}

#[test]
fn rule1_word_boundaries() {
    check(&[
        ("plain", "APT28 struck.", &[("apt28", "APT28")]),
        (
            "possessive straight",
            "APT28's tools",
            &[("apt28", "APT28")],
        ),
        (
            "possessive curly",
            "Russia’s leaders",
            &[("russia", "Russia")],
        ),
        (
            "possessive capital S",
            "RUSSIA'S PLAN",
            &[("russia", "RUSSIA")],
        ),
        ("possessive curly capital", "APT28’S", &[("apt28", "APT28")]),
        (
            "possessive then punctuation",
            "Ask WikiLeaks's.",
            &[("wikileaks", "WikiLeaks")],
        ),
        ("apostrophe not possessive", "Russia'd", &[]),
        ("possessive not at boundary", "Russia'sx and Russia’sx", &[]),
        (
            "digit then apostrophe is a boundary",
            "APT28'd",
            &[("apt28", "APT28")],
        ),
        (
            "hyphen is a boundary",
            "DNC-related mail",
            &[("dnc", "DNC")],
        ),
        ("plural is not", "Fancy Bears and DNCs", &[]),
        ("glued word", "WikiLeaksGate", &[]),
        ("dotted word", "WikiLeaks.org", &[]),
        (
            "sentence dot",
            "Ask WikiLeaks. Then",
            &[("wikileaks", "WikiLeaks")],
        ),
        ("inside a word", "preAPT28", &[]),
        ("digits glue", "APT281", &[]),
        ("underscore glues", "APT28_x", &[]),
        ("dot alias end", "the U.S. said", &[("us", "U.S.")]),
        ("dot alias mid", "the U.S.A. said", &[]),
        ("brackets", "(APT28)", &[("apt28", "APT28")]),
        ("quotes", "\"Fancy Bear\"", &[("apt28", "Fancy Bear")]),
        (
            "CJK needs no spaces",
            "東京電力が",
            &[("tokyo", "東京電力")],
        ),
    ]);
}

#[test]
fn rule2_white_space_runs() {
    check(&[
        ("line break", "Fancy\nBear", &[("apt28", "Fancy\nBear")]),
        ("crlf", "Fancy\r\nBear", &[("apt28", "Fancy\r\nBear")]),
        ("nbsp", "Fancy\u{A0}Bear", &[("apt28", "Fancy\u{A0}Bear")]),
        (
            "run of spaces and tab",
            "Fancy  \t Bear",
            &[("apt28", "Fancy  \t Bear")],
        ),
        (
            "spaces around a break",
            "Fancy \n  Bear",
            &[("apt28", "Fancy \n  Bear")],
        ),
        (
            "ideographic and thin space",
            "Fancy\u{3000}\u{2009}Bear",
            &[("apt28", "Fancy\u{3000}\u{2009}Bear")],
        ),
        ("blank line", "Fancy\n\nBear", &[]),
        ("blank crlf line", "Fancy\r\n\r\nBear", &[]),
        ("blank line with spaces", "Fancy \n \n Bear", &[]),
        ("no space", "FancyBear", &[]),
    ]);
}

#[test]
fn rule3_smart_and_exact_case() {
    check(&[
        ("upper", "FANCY BEAR", &[("apt28", "FANCY BEAR")]),
        ("one capital", "Fancy bear", &[("apt28", "Fancy bear")]),
        ("no capital", "fancy bear", &[]),
        ("digits need a capital too", "unit 26165", &[]),
        (
            "digits with capital",
            "UNIT 26165",
            &[("apt28", "UNIT 26165")],
        ),
        ("exact ok", "STRONTIUM", &[("apt28", "STRONTIUM")]),
        // A code name in capitals also matches in Title case (issue 9;
        // docs/catalog.md, "Name variants"), never in any other case.
        (
            "exact code name in Title case",
            "Strontium strontium",
            &[("apt28", "Strontium")],
        ),
        ("exact wrong case", "sTRONTIUM strontium StrontiuM", &[]),
        ("exact acronym", "DNC Dnc dnc", &[("dnc", "DNC")]),
        ("exact US not us", "tell us about US aid", &[("us", "US")]),
        (
            "unicode lower alias matches upper",
            "ГРУ and гру and Гру",
            &[("gru", "ГРУ"), ("gru", "гру"), ("gru", "Гру")],
        ),
        (
            "sharp s folds",
            "STRASSE GROUP",
            &[("strasse", "STRASSE GROUP")],
        ),
        ("ascii upper name", "Gru", &[("gru", "Gru")]),
    ]);
}

#[test]
fn rule4_apostrophes_dashes_and_normal_forms() {
    check(&[
        (
            "straight apostrophe",
            "O'Brien Group",
            &[("obrien", "O'Brien Group")],
        ),
        (
            "curly apostrophe",
            "O’Brien Group",
            &[("obrien", "O’Brien Group")],
        ),
        (
            "hyphen U+2010",
            "TG\u{2010}4127",
            &[("apt28", "TG\u{2010}4127")],
        ),
        (
            "non-breaking hyphen U+2011",
            "TG\u{2011}4127",
            &[("apt28", "TG\u{2011}4127")],
        ),
        (
            "figure dash U+2012",
            "TG\u{2012}4127",
            &[("apt28", "TG\u{2012}4127")],
        ),
        (
            "en dash U+2013",
            "TG\u{2013}4127",
            &[("apt28", "TG\u{2013}4127")],
        ),
        ("em dash is not", "TG\u{2014}4127", &[]),
        (
            "NFD text, NFC alias",
            "Cafe\u{301} Crew",
            &[("cafe", "Cafe\u{301} Crew")],
        ),
        ("NFC text", "Café Crew", &[("cafe", "Café Crew")]),
        (
            "NFD cedilla upper",
            "C\u{327}a Va Team",
            &[("cafe", "C\u{327}a Va Team")],
        ),
        ("mark is not a letter", "Cafe Crew", &[]),
    ]);
}

#[test]
fn rule5_leftmost_longest() {
    check(&[
        (
            "longest wins",
            "Sofacy Group hit",
            &[("apt28", "Sofacy Group")],
        ),
        (
            "longer fails its boundary",
            "Lazarus Groups",
            &[("lazarus", "Lazarus")],
        ),
        (
            "longer fails boundary, possessive",
            "Sofacy Group's",
            &[("apt28", "Sofacy Group")],
        ),
        (
            "leftmost wins over longer later",
            "Alpha Beta Gamma",
            &[("ab", "Alpha Beta")],
        ),
        (
            "one span one mention",
            "Lazarus Group",
            &[("lazarus", "Lazarus Group")],
        ),
        (
            "adjacent",
            "APT28/APT29",
            &[("apt28", "APT28"), ("apt29", "APT29")],
        ),
    ]);
}

#[test]
fn rule6_ambiguity_lists_candidates_in_catalog_order() {
    let (catalog, matcher) = setup();
    let text = "Grizzly Steppe and Cozy Bear";
    let found: Vec<Mention> = matcher.find_all(text);
    assert_eq!(found.len(), 2);
    assert_eq!(catalog.actor(found[0].actor()).id, "apt28");
    let ids: Vec<&str> = found[0]
        .candidates()
        .iter()
        .map(|&c| catalog.actor(c).id.as_str())
        .collect();
    assert_eq!(ids, ["apt28", "apt29"]);
    assert!(found[0].is_ambiguous());
    assert!(found[1].candidates().is_empty());
    // The alias reported is the one of the first candidate.
    assert_eq!(
        catalog.actor(found[0].actor()).aliases[found[0].alias()].text,
        "Grizzly Steppe"
    );
}

#[test]
fn mention_reports_the_alias_that_matched() {
    let (catalog, matcher) = setup();
    let m = &matcher.find_all("the FANCY BEAR")[0];
    assert_eq!(
        catalog.actor(m.actor()).aliases[m.alias()].text,
        "Fancy Bear"
    );
}

#[test]
fn bom_is_skipped_and_offsets_count_it() {
    let (catalog, matcher) = setup();
    let text = "\u{FEFF}APT28 x";
    let m = matcher.find_all(text);
    assert_eq!(m[0].range(), 3..8);
    assert_eq!(catalog.actor(m[0].actor()).id, "apt28");
    assert_eq!(Locator::new(text).locate(3).column, 1);
}

#[test]
fn columns_count_graphemes_after_emoji_cjk_and_marks() {
    let (_, matcher) = setup();
    let text = "👩‍💻🇺🇸 東京 e\u{301}\u{301} APT28\r\nx\tAPT29";
    let mut loc = Locator::new(text);
    let at: Vec<(usize, usize)> = matcher
        .find_iter(text)
        .map(|m| {
            let p = loc.locate(m.start());
            (p.line, p.column)
        })
        .collect();
    // 👩‍💻, 🇺🇸, space, 東, 京, space, e+marks, space: APT28 is column 9.
    assert_eq!(at, [(1, 9), (2, 3)]);
}

#[test]
fn mentions_across_chunk_boundaries_are_all_found() {
    let (_, matcher) = setup();
    // The finder folds 64 KiB at a time; plant mentions at every offset
    // around the first boundaries, with white-space runs straddling them.
    for shift in 0..40 {
        let mut text = "x ".repeat(32_750);
        text.push_str(&"y".repeat(shift));
        text.push_str(" Fancy \n   Bear ");
        text.push_str(&"z ".repeat(40_000));
        text.push_str("the DNC");
        let m = matcher.find_all(&text);
        assert_eq!(m.len(), 2, "shift {shift}");
        assert_eq!(&text[m[0].range()], "Fancy \n   Bear");
        assert_eq!(&text[m[1].range()], "DNC");
    }
}

#[test]
fn the_bundled_catalog_on_the_sample_says_nothing_else() {
    let catalog = Catalog::bundled();
    let matcher = Matcher::new(&catalog);
    let text = include_str!("../seeds/election-2016.txt");
    let texts: Vec<&str> = matcher.find_iter(text).map(|m| &text[m.range()]).collect();
    for absent in [
        "Russian-directed",
        "Romanian",
        "Europe",
        "Eurasia",
        "Russian hacking",
    ] {
        assert!(
            !texts
                .iter()
                .any(|t| absent.contains(t) && t.len() > 2 && !["Russia", "US"].contains(t)),
            "{absent}"
        );
    }
    assert_eq!(texts.len(), 28);
}
