//! The archive index through the real binary (docs/archive.md): `aka
//! index` adding, changing and deleting, a changed catalog matched again
//! only where it can touch and equal to a fresh index, a run killed with
//! SIGKILL carried on by the next, full-text search, every `aka query`
//! form, and where an index goes by default.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

const AKA: &str = env!("CARGO_BIN_EXE_aka");

/// A small catalog, so that debug builds stay quick.
const CATALOG: &str = r#"{"actors":[
{"id":"sandworm","name":"Sandworm","kind":"threat-group","aliases":["Voodoo Bear","APT44"]},
{"id":"apt28","name":"APT28","kind":"threat-group","aliases":["Fancy Bear","Sofacy"]},
{"id":"russia","name":"Russia","kind":"state","aliases":["Kremlin"]},
{"id":"lazarus","name":"Lazarus Group","kind":"threat-group","aliases":["Hidden Cobra"]}
]}"#;

/// The catalog changed: an alias added to one actor, an actor added, one
/// removed; Sandworm and Russia as they were.
const CATALOG_B: &str = r#"{"actors":[
{"id":"sandworm","name":"Sandworm","kind":"threat-group","aliases":["Voodoo Bear","APT44"]},
{"id":"apt28","name":"APT28","kind":"threat-group","aliases":["Fancy Bear","Sofacy","Strontium"]},
{"id":"russia","name":"Russia","kind":"state","aliases":["Kremlin"]},
{"id":"turla","name":"Turla","kind":"threat-group","aliases":["Venomous Bear"]}
]}"#;

struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    catalog: PathBuf,
    cache: PathBuf,
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let catalog = dir.path().join("catalog.json");
    std::fs::write(&catalog, CATALOG).unwrap();
    let cache = dir.path().join("cache");
    Scratch {
        root,
        catalog,
        cache,
        _dir: dir,
    }
}

impl Scratch {
    fn write(&self, name: &str, text: &str) {
        let path = self.root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn aka(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(AKA);
        cmd.args(args)
            .args(["--no-default-catalog", "--no-user-catalog", "--catalog"])
            .arg(&self.catalog)
            .current_dir(&self.root)
            .env("XDG_CACHE_HOME", &self.cache)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.aka(args).output().unwrap()
    }

    /// Runs and expects success: standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "aka {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn db(&self) -> PathBuf {
        self.root.join(".aka/index.sqlite")
    }
}

/// The counts of a summary line: (added, changed, deleted, unchanged).
fn counts(summary: &str) -> (usize, usize, usize, usize) {
    let n = |word: &str| -> usize {
        let at = summary
            .find(&format!(" {word}"))
            .unwrap_or_else(|| panic!("{summary}"));
        summary[..at]
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (n("added"), n("changed"), n("deleted"), n("unchanged"))
}

fn rematched(summary: &str) -> usize {
    summary.find(" matched again").map_or(0, |at| {
        summary[..at].rsplit(' ').next().unwrap().parse().unwrap()
    })
}

#[test]
fn adding_changing_and_deleting_files_updates_only_them() {
    let s = scratch();
    s.write("a.txt", "Sandworm struck Kyiv.\n");
    s.write("b.txt", "Fancy Bear went phishing.\n");
    s.write("sub/c.md", "# Notes\nNothing to see.\n");
    s.write("d.txt", "The Kremlin denied it.\n");
    let first = s.ok(&["index", "."]);
    assert_eq!(counts(&first), (4, 0, 0, 0), "{first}");
    assert_eq!(counts(&s.ok(&["index", "."])), (0, 0, 0, 4));

    s.write("e.txt", "Voodoo Bear again.\n");
    s.write("b.txt", "Sofacy, not Fancy Bear, went phishing.\n");
    std::fs::remove_file(s.root.join("sub/c.md")).unwrap();
    // Touched, not changed: its bytes are the same.
    let d = std::fs::File::options()
        .write(true)
        .open(s.root.join("d.txt"))
        .unwrap();
    d.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    drop(d);
    let second = s.ok(&["index", "."]);
    assert_eq!(counts(&second), (1, 1, 1, 2), "{second}");
    assert_eq!(counts(&s.ok(&["index", "."])), (0, 0, 0, 4));

    let apt28 = s.ok(&["query", "apt28", "--format", "tsv"]);
    assert_eq!(
        apt28
            .lines()
            .skip(1)
            .map(|l| l.split('\t').nth(5).unwrap())
            .collect::<Vec<_>>(),
        ["Sofacy", "Fancy Bear"],
        "the changed file's new mentions, its old ones gone:\n{apt28}"
    );
    let sandworm = s.ok(&["query", "Voodoo Bear", "--format", "tsv"]);
    let paths: Vec<&str> = sandworm
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(paths, ["a.txt", "e.txt"]);
    let notes = s.ok(&["query", "--search", "nothing", "--format", "tsv"]);
    assert_eq!(
        notes.lines().count(),
        1,
        "the deleted file is no longer found: {notes}"
    );
}

/// Every answer the index gives for `ids`, as `aka query` prints them
/// (exit status, standard output, standard error).
fn answers(s: &Scratch, db: &Path, ids: &[&str]) -> Vec<String> {
    let db = db.to_str().unwrap();
    let mut out = Vec::new();
    for id in ids {
        for args in [
            vec!["query", id, "--format", "jsonl", "--db", db],
            vec!["query", "--with", id, "--format", "jsonl", "--db", db],
            vec!["query", "--source", id, "--format", "jsonl", "--db", db],
        ] {
            let o = s.run(&args);
            out.push(format!(
                "{:?}\n{}{}",
                o.status.code(),
                String::from_utf8(o.stdout).unwrap(),
                String::from_utf8(o.stderr).unwrap()
            ));
        }
    }
    for words in ["strontium", "bear", "kremlin OR turla"] {
        out.push(s.ok(&["query", "--search", words, "--format", "jsonl", "--db", db]));
    }
    out
}

#[test]
fn a_changed_catalog_matches_again_only_what_it_touches_and_equals_a_fresh_index() {
    let s = scratch();
    let texts = [
        "Sandworm struck Kyiv, officials said.\n",
        "Strontium is what Microsoft called Fancy Bear.\n",
        "Venomous Bear and the Kremlin, according to John Smith.\n",
        "Hidden Cobra stole millions.\n",
        "A quiet day: the weather was fine.\n",
        "APT 44 and Voodoo Bear are one group.\n",
    ];
    for (i, t) in texts.iter().enumerate() {
        s.write(&format!("{i}.txt"), t);
    }
    for i in 0..30 {
        s.write(
            &format!("filler/{i}.txt"),
            "Markets rose and the Kremlin said nothing.\n",
        );
    }
    s.ok(&["index", "."]);
    std::fs::write(&s.catalog, CATALOG_B).unwrap();
    let update = s.ok(&["index", "."]);
    let (added, changed, deleted, unchanged) = counts(&update);
    assert_eq!((added, changed, deleted), (0, 0, 0), "{update}");
    // Fancy Bear's file (an actor changed), Strontium's (its new alias),
    // Venomous Bear's (a new actor), Hidden Cobra's (a removed one).
    assert_eq!(rematched(&update), 3, "{update}");
    assert_eq!(unchanged, 33, "{update}");

    let fresh = s.root.join("fresh.sqlite");
    s.ok(&["index", ".", "--db", fresh.to_str().unwrap()]);
    let ids = ["sandworm", "apt28", "russia", "turla", "lazarus"];
    let incremental = answers(&s, &s.db(), &ids);
    assert_eq!(incremental, answers(&s, &fresh, &ids));
    assert!(incremental[3].contains("Strontium"), "{}", incremental[3]);
    assert!(
        incremental[12].starts_with("Some(1)\n")
            && incremental[12].contains("no actor \"lazarus\""),
        "lazarus is gone: {}",
        incremental[12]
    );
    let again = s.ok(&["index", "."]);
    assert_eq!(counts(&again), (0, 0, 0, 36), "{again}");
}

/// The names of the indexes of the attributions table.
fn attribution_indexes(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' \
         AND name LIKE 'attributions_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_run_killed_early_leaves_a_valid_index_that_the_next_run_completes() {
    let s = scratch();
    // Three batches of 4,096 (the size of a run's first batches) and a bit.
    let n: usize = 12_500;
    for i in 0..n {
        s.write(
            &format!("{:02}/{i}.txt", i % 50),
            &format!("Report {i}: Sandworm and the Kremlin, day {i}.\n"),
        );
    }
    let mut child = s
        .aka(&["index", "."])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as a first batch is written.
    let db = s.db();
    let written = || -> i64 {
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while written() == 0 && start.elapsed() < Duration::from_mins(1) {
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    assert!(
        child.wait().unwrap().code().is_none(),
        "killed, not finished"
    );

    let conn = rusqlite::Connection::open(s.db()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let before: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        attribution_indexes(&conn),
        ["attributions_article"],
        "an empty index is filled in bulk, its attributions' indexes by actor and source \
         made at the end"
    );
    drop(conn);
    let before = usize::try_from(before).unwrap();
    assert!(
        before < n,
        "the run was killed before its end ({before} articles)"
    );

    let rerun = s.ok(&["index", "."]);
    let (added, changed, deleted, unchanged) = counts(&rerun);
    assert_eq!(
        (added, changed, deleted, unchanged),
        (n - before, 0, 0, before),
        "{rerun}"
    );
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // The run killed filled an empty index in bulk, without two indexes
    // of the attributions: they are back.
    assert_eq!(
        attribution_indexes(&conn),
        [
            "attributions_actor",
            "attributions_article",
            "attributions_source"
        ]
    );
    drop(conn);
    let rows = s.ok(&["query", "sandworm", "--format", "tsv"]);
    assert_eq!(rows.lines().count(), n + 1);
    let found = s.ok(&[
        "query",
        "--search",
        "report AND day",
        "--format",
        "tsv",
        "--limit",
        "20000",
    ]);
    assert_eq!(found.lines().count(), n + 1);
}

#[test]
fn full_text_search_finds_words_anywhere_and_refuses_a_bad_query_in_one_line() {
    let s = scratch();
    s.write("a.txt", "Ransomware hit a hospital in Düsseldorf.\n");
    s.write("b.txt", "A hospital opened.\n");
    s.write("c.txt", "Ransomware everywhere.\n");
    s.ok(&["index", "."]);
    let paths = |words: &str| -> Vec<String> {
        let out = s.ok(&["query", "--search", words, "--format", "jsonl"]);
        let mut p: Vec<String> = out
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(paths("ransomware hospital"), ["a.txt"]);
    assert_eq!(paths("hospital"), ["a.txt", "b.txt"]);
    assert_eq!(paths("HOSPITAL NOT ransomware"), ["b.txt"]);
    assert_eq!(paths("ransom*"), ["a.txt", "c.txt"]);
    assert_eq!(paths("dusseldorf"), ["a.txt"], "diacritics folded");
    let bad = s.run(&["query", "--search", "\"hospital"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("aka: --search: "), "{err}");
}

#[test]
fn every_query_form_answers_from_the_index() {
    let s = scratch();
    s.write(
        "old.txt",
        "Old news\nSandworm was blamed, John Smith said.\n",
    );
    s.write(
        "new.txt",
        "New\tnews\nVoodoo Bear and Fancy Bear were blamed, according to John Smith.\n",
    );
    s.write("other.txt", "Other\nThe Kremlin and Sandworm.\n");
    let day = |d: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(d * 86_400 + 3600);
    for (name, d) in [
        ("old.txt", 19_000),
        ("new.txt", 19_800),
        ("other.txt", 19_800),
    ] {
        let f = std::fs::File::options()
            .write(true)
            .open(s.root.join(name))
            .unwrap();
        f.set_modified(day(d)).unwrap();
    }
    s.ok(&["index", "."]);

    // An actor under any alias, by id, name or alias; TSV escaped.
    let by_alias = s.ok(&["query", "voodoo bear", "--format", "tsv"]);
    assert_eq!(by_alias, s.ok(&["query", "Sandworm", "--format", "tsv"]));
    assert_eq!(
        by_alias,
        "path\tdate\tstart\tend\tactor\talias\ttitle\n\
         new.txt\t2024-03-18\t9\t20\tsandworm\tVoodoo Bear\tNew\\tnews\n\
         old.txt\t2022-01-08\t9\t17\tsandworm\tSandworm\tOld news\n\
         other.txt\t2024-03-18\t22\t30\tsandworm\tSandworm\tOther\n"
    );
    let first_two = s.ok(&["query", "sandworm", "--limit", "2", "--format", "tsv"]);
    assert_eq!(
        first_two.lines().collect::<Vec<_>>(),
        by_alias.lines().take(3).collect::<Vec<_>>(),
        "--limit: the first rows"
    );
    let since = s.ok(&[
        "query",
        "sandworm",
        "--since",
        "2024-03-18",
        "--format",
        "tsv",
    ]);
    assert_eq!(since.lines().count(), 3, "{since}");
    let until = s.ok(&[
        "query",
        "sandworm",
        "--until",
        "2024-03-17",
        "--format",
        "tsv",
    ]);
    assert_eq!(
        until.lines().skip(1).collect::<Vec<_>>(),
        [by_alias.lines().nth(2).unwrap()]
    );
    let json = s.ok(&["query", "apt28", "--format", "jsonl"]);
    let v: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            v["actor"].as_str(),
            v["alias"].as_str(),
            v["title"].as_str()
        ),
        (Some("apt28"), Some("Fancy Bear"), Some("New\tnews"))
    );

    // The actors in the same articles, most first.
    let with = s.ok(&["query", "--with", "sandworm", "--format", "tsv"]);
    assert_eq!(
        with,
        "actor\tname\tarticles\napt28\tAPT28\t1\nrussia\tRussia\t1\n"
    );

    // The sentences a source is cited for, read back from the files.
    let cited = s.ok(&["query", "--source", "john smith", "--format", "jsonl"]);
    let sentences: Vec<String> = cited
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["sentence"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        sentences,
        [
            "Voodoo Bear and Fancy Bear were blamed, according to John Smith.",
            "Sandworm was blamed, John Smith said."
        ]
    );

    // An actor the catalog does not know, and a name several share.
    let none = s.run(&["query", "nobody", "--format", "tsv"]);
    assert_eq!(none.status.code(), Some(1));
    let err = String::from_utf8(none.stderr).unwrap();
    assert!(
        err.starts_with("aka: no actor \"nobody\"") && err.lines().count() == 1,
        "{err}"
    );
    let bears = CATALOG
        .replace("Voodoo Bear", "Bear")
        .replace("Fancy Bear", "Bear");
    std::fs::write(&s.catalog, bears).unwrap();
    let shared = s.run(&["query", "bear"]);
    assert_eq!(shared.status.code(), Some(1));
    let err = String::from_utf8(shared.stderr).unwrap();
    assert!(err.contains("names 2 actors: sandworm, apt28"), "{err}");
}

#[test]
fn the_index_goes_in_the_folder_else_in_the_cache_and_queries_find_it() {
    let s = scratch();
    s.write("a.txt", "Sandworm.\n");
    let missing = s.run(&["query", "sandworm"]);
    assert_eq!(missing.status.code(), Some(1));
    let err = String::from_utf8(missing.stderr).unwrap();
    assert!(
        err.contains("no index here") && err.lines().count() == 1,
        "{err}"
    );

    // A file named .aka: the folder's own index cannot be made.
    std::fs::write(s.root.join(".aka"), "in the way").unwrap();
    let summary = s.ok(&["index", "."]);
    assert!(
        summary.starts_with(s.cache.join("aka").to_str().unwrap()),
        "{summary}"
    );
    assert_eq!(
        s.ok(&["query", "sandworm", "--format", "tsv"])
            .lines()
            .count(),
        2
    );

    std::fs::remove_file(s.root.join(".aka")).unwrap();
    let summary = s.ok(&["index", "."]);
    assert!(summary.starts_with(s.db().to_str().unwrap()), "{summary}");
    assert_eq!(counts(&summary), (1, 0, 0, 0));
    // Several paths: the index of their common folder, paths below it.
    s.write("x/b.txt", "Kremlin.\n");
    s.write("y/c.txt", "Kremlin.\n");
    let summary = s.ok(&["index", "x", "y/c.txt"]);
    assert_eq!(counts(&summary), (2, 0, 0, 0), "{summary}");
    let rows = s.ok(&["query", "russia", "--format", "tsv"]);
    assert_eq!(
        rows.lines()
            .skip(1)
            .map(|l| l.split('\t').next().unwrap())
            .collect::<Vec<_>>(),
        ["x/b.txt", "y/c.txt"]
    );
}

#[test]
fn an_index_of_an_older_schema_is_refused_by_query_and_built_anew_by_index() {
    let s = scratch();
    s.write("a.txt", "Sandworm struck Kyiv.\n");
    s.write("b.txt", "Fancy Bear went phishing.\n");
    s.ok(&["index", "."]);
    let answer = s.ok(&["query", "sandworm", "--format", "tsv"]);
    // As schema version 1 left an index: no mentions in `actor_articles`.
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute_batch(
        "UPDATE meta SET value = 1 WHERE key = 'schema'; \
         ALTER TABLE actor_articles DROP COLUMN mentions;",
    )
    .unwrap();
    drop(conn);
    let old = s.run(&["query", "sandworm"]);
    assert_eq!(old.status.code(), Some(1));
    let err = String::from_utf8(old.stderr).unwrap();
    assert!(
        err.lines().count() == 1 && err.contains("older") && err.contains("run `aka index`"),
        "{err}"
    );
    let rebuilt = s.ok(&["index", "."]);
    assert_eq!(counts(&rebuilt), (2, 0, 0, 0), "{rebuilt}");
    assert_eq!(s.ok(&["query", "sandworm", "--format", "tsv"]), answer);
}

#[test]
fn the_explorer_given_db_refuses_what_it_cannot_open_in_one_line_naming_it() {
    let s = scratch();
    s.write("a.txt", "Sandworm.\n");
    s.write("b.txt", "Kremlin.\n");
    let elsewhere = s.cache.join("notes.sqlite");
    let db = elsewhere.to_str().unwrap();
    // Asked for by name, a missing index is an error (not a reason to
    // read the files instead), and says how to make it.
    let one_line = |args: &[&str], says: &str| {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(1), "aka {args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says) && err.lines().count() == 1, "{err}");
    };
    one_line(
        &[".", "--db", db],
        &format!("{db}: no index there (build one with `aka index DIR --db {db}`)"),
    );
    s.ok(&["index", ".", "--db", db]);
    one_line(&[".", "a.txt", "--db", db], "give that folder alone");
    one_line(&["a.txt", "--db", db], "a.txt: not a folder");
    std::fs::write(s.root.join("junk.sqlite"), "not a database").unwrap();
    one_line(&[".", "--db", "junk.sqlite"], "junk.sqlite: ");
    // An index that opens, without a terminal to show it on.
    one_line(&[".", "--db", db], "the explorer needs a terminal");
    one_line(&["--db", db], "the explorer needs a terminal");
    let out = s.run(&[".", "--db", db, "--no-index"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses the pair");
}

#[test]
fn new_articles_are_numbered_in_path_order_whatever_order_the_readers_finish_in() {
    let s = scratch();
    for i in 0..600 {
        // Long and short texts, so that the readers finish out of order.
        let text = if i % 3 == 0 {
            "Sandworm struck again, the Kremlin said. ".repeat(200)
        } else {
            "Sandworm.\n".to_string()
        };
        s.write(&format!("d{}/{i:04}.txt", i % 7), &text);
    }
    s.ok(&["index", "."]);
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    let by_id: Vec<String> = conn
        .prepare("SELECT path FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut sorted = by_id.clone();
    sorted.sort();
    assert_eq!(by_id.len(), 600);
    assert!(by_id == sorted, "ids follow the paths");
}

#[test]
fn a_file_that_cannot_be_read_is_said_and_the_others_are_indexed() {
    let s = scratch();
    s.write("a.txt", "Sandworm.\n");
    s.write("c.txt", "Kremlin.\n");
    std::os::unix::fs::symlink(s.root.join("nowhere/x.txt"), s.root.join("b.txt")).unwrap();
    let out = s.run(&["index", "."]);
    assert!(out.status.success(), "{out:?}");
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.contains("2 added") && summary.contains("1 unreadable"),
        "{summary}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("b.txt: ") && err.lines().count() == 1, "{err}");
    let rows = s.ok(&["query", "russia", "--format", "tsv"]);
    assert!(
        rows.lines().nth(1).unwrap().starts_with("c.txt\t"),
        "{rows}"
    );
}

#[test]
fn a_process_allowed_few_open_files_still_indexes_every_file() {
    let s = scratch();
    for i in 0..1000 {
        s.write(&format!("{i:04}.txt"), "Sandworm.\n");
    }
    // The loaders open files ahead: within a limit of 24 descriptors they
    // must open fewer at once, not lose files.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 24 && exec '{AKA}' index . --no-default-catalog --no-user-catalog \
             --catalog '{}'",
            s.catalog.display()
        ))
        .current_dir(&s.root)
        .env("XDG_CACHE_HOME", &s.cache)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let summary = String::from_utf8(out.stdout).unwrap();
    assert_eq!(counts(&summary), (1000, 0, 0, 0), "{summary}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
