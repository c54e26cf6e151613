//! Property tests of the finder: it never panics, its spans are sorted,
//! disjoint and on char boundaries, each span folds to its alias, and every
//! alias planted at a word boundary is found exactly.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::model::fold::fold_str;
use aka::model::{CaseMode, Catalog, CatalogSource, Matcher};
use proptest::prelude::*;

const CATALOG: &str = r#"{"actors": [
  {"id": "apt28", "name": "APT28", "kind": "threat-group",
   "aliases": ["Fancy Bear", "Sofacy Group", "Unit 26165", "TG-4127", {"text": "STRONTIUM", "case": "exact"}]},
  {"id": "lazarus", "name": "Lazarus Group", "kind": "threat-group", "aliases": ["Lazarus", "Hidden Cobra"]},
  {"id": "obrien", "name": "O'Brien Team", "kind": "organization"},
  {"id": "cafe", "name": "Café Crew", "kind": "threat-group"},
  {"id": "gru", "name": "ГРУ", "kind": "agency"},
  {"id": "tokyo", "name": "東京電力", "kind": "organization"},
  {"id": "dnc", "name": "DNC", "kind": "organization", "aliases": [{"text": "DNC", "case": "exact"}]}
]}"#;

fn setup() -> (Catalog, Matcher) {
    let catalog = Catalog::load(&[CatalogSource {
        name: "props.json".into(),
        json: CATALOG.into(),
    }])
    .unwrap();
    let matcher = Matcher::new(&catalog);
    (catalog, matcher)
}

/// Filler that can never form an alias: no capitals, no letters of alias
/// words, but marks, emoji, CJK, digits, punctuation and white space.
fn filler() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "q",
            "x",
            "z",
            "jk",
            "0",
            "9",
            ".",
            ",",
            "'",
            "-",
            "_",
            " ",
            "\n",
            "\t",
            "\u{A0}",
            "\u{301}",
            "😀",
            "👩\u{200D}💻",
            "🇺🇸",
            "語",
            "ß",
            "(",
            ")",
            "\"",
            "\r\n",
            "\u{7}",
        ]),
        0..12,
    )
    .prop_map(|v| v.concat())
}

/// An alias, written as a text might write it.
fn variant(
    alias: &str,
    case: CaseMode,
    upper: bool,
    space: &str,
    curly: bool,
    dash: &str,
) -> String {
    let mut s = alias.replace(' ', space);
    if curly {
        s = s.replace('\'', "\u{2019}");
    }
    s = s.replace('-', dash);
    if upper && case == CaseMode::Smart {
        s = s.to_uppercase();
    }
    s
}

#[derive(Debug, Clone)]
struct Plant {
    actor: usize,
    alias: usize,
    upper: bool,
    space: &'static str,
    curly: bool,
    dash: &'static str,
    before: &'static str,
    after: &'static str,
}

fn plant(n_actors: usize) -> impl Strategy<Value = Plant> {
    (
        0..n_actors,
        0usize..8,
        any::<bool>(),
        prop::sample::select(vec![" ", "  ", "\n", "\r\n", "\u{A0}", " \t"]),
        any::<bool>(),
        prop::sample::select(vec!["-", "\u{2010}", "\u{2013}"]),
        prop::sample::select(vec![" ", "\n", "(", "\"", "— ", " 'x "]),
        prop::sample::select(vec![" ", "\n", ")", ". ", ", ", "'s ", "’S\n", "-x", "; "]),
    )
        .prop_map(
            |(actor, alias, upper, space, curly, dash, before, after)| Plant {
                actor,
                alias,
                upper,
                space,
                curly,
                dash,
                before,
                after,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn planted_aliases_are_found_exactly(
        parts in proptest::collection::vec((filler(), plant(7)), 0..12),
        tail in filler(),
    ) {
        let (catalog, matcher) = setup();
        let mut text = String::new();
        let mut expected = Vec::new();
        for (fill, p) in &parts {
            text.push_str(fill);
            text.push_str(p.before);
            let actor = catalog.actor(p.actor);
            let alias_idx = p.alias % actor.aliases.len();
            let alias = &actor.aliases[alias_idx];
            let written = variant(&alias.text, alias.case, p.upper, p.space, p.curly, p.dash);
            let start = text.len();
            text.push_str(&written);
            expected.push((p.actor, start..text.len()));
            text.push_str(p.after);
        }
        text.push_str(&tail);
        let got: Vec<_> = matcher.find_iter(&text).map(|m| (m.actor(), m.range())).collect();
        prop_assert_eq!(got, expected, "text: {:?}", text);
    }

    #[test]
    fn any_text_keeps_the_invariants(
        pieces in proptest::collection::vec(
            prop_oneof![
                any::<String>(),
                prop::sample::select(vec!["Fancy Bear", "LAZARUS", "Café Crew", "ГРУ", "DNC", "O’Brien Team", "東京電力"])
                    .prop_map(str::to_string),
            ],
            0..16,
        ),
    ) {
        let (catalog, matcher) = setup();
        let text = pieces.concat();
        let mut last_end = 0;
        for m in matcher.find_iter(&text) {
            prop_assert!(m.start() >= last_end, "sorted and disjoint");
            prop_assert!(m.start() < m.end());
            prop_assert!(text.is_char_boundary(m.start()) && text.is_char_boundary(m.end()));
            let alias = &catalog.actor(m.actor()).aliases[m.alias()];
            let span = &text[m.range()];
            prop_assert_eq!(fold_str(span, true), fold_str(&alias.text, true));
            if alias.case == CaseMode::Exact {
                prop_assert_eq!(fold_str(span, false), fold_str(&alias.text, false));
            }
            last_end = m.end();
        }
    }
}
