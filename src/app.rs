//! The explorer's state and its one transition function, [`App::update`].
//!
//! The state holds the open articles (the first is shown; a later corpus
//! view switches between them), the selected actor, the focus, and the
//! state of each pane; `update` applies an [`Action`] and knows nothing of
//! the terminal, so tests drive it directly. It keeps the three panes in
//! agreement: moving the article cursor onto a mention selects its actor;
//! selecting an actor in the sidebar or through a link moves the article to
//! its first mention after the current position; the detail panel always
//! shows the selected actor and follows the current mention.
//!
//! - [`article`]: an open article, its mention index and reading position.
//! - [`colours`]: which palette slot each actor's colour comes from.
//! - [`corpus`]: every input of the session and the counts across them.
//! - [`sidebar`]: the grouped, sorted, folded, filtered actor rows.
//! - [`detail`]: the rows of the detail panel.
//! - [`search`]: smart-case search of the text.
//! - [`sources`]: the sources an article cites, grouped.
//! - [`present`]: where teaching mode stands in its lesson.
//! - [`export`]: where the `E` export stands (format, path, overwrite?).
//!
//! Articles loaded in the background reach the state through
//! [`App::receive`] (one result) and [`App::settle`] (after a batch), which
//! update the corpus counts incrementally.

pub mod article;
pub mod colours;
pub mod corpus;
pub mod detail;
pub mod export;
pub mod present;
pub mod search;
pub mod sidebar;
pub mod sources;

use std::ops::Range;
use std::sync::Arc;

use ratatui::crossterm::event::Event;
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::export::write::{self as export_file, ExportFormat, WriteError};
use crate::keymap::{self, Context};
use crate::model::explain;
use crate::model::lesson::Lesson;
use crate::model::{ActorIdx, Article, Catalog, Document, Loaded, Matcher};
use crate::scroll::{ListLines, Scroll};
use crate::theme::Theme;
use crate::ui::{self, Areas};
use crate::wrap::LinePos;
use article::{ArticleView, Dir, Step};
use colours::Slots;
use corpus::{Corpus, Entry, EntryState};
use detail::{Detail, DetailLayout, DetailRow, Extra, Why};
use export::ExportDialog;
use present::Presentation;
use search::{INCREMENTAL_LIMIT, Search, find_all};
use sidebar::{Row, Scope, Sidebar};
use sources::{SourceIndex, SourcesView};

/// Articles up to this size have their sources found as soon as they are
/// opened (the detail panel shows them); larger ones when `S` asks.
pub const EAGER_SOURCES: usize = 1 << 20;

/// Where to put the cursor in an article being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// On the selected actor's first mention if it has one, else the top.
    Keep,
    /// On this actor's first mention.
    FirstOf(ActorIdx),
    /// On this actor's last mention.
    LastOf(ActorIdx),
}

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The entity sidebar.
    Sidebar,
    /// The article.
    Article,
    /// The detail panel.
    Detail,
}

impl Focus {
    const ORDER: [Focus; 3] = [Focus::Sidebar, Focus::Article, Focus::Detail];

    fn step(self, by: usize) -> Focus {
        let i = Focus::ORDER.iter().position(|&f| f == self).unwrap_or(0);
        Focus::ORDER[(i + by) % Focus::ORDER.len()]
    }
}

/// What a prompt edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A search of the article's text.
    Search,
    /// The sidebar's filter.
    Filter,
}

/// A prompt in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it edits.
    pub kind: PromptKind,
    /// The text typed so far.
    pub text: String,
    saved: Saved,
}

/// Where the article stood when a prompt opened, to go back on Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Saved {
    scroll: Scroll<LinePos>,
    current: Option<usize>,
    cursor_byte: usize,
    search: Option<Search>,
}

/// Who asked for a selection: the sidebar does not move its own cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Sidebar,
    Elsewhere,
}

/// The explorer's whole state.
#[derive(Debug)]
pub struct App {
    catalog: Catalog,
    matcher: Arc<Matcher>,
    theme: Theme,
    corpus: Corpus,
    view: ArticleView,
    current: Option<usize>,
    /// The article list overlay's scroll, when it is open.
    list: Option<Scroll<usize>>,
    /// The Sources view, when it is open.
    sources: Option<SourcesView>,
    /// Teaching mode, when it is on.
    present: Option<Presentation>,
    /// The export dialog, when it is open.
    export: Option<ExportDialog>,
    /// A lesson prepared from a tour file, and the article it tells.
    tour: Option<(usize, Lesson)>,
    /// Articles arrived since the last [`App::settle`].
    arrived: bool,
    /// Inputs that failed, and notes about inputs, since the last settle.
    news: Vec<String>,
    focus: Focus,
    selected: Option<ActorIdx>,
    sidebar: Sidebar,
    detail: Detail,
    prompt: Option<Prompt>,
    help: Option<Scroll<usize>>,
    message: Option<String>,
    size: (u16, u16),
    areas: Option<Areas>,
    slots: Slots,
    /// Where the article stood when browsing the sidebar began: each actor
    /// browsed to is looked for after this point, not after the last one.
    browse_anchor: Option<usize>,
    quit: bool,
}

impl App {
    /// Opens the explorer on `docs` (the first is shown; with none, an empty
    /// article), finding every mention of `catalog`'s actors. Send
    /// [`Action::Resize`] before drawing.
    pub fn new(catalog: Catalog, docs: Vec<Document>, theme: Theme) -> Self {
        let matcher = Arc::new(Matcher::new(&catalog));
        let names = docs.iter().map(|d| d.name.clone()).collect();
        let mut app = App::pending(catalog, matcher, names, theme);
        for (index, doc) in docs.into_iter().enumerate() {
            let article = Box::new(Article::analyse(doc, &app.matcher));
            app.receive(Loaded::Article {
                index,
                article,
                invalid_utf8: None,
            });
        }
        app.settle();
        app.message = None;
        app
    }

    /// Opens the explorer on a corpus whose inputs have these names, none
    /// of them read yet: feed each result to [`App::receive`], and call
    /// [`App::settle`] after a batch. The first article to arrive is shown.
    pub fn pending(
        catalog: Catalog,
        matcher: Arc<Matcher>,
        names: Vec<String>,
        theme: Theme,
    ) -> Self {
        let view = ArticleView::new(Document::from_text("(no article)", ""), &catalog, &matcher);
        let mut app = App {
            catalog,
            matcher,
            theme,
            corpus: Corpus::pending(names),
            view,
            current: None,
            list: None,
            sources: None,
            present: None,
            export: None,
            tour: None,
            arrived: false,
            news: Vec::new(),
            focus: Focus::Article,
            selected: None,
            sidebar: Sidebar::default(),
            detail: Detail::default(),
            prompt: None,
            help: None,
            message: None,
            size: (0, 0),
            areas: None,
            slots: Slots::new(theme.palette_len()),
            browse_anchor: None,
            quit: false,
        };
        app.rebuild_sidebar();
        app.article_moved();
        app
    }

    /// Takes in one result of the background loader: the article is filed
    /// at its place (and shown if none is yet), or the failure noted. Call
    /// [`App::settle`] once the results at hand are all in.
    pub fn receive(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Article {
                index,
                article,
                invalid_utf8,
            } => {
                let name = article.doc.name.clone();
                if !self.corpus.add(index, *article) {
                    return;
                }
                if let Some(bad) = invalid_utf8 {
                    self.news.push(format!(
                        "{name}: invalid UTF-8 from byte {}, shown as �",
                        bad.first_bad
                    ));
                }
                // Colours go to actors in order of appearance, so neighbours
                // differ.
                let actors: Vec<ActorIdx> = self.corpus.entries[index]
                    .ready()
                    .map(|d| d.counts.iter().map(|&(a, _)| a).collect())
                    .unwrap_or_default();
                self.slots.add(&actors);
                self.arrived = true;
                if self.current.is_none() {
                    self.open_article(index, Open::Keep);
                }
            }
            Loaded::Failed { index, error } => {
                if self.corpus.fail(index, error.reason.clone()) {
                    self.news.push(format!("skipped {error}"));
                }
            }
        }
    }

    /// Brings the views up to date after a batch of [`App::receive`]: the
    /// corpus-wide sidebar, and a message about files that were skipped.
    pub fn settle(&mut self) {
        if std::mem::take(&mut self.arrived) && self.sidebar.scope == Scope::Corpus {
            self.rebuild_sidebar();
        }
        if !self.news.is_empty() {
            let news = std::mem::take(&mut self.news);
            let more = news.len() - 1;
            let mut text = news.into_iter().next().unwrap_or_default();
            if more > 0 {
                text = format!("{text} (and {more} more: o lists them)");
            }
            self.message = Some(text);
        }
    }

    // ----- Read access for the views and for tests. -----

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The mention finder built from the catalog.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The mention finder, to share with loader threads.
    pub fn shared_matcher(&self) -> &Arc<Matcher> {
        &self.matcher
    }

    /// The theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Every input of the session, in argument order.
    pub fn articles(&self) -> &[Entry] {
        &self.corpus.entries
    }

    /// The session's articles and the counts across them.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The index of the article shown (`None` until one has arrived).
    pub fn current_article(&self) -> Option<usize> {
        self.current
    }

    /// The article shown.
    pub fn article(&self) -> &ArticleView {
        &self.view
    }

    fn article_mut(&mut self) -> &mut ArticleView {
        &mut self.view
    }

    /// How many inputs have been read (or failed) out of how many, while
    /// some are still loading.
    pub fn loading(&self) -> Option<(usize, usize)> {
        let total = self.corpus.entries.len();
        (self.corpus.loading > 0).then(|| (total - self.corpus.loading, total))
    }

    /// The article list's scroll, when the list is open.
    pub fn list(&self) -> Option<&Scroll<usize>> {
        self.list.as_ref()
    }

    /// The Sources view's state, when it is open.
    pub fn sources_view(&self) -> Option<&SourcesView> {
        self.sources.as_ref()
    }

    /// Teaching mode's state, when it is on.
    pub fn presentation(&self) -> Option<&Presentation> {
        self.present.as_ref()
    }

    /// The export dialog, when it is open.
    pub fn export(&self) -> Option<&ExportDialog> {
        self.export.as_ref()
    }

    /// How the mention under the cursor was matched
    /// ([`explain::explain`]), if the cursor is on one.
    pub fn explanation(&self) -> Option<String> {
        let art = self.article();
        let m = &art.index.mentions[art.current?];
        Some(explain::explain(m, &self.catalog, art.text()))
    }

    /// The sources of the article shown, once found.
    pub fn sources(&self) -> Option<&SourceIndex> {
        self.current
            .and_then(|i| self.corpus.entries[i].sources.as_deref())
    }

    /// How many mentions of `actor` the sidebar counts: in this article or
    /// in all, as its scope says.
    pub fn sidebar_count(&self, actor: ActorIdx) -> usize {
        match self.sidebar.scope {
            Scope::Article => self.view.index.count(actor),
            Scope::Corpus => self.corpus.count(actor),
        }
    }

    /// The focused pane.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The selected actor.
    pub fn selected(&self) -> Option<ActorIdx> {
        self.selected
    }

    /// The sidebar's state.
    pub fn sidebar(&self) -> &Sidebar {
        &self.sidebar
    }

    /// The detail panel's state.
    pub fn detail(&self) -> &Detail {
        &self.detail
    }

    /// The open prompt.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The help overlay's scroll, when it is open.
    pub fn help(&self) -> Option<&Scroll<usize>> {
        self.help.as_ref()
    }

    /// The transient message of the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The terminal size last reported.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Where the panes are, or `None` when the terminal is too small.
    pub fn areas(&self) -> Option<&Areas> {
        self.areas.as_ref()
    }

    /// Whether the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The palette slot of an actor's colour.
    pub fn slot(&self, actor: ActorIdx) -> usize {
        self.slots.get(actor).unwrap_or(actor)
    }

    /// The detail panel's rows for the selected actor at the panel's width.
    pub fn detail_layout(&self) -> Option<DetailLayout> {
        let width = self.areas.map_or(40, |a| a.detail_rows.width as usize);
        self.detail_layout_at(width)
    }

    /// The detail panel's rows for the selected actor at `width`.
    pub fn detail_layout_at(&self, width: usize) -> Option<DetailLayout> {
        let actor = self.selected?;
        let extra = Extra {
            cited: self.sources().map_or(0, |s| s.cited(actor).len()),
            articles: if self.corpus.entries.len() > 1 {
                self.corpus.articles_of(actor).len()
            } else {
                0
            },
        };
        Some(DetailLayout::new(
            &self.catalog,
            &self.view.index,
            actor,
            width,
            extra,
            self.why(actor),
            self.detail.unfold,
        ))
    }

    /// How the current mention of `actor` (the selected actor) was matched,
    /// and why occurrences of its risky aliases did not count.
    fn why(&self, actor: ActorIdx) -> Why {
        let art = self.article();
        let text = art.text();
        let current = self
            .current_ordinal()
            .and(art.current)
            .map(|i| &art.index.mentions[i]);
        let dropped = art
            .dropped
            .iter()
            .filter(|d| d.actor == actor)
            .map(|d| explain::explain_dropped(d, &self.catalog, text))
            .collect();
        Why {
            text: current.map_or_else(String::new, |m| explain::explain(m, &self.catalog, text)),
            candidates: current
                .filter(|m| m.is_ambiguous())
                .map_or_else(Vec::new, |m| m.candidates.clone()),
            dropped,
        }
    }

    /// Which of the current mention's actor's mentions it is (0-based), if
    /// the current mention belongs to the selected actor.
    pub fn current_ordinal(&self) -> Option<usize> {
        let art = self.article();
        let cur = art.current?;
        let actor = self.selected?;
        article::names(&art.index.mentions[cur], actor)
            .then(|| art.index.mentions_of(actor).binary_search(&cur).ok())
            .flatten()
    }

    /// The key contexts that apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help.is_some() {
            return vec![Context::Help, Context::Always];
        }
        if self.present.is_some() {
            return vec![Context::Present, Context::Always];
        }
        match &self.export {
            Some(ExportDialog::Menu { .. }) => return vec![Context::ExportMenu, Context::Always],
            Some(ExportDialog::Path { .. }) => return vec![Context::Prompt, Context::Always],
            Some(ExportDialog::Confirm { .. }) => return vec![Context::Confirm, Context::Always],
            None => {}
        }
        if self.list.is_some() {
            return vec![Context::Articles, Context::Always];
        }
        if self.sources.is_some() {
            return vec![Context::Sources, Context::Always];
        }
        if let Some(p) = &self.prompt {
            return match p.kind {
                PromptKind::Filter => vec![Context::Filter, Context::Prompt, Context::Always],
                PromptKind::Search => vec![Context::Prompt, Context::Always],
            };
        }
        let mut stack = vec![match self.focus {
            Focus::Sidebar => Context::Sidebar,
            Focus::Article => Context::Article,
            Focus::Detail => Context::Detail,
        }];
        if self.article().search.is_some() {
            stack.push(Context::Searching);
        }
        stack.extend([Context::Global, Context::Always]);
        stack
    }

    /// Maps a terminal event through the key table and applies it; returns
    /// whether it meant anything (and so whether to redraw).
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match keymap::action_for(&self.contexts(), event) {
            Some(action) => {
                self.update(action);
                true
            }
            None => false,
        }
    }

    /// Shows a transient message in the status bar (until the next
    /// action), such as a warning about the input.
    pub fn notify(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    // ----- The transition function. -----

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize { .. }) {
            self.message = None;
        }
        let handled = (self.help.is_some() && self.update_help(action))
            || (self.export.is_some() && self.update_export(action))
            || (self.list.is_some() && self.update_list(action))
            || (self.sources.is_some() && self.update_sources(action))
            || (self.present.is_some() && self.update_present(action));
        if !handled {
            self.apply(action);
        }
        self.article_mut().prepare();
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.open_help(),
            Action::Back => self.back(),
            Action::FocusNext => self.set_focus(self.focus.step(1)),
            Action::FocusPrev => self.set_focus(self.focus.step(2)),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::Top
            | Action::Bottom => match self.focus {
                Focus::Article => self.article_motion(action),
                Focus::Sidebar => self.sidebar_motion(action),
                Focus::Detail => self.detail_motion(action),
            },
            Action::NextMention => self.step_mention(Dir::Forward),
            Action::PrevMention => self.step_mention(Dir::Backward),
            Action::NextAnyMention => self.step_any(Dir::Forward),
            Action::PrevAnyMention => self.step_any(Dir::Backward),
            Action::StartSearch => self.open_prompt(PromptKind::Search),
            Action::StartFilter => self.open_prompt(PromptKind::Filter),
            Action::NextMatch => self.step_match(Dir::Forward),
            Action::PrevMatch => self.step_match(Dir::Backward),
            Action::Input(c) => self.edit_prompt(|t| t.push(c)),
            Action::InputBackspace => self.edit_prompt(|t| {
                t.pop();
            }),
            Action::InputClear => self.edit_prompt(String::clear),
            Action::InputAccept => self.accept_prompt(),
            Action::ToggleSort => {
                self.sidebar.order = self.sidebar.order.toggled();
                self.rebuild_sidebar();
                self.message = Some(format!("actors {}", self.sidebar.order.label()));
            }
            Action::Fold => self.fold(true),
            Action::Unfold => self.fold(false),
            Action::Activate => self.activate(),
            Action::Resize { width, height } => {
                self.resize(width, height);
                if self.present.is_some() {
                    self.fit_presentation();
                }
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Action::SelectActor(actor) => self.select_and_go(actor, Origin::Elsewhere),
            Action::JumpTo(offset) => {
                self.article_mut().goto_offset(offset);
                self.article_moved();
            }
            Action::ToggleArticles => self.open_list(),
            Action::ToggleSources => self.open_sources(),
            Action::ToggleDescription => self.toggle_description(),
            Action::ToggleScope => {
                self.sidebar.scope = self.sidebar.scope.toggled();
                self.rebuild_sidebar();
                self.message = Some(match self.sidebar.scope {
                    Scope::Article => "actors in this article".to_string(),
                    Scope::Corpus => format!(
                        "actors in all articles ({} read)",
                        self.corpus.entries.len() - self.corpus.loading - self.corpus.failed.len()
                    ),
                });
            }
            Action::OpenArticle(i) => {
                self.open_from_list(i);
            }
            Action::TogglePresent => self.start_presentation(),
            Action::Export => self.open_export(),
            // Teaching mode's own keys do nothing outside it, nor answers
            // outside a question.
            Action::NextStep
            | Action::PrevStep
            | Action::RevealAll
            | Action::RestartLesson
            | Action::Answer(_) => {}
        }
    }

    // ----- Selection and the agreement of the panes. -----

    fn name(&self, actor: ActorIdx) -> &str {
        &self.catalog.actor(actor).name
    }

    /// Makes `actor` the selected one; the sidebar cursor follows unless the
    /// sidebar asked, and the detail panel starts from its top for a new
    /// actor.
    fn select(&mut self, actor: Option<ActorIdx>, origin: Origin) {
        let changed = actor != self.selected;
        self.selected = actor;
        if let Some(a) = actor {
            self.slots.ensure(a);
        }
        if changed {
            let layout = self.detail_layout();
            self.detail.reset(layout.as_ref());
        }
        if origin != Origin::Sidebar
            && let Some(row) = actor.and_then(|a| self.sidebar.row_of(a, &self.catalog))
        {
            self.sidebar.reveal(row);
        }
    }

    /// After the article cursor moved (by anything but browsing the
    /// sidebar): the mention under it selects its actor, the detail panel
    /// follows, the search knows which match is current.
    fn article_moved(&mut self) {
        self.browse_anchor = None;
        self.sync_from_article();
    }

    fn sync_from_article(&mut self) {
        let art = self.article();
        // On an ambiguous mention, an actor it may name stays selected.
        let actor = art
            .current
            .map(|i| &art.index.mentions[i])
            .map(|m| match self.selected {
                Some(s) if article::names(m, s) => s,
                _ => m.actor,
            });
        let at = art.cursor_byte;
        if actor.is_some() {
            self.select(actor, Origin::Elsewhere);
        }
        if let Some(s) = &mut self.article_mut().search {
            s.current = s.matches.binary_search_by_key(&at, |r| r.start).ok();
        }
        self.follow_in_detail();
    }

    /// Puts the detail cursor on the current mention's row; scrolls to it if
    /// the panel has the focus or already shows its mentions.
    fn follow_in_detail(&mut self) {
        let (Some(k), Some(layout)) = (self.current_ordinal(), self.detail_layout()) else {
            return;
        };
        let row = layout.mention_row(k);
        let mut lines = ListLines(layout.len());
        let showing = layout.mentions_heading() <= self.detail.scroll.bottom_line(&mut lines);
        if self.focus == Focus::Detail || showing {
            self.detail.scroll.reveal(row, &mut lines);
        } else {
            self.detail.scroll.cursor = row;
        }
    }

    /// Selects `actor` and moves the article to its first mention at or
    /// after the cursor (or the browse anchor), wrapping to its first.
    fn select_and_go(&mut self, actor: ActorIdx, origin: Origin) {
        let from = if origin == Origin::Sidebar {
            *self.browse_anchor.get_or_insert(self.view.cursor_byte)
        } else {
            self.article().cursor_byte
        };
        self.select(Some(actor), origin);
        let art = self.article();
        match art.first_of_from(actor, from) {
            Some(step) => {
                let m = art.index.mentions_of(actor)[step.index];
                self.article_mut().goto_mention(m);
                if step.wrapped {
                    self.message = Some("wrapped to first mention".to_string());
                }
                if origin == Origin::Sidebar {
                    self.sync_from_article();
                } else {
                    self.article_moved();
                }
            }
            None => {
                self.message = Some(self.absent(actor));
            }
        }
    }

    /// Says that `actor` is not in this article, and where to find it.
    fn absent(&self, actor: ActorIdx) -> String {
        let name = self.name(actor);
        let elsewhere = self.corpus.articles_of(actor).len();
        if self.corpus.entries.len() > 1 && elsewhere > 0 {
            format!("{name} is not mentioned in this article; n goes to the next that mentions it")
        } else {
            format!("{name} is not mentioned in this article")
        }
    }

    fn set_focus(&mut self, focus: Focus) {
        if focus == self.focus {
            return;
        }
        self.focus = focus;
        match focus {
            Focus::Detail => {
                if let Some(layout) = self.detail_layout() {
                    let mut lines = ListLines(layout.len());
                    let cursor = self
                        .current_ordinal()
                        .map(|k| layout.mention_row(k))
                        .or_else(|| layout.nearest_action(self.detail.scroll.cursor))
                        .unwrap_or(0);
                    self.detail.scroll.reveal(cursor, &mut lines);
                }
            }
            Focus::Sidebar => {
                if let Some(row) = self
                    .selected
                    .and_then(|a| self.sidebar.row_of(a, &self.catalog))
                {
                    self.sidebar.reveal(row);
                }
            }
            Focus::Article => {}
        }
    }

    // ----- Movement. -----

    fn article_motion(&mut self, action: Action) {
        let prefer = self.selected;
        self.article_mut().move_lines(prefer, |s, l| match action {
            Action::Up => s.up(1, l),
            Action::Down => s.down(1, l),
            Action::PageUp => s.page_up(l),
            Action::PageDown => s.page_down(l),
            Action::HalfPageUp => s.half_page_up(l),
            Action::HalfPageDown => s.half_page_down(l),
            Action::Top => s.top(l),
            Action::Bottom => s.bottom(l),
            _ => {}
        });
        self.article_moved();
    }

    fn sidebar_motion(&mut self, action: Action) {
        let mut lines = self.sidebar.lines();
        let s = &mut self.sidebar.scroll;
        list_motion(s, action, &mut lines);
        self.sidebar_cursor_moved();
    }

    fn sidebar_cursor_moved(&mut self) {
        if let Some(actor) = self.sidebar.cursor_actor()
            && Some(actor) != self.selected
        {
            self.select_and_go(actor, Origin::Sidebar);
        }
    }

    fn detail_motion(&mut self, action: Action) {
        let Some(layout) = self.detail_layout() else {
            return;
        };
        let mut lines = ListLines(layout.len());
        let s = &mut self.detail.scroll;
        match action {
            // A cursor resting below the view (after `g`, or following the
            // article) is first brought into view rather than skipped.
            Action::Down if s.cursor > s.bottom_line(&mut lines) => {
                s.reveal(s.cursor, &mut lines);
            }
            Action::Down => match layout.next_action(s.cursor) {
                Some(r) => s.reveal(r, &mut lines),
                None => s.scroll_view_only(1, &mut lines),
            },
            Action::Up => match layout.prev_action(s.cursor) {
                Some(r) => s.reveal(r, &mut lines),
                None => s.scroll_view_only(-1, &mut lines),
            },
            Action::Top => {
                s.top(&mut lines);
                s.cursor = layout.first_action().unwrap_or(0);
            }
            Action::Bottom => {
                s.bottom(&mut lines);
                s.cursor = layout.prev_action(layout.len()).unwrap_or(0);
            }
            _ => {
                list_motion(s, action, &mut lines);
                if let Some(r) = layout.nearest_action(s.cursor) {
                    s.cursor = r;
                    s.follow(&mut lines);
                }
            }
        }
    }

    /// Shows descriptions whole or folds them; the panel goes to its top,
    /// where the description is, and the cursor stays on its row.
    fn toggle_description(&mut self) {
        let cursor = self
            .detail_layout()
            .map(|l| l.row(self.detail.scroll.cursor));
        self.detail.unfold = !self.detail.unfold;
        if let (Some(row), Some(layout)) = (cursor, self.detail_layout()) {
            self.detail.scroll.cursor = layout.index_of(row);
        }
        self.detail.scroll.offset = 0;
        self.message = Some(if self.detail.unfold {
            "descriptions shown whole (d folds them)".to_string()
        } else {
            "descriptions folded (d shows them whole)".to_string()
        });
    }

    fn step_mention(&mut self, dir: Dir) {
        let Some(actor) = self.selected else {
            self.message = Some("no actor selected".to_string());
            return;
        };
        let art = self.article();
        let list = art.index.mentions_of(actor);
        let step = art.step(list, dir);
        if step.is_none_or(|s| s.wrapped) && self.cross(actor, dir) {
            return;
        }
        match step {
            Some(step) => {
                let m = self.view.index.mentions_of(actor)[step.index];
                self.go_to_mention(m, step, dir);
            }
            None => {
                self.message = Some(self.absent(actor));
            }
        }
    }

    /// Past the last (or first) mention of `actor` in a corpus: opens the
    /// next (previous) article that mentions it, wrapping around the corpus.
    /// Returns false when no other article mentions it.
    fn cross(&mut self, actor: ActorIdx, dir: Dir) -> bool {
        let Some(current) = self.current else {
            return false;
        };
        let Some((target, wrapped)) = self.corpus.next_with(actor, current, dir) else {
            return false;
        };
        let open = match dir {
            Dir::Forward => Open::FirstOf(actor),
            Dir::Backward => Open::LastOf(actor),
        };
        if !self.open_article(target, open) {
            return false;
        }
        let total = self.corpus.entries.len();
        let title = self.corpus.entries[target]
            .ready()
            .map_or("", |d| d.title.as_str());
        let title = ui::truncate(title, 30);
        self.message = Some(format!(
            "{}{} {} article {}/{total} “{title}”",
            self.name(actor),
            if wrapped {
                " wrapped around the corpus:"
            } else {
                ""
            },
            match dir {
                Dir::Forward => "continued in",
                Dir::Backward => "back in",
            },
            target + 1,
        ));
        true
    }

    fn step_any(&mut self, dir: Dir) {
        let art = self.article();
        let n = art.index.mentions.len();
        if n == 0 {
            self.message = Some("no known actor is mentioned in this article".to_string());
            return;
        }
        let at = art.cursor_byte;
        let mentions = &art.index.mentions;
        let (index, wrapped) = match (dir, art.current) {
            (Dir::Forward, Some(c)) if c + 1 < n => (c + 1, false),
            (Dir::Forward, Some(_)) => (0, true),
            (Dir::Forward, None) => match mentions.partition_point(|m| m.range.start < at) {
                i if i < n => (i, false),
                _ => (0, true),
            },
            (Dir::Backward, Some(c)) if c > 0 => (c - 1, false),
            (Dir::Backward, Some(_)) => (n - 1, true),
            (Dir::Backward, None) => match mentions.partition_point(|m| m.range.start < at) {
                0 => (n - 1, true),
                i => (i - 1, false),
            },
        };
        self.go_to_mention(index, Step { index, wrapped }, dir);
    }

    fn go_to_mention(&mut self, mention: usize, step: Step, dir: Dir) {
        self.article_mut().goto_mention(mention);
        self.article_moved();
        if step.wrapped {
            self.message = Some(
                match dir {
                    Dir::Forward => "wrapped to first mention",
                    Dir::Backward => "wrapped to last mention",
                }
                .to_string(),
            );
        }
    }

    fn step_match(&mut self, dir: Dir) {
        let art = self.article();
        let Some(search) = &art.search else {
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            return;
        }
        let at = art.cursor_byte;
        let (index, wrapped) = match (dir, search.current) {
            (Dir::Forward, Some(c)) if c + 1 < n => (c + 1, false),
            (Dir::Forward, Some(_)) => (0, true),
            (Dir::Backward, Some(c)) if c > 0 => (c - 1, false),
            (Dir::Backward, Some(_)) => (n - 1, true),
            (Dir::Forward, None) => match search.matches.partition_point(|r| r.start <= at) {
                i if i < n => (i, false),
                _ => (0, true),
            },
            (Dir::Backward, None) => match search.matches.partition_point(|r| r.start < at) {
                0 => (n - 1, true),
                i => (i - 1, false),
            },
        };
        self.goto_match(index);
        if wrapped {
            self.message = Some(
                match dir {
                    Dir::Forward => "search wrapped to the top",
                    Dir::Backward => "search wrapped to the bottom",
                }
                .to_string(),
            );
        }
    }

    fn goto_match(&mut self, index: usize) {
        let art = self.article_mut();
        let Some(start) = art
            .search
            .as_ref()
            .and_then(|s| s.matches.get(index))
            .map(|r| r.start)
        else {
            return;
        };
        let pos = art.layout.pos_of(art.doc.text(), start);
        art.with_lines(|s, l| s.jump(pos, l));
        art.cursor_byte = start;
        art.current = art.index.mention_at(start);
        self.article_moved();
    }

    // ----- Prompts. -----

    fn open_prompt(&mut self, kind: PromptKind) {
        let art = self.article();
        let saved = Saved {
            scroll: art.scroll,
            current: art.current,
            cursor_byte: art.cursor_byte,
            search: art.search.clone(),
        };
        let text = match kind {
            PromptKind::Search => String::new(),
            PromptKind::Filter => self.sidebar.filter.clone(),
        };
        self.set_focus(match kind {
            PromptKind::Search => Focus::Article,
            PromptKind::Filter => Focus::Sidebar,
        });
        self.prompt = Some(Prompt { kind, text, saved });
    }

    fn edit_prompt(&mut self, edit: impl FnOnce(&mut String)) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        edit(&mut prompt.text);
        match prompt.kind {
            PromptKind::Search => {
                if self.article().text().len() <= INCREMENTAL_LIMIT {
                    self.run_search();
                }
            }
            PromptKind::Filter => {
                self.sidebar.filter = prompt.text.clone();
                self.rebuild_sidebar();
                if self.sidebar.cursor_actor().is_none()
                    && let Some(first) = self
                        .sidebar
                        .rows
                        .iter()
                        .position(|r| matches!(r, Row::Actor(_)))
                {
                    self.sidebar.reveal(first);
                }
                self.sidebar_cursor_moved();
            }
        }
    }

    /// Searches for the prompt's text from where the prompt opened, and
    /// shows the first match at or after that point.
    fn run_search(&mut self) {
        let Some(prompt) = &self.prompt else {
            return;
        };
        let saved = prompt.saved.clone();
        let query = prompt.text.clone();
        let art = self.article_mut();
        art.scroll = saved.scroll;
        art.current = saved.current;
        art.cursor_byte = saved.cursor_byte;
        let matches = find_all(art.text(), &query);
        let first = match matches.partition_point(|r| r.start < saved.cursor_byte) {
            i if i < matches.len() => Some(i),
            _ => (!matches.is_empty()).then_some(0),
        };
        art.search = (!query.is_empty()).then_some(Search {
            query,
            matches,
            current: None,
        });
        match first {
            Some(i) => self.goto_match(i),
            None => self.sync_from_article(),
        }
    }

    fn accept_prompt(&mut self) {
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        match prompt.kind {
            PromptKind::Search => {
                if prompt.text.is_empty() {
                    self.cancel_prompt();
                    return;
                }
                let stale = self
                    .article()
                    .search
                    .as_ref()
                    .is_none_or(|s| s.query != prompt.text);
                if stale {
                    self.run_search();
                }
                self.prompt = None;
                let found = self
                    .article()
                    .search
                    .as_ref()
                    .is_some_and(|s| !s.matches.is_empty());
                if !found {
                    self.restore(&prompt.saved);
                    self.article_mut().search = None;
                    self.message = Some(format!("no match for “{}”", prompt.text));
                }
            }
            PromptKind::Filter => {
                self.prompt = None;
                if self.sidebar.filter.trim().is_empty() {
                    self.sidebar.filter.clear();
                } else if self.sidebar.cursor_actor().is_none() {
                    self.message = Some(format!("no actor matches “{}”", self.sidebar.filter));
                }
            }
        }
    }

    fn cancel_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        match prompt.kind {
            PromptKind::Search => self.restore(&prompt.saved),
            PromptKind::Filter => {
                self.sidebar.filter.clear();
                self.rebuild_sidebar();
            }
        }
    }

    fn restore(&mut self, saved: &Saved) {
        let art = self.article_mut();
        art.scroll = saved.scroll;
        art.current = saved.current;
        art.cursor_byte = saved.cursor_byte;
        art.search.clone_from(&saved.search);
        self.sync_from_article();
    }

    fn back(&mut self) {
        if self.prompt.is_some() {
            self.cancel_prompt();
        } else if self.article().search.is_some() {
            self.article_mut().search = None;
            self.message = Some("search cleared".to_string());
        } else if self.view.highlight.is_some() {
            self.view.highlight = None;
            self.message = Some("highlight cleared".to_string());
        } else if !self.sidebar.filter.is_empty() {
            self.sidebar.filter.clear();
            self.rebuild_sidebar();
            self.message = Some("filter cleared".to_string());
        } else {
            self.message = Some("nothing to back out of (q quits)".to_string());
        }
    }

    // ----- The sidebar's own actions. -----

    fn rebuild_sidebar(&mut self) {
        match self.sidebar.scope {
            Scope::Article => {
                let index = &self.view.index;
                self.sidebar
                    .rebuild(&index.found, |a| index.count(a), &self.catalog);
            }
            Scope::Corpus => {
                let corpus = &self.corpus;
                self.sidebar
                    .rebuild(&corpus.found, |a| corpus.count(a), &self.catalog);
            }
        }
    }

    fn fold(&mut self, fold: bool) {
        if self.focus != Focus::Sidebar {
            return;
        }
        let Some(kind) = self.sidebar.cursor_kind(&self.catalog) else {
            return;
        };
        let changed = if fold {
            self.sidebar.folded.insert(kind)
        } else {
            self.sidebar.folded.remove(&kind)
        };
        if changed {
            self.rebuild_sidebar();
            if fold && let Some(h) = self.sidebar.heading_of(kind) {
                self.sidebar.reveal(h);
            }
        }
        if !self.sidebar.filter.is_empty() {
            self.message = Some("kinds stay unfolded while filtering".to_string());
        }
    }

    fn activate(&mut self) {
        match self.focus {
            Focus::Sidebar => match self.sidebar.cursor_row() {
                Some(Row::Kind { folded, .. }) => self.fold(!folded),
                Some(Row::Actor(_)) => self.set_focus(Focus::Article),
                None => {}
            },
            Focus::Detail => {
                let Some(layout) = self.detail_layout() else {
                    return;
                };
                match layout.row(self.detail.scroll.cursor) {
                    DetailRow::Candidate(k) => {
                        // The mention is indexed under each candidate: the
                        // cursor stays on it, now as the chosen actor's.
                        if let Some(&other) = layout.why.candidates.get(k) {
                            self.select(Some(other), Origin::Elsewhere);
                            self.follow_in_detail();
                            let name = self.name(other).to_string();
                            self.message = Some(format!("read as {name}"));
                        }
                    }
                    DetailRow::Link(i) => {
                        let other = layout.links[i].other;
                        self.select_and_go(other, Origin::Elsewhere);
                    }
                    DetailRow::Mention(k) => {
                        let m = self.article().index.mentions_of(layout.actor)[k];
                        self.article_mut().goto_mention(m);
                        self.article_moved();
                        self.focus = Focus::Article;
                    }
                    DetailRow::Cited(k) => {
                        let sentence = self.sources().and_then(|s| {
                            let i = *s.cited(layout.actor).get(k)?;
                            Some(s.list[i].sentence.clone())
                        });
                        if let Some(sentence) = sentence {
                            self.jump_to_sentence(sentence);
                            self.focus = Focus::Article;
                        }
                    }
                    DetailRow::Article(k) => {
                        let Some(&(index, _)) = self.corpus.articles_of(layout.actor).get(k) else {
                            return;
                        };
                        if self.open_article(index, Open::FirstOf(layout.actor)) {
                            self.focus = Focus::Article;
                        }
                    }
                    _ => {}
                }
            }
            Focus::Article => {}
        }
    }

    // ----- Articles of the corpus. -----

    /// Shows the article at `index` (if it is read), the cursor placed as
    /// `open` says. Returns false if it is not ready.
    fn open_article(&mut self, index: usize, open: Open) -> bool {
        let Some(data) = self.corpus.entries.get(index).and_then(Entry::ready) else {
            return false;
        };
        let view = ArticleView::open(
            Arc::clone(&data.doc),
            data.mentions.clone(),
            data.markdown,
            &self.catalog,
        );
        if let Some(cur) = self.current {
            self.corpus.entries[cur].last_cursor = Some(self.view.cursor_byte);
        }
        // The actor followed keeps its colour; the others of this article
        // get colours apart.
        self.slots.assign(&view.index.found, self.selected);
        self.view = view;
        let text = self.view.text();
        if text.len() <= EAGER_SOURCES {
            self.view.dropped = self.matcher.find_explained(text).1;
        }
        self.current = Some(index);
        if self
            .prompt
            .as_ref()
            .is_some_and(|p| p.kind == PromptKind::Search)
        {
            self.prompt = None;
        }
        self.ensure_sources(index, false);
        if let Some(areas) = self.areas {
            let text = areas.article_text;
            self.view
                .set_geometry(text.width as usize, text.height as usize);
        }
        if self.sidebar.scope == Scope::Article {
            self.rebuild_sidebar();
        }
        let target = {
            let index = &self.view.index;
            match open {
                Open::Keep => self
                    .selected
                    .and_then(|a| index.mentions_of(a).first().copied()),
                Open::FirstOf(a) => index.mentions_of(a).first().copied(),
                Open::LastOf(a) => index.mentions_of(a).last().copied(),
            }
        };
        if let Some(m) = target {
            self.view.goto_mention(m);
        } else {
            let prefer = self.selected;
            self.view.land_on_line(prefer);
        }
        let layout = self.detail_layout();
        self.detail.reset(layout.as_ref());
        self.article_moved();
        true
    }

    /// Finds the sources of the article at `index` if not yet done; only
    /// for articles up to [`EAGER_SOURCES`] unless `force`.
    fn ensure_sources(&mut self, index: usize, force: bool) {
        let entry = &self.corpus.entries[index];
        if entry.sources.is_some() {
            return;
        }
        let Some(data) = entry.ready() else {
            return;
        };
        if !force && data.doc.text().len() > EAGER_SOURCES {
            return;
        }
        let sources = SourceIndex::build(data.doc.text(), &data.mentions);
        self.corpus.entries[index].sources = Some(Arc::new(sources));
    }

    /// Puts the cursor at the start of `sentence` and highlights it.
    fn jump_to_sentence(&mut self, sentence: Range<usize>) {
        let start = sentence.start;
        self.view.highlight = Some(sentence);
        self.view.goto_offset(start);
        self.article_moved();
    }

    fn overlay_height(&self) -> usize {
        self.areas.map_or(1, |a| a.help_rows.height as usize).max(1)
    }

    fn open_list(&mut self) {
        let mut scroll = Scroll::new(0, 1);
        let mut lines = ListLines(self.corpus.entries.len().max(1));
        scroll.set_viewport(self.overlay_height(), &mut lines);
        scroll.jump(self.current.unwrap_or(0), &mut lines);
        self.list = Some(scroll);
    }

    /// Opens the article at `index` from a list, or says why not.
    fn open_from_list(&mut self, index: usize) {
        let Some(entry) = self.corpus.entries.get(index) else {
            return;
        };
        match &entry.state {
            EntryState::Ready(_) => {
                if self.current != Some(index) {
                    self.open_article(index, Open::Keep);
                }
                self.focus = Focus::Article;
            }
            EntryState::Loading => {
                self.message = Some(format!("{} is still loading", entry.name));
            }
            EntryState::Failed(reason) => {
                self.message = Some(format!("cannot open {}: {reason}", entry.name));
            }
        }
    }

    /// Applies an action while the article list is open; returns false for
    /// those that act as usual (quit, resize).
    fn update_list(&mut self, action: Action) -> bool {
        let Some(list) = &mut self.list else {
            return false;
        };
        let mut lines = ListLines(self.corpus.entries.len().max(1));
        match action {
            Action::Quit | Action::Resize { .. } => return false,
            Action::ToggleArticles | Action::Back => self.list = None,
            Action::Activate => {
                let i = list.cursor;
                self.list = None;
                self.open_from_list(i);
            }
            Action::Wheel { lines: n, .. } => list.scroll_view_only(isize::from(n), &mut lines),
            Action::Click { column, row } => {
                let rows = self.areas.map(|a| a.help_rows);
                match rows.filter(|r| r.contains(Position::new(column, row))) {
                    Some(r) => {
                        let i = list.offset + (row - r.y) as usize;
                        if i < self.corpus.entries.len() {
                            self.list = None;
                            self.open_from_list(i);
                        }
                    }
                    None => self.list = None,
                }
            }
            _ => list_motion(list, action, &mut lines),
        }
        true
    }

    fn open_sources(&mut self) {
        let Some(index) = self.current else {
            self.message = Some("no article yet".to_string());
            return;
        };
        self.ensure_sources(index, true);
        let len = self.sources().map_or(0, |s| s.rows.len());
        let mut view = SourcesView::new(len, self.overlay_height());
        // Start on the first sentence, not on a source's name.
        if len > 1 {
            view.scroll.cursor = 1;
        }
        self.sources = Some(view);
    }

    /// Applies an action while the Sources view is open; returns false for
    /// those that act as usual (quit, resize).
    fn update_sources(&mut self, action: Action) -> bool {
        let Some(view) = &mut self.sources else {
            return false;
        };
        let mut lines = view.lines();
        let activate = |app: &mut App, row: usize| {
            let target = app.sources().and_then(|s| {
                let a = s.target(row)?;
                Some((a.sentence.clone(), a.source, a.cue.clone()))
            });
            app.sources = None;
            if let Some((sentence, source, cue)) = target {
                app.jump_to_sentence(sentence);
                app.focus = Focus::Article;
                let who = source.map_or_else(
                    || "an unnamed source".to_string(),
                    |a| app.name(a).to_string(),
                );
                app.message = Some(format!("cited to {who} ({cue})"));
            }
        };
        match action {
            Action::Quit | Action::Resize { .. } => return false,
            Action::ToggleSources | Action::Back => self.sources = None,
            Action::Activate => {
                let row = view.scroll.cursor;
                activate(self, row);
            }
            Action::Wheel { lines: n, .. } => {
                view.scroll.scroll_view_only(isize::from(n), &mut lines);
            }
            Action::Click { column, row } => {
                let rows = self.areas.map(|a| a.help_rows);
                match rows.filter(|r| r.contains(Position::new(column, row))) {
                    Some(r) => {
                        let i = view.scroll.offset + (row - r.y) as usize;
                        if i < view.len {
                            activate(self, i);
                        }
                    }
                    None => self.sources = None,
                }
            }
            _ => list_motion(&mut view.scroll, action, &mut lines),
        }
        true
    }

    // ----- Teaching mode. -----

    /// Uses `lesson` (made from a tour file) instead of the reading order
    /// when the article at `article` is presented.
    pub fn set_tour(&mut self, article: usize, lesson: Lesson) {
        self.tour = Some((article, lesson));
    }

    /// Enters teaching mode on the article shown, before the first step of
    /// its tour if one was set for it, else of every mention in reading
    /// order.
    pub fn start_presentation(&mut self) {
        let Some(index) = self.current else {
            self.message = Some("no article yet".to_string());
            return;
        };
        let lesson = match &self.tour {
            Some((article, lesson)) if *article == index => lesson.clone(),
            _ => Lesson::reading_order(self.view.text(), &self.view.index.mentions, &self.catalog),
        };
        for step in &lesson.steps {
            self.slots.ensure(step.actor);
        }
        self.prompt = None;
        self.list = None;
        self.sources = None;
        self.help = None;
        self.present = Some(Presentation::new(lesson, index));
        self.fit_presentation();
    }

    /// Leaves teaching mode; the explorer's cursor is on the mention of
    /// the step shown.
    fn stop_presentation(&mut self) {
        let Some(p) = self.present.take() else {
            return;
        };
        if let Some(areas) = self.areas {
            let text = areas.article_text;
            self.view
                .set_geometry(text.width as usize, text.height as usize);
        }
        if let Some(step) = p.current() {
            self.view.goto_mention(step.mention);
        }
        self.article_moved();
    }

    /// Lays the article out for the presentation's text area and shows the
    /// step.
    fn fit_presentation(&mut self) {
        let (width, height) = self.size;
        if let Some(areas) = ui::present::layout(Rect::new(0, 0, width, height)) {
            let text = areas.text;
            self.view
                .set_geometry(text.width as usize, text.height as usize);
        }
        self.show_step();
    }

    /// Puts the step's mention at the centre of the article, or the top of
    /// the article before the first step.
    fn show_step(&mut self) {
        let Some(p) = &self.present else {
            return;
        };
        if let Some(m) = p.current().map(|s| s.mention) {
            present::centre(&mut self.view, m);
        } else {
            self.view.current = None;
            self.view.cursor_byte = 0;
            self.view.with_lines(|s, l| s.top(l));
        }
    }

    /// Applies an action in teaching mode; returns false for those that
    /// act as usual (quit, resize, help).
    fn update_present(&mut self, action: Action) -> bool {
        let Some(p) = &mut self.present else {
            return false;
        };
        match action {
            Action::Quit | Action::Resize { .. } | Action::ToggleHelp => return false,
            Action::TogglePresent | Action::Back => {
                self.stop_presentation();
                return true;
            }
            Action::NextStep => {
                if !p.forward() {
                    self.message = Some(if p.lesson.is_empty() {
                        "no step: no known actor is mentioned here (Esc: explorer)".to_string()
                    } else {
                        "the end: Home starts again, Esc goes back to the explorer".to_string()
                    });
                }
            }
            Action::PrevStep => {
                if !p.back() {
                    self.message = Some("this is the start: Space begins".to_string());
                }
            }
            Action::RevealAll => {
                p.reveal_all = !p.reveal_all;
                self.message = Some(if p.reveal_all {
                    let n = p.revealed().len();
                    format!("all {n} actors revealed (r: only those met so far)")
                } else {
                    "only what was met so far".to_string()
                });
            }
            Action::RestartLesson => p.restart(),
            _ => return true,
        }
        self.show_step();
        true
    }

    // ----- Exporting the article. -----

    fn open_export(&mut self) {
        if self.current.is_none() {
            self.message = Some("no article yet".to_string());
            return;
        }
        self.export = Some(ExportDialog::Menu { cursor: 0 });
    }

    /// The default destination of the article shown in `format`.
    pub fn export_default(&self, format: ExportFormat) -> String {
        export_file::default_path(&self.view.doc.name, format)
            .to_string_lossy()
            .into_owned()
    }

    /// Applies an action while the export dialog is open; returns false for
    /// those that act as usual (quit, resize).
    fn update_export(&mut self, action: Action) -> bool {
        let Some(dialog) = &mut self.export else {
            return false;
        };
        if matches!(action, Action::Quit | Action::Resize { .. }) {
            return false;
        }
        match dialog {
            ExportDialog::Menu { cursor } => match action {
                Action::Down => *cursor = (*cursor + 1) % ExportFormat::ALL.len(),
                Action::Up => {
                    *cursor = (*cursor + ExportFormat::ALL.len() - 1) % ExportFormat::ALL.len();
                }
                Action::Activate => {
                    let format = dialog.format();
                    let text = self.export_default(format);
                    self.export = Some(ExportDialog::Path { format, text });
                }
                Action::Back | Action::Export => self.export = None,
                _ => {}
            },
            ExportDialog::Path { format, text } => match action {
                Action::Input(c) => text.push(c),
                Action::InputBackspace => {
                    text.pop();
                }
                Action::InputClear => text.clear(),
                Action::InputAccept => {
                    let (format, path) = (*format, text.trim().to_string());
                    self.write_export(format, path, false);
                }
                Action::Back => {
                    self.export = None;
                    self.message = Some("export cancelled".to_string());
                }
                _ => {}
            },
            ExportDialog::Confirm { format, path } => match action {
                Action::Answer(true) => {
                    let (format, path) = (*format, path.clone());
                    self.write_export(format, path, true);
                }
                Action::Answer(false) | Action::Back => {
                    let (format, text) = (*format, path.clone());
                    self.message = Some(format!("{text} left as it was: type another path"));
                    self.export = Some(ExportDialog::Path { format, text });
                }
                _ => {}
            },
        }
        true
    }

    /// Writes the article in `format` to `path`; asks before replacing a
    /// file unless `overwrite`. Success closes the dialog; a failure is
    /// said in the status bar and leaves the path to edit.
    fn write_export(&mut self, format: ExportFormat, path: String, overwrite: bool) {
        if path.is_empty() {
            self.message = Some("type a path to export to".to_string());
            self.export = Some(ExportDialog::Path { format, text: path });
            return;
        }
        let art = self.article();
        let content = export_file::render(
            format,
            &art.doc,
            &self.catalog,
            &self.matcher,
            &art.index.mentions,
        );
        let n = art.index.mentions.len();
        match export_file::write_atomic(std::path::Path::new(&path), content.as_bytes(), overwrite)
        {
            Ok(()) => {
                self.export = None;
                let s = if n == 1 { "" } else { "s" };
                self.message = Some(format!(
                    "exported {n} mention{s} as {} to {path}",
                    format.label()
                ));
            }
            Err(WriteError::Exists) => {
                self.export = Some(ExportDialog::Confirm { format, path });
            }
            Err(e) => {
                self.message = Some(format!("cannot write {path}: {e}"));
                self.export = Some(ExportDialog::Path { format, text: path });
            }
        }
    }

    // ----- The help overlay. -----

    fn open_help(&mut self) {
        let mut scroll = Scroll::new(0, 0);
        let height = self.areas.map_or(1, |a| a.help_rows.height as usize);
        scroll.set_viewport(height, &mut ListLines(ui::help::line_count()));
        self.help = Some(scroll);
    }

    /// Applies an action while the help is open; returns false for those
    /// that act as usual (quit, resize).
    fn update_help(&mut self, action: Action) -> bool {
        let Some(help) = &mut self.help else {
            return false;
        };
        let mut lines = ListLines(ui::help::line_count());
        let page = help.viewport.cast_signed();
        match action {
            Action::Quit | Action::Resize { .. } => return false,
            Action::ToggleHelp | Action::Back | Action::Click { .. } => self.help = None,
            Action::Down => help.scroll_view_only(1, &mut lines),
            Action::Up => help.scroll_view_only(-1, &mut lines),
            Action::PageDown => help.scroll_view_only(page, &mut lines),
            Action::PageUp => help.scroll_view_only(-page, &mut lines),
            Action::HalfPageDown => help.scroll_view_only(page / 2, &mut lines),
            Action::HalfPageUp => help.scroll_view_only(-page / 2, &mut lines),
            Action::Top => help.top(&mut lines),
            Action::Bottom => help.scroll_view_only(isize::MAX / 2, &mut lines),
            Action::Wheel { lines: n, .. } => help.scroll_view_only(isize::from(n), &mut lines),
            _ => {}
        }
        true
    }

    // ----- The terminal and the mouse. -----

    fn resize(&mut self, width: u16, height: u16) {
        // Detail rows are numbered at a width: remember what the cursor and
        // the top row are, to find them again at the new width.
        let before = self.detail_layout().map(|l| {
            let s = &self.detail.scroll;
            (l.row(s.cursor), l.row(s.offset))
        });
        self.size = (width, height);
        self.areas = ui::layout(Rect::new(0, 0, width, height));
        let Some(areas) = self.areas else {
            return;
        };
        if let (Some((cursor, top)), Some(layout)) = (before, self.detail_layout()) {
            self.detail.scroll.cursor = layout.index_of(cursor);
            self.detail.scroll.offset = layout.index_of(top);
        }
        let text = areas.article_text;
        self.article_mut()
            .set_geometry(text.width as usize, text.height as usize);
        let mut lines = self.sidebar.lines();
        self.sidebar
            .scroll
            .set_viewport(areas.sidebar_rows.height as usize, &mut lines);
        // The detail cursor may rest below the view (see `follow_in_detail`):
        // a new height must not scroll to it.
        let len = self.detail_layout().map_or(1, |l| l.len());
        let list = detail::list_area(areas.detail_rows);
        let detail = &mut self.detail.scroll;
        detail.viewport = (list.height as usize).max(1);
        detail.offset = detail.offset.min(detail.max_offset(&mut ListLines(len)));
        if self.focus == Focus::Detail {
            detail.follow(&mut ListLines(len));
        }
        if let Some(help) = &mut self.help {
            help.set_viewport(
                areas.help_rows.height as usize,
                &mut ListLines(ui::help::line_count()),
            );
        }
        let height = areas.help_rows.height as usize;
        if let Some(list) = &mut self.list {
            list.set_viewport(height, &mut ListLines(self.corpus.entries.len().max(1)));
        }
        if let Some(view) = &mut self.sources {
            let mut lines = view.lines();
            view.scroll.set_viewport(height, &mut lines);
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let Some(areas) = self.areas else {
            return;
        };
        let at = Position::new(column, row);
        if areas.article.contains(at) {
            self.focus = Focus::Article;
            let text = areas.article_text;
            if row >= text.y && row < text.bottom() {
                let col = column.saturating_sub(text.x) as usize;
                if self.article_mut().click((row - text.y) as usize, col) {
                    self.article_moved();
                }
            }
        } else if areas.sidebar.contains(at) {
            // Focus without revealing the selection: the row under the
            // pointer is the one meant.
            self.focus = Focus::Sidebar;
            let rows = areas.sidebar_rows;
            if rows.contains(at) {
                let i = self.sidebar.scroll.offset + (row - rows.y) as usize;
                match self.sidebar.rows.get(i).copied() {
                    Some(Row::Kind { folded, .. }) => {
                        self.sidebar.reveal(i);
                        self.fold(!folded);
                    }
                    Some(Row::Actor(_)) => {
                        self.sidebar.reveal(i);
                        self.sidebar_cursor_moved();
                    }
                    None => {}
                }
            }
        } else if areas.detail.contains(at) {
            self.focus = Focus::Detail;
            let rows = detail::list_area(areas.detail_rows);
            let Some(layout) = self.detail_layout() else {
                return;
            };
            if rows.contains(at) {
                let i = self.detail.scroll.offset + (row - rows.y) as usize;
                if layout.is_action(i) {
                    if self.detail.scroll.cursor == i {
                        self.activate();
                    } else {
                        self.detail.scroll.reveal(i, &mut ListLines(layout.len()));
                    }
                }
            }
        }
    }

    fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let Some(areas) = self.areas else {
            return;
        };
        let at = Position::new(column, row);
        let delta = isize::from(lines);
        if areas.article.contains(at) {
            let prefer = self.selected;
            if self.article_mut().wheel(delta, prefer) {
                self.article_moved();
            }
        } else if areas.sidebar.contains(at) {
            let mut l = self.sidebar.lines();
            self.sidebar.scroll.scroll_view_only(delta, &mut l);
        } else if areas.detail.contains(at) {
            let len = self.detail_layout().map_or(1, |l| l.len());
            self.detail
                .scroll
                .scroll_view_only(delta, &mut ListLines(len));
        }
    }
}

/// The list movements shared by the sidebar and the detail panel.
fn list_motion(s: &mut Scroll<usize>, action: Action, lines: &mut ListLines) {
    match action {
        Action::Up => s.up(1, lines),
        Action::Down => s.down(1, lines),
        Action::PageUp => s.page_up(lines),
        Action::PageDown => s.page_down(lines),
        Action::HalfPageUp => s.half_page_up(lines),
        Action::HalfPageDown => s.half_page_down(lines),
        Action::Top => s.top(lines),
        Action::Bottom => s.bottom(lines),
        _ => {}
    }
}
