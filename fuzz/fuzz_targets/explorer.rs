//! The explorer's state machine (`aka::app`) under random keys, mouse
//! events, pastes and resizes (1×1 to 500×200), each followed by a frame
//! drawn on a `TestBackend`:
//! - no panic;
//! - the cursors and scrolls of the article, the sidebar and the detail
//!   panel in range;
//! - the panes agree: the selected actor exists, the detail panel lays it
//!   out, and (with no overlay) its frame shows the actor's name.
#![no_main]

use std::sync::{Arc, OnceLock};

use aka::app::{App, Effect};
use aka::model::{Article, Catalog, Document, Loaded, Matcher};
use aka::scroll::Lines;
use aka::theme::Theme;
use aka::ui;
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Keys that are no characters, as the keymap knows them.
const KEYS: [KeyCode; 16] = [
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::Insert,
    KeyCode::F(1),
];

#[derive(Arbitrary, Debug)]
enum Step {
    /// A printable ASCII key, with modifiers.
    Char(u8, u8),
    /// Any character.
    Unicode(char),
    /// One of [`KEYS`], with modifiers.
    Key(u8, u8),
    /// A mouse event at a cell (maybe off the screen).
    Mouse(u8, u16, u16),
    /// A resize, to 1×1 through 500×200.
    Resize(u16, u8),
    /// Text pasted.
    Paste(String),
}

fn modifiers(bits: u8) -> KeyModifiers {
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::ALT;
    }
    m
}

fn event(step: Step) -> Event {
    let key = |code, m| Event::Key(KeyEvent::new(code, m));
    match step {
        Step::Char(c, m) => key(KeyCode::Char(char::from(b' ' + c % 95)), modifiers(m)),
        Step::Unicode(c) => key(KeyCode::Char(c), KeyModifiers::NONE),
        Step::Key(k, m) => key(KEYS[usize::from(k) % KEYS.len()], modifiers(m)),
        Step::Mouse(kind, column, row) => {
            let kind = match kind % 9 {
                0 | 1 => MouseEventKind::Down(MouseButton::Left),
                2 => MouseEventKind::Down(MouseButton::Right),
                3 => MouseEventKind::Up(MouseButton::Left),
                4 => MouseEventKind::Drag(MouseButton::Left),
                5 => MouseEventKind::ScrollUp,
                6 => MouseEventKind::ScrollDown,
                7 => MouseEventKind::ScrollLeft,
                _ => MouseEventKind::Moved,
            };
            Event::Mouse(MouseEvent {
                kind,
                column: column % 520,
                row: row % 220,
                modifiers: KeyModifiers::NONE,
            })
        }
        Step::Resize(w, h) => Event::Resize(w % 500 + 1, u16::from(h) % 200 + 1),
        Step::Paste(s) => Event::Paste(s),
    }
}

/// The bundled catalog and its finder, made once.
fn bundled() -> &'static (Catalog, Arc<Matcher>) {
    static BUNDLED: OnceLock<(Catalog, Arc<Matcher>)> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let catalog = Catalog::bundled();
        let matcher = Arc::new(Matcher::new(&catalog));
        (catalog, matcher)
    })
}

/// `App::new`, with the finder made once rather than for each input.
fn open(docs: Vec<Document>, theme: Theme) -> App {
    let (catalog, matcher) = bundled();
    let names = docs.iter().map(|d| d.name.clone()).collect();
    let mut app = App::pending(catalog.clone(), Arc::clone(matcher), names, theme);
    for (index, doc) in docs.into_iter().enumerate() {
        app.receive(Loaded::Article {
            index,
            article: Box::new(Article::analyse(doc, matcher)),
            invalid_utf8: None,
        });
    }
    app.settle();
    app
}

fn check(app: &App) {
    let catalog = app.catalog();
    if let Some(actor) = app.selected() {
        assert!(
            actor < catalog.len(),
            "selected {actor} of {}",
            catalog.len()
        );
        let layout = app.detail_layout().expect("a selected actor is laid out");
        assert_eq!(layout.actor, actor, "the detail panel shows another actor");
        let detail = &app.detail().scroll;
        assert!(
            detail.cursor < layout.len().max(1),
            "detail cursor {} of {} rows",
            detail.cursor,
            layout.len()
        );
    }
    let sidebar = app.sidebar();
    let rows = sidebar.rows.len();
    assert!(
        sidebar.scroll.cursor < rows.max(1),
        "sidebar cursor {} of {rows} rows",
        sidebar.scroll.cursor
    );
    assert!(
        sidebar.scroll.offset <= sidebar.scroll.cursor,
        "sidebar {:?}",
        sidebar.scroll
    );
    let art = app.article();
    let text = art.text();
    aka_fuzz::check_range(text, &(art.cursor_byte..art.cursor_byte), "cursor");
    if let Some(i) = art.current {
        assert!(i < art.index.mentions.len(), "current mention {i}");
    }
    let mut layout = art.layout.clone();
    let scroll = &art.scroll;
    let last = layout.lines(text).last();
    assert!(scroll.offset <= scroll.cursor, "article {scroll:?}");
    assert!(
        scroll.cursor <= last,
        "article cursor {scroll:?} past {last:?}"
    );
    let rows = layout.rows(text, scroll.cursor.seg).len();
    assert!(
        scroll.cursor.row < rows,
        "article cursor {scroll:?}, {rows} rows"
    );
}

/// With no overlay, the detail panel's border names the selected actor.
fn check_frame(app: &App, terminal: &Terminal<TestBackend>) {
    let (Some(areas), Some(actor), None) = (app.areas(), app.selected(), app.overlay().contexts())
    else {
        return;
    };
    let name = &app.catalog().actor(actor).name;
    let Some(first) = name.chars().next().filter(char::is_ascii_alphanumeric) else {
        return;
    };
    if areas.detail.width < 12 || app.prompt().is_some() {
        return;
    }
    let buffer = terminal.backend().buffer();
    let top: String = (areas.detail.left()..areas.detail.right())
        .map(|x| buffer[(x, areas.detail.y)].symbol())
        .collect();
    assert!(
        top.contains(first),
        "the detail panel's border {top:?} does not name {name:?}"
    );
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let first = String::arbitrary(u)?;
    let second = String::arbitrary(u)?;
    let colored = bool::arbitrary(u)?;
    let docs = vec![
        Document::from_text("a.md", first),
        Document::from_text("b.txt", second),
    ];
    let theme = if colored {
        Theme::colored()
    } else {
        Theme::no_color()
    };
    let mut app = open(docs, theme);
    let (mut width, mut height) = (120, 40);
    app.handle_event(&Event::Resize(width, height));
    check(&app);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let event = event(Step::arbitrary(u)?);
        if let Event::Resize(w, h) = event {
            (width, height) = (w, h);
            terminal.backend_mut().resize(width, height);
        }
        let effects = app.handle_event(&event).unwrap_or_default();
        if effects.contains(&Effect::Quit) {
            break;
        }
        check(&app);
        terminal
            .draw(|f| ui::render(&app, f))
            .expect("drawing on a test backend");
        check_frame(&app, &terminal);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
