//! The archive index at scale (issue 15), whole processes on generated
//! news: `aka index` of N articles (0.5 to 8 KB, actor names planted,
//! attributed sentences, modification dates over three years), then a run
//! with nothing changed, then `aka query` in each form. Prints the wall
//! times (median of `AKA_BENCH_RUNS`, 3, for queries), the index's size
//! against the text's, and the peak resident memory of `aka index` (read
//! from GNU time, when /usr/bin/time is there).
//!
//!     cargo bench --bench archive                       # 100,000 articles
//!     AKA_BENCH_MILLION=1 cargo bench --bench archive   # 1,000,000
//!     AKA_BENCH_ARTICLES=20000 cargo bench --bench archive
//!     AKA_BENCH_MILLION=1 AKA_BENCH_QUERIES_ONLY=1 cargo bench --bench archive   # the queries of the last index
//!
//! The corpus is generated once (seeded) under the target folder and kept;
//! the index is built anew at each run.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;
#[path = "common/process.rs"]
mod process;

use aka::archive::sqlite::SqliteStore;
use aka::archive::store::{Store, actor_hits};
use common::Rng;

#[path = "common/size.rs"]
mod size;

/// The binary's allocator, so that a query timed in the store costs what
/// it costs in `aka query` (the library leaves the choice to its binary).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AKA: &str = env!("CARGO_BIN_EXE_aka");

/// People cited by name, beside the catalog's actors.
const PEOPLE: &[&str] = &[
    "Anna Berg",
    "John Doe",
    "Priya Raman",
    "Tomás Ruiz",
    "Mei Chen",
];

/// One article: a title line, then news prose of 0.5 to 8 KB (a
/// log-uniform size, about 2.7 KB on average) with a cited sentence or
/// two.
fn article(rng: &mut Rng, names: &[String], i: usize) -> String {
    let size = (512.0 * 2f64.powf(4.0 * (rng.below(10_000) as f64 / 10_000.0))) as usize;
    let mut text = format!(
        "Report {i}: {} and {}\n\n",
        rng.pick(common::NEWS_WORDS),
        names[rng.below(names.len())]
    );
    text.push_str(&common::news_text(
        rng,
        names,
        size.saturating_sub(text.len() + 120),
        common::REAL,
    ));
    let who = if rng.below(2) == 0 {
        rng.pick(PEOPLE).to_string()
    } else {
        names[rng.below(names.len())].clone()
    };
    text.push_str("\n\nThe campaign continues, ");
    text.push_str(&who);
    text.push_str(" said.\n");
    text
}

/// Writes the corpus (once): folders of a thousand files, dates spread
/// over three years. Returns the folder and the text's total size.
fn corpus(dir: &Path, n: usize, names: &[String]) -> (PathBuf, u64) {
    let root = dir.join("corpus");
    let done = dir.join("corpus.done");
    if let Ok(size) = std::fs::read_to_string(&done) {
        return (root, size.trim().parse().unwrap());
    }
    let _ = std::fs::remove_dir_all(&root);
    let mut rng = Rng(0x5EED_0015_A4C4_0001);
    let mut total = 0u64;
    let start = SystemTime::UNIX_EPOCH + Duration::from_hours(455_832); // 2022-01-01
    for i in 0..n {
        let folder = root.join(format!("{:04}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        let text = article(&mut rng, names, i);
        total += text.len() as u64;
        let path = folder.join(format!("{i:07}.txt"));
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f.set_modified(start + Duration::from_secs(rng.below(3 * 365 * 86_400) as u64))
            .unwrap();
    }
    std::fs::write(&done, total.to_string()).unwrap();
    (root, total)
}
/// Runs `aka ARGS` in `dir` `runs` times, output to /dev/null: the median
/// wall time.
fn time(runs: usize, what: &str, dir: &Path, args: &[&str]) -> Duration {
    process::time(runs, what, || {
        let mut cmd = Command::new(AKA);
        cmd.args(args).current_dir(dir);
        cmd
    })
}

/// Runs `aka index .` in `dir` under GNU time when there is one: wall
/// time, CPU seconds and peak resident memory in KB (if known), and the
/// summary line.
fn index(dir: &Path) -> (Duration, Option<f64>, Option<u64>, String) {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let report = dir.parent().unwrap().join("time.txt");
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%U %S %M").arg("-o").arg(&report).arg(AKA);
        c
    } else {
        Command::new(AKA)
    };
    let start = Instant::now();
    let out = cmd
        .args(["index", "."])
        .current_dir(dir)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let wall = start.elapsed();
    assert!(out.status.success(), "aka index failed");
    let line = std::fs::read_to_string(&report).unwrap_or_default();
    let fields: Vec<f64> = line
        .lines()
        .last()
        .unwrap_or("")
        .split(' ')
        .filter_map(|f| f.parse().ok())
        .collect();
    let (cpu, rss) = match fields[..] {
        [user, sys, kb] => (Some(user + sys), Some(kb as u64)),
        _ => (None, None),
    };
    let summary = String::from_utf8(out.stdout).unwrap().trim().to_string();
    (wall, cpu, rss, summary)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` only builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n = size::articles();
    let runs = size::runs(3);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("archive-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(AKA)
        .args(["catalog", "export", "--format", "names"])
        .output()
        .unwrap();
    assert!(out.status.success(), "aka catalog export failed");
    let names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();

    let started = Instant::now();
    let (root, text_bytes) = corpus(&dir, n, &names);
    eprintln!(
        "corpus: {n} articles, {:.1} MB ({:.1} s to make or find)",
        text_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    // AKA_BENCH_QUERIES_ONLY=1: time the queries of the index already
    // built (by a previous run), without building it again.
    let queries_only = std::env::var_os("AKA_BENCH_QUERIES_ONLY").is_some()
        && root.join(".aka/index.sqlite").exists();
    if !queries_only {
        build(&root, n, text_bytes);
    }
    queries(&root, runs);
}

/// Builds the index anew, then again with nothing changed, and says the
/// times, memory and size.
fn build(root: &Path, n: usize, text_bytes: u64) {
    let _ = std::fs::remove_dir_all(root.join(".aka"));
    let (wall, cpu, rss, summary) = index(root);
    eprintln!("{summary}");
    if let Some(cpu) = cpu {
        eprintln!("{:<52} {:>9.1} s", "  CPU time (user + system)", cpu);
    }
    eprintln!(
        "{:<52} {:>9.3} s",
        format!("aka index . ({n} articles, new)"),
        wall.as_secs_f64()
    );
    if let Some(kb) = rss {
        eprintln!(
            "{:<52} {:>9.1} MB",
            "  peak resident memory",
            kb as f64 / 1024.0
        );
    }
    let db = root.join(".aka/index.sqlite");
    let size: u64 = ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "{:<52} {:>9.1} MB ({:.2} of the text's {:.1} MB)",
        "  index size",
        size as f64 / 1e6,
        size as f64 / text_bytes as f64,
        text_bytes as f64 / 1e6
    );
    let (wall, _, _, summary) = index(root);
    eprintln!("{summary}");
    eprintln!(
        "{:<52} {:>9.3} s",
        "aka index . (nothing changed)",
        wall.as_secs_f64()
    );
}

/// The articles of the first `limit` mentions of `actor`.
fn limited(store: &mut SqliteStore, actor: &str, limit: usize) -> usize {
    let mut n = 0;
    store
        .actor(&[actor.into()], None, None, Some(limit), &mut |_| {
            n += 1;
            true
        })
        .unwrap();
    n
}

/// Runs `aka ARGS` in `dir` `runs` times: the median time until its first
/// row (the line after the TSV header) is read; the rest is not read.
fn first_row(runs: usize, what: &str, dir: &Path, args: &[&str]) -> Duration {
    use std::io::BufRead;
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut child = Command::new(AKA)
            .args(args)
            .args(["--format", "tsv"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        lines.next();
        lines.next();
        times.push(start.elapsed());
        drop(lines);
        let _ = child.kill();
        let _ = child.wait();
    }
    let t = process::median(times);
    eprintln!("{what:<52} {:>9.3} s", t.as_secs_f64());
    t
}

/// Times each query, as a whole process and in the store alone.
fn queries(root: &Path, runs: usize) {
    let db = root.join(".aka/index.sqlite");
    // Reopening: a query that finds nothing costs the opening alone (with
    // the catalog's loading, as every query has it).
    time(
        runs,
        "aka query --search zzzzzz (reopen, empty answer)",
        root,
        &["query", "--search", "zzzzzz"],
    );
    time(
        runs,
        "aka query sandworm (a less frequent actor)",
        root,
        &["query", "sandworm"],
    );
    time(
        runs,
        "aka query apt28 --since 2024-01-01",
        root,
        &["query", "apt28", "--since", "2024-01-01"],
    );
    time(
        runs,
        "aka query sandworm --limit 50",
        root,
        &["query", "sandworm", "--limit", "50"],
    );
    time(
        runs,
        "aka query russia (a frequent actor)",
        root,
        &["query", "russia"],
    );
    time(
        runs,
        "aka query russia --limit 50",
        root,
        &["query", "russia", "--limit", "50"],
    );
    first_row(
        runs,
        "aka query russia: its first row",
        root,
        &["query", "russia"],
    );
    first_row(
        runs,
        "aka query sandworm: its first row",
        root,
        &["query", "sandworm"],
    );
    time(
        runs,
        "aka query --source \"Anna Berg\"",
        root,
        &["query", "--source", "Anna Berg"],
    );
    time(
        runs,
        "aka query --with sandworm",
        root,
        &["query", "--with", "sandworm"],
    );
    time(
        runs,
        "aka query --search \"ransomware AND hospital\"",
        root,
        &["query", "--search", "ransomware AND hospital"],
    );
    // The store alone, in this process: what a query costs once the index
    // is open (median of five, after one to warm the cache).
    let mut store = SqliteStore::open_existing(&db).unwrap();
    let reopen = Instant::now();
    let _ = SqliteStore::open_existing(&db).unwrap();
    eprintln!(
        "{:<52} {:>9.3} ms",
        "store: open",
        reopen.elapsed().as_secs_f64() * 1e3
    );
    let mut in_store = |what: &str, f: &mut dyn FnMut(&mut SqliteStore) -> usize| {
        let rows = f(&mut store);
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            f(&mut store);
            times.push(t.elapsed());
        }
        eprintln!(
            "{:<52} {:>9.3} ms ({rows} rows)",
            format!("store: {what}"),
            process::median(times).as_secs_f64() * 1e3
        );
    };
    in_store("actor sandworm", &mut |s| {
        actor_hits(s, &["sandworm".into()], None, None)
            .unwrap()
            .len()
    });
    in_store("actor sandworm, first 50 mentions", &mut |s| {
        limited(s, "sandworm", 50)
    });
    in_store("actor apt28 since 2024-01-01", &mut |s| {
        actor_hits(s, &["apt28".into()], Some(1_704_067_200_000_000_000), None)
            .unwrap()
            .len()
    });
    in_store("actor russia", &mut |s| {
        actor_hits(s, &["russia".into()], None, None).unwrap().len()
    });
    in_store("actor russia, first 50 mentions", &mut |s| {
        limited(s, "russia", 50)
    });
    in_store("source \"Anna Berg\"", &mut |s| {
        s.source(None, "Anna Berg").unwrap().len()
    });
    in_store("with sandworm", &mut |s| {
        s.with("sandworm", 20).unwrap().len()
    });
    in_store("search ransomware AND hospital", &mut |s| {
        s.search("ransomware AND hospital", 50).unwrap().len()
    });
    let found = Command::new(AKA)
        .args(["query", "sandworm", "--format", "tsv"])
        .current_dir(root)
        .output()
        .unwrap();
    let articles: std::collections::HashSet<&str> = std::str::from_utf8(&found.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    eprintln!("(sandworm: {} articles)", articles.len());
}
