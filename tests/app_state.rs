//! The explorer's state layer as pure functions: action in, new state out,
//! no terminal. Every key and mouse action, and the agreement between the
//! sidebar, the article and the detail panel.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::action::Action;
use aka::app::detail::{self, DetailRow, HEADER_ROWS};
use aka::app::sidebar::{Group, Order, Row};
use aka::app::{App, Effect, Focus, PromptKind};
use aka::explore::{SAMPLE, SAMPLE_NAME};
use aka::model::{ActorIdx, Catalog, Document, Kind};
use aka::scroll::Lines;
use aka::theme::Theme;
use aka::wrap::LinePos;
use pretty_assertions::assert_eq;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn app_with(text: &str, width: u16, height: u16) -> App {
    let doc = Document::from_text(SAMPLE_NAME, text);
    let mut app = App::new(Catalog::bundled(), vec![doc], Theme::colored());
    app.update(Action::Resize { width, height });
    app
}

fn sample() -> App {
    app_with(SAMPLE, 120, 40)
}

fn id(app: &App, id: &str) -> ActorIdx {
    app.catalog()
        .index_of(id)
        .expect("actor in the bundled catalog")
}

fn selected_id(app: &App) -> Option<&str> {
    app.selected().map(|a| app.catalog().actor(a).id.as_str())
}

/// The text of the current mention.
fn current(app: &App) -> Option<&str> {
    let art = app.article();
    art.current
        .map(|i| &art.text()[art.index.mentions[i].range()])
}

/// The 1-based line of the current mention.
fn current_line(app: &App) -> Option<usize> {
    let art = app.article();
    art.current.map(|i| art.index.line_of(i))
}

/// Presses a key; `None` when it meant nothing, else what it asks of the
/// event loop.
fn press(app: &mut App, code: KeyCode) -> Option<Vec<Effect>> {
    press_mod(app, code, KeyModifiers::NONE)
}

fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Option<Vec<Effect>> {
    app.handle_event(&Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }))
}

/// Whether pressing `code` with `modifiers` asks the explorer to quit.
fn quits(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> bool {
    press_mod(app, code, modifiers).is_some_and(|e| e.contains(&Effect::Quit))
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Where `needle` first shows on screen, drawing the app as the terminal
/// would.
fn find_on_screen(app: &App, needle: &str) -> (u16, u16) {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    for y in 0..h {
        let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
        if let Some(i) = row.find(needle) {
            let col = row[..i].chars().count() as u16;
            return (col, y);
        }
    }
    panic!("{needle:?} is not on screen");
}

fn sidebar_row_of(app: &App, actor: ActorIdx) -> usize {
    app.sidebar()
        .rows
        .iter()
        .position(|r| *r == Row::Actor(actor))
        .expect("actor row")
}

#[test]
fn opens_on_the_first_line_with_its_mention_selected() {
    let app = sample();
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(app.article().index.mentions.len(), 28);
    assert_eq!(current(&app), Some("U.S."));
    assert_eq!(selected_id(&app), Some("united-states"));
    assert_eq!(app.current_ordinal(), Some(0));
    // The sidebar cursor is on the selected actor.
    assert_eq!(
        app.sidebar().cursor_actor(),
        Some(id(&app, "united-states"))
    );
}

#[test]
fn j_and_k_move_the_cursor_by_display_lines_and_select_the_mention_there() {
    let mut app = sample();
    press(&mut app, KeyCode::Char('j'));
    // The second display line holds "Russian government" (and "Obama").
    assert_eq!(app.article().scroll.cursor.row, 1);
    assert_eq!(current(&app), Some("Russian government"));
    assert_eq!(selected_id(&app), Some("russia"));
    press(&mut app, KeyCode::Char('j'));
    // The rest of "Obama administration", which runs into this line.
    assert_eq!(current(&app), Some("Obama administration"));
    assert_eq!(current_line(&app), Some(1));
    press(&mut app, KeyCode::Char('j'));
    // A blank line: no mention under the cursor, the selection stays.
    assert_eq!(current(&app), None);
    assert_eq!(selected_id(&app), Some("obama-administration"));
    press(&mut app, KeyCode::Down);
    assert_eq!(current(&app), Some("Obama administration"));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.article().scroll.cursor.row, 2);
}

#[test]
fn a_line_with_a_mention_of_the_selected_actor_prefers_it() {
    let mut app = sample();
    app.update(Action::SelectActor(id(&app, "obama-administration")));
    assert_eq!(current(&app), Some("Obama administration"));
    let on = app.article().current;
    app.update(Action::Down);
    app.update(Action::Up);
    // The line holds "Russian government" first, then "Obama …": the
    // selected actor's mention is preferred.
    assert_eq!(app.article().current, on);
    assert_eq!(selected_id(&app), Some("obama-administration"));
    // Without a preference, the first mention of the line wins.
    app.update(Action::Top);
    app.update(Action::Down);
    assert_eq!(current(&app), Some("Russian government"));
}

#[test]
fn n_and_shift_n_step_through_the_selected_actors_mentions_and_wrap() {
    let mut app = sample();
    let us = id(&app, "united-states");
    assert_eq!(app.article().index.count(us), 4);
    keys(&mut app, "n");
    assert_eq!((current(&app), current_line(&app)), (Some("U.S."), Some(3)));
    assert_eq!(app.current_ordinal(), Some(1));
    keys(&mut app, "nn");
    assert_eq!((current(&app), current_line(&app)), (Some("US"), Some(11)));
    assert_eq!(app.message(), None);
    keys(&mut app, "n");
    assert_eq!(app.current_ordinal(), Some(0));
    assert_eq!(app.message(), Some("wrapped to first mention"));
    keys(&mut app, "N");
    assert_eq!(current(&app), Some("US"));
    assert_eq!(app.message(), Some("wrapped to last mention"));
    keys(&mut app, "N");
    assert_eq!(app.current_ordinal(), Some(2));
    assert_eq!(app.message(), None, "a message lasts until the next action");
    assert_eq!(selected_id(&app), Some("united-states"));
}

#[test]
fn brackets_step_through_every_mention_and_select_as_they_go() {
    let mut app = sample();
    let texts: Vec<String> = (0..5)
        .map(|_| {
            keys(&mut app, "]");
            current(&app).unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        texts,
        [
            "Russian government",
            "Obama administration",
            "Obama administration",
            "Russian leaders",
            "U.S."
        ]
    );
    assert_eq!(selected_id(&app), Some("united-states"));
    keys(&mut app, "[");
    assert_eq!(selected_id(&app), Some("russia"));
    app.update(Action::Top);
    keys(&mut app, "[");
    assert_eq!(current(&app), Some("Guccifer 2.0"));
    assert_eq!(app.message(), Some("wrapped to last mention"));
}

#[test]
fn tab_and_shift_tab_cycle_the_focus() {
    let mut app = sample();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Detail);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Sidebar);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Article);
    press_mod(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus(), Focus::Sidebar);
    press_mod(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus(), Focus::Detail);
}

#[test]
fn browsing_the_sidebar_moves_the_article_to_the_first_mention_after_where_it_was() {
    let mut app = sample();
    // Start below the first paragraph.
    keys(&mut app, "jjjj");
    assert_eq!(current(&app), Some("Obama administration"));
    let start = app.article().cursor_byte;
    app.update(Action::FocusPrev);
    assert_eq!(app.focus(), Focus::Sidebar);
    // The cursor is on Obama administration; go up to Russia.
    keys(&mut app, "kk");
    assert_eq!(selected_id(&app), Some("russia"));
    assert_eq!(
        current(&app),
        Some("Russian leaders"),
        "the first after the start"
    );
    assert!(app.article().cursor_byte >= start);
    keys(&mut app, "k");
    assert_eq!(selected_id(&app), Some("united-states"));
    assert_eq!(current_line(&app), Some(3));
    // Browsing back down finds the same mentions: the anchor did not move.
    keys(&mut app, "j");
    assert_eq!(current(&app), Some("Russian leaders"));
    // The detail panel shows the selected actor.
    assert_eq!(
        app.detail_layout().map(|l| l.actor),
        Some(id(&app, "russia"))
    );
}

#[test]
fn selecting_an_actor_with_no_mention_after_the_cursor_wraps() {
    let mut app = sample();
    app.update(Action::Bottom);
    app.update(Action::SelectActor(id(&app, "apt28")));
    assert_eq!(current(&app), Some("Advance Persistent Threat (APT) 28"));
    assert_eq!(app.message(), Some("wrapped to first mention"));
    assert_eq!(app.sidebar().cursor_actor(), Some(id(&app, "apt28")));
}

#[test]
fn s_toggles_the_sidebar_order() {
    let mut app = sample();
    app.update(Action::FocusPrev);
    let us = id(&app, "united-states");
    let russia = id(&app, "russia");
    assert_eq!(app.sidebar().order, Order::Appearance);
    assert!(sidebar_row_of(&app, us) < sidebar_row_of(&app, russia));
    keys(&mut app, "s");
    assert_eq!(app.sidebar().order, Order::Count);
    assert!(sidebar_row_of(&app, russia) < sidebar_row_of(&app, us));
    assert_eq!(
        app.sidebar().cursor_actor(),
        Some(us),
        "the cursor stays on its actor"
    );
    assert_eq!(app.message(), Some("actors by mentions"));
    keys(&mut app, "s");
    assert_eq!(app.sidebar().order, Order::Appearance);
}

#[test]
fn slash_in_the_sidebar_filters_by_name_or_alias_and_esc_clears() {
    let mut app = sample();
    app.update(Action::FocusPrev);
    keys(&mut app, "/");
    assert_eq!(app.prompt().map(|p| p.kind), Some(PromptKind::Filter));
    keys(&mut app, "fancy");
    let apt28 = id(&app, "apt28");
    assert_eq!(
        app.sidebar().rows,
        [
            Row::Kind {
                kind: Group::Kind(Kind::ThreatGroup),
                actors: 1,
                folded: false
            },
            Row::Actor(apt28)
        ]
    );
    assert_eq!(
        selected_id(&app),
        Some("apt28"),
        "typing selects the first match"
    );
    assert_eq!(current(&app), Some("Advance Persistent Threat (APT) 28"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt(), None);
    assert_eq!(app.sidebar().filter, "fancy");
    assert_eq!(app.sidebar().rows.len(), 2, "the filter stays after Enter");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.sidebar().filter, "");
    assert!(app.sidebar().rows.len() > 2);
    assert_eq!(app.message(), Some("filter cleared"));
    // Backspace and Ctrl-u edit; Esc in the prompt cancels the filter.
    keys(&mut app, "/wikx");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.sidebar().filter, "wik");
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some(""));
    keys(&mut app, "zzz");
    assert!(app.sidebar().rows.is_empty());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.message(), Some("no actor matches “zzz”"));
    keys(&mut app, "/");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.sidebar().filter, "");
}

#[test]
fn pages_and_ends_move_the_sidebar_cursor_and_select() {
    let mut app = app_with(SAMPLE, 60, 15);
    app.update(Action::FocusPrev);
    let rows = app.sidebar().rows.len();
    let viewport = app.sidebar().scroll.viewport;
    assert!(rows > viewport, "the sidebar scrolls at 60x15");
    keys(&mut app, "G");
    assert_eq!(app.sidebar().scroll.cursor, rows - 1);
    assert_eq!(app.sidebar().scroll.offset, rows - viewport);
    assert_eq!(selected_id(&app), Some("the-atlantic"));
    assert_eq!(current(&app), Some("The Atlantic"));
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.sidebar().scroll.offset, 0);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.sidebar().scroll.cursor, 0, "on the States heading");
    assert_eq!(
        selected_id(&app),
        Some("the-atlantic"),
        "a heading selects nothing"
    );
    press_mod(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(app.sidebar().scroll.offset, viewport / 2);
    assert_eq!(
        app.sidebar().scroll.cursor,
        viewport / 2 + 1,
        "a row of scroll-off"
    );
    assert_eq!(app.sidebar().cursor_actor(), app.selected());
}

#[test]
fn the_wheel_scrolls_the_help() {
    let mut app = sample();
    keys(&mut app, "?");
    let areas = *app.areas().expect("big enough");
    app.update(Action::Wheel {
        column: areas.overlay.x + 2,
        row: areas.overlay.y + 2,
        lines: 3,
    });
    assert_eq!(app.help().map(|h| h.scroll.offset), Some(3));
    keys(&mut app, "G");
    let bottom = app.help().map(|h| h.scroll.offset);
    keys(&mut app, "j");
    assert_eq!(
        app.help().map(|h| h.scroll.offset),
        bottom,
        "no scrolling past the end"
    );
    keys(&mut app, "g");
    assert_eq!(app.help().map(|h| h.scroll.offset), Some(0));
    // A click closes it.
    app.update(Action::Click { column: 1, row: 1 });
    assert!(app.help().is_none());
}

#[test]
fn kinds_fold_and_unfold() {
    let mut app = sample();
    app.update(Action::FocusPrev);
    let russia = id(&app, "russia");
    app.update(Action::SelectActor(russia));
    keys(&mut app, "h");
    assert_eq!(
        app.sidebar().cursor_row(),
        Some(Row::Kind {
            kind: Group::Kind(Kind::State),
            actors: 2,
            folded: true
        })
    );
    assert!(!app.sidebar().rows.contains(&Row::Actor(russia)));
    keys(&mut app, "l");
    assert!(app.sidebar().rows.contains(&Row::Actor(russia)));
    // Enter on a heading toggles it.
    press(&mut app, KeyCode::Enter);
    assert!(!app.sidebar().rows.contains(&Row::Actor(russia)));
    press(&mut app, KeyCode::Enter);
    assert!(app.sidebar().rows.contains(&Row::Actor(russia)));
    // Enter on an actor sends the focus to the article.
    keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Article);
}

#[test]
fn the_article_follows_into_a_folded_kind_by_its_heading() {
    let mut app = sample();
    app.update(Action::FocusPrev);
    keys(&mut app, "h");
    app.update(Action::FocusNext);
    // The cursor on a mention of Russia puts the sidebar on the folded States.
    app.update(Action::SelectActor(id(&app, "russia")));
    assert!(matches!(
        app.sidebar().cursor_row(),
        Some(Row::Kind {
            kind: Group::Kind(Kind::State),
            folded: true,
            ..
        })
    ));
}

#[test]
fn detail_enter_on_a_link_selects_the_linked_actor() {
    let mut app = sample();
    app.update(Action::SelectActor(id(&app, "guccifer-2")));
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Detail);
    // Up from the mentions reaches the link: persona of GRU.
    keys(&mut app, "g");
    let layout = app.detail_layout().expect("a selected actor");
    assert!(matches!(
        layout.row(app.detail().scroll.cursor),
        DetailRow::Link(0)
    ));
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), Some("gru"));
    assert_eq!(app.message(), Some("GRU is not mentioned in this article"));
    // GRU's links go both ways: part of Russia, and APT28, DCLeaks and
    // Guccifer 2.0 point at it.
    let layout = app.detail_layout().expect("GRU");
    assert_eq!(layout.links.len(), 4);
    let cursor = app.detail().scroll.cursor;
    assert!(matches!(layout.row(cursor), DetailRow::Link(0)));
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), Some("russia"));
    assert_eq!(app.sidebar().cursor_actor(), Some(id(&app, "russia")));
    assert_eq!(
        app.article()
            .current
            .map(|i| app.article().index.mentions[i].actor()),
        Some(id(&app, "russia")),
        "the article moved to a mention of Russia"
    );
}

#[test]
fn detail_j_k_stop_on_links_and_mentions_and_enter_jumps_to_a_mention() {
    let mut app = sample();
    let russia = id(&app, "russia");
    app.update(Action::SelectActor(russia));
    app.update(Action::FocusNext);
    let layout = app.detail_layout().expect("Russia");
    assert_eq!(layout.mentions, 7);
    // Russia has no links of its own; the GRU, FSB and SVR are part of it,
    // and the KGB is related to it.
    assert_eq!(layout.links.len(), 4);
    let at = |app: &App| layout.row(app.detail().scroll.cursor);
    assert_eq!(
        at(&app),
        DetailRow::Mention(0),
        "focus lands on the current mention"
    );
    keys(&mut app, "k");
    assert_eq!(at(&app), DetailRow::Link(3));
    keys(&mut app, "jjj");
    assert_eq!(at(&app), DetailRow::Mention(2));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(current(&app), Some("Russian government"));
    assert_eq!(current_line(&app), Some(3));
    assert_eq!(app.current_ordinal(), Some(2));
    // G and g in the panel go to the last and first stops.
    app.update(Action::FocusNext);
    keys(&mut app, "G");
    assert_eq!(at(&app), DetailRow::Mention(6));
    keys(&mut app, "g");
    assert_eq!(at(&app), DetailRow::Link(0));
    assert_eq!(app.detail().scroll.offset, 0);
    // On a low panel the link is below the view: j scrolls towards it, a
    // line at a time while the rows on the way would not all be seen,
    // and only then moves on.
    let mut app = app_with(SAMPLE, 80, 24);
    app.update(Action::SelectActor(russia));
    app.update(Action::FocusNext);
    keys(&mut app, "g");
    let layout = app.detail_layout().expect("Russia");
    let at = |app: &App| layout.row(app.detail().scroll.cursor);
    assert_eq!(at(&app), DetailRow::Link(0));
    let link = app.detail().scroll.cursor;
    let mut offsets = vec![app.detail().scroll.offset];
    while {
        let s = &app.detail().scroll;
        s.cursor >= s.offset + s.viewport
    } {
        keys(&mut app, "j");
        assert_eq!(at(&app), DetailRow::Link(0));
        offsets.push(app.detail().scroll.offset);
        assert!(offsets.len() <= link + 1, "j reaches the link");
    }
    // Every row on the way was on screen: the view moved by at most its
    // height at a time.
    let viewport = app.detail().scroll.viewport;
    assert!(
        offsets
            .windows(2)
            .all(|w| w[1] > w[0] && w[1] - w[0] <= viewport),
        "{offsets:?}"
    );
    keys(&mut app, "j");
    assert_eq!(at(&app), DetailRow::Link(1));
    keys(&mut app, "jjj");
    assert_eq!(at(&app), DetailRow::Mention(0));
}

#[test]
fn the_detail_cursor_follows_the_current_mention() {
    let mut app = sample();
    let us = id(&app, "united-states");
    app.update(Action::SelectActor(us));
    keys(&mut app, "nn");
    let layout = app.detail_layout().expect("US");
    assert_eq!(app.detail().scroll.cursor, layout.mention_row(2));
}

#[test]
fn search_is_smart_case_and_n_steps_through_matches() {
    let mut app = sample();
    keys(&mut app, "/");
    assert_eq!(app.prompt().map(|p| p.kind), Some(PromptKind::Search));
    assert!(app.contexts().contains(&aka::keymap::Context::Prompt));
    keys(&mut app, "russia");
    // Incremental: the cursor is already on the first match.
    let search = app.article().search.clone().expect("a search");
    assert_eq!(search.matches.len(), 8, "Russian, Russia's, Russians, …");
    assert_eq!(search.current, Some(0));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt(), None);
    assert!(app.contexts().contains(&aka::keymap::Context::Searching));
    // The first match is inside "Russian government": its actor is selected.
    assert_eq!(selected_id(&app), Some("russia"));
    keys(&mut app, "n");
    assert_eq!(
        app.article().search.as_ref().and_then(|s| s.current),
        Some(1)
    );
    keys(&mut app, "NN");
    assert_eq!(
        app.article().search.as_ref().and_then(|s| s.current),
        Some(7)
    );
    assert_eq!(app.message(), Some("search wrapped to the bottom"));
    // Esc ends the search: n is the mention step again.
    press(&mut app, KeyCode::Esc);
    assert!(app.article().search.is_none());
    assert_eq!(app.message(), Some("search cleared"));
    // A capital makes it case-sensitive.
    keys(&mut app, "/Russians");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.article().search.as_ref().map(|s| s.matches.len()),
        Some(1)
    );
    keys(&mut app, "/RUSSIA");
    press(&mut app, KeyCode::Enter);
    assert!(app.article().search.is_none());
    assert_eq!(app.message(), Some("no match for “RUSSIA”"));
}

#[test]
fn esc_in_the_search_prompt_goes_back_to_where_it_was() {
    let mut app = sample();
    let before = app.article().scroll;
    keys(&mut app, "/guccifer");
    assert_ne!(app.article().scroll.cursor, before.cursor);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.article().scroll, before);
    assert!(app.article().search.is_none());
    assert_eq!(selected_id(&app), Some("united-states"));
    // An empty query closes the prompt.
    keys(&mut app, "/");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt(), None);
}

/// How many display lines `pos` is below the first.
fn line_index(app: &App, pos: LinePos) -> usize {
    let art = app.article();
    let mut layout = art.layout.clone();
    let mut lines = layout.lines(art.text());
    let mut at = lines.first();
    let mut n = 0;
    while at < pos {
        at = lines.next(at).expect("pos is a line");
        n += 1;
    }
    n
}

#[test]
fn paging_and_the_ends_of_the_article() {
    let mut app = app_with(SAMPLE, 80, 24);
    let viewport = app.article().scroll.viewport;
    assert_eq!(viewport, 11);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(line_index(&app, app.article().scroll.offset), 11);
    // The cursor moved by a page too, and keeps its scroll-off of 3.
    assert_eq!(line_index(&app, app.article().scroll.cursor), 14);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(line_index(&app, app.article().scroll.offset), 0);
    assert_eq!(line_index(&app, app.article().scroll.cursor), 3);
    press(&mut app, KeyCode::Char('b'));
    press_mod(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(line_index(&app, app.article().scroll.offset), 5);
    assert_eq!(line_index(&app, app.article().scroll.cursor), 8);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(line_index(&app, app.article().scroll.offset), 0);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(line_index(&app, app.article().scroll.offset), 11);
    press(&mut app, KeyCode::End);
    assert_eq!(app.article().percent(), 100);
    assert_eq!(current(&app), None, "the last line holds no mention");
    let last = line_index(&app, app.article().scroll.cursor);
    assert_eq!(
        line_index(&app, app.article().scroll.offset),
        last + 1 - viewport,
        "the last line at the bottom"
    );
    keys(&mut app, "g");
    assert_eq!(app.article().percent(), 0);
    assert_eq!(current(&app), Some("U.S."));
    keys(&mut app, "G");
    assert_eq!(app.article().percent(), 100);
    press(&mut app, KeyCode::Home);
    assert_eq!(line_index(&app, app.article().scroll.cursor), 0);
}

#[test]
fn help_opens_scrolls_and_closes_without_quitting() {
    let mut app = app_with(SAMPLE, 80, 24);
    keys(&mut app, "?");
    assert_eq!(app.help().map(|h| h.scroll.offset), Some(0));
    keys(&mut app, "jj");
    assert_eq!(app.help().map(|h| h.scroll.offset), Some(2));
    // q closes the help rather than quitting.
    assert!(!quits(&mut app, KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(app.help().is_none());
    keys(&mut app, "?");
    press(&mut app, KeyCode::Esc);
    assert!(app.help().is_none());
    keys(&mut app, "?");
    assert!(
        quits(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        "Ctrl-c quits even from the help"
    );
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = sample();
    assert!(quits(&mut app, KeyCode::Char('q'), KeyModifiers::NONE));
    let mut app = sample();
    assert!(quits(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL));
    // In a prompt, q is a letter.
    let mut app = sample();
    keys(&mut app, "/");
    assert!(!quits(&mut app, KeyCode::Char('q'), KeyModifiers::NONE));
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("q"));
}

#[test]
fn esc_with_nothing_to_back_out_of_says_how_to_quit() {
    let mut app = sample();
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.message(), Some("nothing to back out of (q quits)"));
}

#[test]
fn unbound_keys_and_releases_change_nothing() {
    let mut app = sample();
    assert!(press(&mut app, KeyCode::Char('z')).is_none());
    assert!(
        app.handle_event(&Event::Key(KeyEvent {
            code: KeyCode::Char('j'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        }))
        .is_none()
    );
    assert_eq!(app.article().scroll.cursor.row, 0);
}

#[test]
fn clicking_a_mention_selects_its_actor() {
    let mut app = sample();
    let (x, y) = find_on_screen(&app, "Fancy Bear");
    app.update(Action::Click {
        column: x + 3,
        row: y,
    });
    assert_eq!(current(&app), Some("Fancy Bear"));
    assert_eq!(selected_id(&app), Some("apt28"));
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(app.sidebar().cursor_actor(), Some(id(&app, "apt28")));
    // A click on plain text moves the cursor there, on no mention.
    let (x, y) = find_on_screen(&app, "hacking group");
    app.update(Action::Click { column: x, row: y });
    assert_eq!(current(&app), None);
    assert_eq!(
        &app.article().text()[app.article().cursor_byte..][..7],
        "hacking"
    );
    assert_eq!(selected_id(&app), Some("apt28"), "the selection stays");
}

#[test]
fn clicking_sidebar_rows_selects_actors_and_folds_kinds() {
    let mut app = sample();
    let (x, y) = find_on_screen(&app, "WikiLeaks   ");
    app.update(Action::Click { column: x, row: y });
    assert_eq!(app.focus(), Focus::Sidebar);
    assert_eq!(selected_id(&app), Some("wikileaks"));
    assert_eq!(current(&app), Some("WikiLeaks"));
    let (x, y) = find_on_screen(&app, "Media");
    app.update(Action::Click { column: x, row: y });
    assert!(matches!(
        app.sidebar().cursor_row(),
        Some(Row::Kind {
            kind: Group::Kind(Kind::Media),
            folded: true,
            ..
        })
    ));
}

#[test]
fn clicking_the_detail_panel_moves_its_cursor_then_activates() {
    let mut app = sample();
    app.update(Action::SelectActor(id(&app, "dnc")));
    let layout = app.detail_layout().expect("DNC");
    let areas = *app.areas().expect("big enough");
    // Bring the mentions into view, then click the second one twice.
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Detail);
    let row = layout.mention_row(1);
    let list = detail::list_area(areas.detail_rows);
    assert_eq!(
        list.y,
        areas.detail_rows.y + 4,
        "below the header and its rule"
    );
    let y = list.y + (row - app.detail().scroll.offset) as u16;
    app.update(Action::Click {
        column: list.x + 5,
        row: y,
    });
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(app.detail().scroll.cursor, row);
    app.update(Action::Click {
        column: list.x + 5,
        row: y,
    });
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(app.current_ordinal(), Some(1));
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = sample();
    let areas = *app.areas().expect("big enough");
    let over_article = (areas.article_text.x + 3, areas.article_text.y + 3);
    app.update(Action::Wheel {
        column: over_article.0,
        row: over_article.1,
        lines: 3,
    });
    let art = app.article().scroll;
    assert_eq!(line_index(&app, art.offset), 3);
    // The cursor was dragged along, keeping its scroll-off from the top,
    // and picked the mention on its new line.
    assert_eq!(line_index(&app, art.cursor), 6);
    assert_eq!(current(&app), Some("Russian government"));
    app.update(Action::Wheel {
        column: over_article.0,
        row: over_article.1,
        lines: -3,
    });
    assert_eq!(line_index(&app, app.article().scroll.offset), 0);
    assert_eq!(
        line_index(&app, app.article().scroll.cursor),
        6,
        "not dragged back"
    );
    // Over the sidebar only the sidebar moves.
    let mut app = app_with(SAMPLE, 60, 15);
    let areas = *app.areas().expect("big enough");
    let before = app.article().scroll;
    app.update(Action::Wheel {
        column: areas.sidebar_rows.x + 1,
        row: areas.sidebar_rows.y + 1,
        lines: 3,
    });
    assert_eq!(app.sidebar().scroll.offset, 3);
    assert_eq!(app.article().scroll, before);
    app.update(Action::Wheel {
        column: areas.detail_rows.x + 1,
        row: areas.detail_rows.y + 1,
        lines: 3,
    });
    assert_eq!(app.detail().scroll.offset, 3);
}

#[test]
fn resizing_keeps_the_cursor_on_its_text_and_survives_tiny_terminals() {
    let mut app = sample();
    keys(&mut app, "nn");
    let at = app.article().cursor_byte;
    app.update(Action::Resize {
        width: 40,
        height: 10,
    });
    assert!(app.areas().is_none());
    // Clicks and keys on a tiny terminal do no harm.
    app.update(Action::Click { column: 5, row: 5 });
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(app.article().cursor_byte, at);
    let art = app.article();
    let cursor = art.scroll.cursor;
    assert!(cursor >= art.scroll.offset);
    app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    assert_eq!(app.article().cursor_byte, at);
    assert_eq!(
        app.areas().map(|a| a.detail.y),
        Some(0),
        "beside the article when wide"
    );
}

#[test]
fn the_detail_cursor_keeps_its_row_across_resizes() {
    let mut app = app_with(SAMPLE, 200, 60);
    app.update(Action::SelectActor(id(&app, "russia")));
    app.update(Action::FocusNext);
    keys(&mut app, "jj");
    let at = |app: &App| {
        let layout = app.detail_layout().expect("Russia");
        layout.row(app.detail().scroll.cursor)
    };
    assert_eq!(at(&app), DetailRow::Mention(2));
    // Narrower, the description takes more rows: the cursor stays on its
    // mention, and in view.
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(at(&app), DetailRow::Mention(2));
    app.update(Action::Resize {
        width: 61,
        height: 40,
    });
    assert_eq!(at(&app), DetailRow::Mention(2));
    let s = app.detail().scroll;
    assert!(s.cursor >= s.offset && s.cursor < s.offset + s.viewport);
}

#[test]
fn jump_to_an_offset_selects_the_mention_there() {
    let mut app = sample();
    let at = SAMPLE.find("DCLeaks").expect("in the sample") + 2;
    app.update(Action::JumpTo(at));
    assert_eq!(current(&app), Some("DCLeaks.com"));
    assert_eq!(selected_id(&app), Some("dcleaks"));
    app.update(Action::JumpTo(usize::MAX));
    assert_eq!(app.article().percent(), 100);
}

#[test]
fn an_article_without_mentions_is_calm() {
    let mut app = app_with("Nothing to see here.\n", 100, 30);
    assert_eq!(app.selected(), None);
    assert!(app.sidebar().rows.is_empty());
    keys(&mut app, "n");
    assert_eq!(app.message(), Some("no actor selected"));
    keys(&mut app, "]");
    assert_eq!(
        app.message(),
        Some("no known actor is mentioned in this article")
    );
    app.update(Action::FocusNext);
    keys(&mut app, "jk");
    app.update(Action::Activate);
    assert_eq!(app.focus(), Focus::Detail);
}

// ----- A corpus of articles (issue 4). -----

/// Four short articles: APT28 in the first (twice), second (as Fancy Bear)
/// and fourth (twice); the third only mentions `WikiLeaks`.
fn corpus_docs() -> Vec<Document> {
    vec![
        Document::from_text(
            "a.md",
            "# First story\nAPT28 hacked the DNC.\nAccording to the Washington Post, APT28 is Russian.\n",
        ),
        Document::from_text(
            "b.txt",
            "Second story\nThe Guardian reported that Fancy Bear struck again.\n",
        ),
        Document::from_text("c.txt", "Third story\nNothing but WikiLeaks here.\n"),
        Document::from_text("d.txt", "Fourth story\nAPT28 once. APT28 twice.\n"),
    ]
}

fn corpus_app() -> App {
    let mut app = App::new(Catalog::bundled(), corpus_docs(), Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

#[test]
fn the_article_list_opens_another_article_keeping_the_selected_actor() {
    let mut app = corpus_app();
    let apt = id(&app, "apt28");
    app.update(Action::SelectActor(apt));
    assert_eq!(current(&app), Some("APT28"));
    keys(&mut app, "o");
    assert!(app.list().is_some());
    assert_eq!(
        app.list().unwrap().cursor,
        0,
        "the list starts on the open article"
    );
    keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    assert!(app.list().is_none());
    assert_eq!(app.current_article(), Some(1));
    assert_eq!(app.article().doc.name, "b.txt");
    assert_eq!(app.selected(), Some(apt), "APT28 is in b.txt too");
    assert_eq!(current(&app), Some("Fancy Bear"));
    // An article without the actor opens at its top; the actor stays
    // selected (the detail panel lists where it is).
    keys(&mut app, "oj");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_article(), Some(2));
    assert_eq!(
        (app.article().current, app.article().cursor_byte),
        (None, 0)
    );
    assert_eq!(app.selected(), Some(apt));
    // Esc closes the list without opening anything.
    keys(&mut app, "o");
    press(&mut app, KeyCode::Esc);
    assert!(app.list().is_none());
    assert_eq!(app.current_article(), Some(2));
}

#[test]
fn c_switches_the_sidebar_to_counts_across_all_articles() {
    let mut app = corpus_app();
    let apt = id(&app, "apt28");
    let wikileaks = id(&app, "wikileaks");
    assert_eq!(app.sidebar_count(apt), 2);
    assert!(!app.sidebar().rows.contains(&Row::Actor(wikileaks)));
    keys(&mut app, "c");
    assert_eq!(app.sidebar().scope, aka::app::sidebar::Scope::Corpus);
    assert_eq!(app.sidebar_count(apt), 5, "2 in a, 1 in b, 2 in d");
    assert!(app.sidebar().rows.contains(&Row::Actor(wikileaks)));
    assert_eq!(app.corpus().articles_of(apt), [(0, 2), (1, 1), (3, 2)]);
    keys(&mut app, "c");
    assert_eq!(app.sidebar().scope, aka::app::sidebar::Scope::Article);
    assert_eq!(app.sidebar_count(apt), 2);
}

#[test]
fn the_detail_panel_lists_the_articles_of_an_actor_and_enter_opens_one() {
    let mut app = corpus_app();
    let apt = id(&app, "apt28");
    app.update(Action::SelectActor(apt));
    let layout = app.detail_layout().unwrap();
    let rows: Vec<DetailRow> = (0..layout.len()).map(|i| layout.row(i)).collect();
    let articles: Vec<usize> = rows
        .iter()
        .filter_map(|r| match r {
            DetailRow::Article(k) => Some(*k),
            _ => None,
        })
        .collect();
    assert_eq!(articles, [0, 1, 2]);
    // The last row is the last article (d.txt): Enter opens it at its
    // first mention.
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Detail);
    app.update(Action::Bottom);
    assert_eq!(
        layout.row(app.detail().scroll.cursor),
        DetailRow::Article(2)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_article(), Some(3));
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(current(&app), Some("APT28"));
    assert_eq!(app.current_ordinal(), Some(0));
}

#[test]
fn n_past_the_last_mention_continues_in_the_next_article_that_has_one() {
    let mut app = corpus_app();
    let apt = id(&app, "apt28");
    app.update(Action::SelectActor(apt));
    keys(&mut app, "n");
    assert_eq!(
        (app.current_article(), app.current_ordinal()),
        (Some(0), Some(1))
    );
    keys(&mut app, "n");
    assert_eq!(app.current_article(), Some(1));
    assert_eq!(current(&app), Some("Fancy Bear"));
    let message = app.message().unwrap();
    assert!(message.contains("continued in article 2/4"), "{message}");
    assert!(message.contains("Second story"), "{message}");
    // c.txt does not mention APT28: it is skipped.
    keys(&mut app, "n");
    assert_eq!(app.current_article(), Some(3));
    keys(&mut app, "n");
    assert_eq!(app.current_ordinal(), Some(1));
    keys(&mut app, "n");
    assert_eq!(app.current_article(), Some(0), "around the corpus");
    assert_eq!(app.current_ordinal(), Some(0));
    assert!(app.message().unwrap().contains("wrapped around the corpus"));
    // Backwards: from the first mention of the first article to the last
    // mention of the last.
    keys(&mut app, "N");
    assert_eq!(app.current_article(), Some(3));
    assert_eq!(app.current_ordinal(), Some(1));
    assert!(app.message().unwrap().contains("back in article 4/4"));
}

#[test]
fn articles_arriving_in_the_background_fill_in_at_their_place() {
    use aka::app::corpus::EntryState;
    use aka::model::{Article, InputError, Loaded, Matcher};
    use std::sync::Arc;

    let catalog = Catalog::bundled();
    let matcher = Arc::new(Matcher::new(&catalog));
    let names = vec!["a.md".into(), "b.txt".into(), "gone.txt".into()];
    let mut app = App::pending(catalog, Arc::clone(&matcher), names, Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    assert_eq!(app.current_article(), None);
    assert_eq!(app.loading(), Some((0, 3)));
    let mut docs = corpus_docs().into_iter();
    let (a, b) = (docs.next().unwrap(), docs.next().unwrap());
    // The second arrives first: it is shown, and filed second.
    app.receive(Loaded::Article {
        index: 1,
        article: Box::new(Article::analyse(b, &matcher)),
        invalid_utf8: None,
    });
    app.settle();
    assert_eq!(app.current_article(), Some(1));
    assert_eq!(app.article().doc.name, "b.txt");
    assert!(matches!(app.articles()[0].state, EntryState::Loading));
    assert_eq!(app.loading(), Some((1, 3)));
    app.receive(Loaded::Failed {
        index: 2,
        error: InputError {
            path: "gone.txt".into(),
            reason: "no such file or directory".into(),
        },
    });
    app.settle();
    let message = app.message().unwrap();
    assert!(
        message.contains("gone.txt: no such file or directory"),
        "{message}"
    );
    assert!(matches!(app.articles()[2].state, EntryState::Failed(_)));
    app.receive(Loaded::Article {
        index: 0,
        article: Box::new(Article::analyse(a, &matcher)),
        invalid_utf8: None,
    });
    app.settle();
    assert_eq!(app.loading(), None);
    assert_eq!(app.current_article(), Some(1), "the article shown stays");
    let apt = id(&app, "apt28");
    assert_eq!(app.corpus().articles_of(apt), [(0, 2), (1, 1)]);
    // An unreadable entry in the list says why when opened.
    keys(&mut app, "oG");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_article(), Some(1));
    assert!(app.message().unwrap().contains("cannot open gone.txt"));
}

#[test]
fn explore_open_shows_the_first_article_and_loads_the_rest() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    for (i, doc) in corpus_docs().iter().enumerate() {
        std::fs::write(dir.join(format!("{i}-{}", doc.name)), doc.text()).unwrap();
    }
    let paths = vec![dir.display().to_string()];
    let aka::explore::Session {
        mut app, loader, ..
    } = aka::explore::open(Catalog::bundled(), &paths, Theme::colored(), 2).unwrap();
    assert_eq!(app.current_article(), Some(0));
    assert!(app.article().doc.name.ends_with("0-a.md"));
    let mut loader = loader.unwrap();
    aka::explore::drain(&mut app, &mut loader);
    assert_eq!(app.loading(), None);
    assert!(app.articles().iter().all(|e| e.ready().is_some()));
    assert_eq!(app.corpus().count(id(&app, "apt28")), 5);
}

#[test]
fn the_sources_view_lists_each_source_and_enter_highlights_the_sentence() {
    let mut app = sample();
    keys(&mut app, "S");
    assert!(app.sources_view().is_some());
    let sources = app.sources().unwrap();
    let names: Vec<String> = sources
        .groups
        .iter()
        .map(|g| match g.actor {
            Some(a) => app.catalog().actor(a).id.clone(),
            None => format!("unnamed: {}", g.words),
        })
        .collect();
    for want in [
        "washington-post",
        "the-guardian",
        "the-atlantic",
        "guccifer-2",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.contains("Security firms")),
        "{names:?}"
    );
    // Go to the Washington Post's sentence.
    let post = id(&app, "washington-post");
    let row = sources
        .rows
        .iter()
        .position(|r| matches!(r, aka::app::sources::SourceRow::Source(g) if sources.groups[*g].actor == Some(post)))
        .unwrap();
    let sentence = sources.list[sources.cited(post)[0]].sentence.clone();
    app.update(Action::Top);
    for _ in 0..=row {
        app.update(Action::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.sources_view().is_none());
    assert_eq!(app.article().highlight, Some(sentence.clone()));
    assert_eq!(app.article().cursor_byte, sentence.start);
    assert!(app.article().text()[sentence].starts_with("According to"));
    assert_eq!(
        app.message(),
        Some("cited to Washington Post (according to)")
    );
    // Esc clears the highlight.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.article().highlight, None);
}

#[test]
fn the_detail_panel_shows_where_an_actor_is_cited_and_enter_goes_there() {
    let mut app = sample();
    let guccifer = id(&app, "guccifer-2");
    app.update(Action::SelectActor(guccifer));
    let layout = app.detail_layout().unwrap();
    let cited = (0..layout.len())
        .find(|&i| layout.row(i) == DetailRow::Cited(0))
        .expect("a cited row");
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Detail);
    // From the current mention's row, up is the cited sentence.
    app.update(Action::Up);
    assert_eq!(app.detail().scroll.cursor, cited);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Article);
    let sentence = app.article().highlight.clone().unwrap();
    assert!(
        app.article().text()[sentence].contains("claimed by the Guccifer 2.0"),
        "the sentence Guccifer 2.0 claimed"
    );
}

// ----- Explaining matches (issue 5). -----

/// The bundled catalog plus a second one in which "Fancy Bear" is also the
/// alias of another threat group: the sample's "Fancy Bear" becomes
/// ambiguous.
fn ambiguous_catalog() -> Catalog {
    use aka::model::CatalogSource;
    let other = CatalogSource {
        name: "other.json".to_string(),
        json: r#"{"actors": [{"id": "bear-two", "name": "Bear Two", "kind": "threat-group",
            "aliases": ["Fancy Bear"]}]}"#
            .to_string(),
    };
    Catalog::load(&[CatalogSource::bundled(), other]).unwrap()
}

fn ambiguous_app() -> App {
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(ambiguous_catalog(), vec![doc], Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

/// Puts the article cursor on the first mention whose text is `text`.
fn goto_text(app: &mut App, text: &str) {
    let at = app.article().text().find(text).unwrap();
    app.update(Action::JumpTo(at));
    assert_eq!(current(app), Some(text));
}

/// The explanation rows of the detail panel's header, joined.
fn why_rows(app: &App) -> String {
    let layout = app.detail_layout().unwrap();
    (0..HEADER_ROWS)
        .filter_map(|i| match layout.header_row(i) {
            DetailRow::Why(k) if k >= layout.why_lines.len() => None,
            DetailRow::Why(k) => Some(layout.why.text[layout.why_lines[k].clone()].trim_end()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_current_mention_is_explained_in_the_detail_panel_and_status() {
    let mut app = sample();
    goto_text(&mut app, "Fancy Bear");
    assert_eq!(selected_id(&app), Some("apt28"));
    let why = app.explanation().unwrap();
    assert!(why.starts_with("Fancy Bear → APT28 (alias from"), "{why}");
    assert!(!why.contains("ambiguous"), "{why}");
    assert_eq!(why_rows(&app), why);
    let layout = app.detail_layout().unwrap();
    assert!(layout.why.candidates.is_empty());
}

#[test]
fn an_ambiguous_mention_lists_its_candidates_and_enter_picks_one() {
    let mut app = ambiguous_app();
    let (apt28, two) = (id(&app, "apt28"), id(&app, "bear-two"));
    goto_text(&mut app, "Fancy Bear");
    let why = app.explanation().unwrap();
    assert!(
        why.starts_with("Fancy Bear → ambiguous: APT28 or Bear Two"),
        "{why}"
    );
    assert_eq!(why_rows(&app), why);
    // Both candidates are listed, and the mention counts for both.
    let layout = app.detail_layout().unwrap();
    assert_eq!(layout.why.candidates, [apt28, two]);
    assert_eq!(app.article().index.count(two), 1);
    assert_eq!(app.article().index.ambiguous_count(apt28), 1);
    assert_eq!(app.article().index.ambiguous_count(two), 1);
    let id_russia = id(&app, "russia");
    assert_eq!(app.article().index.ambiguous_count(id_russia), 0);
    // Enter on the second candidate selects it; the cursor stays put.
    let mention = app.article().current;
    app.update(Action::FocusNext); // article → detail
    assert_eq!(app.focus(), Focus::Detail);
    let row = layout.candidate_row(1);
    assert_eq!(layout.row(row), DetailRow::Candidate(1));
    while app.detail().scroll.cursor != row {
        app.update(Action::Up);
    }
    app.update(Action::Activate);
    assert_eq!(app.selected(), Some(two));
    assert_eq!(app.article().current, mention);
    assert_eq!(app.current_ordinal(), Some(0));
    // Moving off and back keeps the reading chosen.
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Article);
    app.update(Action::NextMention);
    assert_eq!(app.selected(), Some(two));
    assert_eq!(current(&app), Some("Fancy Bear"));
}

#[test]
fn the_detail_panel_says_why_an_occurrence_did_not_count() {
    let catalog = aka::cli::CatalogArgs::default().load().unwrap();
    let text = "The actors deployed Cobalt Strike beacons. Later, the Cobalt gang used them.";
    let mut app = App::new(
        catalog,
        vec![Document::from_text("t.txt", text)],
        Theme::colored(),
    );
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let cobalt = id(&app, "cobalt");
    app.update(Action::SelectActor(cobalt));
    let layout = app.detail_layout().expect("Cobalt");
    assert_eq!(
        layout.why.dropped,
        ["Cobalt ↛ Cobalt (not counted: part of the tool name Cobalt Strike)"]
    );
    // The panel has rows for them: the last row is the one occurrence.
    assert_eq!(layout.row(layout.len() - 1), DetailRow::Dropped(0));
}

#[test]
fn not_counted_here_shows_for_the_first_article_opened_from_disk() {
    // The first article of a session is read by `explore::open` before the
    // terminal, not through the article list: its occurrences that did not
    // count must be there at once, for a single file as for a folder.
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let text = "The actors deployed Cobalt Strike beacons. Later, the Cobalt gang used them.\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    std::fs::write(dir.join("b.txt"), SAMPLE).unwrap();
    for paths in [
        vec![dir.join("a.txt").to_string_lossy().into_owned()],
        vec![dir.to_string_lossy().into_owned()],
    ] {
        let catalog = aka::cli::CatalogArgs::default().load().unwrap();
        let session = aka::explore::open(catalog, &paths, Theme::colored(), 1).unwrap();
        let mut app = session.app;
        app.update(Action::Resize {
            width: 120,
            height: 40,
        });
        let cobalt = id(&app, "cobalt");
        app.update(Action::SelectActor(cobalt));
        let layout = app.detail_layout().expect("Cobalt");
        assert_eq!(layout.why.dropped.len(), 1, "{paths:?}");
        assert!(
            (0..layout.len()).any(|i| layout.row(i) == DetailRow::Dropped(0)),
            "{paths:?}"
        );
    }
}

#[test]
fn f_searches_every_article_and_enter_opens_the_match() {
    let mut app = corpus_app();
    assert_eq!(app.current_article(), Some(0));
    keys(&mut app, "F");
    assert_eq!(app.prompt().map(|p| p.kind), Some(PromptKind::Corpus));
    keys(&mut app, "apt28");
    // Nothing runs before Enter.
    assert!(app.results().is_none());
    press(&mut app, KeyCode::Enter);
    let results = app.results().expect("the results are open");
    assert_eq!(app.contexts()[0], aka::keymap::Context::Results);
    // Smart case: "apt28" finds APT28 in a.md (twice) and d.txt (twice).
    let places: Vec<(usize, usize)> = results.hits.iter().map(|h| (h.article, h.line)).collect();
    assert_eq!(places, [(0, 2), (0, 3), (3, 2), (3, 2)]);
    assert_eq!((results.articles, results.searched), (2, 4));
    // The last match: d.txt's second APT28.
    keys(&mut app, "G");
    press(&mut app, KeyCode::Enter);
    assert!(app.results().is_none());
    assert_eq!(app.current_article(), Some(3));
    assert_eq!(app.focus(), Focus::Article);
    let art = app.article();
    let search = art.search.as_ref().expect("the search is active here");
    assert_eq!(search.matches.len(), 2);
    assert_eq!(art.cursor_byte, search.matches[1].start);
    assert_eq!(
        app.message(),
        Some("match 2 of 2 in this article (n/N: the others here, F: all articles)")
    );
    // F again offers the last query.
    keys(&mut app, "F");
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("apt28"));
    press(&mut app, KeyCode::Esc);
    assert!(app.prompt().is_none());
}

#[test]
fn f_without_a_match_says_so_and_slash_points_to_f_in_a_corpus() {
    let mut app = corpus_app();
    keys(&mut app, "Fzebra");
    press(&mut app, KeyCode::Enter);
    assert!(app.results().is_none());
    assert_eq!(app.message(), Some("no match for “zebra” in 4 articles"));
    keys(&mut app, "/Guardian");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.message(),
        Some("no match for “Guardian” here (F searches all articles)")
    );
}

#[test]
fn the_results_overlay_lists_article_line_and_context() {
    let mut app = corpus_app();
    keys(&mut app, "Ffancy");
    press(&mut app, KeyCode::Enter);
    let mut buf = Buffer::empty(Rect::new(0, 0, 120, 40));
    (&app).render(buf.area, &mut buf);
    let screen: Vec<String> = (0..40)
        .map(|y| (0..120).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let screen = screen.join("\n");
    assert!(
        screen.contains("“fancy”: 1 match in 1 article of 4"),
        "{screen}"
    );
    assert!(screen.contains("b.txt:2"), "{screen}");
    assert!(
        screen.contains("The Guardian reported that Fancy Bear struck again."),
        "{screen}"
    );
}

// ----- Actor colours (issue 10). -----

#[test]
fn the_actors_of_the_article_shown_wear_different_colours() {
    let catalog = Catalog::bundled();
    // Forty actors of the bundled catalog, named in full; twelve articles
    // of 8 to 14 of them, overlapping as a corpus does.
    let names: Vec<String> = catalog
        .actors()
        .iter()
        .filter(|a| a.name.len() > 6 && a.name.is_ascii())
        .take(40)
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(names.len(), 40);
    let docs: Vec<Document> = (0..12)
        .map(|k| {
            let text: Vec<String> = (0..8 + k % 7)
                .map(|j| format!("{} acted.", names[(k * 7 + j * 3) % 40]))
                .collect();
            Document::from_text(format!("{k}.txt"), text.join("\n"))
        })
        .collect();
    let mut app = App::new(catalog, docs, Theme::colored());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let theme = *app.theme();
    let check = |app: &App| {
        let found = &app.article().index.found;
        assert!(found.len() <= theme.palette_len(), "{}", found.len());
        let slots: Vec<usize> = found.iter().map(|&a| app.slot(a)).collect();
        let distinct: std::collections::HashSet<_> = slots.iter().collect();
        assert_eq!(
            distinct.len(),
            slots.len(),
            "{}: {slots:?}",
            app.article().doc.name
        );
        for &s in &slots {
            assert_ne!(theme.actor_color(s), theme.key().fg, "the accent");
        }
    };
    for i in 0..12 {
        app.update(Action::OpenArticle(i));
        assert_eq!(app.current_article(), Some(i));
        check(&app);
    }
    // Following an actor from article to article, it keeps its colour.
    app.update(Action::OpenArticle(0));
    let followed = app.article().index.found[0];
    app.update(Action::SelectActor(followed));
    let slot = app.slot(followed);
    let mut visited = std::collections::HashSet::new();
    for _ in 0..12 {
        keys(&mut app, "n");
        visited.insert(app.current_article());
        assert_eq!(app.selected(), Some(followed));
        assert_eq!(app.slot(followed), slot);
        check(&app);
    }
    assert!(visited.len() > 2, "{visited:?}");
}

// ----- The detail panel's header and folded descriptions (issue 10). -----

/// A catalog with an actor whose description runs to many lines.
fn wordy_catalog() -> Catalog {
    use aka::model::CatalogSource;
    let description = "A long-running espionage crew that keeps changing its tools. ".repeat(12);
    let wordy = CatalogSource {
        name: "wordy.json".to_string(),
        json: format!(
            r#"{{"actors": [{{"id": "quill-spider", "name": "Quill Spider",
            "kind": "threat-group", "country": "RU", "aliases": ["Quill Team"],
            "description": "{description}",
            "links": [{{"to": "gru", "rel": "operated-by"}}]}}]}}"#
        ),
    };
    Catalog::load(&[CatalogSource::bundled(), wordy]).unwrap()
}

fn wordy_app(width: u16, height: u16) -> App {
    let text =
        "Quill Spider struck first.\n\nLater the Quill Team came back.\n\nQuill Spider again.\n";
    let mut app = App::new(
        wordy_catalog(),
        vec![Document::from_text("quill.txt", text)],
        Theme::colored(),
    );
    app.update(Action::Resize { width, height });
    app
}

#[test]
fn the_detail_header_is_not_part_of_the_scrolling_list() {
    let app = wordy_app(120, 40);
    let layout = app.detail_layout().unwrap();
    assert_eq!(layout.header_row(0), DetailRow::Meta);
    assert_eq!(layout.header_row(1), DetailRow::Why(0));
    assert_eq!(layout.header_row(HEADER_ROWS - 1), DetailRow::Why(1));
    // The list starts with the description; nothing of the header is in it.
    assert_eq!(layout.row(0), DetailRow::Desc(0));
    for i in 0..layout.len() {
        assert!(
            !matches!(layout.row(i), DetailRow::Meta | DetailRow::Why(_)),
            "row {i}"
        );
    }
    // The detail scroll's viewport is the list's height: the panel's rows
    // less the header and its rule.
    let areas = *app.areas().unwrap();
    let list = detail::list_area(areas.detail_rows);
    assert_eq!(list.bottom(), areas.detail_rows.bottom());
    assert_eq!(list.y, areas.detail_rows.y + HEADER_ROWS as u16 + 1);
    assert_eq!(app.detail().scroll.viewport, list.height as usize);
    // A short panel gives the header at most half its rows and no rule.
    let app = wordy_app(60, 15);
    let rows = app.areas().unwrap().detail_rows;
    assert_eq!(rows.height, 4);
    assert_eq!(detail::header_area(rows).height, 2);
    assert_eq!(detail::rule_row(rows), None);
    assert_eq!(app.detail().scroll.viewport, 2);
}

#[test]
fn d_unfolds_and_folds_long_descriptions_keeping_the_cursor_on_its_row() {
    let mut app = wordy_app(120, 40);
    let layout = app.detail_layout().unwrap();
    assert!(layout.desc.len() > 6, "{}", layout.desc.len());
    assert_eq!(layout.desc_shown, 3);
    assert!(layout.desc_folded());
    assert_eq!(layout.row(3), DetailRow::Blank);
    assert_eq!(
        layout.row(4),
        DetailRow::Heading(aka::app::detail::Section::Aliases)
    );
    // From the detail panel, on the second mention.
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Detail);
    keys(&mut app, "j");
    let at = |app: &App| {
        let layout = app.detail_layout().unwrap();
        layout.row(app.detail().scroll.cursor)
    };
    assert_eq!(at(&app), DetailRow::Mention(1));
    keys(&mut app, "d");
    let unfolded = app.detail_layout().unwrap();
    assert_eq!(unfolded.desc_shown, unfolded.desc.len());
    assert!(!unfolded.desc_folded());
    assert_eq!(at(&app), DetailRow::Mention(1), "the cursor keeps its row");
    assert_eq!(app.detail().scroll.offset, 0, "the description shows");
    assert_eq!(
        unfolded.index_of(DetailRow::Mention(1)),
        layout.index_of(DetailRow::Mention(1)) + unfolded.desc.len() - 3
    );
    assert!(app.message().unwrap().contains("whole"));
    // Unfolded stays unfolded for other actors, until d again.
    app.update(Action::SelectActor(id(&app, "russia")));
    assert!(app.detail().unfold);
    keys(&mut app, "d");
    assert!(!app.detail().unfold);
    assert!(app.message().unwrap().contains("folded"));
    // d works from any pane, and types itself in a prompt.
    let mut app = wordy_app(120, 40);
    keys(&mut app, "d");
    assert!(app.detail().unfold);
    app.update(Action::FocusPrev);
    assert_eq!(app.focus(), Focus::Sidebar);
    keys(&mut app, "d");
    assert!(!app.detail().unfold);
    keys(&mut app, "/d");
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("d"));
    assert!(!app.detail().unfold);
}

#[test]
fn clicks_in_the_detail_panel_count_rows_from_below_the_header() {
    let mut app = ambiguous_app();
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    goto_text(&mut app, "Fancy Bear");
    let layout = app.detail_layout().unwrap();
    assert_eq!(layout.row(0), DetailRow::Candidate(0));
    assert_eq!(layout.row(1), DetailRow::Candidate(1));
    let rows = app.areas().unwrap().detail_rows;
    let list = detail::list_area(rows);
    let before = app.detail().scroll.cursor;
    // The header and its rule are not rows of the list.
    for y in rows.y..list.y {
        app.update(Action::Click {
            column: rows.x + 3,
            row: y,
        });
        assert_eq!(app.focus(), Focus::Detail);
        assert_eq!(app.detail().scroll.cursor, before, "row {y}");
    }
    // The list's first screen row is its first row in view.
    app.update(Action::Click {
        column: list.x + 3,
        row: list.y + 1,
    });
    assert_eq!(app.detail().scroll.cursor, layout.candidate_row(1));
    app.update(Action::Click {
        column: list.x + 3,
        row: list.y + 1,
    });
    assert_eq!(app.selected(), Some(id(&app, "bear-two")));
    // Scrolled, a click still hits the row drawn there.
    let layout = app.detail_layout().unwrap();
    app.update(Action::Wheel {
        column: list.x + 3,
        row: list.y,
        lines: 3,
    });
    let offset = app.detail().scroll.offset;
    assert!(offset > 0);
    let target = (offset..offset + list.height as usize)
        .find(|&i| layout.is_action(i))
        .expect("a row to click in view");
    app.update(Action::Click {
        column: list.x + 3,
        row: list.y + (target - offset) as u16,
    });
    assert_eq!(app.detail().scroll.cursor, target);
}
