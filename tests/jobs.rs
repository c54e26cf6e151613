//! Work that may take longer than a frame runs in the background: the
//! state's side of it, with no terminal and no thread (the tests run the
//! job where they please). `S` and `p` on a large article, Esc, the
//! progress line, results that come late, and the Sources view of all
//! articles.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use aka::action::Action;
use aka::app::job::{Job, JobOutput, JobRequest};
use aka::app::sources::{SourceIndex, SourcesLevel};
use aka::app::{App, EAGER_SOURCES, Effect};
use aka::explore::{self, Jobs, SAMPLE};
use aka::formats::Format;
use aka::keymap::Context;
use aka::model::lesson::Lesson;
use aka::model::{Catalog, Document, Matcher, Progress};
use aka::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The sample article, repeated past [`EAGER_SOURCES`].
fn large_text() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() <= EAGER_SOURCES {
        let _ = write!(text, "Part {i}.\n\n{SAMPLE}\n\n");
        i += 1;
    }
    text
}

fn open(docs: Vec<Document>) -> App {
    let mut app = App::new(Catalog::bundled(), docs, Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn large() -> App {
    open(vec![Document::from_text("big.txt", large_text())])
}

fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    app.handle_event(&Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }))
    .unwrap_or_default()
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    press_mod(app, code, KeyModifiers::NONE)
}

fn key(app: &mut App, c: char) -> Vec<Effect> {
    press(app, KeyCode::Char(c))
}

/// The one job an action asked for.
fn job_of(effects: Vec<Effect>) -> JobRequest {
    let mut jobs: Vec<JobRequest> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::StartJob(request) => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(jobs.len(), 1, "one job started");
    jobs.pop().unwrap()
}

/// The screen's last line.
fn status_line(app: &App) -> String {
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.width)
        .map(|x| buf[(x, area.height - 1)].symbol().to_string())
        .collect()
}

/// The whole screen as text.
fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn s_on_a_large_article_starts_a_job_and_the_status_bar_shows_its_progress() {
    let mut app = large();
    let request = job_of(key(&mut app, 'S'));
    assert_eq!(request.job, Job::Sources { article: 0 });
    assert!(app.sources_view().is_none(), "the view waits for the job");
    let pending = app.job().unwrap();
    assert_eq!(pending.id, request.id);
    assert_eq!(app.contexts(), [Context::Busy, Context::Always]);
    let line = status_line(&app);
    assert!(line.contains("Finding sources… 0% — Esc cancels"), "{line}");
    assert!(line.contains("Esc cancel"), "the hints say how: {line}");
    // The job reports; the next frame shows it.
    request.progress.set_total(1000);
    request.progress.advance_to(370);
    let line = status_line(&app);
    assert!(line.contains("Finding sources… 37%"), "{line}");
}

#[test]
fn esc_cancels_the_job_at_once_and_its_late_result_is_ignored() {
    let mut app = large();
    let request = job_of(key(&mut app, 'S'));
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(
        request.progress.is_cancelled(),
        "the thread is told to stop"
    );
    assert!(app.job().is_none());
    assert!(app.sources_view().is_none());
    assert_eq!(app.message(), Some("Finding sources: cancelled"));
    assert!(!status_line(&app).contains("Esc cancels"));
    // A cancelled job gives up.
    assert!(request.run().is_none());
    // A result that comes anyway (finished just before Esc) is ignored.
    let text = app.article().text().to_string();
    let mentions = Matcher::new(app.catalog()).find_all(&text[..2000]);
    let sources = SourceIndex::build(&text[..2000], &mentions);
    let effects = app.job_done(
        request.id,
        JobOutput::Sources {
            article: 0,
            sources,
        },
    );
    assert!(effects.is_empty());
    assert!(app.sources_view().is_none());
    assert!(app.sources().is_none(), "nothing filed from a stale job");
}

#[test]
fn the_finished_job_opens_the_sources_view() {
    let mut app = large();
    let effects = key(&mut app, 'S');
    assert!(!explore::perform(&mut app, effects));
    assert!(app.job().is_none());
    let view = app.sources_view().expect("the view is open");
    assert_eq!(view.level, SourcesLevel::Article);
    let sources = app.sources().unwrap();
    assert!(!sources.list.is_empty());
    assert!(screen(&app).contains("Sources"));
    // Found once: S again opens at once.
    key(&mut app, 'S');
    assert!(app.sources_view().is_none());
    assert!(key(&mut app, 'S').is_empty());
    assert!(app.sources_view().is_some());
}

#[test]
fn while_a_job_runs_the_article_moves_other_keys_wait_and_quitting_works() {
    let mut app = large();
    key(&mut app, 'S');
    let before = app.article().cursor_byte;
    key(&mut app, 'j');
    key(&mut app, 'j');
    assert_ne!(app.article().cursor_byte, before, "j moves the article");
    for c in ['o', '?', 'p', 'E', '/', 'F'] {
        assert!(key(&mut app, c).is_empty(), "{c} waits");
    }
    assert!(app.job().is_some());
    assert_eq!(app.overlay(), &aka::app::overlay::Overlay::None);
    assert!(app.prompt().is_none());
    assert_eq!(key(&mut app, 'q'), [Effect::Quit]);
    assert_eq!(
        press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        [Effect::Quit]
    );
}

#[test]
fn ctrl_c_quits_from_every_overlay_and_prompt() {
    let mut app = open(vec![
        Document::from_text("a.txt", SAMPLE),
        Document::from_text("b.txt", "APT28 again."),
    ]);
    let ctrl_c = |app: &mut App| press_mod(app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    for opener in ["?", "o", "S", "p", "E", "/", "F"] {
        for c in opener.chars() {
            key(&mut app, c);
        }
        assert_eq!(ctrl_c(&mut app), [Effect::Quit], "after {opener}");
        // Back to the panes for the next one.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn ctrl_z_suspends_from_every_overlay_and_prompt_and_changes_nothing() {
    let mut app = open(vec![
        Document::from_text("a.txt", SAMPLE),
        Document::from_text("b.txt", "APT28 again."),
    ]);
    let ctrl_z = |app: &mut App| press_mod(app, KeyCode::Char('z'), KeyModifiers::CONTROL);
    for opener in ["", "?", "o", "S", "p", "E", "/", "F"] {
        for c in opener.chars() {
            key(&mut app, c);
        }
        let overlay = app.overlay().clone();
        let prompt = app.prompt().cloned();
        assert_eq!(ctrl_z(&mut app), [Effect::Suspend], "after {opener:?}");
        assert_eq!(app.overlay(), &overlay, "after {opener:?}");
        assert_eq!(app.prompt().cloned(), prompt, "after {opener:?}");
        // Back to the panes for the next one.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn p_on_a_large_article_prepares_the_lesson_in_the_background() {
    let mut app = large();
    let effects = key(&mut app, 'p');
    assert!(app.presentation().is_none());
    let line = status_line(&app);
    assert!(line.contains("Preparing the lesson…"), "{line}");
    let request = job_of(effects.clone());
    assert_eq!(request.job, Job::Lesson { article: 0 });
    explore::perform(&mut app, effects);
    let p = app.presentation().expect("teaching mode is on");
    assert_eq!(p.lesson.len(), app.article().index.mentions.len());
    // Esc leaves teaching mode; p resumes without a job.
    press(&mut app, KeyCode::Esc);
    assert!(key(&mut app, 'p').is_empty());
    assert!(app.presentation().is_some());
}

#[test]
fn a_lesson_stops_when_cancelled_and_reports_progress() {
    let catalog = Catalog::bundled();
    let mentions = Matcher::new(&catalog).find_all(SAMPLE);
    let progress = Progress::new(0);
    let lesson = Lesson::reading_order_with(SAMPLE, &mentions, &catalog, &progress).unwrap();
    assert_eq!(lesson, Lesson::reading_order(SAMPLE, &mentions, &catalog));
    assert_eq!(progress.counts(), (mentions.len(), mentions.len()));
    progress.cancel();
    assert!(Lesson::reading_order_with(SAMPLE, &mentions, &catalog, &progress).is_none());
}

#[test]
fn jobs_run_on_their_own_thread_and_come_back_to_the_app() {
    let mut app = large();
    let request = job_of(key(&mut app, 'S'));
    let mut jobs = Jobs::default();
    jobs.spawn(request);
    let deadline = Instant::now() + Duration::from_mins(1);
    while app.job().is_some() {
        assert!(Instant::now() < deadline, "the job never finished");
        std::thread::sleep(Duration::from_millis(10));
        jobs.collect(&mut app);
    }
    assert!(app.sources_view().is_some());
    assert!(jobs.is_empty());
}

/// Three articles citing sources, one citing none.
fn corpus() -> App {
    open(vec![
        Document::from_text(
            "a.txt",
            "First story\nAccording to the Washington Post, APT28 is Russian.\nThe Guardian reported that APT28 struck.\n",
        ),
        Document::from_text(
            "b.txt",
            "Second story\nThe Guardian reported that Fancy Bear struck again.\n",
        ),
        Document::from_text("c.txt", "Third story\nNothing but WikiLeaks here.\n"),
        Document::from_text(
            "d.txt",
            "Fourth story\nThe Guardian said APT28 was back. Officials said it was over.\n",
        ),
    ])
}

#[test]
fn tab_in_the_sources_view_lists_the_sources_of_all_articles() {
    let mut app = corpus();
    assert!(key(&mut app, 'S').is_empty(), "a small article: at once");
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Article);
    let effects = press(&mut app, KeyCode::Tab);
    assert_eq!(job_of(effects.clone()).job, Job::CorpusSources);
    let line = status_line(&app);
    assert!(
        line.contains("Finding sources in all articles… 0/4 articles"),
        "{line}"
    );
    explore::perform(&mut app, effects);
    assert!(app.job().is_none());
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Corpus);
    let all = app.corpus_sources().unwrap();
    assert_eq!(all.searched, 4);
    // The Guardian first: three articles cite it.
    let guardian = app.catalog().index_of("the-guardian").unwrap();
    let first = &all.groups[0];
    assert_eq!(first.actor, Some(guardian));
    assert_eq!((first.articles, first.cites.len()), (3, 3));
    let post = app.catalog().index_of("washington-post").unwrap();
    assert!(
        all.groups
            .iter()
            .any(|g| g.actor == Some(post) && g.articles == 1)
    );
    assert!(
        all.groups
            .iter()
            .any(|g| g.actor.is_none() && g.words.eq_ignore_ascii_case("officials")),
        "{:?}",
        all.groups
    );
    let shown = screen(&app);
    assert!(shown.contains("all 4 articles"), "{shown}");
    assert!(shown.contains("3 articles · 3 sentences"), "{shown}");

    // Enter lists the Guardian's sentences, with their articles.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Cites(0));
    let shown = screen(&app);
    assert!(shown.contains("b.txt"), "{shown}");
    assert!(shown.contains("struck again"), "{shown}");
    // Esc goes back to all sources, on the same row; Enter again.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Corpus);
    press(&mut app, KeyCode::Enter);
    // The second sentence is in b.txt: Enter opens it there.
    key(&mut app, 'j');
    press(&mut app, KeyCode::Enter);
    assert!(app.sources_view().is_none());
    assert_eq!(app.current_article(), Some(1));
    let sentence = app.article().highlight.clone().unwrap();
    assert_eq!(app.article().cursor_byte, sentence.start);
    assert!(app.article().text()[sentence].contains("The Guardian reported that Fancy Bear"));
    assert_eq!(app.message(), Some("cited to The Guardian (reported)"));

    // Found once: S, Tab shows all at once; Tab again this article.
    key(&mut app, 'S');
    assert!(press(&mut app, KeyCode::Tab).is_empty());
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Corpus);
    key(&mut app, 'c');
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Article);
    assert!(screen(&app).contains("b.txt"));
}

#[test]
fn esc_cancels_finding_the_sources_of_all_articles() {
    let mut app = corpus();
    key(&mut app, 'S');
    let request = job_of(press(&mut app, KeyCode::Tab));
    press(&mut app, KeyCode::Esc);
    assert!(request.progress.is_cancelled());
    assert!(request.articles.as_ref().unwrap().is_cancelled());
    assert!(app.job().is_none());
    assert!(request.run().is_none());
    assert_eq!(
        app.sources_view().unwrap().level,
        SourcesLevel::Article,
        "back to this article's sources"
    );
    assert!(app.corpus_sources().is_none());
}

#[test]
fn with_one_article_all_articles_is_this_one() {
    let mut app = open(vec![Document::from_text("a.txt", SAMPLE)]);
    key(&mut app, 'S');
    assert!(press(&mut app, KeyCode::Tab).is_empty());
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Article);
    assert!(app.message().unwrap().contains("only one article"));
}

/// `E`, the first format, a path typed in full: what Enter asks.
fn export_to(app: &mut App, path: &str) -> Vec<Effect> {
    key(app, 'E');
    press(app, KeyCode::Enter);
    app.update(Action::InputClear);
    for c in path.chars() {
        app.update(Action::Input(c));
    }
    press(app, KeyCode::Enter)
}

#[test]
fn exporting_a_large_article_runs_in_the_background() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("big.jsonl").display().to_string();
    let mut app = large();
    let effects = export_to(&mut app, &path);
    let request = job_of(effects.clone());
    assert_eq!(request.job, Job::Export { article: 0 });
    let line = status_line(&app);
    assert!(line.contains("Exporting… — Esc cancels"), "{line}");
    explore::perform(&mut app, effects);
    assert!(app.job().is_none());
    assert!(app.export().is_none());
    assert!(
        app.message().unwrap().starts_with("exported"),
        "{:?}",
        app.message()
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written.lines().count(), app.article().index.mentions.len());
}

#[test]
fn a_cancelled_export_writes_nothing_and_leaves_the_path_to_edit() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("big.jsonl");
    let mut app = large();
    let request = job_of(export_to(&mut app, &path.display().to_string()));
    press(&mut app, KeyCode::Esc);
    assert!(app.job().is_none());
    assert!(matches!(
        app.export(),
        Some(aka::app::export::ExportDialog::Path { .. })
    ));
    assert!(explore::run_job(&request).is_none());
    assert!(!path.exists());
}

#[test]
fn esc_stops_an_export_while_it_writes_and_leaves_no_file() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let path = dir.join("big.html");
    // Eight large articles' worth, for the page to take a while to write.
    let mut text = String::new();
    let mut i = 0;
    while text.len() <= 8 * EAGER_SOURCES {
        let _ = write!(text, "Part {i}.\n\n{SAMPLE}\n\n");
        i += 1;
    }
    let mut app = open(vec![Document::from_text("big.txt", text)]);
    key(&mut app, 'E');
    let html = Format::EXPORT.iter().position(|&f| f == Format::Html);
    for _ in 0..html.unwrap() {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    app.update(Action::InputClear);
    for c in path.display().to_string().chars() {
        app.update(Action::Input(c));
    }
    let request = job_of(press(&mut app, KeyCode::Enter));
    let job = std::thread::spawn({
        let request = request.clone();
        move || explore::run_job(&request)
    });
    // Esc once the page is being written into its temporary file.
    let started = Instant::now();
    let writing = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .any(|e| e.unwrap().metadata().is_ok_and(|m| m.len() > 0))
    };
    while !writing() {
        assert!(started.elapsed() < Duration::from_mins(1), "never wrote");
        std::thread::yield_now();
    }
    press(&mut app, KeyCode::Esc);
    assert!(app.job().is_none());
    assert!(job.join().unwrap().is_none(), "the export stopped half-way");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn searching_all_articles_when_they_are_large_runs_in_the_background() {
    let mut app = large();
    key(&mut app, 'F');
    for c in "Fancy Bear".chars() {
        app.update(Action::Input(c));
    }
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(job_of(effects.clone()).job, Job::Search);
    let line = status_line(&app);
    assert!(line.contains("Searching all articles… 0%"), "{line}");
    explore::perform(&mut app, effects);
    let results = app.results().expect("the matches are listed");
    assert_eq!(results.query, "Fancy Bear");
    assert!(results.hits.len() > 100);
    // Esc while searching: no list, the article as it was.
    press(&mut app, KeyCode::Esc);
    key(&mut app, 'F');
    let request = job_of(press(&mut app, KeyCode::Enter));
    press(&mut app, KeyCode::Esc);
    assert!(request.progress.is_cancelled());
    assert!(app.results().is_none());
    assert!(app.job().is_none());
}

#[test]
fn searching_an_article_over_the_incremental_limit_runs_in_the_background() {
    let mut text = String::new();
    while text.len() <= aka::app::search::INCREMENTAL_LIMIT {
        text.push_str(SAMPLE);
        text.push_str("\n\n");
    }
    let mut app = open(vec![Document::from_text("huge.txt", text)]);
    key(&mut app, '/');
    for c in "sofacy".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.article().search.is_none(), "not searched as typed");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(job_of(effects.clone()).job, Job::Find { article: 0 });
    let line = status_line(&app);
    assert!(line.contains("Searching… 0% — Esc cancels"), "{line}");
    assert!(app.prompt().is_some(), "the prompt waits for the matches");
    explore::perform(&mut app, effects);
    assert!(app.job().is_none());
    assert!(app.prompt().is_none(), "accepted");
    let search = app.article().search.as_ref().unwrap();
    assert_eq!(search.query, "sofacy");
    assert!(search.matches.len() > 100);
    assert_eq!(search.current, Some(0));
    // Esc while searching: the prompt is back, as typed.
    key(&mut app, '/');
    app.update(Action::InputClear);
    for c in "fancy".chars() {
        app.update(Action::Input(c));
    }
    let request = job_of(press(&mut app, KeyCode::Enter));
    press(&mut app, KeyCode::Esc);
    assert!(request.progress.is_cancelled());
    assert_eq!(app.prompt().unwrap().text, "fancy");
    assert!(explore::run_job(&request).is_none());
}

#[test]
fn articles_arriving_later_keep_the_view_of_all_and_are_found_next_time() {
    let catalog = Catalog::bundled();
    let matcher = std::sync::Arc::new(Matcher::new(&catalog));
    let names = vec![
        "a.txt".to_string(),
        "b.txt".to_string(),
        "c.txt".to_string(),
    ];
    let mut app = App::pending(
        catalog,
        std::sync::Arc::clone(&matcher),
        names,
        Theme::colored(),
    );
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let arrive = |app: &mut App, index: usize, text: &str| {
        let doc = Document::from_text(format!("{index}.txt"), text);
        app.receive(aka::model::Loaded::Article {
            index,
            article: Box::new(aka::model::Article::analyse(doc, &matcher)),
            invalid_utf8: None,
        });
        app.settle();
    };
    arrive(&mut app, 0, "The Guardian reported that APT28 struck.\n");
    arrive(&mut app, 1, "The Guardian said Fancy Bear was back.\n");
    key(&mut app, 'S');
    let effects = press(&mut app, KeyCode::Tab);
    explore::perform(&mut app, effects);
    assert_eq!(app.corpus_sources().unwrap().searched, 2);
    arrive(&mut app, 2, "According to Reuters, APT28 again.\n");
    // The view shown stays, and still opens its sentences.
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Corpus);
    assert!(screen(&app).contains("all 2 articles"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Cites(0));
    // Back to this article, then all again: the third is looked at now.
    press(&mut app, KeyCode::Tab);
    let effects = press(&mut app, KeyCode::Tab);
    assert_eq!(job_of(effects.clone()).job, Job::CorpusSources);
    explore::perform(&mut app, effects);
    assert_eq!(app.corpus_sources().unwrap().searched, 3);
    assert!(press(&mut app, KeyCode::Tab).is_empty());
    assert!(press(&mut app, KeyCode::Tab).is_empty(), "not stale now");
    assert_eq!(app.sources_view().unwrap().level, SourcesLevel::Corpus);
}
