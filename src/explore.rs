//! `aka [PATH…]`: the explorer's entry point. Everything that can fail
//! because of the user's input (catalogs, paths, unreadable files) is
//! checked before the terminal is touched, with the same messages as
//! `aka mentions`; then the event loop runs until the user quits.
//!
//! The loop is synchronous and event-driven: draw, block on the next event,
//! apply it, and apply every event already waiting (a burst of wheel turns
//! or resizes) before drawing once more; events that change nothing (mouse
//! moves, key releases, unbound keys) draw nothing.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Duration;

use ratatui::crossterm::event;

use crate::action::Action;
use crate::app::App;
use crate::cli::{Cli, report_error, warn_invalid_utf8};
use crate::model::{Document, input};
use crate::theme::Theme;
use crate::tui::Tui;

/// The sample article shown when no path is given, compiled in so that
/// `aka` works from any folder.
pub const SAMPLE: &str = include_str!("../seeds/election-2016.txt");

/// The name the sample goes by.
pub const SAMPLE_NAME: &str = "sample: election-2016.txt";

/// The articles named on the command line, or the sample; prints the
/// error (as `aka mentions` does) and returns `None` if one cannot be read.
/// Warnings about invalid UTF-8 go to stderr and into `notes`.
pub fn load_articles(paths: &[String], notes: &mut Vec<String>) -> Option<Vec<Document>> {
    if paths.is_empty() {
        return Some(vec![Document::from_text(SAMPLE_NAME, SAMPLE)]);
    }
    let inputs = match input::resolve(paths) {
        Ok(inputs) => inputs,
        Err(e) => {
            report_error(e);
            return None;
        }
    };
    let mut docs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        match input.read() {
            Ok((doc, bad)) => {
                if let Some(bad) = bad {
                    warn_invalid_utf8(&doc.name, bad.first_bad);
                    notes.push(format!(
                        "{}: invalid UTF-8 from byte {}, shown as �",
                        doc.name, bad.first_bad
                    ));
                }
                docs.push(doc);
            }
            Err(e) => {
                report_error(e);
                return None;
            }
        }
    }
    Some(docs)
}

/// Runs the explorer for `cli` and returns the exit status.
pub fn run(cli: &Cli) -> ExitCode {
    let catalog = match cli.catalogs.load() {
        Ok(catalog) => catalog,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let mut notes = Vec::new();
    let Some(docs) = load_articles(&cli.paths, &mut notes) else {
        return ExitCode::from(1);
    };
    if !io::stdout().is_terminal() {
        report_error("the explorer needs a terminal; to print mentions, use `aka mentions PATH`");
        return ExitCode::from(1);
    }
    let mut app = App::new(catalog, docs, Theme::from_env());
    if let Some(note) = notes.first() {
        app.notify(note.clone());
    }
    match event_loop(&mut app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Draws and handles events until the app quits; the terminal is restored
/// when this returns, whether by quitting or by an error.
pub fn event_loop(app: &mut App) -> io::Result<()> {
    let mut tui = Tui::enter()?;
    let size = tui.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut dirty = true;
    loop {
        if dirty {
            tui.draw(app)?;
            dirty = false;
        }
        dirty |= app.handle_event(&event::read()?);
        while !app.should_quit() && event::poll(Duration::ZERO)? {
            dirty |= app.handle_event(&event::read()?);
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}
