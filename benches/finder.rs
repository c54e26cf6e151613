//! The mention finder against a bare Aho-Corasick scan (issue 2).
//!
//! Generates about 50 MB of news-like text and a catalog of 1,000 actors
//! with 5,000 aliases, then measures, in the same run:
//! - `build/matcher_5000_aliases`: building the finder's automaton;
//! - `scan/finder`: finding every mention (folding, boundaries, case rules);
//! - `scan/bare_aho_corasick`: a plain leftmost-longest scan of the same text
//!   for the same alias strings, case-sensitive, with no checks: the baseline.
//!
//! Run with `cargo bench --bench finder`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use aka::model::{Catalog, CatalogSource, Matcher};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

use common::Rng;

const SYLLABLES: &[&str] = &[
    "ka", "zor", "vel", "mi", "tra", "nox", "qua", "ren", "dul", "sha", "bro", "ix", "pel", "tor",
    "gan", "wy", "lum", "fer", "ost", "yan",
];
const NOUNS: &[&str] = &[
    "Bear", "Panda", "Kitten", "Spider", "Typhoon", "Blizzard", "Tempest", "Sleet", "Chollima",
    "Jackal", "Lynx", "Group", "Team", "Crew", "Unit", "Cell",
];

fn name(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..2 + rng.below(2) {
        s.push_str(rng.pick(SYLLABLES));
    }
    let mut c = s.chars();
    let first = c.next().unwrap().to_ascii_uppercase();
    format!("{first}{}", c.as_str())
}

/// 1,000 actors of 5 aliases each, as a catalog JSON, and the alias list.
fn catalog(rng: &mut Rng) -> (String, Vec<String>) {
    let mut json = String::from("{\"actors\":[");
    let mut aliases = Vec::new();
    for i in 0..1000 {
        let mut mine = vec![format!("{} {}", name(rng), rng.pick(NOUNS))];
        mine.push(format!("APT{}", 1000 + i));
        mine.push(format!("{}-{}", name(rng).to_uppercase(), i));
        mine.push(format!("Operation {}", name(rng)));
        mine.push(format!("{} {} {}", name(rng), name(rng), rng.pick(NOUNS)));
        let list: Vec<String> = mine[1..].iter().map(|a| format!("\"{a}\"")).collect();
        if i > 0 {
            json.push(',');
        }
        write!(
            json,
            "{{\"id\":\"a{i}\",\"name\":\"{}\",\"kind\":\"threat-group\",\"aliases\":[{}]}}",
            mine[0],
            list.join(",")
        )
        .unwrap();
        aliases.extend(mine);
    }
    json.push_str("]}");
    (json, aliases)
}

/// About `size` bytes of sentences, with an alias every ~40 words.
fn text(rng: &mut Rng, aliases: &[String], size: usize) -> String {
    let mut s = String::with_capacity(size + 256);
    let mut words = 0;
    while s.len() < size {
        if rng.below(40) == 0 {
            s.push_str(&aliases[rng.below(aliases.len())]);
            if rng.below(4) == 0 {
                s.push_str("’s");
            }
        } else {
            s.push_str(rng.pick(common::NEWS_WORDS));
        }
        words += 1;
        s.push(if words % 90 == 0 { '\n' } else { ' ' });
        if words % 450 == 0 {
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (json, aliases) = catalog(&mut rng);
    let catalog = Catalog::load(&[CatalogSource {
        name: "bench.json".into(),
        json,
    }])
    .unwrap();
    assert_eq!(catalog.alias_count(), 5000);
    let text = text(&mut rng, &aliases, 50 * 1024 * 1024);

    let mut build = c.benchmark_group("build");
    build.sample_size(20);
    build.bench_function("matcher_5000_aliases", |b| {
        b.iter(|| Matcher::new(black_box(&catalog)));
    });
    build.finish();

    let matcher = Matcher::new(&catalog);
    let bare = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&aliases)
        .unwrap();
    let found = matcher.find_iter(&text).count();
    let bare_found = bare.find_iter(&text).count();
    eprintln!(
        "text {} bytes; finder {found} mentions; bare scan {bare_found} matches",
        text.len()
    );

    let mut scan = c.benchmark_group("scan");
    scan.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(text.len() as u64));
    scan.bench_function("finder", |b| {
        b.iter(|| matcher.find_iter(black_box(&text)).count());
    });
    scan.bench_function("bare_aho_corasick", |b| {
        b.iter(|| bare.find_iter(black_box(&text)).count());
    });
    scan.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
