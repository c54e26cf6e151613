//! No catalog, however strange, makes aka panic: it loads or is refused
//! with a positioned message, and whatever loads can be searched and finds
//! its aliases as their case and noise marks say.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::ops::Range;

use aka::model::fold::fold_str;
use aka::model::packs::Pack;
use aka::model::{
    Catalog, CatalogError, CatalogSource, DropReason, Evidence, Layer, Matcher, Mention,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn load(json: &str) -> Result<Catalog, CatalogError> {
    Catalog::load(&[CatalogSource {
        name: "fuzz.json".into(),
        json: json.into(),
    }])
}

/// 300 cases, or as many as `PROPTEST_CASES` says.
fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(300)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_is_loaded_or_refused_with_a_position(json in any::<String>()) {
        match load(&json) {
            Ok(_) | Err(CatalogError::Merge { .. } | CatalogError::Io { .. }) => {}
            Err(CatalogError::Invalid { line, column, .. }) => {
                prop_assert!(line >= 1 && column >= 1);
            }
        }
    }

    #[test]
    fn mangled_catalogs_are_refused_with_a_position(cut in 0usize..400, junk in "[\\[\\]{}\",: a-z0-9]{0,3}") {
        let good = r#"{"actors": [{"id": "a", "name": "Alpha Group", "kind": "threat-group", "aliases": ["AG", {"text": "ALPHA", "case": "exact"}], "links": [{"rel": "related-to", "to": "b"}]}, {"id": "b", "name": "Beta", "kind": "media"}]}"#;
        let cut = cut.min(good.len());
        let mangled = format!("{}{junk}{}", &good[..cut], &good[cut..]);
        if let Err(CatalogError::Invalid { line, column, message, .. }) = load(&mangled) {
            prop_assert!(line >= 1 && column >= 1 && !message.is_empty());
        }
    }

    #[test]
    fn any_aliases_build_a_finder_that_finds_them(aliases in proptest::collection::vec(file_alias(), 1..12)) {
        let list: Vec<String> = aliases.iter().map(ToString::to_string).collect();
        let json = format!(
            r#"{{"actors": [{{"id": "x", "name": "Xylophone Crew", "kind": "other", "aliases": [{}]}}]}}"#,
            list.join(",")
        );
        let Ok(catalog) = load(&json) else { return Ok(()) };
        // A catalog file's alias is never dropped.
        prop_assert!(catalog.actor(0).aliases.iter().all(|a| !a.is_dropped()));
        finds_each_alias_alone(&catalog)?;
    }

    #[test]
    fn any_pack_aliases_are_found_as_their_noise_marks_say(aliases in proptest::collection::vec(pack_alias(), 1..12)) {
        let pack = serde_json::json!({
            "pack": "fuzz",
            "title": "fuzz",
            "source": "proptest",
            "actors": [{"id": "x", "name": "Xylophone Crew", "kind": "other", "aliases": aliases}],
        });
        let pack = Pack::parse(&pack.to_string()).unwrap();
        let catalog = Catalog::load_layers(&[Layer::Pack(&pack)]).unwrap();
        finds_each_alias_alone(&catalog)?;
    }
}

/// Each alias of the one actor of `catalog`, alone between guillemets
/// (`« X »`: white space on both sides, so word boundaries), is accounted
/// for at exactly its position, as its noise mark says:
///
/// - an alias that needs no evidence is found there;
/// - a gated one is found there with evidence (a code name in capitals is
///   its own) or through an alias of the same folded form that needs none,
///   or else reported as not counted there;
/// - a dropped one is never found by itself;
///
/// unless an occurrence of another alias that begins before it (`« X`) or at
/// its start and goes on (`X »`) claims the span: leftmost, then longest.
fn finds_each_alias_alone(catalog: &Catalog) -> Result<(), TestCaseError> {
    let matcher = Matcher::new(catalog);
    let actor = catalog.actor(0);
    // An alias is found as it is written, in any case for `smart` ones, or
    // as a spaced letter-number designation (`APT 29` for `APT29`).
    let key = |s: &str| fold_str(s, true).replace([' ', '-'], "");
    let keys: HashSet<String> = actor
        .aliases
        .iter()
        .filter(|a| !a.is_dropped())
        .map(|a| key(&a.text))
        .collect();
    for (i, alias) in actor.aliases.iter().enumerate() {
        // Empty aliases (white space only) are left out on loading.
        prop_assert!(!fold_str(&alias.text, true).is_empty());
        let text = format!("« {} »", alias.text);
        let at = "« ".len().."« ".len() + alias.text.len();
        let (found, dropped) = matcher.find_explained(&text);
        for m in &found {
            prop_assert_eq!(m.actor(), 0);
            prop_assert!(!actor.aliases[m.alias()].is_dropped(), "{:?}", m);
        }
        let claims: Vec<Range<usize>> = found
            .iter()
            .map(Mention::range)
            .chain(dropped.iter().map(|d| d.range.clone()))
            .collect();
        for r in &claims {
            // Offsets stay on char boundaries; every claim is an alias.
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let span = &text[r.clone()];
            prop_assert!(keys.contains(&key(span)), "{:?} in {:?}", span, text);
        }
        if claims
            .iter()
            .any(|r| r.start < at.end && at.start < r.end && (r.start < at.start || r.end > at.end))
        {
            continue;
        }
        let mention = found.iter().find(|m| m.range() == at);
        if let Some(m) = mention {
            prop_assert_eq!(key(&actor.aliases[m.alias()].text), key(&alias.text));
        }
        if alias.is_dropped() {
            prop_assert!(mention.is_none_or(|m| m.alias() != i), "{:?}", mention);
        } else if alias.is_gated() {
            match mention {
                // Alone, the only evidence is capitals or another alias
                // found elsewhere (`«` or `»`).
                Some(m) => prop_assert!(
                    match m.evidence() {
                        None => !actor.aliases[m.alias()].is_gated(),
                        Some(Evidence::Capitals) => true,
                        Some(Evidence::SameActor(r)) => found
                            .iter()
                            .any(|f| f.range() == *r && f.evidence().is_none()),
                        Some(_) => false,
                    },
                    "{:?}",
                    m
                ),
                None => prop_assert!(
                    dropped.iter().any(|d| d.range == at
                        && matches!(d.reason, DropReason::NoEvidence | DropReason::InName(_))),
                    "{:?} in {:?}: {:?}",
                    alias,
                    text,
                    dropped
                ),
            }
        } else {
            prop_assert!(
                mention.is_some(),
                "{:?} not found in {:?}: {:?}, dropped {:?}",
                alias,
                text,
                found,
                dropped
            );
        }
    }
    Ok(())
}

/// An alias's text: any text (mostly), or text from a few characters that
/// fold together (`ß` and `ss`, `’` and `'`, case) so that aliases overlap
/// and share folded forms, or a letter-number designation.
fn alias_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{1,12}",
        2 => "[aAsSßẞé'’«» 0-9-]{1,6}",
        1 => "[A-Z]{2,5}[ -]?[0-9]{1,3}",
    ]
}

/// An alias of a catalog file: a plain string, one with `exact` case, or a
/// demonym (gated).
fn file_alias() -> impl Strategy<Value = serde_json::Value> {
    (alias_text(), 0..5u8).prop_map(|(text, how)| match how {
        0 | 1 => serde_json::json!(text),
        2 => serde_json::json!({"text": text, "case": "exact"}),
        3 => serde_json::json!({"text": text, "demonym": "adjective"}),
        _ => serde_json::json!({"text": text, "demonym": "people"}),
    })
}

/// An alias of a pack: any case, any noise mark or none.
fn pack_alias() -> impl Strategy<Value = serde_json::Value> {
    let action = prop_oneof![Just("exact"), Just("gated"), Just("dropped")];
    let rule = prop_oneof![
        Just("number"),
        Just("short"),
        Just("common-word"),
        Just("generic-number"),
        Just("common-words"),
        Just("product-word"),
        Just("company-name"),
        Just("tool-name"),
        Just("demonym"),
        Just("demonym-plural"),
        Just("lower-case"),
    ];
    let text = prop_oneof![4 => alias_text(), 1 => "[ \t\\n\u{a0}]{1,3}"];
    (
        text,
        any::<bool>(),
        proptest::option::weighted(0.7, (action, rule)),
    )
        .prop_map(|(text, exact, noise)| {
            let mut alias = serde_json::json!({"text": text});
            if exact {
                alias["case"] = "exact".into();
            }
            if let Some((action, rule)) = noise {
                alias["noise"] = serde_json::json!({"action": action, "rule": rule});
            }
            alias
        })
}
