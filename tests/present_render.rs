//! Teaching mode as drawn into ratatui's `TestBackend` at 100×30 and
//! 200×50: the article centred and at most 80 columns wide inside wide
//! margins, the current mention reversed in its actor's colour, mentions
//! not yet reached left plain, the caption, the who's who strip and the
//! hints. Text snapshots (under `tests/snapshots/`) hold whole screens;
//! styles are asserted cell by cell.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::action::Action;
use aka::app::App;
use aka::explore::{SAMPLE, SAMPLE_NAME};
use aka::model::{Catalog, Document};
use aka::theme::{Emphasis, Theme};
use aka::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn presenting(theme: Theme, width: u16, height: u16, steps: usize) -> App {
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(Catalog::bundled(), vec![doc], theme);
    app.update(Action::Resize { width, height });
    app.update(Action::TogglePresent);
    for _ in 0..steps {
        app.update(Action::NextStep);
    }
    app
}

fn buffer(app: &App) -> Buffer {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

fn screen_text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row_text(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` first shows, as (x, y); ASCII rows only.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    (0..buf.area.height)
        .find_map(|y| {
            let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            let row = cells.concat();
            let i = row.find(needle)?;
            // Count cells up to the byte offset.
            let mut len = 0;
            let x = cells.iter().position(|c| {
                len += c.len();
                len > i
            })?;
            Some((x as u16, y))
        })
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", screen_text(buf)))
}

/// The cell at `at` has exactly `style`'s colour and modifiers.
fn assert_style(buf: &Buffer, at: (u16, u16), style: ratatui::style::Style) {
    let cell = &buf[at];
    assert_eq!(
        (cell.fg, cell.modifier),
        (
            style.fg.unwrap_or(ratatui::style::Color::Reset),
            style.add_modifier
        ),
        "cell {at:?} ({:?})",
        cell.symbol()
    );
}

fn slot(app: &App, id: &str) -> usize {
    app.slot(app.catalog().index_of(id).unwrap())
}

/// The columns of the article's rows that hold text.
fn text_columns(buf: &Buffer, rows: std::ops::Range<u16>) -> (u16, u16) {
    let mut left = u16::MAX;
    let mut right = 0;
    for y in rows {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() != " " {
                left = left.min(x);
                right = right.max(x);
            }
        }
    }
    (left, right)
}

#[test]
fn teaching_mode_at_100x30() {
    let app = presenting(Theme::colored(), 100, 30, 14);
    let buf = buffer(&app);
    let areas = aka::layout::present(buf.area).unwrap();
    // A margin of a tenth of the width each side: 80 columns of text.
    assert_eq!((areas.text.x, areas.text.width), (10, 80));
    let (left, right) = text_columns(&buf, areas.text.y..areas.text.bottom());
    assert!(left >= 10 && right < 90, "text in columns {left}..={right}");

    let theme = Theme::colored();
    let apt28 = slot(&app, "apt28");
    // The current mention: bold, reversed, in APT28's colour.
    let (x, y) = find(&buf, "Fancy Bear");
    assert!(y >= areas.text.y && y < areas.text.bottom());
    for dx in 0..10 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.fg, theme.actor_color(apt28).unwrap());
        assert!(cell.modifier.contains(Modifier::BOLD | Modifier::REVERSED));
    }
    assert_style(
        &buf,
        (x, y),
        theme.present_mention(apt28, Emphasis::Current),
    );
    // An earlier name of the same actor: underlined, not reversed.
    let (x, y) = find(&buf, "Sofacy Group");
    assert_style(
        &buf,
        (x, y),
        theme.present_mention(apt28, Emphasis::Selected),
    );
    // Another actor met before: its colour, bold.
    let (x, y) = find(&buf, "The Guardian");
    assert_style(
        &buf,
        (x, y),
        theme.present_mention(slot(&app, "the-guardian"), Emphasis::Quiet),
    );
    // Not reached yet ("Russia's" is step 15): plain text.
    let (x, y) = find(&buf, "under Russia");
    let cell = &buf[(x + 6, y)];
    assert_eq!(cell.symbol(), "R");
    assert_eq!(
        (cell.fg, cell.modifier),
        (ratatui::style::Color::Reset, Modifier::empty())
    );

    // The caption, bold, under the text.
    let (x, y) = find(&buf, "Fancy Bear — another name for APT28");
    assert_eq!(y, areas.caption.y);
    assert_eq!(x, areas.caption.x);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    assert!(screen_text(&buf).contains("3rd name for APT28 so far."));
    // The strip and the step counter.
    let (_, y) = find(&buf, "APT28 aka Advance Persistent Threat (APT) 28");
    assert!(y >= areas.strip.y && y < areas.strip.bottom());
    assert!(row_text(&buf, areas.title.y).contains("step 14 of 28"));
    assert!(row_text(&buf, areas.strip_rule.y).contains("Who's who"));
    assert!(row_text(&buf, areas.hints.y).contains("Space/← step"));
    insta::assert_snapshot!("present_100x30", screen_text(&buf));
}

#[test]
fn teaching_mode_at_200x50_with_everything_revealed() {
    let mut app = presenting(Theme::colored(), 200, 50, 3);
    let buf = buffer(&app);
    let areas = aka::layout::present(buf.area).unwrap();
    // Still 80 columns, centred: wide margins.
    assert_eq!((areas.text.x, areas.text.width), (60, 80));
    let (left, right) = text_columns(&buf, areas.text.y..areas.text.bottom());
    assert!(
        left >= 60 && right < 140,
        "text in columns {left}..={right}"
    );
    assert!(areas.text.height >= 30);
    // Step 3: the strip holds three actors; Fancy Bear is plain.
    let strip: String = (areas.strip.y..areas.strip.bottom())
        .map(|y| row_text(&buf, y))
        .collect();
    assert!(strip.contains("● United States aka U.S."), "{strip}");
    assert!(strip.contains("● Russia aka Russian government"), "{strip}");
    assert!(strip.contains("● Obama administration"), "{strip}");
    assert!(!strip.contains("APT28"), "{strip}");
    let (x, y) = find(&buf, "Fancy Bear");
    assert_eq!(buf[(x, y)].modifier, Modifier::empty());
    insta::assert_snapshot!("present_200x50", screen_text(&buf));

    app.update(Action::RevealAll);
    let buf = buffer(&app);
    let theme = Theme::colored();
    let (x, y) = find(&buf, "Fancy Bear");
    assert_style(
        &buf,
        (x, y),
        theme.present_mention(slot(&app, "apt28"), Emphasis::Quiet),
    );
    assert!(row_text(&buf, areas.title.y).contains("step 3 of 28 · all revealed"));
    let strip: String = (areas.strip.y..areas.strip.bottom())
        .map(|y| row_text(&buf, y))
        .collect();
    assert!(strip.contains("APT28 aka"), "{strip}");
    assert!(strip.contains("Guccifer 2.0"), "{strip}");
    insta::assert_snapshot!("present_200x50_revealed", screen_text(&buf));
}

#[test]
fn before_the_first_step_nothing_is_highlighted() {
    let app = presenting(Theme::colored(), 100, 30, 0);
    let buf = buffer(&app);
    let areas = aka::layout::present(buf.area).unwrap();
    for y in areas.text.y..areas.text.bottom() {
        for x in areas.text.x..areas.text.right() {
            assert_eq!(buf[(x, y)].modifier, Modifier::empty(), "({x}, {y})");
        }
    }
    assert!(
        row_text(&buf, areas.caption.y)
            .contains("sample: election-2016.txt: 28 mentions of 13 actors")
    );
    assert!(screen_text(&buf).contains("Nobody yet"));
}

#[test]
fn no_color_teaching_mode_uses_modifiers_only() {
    let app = presenting(Theme::no_color(), 100, 30, 14);
    let buf = buffer(&app);
    let (x, y) = find(&buf, "Fancy Bear");
    let cell = &buf[(x, y)];
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    assert!(cell.modifier.contains(Modifier::BOLD | Modifier::REVERSED));
    let (x, y) = find(&buf, "Sofacy Group");
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn a_small_terminal_says_so_and_help_opens_over_teaching_mode() {
    let app = presenting(Theme::colored(), 30, 10, 1);
    assert!(screen_text(&buffer(&app)).contains("terminal too small"));
    let mut app = presenting(Theme::colored(), 100, 30, 1);
    app.update(Action::ToggleHelp);
    let text = screen_text(&buffer(&app));
    assert!(text.contains("╭ Keys "), "{text}");
    app.update(Action::ToggleHelp);
    assert!(app.presentation().is_some());
}
