//! The explorer's `E` export as state transitions, against real files in a
//! scratch folder: choosing a format, the default path next to the
//! article, editing the path, the y/n question before an overwrite, errors
//! in the status bar, and no temporary file left behind.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fs;
use std::path::{Path, PathBuf};

use aka::action::Action;
use aka::app::App;
use aka::app::export::ExportDialog;
use aka::explore::SAMPLE;
use aka::formats::Format as ExportFormat;
use aka::keymap::Context;
use aka::model::{Catalog, Document, Matcher};
use aka::theme::Theme;
use pretty_assertions::assert_eq;

/// A fresh folder holding `story.txt` (the sample article), and an app
/// showing that file.
/// The scratch folder goes when its handle is dropped: keep it alive.
fn setup() -> (tempfile::TempDir, PathBuf, App) {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let story = dir.join("story.txt");
    fs::write(&story, SAMPLE).unwrap();
    let doc = Document::from_text(story.to_str().unwrap(), SAMPLE);
    let mut app = App::new(Catalog::bundled(), vec![doc], Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    (scratch, dir, app)
}

/// Applies `action` and performs what it asks, as the event loop does.
fn act(app: &mut App, action: Action) {
    let effects = app.update(action);
    aka::explore::perform(app, effects);
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

/// Opens the menu and chooses the `n`-th format.
fn choose(app: &mut App, n: usize) {
    app.update(Action::Export);
    assert_eq!(app.export(), Some(&ExportDialog::Menu { cursor: 0 }));
    assert_eq!(app.contexts()[0], Context::ExportMenu);
    for _ in 0..n {
        app.update(Action::Down);
    }
    app.update(Action::Activate);
}

#[test]
fn each_format_goes_next_to_the_article_by_default() {
    let (_scratch, dir, mut app) = setup();
    let doc = Document::from_text("story.txt", SAMPLE);
    let catalog = Catalog::bundled();
    let mentions = Matcher::new(&catalog).find_all(SAMPLE);
    for (n, (format, name)) in [
        (ExportFormat::Jsonl, "story.aka.jsonl"),
        (ExportFormat::Stix, "story.stix.json"),
        (ExportFormat::Brat, "story.ann"),
        (ExportFormat::Html, "story.html"),
    ]
    .into_iter()
    .enumerate()
    {
        choose(&mut app, n);
        let path = dir.join(name).to_string_lossy().into_owned();
        assert_eq!(
            app.export(),
            Some(&ExportDialog::Path {
                format,
                text: path.clone()
            })
        );
        assert_eq!(app.contexts()[0], Context::Prompt);
        act(&mut app, Action::InputAccept);
        assert_eq!(app.export(), None);
        let message = app.message().unwrap();
        assert!(message.contains("exported 28 mentions"), "{message}");
        assert!(message.ends_with(&path), "{message}");
        let written = fs::read_to_string(&path).unwrap();
        match format {
            ExportFormat::Jsonl => assert_eq!(written.lines().count(), 28),
            ExportFormat::Stix => {
                let v: serde_json::Value = serde_json::from_str(&written).unwrap();
                assert_eq!(v["type"], "bundle");
            }
            // The same text as the command line's, bar the article's name.
            ExportFormat::Brat => {
                assert_eq!(written, aka::formats::brat::ann(&doc, &catalog, &mentions));
            }
            ExportFormat::Html => assert!(written.contains("<html")),
            ExportFormat::Json | ExportFormat::Tsv => unreachable!("not in the menu"),
        }
    }
    assert_eq!(
        files(&dir),
        [
            "story.aka.jsonl",
            "story.ann",
            "story.html",
            "story.stix.json",
            "story.txt"
        ]
    );
}

#[test]
fn a_typed_path_is_used_and_esc_cancels() {
    let (_scratch, dir, mut app) = setup();
    choose(&mut app, 2);
    app.update(Action::InputClear);
    let target = dir.join("elsewhere.ann").to_string_lossy().into_owned();
    type_text(&mut app, &target);
    app.update(Action::InputBackspace);
    type_text(&mut app, "n");
    act(&mut app, Action::InputAccept);
    assert!(fs::read_to_string(&target).unwrap().starts_with("T1\t"));
    // Esc in the menu and in the path prompt writes nothing.
    app.update(Action::Export);
    app.update(Action::Back);
    assert_eq!(app.export(), None);
    choose(&mut app, 0);
    app.update(Action::Back);
    assert_eq!(app.export(), None);
    assert_eq!(app.message(), Some("export cancelled"));
    assert_eq!(files(&dir), ["elsewhere.ann", "story.txt"]);
}

#[test]
fn an_existing_file_is_replaced_only_after_yes() {
    let (_scratch, dir, mut app) = setup();
    let target = dir.join("story.ann");
    fs::write(&target, "keep me").unwrap();
    choose(&mut app, 2);
    act(&mut app, Action::InputAccept);
    let path = target.to_string_lossy().into_owned();
    assert_eq!(
        app.export(),
        Some(&ExportDialog::Confirm {
            format: ExportFormat::Brat,
            path: path.clone()
        })
    );
    assert_eq!(app.contexts()[0], Context::Confirm);
    // No: the file is untouched, and the path is there to edit.
    act(&mut app, Action::Answer(false));
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    assert!(matches!(app.export(), Some(ExportDialog::Path { .. })));
    assert!(app.message().unwrap().contains("left as it was"));
    assert_eq!(files(&dir), ["story.ann", "story.txt"]);
    // Accepting again asks again; yes replaces it.
    act(&mut app, Action::InputAccept);
    assert!(matches!(app.export(), Some(ExportDialog::Confirm { .. })));
    act(&mut app, Action::Answer(true));
    assert_eq!(app.export(), None);
    assert!(fs::read_to_string(&target).unwrap().starts_with("T1\t"));
    assert_eq!(files(&dir), ["story.ann", "story.txt"]);
}

#[test]
fn a_missing_folder_is_reported_and_the_path_stays_to_edit() {
    let (_scratch, dir, mut app) = setup();
    choose(&mut app, 0);
    app.update(Action::InputClear);
    let target = dir.join("no-such-folder/out.jsonl");
    type_text(&mut app, target.to_str().unwrap());
    act(&mut app, Action::InputAccept);
    let message = app.message().unwrap();
    assert!(message.starts_with("cannot write "), "{message}");
    assert!(message.ends_with(": no such folder"), "{message}");
    assert!(matches!(app.export(), Some(ExportDialog::Path { .. })));
    // An empty path is refused too.
    app.update(Action::InputClear);
    act(&mut app, Action::InputAccept);
    assert_eq!(app.message(), Some("type a path to export to"));
    assert_eq!(files(&dir), ["story.txt"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_reported_not_a_crash() {
    use std::os::unix::fs::PermissionsExt;
    let (_scratch, dir, mut app) = setup();
    let locked = dir.join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    // root may write anywhere: then there is nothing to test.
    let probe = locked.join("probe");
    if fs::write(&probe, "").is_ok() {
        fs::remove_file(probe).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    choose(&mut app, 1);
    app.update(Action::InputClear);
    type_text(&mut app, locked.join("out.json").to_str().unwrap());
    act(&mut app, Action::InputAccept);
    assert!(app.message().unwrap().ends_with(": permission denied"));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(files(&locked).is_empty());
}

#[test]
fn the_state_writes_nothing_it_asks_the_event_loop_to() {
    let (_scratch, dir, mut app) = setup();
    choose(&mut app, 0);
    let path = dir.join("out.jsonl").to_string_lossy().into_owned();
    app.update(Action::InputClear);
    type_text(&mut app, &path);
    let effects = app.update(Action::InputAccept);
    assert_eq!(
        effects,
        [aka::app::Effect::Export(aka::app::ExportRequest {
            format: ExportFormat::Jsonl,
            path: path.clone(),
            overwrite: false,
        })]
    );
    assert_eq!(files(&dir), ["story.txt"], "update wrote nothing");
    aka::explore::perform(&mut app, effects);
    assert_eq!(files(&dir), ["out.jsonl", "story.txt"]);
    assert!(app.export().is_none());
}
