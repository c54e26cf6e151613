//! `aka mentions --discover` run as a user runs it: actors no catalog
//! holds, introduced by naming cues or fitting a vendor's naming scheme
//! (issue 12). Sentences written for these tests.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn aka(args: &[&str]) -> (Vec<Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = if args.contains(&"jsonl") {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    } else {
        Vec::new()
    };
    (rows, text)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const REPORT: &str = "Researchers followed a group named “Quillcrest” for a year.\n\nQuillcrest later worked with APT28 and with TA9917.\n";

#[test]
fn without_discover_the_output_is_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.txt", REPORT);
    let (rows, _) = aka(&["mentions", "--format", "jsonl", &path]);
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(r["actor"].is_string(), "{r}");
        assert!(r.get("discovered").is_none(), "{r}");
    }
}

#[test]
fn discovered_actors_are_printed_in_text_order_with_their_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.txt", REPORT);
    let (rows, _) = aka(&["mentions", "--discover", "--format", "jsonl", &path]);
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap().to_string(),
                r["actor"].as_str().unwrap_or("null").to_string(),
            )
        })
        .collect();
    let want = [
        ("Quillcrest", "null"),
        ("Quillcrest", "null"),
        ("APT28", "apt28"),
        ("TA9917", "null"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    assert_eq!(got, want);
    let cue = &rows[0]["discovered"];
    assert_eq!(cue["how"], "cue");
    assert_eq!(cue["cue"], "named");
    let (s, e) = (
        cue["evidence_start"].as_u64().unwrap() as usize,
        cue["evidence_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&REPORT.as_bytes()[s..e], b"named");
    let scheme = &rows[3]["discovered"];
    assert_eq!(scheme["how"], "scheme");
    assert_eq!(scheme["scheme"], "Proofpoint");
    assert_eq!(scheme["pattern"], "TA{N3}");
    assert!(scheme["tells"].as_str().unwrap().contains("Proofpoint"));
    assert_eq!(rows[3]["name"], "TA9917");
}

#[test]
fn a_name_discovered_in_one_article_is_a_mention_in_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.txt",
        "Reports mention Quillcrest twice: Quillcrest.\n",
    );
    let b = write(dir.path(), "b.txt", REPORT);
    let (rows, _) = aka(&["mentions", "--discover", "--format", "jsonl", &a, &b]);
    let in_a: Vec<&Value> = rows.iter().filter(|r| r["path"] == a.as_str()).collect();
    assert_eq!(in_a.len(), 2, "{rows:?}");
    assert_eq!(in_a[0]["discovered"]["evidence_path"], b.as_str());
    let in_b: Vec<&Value> = rows.iter().filter(|r| r["path"] == b.as_str()).collect();
    assert!(in_b[0]["discovered"].get("evidence_path").is_none());
}

#[test]
fn tsv_leaves_the_actor_column_empty_for_a_discovered_actor() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.txt", REPORT);
    let (_, text) = aka(&["mentions", "--discover", "--format", "tsv", &path]);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][5], "");
    assert_eq!(rows[0][6], "Quillcrest");
    assert_eq!(rows[2][5], "apt28");
}

#[test]
fn a_probable_alias_names_the_known_actor() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "r.txt",
        "The lures came from Tarnhollow, also known as APT28, in March.\n",
    );
    let (rows, _) = aka(&["mentions", "--discover", "--format", "jsonl", &path]);
    let new = rows.iter().find(|r| r["actor"].is_null()).unwrap();
    assert_eq!(new["name"], "Tarnhollow");
    assert_eq!(new["discovered"]["probable_alias_of"], "apt28");
}
