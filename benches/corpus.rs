//! The explorer on a large corpus (issue 4).
//!
//! A folder of 10,000 generated articles of about 3 KB each is written once
//! to the temporary directory. Then:
//!
//! - `corpus/first_frame_10000`: from [`aka::explore::open`] (the
//!   explorer's loading entry point: catalog, path resolution, reading and
//!   searching the first article, building the app) to the first 120×40
//!   frame drawn into a `TestBackend`; the background loader is started
//!   and dropped, as the explorer would start it;
//! - `corpus/all_indexed_10000`: the same, then every article read,
//!   searched and taken into the app ([`aka::explore::drain`]).
//!
//! Peak memory (`VmHWM`) is printed at the end. Targets: first frame under
//! 200 ms, all indexed under 5 s on a 2-core machine. Run with
//! `cargo bench --bench corpus`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use aka::action::Action;
use aka::explore::{self, Session};
use aka::model::{Catalog, corpus};
use aka::theme::Theme;
use aka::ui;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SAMPLE: &str = include_str!("../seeds/election-2016.txt");
const ARTICLES: usize = 10_000;
const SIZE: usize = 3 * 1024;

/// The folder of generated articles, written on first use.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aka-bench-corpus-{ARTICLES}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let paragraphs: Vec<&str> = SAMPLE
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    for i in 0..ARTICLES {
        let (ext, heading) = if i % 2 == 0 {
            ("md", "# ")
        } else {
            ("txt", "")
        };
        let mut text = format!("{heading}Generated story {i}\n\n");
        let mut k = i;
        while text.len() < SIZE {
            text.push_str(paragraphs[k % paragraphs.len()]);
            text.push_str("\n\n");
            k += 7;
        }
        std::fs::write(dir.join(format!("{i:05}.{ext}")), text).unwrap();
    }
    std::fs::write(&done, "").unwrap();
    dir
}

/// Opens the folder and draws the first frame; returns the session.
fn first_frame(paths: &[String], terminal: &mut Terminal<TestBackend>) -> Session {
    let mut session = explore::open(
        Catalog::bundled(),
        paths,
        Theme::colored(),
        corpus::default_workers(),
    )
    .unwrap();
    session.app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    terminal.draw(|f| ui::render(&session.app, f)).unwrap();
    session
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn bench(c: &mut Criterion) {
    let paths = vec![folder().display().to_string()];
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    // One plain run of each, for the record.
    let start = Instant::now();
    let mut session = first_frame(&paths, &mut terminal);
    let first = start.elapsed();
    let mut loader = session.loader.take().unwrap();
    explore::drain(&mut session.app, &mut loader);
    let all = start.elapsed();
    assert!(session.app.articles().iter().all(|e| e.ready().is_some()));
    eprintln!(
        "one run over {ARTICLES} articles: first frame {first:.1?}, all indexed {all:.1?}, \
         peak RSS {}",
        peak_rss()
    );
    drop(session);

    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("first_frame_10000", |b| {
        b.iter(|| black_box(first_frame(&paths, &mut terminal)));
    });
    group.bench_function("all_indexed_10000", |b| {
        b.iter(|| {
            let mut session = first_frame(&paths, &mut terminal);
            let mut loader = session.loader.take().unwrap();
            explore::drain(&mut session.app, &mut loader);
            black_box(session)
        });
    });
    group.finish();
    eprintln!("peak RSS (VmHWM): {}", peak_rss());
}

criterion_group!(benches, bench);
criterion_main!(benches);
