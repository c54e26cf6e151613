//! A large article shown in part while the rest is read: the first part
//! reads and moves like any article, what needs the whole waits for it,
//! and the whole takes its place without moving the reader.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt::Write;
use std::sync::{Arc, Mutex};

use aka::action::Action;
use aka::app::{App, Whole};
use aka::explore::SAMPLE;
use aka::model::stream::{self, FIRST_PART, Opened, Reading, Rest};
use aka::model::{Article, Catalog, Document, Loaded, Matcher};
use aka::theme::Theme;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

fn press(app: &mut App, c: char) {
    app.handle_event(&Event::Key(KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }));
}

/// About `bytes` of news: the sample again and again, each time after a
/// line of its own.
fn big_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + SAMPLE.len() + 100);
    let mut i = 0;
    while text.len() < bytes {
        let _ = write!(
            text,
            "Report {i}: according to Reuters, APT28 was seen again.\n\n"
        );
        text.push_str(SAMPLE);
        text.push_str("\n\n");
        i += 1;
    }
    text
}

/// The first part of `text` as `open` reads it, and the rest.
fn split(text: &str) -> (Document, Rest) {
    let source = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
    match stream::open_from("big.txt".into(), source, Some(text.len())).unwrap() {
        Opened::Part(part, rest) => (part, rest),
        Opened::Whole(..) => panic!("a large text is read in two steps"),
    }
}

#[test]
fn the_whole_article_replaces_its_first_part_without_moving_the_reader() {
    let text = big_text(3 << 20);
    let (part, rest) = split(&text);
    assert!(part.text().len() <= FIRST_PART && text.starts_with(part.text()));
    let catalog = Catalog::bundled();
    let matcher = Arc::new(Matcher::new(&catalog));
    let mut app = App::pending(
        catalog,
        Arc::clone(&matcher),
        vec!["big.txt".into()],
        Theme::colored(),
    );
    let reading = Arc::new(Reading::new(0, "big.txt"));
    app.start_reading(Arc::clone(&reading));
    app.receive(Loaded::Article {
        index: 0,
        article: Box::new(Article::analyse(part, &matcher)),
        invalid_utf8: None,
    });
    app.settle();
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    assert!(app.reading().is_some());
    let apt = app.catalog().index_of("apt28").unwrap();
    let in_part = app.article().index.count(apt);
    assert!(in_part > 0);

    // Reading and moving work on what is there.
    for _ in 0..3 {
        app.update(Action::PageDown);
    }
    app.update(Action::SelectActor(apt));
    app.update(Action::NextMention);
    let place = app.article().place();
    assert!(place.top > 0, "scrolled");
    assert!(place.mention.is_some());
    assert_eq!(app.selected(), Some(apt));

    // What needs the whole article waits, and says so.
    press(&mut app, '/');
    assert!(app.prompt().is_none());
    assert!(
        app.message().unwrap().contains("still reading big.txt"),
        "{:?}",
        app.message()
    );
    press(&mut app, 'S');
    assert!(app.sources_view().is_none());
    assert!(app.message().unwrap().contains("try again in a moment"));

    // The whole arrives, prepared where it was read.
    let Some(Loaded::Article {
        index,
        article,
        invalid_utf8,
    }) = rest.finish(&reading, &Mutex::new(Arc::clone(&matcher)))
    else {
        panic!("the whole article");
    };
    let whole = Whole::prepare(index, *article, invalid_utf8, app.catalog());
    app.receive_whole(whole);
    app.settle();
    assert!(app.reading().is_none());
    assert_eq!(app.article().text().len(), text.len());
    assert!(app.article().index.count(apt) > in_part);
    assert_eq!(app.corpus().count(apt), app.article().index.count(apt));
    assert_eq!(app.article().place(), place, "the reader did not move");
    assert_eq!(app.selected(), Some(apt));
    assert!(app.message().unwrap().contains("big.txt read whole"));

    // Now the whole article can be searched.
    press(&mut app, '/');
    assert!(app.prompt().is_some());
}

#[test]
fn open_shows_the_first_part_of_a_large_file_and_drain_brings_the_whole() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("big.txt");
    let text = big_text(3 << 20);
    std::fs::write(&path, &text).unwrap();
    let paths = vec![path.display().to_string()];
    let aka::explore::Session {
        mut app,
        loader,
        rest,
    } = aka::explore::open(Catalog::bundled(), &paths, Theme::colored(), 2).unwrap();
    assert!(loader.is_none(), "one article");
    assert!(app.article().text().len() <= FIRST_PART);
    assert!(text.starts_with(app.article().text()));
    let reading = app.reading().unwrap();
    assert_eq!(reading.index, 0);
    rest.expect("the rest is read in the background")
        .wait(&mut app);
    assert!(app.reading().is_none());
    assert_eq!(app.article().text(), text);
    let reports = text.matches("Report ").count();
    let apt = app.catalog().index_of("apt28").unwrap();
    assert!(app.article().index.count(apt) >= reports);

    // Teaching mode reads it whole at once.
    let session =
        aka::explore::open_whole(Catalog::bundled(), &paths, Theme::colored(), 2).unwrap();
    assert!(session.app.reading().is_none());
    assert!(session.loader.is_none() && session.rest.is_none());
    assert_eq!(session.app.article().text().len(), text.len());
}

#[test]
fn a_reading_that_fails_leaves_the_first_part_shown_and_says_so() {
    let text = big_text(2 << 20);
    let (part, _rest) = split(&text);
    let shown = part.text().to_string();
    let catalog = Catalog::bundled();
    let matcher = Arc::new(Matcher::new(&catalog));
    let mut app = App::pending(
        catalog,
        Arc::clone(&matcher),
        vec!["big.txt".into()],
        Theme::colored(),
    );
    app.start_reading(Arc::new(Reading::new(0, "big.txt")));
    app.receive(Loaded::Article {
        index: 0,
        article: Box::new(Article::analyse(part, &matcher)),
        invalid_utf8: None,
    });
    app.settle();
    app.receive(Loaded::Failed {
        index: 0,
        error: aka::model::InputError {
            path: "big.txt".into(),
            reason: "input/output error".into(),
        },
    });
    app.settle();
    assert!(app.reading().is_none());
    assert_eq!(app.article().text(), shown);
    let said = format!(
        "big.txt: input/output error: only its first {} KB shown",
        shown.len() >> 10
    );
    assert_eq!(app.message(), Some(said.as_str()));
    press(&mut app, '/');
    assert!(app.prompt().is_some(), "what is there can be searched");
}
