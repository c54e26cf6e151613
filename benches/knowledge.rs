//! `aka mentions` with the whole knowledge (bundled catalog and every pack)
//! on news-like text sprinkled with real names of the packs, risky ones
//! among them (issue 9): the finder against a bare Aho-Corasick scan of the
//! same names over the same text, measured in the same run.
//!
//! The text is `AKA_BENCH_MB` megabytes (8 by default, so that the default
//! run stays short on two cores); the figure is for 100:
//!
//!     AKA_BENCH_MB=100 cargo bench --bench knowledge
//!
//! `AKA_BENCH_TEXT=FILE` measures that file instead (to compare two
//! versions of aka on the same bytes).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use aka::cli::CatalogArgs;
use aka::model::Matcher;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

use common::Rng;

fn bench(c: &mut Criterion) {
    let mb: usize = std::env::var("AKA_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let catalog = CatalogArgs::default().load().unwrap();
    let names: Vec<String> = catalog
        .actors()
        .iter()
        .flat_map(|a| a.aliases.iter().map(|al| al.text.clone()))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // A text file given in AKA_BENCH_TEXT is measured instead, so that two
    // versions of aka can be compared on the very same bytes.
    let text = match std::env::var_os("AKA_BENCH_TEXT") {
        Some(path) => std::fs::read_to_string(path).unwrap(),
        None => common::news_text(&mut rng, &names, mb * 1024 * 1024, common::DENSE),
    };
    let matcher = Matcher::new(&catalog);
    let bare = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&names)
        .unwrap();
    eprintln!(
        "text {} bytes, {} names; finder {} mentions; bare scan {} matches",
        text.len(),
        names.len(),
        matcher.find_all(&text).len(),
        bare.find_iter(&text).count()
    );
    let mut scan = c.benchmark_group("knowledge");
    scan.sample_size(10)
        .measurement_time(Duration::from_secs(if mb > 20 { 60 } else { 15 }))
        .throughput(Throughput::Bytes(text.len() as u64));
    scan.bench_function("finder_all_packs", |b| {
        b.iter(|| matcher.find_all(black_box(&text)).len());
    });
    scan.bench_function("bare_aho_corasick", |b| {
        b.iter(|| bare.find_iter(black_box(&text)).count());
    });
    scan.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
