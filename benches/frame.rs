//! The cost of a frame must not grow with the article (issue 3).
//!
//! - `frame/200x60/{2KB,10MB,100MB}`: one 200×60 frame drawn into a test
//!   backend after jumping to the middle of an article of that size (the
//!   article is opened once, outside the measurement);
//! - `startup/sample_first_frame`: loading the bundled catalog, building the
//!   finder, opening the sample article and drawing the first 120×40 frame.
//!
//! Run with `cargo bench --bench frame` (the 100 MB article takes a few
//! seconds to build and about 250 MB of memory).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::hint::black_box;

use aka::action::Action;
use aka::app::App;
use aka::model::{Catalog, Document};
use aka::theme::Theme;
use aka::ui;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SAMPLE: &str = include_str!("../seeds/election-2016.txt");

/// The sample's paragraphs repeated to about `size` bytes.
fn article(size: usize) -> String {
    let mut text = String::with_capacity(size + SAMPLE.len());
    while text.len() < size {
        text.push_str(SAMPLE);
        text.push_str("\n\n");
    }
    text
}

fn open(text: String) -> App {
    let mut app = App::new(
        Catalog::bundled(),
        vec![Document::from_text("bench.txt", text)],
        Theme::colored(),
    );
    app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    app
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(50);
    for (label, size) in [("2KB", 2 * 1024), ("10MB", 10 << 20), ("100MB", 100 << 20)] {
        let text = article(size);
        let middle = text.len() / 2;
        let mut app = open(text);
        app.update(Action::JumpTo(middle));
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        terminal.draw(|f| ui::render(&app, f)).unwrap();
        group.bench_with_input(BenchmarkId::new("200x60", label), &(), |b, ()| {
            b.iter(|| {
                terminal.draw(|f| ui::render(black_box(&app), f)).unwrap();
            });
        });
        // While the sources are sought in the background, the progress
        // line is drawn every tick: it must cost what any frame costs.
        if size <= aka::app::EAGER_SOURCES {
            continue;
        }
        app.update(Action::ToggleSources);
        assert!(app.job().is_some());
        group.bench_with_input(
            BenchmarkId::new("200x60 progress line", label),
            &(),
            |b, ()| {
                b.iter(|| {
                    terminal.draw(|f| ui::render(black_box(&app), f)).unwrap();
                });
            },
        );
    }
    group.finish();

    c.bench_function("startup/sample_first_frame", |b| {
        b.iter(|| {
            let mut app = App::new(
                Catalog::bundled(),
                vec![Document::from_text("sample", SAMPLE)],
                Theme::colored(),
            );
            app.update(Action::Resize {
                width: 120,
                height: 40,
            });
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|f| ui::render(&app, f)).unwrap();
            black_box(terminal.backend().buffer().area);
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
