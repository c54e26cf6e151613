//! The one table of key bindings.
//!
//! Each row of [`BINDINGS`] says in which [`Context`] which keys do which
//! [`Action`], with a line of help and an optional short hint. The same rows
//! feed the dispatcher ([`action_for`]), the hints of the status bar
//! ([`hints`]) and the `?` overlay ([`help_sections`]), so what the help says
//! is what the keys do.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::action::Action;

/// Where a binding applies. The app stacks the contexts that apply now,
/// most specific first ([`crate::app::App::contexts`]); the first binding
/// found wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, even in prompts and the help overlay.
    Always,
    /// Whatever pane has the focus.
    Global,
    /// The article pane has the focus.
    Article,
    /// The entity sidebar has the focus.
    Sidebar,
    /// The detail panel has the focus.
    Detail,
    /// A search of the article is active.
    Searching,
    /// The search or filter prompt is open.
    Prompt,
    /// The filter prompt is open.
    Filter,
    /// The help overlay is open.
    Help,
    /// The article list is open.
    Articles,
    /// The Sources view is open.
    Sources,
    /// The results of a search of all articles are open.
    Results,
    /// Teaching mode is on.
    Present,
    /// The export menu (`E`) is open.
    ExportMenu,
    /// A yes/no question is asked in the status bar.
    Confirm,
    /// Work runs in the background (sources of a large article or of all
    /// articles, a lesson); the status bar shows its progress.
    Busy,
    /// Text of the article is being selected (`v`).
    Selecting,
    /// Is this occurrence no mention here only, or everywhere? (`x`)
    Suppress,
    /// The form of a new actor (`A`).
    Form,
}

impl Context {
    /// A heading for this context in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Always => "Always",
            Context::Global => "Any pane",
            Context::Article => "Article",
            Context::Sidebar => "Actors (sidebar)",
            Context::Detail => "Detail panel",
            Context::Searching => "While a search is active",
            Context::Prompt => "Typing a search, filter or path",
            Context::Filter => "Typing a filter (also: choosing the actor of an alias, a)",
            Context::Help => "This help",
            Context::Articles => "Article list (o)",
            Context::Sources => "Sources view (S)",
            Context::Results => "Search results, all articles (F)",
            Context::Present => "Teaching mode (p)",
            Context::ExportMenu => "Export menu (E)",
            Context::Confirm => "Overwrite a file? (E)",
            Context::Busy => "While work runs in the background (S, p, E, F, /)",
            Context::Selecting => "Selecting text (v)",
            Context::Suppress => "Not a mention: here or everywhere? (x)",
            Context::Form => "New actor or edit form (A, e)",
        }
    }
}

/// A key with its modifiers, as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control and Alt (Shift is part of the character or of `BackTab`).
    pub mods: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn ch(c: char) -> Self {
        Key::plain(KeyCode::Char(c))
    }

    /// Control and a character.
    pub const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// The key of a key event, Shift folded into the character (`N`, `?`).
    pub(crate) fn from_event(event: &KeyEvent) -> Self {
        let mut mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        if code == KeyCode::BackTab {
            mods = KeyModifiers::NONE;
        }
        Key { code, mods }
    }

    /// How the help and the status bar write this key.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        label + &name
    }
}

/// What a binding shows in the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Nothing: the binding is only in the help.
    None,
    /// Its first key and this word.
    Show(&'static str),
    /// Its first key and the next row's first key joined by `/`, and this
    /// word (`n/N mention`).
    Pair(&'static str),
}

/// One row of the key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys; the first is the one hints show.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// A line for the help overlay.
    pub help: &'static str,
    /// What the status bar shows.
    pub hint: Hint,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Hint,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

use Context as C;
use KeyCode as K;

/// Every key binding of the explorer.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // The help overlay.
    bind(C::Help, &[Key::plain(K::Esc), Key::ch('?'), Key::ch('q')], Action::ToggleHelp, "close the help", Hint::Show("close")),
    bind(C::Help, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "scroll down", Hint::Pair("scroll")),
    bind(C::Help, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "scroll up", Hint::None),
    bind(C::Help, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Help, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Help, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the top", Hint::None),
    bind(C::Help, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the bottom", Hint::None),
    // The article list.
    bind(C::Articles, &[Key::plain(K::Enter)], Action::Activate, "open the article", Hint::Show("open")),
    bind(C::Articles, &[Key::plain(K::Esc), Key::ch('o'), Key::ch('q')], Action::ToggleArticles, "close the list", Hint::Show("close")),
    bind(C::Articles, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "move down", Hint::Pair("move")),
    bind(C::Articles, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "move up", Hint::None),
    bind(C::Articles, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Articles, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Articles, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the first article", Hint::None),
    bind(C::Articles, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the last article", Hint::None),
    // The Sources view.
    bind(C::Sources, &[Key::plain(K::Enter)], Action::Activate, "go to the sentence and highlight it; all articles: list the source's sentences", Hint::Show("open")),
    bind(C::Sources, &[Key::plain(K::Tab), Key::ch('c')], Action::ToggleScope, "this article or all articles (several open)", Hint::Show("this/all")),
    bind(C::Sources, &[Key::plain(K::Esc)], Action::Back, "close the view; from a source's sentences, back to all sources", Hint::Show("close")),
    bind(C::Sources, &[Key::ch('S'), Key::ch('q')], Action::ToggleSources, "close the view", Hint::None),
    bind(C::Sources, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "move down", Hint::Pair("move")),
    bind(C::Sources, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "move up", Hint::None),
    bind(C::Sources, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Sources, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Sources, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the first source", Hint::None),
    bind(C::Sources, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the last sentence", Hint::None),
    // The results of a search of all articles.
    bind(C::Results, &[Key::plain(K::Enter)], Action::Activate, "open the article at the match", Hint::Show("go to")),
    bind(C::Results, &[Key::plain(K::Esc), Key::ch('F'), Key::ch('q')], Action::Back, "close the results", Hint::Show("close")),
    bind(C::Results, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "move down", Hint::Pair("move")),
    bind(C::Results, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "move up", Hint::None),
    bind(C::Results, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Results, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Results, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the first match", Hint::None),
    bind(C::Results, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the last match", Hint::None),
    // Teaching mode.
    bind(C::Present, &[Key::ch(' '), Key::plain(K::Right), Key::plain(K::PageDown)], Action::NextStep, "next step: the next mention and what it means", Hint::Pair("step")),
    bind(C::Present, &[Key::plain(K::Left), Key::plain(K::PageUp), Key::plain(K::Backspace)], Action::PrevStep, "previous step", Hint::None),
    bind(C::Present, &[Key::ch('r')], Action::RevealAll, "reveal all actors and names, or only those met", Hint::Show("reveal all")),
    bind(C::Present, &[Key::plain(K::Home)], Action::RestartLesson, "start again", Hint::Show("restart")),
    bind(C::Present, &[Key::plain(K::Esc), Key::ch('p')], Action::TogglePresent, "back to the explorer", Hint::Show("explorer")),
    bind(C::Present, &[Key::ch('?')], Action::ToggleHelp, "show this help", Hint::Show("help")),
    bind(C::Present, &[Key::ch('q')], Action::Quit, "quit", Hint::Show("quit")),
    // Exporting the article.
    bind(C::ExportMenu, &[Key::plain(K::Enter)], Action::Activate, "choose the format, then type or accept the path", Hint::Show("choose")),
    bind(C::ExportMenu, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "next format", Hint::Pair("move")),
    bind(C::ExportMenu, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "previous format", Hint::None),
    bind(C::ExportMenu, &[Key::plain(K::Esc), Key::ch('E'), Key::ch('q')], Action::Back, "cancel the export", Hint::Show("cancel")),
    bind(C::Confirm, &[Key::ch('y')], Action::Answer(true), "yes: replace the existing file", Hint::Show("overwrite")),
    bind(C::Confirm, &[Key::ch('n'), Key::plain(K::Esc)], Action::Answer(false), "no: keep it and edit the path", Hint::Show("keep")),
    // Prompts.
    bind(C::Filter, &[Key::plain(K::Down)], Action::Down, "move down the filtered actors", Hint::None),
    bind(C::Filter, &[Key::plain(K::Up)], Action::Up, "move up the filtered actors", Hint::None),
    bind(C::Prompt, &[Key::plain(K::Enter)], Action::InputAccept, "accept", Hint::Show("accept")),
    bind(C::Prompt, &[Key::plain(K::Esc)], Action::Back, "cancel", Hint::Show("cancel")),
    bind(C::Prompt, &[Key::plain(K::Backspace)], Action::InputBackspace, "delete a character", Hint::None),
    bind(C::Prompt, &[Key::ctrl('u')], Action::InputClear, "clear", Hint::None),
    // Teaching aka.
    bind(C::Suppress, &[Key::ch('h'), Key::ch('1')], Action::Choose(1), "not a mention here: this place of this article only", Hint::Show("here")),
    bind(C::Suppress, &[Key::ch('e'), Key::ch('2')], Action::Choose(2), "not a mention anywhere this alias appears", Hint::Show("everywhere")),
    bind(C::Suppress, &[Key::plain(K::Esc), Key::ch('q')], Action::Back, "cancel", Hint::Show("cancel")),
    bind(C::Form, &[Key::plain(K::Enter)], Action::InputAccept, "add the actor to the user catalog", Hint::Show("add")),
    bind(C::Form, &[Key::plain(K::Tab), Key::plain(K::Down)], Action::Down, "next field", Hint::Pair("field")),
    bind(C::Form, &[Key::plain(K::BackTab), Key::plain(K::Up)], Action::Up, "previous field", Hint::None),
    bind(C::Form, &[Key::plain(K::Right)], Action::Cycle(true), "kind: the next kind", Hint::Pair("kind")),
    bind(C::Form, &[Key::plain(K::Left)], Action::Cycle(false), "kind: the previous kind", Hint::None),
    bind(C::Form, &[Key::plain(K::Esc)], Action::Back, "cancel", Hint::Show("cancel")),
    bind(C::Selecting, &[Key::ch('w')], Action::WordForward, "extend the selection to the next word", Hint::Pair("word")),
    bind(C::Selecting, &[Key::ch('b')], Action::WordBackward, "back to the previous word", Hint::None),
    bind(C::Selecting, &[Key::ch('a')], Action::AddAlias, "add the selected words as an alias of an actor", Hint::Show("add alias")),
    bind(C::Selecting, &[Key::ch('A')], Action::NewActor, "add the selected words as a new actor", Hint::Show("new actor")),
    bind(C::Selecting, &[Key::ch('v'), Key::plain(K::Esc)], Action::ToggleSelection, "stop selecting", Hint::Show("cancel")),
    // The article.
    bind(C::Article, &[Key::ch('/')], Action::StartSearch, "search the text (smart case)", Hint::Show("search")),
    bind(C::Article, &[Key::ch('v')], Action::ToggleSelection, "select words from the cursor (then j/k/w/b extend it, a adds it)", Hint::None),
    bind(C::Article, &[Key::ch('a')], Action::AddAlias, "teach: the name not in the catalog under the cursor is an alias of an actor you choose", Hint::None),
    bind(C::Article, &[Key::ch('A')], Action::NewActor, "teach: a new actor named by the name under the cursor (a form)", Hint::None),
    bind(C::Article, &[Key::ch('x')], Action::Suppress, "teach: the mention under the cursor is not one (here or everywhere)", Hint::None),
    // The sidebar.
    bind(C::Sidebar, &[Key::ch('/')], Action::StartFilter, "filter the actors by name or alias", Hint::Show("filter")),
    bind(C::Sidebar, &[Key::ch('s')], Action::ToggleSort, "order by first appearance or by mentions", Hint::Show("sort")),
    bind(C::Sidebar, &[Key::plain(K::Enter)], Action::Activate, "fold or unfold a kind; read an actor's mentions", Hint::None),
    bind(C::Sidebar, &[Key::ch('h'), Key::plain(K::Left)], Action::Fold, "fold the kind", Hint::Pair("fold")),
    bind(C::Sidebar, &[Key::ch('l'), Key::plain(K::Right)], Action::Unfold, "unfold the kind", Hint::None),
    // The detail panel.
    bind(C::Detail, &[Key::plain(K::Enter)], Action::Activate, "open the row: actor, mention, sentence or article", Hint::Show("open")),
    // A search is active.
    bind(C::Searching, &[Key::ch('n')], Action::NextMatch, "next match", Hint::Pair("match")),
    bind(C::Searching, &[Key::ch('N')], Action::PrevMatch, "previous match", Hint::None),
    // Any pane.
    bind(C::Global, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "move down", Hint::None),
    bind(C::Global, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "move up", Hint::None),
    bind(C::Global, &[Key::ch('n')], Action::NextMention, "next mention of the selected actor", Hint::Pair("mention")),
    bind(C::Global, &[Key::ch('N')], Action::PrevMention, "previous mention of the selected actor", Hint::None),
    bind(C::Global, &[Key::ch(']')], Action::NextAnyMention, "next mention of any actor", Hint::None),
    bind(C::Global, &[Key::ch('[')], Action::PrevAnyMention, "previous mention of any actor", Hint::None),
    bind(C::Global, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Global, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Global, &[Key::ctrl('d')], Action::HalfPageDown, "half a page down", Hint::None),
    bind(C::Global, &[Key::ctrl('u')], Action::HalfPageUp, "half a page up", Hint::None),
    bind(C::Global, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the top", Hint::None),
    bind(C::Global, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the bottom", Hint::None),
    bind(C::Global, &[Key::plain(K::Tab)], Action::FocusNext, "focus the next pane", Hint::Show("pane")),
    bind(C::Global, &[Key::plain(K::BackTab)], Action::FocusPrev, "focus the previous pane", Hint::None),
    bind(C::Global, &[Key::plain(K::Esc)], Action::Back, "back out of a search or filter", Hint::None),
    bind(C::Global, &[Key::ch('?')], Action::ToggleHelp, "show this help", Hint::Show("help")),
    bind(C::Global, &[Key::ch('q')], Action::Quit, "quit", Hint::Show("quit")),
    bind(C::Global, &[Key::ch('o')], Action::ToggleArticles, "list the articles; Enter opens one", Hint::Show("articles")),
    bind(C::Global, &[Key::ch('F')], Action::StartCorpusSearch, "search all articles: a list of matches; Enter opens one", Hint::None),
    bind(C::Global, &[Key::ch('S')], Action::ToggleSources, "list the sources the article cites", Hint::Show("sources")),
    bind(C::Global, &[Key::ch('c')], Action::ToggleScope, "sidebar: this article or all articles", Hint::Show("corpus")),
    bind(C::Global, &[Key::ch('d')], Action::ToggleDescription, "detail panel: long descriptions whole or folded", Hint::None),
    bind(C::Global, &[Key::ch('E')], Action::Export, "export the article: JSONL, STIX 2.1, brat or HTML", Hint::None),
    bind(C::Global, &[Key::ch('p')], Action::TogglePresent, "teaching mode: the article one mention at a time", Hint::None),
    bind(C::Global, &[Key::ch('e')], Action::EditActor, "teach: edit the selected actor's name, kind, country, description (a form)", Hint::None),
    bind(C::Global, &[Key::ch('u')], Action::Undo, "undo the last change taught (a, x) in this session", Hint::None),
    bind(C::Global, &[Key::ctrl('r')], Action::Redo, "redo the change undone", Hint::None),
    // Work in the background.
    bind(C::Busy, &[Key::plain(K::Esc)], Action::Back, "cancel the work and go back", Hint::Show("cancel")),
    bind(C::Busy, &[Key::ch('q')], Action::Quit, "quit", Hint::Show("quit")),
    bind(C::Busy, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, "move down meanwhile", Hint::None),
    bind(C::Busy, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, "move up meanwhile", Hint::None),
    bind(C::Busy, &[Key::ch(' '), Key::plain(K::PageDown)], Action::PageDown, "page down", Hint::None),
    bind(C::Busy, &[Key::plain(K::PageUp), Key::ch('b')], Action::PageUp, "page up", Hint::None),
    bind(C::Busy, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, "go to the top", Hint::None),
    bind(C::Busy, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, "go to the bottom", Hint::None),
    bind(C::Always, &[Key::ctrl('c')], Action::Quit, "quit", Hint::None),
    bind(C::Always, &[Key::ctrl('z')], Action::Suspend, "suspend: back to the shell, fg returns", Hint::None),
];

/// The action bound to `key` in the first of `contexts` that binds it. In a
/// prompt, a printable key that nothing binds types itself.
pub fn lookup(contexts: &[Context], key: Key) -> Option<Action> {
    for &context in contexts {
        let found = BINDINGS
            .iter()
            .find(|b| b.context == context && b.keys.contains(&key));
        if let Some(b) = found {
            return Some(b.action);
        }
    }
    match key.code {
        KeyCode::Char(c) if contexts.contains(&Context::Prompt) && key.mods.is_empty() => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// Lines the mouse wheel scrolls per notch.
pub const WHEEL_LINES: i16 = 3;

/// The action for a terminal event in these contexts: keys through the
/// table (releases ignored), left clicks, the wheel and resizes.
pub fn action_for(contexts: &[Context], event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            lookup(contexts, Key::from_event(key))
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag { column, row }),
                MouseEventKind::ScrollDown => Some(Action::Wheel {
                    column,
                    row,
                    lines: WHEEL_LINES,
                }),
                MouseEventKind::ScrollUp => Some(Action::Wheel {
                    column,
                    row,
                    lines: -WHEEL_LINES,
                }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// The status-bar hints for these contexts, most specific first: pairs of
/// key label and word. A binding shadowed by an earlier context is left out.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut taken: Vec<Key> = Vec::new();
    for &context in contexts {
        let rows: Vec<&Binding> = BINDINGS.iter().filter(|b| b.context == context).collect();
        for (i, b) in rows.iter().enumerate() {
            let shadowed = b.keys.iter().all(|k| taken.contains(k));
            match b.hint {
                Hint::Show(word) if !shadowed => out.push((b.keys[0].label(), word)),
                Hint::Pair(word) if !shadowed => {
                    let next = rows.get(i + 1).map(|n| n.keys[0].label());
                    let label = match next {
                        Some(n) => format!("{}/{n}", b.keys[0].label()),
                        None => b.keys[0].label(),
                    };
                    out.push((label, word));
                }
                _ => {}
            }
        }
        for b in rows {
            taken.extend_from_slice(b.keys);
        }
    }
    out
}

/// One section of the help overlay: a context and its rows of keys and
/// help text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    /// The context's heading.
    pub title: &'static str,
    /// Key labels (joined by spaces) and what they do.
    pub rows: Vec<(String, &'static str)>,
}

/// The contexts in the order the help lists them.
const HELP_ORDER: [Context; 19] = [
    C::Global,
    C::Article,
    C::Selecting,
    C::Suppress,
    C::Form,
    C::Sidebar,
    C::Detail,
    C::Searching,
    C::Prompt,
    C::Filter,
    C::Articles,
    C::Sources,
    C::Results,
    C::Present,
    C::ExportMenu,
    C::Confirm,
    C::Busy,
    C::Help,
    C::Always,
];

/// The key sections of the help, generated from [`BINDINGS`], in the
/// help's order (the README's tables follow it too).
pub fn help_sections() -> Vec<HelpSection> {
    HELP_ORDER.iter().filter_map(|&c| section(c)).collect()
}

fn section(context: Context) -> Option<HelpSection> {
    let rows: Vec<(String, &'static str)> = BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            (keys.join(" "), b.help)
        })
        .collect();
    (!rows.is_empty()).then(|| HelpSection {
        title: context.title(),
        rows,
    })
}

/// What the mouse does: not keys, so not in the key table.
const MOUSE: [(&str, &str); 4] = [
    (
        "click",
        "select the mention, actor or row under the pointer",
    ),
    ("click a kind", "fold or unfold it"),
    (
        "drag in the article",
        "select words (then a adds them as an alias)",
    ),
    ("wheel", "scroll the pane under the pointer"),
];

/// What the marks of the panes mean.
const MARKS: [(&str, &str); 2] = [
    (
        crate::theme::AMBIGUOUS_MARK,
        "after an actor's swatch: a mention here may name another actor too",
    ),
    (
        "→ / ↛",
        "detail: how the mention was matched / why an occurrence did not count",
    ),
];

/// The whole help page: the key sections (those of `first` on top, for a
/// help opened from teaching mode), then the mouse and the marks.
pub fn help_page(first: Option<Context>) -> Vec<HelpSection> {
    let mut page: Vec<HelpSection> = first.and_then(section).into_iter().collect();
    page.extend(
        HELP_ORDER
            .iter()
            .filter(|&&c| Some(c) != first)
            .filter_map(|&c| section(c)),
    );
    let extra = |title, rows: &[(&'static str, &'static str)]| HelpSection {
        title,
        rows: rows.iter().map(|&(k, h)| (k.to_string(), h)).collect(),
    };
    page.push(extra("Mouse", &MOUSE));
    page.push(extra("Marks", &MARKS));
    page
}

/// How many lines the help page has: each section's heading and rows, and
/// a blank line between sections.
pub(crate) fn help_line_count(first: Option<Context>) -> usize {
    let page = help_page(first);
    page.iter().map(|s| 1 + s.rows.len()).sum::<usize>() + page.len().saturating_sub(1)
}

/// The key bindings as Markdown tables, one per context, for the README
/// (a test keeps the README's copy equal to this).
pub fn markdown() -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for section in help_sections() {
        let _ = write!(
            out,
            "**{}**\n\n| keys | action |\n|---|---|\n",
            section.title
        );
        for (keys, help) in &section.rows {
            let keys: Vec<String> = keys
                .split(' ')
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            let _ = writeln!(out, "| {} | {help} |", keys.join(" "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEventState, MouseEvent};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn the_first_context_that_binds_a_key_wins() {
        let normal = [C::Article, C::Global, C::Always];
        let searching = [C::Article, C::Searching, C::Global, C::Always];
        assert_eq!(lookup(&normal, Key::ch('n')), Some(Action::NextMention));
        assert_eq!(lookup(&searching, Key::ch('n')), Some(Action::NextMatch));
        assert_eq!(
            lookup(&[C::Sidebar, C::Global], Key::ch('/')),
            Some(Action::StartFilter)
        );
        assert_eq!(lookup(&normal, Key::ch('/')), Some(Action::StartSearch));
        assert_eq!(lookup(&normal, Key::ch('z')), None);
    }

    #[test]
    fn prompts_type_printable_keys_and_keep_ctrl_c() {
        let prompt = [C::Prompt, C::Always];
        assert_eq!(lookup(&prompt, Key::ch('q')), Some(Action::Input('q')));
        assert_eq!(lookup(&prompt, Key::ch('n')), Some(Action::Input('n')));
        assert_eq!(lookup(&prompt, Key::ctrl('c')), Some(Action::Quit));
        assert_eq!(
            lookup(&prompt, Key::plain(K::Enter)),
            Some(Action::InputAccept)
        );
    }

    #[test]
    fn events_map_to_actions() {
        let n = [C::Article, C::Global, C::Always];
        assert_eq!(
            action_for(&n, &press(K::Char('N'), KeyModifiers::SHIFT)),
            Some(Action::PrevMention)
        );
        assert_eq!(
            action_for(&n, &press(K::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            action_for(&n, &press(K::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        let release = Event::Key(KeyEvent {
            code: K::Char('j'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert_eq!(action_for(&n, &release), None);
        let wheel = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollUp,
            column: 4,
            row: 5,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            action_for(&n, &wheel),
            Some(Action::Wheel {
                column: 4,
                row: 5,
                lines: -3
            })
        );
        assert_eq!(
            action_for(&n, &Event::Resize(90, 30)),
            Some(Action::Resize {
                width: 90,
                height: 30
            })
        );
    }

    #[test]
    fn hints_skip_shadowed_bindings() {
        let h = hints(&[C::Article, C::Searching, C::Global, C::Always]);
        let words: Vec<&str> = h.iter().map(|(_, w)| *w).collect();
        assert!(words.contains(&"match"));
        assert!(
            !words.contains(&"mention"),
            "n/N are the search's now: {words:?}"
        );
        assert_eq!(h[0], ("/".to_string(), "search"));
        assert!(h.contains(&("n/N".to_string(), "match")));
    }

    #[test]
    fn help_lists_every_binding_once() {
        let rows: usize = help_sections().iter().map(|s| s.rows.len()).sum();
        assert_eq!(rows, BINDINGS.len());
    }
}
