//! The explorer opened from an archive index (docs/archive.md, Browsing):
//! its list and counts equal those of reading every file, the list
//! arrives in pages in path order, `n` crosses into articles never read
//! and only the last articles read stay in memory, `F` asks the index's
//! full-text table, files changed since indexing are indexed again in the
//! background, and an index that cannot be read leaves the folder to be
//! read as without one.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[path = "common/postgres.rs"]
mod postgres_server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use aka::action::Action;
use aka::app::corpus::{ARCHIVE_KEPT, EntryState};
use aka::app::{App, Effect};
use aka::archive::Target;
use aka::archive::index::{self, Options};
use aka::archive::shelf::{FIRST_PAGE, Shelf};
use aka::archive::sqlite::SqliteStore;
use aka::archive::store::Store;
use aka::explore::{self, ArchiveSession, Jobs};
use aka::model::Catalog;
use aka::theme::Theme;
use pretty_assertions::assert_eq;

/// Long enough for anything the shelf does on a small index, even in a
/// debug build on a loaded machine.
const PATIENCE: Duration = Duration::from_mins(1);

/// What the articles say, by the number of the article: APT28 in every
/// third, the FBI in every fifth, Russia in every other, and words for
/// the full-text search.
fn text(i: usize) -> String {
    let mut t = format!("Report {i}: notes\n\n");
    if i.is_multiple_of(3) {
        t.push_str("Analysts said APT28 was behind it; Fancy Bear denied it. ");
    }
    if i.is_multiple_of(5) {
        t.push_str("The FBI opened an inquiry. ");
    }
    if i.is_multiple_of(2) {
        t.push_str("Officials in Russia declined to comment. ");
    }
    if i.is_multiple_of(7) {
        t.push_str("The word zanzibar appears here. ");
    }
    t.push_str("Nothing more.\n");
    t
}

struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Folder {
    /// `n` articles in folders of 100.
    fn new(n: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        for i in 0..n {
            write(&root, &name(i), &text(i));
        }
        Folder { _dir: dir, root }
    }

    fn target(&self) -> Target {
        Target::File(self.root.join(".aka/index.sqlite"))
    }

    fn index(&self) {
        let target = self.target();
        let Target::File(db) = &target else {
            unreachable!()
        };
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        self.index_into(&mut SqliteStore::open(db).unwrap());
    }

    fn index_into(&self, store: &mut dyn Store) {
        let root = std::fs::canonicalize(&self.root).unwrap();
        let stop = AtomicBool::new(false);
        let options = Options {
            root: root.clone(),
            paths: vec![root],
            workers: 2,
            progress: &|_, _| {},
            warn: &|w| panic!("{w}"),
            stop: &stop,
        };
        index::run(store, &Catalog::bundled(), &options).unwrap();
    }

    fn dir(&self) -> String {
        self.root.display().to_string()
    }

    /// The explorer as it opens this folder from its index, every page
    /// and count arrived (and, with `reindex`, the re-index done).
    fn archived(&self, reindex: bool) -> (App, Shelf) {
        self.archived_from(&self.target(), reindex)
    }

    /// The explorer as it opens this folder from the index at `target`.
    fn archived_from(&self, target: &Target, reindex: bool) -> (App, Shelf) {
        let ArchiveSession {
            mut app, mut shelf, ..
        } = explore::open_archive(
            Arc::new(Catalog::bundled()),
            &self.dir(),
            target,
            Theme::colored(),
            reindex,
        )
        .unwrap();
        app.update(Action::Resize {
            width: 120,
            height: 40,
        });
        settle(&mut app, &mut shelf);
        (app, shelf)
    }

    /// The explorer as it opens this folder by reading every file.
    fn read(&self) -> App {
        let explore::Session {
            mut app, loader, ..
        } = explore::open(Catalog::bundled(), &[self.dir()], Theme::colored(), 2).unwrap();
        if let Some(mut loader) = loader {
            explore::drain(&mut app, &mut loader);
        }
        app
    }
}

fn name(i: usize) -> String {
    format!("{:02}/{i:05}.txt", i / 100)
}

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Waits until the shelf has nothing more to say on its own, taking
/// everything in.
fn settle(app: &mut App, shelf: &mut Shelf) {
    assert!(
        explore::wait_for(app, shelf, PATIENCE),
        "still busy after {PATIENCE:?}"
    );
}

/// Applies `action`, performs what it asks through the shelf, and waits
/// for the answers.
fn act(app: &mut App, shelf: Shelf, action: Action) -> Shelf {
    let effects = app.update(action);
    let mut jobs = Jobs::with_shelf(Some(shelf));
    explore::perform_in(app, effects, &mut jobs);
    let mut shelf = jobs.shelf.take().unwrap();
    settle(app, &mut shelf);
    shelf
}

fn names(app: &App) -> Vec<String> {
    app.articles().iter().map(|e| e.name.clone()).collect()
}

fn ready(app: &App) -> usize {
    app.articles()
        .iter()
        .filter(|e| matches!(e.state, EntryState::Ready(_)))
        .count()
}

fn actor(app: &App, id: &str) -> aka::model::ActorIdx {
    app.catalog().index_of(id).unwrap()
}

#[test]
fn counts_and_list_from_the_index_equal_those_of_reading_every_file() {
    let folder = Folder::new(60);
    folder.index();
    let (archived, _shelf) = folder.archived(false);
    let read = folder.read();
    assert_eq!(names(&archived), names(&read));
    assert!(archived.is_archive() && !read.is_archive());
    assert_eq!(ready(&archived), 1, "only the article shown is read");
    assert_eq!(archived.current_article(), Some(0));
    assert_eq!(archived.archive_status(), None, "listed and counted");
    let base = Catalog::bundled();
    let mut some = 0;
    for (a, actor) in base.actors().iter().enumerate() {
        let (x, y) = (archived.corpus(), read.corpus());
        assert_eq!(x.count(a), y.count(a), "{} mentions", actor.id);
        assert_eq!(
            x.article_count(a),
            y.articles_of(a).len(),
            "{} articles",
            actor.id
        );
        some += usize::from(x.count(a) > 0);
    }
    assert!(some >= 3, "APT28, the FBI and Russia at least: {some}");
    // Titles and mention counts in the list are the index's.
    for (e, r) in archived.articles().iter().zip(read.articles()).skip(1) {
        let EntryState::Stored { title, mentions } = &e.state else {
            panic!("{} is not stored", e.name)
        };
        let data = r.ready().unwrap();
        assert_eq!(&**title, data.title.as_str());
        assert_eq!(*mentions as usize, data.mentions.len());
    }
}

#[test]
fn the_list_arrives_a_page_at_a_time_in_path_order() {
    let n = FIRST_PAGE + 150;
    assert_eq!(n, 1_150, "as the status bar below writes it");
    let folder = Folder::new(n);
    folder.index();
    let ArchiveSession {
        mut app, mut shelf, ..
    } = explore::open_archive(
        Arc::new(Catalog::bundled()),
        &folder.dir(),
        &folder.target(),
        Theme::colored(),
        false,
    )
    .unwrap();
    assert_eq!(app.articles().len(), FIRST_PAGE, "the first frame's page");
    assert!(app.archive_status().unwrap().starts_with("listing"));
    // The index says how many it holds before the rest of the list.
    while app.corpus().archive.as_ref().unwrap().total.is_none() {
        let news = shelf.next_news(PATIENCE).unwrap();
        app.shelf_news(news);
    }
    if app.articles().len() < n {
        assert_eq!(app.corpus().total(), n);
        assert!(
            app.archive_status().unwrap().ends_with("/1,150 articles…"),
            "{:?}",
            app.archive_status()
        );
    }
    settle(&mut app, &mut shelf);
    assert_eq!(app.corpus().total(), n);
    assert_eq!(app.articles().len(), n);
    let expected: Vec<String> = (0..n)
        .map(|i| format!("{}/{}", folder.dir(), name(i)))
        .collect();
    assert_eq!(names(&app), expected);
}

#[test]
fn n_crosses_into_articles_never_read_and_old_ones_are_let_go() {
    let folder = Folder::new(400);
    folder.index();
    let (mut app, mut shelf) = folder.archived(false);
    let apt = actor(&app, "apt28");
    shelf = act(&mut app, shelf, Action::SelectActor(apt));
    assert_eq!(
        app.corpus().articles_of(apt).len(),
        134,
        "asked of the index when selected"
    );
    // Article 0 mentions APT28 twice (APT28, Fancy Bear); each further n
    // past its last mention crosses to the next article that has it.
    let mut seen = vec![app.current_article().unwrap()];
    for _ in 0..(2 * (ARCHIVE_KEPT + 20)) {
        shelf = act(&mut app, shelf, Action::NextMention);
        let here = app.current_article().unwrap();
        if seen.last() != Some(&here) {
            seen.push(here);
        }
    }
    let expected: Vec<usize> = (0..400)
        .filter(|i: &usize| i.is_multiple_of(3))
        .take(seen.len())
        .collect();
    assert_eq!(seen, expected);
    assert!(seen.len() > ARCHIVE_KEPT + 5, "{} articles", seen.len());
    assert!(
        ready(&app) <= ARCHIVE_KEPT + 1,
        "{} articles held",
        ready(&app)
    );
    // Backwards from the first wraps around to the last.
    let (mut app, shelf) = folder.archived(false);
    let shelf = act(&mut app, shelf, Action::SelectActor(apt));
    let _ = act(&mut app, shelf, Action::PrevMention);
    assert_eq!(app.current_article(), Some(399));
    assert!(
        app.message().unwrap().contains("wrapped around"),
        "{:?}",
        app.message()
    );
}

/// The articles of the result list of `F`, in order of number.
fn found(app: &App) -> Vec<usize> {
    let results = app.results().expect("a list of results");
    let mut found: Vec<usize> = results.hits.iter().map(|h| h.article).collect();
    found.sort_unstable();
    found
}

/// The articles below `n` that say "zanzibar" ([`text`]).
fn every_seventh(n: usize) -> Vec<usize> {
    (0..n).filter(|i| i.is_multiple_of(7)).collect()
}

#[test]
fn f_searches_the_whole_archive_and_opens_an_article_at_the_words() {
    let folder = Folder::new(100);
    folder.index();
    let (mut app, mut shelf) = folder.archived(false);
    shelf = act(&mut app, shelf, Action::StartCorpusSearch);
    for c in "zanzibar".chars() {
        shelf = act(&mut app, shelf, Action::Input(c));
    }
    shelf = act(&mut app, shelf, Action::InputAccept);
    assert_eq!(found(&app), every_seventh(100));
    let results = app.results().unwrap();
    assert!(results.hits.iter().all(|h| h.line == 0));
    // The third hit, never read: opened, the search active in it.
    let target = results.hits[2].article;
    shelf = act(&mut app, shelf, Action::Down);
    shelf = act(&mut app, shelf, Action::Down);
    let _ = act(&mut app, shelf, Action::Activate);
    assert_eq!(app.current_article(), Some(target));
    let search = app.article().search.as_ref().expect("search active");
    assert_eq!(search.query, "zanzibar");
    assert_eq!(search.matches.len(), 1);
    // A query the index cannot parse is said, not listed.
    let (mut app, mut shelf) = folder.archived(false);
    shelf = act(&mut app, shelf, Action::StartCorpusSearch);
    for c in "\"unclosed".chars() {
        shelf = act(&mut app, shelf, Action::Input(c));
    }
    let _ = act(&mut app, shelf, Action::InputAccept);
    assert!(app.results().is_none());
    assert!(app.message().is_some_and(|m| !m.is_empty()));
}

#[test]
fn files_changed_since_indexing_are_indexed_again_in_the_background() {
    let folder = Folder::new(30);
    folder.index();
    // One article added, one changed (now APT28 twice more), one deleted.
    write(
        &folder.root,
        "00/00001.txt",
        &format!("{}APT28, APT28.\n", text(1)),
    );
    write(&folder.root, "00/00099.txt", &text(99));
    std::fs::remove_file(folder.root.join(name(2))).unwrap();
    let (app, _shelf) = folder.archived(true);
    let read = folder.read();
    assert_eq!(names(&app), names(&read));
    assert!(
        app.message()
            .is_some_and(|m| m.contains("1 added") && m.contains("1 changed")),
        "{:?}",
        app.message()
    );
    let base = Catalog::bundled();
    for a in 0..base.len() {
        assert_eq!(app.corpus().count(a), read.corpus().count(a));
    }
    // Nothing changed: nothing said, nothing listed again.
    let (app, _shelf) = folder.archived(true);
    assert_eq!(app.message(), None);
    assert_eq!(names(&app), names(&read));
}

#[test]
fn a_folder_opens_from_its_index_only_when_it_has_a_readable_one() {
    let folder = Folder::new(5);
    assert_eq!(explore::index_for(&[folder.dir()]), None, "no index yet");
    folder.index();
    assert_eq!(explore::index_for(&[folder.dir()]), Some(folder.target()));
    assert_eq!(explore::index_for(&[folder.dir(), folder.dir()]), None);
    let file = format!("{}/{}", folder.dir(), name(1));
    assert_eq!(explore::index_for(&[file]), None, "a file is read");
    // An index that is not one is refused, naming it: the caller reads
    // the folder instead.
    std::fs::write(folder.root.join(".aka/index.sqlite"), "not a database").unwrap();
    let _ = std::fs::remove_file(folder.root.join(".aka/index.sqlite-wal"));
    let e = explore::open_archive(
        Arc::new(Catalog::bundled()),
        &folder.dir(),
        &folder.target(),
        Theme::colored(),
        false,
    )
    .unwrap_err();
    assert!(e.contains("index.sqlite"), "{e}");
}

#[test]
fn an_archive_article_whose_file_is_gone_says_so_when_opened() {
    let folder = Folder::new(10);
    folder.index();
    let (mut app, shelf) = folder.archived(false);
    std::fs::remove_file(folder.root.join(name(4))).unwrap();
    let _ = act(&mut app, shelf, Action::OpenArticle(4));
    assert_eq!(app.current_article(), Some(0), "the article shown stays");
    assert!(matches!(app.articles()[4].state, EntryState::Failed(_)));
    let effects = app.update(Action::OpenArticle(4));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Read { .. })));
}

#[test]
fn another_catalog_matches_again_what_it_touches_and_lists_anew() {
    let folder = Folder::new(40);
    folder.index();
    // A catalog where "Nothing more." names an actor: every article.
    let mut sources = vec![aka::model::CatalogSource::bundled()];
    sources.push(aka::model::CatalogSource {
        name: "extra.json".into(),
        json: r#"{"actors":[{"id":"nothing","name":"Nothing More","kind":"organization","aliases":[]}]}"#
            .into(),
    });
    let catalog = Catalog::load(&sources).unwrap();
    let ArchiveSession {
        mut app, mut shelf, ..
    } = explore::open_archive(
        Arc::new(catalog),
        &folder.dir(),
        &folder.target(),
        Theme::colored(),
        true,
    )
    .unwrap();
    settle(&mut app, &mut shelf);
    let nothing = app.catalog().index_of("nothing").unwrap();
    assert_eq!(app.corpus().article_count(nothing), 40);
    assert!(
        app.message()
            .is_some_and(|m| m.contains("40 matched again")),
        "{:?}",
        app.message()
    );
    assert_eq!(app.articles().len(), 40);
    assert!(
        matches!(app.articles()[5].state, EntryState::Stored { mentions, .. } if mentions >= 1)
    );
}

#[test]
fn what_a_re_index_wrote_is_patched_into_the_list_even_while_it_arrives() {
    let n = FIRST_PAGE + 40;
    let folder = Folder::new(n);
    folder.index();
    write(&folder.root, "00/00000a.txt", "APT28 again.\n");
    std::fs::remove_file(folder.root.join(name(FIRST_PAGE + 10))).unwrap();
    write(&folder.root, &name(FIRST_PAGE + 20), "Now the FBI.\n");
    let (app, _shelf) = folder.archived(true);
    let read = folder.read();
    assert_eq!(names(&app), names(&read));
    assert_eq!(app.current_article(), Some(0), "still the first");
    for a in 0..Catalog::bundled().len() {
        assert_eq!(app.corpus().count(a), read.corpus().count(a));
    }
    let i = names(&app)
        .iter()
        .position(|n| n.ends_with(&name(FIRST_PAGE + 20)))
        .unwrap();
    let EntryState::Stored { title, .. } = &app.articles()[i].state else {
        panic!("not stored")
    };
    assert_eq!(&**title, "Now the FBI.");
}

#[test]
fn the_explorer_opens_from_a_shared_postgresql_index_as_from_sqlite() {
    let Some(db) = postgres_server::database() else {
        return;
    };
    let folder = Folder::new(150);
    folder.index();
    let server = Target::Server(db.url.clone());
    folder.index_into(&mut *server.open().unwrap());
    let (lite, _lite_shelf) = folder.archived(false);
    let (mut app, mut shelf) = folder.archived_from(&server, false);
    assert!(app.is_archive());
    assert_eq!(names(&app), names(&lite));
    assert_eq!(app.archive_status(), None, "listed and counted");
    assert_eq!(ready(&app), 1, "only the article shown is read");
    for (a, actor) in Catalog::bundled().actors().iter().enumerate() {
        let (x, y) = (app.corpus(), lite.corpus());
        assert_eq!(x.count(a), y.count(a), "{} mentions", actor.id);
        assert_eq!(
            x.article_count(a),
            y.article_count(a),
            "{} articles",
            actor.id
        );
    }
    // `n` crosses the articles the server lists for an actor.
    let apt = actor(&app, "apt28");
    shelf = act(&mut app, shelf, Action::SelectActor(apt));
    assert_eq!(app.corpus().articles_of(apt).len(), 50);
    let mut seen = vec![app.current_article().unwrap()];
    for _ in 0..12 {
        shelf = act(&mut app, shelf, Action::NextMention);
        let here = app.current_article().unwrap();
        if seen.last() != Some(&here) {
            seen.push(here);
        }
    }
    assert_eq!(seen, vec![0, 3, 6, 9, 12, 15, 18]);
    // `F` asks the server's full-text search.
    shelf = act(&mut app, shelf, Action::StartCorpusSearch);
    for c in "zanzibar".chars() {
        shelf = act(&mut app, shelf, Action::Input(c));
    }
    let _ = act(&mut app, shelf, Action::InputAccept);
    assert_eq!(found(&app), every_seventh(150));
}
