//! The PostgreSQL backend against a real server (docs/archive.md, A shared
//! index): the same answers as the SQLite backend, and several writers at
//! once neither duplicating nor losing rows.
//!
//! The server is the one `AKA_TEST_POSTGRES` names (a URL whose user may
//! create databases); `.ci/postgres` installs and starts one and prints
//! that URL. Each test makes a database of its own and drops it after.
//! Without the variable the tests say they are skipped, except under CI
//! (`CI` set), where a missing server is a failure.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[path = "common/postgres.rs"]
mod postgres_server;
use postgres_server::database;

use aka::archive::pg::PostgresStore;
use aka::archive::sqlite::SqliteStore;
use aka::archive::store::{
    ArticleHit, ArticleRow, AttributionRow, Known, MentionRow, Store, actor_hits, content_hash,
};

fn article(path: &str, text: &str, mentions: &[(&str, &str, u64, u64)]) -> ArticleRow {
    ArticleRow {
        known: Known {
            path: path.into(),
            size: text.len() as u64,
            mtime: 1_000 * i64::try_from(text.len()).unwrap(),
            hash: content_hash(text.as_bytes()),
            catalog: 7,
        },
        title: text.lines().next().unwrap_or("").into(),
        text: Some(text.into()),
        mentions: mentions
            .iter()
            .map(|&(actor, alias, start, end)| MentionRow {
                actor: actor.into(),
                alias: alias.into(),
                start,
                end,
                candidates: Vec::new(),
            })
            .collect(),
        attributions: vec![AttributionRow {
            source: "Mr. Smith".into(),
            actor: None,
            cue: "said".into(),
            start: 0,
            end: 4,
            via: None,
        }],
    }
}

/// The first `limit` mentions of `actors`, as they come: each hit's
/// mentions, the last cut to the limit.
fn limited(store: &mut dyn Store, actors: &[String], limit: usize) -> Vec<ArticleHit> {
    let mut out = Vec::new();
    store
        .actor(actors, None, None, Some(limit), &mut |hit| {
            out.push(hit);
            true
        })
        .unwrap();
    assert!(out.iter().map(|h| h.mentions.len()).sum::<usize>() <= limit);
    out
}

/// Everything a store answers about a small archive, as one value to
/// compare across backends.
fn answers(store: &mut dyn Store) -> String {
    let counts = store.counts().unwrap();
    let mut known = store.known().unwrap();
    known.sort_by(|a, b| a.path.cmp(&b.path));
    let mut totals = store.totals().unwrap();
    totals.sort_by(|a, b| a.actor.cmp(&b.actor));
    // What the explorer asks (docs/archive.md, Browsing): bytewise path
    // order whatever the server's collation.
    let browsing = format!(
        "{:?}\n{:?}\n{totals:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        store.listing(None, 10).unwrap(),
        store.listing(Some("a.txt"), 2).unwrap(),
        store.articles_of("apt28").unwrap(),
        store.articles_of("voodoo-bear").unwrap(),
        store.article_count().unwrap(),
        store.known_page(None, 2).unwrap(),
        store.known_page(Some("b.txt"), 10).unwrap(),
        store
            .listed(&["c/d.txt".into(), "zz.txt".into(), "a.txt".into()])
            .unwrap(),
    );
    format!(
        "{browsing}\n{counts:?}\n{known:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        actor_hits(store, &["apt28".into()], None, None).unwrap(),
        actor_hits(store, &["apt28".into()], Some(15_000), None).unwrap(),
        actor_hits(
            store,
            &["sandworm".into(), "voodoo-bear".into()],
            None,
            None
        )
        .unwrap(),
        limited(store, &["apt28".into(), "sandworm".into()], 2),
        store.with("apt28", 10).unwrap(),
        store.source(None, "mr. SMITH").unwrap(),
        store.source(Some("fsb"), "").unwrap(),
        store
            .mentioning(&["sandworm".into(), "nobody".into()])
            .unwrap(),
        store
            .containing(&[vec!["sandworm".into()], vec!["fancy".into(), "bear".into()]])
            .unwrap(),
    )
}

fn sample() -> Vec<ArticleRow> {
    let mut b = article(
        "b.txt",
        "APT28 and Sandworm, the FSB said.",
        &[("apt28", "APT28", 0, 5), ("sandworm", "Sandworm", 10, 18)],
    );
    b.attributions.push(AttributionRow {
        source: "the FSB".into(),
        actor: Some("fsb".into()),
        cue: "said".into(),
        start: 0,
        end: 33,
        via: None,
    });
    b.mentions[1].candidates = vec!["sandworm".into(), "voodoo-bear".into()];
    vec![
        article(
            "a.txt",
            "Fancy Bear struck a café.",
            &[("apt28", "Fancy Bear", 0, 10)],
        ),
        b,
        article("c/d.txt", "Nothing here.", &[]),
        // Bytewise before `c/d.txt` ('-' < '/'), as no locale has it.
        article("c-e.txt", "Fancy Bear.", &[("apt28", "Fancy Bear", 0, 10)]),
        article("B.txt", "Upper case first.", &[]),
    ]
}

#[test]
fn the_postgresql_backend_answers_as_sqlite_does() {
    let Some(db) = database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteStore::open(&dir.path().join("i.sqlite")).unwrap();
    let mut pg = PostgresStore::open(&db.url).unwrap();
    for store in [&mut lite as &mut dyn Store, &mut pg] {
        store.write(&sample()).unwrap();
        // Written again: an upsert, not a second row.
        store.write(&sample()[..1]).unwrap();
    }
    let expected = answers(&mut lite);
    assert!(expected.contains("a.txt"), "{expected}");
    assert_eq!(answers(&mut pg), expected);

    // Diacritics: a word without its accent finds the accented one.
    assert_eq!(pg.search("cafe", 10).unwrap()[0].path, "a.txt");
    assert_eq!(lite.search("cafe", 10).unwrap()[0].path, "a.txt");

    for store in [&mut lite as &mut dyn Store, &mut pg] {
        store
            .delete(&["a.txt".into(), "nowhere.txt".into()])
            .unwrap();
    }
    assert_eq!(answers(&mut pg), answers(&mut lite));
    assert!(pg.search("struck", 10).unwrap().is_empty());
    assert_eq!(pg.counts().unwrap().articles, 4);

    // A reopened store knows what the last one wrote, catalog included.
    let print = aka::archive::store::CatalogPrint {
        whole: 42,
        ..Default::default()
    };
    pg.set_catalog(&print, None).unwrap();
    drop(pg);
    let mut again = PostgresStore::open(&db.url).unwrap();
    assert_eq!(again.catalog().unwrap(), Some(print));
    assert_eq!(again.counts().unwrap().articles, 4);
}

#[test]
fn a_nul_in_a_text_is_stored_as_a_space() {
    let Some(db) = database() else { return };
    let mut pg = PostgresStore::open(&db.url).unwrap();
    let mut a = article("nul.txt", "Sofacy\0struck", &[]);
    a.title = "Sofacy\0struck".into();
    pg.write(&[a]).unwrap();
    assert_eq!(pg.search("sofacy", 10).unwrap()[0].title, "Sofacy struck");
}

#[test]
fn writers_at_once_neither_duplicate_nor_lose_rows() {
    let Some(db) = database() else { return };
    // Make the schema once, so that every writer finds it.
    drop(PostgresStore::open(&db.url).unwrap());
    // Four writers, each over an overlapping half of 400 articles, in
    // batches of 25, two of them in reverse order: every article is
    // written by two writers at once.
    let paths: Vec<String> = (0..400).map(|i| format!("f/{i:03}.txt")).collect();
    let rows = |range: std::ops::Range<usize>| -> Vec<ArticleRow> {
        paths[range]
            .iter()
            .map(|p| {
                let mut a = article(
                    p,
                    &format!("{p}: APT28 met Sandworm"),
                    &[("apt28", "APT28", 11, 16), ("sandworm", "Sandworm", 21, 29)],
                );
                a.mentions.push(MentionRow {
                    actor: format!("actor-{}", &p[2..5]),
                    alias: "Someone".into(),
                    start: 0,
                    end: 1,
                    candidates: Vec::new(),
                });
                a
            })
            .collect()
    };
    let plans = [
        (0..200, false),
        (100..300, false),
        (200..400, true),
        (0..400, true),
    ];
    std::thread::scope(|s| {
        for (range, reverse) in plans {
            let url = db.url.clone();
            let mut mine = rows(range);
            if reverse {
                mine.reverse();
            }
            s.spawn(move || {
                let mut store = PostgresStore::open(&url).unwrap();
                for batch in mine.chunks(25) {
                    store.write(batch).unwrap();
                }
            });
        }
    });
    let mut store = PostgresStore::open(&db.url).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.articles, counts.mentions, counts.attributions),
        (400, 1200, 400)
    );
    assert_eq!(
        actor_hits(&mut store, &["apt28".into()], None, None)
            .unwrap()
            .len(),
        400
    );
    let with = store.with("apt28", 3).unwrap();
    assert_eq!(with[0], ("sandworm".to_string(), 400));
    assert_eq!(with.len(), 3);
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let actors: i64 = c
        .query_one("SELECT count(*) FROM actors", &[])
        .unwrap()
        .get(0);
    assert_eq!(actors, 402, "each actor interned once");
    let doubled: i64 = c
        .query_one(
            "SELECT count(*) FROM (SELECT actor, alias FROM names \
             GROUP BY actor, alias HAVING count(*) > 1) d",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(doubled, 0);
    let words: i64 = c
        .query_one("SELECT count(*) FROM fulltext", &[])
        .unwrap()
        .get(0);
    assert_eq!(words, 400);
}

const AKA: &str = env!("CARGO_BIN_EXE_aka");

/// A small catalog, so that debug builds stay quick.
const CATALOG: &str = r#"{"actors":[
{"id":"sandworm","name":"Sandworm","kind":"threat-group","aliases":["Voodoo Bear","APT44"]},
{"id":"apt28","name":"APT28","kind":"threat-group","aliases":["Fancy Bear","Sofacy"]},
{"id":"russia","name":"Russia","kind":"state","aliases":["Kremlin"]}
]}"#;

fn aka(dir: &std::path::Path, catalog: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(AKA);
    cmd.args(args)
        .args(["--no-default-catalog", "--no-user-catalog", "--catalog"])
        .arg(catalog)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .stdin(std::process::Stdio::null());
    cmd
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn two_aka_index_runs_at_once_into_one_server_equal_one_run_into_sqlite() {
    let Some(db) = database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let catalog = dir.path().join("catalog.json");
    std::fs::write(&catalog, CATALOG).unwrap();
    for i in 0..300 {
        let sub = corpus.join(format!("d{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        let text = match i % 4 {
            0 => format!("Report {i}. Fancy Bear struck, the Kremlin said.\n"),
            1 => format!("Report {i}. Sandworm, also called Voodoo Bear, and APT28.\n"),
            2 => format!("Report {i}. According to Reuters, Sofacy was behind it.\n"),
            _ => format!("Report {i}. Nobody here.\n"),
        };
        std::fs::write(sub.join(format!("{i:03}.txt")), text).unwrap();
    }
    let lite = dir.path().join("lite.sqlite");
    ok(&aka(
        &corpus,
        &catalog,
        &["index", ".", "--db", lite.to_str().unwrap()],
    )
    .output()
    .unwrap());

    // Three indexers at once over the same folder: every article is
    // written by each of them.
    let runs: Vec<_> = [".", ".", "."]
        .iter()
        .map(|path| {
            aka(&corpus, &catalog, &["index", path, "--db", &db.url])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        ok(&run.wait_with_output().unwrap());
    }
    // Nothing left to do: the server holds every file as it is.
    let again = ok(&aka(&corpus, &catalog, &["index", ".", "--db", &db.url])
        .output()
        .unwrap());
    assert!(
        again.contains("0 added, 0 changed, 0 deleted, 300 unchanged"),
        "{again}"
    );

    for query in [
        &["query", "apt28"][..],
        &["query", "Voodoo Bear", "--format", "jsonl"],
        &["query", "--with", "apt28"],
        &["query", "--source", "Reuters"],
        &["query", "--search", "behind", "--limit", "500"],
    ] {
        let mut on_lite = query.to_vec();
        on_lite.extend(["--db", lite.to_str().unwrap()]);
        let mut on_server = query.to_vec();
        on_server.extend(["--db", &db.url]);
        let expected = ok(&aka(&corpus, &catalog, &on_lite).output().unwrap());
        assert!(!expected.is_empty(), "{query:?} answers something");
        let mut got = ok(&aka(&corpus, &catalog, &on_server).output().unwrap());
        let mut want = expected.clone();
        if query.contains(&"--search") {
            // Ranks differ between the engines: compare the sets.
            let sorted = |s: &str| {
                let mut l: Vec<&str> = s.lines().collect();
                l.sort_unstable();
                l.join("\n")
            };
            got = sorted(&got);
            want = sorted(&want);
        }
        assert_eq!(got, want, "{query:?}");
    }
}

#[test]
fn an_unreachable_server_is_one_line_saying_why_without_the_password() {
    // No server listens on port 1: this needs none, so it always runs.
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.json");
    std::fs::write(&catalog, CATALOG).unwrap();
    let out = aka(
        dir.path(),
        &catalog,
        &[
            "query",
            "apt28",
            "--db",
            "postgres://ann:s3cret@127.0.0.1:1/aka",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("postgres://ann:***@127.0.0.1:1/aka"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    assert!(err.contains("refused"), "says why: {err}");
}

#[test]
fn an_index_of_an_older_schema_is_refused_for_reading_and_made_anew_for_writing() {
    let Some(db) = database() else { return };
    let mut pg = PostgresStore::open(&db.url).unwrap();
    pg.write(&sample()).unwrap();
    drop(pg);
    // As schema version 1 left an index: no mentions in `actor_articles`.
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    c.batch_execute(
        "UPDATE meta SET value = '1' WHERE key = 'schema'; \
         ALTER TABLE actor_articles DROP COLUMN mentions;",
    )
    .unwrap();
    drop(c);
    let Err(e) = PostgresStore::open_existing(&db.url) else {
        panic!("an old index opened for reading")
    };
    let e = e.to_string();
    assert!(e.contains("run `aka index`") && !e.contains('\n'), "{e}");
    let mut pg = PostgresStore::open(&db.url).unwrap();
    assert_eq!(pg.counts().unwrap().articles, 0, "made anew, empty");
    pg.write(&sample()).unwrap();
    drop(pg);
    let mut pg = PostgresStore::open_existing(&db.url).unwrap();
    assert_eq!(
        actor_hits(&mut pg, &["apt28".into()], None, None)
            .unwrap()
            .len(),
        3
    );
}
