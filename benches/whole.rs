//! Whole processes on generated news (issue 13): `aka mentions --format
//! tsv` with the default knowledge against a bare Aho-Corasick DFA scan
//! (leftmost-longest, no word boundaries) over the same names, both on one
//! core; then aka on every core; then aka with one 100,000-character alias
//! added to the catalog; then the same text as one line. Each command runs `AKA_BENCH_RUNS` times (3) and
//! the median wall time is printed, with the ratios the issue sets.
//!
//!     cargo bench --bench whole                  # 100 MB
//!     AKA_BENCH_MB=500 cargo bench --bench whole
//!
//! The text is generated once (seeded) under the target folder and kept,
//! so that two versions of aka are measured on the same bytes. The bare
//! scan is this benchmark's own executable run again with
//! `AKA_BARE_SCAN=NAMES:TEXT`, so that it too is a whole process.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

mod common;
#[path = "common/process.rs"]
mod process;

use common::Rng;

const AKA: &str = env!("CARGO_BIN_EXE_aka");

/// The bare scan: every leftmost-longest match of the names (one a line)
/// in the text, counted; the count is printed.
fn bare_scan(names: &Path, text: &Path) {
    let names = std::fs::read_to_string(names).unwrap();
    let names: Vec<&str> = names.lines().filter(|l| !l.is_empty()).collect();
    let scanner = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(std::env::var_os("AKA_BARE_CASE").is_none())
        .build(&names)
        .unwrap();
    let text = std::fs::read(text).unwrap();
    println!("{}", scanner.find_iter(&text).count());
}

fn one_core(program: &str) -> Command {
    let mut cmd = Command::new("taskset");
    cmd.args(["-c", "0", program]);
    cmd
}

fn main() {
    if let Some(spec) = std::env::var_os("AKA_BARE_SCAN") {
        let spec = spec.into_string().unwrap();
        let (names, text) = spec.split_once(':').unwrap();
        bare_scan(Path::new(names), Path::new(text));
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then the benchmark is only built.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let mb: usize = std::env::var("AKA_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let runs: usize = std::env::var("AKA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("whole");
    std::fs::create_dir_all(&dir).unwrap();

    // The names, as `aka catalog export` writes them.
    let names = dir.join("names.txt");
    let out = Command::new(AKA)
        .args(["catalog", "export", "--format", "names"])
        .output()
        .unwrap();
    assert!(out.status.success(), "aka catalog export failed");
    std::fs::write(&names, &out.stdout).unwrap();
    let name_list: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();

    let text = dir.join(format!("news-{mb}mb.txt"));
    if !text.exists() {
        let mut rng = Rng(0x5EED_0013_A4A4_0001);
        let body = common::news_text(&mut rng, &name_list, mb * 1024 * 1024, common::REAL);
        std::fs::write(&text, body).unwrap();
    }
    // A catalog that adds one alias of 100,000 characters that never occurs.
    let long = dir.join("long-alias.json");
    let alias: String = "Quillcrest Directorate ".repeat(100_000 / 23 + 1)[..100_000].to_string();
    std::fs::write(
        &long,
        serde_json::json!({"actors": [{"id": "long", "name": "Long", "kind": "threat-group",
            "aliases": [{"text": alias.trim_end()}]}]})
        .to_string(),
    )
    .unwrap();
    eprintln!(
        "{} MB of news, {} names, {} run(s) each (median)",
        mb,
        name_list.len(),
        runs
    );
    let me = std::env::current_exe().unwrap();
    let spec = format!("{}:{}", names.display(), text.display());
    let t = text.to_str().unwrap().to_string();
    let bare = process::time(
        runs,
        "bare aho-corasick DFA (ASCII case-insensitive)",
        || {
            let mut c = one_core(me.to_str().unwrap());
            c.env("AKA_BARE_SCAN", &spec);
            c
        },
    );
    let bare_exact = process::time(runs, "bare aho-corasick DFA (case-sensitive)", || {
        let mut c = one_core(me.to_str().unwrap());
        c.env("AKA_BARE_SCAN", &spec).env("AKA_BARE_CASE", "1");
        c
    });
    let one = process::time(runs, "aka mentions --format tsv, one core", || {
        let mut c = one_core(AKA);
        c.args(["mentions", "--format", "tsv", &t]);
        c
    });
    let all = process::time(runs, "aka mentions --format tsv, every core", || {
        let mut c = Command::new(AKA);
        c.args(["mentions", "--format", "tsv", &t]);
        c
    });
    let with_long = process::time(runs, "aka, one core, + a 100,000-character alias", || {
        let mut c = one_core(AKA);
        c.args(["mentions", "--format", "tsv", "--catalog"])
            .args([long.to_str().unwrap(), &t]);
        c
    });
    // The same bytes as one line: nothing may cost by the line's length.
    let line = dir.join(format!("news-{mb}mb-one-line.txt"));
    if !line.exists() {
        let mut bytes = std::fs::read(&text).unwrap();
        for b in &mut bytes {
            if *b == b'\n' {
                *b = b' ';
            }
        }
        std::fs::write(&line, bytes).unwrap();
    }
    let l = line.to_str().unwrap().to_string();
    let one_line = process::time(runs, "aka, one core, the text as one line", || {
        let mut c = one_core(AKA);
        c.args(["mentions", "--format", "tsv", &l]);
        c
    });
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    eprintln!(
        "aka / bare scan (one core): {:.2}× (case-sensitive scan: {:.2}×; goal ≤ 1.5×)",
        ratio(one, bare),
        ratio(one, bare_exact)
    );
    eprintln!(
        "one core / every core: {:.2}× (goal ≥ 1.7× on two)",
        ratio(one, all)
    );
    eprintln!(
        "with the long alias / without: {:.2}× (goal ≤ 1.1×)",
        ratio(with_long, one)
    );
    eprintln!(
        "one line / lines: {:.2}× (the same work)",
        ratio(one_line, one)
    );
}
