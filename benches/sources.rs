//! Source attribution on large articles (issue 11): the time per MB must
//! stay flat as the article grows.
//!
//! Generates news-like prose (quotations that run over sentences and
//! paragraphs, named people with titles, appositives, pronouns, `according
//! to`, catalog actors) at 1 MB and 8 MB, and at 50 MB with
//! `AKA_BENCH_LARGE=1`; the mentions are found once, outside the
//! measurement. Measures `sources/attributions/<size>`: every attribution of
//! the article. Criterion reports the throughput; a plain run of each size
//! prints the time per MB. Run with `cargo bench --bench sources`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use aka::model::sources::attributions;
use aka::model::{Catalog, Matcher};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod common;

use common::{NEWS_WORDS, Rng};

const MB: usize = 1024 * 1024;

const PEOPLE: &[&str] = &[
    "Ann Lee",
    "Omar Haddad",
    "Maria Gonzalez",
    "Tom Reed",
    "Priya Nair",
    "Jonas Berg",
];
const TITLES: &[&str] = &[
    "Deputy Director",
    "Secretary",
    "chief executive",
    "spokesperson",
    "senior analyst",
];
const ORGS: &[&str] = &[
    "CISA",
    "the FBI",
    "Microsoft",
    "Mandiant",
    "Reuters",
    "the Acme Security Group",
    "the Ministry of Digital Affairs",
];

/// One paragraph of news-like prose.
fn paragraph(rng: &mut Rng, out: &mut String) {
    let person = rng.pick(PEOPLE);
    let surname = person.rsplit(' ').next().unwrap();
    let org = rng.pick(ORGS);
    let title = rng.pick(TITLES);
    match rng.below(6) {
        0 => write!(
            out,
            "“The attackers moved quickly and quietly through the network,” said {person}, the {title} of {org}. “They stole credentials. They came back twice.”"
        )
        .unwrap(),
        1 => write!(
            out,
            "{org}, which tracks the group as UNC{}, said the campaign began in March. According to {org}, the intrusions hit energy firms, while a {org} official said the damage was limited.",
            rng.below(9000)
        )
        .unwrap(),
        2 => write!(
            out,
            "{title} {person} said the agency had warned operators for months. {surname} told Reuters the warnings were ignored. He said more victims would surface."
        )
        .unwrap(),
        3 => write!(
            out,
            "“We are still counting the systems that were hit,” {surname} said. “The work will take weeks.\n\n“Nobody knows how much data left the network,” {surname} added."
        )
        .unwrap(),
        4 => write!(
            out,
            "As first reported by Bloomberg, officials said the payment was traced to a wallet abroad. {org}, in an advisory on Tuesday, said the group used stolen passwords. It said the flaw was patched."
        )
        .unwrap(),
        _ => out.push_str(
            "The outage hit three states and lasted two days. Security researchers said the malware reused code from 2016, and the company said it would publish its findings at https://example.com/2024/report-company-says.",
        ),
    }
    // Filler: a sentence of wire prose.
    out.push(' ');
    let words: Vec<&str> = (0..12 + rng.below(12))
        .map(|_| rng.pick(NEWS_WORDS))
        .collect();
    let filler = words.join(" ");
    let mut chars = filler.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    out.push_str(".\n\n");
}

fn article(size: usize) -> String {
    let mut rng = Rng(0x5eed_50c5);
    let mut text = String::with_capacity(size + 1024);
    text.push_str("Hackers Hit the Grid, Officials Say\n\nBy Ann Lee\n\n");
    while text.len() < size {
        paragraph(&mut rng, &mut text);
    }
    text
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::bundled();
    let matcher = Matcher::new(&catalog);
    let mut sizes = vec![MB, 8 * MB];
    if std::env::var_os("AKA_BENCH_LARGE").is_some_and(|v| v == "1") {
        sizes.push(50 * MB);
    }
    let mut group = c.benchmark_group("sources");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for size in sizes {
        let text = article(size);
        let mentions = matcher.find_all(&text);
        // One plain run, for the record: the time per MB.
        let start = Instant::now();
        let found = attributions(&text, &mentions);
        let took = start.elapsed();
        eprintln!(
            "sources: {} MB, {} attributions, {:.1?} ({:.1?} per MB)",
            size / MB,
            found.len(),
            took,
            took / (size / MB) as u32
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("attributions", format!("{}MB", size / MB)),
            &text,
            |b, text| b.iter(|| black_box(attributions(text, &mentions).len())),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
