//! The differential test of the scan (issue 13): the one-pass scan and
//! the reference — the whole text folded, every position tried in turn
//! against a plain list of patterns — agree on random texts with random
//! catalogs, and with the full knowledge on texts made of its names.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::{Dropped, Matcher, Mention, Scan};
use crate::model::catalog::{Catalog, Layer};
use crate::model::packs::Pack;
use crate::model::progress::Progress;

/// Pieces that overlap, nest and fold into each other: case, accents,
/// `ß`/`ss`, the typographic apostrophe, spaced designations, a tool
/// name, and three names longer than the automaton's cut that share it.
fn pieces() -> Vec<String> {
    let stem = "Directorate of Signals Intelligence and Electronic Warfare Operations \
                of the Joint Staff of the Armed Forces of the Republic of Ruritania";
    let mut v: Vec<String> = [
        "ab",
        "Ab",
        "AB",
        "abc",
        "b",
        "ba",
        "x-1",
        "X 1",
        "ÉTÉ",
        "été",
        "Straße",
        "strasse",
        "’s",
        "'s",
        "APT28",
        "apt 28",
        "APT-28",
        "Cobalt",
        "Cobalt Strike",
        "US",
        "the",
        "de",
        "Bear",
        "Fancy",
        "Directorate",
        "of",
        "Signals",
        "Ｆａｎｃｙ",
        "İ",
        "ǅ",
        "a\u{301}",
        "á",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    v.push(stem.to_string());
    v.push(format!("{stem} of Somewhere"));
    v.push(format!("{stem} of Somewhere Else"));
    v
}

fn piece() -> impl Strategy<Value = String> {
    let all = pieces();
    (0..all.len()).prop_map(move |i| all[i].clone())
}

/// An alias: one to three pieces joined by a space, a dash or nothing.
fn alias_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), prop::sample::select(vec![" ", "-", ""])), 1..4).prop_map(
        |parts| {
            let mut s = String::new();
            for (i, (p, sep)) in parts.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                s.push_str(p);
            }
            s.trim().to_string()
        },
    )
}

/// A pack alias with a case and maybe a noise mark.
fn pack_alias() -> impl Strategy<Value = serde_json::Value> {
    let noise = prop::sample::select(vec![
        None,
        Some(("gated", "common-word")),
        Some(("exact", "short")),
        Some(("gated", "demonym")),
        Some(("gated", "demonym-plural")),
        Some(("dropped", "number")),
        Some(("exact", "common-words")),
    ]);
    (alias_text(), any::<bool>(), noise).prop_map(|(text, exact, noise)| {
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

/// A catalog of one to four actors of several kinds, and maybe tools.
fn catalog() -> impl Strategy<Value = Catalog> {
    let actor = (
        proptest::collection::vec(pack_alias(), 1..5),
        prop::sample::select(vec!["state", "threat-group", "agency", "media"]),
    );
    (
        proptest::collection::vec(actor, 1..5),
        proptest::collection::vec(alias_text(), 0..3),
    )
        .prop_map(|(actors, tools)| {
            let actors: Vec<serde_json::Value> = actors
                .into_iter()
                .enumerate()
                .map(|(i, (aliases, kind))| {
                    let name = aliases[0]["text"].clone();
                    serde_json::json!({"id": format!("a{i}"), "name": name, "kind": kind,
                        "aliases": aliases})
                })
                .collect();
            let tools: Vec<serde_json::Value> = tools
                .into_iter()
                .map(|t| serde_json::json!({"name": t, "aliases": []}))
                .collect();
            let pack = serde_json::json!({"pack": "diff", "title": "diff", "source": "proptest",
                "actors": actors, "tools": tools});
            let pack = Pack::parse(&pack.to_string()).expect("the generated pack is valid");
            Catalog::load_layers(&[Layer::Pack(&pack)]).unwrap_or_default()
        })
}

/// Text: pieces and aliases between separators that make and break word
/// boundaries, addresses and evidence.
fn text_of(words: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![
        " ",
        "  ",
        "\n",
        "\n\n",
        " \r\n\r\n ",
        ", ",
        ". ",
        "-",
        "",
        "x",
        "’",
        " the ",
        " group ",
        " https://x.example/",
        "/",
        " US$",
        "\u{A0}",
        "\u{202F}",
        " Russian ",
        " officials ",
        "é",
    ]);
    proptest::collection::vec((words, sep), 0..40).prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(&w);
            s.push_str(sep);
        }
        s
    })
}

/// The one-pass scan in chunks of `chunk` folded bytes, resolved.
fn fast_in(m: &Matcher, text: &str, chunk: usize) -> (Vec<Mention>, Vec<Dropped>) {
    let mut scan = Scan::new(m, text);
    scan.chunk_size = chunk;
    let done = std::sync::atomic::AtomicUsize::new(0);
    assert!(
        scan.run(0, text.len(), &Progress::new(text.len()), &done, 0)
            .is_some()
    );
    scan.resolve()
}

/// The scan in `segments` pieces on as many threads, resolved.
fn segmented(m: &Matcher, text: &str, segments: usize) -> (Vec<Mention>, Vec<Dropped>) {
    let progress = Progress::new(text.len());
    // Claims kept for the join: all, or only those of the first bytes.
    let kept = if segments.is_multiple_of(2) {
        usize::MAX / 2
    } else {
        segments
    };
    let scan = m
        .scan_segments(text, segments, kept, &progress, 0)
        .expect("nothing cancels it");
    scan.resolve()
}

/// The one-pass scan, resolved.
fn fast(m: &Matcher, text: &str) -> (Vec<Mention>, Vec<Dropped>) {
    fast_in(m, text, super::CHUNK)
}

/// The reference scan, resolved.
fn reference(m: &Matcher, text: &str) -> (Vec<Mention>, Vec<Dropped>) {
    let mut scan = Scan::new(m, text);
    scan.run_reference();
    scan.resolve()
}

fn knowledge() -> &'static (Catalog, Matcher, Vec<String>) {
    static KNOWLEDGE: OnceLock<(Catalog, Matcher, Vec<String>)> = OnceLock::new();
    KNOWLEDGE.get_or_init(|| {
        let catalog = crate::cli::CatalogArgs::default()
            .load()
            .expect("the bundled knowledge loads");
        let matcher = Matcher::new(&catalog);
        let mut names: Vec<String> = catalog
            .actors()
            .iter()
            .flat_map(|a| a.aliases.iter().map(|x| x.text.clone()))
            .collect();
        names.extend(catalog.tools().iter().map(|t| t.text.clone()));
        (catalog, matcher, names)
    })
}

/// A name of the full knowledge, as written, in capitals or in lower case.
fn known_name() -> impl Strategy<Value = String> {
    let names = &knowledge().2;
    (0..names.len(), 0..4u8).prop_map(move |(i, how)| match how {
        0 => names[i].to_uppercase(),
        1 => names[i].to_lowercase(),
        _ => names[i].clone(),
    })
}

fn cases() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(400)
    }
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn the_scan_agrees_with_the_reference_on_random_catalogs(
        (catalog, text) in catalog().prop_flat_map(|c| {
            let names = own_names(&c);
            (Just(c), text_of(prop_oneof![piece(), alias_text(), names]))
        }),
        chunk in 1usize..300,
    ) {
        let m = Matcher::new(&catalog);
        let want = reference(&m, &text);
        prop_assert_eq!(&fast(&m, &text), &want);
        prop_assert_eq!(&fast_in(&m, &text, chunk), &want);
        prop_assert_eq!(&segmented(&m, &text, 2 + chunk % 4), &want);
    }

    #[test]
    fn the_scan_agrees_with_the_reference_on_the_full_knowledge(
        text in text_of(prop_oneof![known_name(), piece()]),
        chunk in 1usize..300,
    ) {
        let m = &knowledge().1;
        let want = reference(m, &text);
        prop_assert_eq!(&fast(m, &text), &want);
        prop_assert_eq!(&fast_in(m, &text, chunk), &want);
        prop_assert_eq!(&segmented(m, &text, 2 + chunk % 4), &want);
    }
}

/// The names of `catalog` (its aliases and tools) as written, in capitals
/// or in lower case.
fn own_names(catalog: &Catalog) -> BoxedStrategy<String> {
    let mut names: Vec<String> = catalog
        .actors()
        .iter()
        .flat_map(|a| a.aliases.iter().map(|x| x.text.clone()))
        .collect();
    names.extend(catalog.tools().iter().map(|t| t.text.clone()));
    if names.is_empty() {
        return piece().boxed();
    }
    (0..names.len(), 0..4u8)
        .prop_map(move |(i, how)| match how {
            0 => names[i].to_uppercase(),
            1 => names[i].to_lowercase(),
            _ => names[i].clone(),
        })
        .boxed()
}

#[test]
fn the_scan_agrees_with_the_reference_on_the_sample_and_the_fixtures() {
    let m = &knowledge().1;
    let mut texts = vec![crate::model::input::SAMPLE.to_string()];
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut stack = vec![std::path::PathBuf::from(fixtures)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push(text);
            }
        }
    }
    assert!(texts.len() > 5);
    for text in &texts {
        let text = text.trim_start_matches('\u{FEFF}');
        let want = reference(m, text);
        assert_eq!(fast(m, text), want);
        assert_eq!(fast_in(m, text, 97), want);
        for segments in 2..6 {
            assert_eq!(segmented(m, text, segments), want);
        }
    }
}
