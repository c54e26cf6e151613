//! Who says what: attributions on the sample article and on a corpus of
//! short articles written for these tests, with precision and recall.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::process::Command;

use aka::model::sources::attributions;
use aka::model::{Catalog, CatalogSource, Matcher};
use pretty_assertions::assert_eq;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources");

#[test]
fn sample_article_sources_via_the_binary() {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["sources", "--format", "jsonl", "seeds/election-2016.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/election-2016.txt"
    ))
    .unwrap();
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(Option<&str>, &str, &str, u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str(),
                r["source_text"].as_str().unwrap(),
                r["cue"].as_str().unwrap(),
                r["sentence_start"].as_u64().unwrap(),
                r["sentence_end"].as_u64().unwrap(),
            )
        })
        .collect();
    let dhs = "Department of Homeland Security";
    let odni = "Office of the Director of National Intelligence";
    assert_eq!(
        got,
        [
            (
                Some("washington-post"),
                "Washington Post",
                "according to",
                368,
                617
            ),
            (Some("the-guardian"), "The Guardian", "has cited", 619, 859),
            (None, "U.S. Security firms", "claimed", 861, 989),
            (
                Some("the-atlantic"),
                "The Atlantic",
                "as noted via",
                991,
                1173
            ),
            (Some("dhs"), dhs, "statement", 1175, 1380),
            (Some("odni"), odni, "statement", 1175, 1380),
            (Some("dhs"), dhs, "statement", 1381, 1465),
            (Some("odni"), odni, "statement", 1381, 1465),
            (Some("dhs"), dhs, "statement", 1466, 1629),
            (Some("odni"), odni, "statement", 1466, 1629),
            (Some("dhs"), dhs, "statement", 1630, 1776),
            (Some("odni"), odni, "statement", 1630, 1776),
            (Some("guccifer-2"), "Guccifer 2.0", "claimed", 1778, 1904),
        ]
    );
    // Sentences run from the first non-space character to the final
    // punctuation, closing quote included, and slice the file's bytes.
    for r in &rows {
        let (s, e) = (
            r["sentence_start"].as_u64().unwrap() as usize,
            r["sentence_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            r["sentence"].as_str().unwrap()
        );
    }
    assert!(
        rows[4]["sentence"]
            .as_str()
            .unwrap()
            .starts_with("\"The recent disclosures")
    );
    assert!(
        rows[10]["sentence"]
            .as_str()
            .unwrap()
            .ends_with("these activities.\"")
    );
}

#[test]
fn tsv_has_a_header_and_null_sources_empty() {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["sources", "--format", "tsv", "seeds/election-2016.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "path\tsource\tsource_text\tcue\tsentence_start\tsentence_end\tsentence\trole\torg\tvenue\tvia"
    );
    assert_eq!(lines.len(), 14);
    assert!(
        lines[3].starts_with("seeds/election-2016.txt\t\tU.S. Security firms\tclaimed\t861\t989\t")
    );
}

/// (file, source key, cue, first 30 characters of the sentence); the key is
/// the actor id, or `?` and the words of an unnamed source.
type Row = (String, String, String, String);

fn expected() -> BTreeSet<Row> {
    std::fs::read_to_string(format!("{FIXTURES}/expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].trim_end().to_string(),
            )
        })
        .collect()
}

fn found() -> BTreeSet<Row> {
    let extra = std::fs::read_to_string(format!("{FIXTURES}/catalog.json")).unwrap();
    let catalog = Catalog::load(&[
        CatalogSource::bundled(),
        CatalogSource {
            name: "catalog.json".into(),
            json: extra,
        },
    ])
    .unwrap();
    let matcher = Matcher::new(&catalog);
    let mut rows = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| aka::model::input::is_article(p))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the corpus has at least 8 articles");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mentions = matcher.find_all(&text);
        for a in attributions(&text, &mentions) {
            let key = a.source.map_or_else(
                || format!("?{}", &text[a.source_range.clone()]),
                |s| catalog.actor(s).id.clone(),
            );
            let sentence: String = text[a.sentence.clone()].chars().take(30).collect();
            rows.insert((
                name.clone(),
                key,
                a.cue.clone(),
                sentence.trim_end().to_string(),
            ));
        }
    }
    rows
}

#[test]
fn corpus_precision_and_recall_are_at_least_0_9() {
    let expected = expected();
    let found = found();
    let correct = found.intersection(&expected).count();
    let precision = correct as f64 / found.len().max(1) as f64;
    let recall = correct as f64 / expected.len().max(1) as f64;
    println!(
        "sources corpus: {} expected, {} found, {} correct: precision {precision:.3}, recall {recall:.3}",
        expected.len(),
        found.len(),
        correct
    );
    for missed in expected.difference(&found) {
        println!("  missed:   {missed:?}");
    }
    for wrong in found.difference(&expected) {
        println!("  spurious: {wrong:?}");
    }
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}

#[test]
fn distractors_yield_nothing() {
    assert!(found().iter().all(|(file, ..)| file != "distractors.txt"));
}

/// The lines `aka sources --format jsonl` prints for the news fixture.
fn news_lines() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["sources", "--format", "jsonl", "news.txt"])
        .current_dir(FIXTURES)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn news_rows() -> Vec<Value> {
    news_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn people_get_their_role_and_org_and_keys_are_printed_only_when_set() {
    let rows = news_rows();
    let first = &rows[0];
    assert_eq!(first["source"], Value::Null);
    assert_eq!(first["source_text"], "Ruth Okafor");
    assert_eq!(first["role"], "director of CISA");
    assert_eq!(first["org"], "cisa");
    // The old keys first, in their order; the new ones after, when set.
    let line = news_lines().remove(0);
    let at = |key: &str| line.find(&format!("\"{key}\":")).unwrap();
    let order = [
        "path",
        "source",
        "source_text",
        "cue",
        "sentence_start",
        "sentence_end",
        "sentence",
        "role",
        "org",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{line}");
    assert!(!line.contains("\"venue\"") && !line.contains("\"via\""));
    let fbi = rows.iter().find(|r| r["source"] == "fbi").unwrap();
    assert!(fbi.get("role").is_none() && fbi.get("via").is_none());
}

#[test]
fn venue_pronoun_quotation_and_nested_sources_via_the_binary() {
    let rows = news_rows();
    let find = |start: &str| {
        rows.iter()
            .filter(|r| r["sentence"].as_str().unwrap().starts_with(start))
            .collect::<Vec<_>>()
    };
    let told = find("The money moved abroad");
    assert_eq!(told[0]["source_text"], "Lind");
    assert_eq!(told[0]["venue"], "Reuters");
    let it = find("It said the same wallet");
    assert_eq!(it[0]["source_text"], "Northwind Analytics");
    assert_eq!(it[0]["via"], "pronoun");
    let quoted = find("“We paid nothing.");
    assert_eq!(quoted[0]["source_text"], "Jonas Lind");
    assert_eq!(quoted[0]["via"], "quotation");
    let relayed = find("As first reported by Bloomberg");
    assert_eq!(relayed.len(), 2);
    assert_eq!(relayed[0]["source"], "bloomberg");
    assert_eq!(relayed[1]["source_text"], "officials");
    assert_eq!(relayed[1]["via"], "nested");
    // Nothing from the headline, the byline, the dateline or the URL.
    for r in &rows {
        let source = r["source_text"].as_str().unwrap();
        assert!(!source.contains("Officials Say") && !source.contains("Marsh"));
        assert!(!source.contains("OSLO") && !source.contains("http"));
    }
}

#[test]
fn tsv_has_the_four_new_columns_at_the_end() {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["sources", "--format", "tsv", "news.txt"])
        .current_dir(FIXTURES)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 11));
    assert_eq!(rows[1][7..], ["director of CISA", "cisa", "", ""]);
    let told = rows.iter().find(|r| r[6].starts_with("The money")).unwrap();
    assert_eq!(told[7..], ["", "", "Reuters", ""]);
}
