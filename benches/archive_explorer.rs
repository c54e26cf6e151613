//! The explorer opened from an archive index (issue 15, docs/archive.md,
//! Browsing), on the corpus and index that `cargo bench --bench archive`
//! leaves under the target folder (run it first, with the same size):
//!
//!     cargo bench --bench archive_explorer                      # 100,000 articles
//!     AKA_BENCH_MILLION=1 cargo bench --bench archive_explorer  # 1,000,000
//!     AKA_BENCH_MILLION=1 AKA_BENCH_CORPUS=DIR cargo bench --bench archive_explorer
//!
//! Prints, in this process (no terminal: the frame is drawn into a
//! buffer of 120×40):
//! - the first frame: opening the index, its first page, reading and
//!   matching the first article, one frame drawn (median of
//!   `AKA_BENCH_RUNS`, 5);
//! - one session as a reader has it: the whole list and the counts
//!   across the archive arrived, the re-index of the folder done (nothing
//!   changed: every file looked at), then 300 articles opened by `n`
//!   crossing into the next article that mentions an actor, a full-text
//!   search and its first article opened; with the times, and the peak
//!   resident memory of the process (`VmHWM`) at the end.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aka::action::Action;
use aka::app::App;
use aka::archive::Target;
use aka::cli::CatalogArgs;
use aka::explore::{self, ArchiveSession, Jobs};
use aka::model::Catalog;
use aka::theme::Theme;
use aka::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A size line of `/proc/self/status` (`VmHWM`, `VmRSS`), in MB.
#[path = "common/size.rs"]
mod size;

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM")
}

fn rss_mb() -> f64 {
    status_mb("VmRSS")
}

/// Starts a new peak of resident memory (Linux: `VmHWM` from now on).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn open(catalog: &Arc<Catalog>, dir: &str, target: &Target, reindex: bool) -> ArchiveSession {
    let mut session =
        explore::open_archive(Arc::clone(catalog), dir, target, Theme::colored(), reindex).unwrap();
    session.app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    session
}

/// Applies `action` and performs what it asks, then waits for the
/// answers.
fn act(app: &mut App, jobs: &mut Jobs, action: Action) {
    let effects = app.update(action);
    explore::perform_in(app, effects, jobs);
    let shelf = jobs.shelf.as_mut().unwrap();
    assert!(explore::wait_for(app, shelf, Duration::from_mins(10)));
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` only builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n = size::articles();
    let runs = size::runs(5);
    // AKA_BENCH_CORPUS=DIR: another indexed folder of n articles.
    let root = std::env::var_os("AKA_BENCH_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("archive-{n}"))
                .join("corpus")
        },
        PathBuf::from,
    );
    let db = root.join(".aka/index.sqlite");
    assert!(
        db.exists(),
        "{}: no index; run `cargo bench --bench archive` with the same size first",
        db.display()
    );
    let dir = root.display().to_string();
    let target = Target::File(db);
    let catalog = CatalogArgs {
        no_user_catalog: true,
        ..CatalogArgs::default()
    }
    .load()
    .map(Arc::new)
    .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let session = open(&catalog, &dir, &target, false);
        terminal.draw(|f| ui::render(&session.app, f)).unwrap();
        times.push(start.elapsed());
        drop(session);
        // The dropped session's reader stops after the page or count it
        // is on: not while the next run is timed.
        std::thread::sleep(Duration::from_secs(20));
    }
    times.sort();
    eprintln!(
        "{:<60} {:>9.1} ms",
        format!("first frame, {n} articles (median of {runs})"),
        times[runs / 2].as_secs_f64() * 1e3
    );

    // The list and counts alone, without re-indexing.
    reset_peak();
    {
        let ArchiveSession {
            mut app, mut shelf, ..
        } = open(&catalog, &dir, &target, false);
        assert!(explore::wait_for(
            &mut app,
            &mut shelf,
            Duration::from_mins(10)
        ));
        eprintln!(
            "{:<60} {:>9.1} MB (peak {:.1} MB)",
            "list and counts arrived, no re-index: resident",
            rss_mb(),
            peak_rss_mb()
        );
    }
    reset_peak();
    let start = Instant::now();
    let ArchiveSession {
        mut app, mut shelf, ..
    } = open(&catalog, &dir, &target, true);
    terminal.draw(|f| ui::render(&app, f)).unwrap();
    let mut listed = None;
    let mut counted = None;
    while shelf.is_busy() {
        if let Some(news) = shelf.next_news(Duration::from_mins(10)) {
            app.shelf_news(news);
        }
        let archive = app.corpus().archive.as_ref().unwrap();
        if listed.is_none() && archive.listed {
            listed = Some(start.elapsed());
        }
        if counted.is_none() && archive.counted {
            counted = Some(start.elapsed());
        }
    }
    assert!(explore::wait_for(
        &mut app,
        &mut shelf,
        Duration::from_mins(10)
    ));
    let settled = start.elapsed();
    assert_eq!(app.articles().len(), n);
    let mut jobs = Jobs::with_shelf(Some(shelf));
    let say = |what: &str, d: Option<Duration>| {
        eprintln!(
            "{what:<60} {:>9.3} s",
            d.map_or(f64::NAN, |d| d.as_secs_f64())
        );
    };
    say("  whole list arrived", listed);
    say("  counts across the archive arrived", counted);
    say("  re-index done (nothing changed)", Some(settled));
    eprintln!(
        "{:<60} {:>9.1} MB (peak {:.1} MB)",
        "  resident once settled",
        rss_mb(),
        peak_rss_mb()
    );

    // A frequent actor's articles, crossed into one after another.
    // An actor in a few percent of the articles (Sandworm, as in the
    // archive benchmark's queries), else the most mentioned.
    let actor = app
        .catalog()
        .index_of("sandworm")
        .filter(|&a| app.corpus().count(a) > 0)
        .unwrap_or(app.corpus().found[0]);
    let start = Instant::now();
    act(&mut app, &mut jobs, Action::SelectActor(actor));
    let asked = start.elapsed();
    let start = Instant::now();
    let mut opened = 0;
    let mut last = app.current_article();
    while opened < 300 {
        act(&mut app, &mut jobs, Action::NextMention);
        if app.current_article() != last {
            opened += 1;
            last = app.current_article();
            terminal.draw(|f| ui::render(&app, f)).unwrap();
        }
    }
    let crossed = start.elapsed();
    eprintln!(
        "{:<60} {:>9.3} s",
        format!(
            "  articles of {} asked ({} articles)",
            app.catalog().actor(actor).id,
            app.corpus().articles_of(actor).len()
        ),
        asked.as_secs_f64()
    );
    eprintln!(
        "{:<60} {:>9.1} ms",
        "  n into the next article (mean of 300, read and drawn)",
        crossed.as_secs_f64() * 1e3 / 300.0
    );
    let start = Instant::now();
    act(&mut app, &mut jobs, Action::StartCorpusSearch);
    for c in "ransomware banks".chars() {
        act(&mut app, &mut jobs, Action::Input(c));
    }
    act(&mut app, &mut jobs, Action::InputAccept);
    let found = app.results().map_or(0, |r| r.hits.len());
    act(&mut app, &mut jobs, Action::Activate);
    terminal.draw(|f| ui::render(&app, f)).unwrap();
    eprintln!(
        "{:<60} {:>9.3} s",
        format!("  F “ransomware banks” ({found} articles), first opened"),
        start.elapsed().as_secs_f64()
    );
    eprintln!(
        "{:<60} {:>9.1} MB",
        "  peak resident memory of the session",
        peak_rss_mb()
    );
}
