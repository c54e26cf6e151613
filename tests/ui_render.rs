//! The screen as drawn into ratatui's `TestBackend`: the panes and the
//! status bar at 120×40 and 80×24, mentions in the right cells with the
//! right styles, the selected actor's emphasis, the help overlay, the
//! too-small message, `NO_COLOR`, and text that must not reach the terminal
//! as it stands (control characters) or that takes two cells (CJK, emoji).
//! The insta snapshots under `tests/snapshots/` hold the whole screens as
//! text; styles are asserted cell by cell here, since text snapshots drop
//! them.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::action::Action;
use aka::app::App;
use aka::explore::{SAMPLE, SAMPLE_NAME};
use aka::keymap;
use aka::model::{ActorIdx, Catalog, Document};
use aka::theme::{Emphasis, Theme};
use aka::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(text: &str, theme: Theme, width: u16, height: u16) -> App {
    let doc = Document::from_text(SAMPLE_NAME, text);
    let mut app = App::new(Catalog::bundled(), vec![doc], theme);
    app.update(Action::Resize { width, height });
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|frame| ui::render(app, frame)).expect("draw");
    terminal
}

fn buffer(app: &App) -> Buffer {
    draw(app).backend().buffer().clone()
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

/// Every place `needle` shows, as (x, y) of its first cell; x counts cells.
fn find_all(buf: &Buffer, needle: &str) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let row: String = cells.concat();
        for (i, _) in row.match_indices(needle) {
            let x = cells
                .iter()
                .scan(0, |len, c| {
                    *len += c.len();
                    Some(*len)
                })
                .position(|len| len > i)
                .unwrap_or(0) as u16;
            out.push((x, y));
        }
    }
    out
}

fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    *find_all(buf, needle)
        .first()
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", screen_text(buf)))
}

/// The cells of `needle` at (x, y), one per character (ASCII needles).
fn cells<'b>(buf: &'b Buffer, (x, y): (u16, u16), needle: &str) -> Vec<&'b ratatui::buffer::Cell> {
    (0..needle.chars().count() as u16)
        .map(|i| &buf[(x + i, y)])
        .collect()
}

fn id(app: &App, id: &str) -> ActorIdx {
    app.catalog().index_of(id).expect("actor")
}

fn color_of(app: &App, actor: &str) -> Color {
    let slot = app.slot(id(app, actor));
    app.theme().actor_color(slot).expect("colour theme")
}

/// Asserts every cell of `needle` at `at` has this colour and exactly these
/// modifiers (skipping spaces, where only the underline would show).
fn assert_style(buf: &Buffer, at: (u16, u16), needle: &str, fg: Color, modifier: Modifier) {
    for (c, cell) in needle.chars().zip(cells(buf, at, needle)) {
        assert_eq!(cell.symbol(), c.to_string(), "{needle:?} at {at:?}");
        assert_eq!(cell.fg, fg, "fg of {c:?} in {needle:?}");
        assert_eq!(cell.modifier, modifier, "modifiers of {c:?} in {needle:?}");
    }
}

#[test]
fn the_three_panes_and_the_status_bar_at_120x40() {
    let app = app(SAMPLE, Theme::colored(), 120, 40);
    let buf = buffer(&app);
    let areas = *app.areas().expect("fits");
    // Sidebar on the left, article on the right, detail under the article.
    assert_eq!(find(&buf, "Actors 13"), (2, 0));
    assert!(row_text(&buf, 0).contains("sample: election-2016.txt"));
    assert_eq!(areas.sidebar.x, 0);
    assert!(areas.article.x >= areas.sidebar.right());
    assert_eq!(areas.detail.y, areas.article.bottom());
    let title = find_all(&buf, "● United States ─");
    assert_eq!(title, [(areas.detail.x + 2, areas.detail.y)]);
    // The sidebar groups actors under kinds, with counts.
    let sidebar: Vec<String> = (1..8)
        .map(|y| row_text(&buf, y)[..areas.sidebar.width as usize * 3].to_string())
        .collect();
    assert!(
        sidebar[0].contains("▾ States") && sidebar[0].contains('2'),
        "{sidebar:?}"
    );
    assert!(sidebar[1].contains("● United States") && sidebar[1].contains('4'));
    assert!(sidebar[2].contains("● Russia") && sidebar[2].contains('7'));
    // The detail panel: kind, country, count, description, aliases, links.
    let text = screen_text(&buf);
    assert!(text.contains("state · US · 4 mentions"));
    assert!(text.contains("Federal republic of fifty states in North America"));
    assert!(text.contains("U.S. 3× · US 1× · United States"));
    assert!(text.contains("← Obama administration government of United States"));
    // The status bar: file, actor i/N, position, hints.
    let status = row_text(&buf, 39);
    assert!(status.starts_with(" sample: election-2016.txt"), "{status}");
    assert!(status.contains("United States 1/4"), "{status}");
    assert!(status.contains("0%"));
    assert!(
        status.contains("n/N mention") && status.contains("? help") && status.contains("q quit")
    );
    // The cursor line has its marker in the gutter.
    assert_eq!(buf[(areas.article.x + 1, 1)].symbol(), "▌");
    // The article's scrollbar: the thumb at the top of the right border.
    let right = areas.article.right() - 1;
    assert_eq!(buf[(right, 1)].symbol(), "┃");
    assert_eq!(buf[(right, areas.article.bottom() - 2)].symbol(), "│");
    insta::assert_snapshot!("sample_120x40", draw(&app).backend());
}

#[test]
fn the_three_panes_and_the_status_bar_at_80x24() {
    let app = app(SAMPLE, Theme::colored(), 80, 24);
    let buf = buffer(&app);
    assert_eq!(find(&buf, "Actors 13"), (2, 0));
    let (_, y) = find(&buf, "● United States ─");
    assert!(y > 10 && y < 23);
    let status = row_text(&buf, 23);
    assert!(status.contains("United States 1/4"), "{status}");
    assert!(
        status.contains("? help"),
        "the help hint is the last to go: {status}"
    );
    // Text wraps at word boundaries to the narrower pane.
    assert!(screen_text(&buf).contains("│▌ The 2016 U.S. elections are nearly approaching.     "));
    insta::assert_snapshot!("sample_80x24", draw(&app).backend());
}

#[test]
fn mentions_show_in_their_actors_colours_and_the_current_one_reversed() {
    let app = app(SAMPLE, Theme::colored(), 120, 40);
    let buf = buffer(&app);
    let us = color_of(&app, "united-states");
    let russia = color_of(&app, "russia");
    let obama = color_of(&app, "obama-administration");
    assert_ne!(us, russia);
    assert_ne!(russia, obama);
    // The first U.S. is the cursor: reversed and bold.
    let at = find(&buf, "U.S.");
    assert_eq!(at.1, 1);
    assert_style(&buf, at, "U.S.", us, Modifier::REVERSED | Modifier::BOLD);
    // The other mentions of the selected actor: bold and underlined.
    let others = find_all(&buf, "U.S.");
    assert!(others.len() >= 3);
    assert_style(
        &buf,
        others[1],
        "U.S.",
        us,
        Modifier::BOLD | Modifier::UNDERLINED,
    );
    // Other actors: their colour, nothing else.
    let at = find(&buf, "Russian government");
    assert_style(&buf, at, "Russian", russia, Modifier::empty());
    assert_style(
        &buf,
        find(&buf, "Russian leaders"),
        "Russian leaders",
        russia,
        Modifier::empty(),
    );
    assert_style(&buf, find(&buf, "Obama"), "Obama", obama, Modifier::empty());
    // Plain text is plain.
    let at = find(&buf, "elections");
    for cell in cells(&buf, at, "elections") {
        assert_eq!((cell.fg, cell.modifier), (Color::Reset, Modifier::empty()));
    }
    // A mention cut by a line break is coloured on both lines.
    let (x, y) = find(&buf, "the Obama");
    assert_style(&buf, (x + 4, y), "Obama", obama, Modifier::empty());
    assert_style(
        &buf,
        find(&buf, "administration on"),
        "administration",
        obama,
        Modifier::empty(),
    );
    // The sidebar swatches wear the same colours.
    let (x, y) = find(&buf, "● Russia");
    assert_eq!(buf[(x, y)].fg, russia);
}

#[test]
fn the_selected_actor_stands_out_and_the_rest_go_quiet() {
    let mut app = app(SAMPLE, Theme::colored(), 120, 40);
    app.update(Action::SelectActor(id(&app, "apt28")));
    let buf = buffer(&app);
    let apt28 = color_of(&app, "apt28");
    assert_eq!(
        app.theme()
            .mention(app.slot(id(&app, "apt28")), Emphasis::Selected)
            .fg,
        Some(apt28)
    );
    assert_style(
        &buf,
        find(&buf, "Advance"),
        "Advance",
        apt28,
        Modifier::REVERSED | Modifier::BOLD,
    );
    assert_style(
        &buf,
        find(&buf, "Sofacy Group"),
        "Sofacy",
        apt28,
        Modifier::BOLD | Modifier::UNDERLINED,
    );
    assert_style(
        &buf,
        find(&buf, "Fancy Bear"),
        "Fancy",
        apt28,
        Modifier::BOLD | Modifier::UNDERLINED,
    );
    // The U.S. mentions are quiet now.
    for at in find_all(&buf, "U.S.").into_iter().filter(|&(x, _)| x > 30) {
        assert_style(
            &buf,
            at,
            "U.S.",
            color_of(&app, "united-states"),
            Modifier::empty(),
        );
    }
    // The sidebar marks APT28, the status bar counts its mentions.
    let (x, y) = find(&buf, "● APT28");
    assert_eq!(buf[(x - 2, y)].symbol(), "▌");
    assert!(buf[(x + 2, y)].modifier.contains(Modifier::BOLD));
    assert!(row_text(&buf, 39).contains("APT28 1/3"));
    // The detail panel shows APT28, its link to GRU and its mentions.
    let text = screen_text(&buf);
    assert!(text.contains("● APT28 ─"), "{text}");
    assert!(text.contains("→ operated by GRU (not in article)"));
}

#[test]
fn the_detail_panel_shows_mentions_in_context() {
    let mut app = app(SAMPLE, Theme::colored(), 200, 60);
    app.update(Action::SelectActor(id(&app, "guccifer-2")));
    let buf = buffer(&app);
    let areas = *app.areas().expect("fits");
    assert_eq!(areas.detail.y, 0, "beside the article on a wide terminal");
    assert!(areas.detail.x > areas.article.x);
    let text = screen_text(&buf);
    assert!(text.contains("Mentions (2)"), "{text}");
    // KWIC: the line number, words either side, the mention highlighted.
    let (x, y) = find(&buf, "11  ");
    assert!(x > areas.detail.x);
    let row = row_text(&buf, y);
    assert!(
        row.contains("11  …and by the Guccifer 2.0 online persona are…"),
        "{row}"
    );
    let at = find_all(&buf, "Guccifer 2.0")
        .into_iter()
        .find(|&(gx, gy)| gy == y && gx > areas.detail.x)
        .expect("in the KWIC row");
    let guccifer = color_of(&app, "guccifer-2");
    assert_style(
        &buf,
        at,
        "Guccifer",
        guccifer,
        Modifier::REVERSED | Modifier::BOLD,
    );
    let row13 = row_text(&buf, y + 1);
    assert!(row13.contains("13  "), "{row13}");
    // The current mention's row is marked in the panel's gutter.
    assert_eq!(buf[(areas.detail.x + 1, y)].symbol(), "▌");
    insta::assert_snapshot!("guccifer_200x60", draw(&app).backend());
}

#[test]
fn the_help_overlay_lists_the_key_table() {
    let mut app = app(SAMPLE, Theme::colored(), 120, 40);
    app.update(Action::ToggleHelp);
    let buf = buffer(&app);
    let areas = *app.areas().expect("fits");
    assert_eq!(find(&buf, "Keys"), (areas.overlay.x + 2, areas.overlay.y));
    let text = screen_text(&buf);
    assert!(text.contains("Any pane"));
    assert!(text.contains("j ↓"));
    assert!(text.contains("next mention of the selected actor"));
    assert!(text.contains("Esc close · j/k scroll"));
    assert!(
        row_text(&buf, 39).contains("Esc close"),
        "the hints are the help's"
    );
    insta::assert_snapshot!("help_120x40", draw(&app).backend());
    // Page through it: every binding of the table shows, with its keys.
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&screen_text(&buffer(&app)));
        app.update(Action::PageDown);
    }
    for section in keymap::help_sections() {
        assert!(seen.contains(section.title), "{}", section.title);
        for (keys, help) in section.rows {
            let line = format!("{keys:<12}{help}");
            assert!(
                seen.contains(keys.as_str()) && seen.contains(help),
                "{line} missing"
            );
        }
    }
    assert!(seen.contains("wheel"));
    app.update(Action::Back);
    assert!(!screen_text(&buffer(&app)).contains("Any pane"));
}

#[test]
fn a_small_terminal_shows_one_centred_line() {
    let app = app(SAMPLE, Theme::colored(), 40, 10);
    let buf = buffer(&app);
    let message = "terminal too small (need 60×15)";
    let (x, y) = find(&buf, message);
    assert_eq!(y, 5);
    assert_eq!(x, (40 - message.chars().count() as u16) / 2);
    let others: String = (0..10)
        .filter(|&r| r != 5)
        .map(|r| row_text(&buf, r))
        .collect();
    assert!(others.trim().is_empty(), "nothing else: {others:?}");
    insta::assert_snapshot!("too_small_40x10", draw(&app).backend());
    // Just big enough again, the panes are back.
    let mut app = app;
    app.update(Action::Resize {
        width: 60,
        height: 15,
    });
    assert!(screen_text(&buffer(&app)).contains("Actors 13"));
}

#[test]
fn no_color_uses_bold_underline_and_reverse_only() {
    let mut app = app(SAMPLE, Theme::no_color(), 120, 40);
    let buf = buffer(&app);
    for y in 0..40 {
        for x in 0..120 {
            let cell = &buf[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "({x}, {y})"
            );
        }
    }
    let u = find(&buf, "U.S.");
    assert_style(
        &buf,
        u,
        "U.S.",
        Color::Reset,
        Modifier::REVERSED | Modifier::BOLD,
    );
    let others = find_all(&buf, "U.S.");
    assert_style(
        &buf,
        others[1],
        "U.S.",
        Color::Reset,
        Modifier::BOLD | Modifier::UNDERLINED,
    );
    assert_style(
        &buf,
        find(&buf, "Russian"),
        "Russian",
        Color::Reset,
        Modifier::UNDERLINED,
    );
    // The focused pane's title is reversed, the others' are not.
    let (x, y) = find(&buf, "sample: election-2016.txt");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&buf, "Actors 13");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    app.update(Action::FocusPrev);
    let buf = buffer(&app);
    // The sidebar's cursor row is reversed.
    let (_, y) = find(&buf, "• United States");
    assert!(buf[(5, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let text =
        "Fancy Bear\u{1b}[2J\u{1b}]0;pwned\u{7} and \u{9b}31m WikiLeaks\r\nnext\tline\u{0}\n";
    let app = app(text, Theme::colored(), 100, 30);
    let buf = buffer(&app);
    for y in 0..30 {
        for x in 0..100 {
            let s = buf[(x, y)].symbol();
            assert!(
                !s.contains(char::is_control),
                "control in ({x}, {y}): {s:?}"
            );
        }
    }
    let screen = screen_text(&buf);
    assert!(
        screen.contains("Fancy Bear␛[2J␛]0;pwned␇ and ␦31m WikiLeaks"),
        "{screen}"
    );
    // The tab expands to the next stop; NUL shows as ␀; CR before LF is the
    // line end, not a placeholder.
    let (x, _) = find(&buf, "next");
    let (lx, _) = find(&buf, "line␀");
    assert_eq!(lx - x, 8);
    assert!(!screen.contains('␍'));
    // Mentions next to control characters are still found and coloured.
    assert_style(
        &buf,
        find(&buf, "Fancy Bear"),
        "Fancy",
        color_of(&app, "apt28"),
        Modifier::REVERSED | Modifier::BOLD,
    );
}

#[test]
fn wide_and_combining_characters_take_their_cells() {
    let text = "東京 reported that APT28 and 👩‍💻 hackers at café Fancy\u{A0}Bear met.";
    let app = app(text, Theme::colored(), 100, 30);
    let buf = buffer(&app);
    let (x, y) = find(&buf, "東");
    assert_eq!(buf[(x + 2, y)].symbol(), "京");
    assert_eq!(buf[(x + 4, y)].symbol(), " ");
    assert_eq!(buf[(x + 5, y)].symbol(), "r");
    let (ex, ey) = find(&buf, "👩‍💻");
    assert_eq!(buf[(ex + 2, ey)].symbol(), " ");
    assert_eq!(buf[(ex + 3, ey)].symbol(), "h");
    let (cx, cy) = find(&buf, "café");
    assert_eq!(buf[(cx + 4, cy)].symbol(), " ", "é is one cell");
    assert_style(
        &buf,
        find(&buf, "APT28"),
        "APT28",
        color_of(&app, "apt28"),
        Modifier::REVERSED | Modifier::BOLD,
    );
    let fancy = find(&buf, "Fancy");
    assert_style(
        &buf,
        fancy,
        "Fancy",
        color_of(&app, "apt28"),
        Modifier::BOLD | Modifier::UNDERLINED,
    );
}

#[test]
fn a_search_highlights_its_matches() {
    let mut app = app(SAMPLE, Theme::colored(), 120, 40);
    for c in "/hacking".chars() {
        app.update(if c == '/' {
            Action::StartSearch
        } else {
            Action::Input(c)
        });
    }
    let buf = buffer(&app);
    assert!(row_text(&buf, 39).contains("/hacking▏  2 matches"));
    app.update(Action::InputAccept);
    let buf = buffer(&app);
    let hits = find_all(&buf, "hacking");
    assert!(!hits.is_empty());
    let current = app.theme().search_match(true);
    assert_eq!(buf[hits[0]].bg, current.bg.expect("a colour"));
    assert!(row_text(&buf, 39).contains("/hacking 1/2"));
}

#[test]
fn markdown_headings_are_styled_and_their_markers_dimmed() {
    let theme = Theme::colored();
    let doc = Document::from_text("story.md", "## The DNC hack\n\nAPT28 struck.\n# not\n");
    let mut app = App::new(Catalog::bundled(), vec![doc], theme);
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let buf = buffer(&app);
    let (x, y) = find(&buf, "## The DNC hack");
    let heading = theme.md_heading();
    assert_eq!(heading.fg, Some(Color::Indexed(75)));
    for cell in &cells(&buf, (x, y), "##") {
        assert_eq!(Some(cell.fg), theme.md_marker().fg, "markers dimmed");
        assert!(!cell.modifier.contains(Modifier::BOLD));
    }
    for cell in &cells(&buf, (x + 3, y), "The") {
        assert_eq!(Some(cell.fg), heading.fg);
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    // A mention in a heading keeps its actor's colour, and the heading's
    // weight.
    let dnc = &cells(&buf, (x + 7, y), "DNC")[0];
    assert_eq!(dnc.fg, color_of(&app, "dnc"));
    assert!(dnc.modifier.contains(Modifier::BOLD));
    // Body text is plain.
    let (bx, by) = find(&buf, "struck");
    assert_eq!(buf[(bx, by)].fg, Color::Reset);
    assert!(!buf[(bx, by)].modifier.contains(Modifier::BOLD));
    // The same text as plain text has no heading style.
    let plain = app_plain("## The DNC hack\n");
    let pbuf = buffer(&plain);
    let (px, py) = find(&pbuf, "## The");
    assert_eq!(pbuf[(px, py)].fg, Color::Reset);
}

fn app_plain(text: &str) -> App {
    app(text, Theme::colored(), 120, 40)
}

#[test]
fn a_sentence_jumped_to_from_the_sources_view_is_highlighted() {
    let theme = Theme::colored();
    let mut app = app(SAMPLE, theme, 120, 40);
    app.update(Action::ToggleSources);
    let buf = buffer(&app);
    let text = screen_text(&buf);
    assert!(text.contains("Sources"), "{text}");
    assert!(text.contains("Washington Post"), "{text}");
    assert!(
        text.contains("according to: According to Washington Post"),
        "{text}"
    );
    assert!(text.contains("unnamed: “U.S. Security firms”"), "{text}");
    // The first row is the first sentence: Enter goes there.
    app.update(Action::Activate);
    let buf = buffer(&app);
    let (x, y) = find(&buf, "According to");
    assert_eq!(buf[(x, y)].bg, theme.cited_sentence().bg.unwrap());
    let (ox, oy) = find(&buf, "The 2016");
    assert_eq!(
        buf[(ox, oy)].bg,
        Color::Reset,
        "other text is not highlighted"
    );
}

#[test]
fn an_ambiguous_mention_is_marked_and_explained_on_screen() {
    use aka::model::CatalogSource;
    let other = CatalogSource {
        name: "other.json".to_string(),
        json: r#"{"actors": [{"id": "bear-two", "name": "Bear Two", "kind": "threat-group",
            "aliases": ["Fancy Bear"]}]}"#
            .to_string(),
    };
    let catalog = Catalog::load(&[CatalogSource::bundled(), other]).unwrap();
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(catalog, vec![doc], Theme::colored());
    app.update(Action::Resize {
        width: 200,
        height: 50,
    });
    let at = SAMPLE.find("Fancy Bear").unwrap();
    app.update(Action::JumpTo(at));
    let buf = buffer(&app);
    let width = app.areas().unwrap().sidebar.width as usize;
    let sidebar = |name: &str| {
        (0..50)
            .map(|y| row_text(&buf, y).chars().take(width).collect::<String>())
            .find(|r| r.contains(name))
            .unwrap()
    };
    // The two actors "Fancy Bear" may name carry the mark; others do not.
    assert!(sidebar("APT28").contains("●?APT28"), "{}", sidebar("APT28"));
    assert!(sidebar("Bear Two").contains("●?Bear Two"));
    assert!(sidebar("Russia").contains("● Russia"));
    let (x, y) = find(&buf, "●?APT28");
    assert_eq!(buf[(x + 1, y)].fg, app.theme().message().fg.unwrap());
    // The detail panel explains the match and lists both readings.
    let text = screen_text(&buf);
    assert!(
        text.contains("Fancy Bear → ambiguous: APT28 or Bear Two (alias from"),
        "{text}"
    );
    assert!(text.contains("● ● APT28 G0007 (shown)"), "{text}");
    assert!(
        text.contains("○ ● Bear Two (Enter: read as this)"),
        "{text}"
    );
    // So does the status bar, in the room the hints leave.
    let status = row_text(&buf, 49);
    assert!(
        status.contains("Fancy Bear → ambiguous: APT28 or Bear Two"),
        "{status}"
    );
}

/// The sample's catalog and an actor whose description runs long.
fn wordy_app(width: u16, height: u16) -> App {
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
    let catalog = Catalog::load(&[CatalogSource::bundled(), wordy]).unwrap();
    let text = (1..=12)
        .map(|i| format!("Paragraph {i}: Quill Spider struck again."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut app = App::new(
        catalog,
        vec![Document::from_text("quill.txt", &text)],
        Theme::colored(),
    );
    app.update(Action::Resize { width, height });
    app
}

#[test]
fn the_detail_header_stays_put_and_a_long_description_folds() {
    let mut app = wordy_app(120, 40);
    let areas = *app.areas().expect("fits");
    let (top, left) = (areas.detail.y, areas.detail.x);
    // A row of the panel, border to border.
    let row_text = |buf: &Buffer, y: u16| -> String {
        (left..areas.detail.right())
            .map(|x| buf[(x, y)].symbol())
            .collect()
    };
    let buf = buffer(&app);
    let header = |buf: &Buffer| (1..4).map(|dy| row_text(buf, top + dy)).collect::<Vec<_>>();
    let before = header(&buf);
    assert!(
        before[0].starts_with("│ threat group · RU · 12 mentions"),
        "{before:?}"
    );
    // "Quill Spider" fits CrowdStrike's naming scheme, which the line goes on to say.
    assert!(before[1].contains("│ Quill Spider → Quill Spider (name from wordy.json; CrowdStrike"));
    // A rule joins the borders under the header.
    let rule = row_text(&buf, top + 4);
    assert_eq!(
        rule,
        format!("├{}┤", "─".repeat(areas.detail.width as usize - 2))
    );
    // Three lines of description, the last cut and naming the key.
    let third = row_text(&buf, top + 7);
    assert!(
        third.trim_end_matches(['│', '┃']).ends_with("… d more"),
        "{third}"
    );
    let (x, y) = find_all(&buf, "d more")
        .into_iter()
        .find(|&(x, _)| x > left)
        .unwrap();
    assert_eq!(y, top + 7);
    assert_eq!(buf[(x, y)].fg, app.theme().key().fg.unwrap());
    assert!(
        row_text(&buf, top + 8)
            .trim_matches(['│', '┃', ' '])
            .is_empty()
    );
    assert!(row_text(&buf, top + 9).contains("Aliases (2)"));
    // The scrollbar runs beside the list only.
    let right = areas.detail.right() - 1;
    for dy in 1..5 {
        assert_eq!(
            buf[(right, top + dy)].symbol(),
            if dy == 4 { "┤" } else { "│" }
        );
    }
    assert_eq!(buf[(right, top + 5)].symbol(), "┃");
    insta::assert_snapshot!("wordy_folded_120x40", draw(&app).backend());
    // Down to the last mention: the list scrolls, the header does not.
    app.update(Action::FocusNext);
    app.update(Action::Bottom);
    let buf = buffer(&app);
    let after = header(&buf);
    assert_eq!(after, before);
    let text = screen_text(&buf);
    assert!(!text.contains("keeps changing its tools"), "{text}");
    assert!(
        text.contains("Paragraph 12:"),
        "the last mention in context: {text}"
    );
    // d shows the whole description, the panel at its top.
    app.update(Action::ToggleDescription);
    let buf = buffer(&app);
    assert_eq!(header(&buf), before);
    assert!(!screen_text(&buf).contains("d more"));
    let lines = (top + 5..areas.detail.bottom() - 1)
        .filter(|&y| row_text(&buf, y).contains("espionage crew"))
        .count();
    assert!(lines >= 6, "{lines} lines of description");
    app.update(Action::ToggleDescription);
    assert!(screen_text(&buffer(&app)).contains("… d more"));
}

#[test]
fn j_reads_an_unfolded_description_a_line_at_a_time() {
    // A description taller than the panel, unfolded: j scrolls through it
    // without skipping a line, then stops on the rows that can be chosen.
    let mut app = wordy_app(80, 24);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), aka::app::Focus::Detail);
    app.update(Action::ToggleDescription);
    app.update(Action::Top);
    let layout = app.detail_layout().expect("Quill Spider");
    let first = layout.first_action().expect("a row to choose");
    let viewport = app.detail().scroll.viewport;
    assert!(
        first > 2 * viewport,
        "the description is taller than the panel"
    );
    let mut offsets = vec![app.detail().scroll.offset];
    for _ in 0..first {
        app.update(Action::Down);
        offsets.push(app.detail().scroll.offset);
        if app.detail().scroll.cursor > first {
            break;
        }
    }
    assert!(
        offsets
            .windows(2)
            .all(|w| w[1] >= w[0] && w[1] - w[0] <= viewport),
        "{offsets:?}"
    );
    assert!(
        offsets.windows(2).filter(|w| w[1] == w[0] + 1).count() >= first - 2 * viewport,
        "line by line: {offsets:?}"
    );
    let s = &app.detail().scroll;
    assert!(
        s.cursor >= s.offset && s.cursor < s.offset + viewport,
        "the cursor is in view"
    );
}
