//! The user catalog from the command line (issue 12): `aka catalog add`,
//! `alias`, `suppress`, `undo`, honoured by `aka mentions`; a corrupt file
//! is neither overwritten nor fatal.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::process::{Command, Output};

fn aka(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aka"))
        .env("XDG_CONFIG_HOME", config)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The actor and text columns of `aka mentions --format tsv`.
fn found(config: &Path, extra: &[&str], article: &Path) -> Vec<String> {
    let mut args = vec!["mentions", "--format", "tsv"];
    args.extend(extra);
    let path = article.to_str().unwrap();
    args.push(path);
    let out = aka(config, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            format!("{} {}", f[5], f[7])
        })
        .collect()
}

#[test]
fn add_alias_suppress_and_undo_change_what_mentions_finds() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Quill Storm wrote to Quillcrest. APT28 and the Conti gang struck.\n",
    )
    .unwrap();
    assert_eq!(
        found(&config, &[], &article),
        ["apt28 APT28", "conti Conti"]
    );

    let out = aka(&config, &["catalog", "alias", "apt28", "Quill Storm"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let user = config.join("aka").join("catalog.json");
    assert!(stdout(&out).contains(&user.display().to_string()));
    let out = aka(
        &config,
        &[
            "catalog",
            "add",
            "quillcrest",
            "--name",
            "Quillcrest",
            "--kind",
            "threat-group",
            "--country",
            "RU",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = aka(&config, &["catalog", "suppress", "Conti"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        found(&config, &[], &article),
        ["apt28 Quill Storm", "quillcrest Quillcrest", "apt28 APT28"]
    );
    // Left out on request.
    assert_eq!(
        found(&config, &["--no-user-catalog"], &article),
        ["apt28 APT28", "conti Conti"]
    );
    // Undone one change at a time.
    let out = aka(&config, &["catalog", "undo"]);
    assert!(
        stdout(&out).contains("\"Conti\" is no mention"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        found(&config, &[], &article),
        [
            "apt28 Quill Storm",
            "quillcrest Quillcrest",
            "apt28 APT28",
            "conti Conti"
        ]
    );
    assert!(aka(&config, &["catalog", "undo"]).status.success());
    assert!(aka(&config, &["catalog", "undo"]).status.success());
    assert!(!user.exists());
    let out = aka(&config, &["catalog", "undo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing to undo"));
}

#[test]
fn a_suppression_of_one_article_leaves_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "APT28 again.\n").unwrap();
    std::fs::write(&b, "APT28 again.\n").unwrap();
    let out = aka(
        &config,
        &[
            "catalog",
            "suppress",
            "APT28",
            "--article",
            a.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(found(&config, &[], &a), Vec::<String>::new());
    assert_eq!(found(&config, &[], &b), ["apt28 APT28"]);
}

#[test]
fn changes_that_make_no_sense_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let out = aka(&config, &["catalog", "alias", "no-such-actor", "X"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no actor \"no-such-actor\""),
        "{}",
        stderr(&out)
    );
    let out = aka(
        &config,
        &["catalog", "add", "apt28", "--name", "X", "--kind", "state"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
    let out = aka(
        &config,
        &[
            "catalog",
            "add",
            "x",
            "--name",
            "X",
            "--kind",
            "state",
            "--country",
            "Russia",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(!config.join("aka").join("catalog.json").exists());
}

#[test]
fn a_corrupt_user_catalog_is_neither_overwritten_nor_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let user = config.join("aka").join("catalog.json");
    std::fs::create_dir_all(user.parent().unwrap()).unwrap();
    let broken = "{\"actors\": [\n  {\"id\": \"apt28\", \"aliases\": [\"Quill Storm\",]}\n]}\n";
    std::fs::write(&user, broken).unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "APT28 and Quill Storm.\n").unwrap();
    // Mentions still run, without it, and say where it is wrong.
    let out = aka(
        &config,
        &["mentions", "--format", "tsv", article.to_str().unwrap()],
    );
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("catalog.json:2:"), "{err}");
    assert!(err.contains("left out"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    // A change refuses to write over it.
    let out = aka(&config, &["catalog", "alias", "apt28", "Other"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("left as it is"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&user).unwrap(), broken);
}

#[test]
fn a_user_catalog_that_parses_but_does_not_load_is_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let user = config.join("aka").join("catalog.json");
    std::fs::create_dir_all(user.parent().unwrap()).unwrap();
    // Valid JSON, but not a catalog: a change must not "repair" it away.
    let odd = "{\"actors\": {\"id\": \"apt28\", \"aliases\": [\"Mine\"]}}\n";
    std::fs::write(&user, odd).unwrap();
    let out = aka(&config, &["catalog", "alias", "apt28", "Other"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("left as it is"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&user).unwrap(), odd);
    assert!(!config.join("aka").join("catalog.json.undo").exists());
}
