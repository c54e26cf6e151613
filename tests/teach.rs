//! Issue 12 in the explorer, without a terminal: actors discovered in the
//! text are shown apart and navigable; `a`, `x`, `v`, `u` and Ctrl-r teach
//! the user catalog, which is saved through an effect and re-highlighted at
//! once.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use aka::action::Action;
use aka::app::sidebar::{Group, Row};
use aka::app::teach::{Rebuild, TeachDialog, Teacher};
use aka::app::{App, Effect};
use aka::explore::perform;
use aka::formats::user::UserCatalog;
use aka::model::{ActorIdx, Catalog, CatalogSource, Document, Kind};
use aka::theme::Theme;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

const TEXT: &str = "Intrusions at regional utilities\n\
\n\
Researchers say a group named “Quillcrest” broke into three water utilities\n\
in March. The campaign overlaps with activity tracked as TA9917, and some of\n\
the tooling was also seen with Salt Typhoon last year.\n\
\n\
Analysts compared the intrusions with APT28, which favours similar lures.\n\
Quillcrest used stolen VPN credentials; TA9917 used phishing.\n";

fn app_of(docs: Vec<Document>) -> App {
    let mut app = App::new(Catalog::bundled(), docs, Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn article() -> App {
    app_of(vec![Document::from_text("r.txt", TEXT)])
}

/// An app teaching into the user catalog at `path`.
fn teaching(path: &Path) -> App {
    let mut app = article();
    app.set_teacher(Teacher::new(
        Rebuild {
            sources: vec![CatalogSource::bundled()],
            before: 1,
            packs: Vec::new(),
        },
        UserCatalog::open(path).unwrap(),
    ));
    app
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

/// Presses the keys of `s`, performing what they ask as the event loop
/// would (saving the user catalog).
fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        let effects = press_mod(app, KeyCode::Char(c), KeyModifiers::NONE);
        perform(app, effects);
    }
}

fn key(app: &mut App, code: KeyCode) {
    let effects = press_mod(app, code, KeyModifiers::NONE);
    perform(app, effects);
}

/// Puts the cursor on the `n`th (0-based) occurrence of `words`.
fn goto(app: &mut App, words: &str, n: usize) {
    let at = app
        .article()
        .text()
        .match_indices(words)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap();
    app.update(Action::JumpTo(at));
}

fn current(app: &App) -> Option<&str> {
    let art = app.article();
    art.current
        .map(|i| &art.text()[art.index.mentions[i].range()])
}

fn actor(app: &App, id: &str) -> ActorIdx {
    app.catalog().index_of(id).unwrap()
}

fn selected_id(app: &App) -> Option<&str> {
    app.selected().map(|a| app.catalog().actor(a).id.as_str())
}

/// The actors under the "Not in the catalog" heading.
fn discovered_rows(app: &App) -> Vec<String> {
    let rows = &app.sidebar().rows;
    let Some(h) = rows.iter().position(|r| {
        matches!(
            r,
            Row::Kind {
                kind: Group::Discovered,
                ..
            }
        )
    }) else {
        return Vec::new();
    };
    rows[h + 1..]
        .iter()
        .map_while(|r| match r {
            Row::Actor(a) => Some(app.catalog().actor(*a).name.clone()),
            Row::Kind { .. } => None,
        })
        .collect()
}

fn count_of(app: &App, id: &str) -> usize {
    app.catalog()
        .index_of(id)
        .map_or(0, |a| app.article().index.count(a))
}

#[test]
fn discovered_actors_are_listed_apart_and_say_why() {
    let mut app = article();
    let found = discovered_rows(&app);
    assert!(found.contains(&"Quillcrest".to_string()), "{found:?}");
    assert!(found.contains(&"TA9917".to_string()), "{found:?}");
    let q = actor(&app, "discovered-quillcrest");
    assert!(app.catalog().is_discovered(q));
    assert!(!app.catalog().is_discovered(actor(&app, "apt28")));
    assert_eq!(app.article().index.count(q), 2);
    let why = app.catalog().actor(q).description.clone().unwrap();
    assert!(why.contains("introduced by ‘named’ on line 3"), "{why}");
    // A name that fits a vendor's naming scheme says what that tells.
    if let Some(salt) = app.catalog().index_of("discovered-salt-typhoon") {
        let a = app.catalog().actor(salt);
        assert_eq!(a.country.as_deref(), Some("CN"));
        let why = a.description.clone().unwrap();
        assert!(why.contains("Microsoft's naming"), "{why}");
    }
    // The detail panel shows why; n goes to its next mention.
    goto(&mut app, "Quillcrest", 0);
    assert_eq!(app.selected(), Some(q));
    let layout = app.detail_layout().unwrap();
    assert_eq!(layout.actor, q);
    let explanation = app.explanation().unwrap();
    assert!(explanation.contains("not the catalog"), "{explanation}");
    let line_before = app.article().cursor_byte;
    app.update(Action::NextMention);
    assert_eq!(current(&app), Some("Quillcrest"));
    assert!(app.article().cursor_byte > line_before);
    assert_eq!(app.current_ordinal(), Some(1));
}

#[test]
fn a_name_discovered_in_one_article_counts_in_the_others() {
    let app = app_of(vec![
        Document::from_text("a.txt", TEXT),
        Document::from_text("b.txt", "Later, Quillcrest struck again.\n"),
    ]);
    let q = actor(&app, "discovered-quillcrest");
    assert_eq!(app.corpus().count(q), 3);
    let articles: Vec<usize> = app
        .corpus()
        .articles_of(q)
        .iter()
        .map(|&(i, _)| i)
        .collect();
    assert_eq!(articles, vec![0, 1]);
}

#[test]
fn teaching_is_off_without_a_user_catalog_and_says_so() {
    let mut app = article();
    goto(&mut app, "APT28", 0);
    let effects = press_mod(&mut app, KeyCode::Char('x'), KeyModifiers::NONE);
    assert!(effects.is_empty());
    assert!(app.teach_dialog().is_none());
    assert!(app.message().unwrap().contains("teaching is off"));
    let off = Teacher::off("teaching is off: the user catalog did not load");
    app.set_teacher(off);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::NONE);
    assert!(app.message().unwrap().contains("did not load"));
}

#[test]
fn a_discovered_name_becomes_an_alias_of_the_actor_chosen_and_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let mut app = teaching(&path);
    // APT28 selected last: the picker proposes it first.
    goto(&mut app, "APT28", 0);
    goto(&mut app, "Quillcrest", 0);
    keys(&mut app, "a");
    let Some(TeachDialog::Pick(picker)) = app.teach_dialog() else {
        panic!("no picker");
    };
    assert_eq!(picker.alias, "Quillcrest");
    assert_eq!(picker.rows[0], actor(&app, "apt28"));
    // Filtering keeps matches only.
    keys(&mut app, "fancy b");
    let Some(TeachDialog::Pick(picker)) = app.teach_dialog() else {
        panic!("no picker");
    };
    assert!(picker.rows.contains(&actor(&app, "apt28")));
    assert!(picker.rows.len() < 5, "{}", picker.rows.len());
    // Enter asks the event loop to save; performed here.
    let effects = press_mod(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(
        effects.as_slice(),
        [Effect::SaveUserCatalog { .. }]
    ));
    perform(&mut app, effects);
    assert!(app.teach_dialog().is_none());
    // Re-highlighted at once: both occurrences are APT28's now.
    assert_eq!(count_of(&app, "apt28"), 3);
    assert!(app.catalog().index_of("discovered-quillcrest").is_none());
    assert!(!discovered_rows(&app).contains(&"Quillcrest".to_string()));
    assert_eq!(selected_id(&app), Some("apt28"));
    // Saved and journaled.
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("\"apt28\"") && saved.contains("Quillcrest"),
        "{saved}"
    );
    let catalog = Catalog::load(&[
        CatalogSource::bundled(),
        CatalogSource::read(&path).unwrap(),
    ])
    .unwrap();
    assert!(
        catalog
            .get("apt28")
            .unwrap()
            .aliases
            .iter()
            .any(|a| a.text == "Quillcrest")
    );
    assert!(aka::formats::user::journal_path(&path).exists());
}

#[test]
fn selected_words_become_an_alias_and_w_b_move_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let mut app = teaching(&path);
    goto(&mut app, "stolen VPN", 0);
    keys(&mut app, "v");
    assert_eq!(app.selection().map(|r| &TEXT[r]), Some("stolen"));
    keys(&mut app, "ww");
    assert_eq!(
        app.selection().map(|r| &TEXT[r]),
        Some("stolen VPN credentials")
    );
    keys(&mut app, "b");
    assert_eq!(app.selection().map(|r| &TEXT[r]), Some("stolen VPN"));
    // Esc stops selecting; v starts again.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.selection(), None);
    goto(&mut app, "VPN", 0);
    keys(&mut app, "v");
    keys(&mut app, "a");
    let Some(TeachDialog::Pick(picker)) = app.teach_dialog() else {
        panic!("no picker");
    };
    assert_eq!(picker.alias, "VPN");
    keys(&mut app, "apt28");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selection(), None);
    assert_eq!(count_of(&app, "apt28"), 2);
    goto(&mut app, "VPN", 0);
    assert_eq!(current(&app), Some("VPN"));
    assert_eq!(selected_id(&app), Some("apt28"));
}

#[test]
fn a_mention_is_suppressed_here_or_everywhere_and_undone_and_redone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let mut app = teaching(&path);
    let q = "discovered-quillcrest";
    assert_eq!(count_of(&app, q), 2);
    // Here only: this occurrence goes, the other stays.
    goto(&mut app, "Quillcrest", 0);
    keys(&mut app, "x");
    assert!(matches!(
        app.teach_dialog(),
        Some(TeachDialog::Suppress { alias, .. }) if alias == "Quillcrest"
    ));
    keys(&mut app, "h");
    assert!(app.teach_dialog().is_none());
    assert_eq!(count_of(&app, q), 1);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"article\": \"r.txt\""), "{saved}");
    assert!(saved.contains("\"context\""), "{saved}");
    // Everywhere: the other goes too.
    goto(&mut app, "Quillcrest", 1);
    assert_eq!(current(&app), Some("Quillcrest"));
    keys(&mut app, "xe");
    assert_eq!(count_of(&app, q), 0);
    // Esc cancels the question.
    goto(&mut app, "APT28", 0);
    keys(&mut app, "x");
    key(&mut app, KeyCode::Esc);
    assert!(app.teach_dialog().is_none());
    assert_eq!(count_of(&app, "apt28"), 1);
    // Undo twice, redo once: several levels, each saved.
    keys(&mut app, "u");
    assert_eq!(count_of(&app, q), 1);
    assert!(app.message().unwrap().starts_with("undid"));
    keys(&mut app, "u");
    assert_eq!(count_of(&app, q), 2);
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("suppress\": [\n")
    );
    keys(&mut app, "u");
    assert!(app.message().unwrap().contains("nothing to undo"));
    let effects = press_mod(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    perform(&mut app, effects);
    assert_eq!(count_of(&app, q), 1);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"article\"")
    );
    // A new change forgets what could be redone.
    goto(&mut app, "APT28", 0);
    keys(&mut app, "xh");
    let effects = press_mod(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(effects.is_empty());
    assert!(app.message().unwrap().contains("nothing to redo"));
}

#[test]
fn a_save_that_fails_is_said_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken").join("catalog.json");
    let mut app = teaching(&path);
    // The catalog's folder turns out to be a file: no save can succeed.
    std::fs::write(dir.path().join("taken"), "a file").unwrap();
    goto(&mut app, "APT28", 0);
    keys(&mut app, "xe");
    assert!(
        app.message().unwrap().contains("not saved"),
        "{:?}",
        app.message()
    );
    assert_eq!(count_of(&app, "apt28"), 1);
    assert!(!path.exists());
    keys(&mut app, "u");
    assert!(app.message().unwrap().contains("nothing to undo"));
}

#[test]
fn a_new_actor_from_the_form_is_saved_and_takes_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let mut app = teaching(&path);
    goto(&mut app, "TA9917", 0);
    keys(&mut app, "A");
    let Some(TeachDialog::New(form)) = app.teach_dialog() else {
        panic!("no form");
    };
    assert_eq!((form.name.as_str(), form.id.as_str()), ("TA9917", "ta9917"));
    assert_eq!(form.kind, Kind::ThreatGroup);
    // The name changes the id until the id is typed.
    keys(&mut app, "x");
    let Some(TeachDialog::New(form)) = app.teach_dialog() else {
        panic!("no form");
    };
    assert_eq!(form.id, "ta9917x");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "8");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "ru");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "Phishing crew");
    let Some(TeachDialog::New(form)) = app.teach_dialog() else {
        panic!("no form");
    };
    assert_eq!(form.id, "ta9918");
    assert_eq!(form.kind, Kind::Agency);
    key(&mut app, KeyCode::Enter);
    assert!(app.teach_dialog().is_none(), "{:?}", app.message());
    let a = actor(&app, "ta9918");
    assert!(!app.catalog().is_discovered(a));
    assert_eq!(app.catalog().actor(a).country.as_deref(), Some("RU"));
    assert_eq!(app.article().index.count(a), 2);
    assert_eq!(app.selected(), Some(a));
    assert!(!discovered_rows(&app).contains(&"TA9917".to_string()));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("\"ta9918\"") && saved.contains("Phishing crew"),
        "{saved}"
    );
    // An id that is taken is refused, the form stays.
    goto(&mut app, "Quillcrest", 0);
    keys(&mut app, "A");
    key(&mut app, KeyCode::Tab);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "apt28");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.teach_dialog(), Some(TeachDialog::New(_))));
    assert!(
        app.message().unwrap().contains("is APT28's"),
        "{:?}",
        app.message()
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.teach_dialog().is_none());
    // Undo takes the actor back; the name is discovered again.
    keys(&mut app, "u");
    assert!(app.catalog().index_of("ta9918").is_none());
    assert!(discovered_rows(&app).contains(&"TA9917".to_string()));
}

#[test]
fn e_edits_the_selected_actor_and_u_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let mut app = teaching(&path);
    // A discovered name is no catalog actor: e says what to do instead.
    goto(&mut app, "Quillcrest", 0);
    keys(&mut app, "e");
    assert!(app.teach_dialog().is_none());
    assert!(app.message().unwrap().contains("A adds it"));
    goto(&mut app, "APT28", 0);
    keys(&mut app, "e");
    let Some(TeachDialog::New(form)) = app.teach_dialog() else {
        panic!("no form");
    };
    assert!(form.editing);
    assert_eq!(form.id, "apt28");
    assert_eq!(form.country, "RU");
    // The id stays; the name and the description change.
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "Fancy Bear");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "zz");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "Sofacy.");
    key(&mut app, KeyCode::Enter);
    assert!(app.teach_dialog().is_none(), "{:?}", app.message());
    let a = actor(&app, "apt28");
    assert_eq!(app.catalog().actor(a).name, "Fancy Bear");
    assert_eq!(
        app.catalog().actor(a).description.as_deref(),
        Some("Sofacy.")
    );
    assert_eq!(app.selected(), Some(a));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"name\": \"Fancy Bear\""), "{saved}");
    assert!(
        !saved.contains("\"country\""),
        "unchanged fields stay out: {saved}"
    );
    keys(&mut app, "u");
    assert_eq!(app.catalog().actor(actor(&app, "apt28")).name, "APT28");
}

#[test]
fn names_discovered_while_a_folder_loads_count_in_every_article() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("1.txt"),
        "Researchers say a group named “Quillcrest” broke in.\n",
    )
    .unwrap();
    for i in 2..6 {
        std::fs::write(
            dir.path().join(format!("{i}.txt")),
            format!("Story {i}: Quillcrest struck again.\n"),
        )
        .unwrap();
    }
    let path = dir.path().display().to_string();
    let aka::explore::Session {
        mut app, loader, ..
    } = aka::explore::open(Catalog::bundled(), &[path], Theme::colored(), 2).unwrap();
    let mut loader = loader.unwrap();
    aka::explore::drain(&mut app, &mut loader);
    let q = actor(&app, "discovered-quillcrest");
    assert_eq!(app.corpus().count(q), 5);
    assert_eq!(app.corpus().articles_of(q).len(), 5);
}

#[test]
fn a_mouse_drag_selects_words_from_where_the_button_went_down() {
    let mut app = article();
    // Put the cursor on "stolen" by a click, then drag over "VPN".
    let screen_of = |app: &App, words: &str| {
        let (w, h) = app.size();
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ratatui::widgets::Widget::render(app, area, &mut buf);
        for y in 0..h {
            let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            if let Some(i) = row.find(words) {
                return (row[..i].chars().count() as u16, y);
            }
        }
        panic!("{words:?} not on screen");
    };
    let (x, y) = screen_of(&app, "stolen");
    app.update(Action::Click {
        column: x + 1,
        row: y,
    });
    let (x, y) = screen_of(&app, "VPN");
    app.update(Action::Drag {
        column: x + 1,
        row: y,
    });
    assert_eq!(app.selection().map(|r| &TEXT[r]), Some("stolen VPN"));
}

#[test]
fn a_name_said_to_be_another_actors_links_to_it_and_proposes_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_of(vec![Document::from_text(
        "r.txt",
        "The lures came from Quillcrest, also known as APT28, in March.\nQuillcrest struck again.\n",
    )]);
    app.set_teacher(Teacher::new(
        Rebuild {
            sources: vec![CatalogSource::bundled()],
            before: 1,
            packs: Vec::new(),
        },
        UserCatalog::open(&dir.path().join("c.json")).unwrap(),
    ));
    let q = actor(&app, "discovered-quillcrest");
    let links = &app.catalog().actor(q).links;
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].to.0, "apt28");
    goto(&mut app, "Quillcrest", 1);
    assert_eq!(app.selected(), Some(q));
    keys(&mut app, "a");
    let Some(TeachDialog::Pick(picker)) = app.teach_dialog() else {
        panic!("no picker");
    };
    assert_eq!(picker.rows[0], actor(&app, "apt28"));
}

#[test]
fn a_drag_within_one_word_selects_nothing() {
    let mut app = article();
    let at = TEXT.find("stolen").unwrap();
    app.update(Action::JumpTo(at));
    let cursor = app.article().cursor_byte;
    assert_eq!(cursor, at);
    // Dragging onto the cursor's own word (found by its place on screen)
    // is a trembling click.
    let (w, h) = app.size();
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(&app, area, &mut buf);
    let (x, y) = (0..h)
        .find_map(|y| {
            let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            row.find("stolen")
                .map(|i| (row[..i].chars().count() as u16, y))
        })
        .unwrap();
    app.update(Action::Drag {
        column: x + 2,
        row: y,
    });
    assert_eq!(app.selection(), None);
}
