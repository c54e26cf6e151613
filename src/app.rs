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
//! `update` first offers the action to the one [`Overlay`] standing over
//! the panes (if any), and [`App::contexts`] asks the same overlay which
//! keys it reads; `update` performs no I/O and returns the [`Effect`]s the
//! event loop must perform (quit, write an export).
//!
//! - [`overlay`]: the one overlay and its key contexts; each overlay's
//!   state and transitions in its own file: [`help`], [`articles`] (`o`),
//!   [`sources`] (`S`), [`results`] (`F`), [`export`] (`E`), [`present`]
//!   (`p`).
//! - [`effect`]: what `update` asks of the event loop.
//! - [`job`]: work longer than a frame (sources, lessons, exports of large
//!   articles; the sources of all articles), which the event loop runs in
//!   the background while the status bar shows its progress.
//! - [`prompt`]: the status bar's search and filter prompts, and Esc.
//! - `motion` and `screen`: moving in the panes; resizing and the mouse.
//! - [`article`]: an open article, its mention index and reading position.
//! - [`colours`]: which palette slot each actor's colour comes from.
//! - [`corpus`]: every input of the session and the counts across them.
//! - [`sidebar`]: the grouped, sorted, folded, filtered actor rows.
//! - [`detail`]: the rows of the detail panel.
//! - [`search`]: smart-case search of the text.
//!
//! Rectangles (viewport sizes, mouse hit-tests) come from
//! [`crate::layout`], which the view shares; the state imports nothing of
//! the view.
//!
//! Articles loaded in the background reach the state through
//! [`App::receive`] (one result) and [`App::settle`] (after a batch), which
//! update the corpus counts incrementally.

pub mod archive;
pub mod article;
pub mod articles;
pub mod colours;
pub mod corpus;
pub mod detail;
pub mod discovered;
pub mod effect;
pub mod export;
pub mod help;
pub mod job;
mod motion;
pub mod overlay;
pub mod present;
pub mod prompt;
pub mod results;
mod screen;
pub mod search;
mod select;
pub mod sidebar;
pub mod sources;
pub mod teach;
pub mod whole;

use std::ops::Range;
use std::sync::Arc;

use ratatui::crossterm::event::Event;

use crate::action::Action;
use crate::keymap::{self, Context};
use crate::layout::Areas;
use crate::model::explain;
use crate::model::lesson::Lesson;
use crate::model::stream::Reading;
use crate::model::{
    ActorIdx, Article, Catalog, Document, Encoding, InvalidUtf8, Loaded, Matcher, Progress,
};
use crate::scroll::{ListLines, Scroll};
use crate::theme::Theme;
use article::{ArticleView, Dir, Prepared};
use colours::Slots;
use corpus::{Corpus, Entry};
use detail::{Detail, DetailLayout, DetailRow, Extra, Why};
pub use effect::{Effect, ExportRequest};
use export::ExportDialog;
use help::Help;
use job::{Job, JobOutput, JobRequest, Pending, Shared, Work};
use overlay::Overlay;
use present::Presentation;
pub use prompt::{Prompt, PromptKind};
use sidebar::{Row, Scope, Sidebar};
use sources::{CorpusSources, SourceIndex, SourcesView};
pub use whole::Whole;

/// Articles up to this size have their sources found as soon as they are
/// opened (the detail panel shows them); larger ones in the background
/// when `S` asks ([`job`]), as are their lessons and exports.
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

/// Who asked for a selection: the sidebar does not move its own cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Sidebar,
    Elsewhere,
}

/// The explorer's whole state.
#[derive(Debug)]
pub struct App {
    /// The catalog the files make (the bundled one, packs, `--catalog`
    /// files, the user catalog), without the actors discovered.
    base: Arc<Catalog>,
    /// The catalog in use: `base` and the actors discovered in the
    /// articles ([`discovered`]).
    catalog: Arc<Catalog>,
    /// The actors discovered so far, as added to the catalog.
    found: Vec<crate::model::Actor>,
    /// Articles arrived that discovery has not looked at yet.
    undiscovered: Vec<usize>,
    /// Teaching aka: the user catalog and its undo history ([`teach`]).
    teacher: teach::Teacher,
    /// The text being selected (`v`): where the selection began, in bytes
    /// of the article shown; it ends at the word of [`App::selection_head`].
    selection: Option<usize>,
    /// Where the selection's moving end is.
    selection_head: usize,
    /// The last catalog actor selected (proposed first by `a`).
    last_catalog_actor: Option<ActorIdx>,
    matcher: Arc<Matcher>,
    theme: Theme,
    corpus: Corpus,
    view: ArticleView,
    current: Option<usize>,
    /// What stands over the panes, if anything.
    overlay: Overlay,
    /// Teaching mode's place in the lesson of an article: kept when the
    /// reader leaves teaching mode, so that `p` resumes there.
    lesson: Option<Presentation>,
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
    message: Option<String>,
    size: (u16, u16),
    areas: Option<Areas>,
    slots: Slots,
    /// Where the article stood when browsing the sidebar began: each actor
    /// browsed to is looked for after this point, not after the last one.
    browse_anchor: Option<usize>,
    /// The last query of a search of all articles, offered again by `F`.
    last_corpus_query: String,
    /// The job the explorer waits for (the status bar shows its
    /// progress; Esc cancels it).
    job: Option<Pending>,
    /// The id of the last job started.
    last_job: u64,
    /// The sources of all articles, once found.
    corpus_sources: Option<Arc<CorpusSources>>,
    /// Whether articles arrived since: the next look at all articles
    /// finds them again (the view shown meanwhile stays as it is).
    corpus_sources_stale: bool,
    /// An article shown in part while the rest is read in the background
    /// ([`crate::model::stream`]): how far that has got.
    reading: Option<Arc<Reading>>,
    /// What the action being applied asks of the event loop.
    effects: Vec<Effect>,
    /// An archive's article being read, to open once it arrives.
    awaiting: Option<archive::Awaiting>,
    /// An archive's re-indexing: articles written, out of how many.
    reindexing: Option<(usize, usize)>,
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
        catalog: impl Into<Arc<Catalog>>,
        matcher: Arc<Matcher>,
        names: Vec<String>,
        theme: Theme,
    ) -> Self {
        let catalog: Arc<Catalog> = catalog.into();
        let view = ArticleView::new(Document::from_text("(no article)", ""), &catalog, &matcher);
        let mut app = App {
            base: Arc::clone(&catalog),
            catalog,
            found: Vec::new(),
            undiscovered: Vec::new(),
            teacher: teach::Teacher::default(),
            selection: None,
            selection_head: 0,
            last_catalog_actor: None,
            matcher,
            theme,
            corpus: Corpus::pending(names),
            view,
            current: None,
            overlay: Overlay::None,
            lesson: None,
            tour: None,
            arrived: false,
            news: Vec::new(),
            focus: Focus::Article,
            selected: None,
            sidebar: Sidebar::default(),
            detail: Detail::default(),
            prompt: None,
            message: None,
            size: (0, 0),
            areas: None,
            slots: Slots::new(theme.palette_len()),
            browse_anchor: None,
            last_corpus_query: String::new(),
            job: None,
            last_job: 0,
            corpus_sources: None,
            corpus_sources_stale: false,
            reading: None,
            effects: Vec::new(),
            awaiting: None,
            reindexing: None,
        };
        app.rebuild_sidebar();
        app.article_moved();
        app
    }

    /// Says that the article at `reading`'s index, about to arrive through
    /// [`App::receive`], is only the first part of it: the rest is read in
    /// the background, and the whole arrives later through
    /// [`App::receive_whole`] (or [`App::receive`]), in its place. Meanwhile the status bar shows how far that has got, and
    /// what needs the whole article waits (`App::waits_for_whole`).
    pub fn start_reading(&mut self, reading: Arc<Reading>) {
        self.reading = Some(reading);
    }

    /// The reading of an article shown in part, while it lasts.
    pub fn reading(&self) -> Option<&Reading> {
        self.reading.as_deref()
    }

    /// Whether the article at `index` is shown in part, its rest still
    /// being read.
    fn is_partial(&self, index: usize) -> bool {
        self.reading.as_ref().is_some_and(|r| r.index == index)
    }

    /// Takes in one result of the background loader: the article is filed
    /// at its place (and shown if none is yet), or the failure noted. Call
    /// [`App::settle`] once the results at hand are all in.
    pub fn receive(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Article {
                index,
                mut article,
                invalid_utf8,
            } => {
                if article.matched_by != self.matcher.id() {
                    // Searched before the catalog changed (the loader
                    // follows the new one from its next file).
                    *article = Article::analyse(article.doc, &self.matcher);
                }
                if self.is_partial(index) && self.corpus.entries[index].ready().is_some() {
                    let whole = Whole::prepare(index, *article, invalid_utf8, &self.catalog);
                    self.receive_whole(whole);
                    return;
                }
                let (name, encoding) = (article.doc.name.clone(), article.doc.encoding());
                if !self.corpus.add(index, *article) {
                    return;
                }
                if let Some(news) = decoding_news(&name, encoding, invalid_utf8) {
                    self.news.push(news);
                }
                // Colours go to actors in order of appearance, so neighbours
                // differ.
                let actors: Vec<ActorIdx> = self.corpus.entries[index]
                    .ready()
                    .map(|d| d.counts.iter().map(|&(a, _)| a).collect())
                    .unwrap_or_default();
                self.slots.add(&actors);
                self.undiscovered.push(index);
                self.arrived = true;
                self.corpus_sources_stale = true;
                if self.current.is_none() {
                    self.open_article(index, Open::Keep);
                }
                self.arrived_awaited(index);
            }
            Loaded::Failed { index, error } => {
                if self.is_partial(index) && self.corpus.entries[index].ready().is_some() {
                    // What was read stays.
                    self.reading = None;
                    let shown = self.corpus.entries[index]
                        .ready()
                        .map_or(0, |d| d.doc.text().len());
                    self.news.push(format!(
                        "{error}: only its first {} shown",
                        crate::model::progress::size(shown)
                    ));
                } else if self.corpus.fail(index, error.reason.clone()) {
                    self.news.push(format!("skipped {error}"));
                }
                if self.awaiting.as_ref().is_some_and(|a| a.index == index) {
                    self.awaiting = None;
                }
            }
        }
    }

    /// The whole of an article shown in part arrives (read, searched and
    /// prepared in the background): it takes the part's place, and if it
    /// is shown, the reader stays where they were: the same line at the
    /// top, the cursor on the same place, the same actor selected.
    pub fn receive_whole(&mut self, whole: Whole) {
        let Whole {
            index,
            data,
            prepared,
            invalid_utf8,
            matched_by,
        } = whole;
        if !self.is_partial(index) {
            return;
        }
        if matched_by != self.matcher.id() {
            // Searched before the catalog changed: searched again here
            // (the reader in the background follows the catalog, so this
            // is rare).
            let doc = Arc::try_unwrap(data.doc).unwrap_or_else(|d| Document::clone(&d));
            let article = Article::analyse(doc, &self.matcher);
            let whole = Whole::prepare(index, article, invalid_utf8, &self.catalog);
            self.receive_whole(whole);
            return;
        }
        let name = self
            .reading
            .take()
            .map_or_else(|| data.doc.name.clone(), |r| r.file_name().to_string());
        let mentions = data.mentions.len();
        let actors: Vec<ActorIdx> = data.counts.iter().map(|&(a, _)| a).collect();
        let doc = Arc::clone(&data.doc);
        if !self.corpus.replace(index, data) {
            return;
        }
        if let Some(news) = decoding_news(&doc.name, doc.encoding(), invalid_utf8) {
            self.news.push(news);
        }
        self.slots.add(&actors);
        self.undiscovered.push(index);
        self.arrived = true;
        self.corpus_sources_stale = true;
        if self.current == Some(index) {
            let place = self.view.place();
            // The part's view goes before the whole's is made.
            self.view = ArticleView::prepared(doc, prepared);
            self.open_article_with(index, Open::Keep, true);
            self.view.restore(&place);
            self.article_moved();
        }
        if self.news.is_empty() {
            self.message = Some(format!(
                "{name} read whole: {} mentions",
                crate::model::progress::thousands(mentions)
            ));
        }
    }

    /// Opens the article shown again (its text or mentions changed), with
    /// the same line at the top of the view, the cursor at the same byte,
    /// on the same mention if it is still one.
    pub(crate) fn reopen_in_place(&mut self) {
        let Some(current) = self.current else {
            return;
        };
        let place = self.view.place();
        self.open_article(current, Open::Keep);
        self.view.restore(&place);
        self.article_moved();
    }

    /// Brings the views up to date after a batch of [`App::receive`]: the
    /// corpus-wide sidebar, and a message about files that were skipped.
    pub fn settle(&mut self) {
        self.discover_arrived();
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

    /// The catalog, to share with threads that prepare articles.
    pub(crate) fn shared_catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The mention finder, to share with loader threads.
    pub(crate) fn shared_matcher(&self) -> &Arc<Matcher> {
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
        match &self.overlay {
            Overlay::Articles(list) => Some(list),
            _ => None,
        }
    }

    /// The Sources view's state, when it is open.
    pub fn sources_view(&self) -> Option<&SourcesView> {
        match &self.overlay {
            Overlay::Sources(view) => Some(view),
            _ => None,
        }
    }

    /// Teaching mode's state, when it is on (also under the help opened
    /// from it).
    pub fn presentation(&self) -> Option<&Presentation> {
        let on = match &self.overlay {
            Overlay::Present => true,
            Overlay::Help(help) => help.over_lesson,
            _ => false,
        };
        self.lesson.as_ref().filter(|_| on)
    }

    /// The results of a search of all articles, when they are open.
    pub fn results(&self) -> Option<&results::Results> {
        match &self.overlay {
            Overlay::Results(results) => Some(results),
            _ => None,
        }
    }

    /// The export dialog, when it is open.
    pub fn export(&self) -> Option<&ExportDialog> {
        match &self.overlay {
            Overlay::Export(dialog) => Some(dialog),
            _ => None,
        }
    }

    /// What stands over the panes.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
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
    pub fn help(&self) -> Option<&Help> {
        match &self.overlay {
            Overlay::Help(help) => Some(help),
            _ => None,
        }
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
    pub(crate) fn detail_layout_at(&self, width: usize) -> Option<DetailLayout> {
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
                .map_or_else(Vec::new, |m| m.candidates().to_vec()),
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

    /// The job the explorer waits for, if any.
    pub fn job(&self) -> Option<&Pending> {
        self.job.as_ref()
    }

    /// The sources of all articles, once found.
    pub fn corpus_sources(&self) -> Option<&CorpusSources> {
        self.corpus_sources.as_deref()
    }

    /// The key contexts that apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.job.is_some() {
            return vec![Context::Busy, Context::Always];
        }
        if let Some(contexts) = self.overlay.contexts() {
            return contexts;
        }
        if let Some(p) = &self.prompt {
            return match p.kind {
                PromptKind::Filter => vec![Context::Filter, Context::Prompt, Context::Always],
                PromptKind::Search | PromptKind::Corpus => vec![Context::Prompt, Context::Always],
            };
        }
        let mut stack = Vec::new();
        if self.selection.is_some() && self.focus == Focus::Article {
            stack.push(Context::Selecting);
        }
        stack.push(match self.focus {
            Focus::Sidebar => Context::Sidebar,
            Focus::Article => Context::Article,
            Focus::Detail => Context::Detail,
        });
        if self.article().search.is_some() {
            stack.push(Context::Searching);
        }
        stack.extend([Context::Global, Context::Always]);
        stack
    }

    /// Maps a terminal event through the key table and applies it; returns
    /// what the action asks of the event loop, or `None` when the event
    /// meant nothing (and so needs no redraw).
    pub fn handle_event(&mut self, event: &Event) -> Option<Vec<Effect>> {
        keymap::action_for(&self.contexts(), event).map(|action| self.update(action))
    }

    /// Shows a transient message in the status bar (until the next
    /// action), such as a warning about the input.
    pub(crate) fn notify(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    // ----- The transition function. -----

    /// Applies one action, and returns what it asks of the world outside
    /// the state (quit, write a file), for the event loop to perform. The
    /// overlay, if any, sees the action first.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        // Whatever is open, and even while a job runs.
        if action == Action::Suspend {
            return vec![Effect::Suspend];
        }
        if !matches!(action, Action::Resize { .. }) {
            self.message = None;
        }
        if self.job.is_some() && !self.while_busy(action) {
            return std::mem::take(&mut self.effects);
        }
        let handled = match self.overlay {
            Overlay::None => false,
            Overlay::Help(_) => self.update_help(action),
            Overlay::Export(_) => self.update_export(action),
            Overlay::Articles(_) => self.update_list(action),
            Overlay::Sources(_) => self.update_sources(action),
            Overlay::Results(_) => self.update_results(action),
            Overlay::Present => self.update_present(action),
            Overlay::Teach(_) => self.update_teach(action),
        };
        if !handled {
            self.apply(action);
        }
        self.article_mut().prepare();
        self.ask_for_selected();
        std::mem::take(&mut self.effects)
    }

    fn apply(&mut self, action: Action) {
        if let Some(reading) = self.waits_for_whole(action) {
            self.message = Some(format!(
                "still reading {} — try again in a moment",
                reading.file_name()
            ));
            return;
        }
        match action {
            Action::Quit => self.effects.push(Effect::Quit),
            Action::Suspend => self.effects.push(Effect::Suspend),
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
            Action::StartCorpusSearch => self.open_prompt(PromptKind::Corpus),
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
                if self.presentation().is_some() {
                    self.fit_presentation();
                }
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Drag { column, row } => self.drag(column, row),
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
                    Scope::Corpus if self.is_archive() => match self.archive_status() {
                        Some(busy) => format!("actors in all articles of the archive ({busy})"),
                        None => format!(
                            "actors in all {} articles of the archive, as its index counts them",
                            crate::model::progress::thousands(self.corpus.entries.len())
                        ),
                    },
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
            Action::Suppress => self.start_suppress(),
            Action::AddAlias => self.start_add_alias(),
            Action::NewActor => self.start_new_actor(),
            Action::EditActor => self.start_edit(),
            Action::ToggleSelection => self.toggle_selection(),
            Action::WordForward => self.selection_word(true),
            Action::WordBackward => self.selection_word(false),
            Action::Undo => self.undo_redo(false),
            Action::Redo => self.undo_redo(true),
            // Teaching mode's own keys do nothing outside it, nor answers
            // outside a question.
            Action::NextStep
            | Action::PrevStep
            | Action::RevealAll
            | Action::RestartLesson
            | Action::Answer(_)
            | Action::Choose(_)
            | Action::Cycle(_) => {}
        }
    }

    // ----- Work in the background. -----

    /// The reading `action` must wait for, if it needs what is not read
    /// yet. Reading and moving work on what has arrived; what looks at the
    /// whole of the article shown (its search, sources, lesson, export),
    /// at every article (a search of all) or changes the catalog (teaching,
    /// which would have the rest searched again) waits until the rest of
    /// the article read in the background has arrived.
    fn waits_for_whole(&self, action: Action) -> Option<Arc<Reading>> {
        let reading = self.reading.as_ref()?;
        let shown = self.current == Some(reading.index);
        let waits = match action {
            Action::StartSearch
            | Action::ToggleSources
            | Action::Export
            | Action::TogglePresent => shown,
            Action::StartCorpusSearch
            | Action::Suppress
            | Action::AddAlias
            | Action::NewActor
            | Action::EditActor
            | Action::ToggleSelection
            | Action::Undo
            | Action::Redo => true,
            _ => false,
        };
        waits.then(|| Arc::clone(reading))
    }

    /// While a job runs: Esc cancels it, quitting, resizing and moving
    /// act as usual (true), anything else waits (false).
    fn while_busy(&mut self, action: Action) -> bool {
        match action {
            Action::Back => {
                self.cancel_job();
                false
            }
            Action::Quit | Action::Resize { .. } | Action::Wheel { .. } => true,
            other => other.is_motion(),
        }
    }

    /// Stops waiting for the job: its thread stops at its next step, and
    /// its result, if one still comes, is ignored.
    pub(crate) fn cancel_job(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
            self.message = Some(format!("{}: cancelled", job.job.label()));
        }
    }

    /// Asks the event loop to run `job` in the background, sharing the
    /// articles it needs; the status bar shows its progress until
    /// [`App::job_done`].
    fn start_job(&mut self, job: Job) {
        let shared = |index: usize, entry: &Entry| {
            entry.ready().map(|data| Shared {
                index,
                doc: Arc::clone(&data.doc),
                mentions: Arc::clone(&data.mentions),
                sources: entry.sources.clone(),
            })
        };
        let entries = &self.corpus.entries;
        let one = |article: usize| entries.get(article).and_then(|e| shared(article, e));
        let work = match job {
            Job::Sources { article } => one(article).map(Work::Sources),
            Job::Lesson { article } => {
                one(article).map(|a| Work::Lesson(a, Arc::clone(&self.catalog)))
            }
            Job::CorpusSources => Some(Work::Corpus(
                entries
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| shared(i, e))
                    .collect(),
            )),
            Job::Search => Some(Work::Search(
                entries
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| shared(i, e))
                    .collect(),
                self.last_corpus_query.clone(),
            )),
            Job::Find { article } => {
                let query = self.prompt.as_ref().map(|p| p.text.clone());
                one(article).zip(query).map(|(a, q)| Work::Find(a, q))
            }
            // Started by `start_export` with its request.
            Job::Export { .. } => None,
        };
        let Some(work) = work else {
            self.message = Some("no article yet".to_string());
            return;
        };
        self.launch(job, work);
    }

    /// Asks the event loop to export the article shown in the background.
    pub(crate) fn start_export(&mut self, request: ExportRequest) {
        let Some(article) = self.current else {
            self.message = Some("no article yet".to_string());
            return;
        };
        let Some(data) = self.corpus.entries[article].ready() else {
            return;
        };
        let work = Work::Export(job::Export {
            article: Shared {
                index: article,
                doc: Arc::clone(&data.doc),
                mentions: Arc::clone(&data.mentions),
                sources: None,
            },
            catalog: Arc::clone(&self.catalog),
            matcher: Arc::clone(&self.matcher),
            request,
        });
        self.launch(Job::Export { article }, work);
    }

    /// Records `job` as the one waited for and asks the event loop to run
    /// it.
    fn launch(&mut self, job: Job, work: Work) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        self.last_job += 1;
        // Article jobs count bytes of the article; a corpus job, articles
        // (and the bytes of the one it is on).
        let progress = Arc::new(Progress::new(match &work {
            Work::Sources(a) | Work::Lesson(a, _) | Work::Find(a, _) => a.doc.text().len(),
            Work::Search(list, _) => list.iter().map(|a| a.doc.text().len()).sum(),
            Work::Corpus(_) | Work::Export(_) => 1,
        }));
        let articles = match &work {
            Work::Corpus(list) => Some(Arc::new(Progress::new(list.len()))),
            _ => None,
        };
        self.job = Some(Pending {
            id: self.last_job,
            job,
            progress: Arc::clone(&progress),
            articles: articles.clone(),
        });
        self.effects.push(Effect::StartJob(JobRequest {
            id: self.last_job,
            job,
            progress,
            articles,
            work,
        }));
    }

    /// Takes in the result of the job `id`, and shows it (the Sources
    /// view, teaching mode) if the explorer still waits for it; the result
    /// of a cancelled job is ignored. Returns what it asks of the event
    /// loop.
    pub fn job_done(&mut self, id: u64, output: JobOutput) -> Vec<Effect> {
        if self.job.as_ref().is_none_or(|p| p.id != id) {
            return Vec::new();
        }
        self.job = None;
        match output {
            JobOutput::Sources { article, sources } => {
                self.corpus.entries[article]
                    .sources
                    .get_or_insert_with(|| Arc::new(sources));
                if self.current == Some(article) {
                    self.show_sources();
                }
            }
            JobOutput::Lesson { article, lesson } => {
                if self.current == Some(article) {
                    self.lesson = Some(Presentation::new(lesson, article));
                    self.start_presentation();
                }
            }
            JobOutput::Exported { request, outcome } => self.exported(request, outcome),
            JobOutput::Search(results) => self.show_results(results),
            JobOutput::Find {
                article,
                query,
                matches,
            } => {
                let asked = self.prompt.as_ref().is_some_and(|p| p.text == query);
                if self.current == Some(article) && asked {
                    self.show_search(query, matches);
                    self.accept_prompt();
                }
            }
            JobOutput::Corpus { sources, index } => {
                for (article, found) in sources {
                    self.corpus.entries[article].sources.get_or_insert(found);
                }
                // Articles that arrived while it ran are not in it.
                let ready = self.corpus.entries.iter().filter(|e| e.ready().is_some());
                self.corpus_sources_stale = ready.count() != index.searched;
                self.corpus_sources = Some(Arc::new(index));
                self.show_corpus_sources();
            }
        }
        self.article_mut().prepare();
        std::mem::take(&mut self.effects)
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
        if let Some(a) = actor.filter(|&a| !self.catalog.is_discovered(a)) {
            self.last_catalog_actor = Some(a);
        }
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
        self.selection_follows();
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
                _ => m.actor(),
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
        let elsewhere = self.corpus.article_count(actor);
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
                        let open = Open::FirstOf(layout.actor);
                        if self.is_archive() {
                            if self.open_or_read(index, open, None, None) {
                                self.focus = Focus::Article;
                            }
                        } else if self.open_article(index, open) {
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
        self.open_article_with(index, open, false)
    }

    /// [`App::open_article`]; with `prepared`, the view of the article
    /// at `index` is made already (`self.view`), only to be placed.
    fn open_article_with(&mut self, index: usize, open: Open, prepared: bool) -> bool {
        let Some(data) = self.corpus.entries.get(index).and_then(Entry::ready) else {
            return false;
        };
        let view = if prepared {
            std::mem::replace(
                &mut self.view,
                ArticleView::prepared(Arc::clone(&data.doc), Prepared::empty()),
            )
        } else {
            ArticleView::open(
                Arc::clone(&data.doc),
                Arc::clone(&data.mentions),
                data.markdown,
                &self.catalog,
            )
        };
        if let Some(cur) = self.current {
            self.corpus.entries[cur].last_cursor = Some(self.view.cursor_byte);
        }
        self.selection = None;
        // The actor followed keeps its colour; the others of this article
        // get colours apart.
        self.slots.assign(&view.index.found, self.selected);
        self.view = view;
        // A first part gets its explanations and sources with the whole.
        let partial = self.is_partial(index);
        let text = self.view.text();
        if text.len() <= EAGER_SOURCES && !partial {
            self.view.dropped = self.matcher.find_explained_in(text, &self.view.doc.name).1;
        }
        self.current = Some(index);
        if self
            .prompt
            .as_ref()
            .is_some_and(|p| p.kind == PromptKind::Search)
        {
            self.prompt = None;
        }
        if !partial {
            self.ensure_sources(index, false);
        }
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

    /// How many rows an overlay shows.
    fn overlay_height(&self) -> usize {
        self.areas
            .map_or(1, |a| a.overlay_rows.height as usize)
            .max(1)
    }

    /// Puts the cursor at the start of `sentence` and highlights it.
    fn jump_to_sentence(&mut self, sentence: Range<usize>) {
        let start = sentence.start;
        self.view.highlight = Some(sentence);
        self.view.goto_offset(start);
        self.article_moved();
    }
}

/// What the status bar says of how an article was decoded, as `aka
/// mentions` says it on standard error: that it was decoded from UTF-16,
/// and where its first invalid byte is; nothing for valid UTF-8.
fn decoding_news(name: &str, encoding: Encoding, invalid: Option<InvalidUtf8>) -> Option<String> {
    let invalid = invalid.map(|bad| {
        format!(
            "invalid {} from byte {}, shown as �",
            encoding.name(),
            bad.first_bad
        )
    });
    match (encoding, invalid) {
        (Encoding::Utf8, None) => None,
        (Encoding::Utf8, Some(invalid)) => Some(format!("{name}: {invalid}")),
        (_, None) => Some(format!("{name}: decoded from {}", encoding.name())),
        (_, Some(invalid)) => Some(format!(
            "{name}: decoded from {}; {invalid}",
            encoding.name()
        )),
    }
}
