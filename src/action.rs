//! The explorer's vocabulary: every change a key, a click or the terminal can
//! ask of the state is one [`Action`]. [`crate::app::App::update`] applies
//! them as pure state transitions, so tests drive the explorer without a
//! terminal, and [`crate::keymap`] maps keys to them from one table.

use crate::model::ActorIdx;

/// One thing the user (or the terminal) asks the explorer to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the explorer.
    Quit,
    /// Suspend aka (Ctrl-Z): the terminal is the shell's until `fg`.
    Suspend,
    /// Show or hide the key help overlay.
    ToggleHelp,
    /// Back out of the innermost mode: help, a prompt, a search, a filter.
    Back,
    /// Move the focus to the next pane (sidebar, article, detail).
    FocusNext,
    /// Move the focus to the previous pane.
    FocusPrev,
    /// Move up one line or row in the focused pane.
    Up,
    /// Move down one line or row in the focused pane.
    Down,
    /// Scroll the focused pane up by a page.
    PageUp,
    /// Scroll the focused pane down by a page.
    PageDown,
    /// Scroll the focused pane up by half a page.
    HalfPageUp,
    /// Scroll the focused pane down by half a page.
    HalfPageDown,
    /// Go to the first line of the focused pane.
    Top,
    /// Go to the last line of the focused pane.
    Bottom,
    /// Go to the next mention of the selected actor, wrapping at the end.
    NextMention,
    /// Go to the previous mention of the selected actor, wrapping at the start.
    PrevMention,
    /// Go to the next mention of any actor.
    NextAnyMention,
    /// Go to the previous mention of any actor.
    PrevAnyMention,
    /// Open the search prompt of the article.
    StartSearch,
    /// Open the prompt of a search of every article (`F`).
    StartCorpusSearch,
    /// Go to the next match of the active search.
    NextMatch,
    /// Go to the previous match of the active search.
    PrevMatch,
    /// Open the filter prompt of the sidebar.
    StartFilter,
    /// Type a character into the open prompt.
    Input(char),
    /// Delete the last character of the open prompt.
    InputBackspace,
    /// Clear the open prompt.
    InputClear,
    /// Accept the open prompt.
    InputAccept,
    /// Switch the sidebar order between first appearance and mention count.
    ToggleSort,
    /// Fold the kind under the sidebar cursor.
    Fold,
    /// Unfold the kind under the sidebar cursor.
    Unfold,
    /// Act on the row under the cursor: fold a kind, follow a link, jump to a
    /// mention.
    Activate,
    /// The terminal now has this size, in cells.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// A left click at this cell.
    Click {
        /// Column of the cell.
        column: u16,
        /// Row of the cell.
        row: u16,
    },
    /// The mouse moved with its left button down, over this cell.
    Drag {
        /// Column of the cell.
        column: u16,
        /// Row of the cell.
        row: u16,
    },
    /// The mouse wheel turned over this cell: `lines` below zero scrolls up.
    Wheel {
        /// Column of the cell.
        column: u16,
        /// Row of the cell.
        row: u16,
        /// Lines to scroll, negative for up.
        lines: i16,
    },
    /// Select this actor, as if chosen in the sidebar.
    SelectActor(ActorIdx),
    /// Move the article cursor to this byte offset of the text.
    JumpTo(usize),
    /// Open or close the list of the session's articles.
    ToggleArticles,
    /// Open or close the Sources view of the article.
    ToggleSources,
    /// Show descriptions whole in the detail panel, or fold them to a few
    /// lines.
    ToggleDescription,
    /// Switch the sidebar between this article's actors and all articles'.
    ToggleScope,
    /// Open the article at this place in the argument order.
    OpenArticle(usize),
    /// Enter or leave teaching mode: the article told one mention at a time.
    TogglePresent,
    /// Teaching mode: show the next step.
    NextStep,
    /// Teaching mode: show the previous step.
    PrevStep,
    /// Teaching mode: reveal every actor and name, or only those met so far.
    RevealAll,
    /// Teaching mode: start again from before the first step.
    RestartLesson,
    /// Export the article: open the menu of formats.
    Export,
    /// Answer the question in the status bar: yes (`true`) or no.
    Answer(bool),
    /// Choose an answer of a question with several (1 is the first).
    Choose(u8),
    /// Teach: the mention under the cursor is no mention (here or
    /// everywhere: a question follows).
    Suppress,
    /// Teach: the selected text, or the discovered name under the cursor,
    /// is an alias of an actor chosen next.
    AddAlias,
    /// Start selecting text in the article from the cursor, or stop.
    ToggleSelection,
    /// Extend the selection to the next word.
    WordForward,
    /// Shrink or extend the selection to the previous word.
    WordBackward,
    /// Teach: a new actor, named by the selected text or the discovered
    /// name under the cursor (a form follows).
    NewActor,
    /// Teach: change the selected actor's name, kind, country or
    /// description (a form follows).
    EditActor,
    /// In a form: the next (`true`) or previous choice of the field.
    Cycle(bool),
    /// Take back the last change taught in this session.
    Undo,
    /// Make again the last change taken back.
    Redo,
}

impl Action {
    /// Whether the action moves within the focused pane (a line, a page,
    /// half a page, to either end), which every pane reads in its own way
    /// (`App::apply` matches the same list exhaustively).
    pub fn is_motion(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::HalfPageUp
                | Action::HalfPageDown
                | Action::Top
                | Action::Bottom
        )
    }
}
