//! The explorer never panics, whatever the file and whatever the user does:
//! arbitrary text (controls, tabs, CRLF, emoji, CJK, marks, huge lines),
//! arbitrary keys, clicks, wheel turns and terminal sizes, each followed by
//! a frame.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::app::{App, Effect};
use aka::model::{Catalog, Document};
use aka::theme::Theme;
use aka::ui;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            any::<String>(),
            prop::sample::select(vec![
                "Fancy Bear",
                "APT28's",
                "the DNC",
                "WikiLeaks",
                "Guccifer 2.0",
                "\t",
                "\r\n",
                "\n\n",
                "\u{1b}[2J",
                "\u{7}",
                "\u{9b}",
                "東京電力",
                "👩\u{200D}💻",
                "e\u{301}",
                "# Heading\n",
                "\u{FEFF}",
                "\u{2028}",
                "according to Washington Post, ",
                "\"Quote.\" ",
            ])
            .prop_map(str::to_string),
            "[a-z ]{200,400}",
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        8 => prop::sample::select(vec![
            'j', 'k', 'n', 'N', ']', '[', ' ', 'g', 'G', 's', 'h', 'l', '/', '?', 'o', 'S', 'c', 'b',
            'a', 'p', 'x', '1', 'E', 'r',
        ])
        .prop_map(|c| key(KeyCode::Char(c))),
        4 => prop::sample::select(vec![
            KeyCode::Tab, KeyCode::BackTab, KeyCode::Enter, KeyCode::Esc, KeyCode::Up, KeyCode::Down,
            KeyCode::PageUp, KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Backspace,
            KeyCode::Left, KeyCode::Right,
        ])
        .prop_map(key),
        1 => prop::sample::select(vec!['d', 'u']).prop_map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        2 => (0u16..220, 0u16..70, any::<bool>(), any::<bool>()).prop_map(|(column, row, click, up)| {
            let kind = if click {
                MouseEventKind::Down(MouseButton::Left)
            } else if up {
                MouseEventKind::ScrollUp
            } else {
                MouseEventKind::ScrollDown
            };
            Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
        }),
        1 => (1u16..220, 1u16..70).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn never_panics(
        first in text(),
        second in text(),
        events in proptest::collection::vec(event(), 0..60),
        colored in any::<bool>(),
    ) {
        let docs = vec![Document::from_text("a.md", first), Document::from_text("b.txt", second)];
        let theme = if colored { Theme::colored() } else { Theme::no_color() };
        let mut app = App::new(Catalog::bundled(), docs, theme);
        let (mut width, mut height) = (120, 40);
        app.handle_event(&Event::Resize(width, height));
        for event in &events {
            if let Event::Resize(w, h) = event {
                (width, height) = (*w, *h);
            }
            // The state performs no I/O: an export asked for (`E`, Enter)
            // is an effect, left unperformed here.
            let effects = app.handle_event(event).unwrap_or_default();
            if effects.contains(&Effect::Quit) {
                break;
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| ui::render(&app, f)).unwrap();
        }
    }
}
