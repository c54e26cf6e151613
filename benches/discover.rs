//! Discovery (issue 12) on large reports: what `aka mentions --discover`
//! adds to finding the mentions, at 1 MB and 8 MB of report-like prose
//! (naming cues, vendor designations, catalog actors, ordinary capitalised
//! words), with the whole knowledge loaded. Measures `discover/<size>`
//! (discovery alone, the mentions found once outside the measurement) and
//! `find/<size>` (the finder on the same text, the baseline of the same
//! run). Run with `cargo bench --bench discover`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::fmt::Write;
use std::hint::black_box;

use aka::cli::CatalogArgs;
use aka::model::Matcher;
use aka::model::discover::{Discoverer, Schemes};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod common;

use common::{NEWS_WORDS, Rng};

const MB: usize = 1024 * 1024;

const NAMES: &[&str] = &[
    "Quillcrest",
    "Marrowgate",
    "Velvetorch",
    "Brindlefox",
    "Tarnwick",
];
const KNOWN: &[&str] = &["APT28", "Lazarus Group", "FIN7", "Sandworm", "TA505"];

/// Report-like prose of about `size` bytes.
fn report(size: usize) -> String {
    let mut rng = Rng(0x5eed_d15c);
    let mut out = String::with_capacity(size + 512);
    while out.len() < size {
        let name = rng.pick(NAMES);
        let known = rng.pick(KNOWN);
        let _ = match rng.below(5) {
            0 => write!(out, "Researchers tracked a group named “{name}” in March. "),
            1 => write!(
                out,
                "The activity overlaps with TA{} and {known}. ",
                4000 + rng.below(900)
            ),
            2 => write!(out, "{name} reused servers that {known} had used. "),
            3 => write!(
                out,
                "A backdoor dubbed Zentrix{} was found on the hosts. ",
                rng.below(9)
            ),
            _ => write!(out, "The Monday Report from Northern Europe said so. "),
        };
        for _ in 0..12 {
            out.push_str(rng.pick(NEWS_WORDS));
            out.push(' ');
        }
        out.push_str(".\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let catalog = CatalogArgs::default().load().unwrap();
    let matcher = Matcher::new(&catalog);
    let discoverer = Discoverer::new(&catalog, Schemes::bundled());
    let mut group = c.benchmark_group("discover");
    group.sample_size(10);
    for mb in [1, 8] {
        let text = report(mb * MB);
        let mentions = matcher.find_all(&text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("discover", format!("{mb}MB")),
            &text,
            |b, t| {
                b.iter(|| black_box(discoverer.discover(t, &mentions).mentions.len()));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("find", format!("{mb}MB")),
            &text,
            |b, t| {
                b.iter(|| black_box(matcher.find_all(t).len()));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
