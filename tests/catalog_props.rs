//! No catalog, however strange, makes aka panic: it loads or is refused
//! with a positioned message, and whatever loads can be searched.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::model::{Catalog, CatalogError, CatalogSource, Matcher};
use proptest::prelude::*;

fn load(json: &str) -> Result<Catalog, CatalogError> {
    Catalog::load(&[CatalogSource {
        name: "fuzz.json".into(),
        json: json.into(),
    }])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

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
    fn any_aliases_build_a_finder_that_finds_them(aliases in proptest::collection::vec("\\PC{1,12}", 1..12)) {
        let list: Vec<String> = aliases.iter().map(|a| serde_json::to_string(a).unwrap()).collect();
        let json = format!(
            r#"{{"actors": [{{"id": "x", "name": "Xylophone Crew", "kind": "other", "aliases": [{}]}}]}}"#,
            list.join(",")
        );
        let Ok(catalog) = load(&json) else { return Ok(()) };
        let matcher = Matcher::new(&catalog);
        for alias in &catalog.actor(0).aliases {
            let text = format!("« {} »", alias.text);
            // Never panics; offsets stay on char boundaries.
            for m in matcher.find_iter(&text) {
                prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
            }
        }
    }
}
