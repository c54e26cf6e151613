//! The sources an article cites, arranged for the Sources view and the
//! detail panel: attributions grouped by source (a catalog actor, or the
//! words of a source no catalog names), in order of first citation.
//! Computed once per article, when first needed, and kept; for a large
//! article in the background ([`super::job`]).
//!
//! In a corpus the view also lists the sources of all articles
//! ([`CorpusSources`]: each source with how many articles and sentences
//! cite it); Enter lists the sentences citing one, Enter again opens one.

use std::collections::HashMap;
use std::sync::Arc;

use super::job::Job;
use super::overlay::{ListStep, Overlay, list_step};
use super::{App, Focus, Open};
use crate::action::Action;
use crate::model::sources::attributions_with;
use crate::model::{ActorIdx, Attribution, Mention, Progress};
use crate::scroll::{ListLines, Scroll};

/// One source and what it is cited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    /// The actor, or `None` for an unnamed source.
    pub actor: Option<ActorIdx>,
    /// For a source no catalog names, its words as the article first
    /// writes them.
    pub words: String,
    /// Whether those words name someone (a person, an outlet) rather than
    /// no one (`security researchers`).
    pub named: bool,
    /// Its attributions, as indices into [`SourceIndex::list`].
    pub attributions: Vec<usize>,
}

/// One row of the Sources view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceRow {
    /// A source (index into [`SourceIndex::groups`]).
    Source(usize),
    /// A sentence cited (index into [`SourceIndex::list`]).
    Sentence(usize),
}

/// An article's attributions, grouped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceIndex {
    /// Every attribution, in text order.
    pub list: Vec<Attribution>,
    /// The sources, in order of first citation.
    pub groups: Vec<SourceGroup>,
    /// The rows of the Sources view: each source, then its sentences.
    pub rows: Vec<SourceRow>,
    by_actor: HashMap<ActorIdx, usize>,
}

impl SourceIndex {
    /// Finds the attributions of `text`, whose mentions are `mentions`.
    pub fn build(text: &str, mentions: &[Mention]) -> Self {
        Self::build_with(text, mentions, &Progress::new(text.len())).unwrap_or_default()
    }

    /// [`SourceIndex::build`], reporting the bytes done to `progress`;
    /// `None` once it is cancelled.
    pub fn build_with(text: &str, mentions: &[Mention], progress: &Progress) -> Option<Self> {
        let list = attributions_with(text, mentions, progress)?;
        let mut groups: Vec<SourceGroup> = Vec::new();
        let mut by_actor = HashMap::new();
        let mut by_words: HashMap<String, usize> = HashMap::new();
        for (i, a) in list.iter().enumerate() {
            let g = if let Some(actor) = a.source {
                *by_actor.entry(actor).or_insert_with(|| {
                    groups.push(SourceGroup {
                        actor: Some(actor),
                        words: String::new(),
                        named: true,
                        attributions: Vec::new(),
                    });
                    groups.len() - 1
                })
            } else {
                let words = text[a.source_range.clone()].trim().to_string();
                *by_words.entry(words.to_lowercase()).or_insert_with(|| {
                    groups.push(SourceGroup {
                        actor: None,
                        words,
                        named: a.named,
                        attributions: Vec::new(),
                    });
                    groups.len() - 1
                })
            };
            groups[g].attributions.push(i);
        }
        let mut rows = Vec::with_capacity(groups.len() + list.len());
        for (g, group) in groups.iter().enumerate() {
            rows.push(SourceRow::Source(g));
            rows.extend(group.attributions.iter().map(|&i| SourceRow::Sentence(i)));
        }
        Some(SourceIndex {
            list,
            groups,
            rows,
            by_actor,
        })
    }

    /// The attributions citing `actor`, as indices into [`Self::list`].
    pub fn cited(&self, actor: ActorIdx) -> &[usize] {
        self.by_actor
            .get(&actor)
            .map_or(&[], |&g| &self.groups[g].attributions)
    }

    /// The attribution a row leads to: its own, or a source's first.
    pub fn target(&self, row: usize) -> Option<&Attribution> {
        match *self.rows.get(row)? {
            SourceRow::Source(g) => self.list.get(*self.groups[g].attributions.first()?),
            SourceRow::Sentence(i) => self.list.get(i),
        }
    }
}

/// One source across the articles of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusGroup {
    /// The actor, or `None` for an unnamed source.
    pub actor: Option<ActorIdx>,
    /// For a source no catalog names, its words as first written.
    pub words: String,
    /// Whether those words name someone (see [`SourceGroup::named`]).
    pub named: bool,
    /// How many articles cite it.
    pub articles: usize,
    /// The sentences citing it: (article, index into that article's
    /// [`SourceIndex::list`]), in article order, then text order.
    pub cites: Vec<(usize, usize)>,
}

/// The sources of every article read, grouped: by actor when the catalog
/// names the source, else by its words (lower-cased).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusSources {
    /// Most-cited first: by articles, then by sentences, then in order of
    /// first citation.
    pub groups: Vec<CorpusGroup>,
    /// How many articles were looked at.
    pub searched: usize,
}

impl CorpusSources {
    /// Groups the sources of these articles (in article order).
    pub fn build(per_article: &[(usize, Arc<SourceIndex>)]) -> Self {
        #[derive(Hash, PartialEq, Eq)]
        enum Key {
            Actor(ActorIdx),
            Words(String),
        }
        let mut groups: Vec<CorpusGroup> = Vec::new();
        let mut at: HashMap<Key, usize> = HashMap::new();
        for (article, index) in per_article {
            for group in &index.groups {
                let key = match group.actor {
                    Some(a) => Key::Actor(a),
                    None => Key::Words(group.words.trim().to_lowercase()),
                };
                let g = *at.entry(key).or_insert_with(|| {
                    groups.push(CorpusGroup {
                        actor: group.actor,
                        words: group.words.trim().to_string(),
                        named: group.named,
                        articles: 0,
                        cites: Vec::new(),
                    });
                    groups.len() - 1
                });
                let g = &mut groups[g];
                g.articles += 1;
                g.cites
                    .extend(group.attributions.iter().map(|&i| (*article, i)));
            }
        }
        for g in &mut groups {
            // Within an article, in text order.
            g.cites.sort_unstable();
        }
        groups.sort_by_key(|g| {
            (
                std::cmp::Reverse(g.articles),
                std::cmp::Reverse(g.cites.len()),
            )
        });
        CorpusSources {
            groups,
            searched: per_article.len(),
        }
    }
}

/// What the Sources view lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourcesLevel {
    /// The sources of the article shown, each with its sentences.
    Article,
    /// The sources of all articles.
    Corpus,
    /// The sentences of all articles citing one source (an index into
    /// [`CorpusSources::groups`]).
    Cites(usize),
}

/// The Sources view's state: what it lists and its rows' scroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesView {
    /// Viewport and cursor over the rows of the level.
    pub scroll: Scroll<usize>,
    /// How many rows there are.
    pub len: usize,
    /// What the rows are.
    pub level: SourcesLevel,
    /// The cursor of the list of all sources, while one's sentences are
    /// listed.
    back: usize,
}

impl SourcesView {
    /// The view over `len` rows, `height` of them visible.
    pub fn new(len: usize, height: usize) -> Self {
        let mut scroll = Scroll::new(0, 1);
        scroll.set_viewport(height.max(1), &mut ListLines(len.max(1)));
        SourcesView {
            scroll,
            len,
            level: SourcesLevel::Article,
            back: 0,
        }
    }

    /// The view at `level` over `len` rows, the cursor on `cursor`.
    fn at(level: SourcesLevel, len: usize, height: usize, cursor: usize) -> Self {
        let mut view = SourcesView::new(len, height);
        view.level = level;
        view.scroll
            .jump(cursor.min(len.saturating_sub(1)), &mut view.lines());
        view
    }

    /// The rows as [`crate::scroll::Lines`].
    pub fn lines(&self) -> ListLines {
        ListLines(self.len.max(1))
    }
}

impl App {
    /// Opens the Sources view of the article shown: at once if its sources
    /// are found or quick to find, else once a job has found them.
    pub(super) fn open_sources(&mut self) {
        let Some(index) = self.current else {
            self.message = Some("no article yet".to_string());
            return;
        };
        if self.sources().is_none() && self.view.text().len() > super::EAGER_SOURCES {
            self.start_job(Job::Sources { article: index });
            return;
        }
        self.ensure_sources(index, true);
        self.show_sources();
    }

    /// Opens the view over the sources of the article shown, found.
    pub(super) fn show_sources(&mut self) {
        let len = self.sources().map_or(0, |s| s.rows.len());
        let mut view = SourcesView::new(len, self.overlay_height());
        // Start on the first sentence, not on a source's name.
        if len > 1 {
            view.scroll.cursor = 1;
        }
        self.overlay = Overlay::Sources(view);
    }

    /// Shows the sources of all articles in the Sources view (opening it
    /// if needed), once they are found.
    pub(super) fn show_corpus_sources(&mut self) {
        let len = self.corpus_sources.as_ref().map_or(0, |c| c.groups.len());
        let view = SourcesView::at(SourcesLevel::Corpus, len, self.overlay_height(), 0);
        self.overlay = Overlay::Sources(view);
    }

    /// Switches the view between this article and all articles; the
    /// sources of all are found first if they are not yet (in the
    /// background).
    fn toggle_sources_scope(&mut self) {
        let Overlay::Sources(view) = &self.overlay else {
            return;
        };
        if view.level != SourcesLevel::Article {
            self.show_sources();
            return;
        }
        if self.corpus.entries.len() < 2 {
            self.message = Some("only one article is open: all articles are this one".to_string());
            return;
        }
        if self.is_archive() {
            // Its articles are not all read: the index answers instead.
            self.message = Some(
                "an archive's sources are asked of its index: aka query --source NAME".to_string(),
            );
            return;
        }
        if self.corpus_sources.is_some() && !self.corpus_sources_stale {
            self.show_corpus_sources();
        } else {
            self.start_job(Job::CorpusSources);
        }
    }

    /// Closes the view and goes to the sentence of `row`, saying whom it
    /// is cited to.
    fn cite(&mut self, row: usize) {
        let target = self.sources().and_then(|s| {
            let a = s.target(row)?;
            Some((a.sentence.clone(), a.source, a.cue.clone()))
        });
        self.overlay = Overlay::None;
        if let Some((sentence, source, cue)) = target {
            self.go_to_citation(sentence, source, &cue);
        }
    }

    fn go_to_citation(
        &mut self,
        sentence: std::ops::Range<usize>,
        source: Option<ActorIdx>,
        cue: &str,
    ) {
        self.jump_to_sentence(sentence);
        self.focus = Focus::Article;
        let who = source.map_or_else(
            || "an unnamed source".to_string(),
            |a| self.name(a).to_string(),
        );
        self.message = Some(format!("cited to {who} ({cue})"));
    }

    /// The sentence of all articles' sources: which article, and the
    /// attribution there.
    pub fn corpus_cite(&self, group: usize, k: usize) -> Option<(usize, &Attribution)> {
        let &(article, i) = self
            .corpus_sources
            .as_ref()?
            .groups
            .get(group)?
            .cites
            .get(k)?;
        let sources = self.corpus.entries.get(article)?.sources.as_ref()?;
        Some((article, sources.list.get(i)?))
    }

    /// Closes the view and opens the article of a sentence citing `group`,
    /// the cursor at the sentence.
    fn open_corpus_cite(&mut self, group: usize, k: usize) {
        let Some((article, a)) = self.corpus_cite(group, k) else {
            return;
        };
        let (sentence, source, cue) = (a.sentence.clone(), a.source, a.cue.clone());
        self.overlay = Overlay::None;
        if self.current != Some(article) && !self.open_article(article, Open::Keep) {
            return;
        }
        self.go_to_citation(sentence, source, &cue);
    }

    /// Applies an action while the Sources view is open; returns false for
    /// those that act as usual (quit, resize).
    pub(super) fn update_sources(&mut self, action: Action) -> bool {
        let rows = self.areas.map(|a| a.overlay_rows);
        let height = self.overlay_height();
        let Overlay::Sources(view) = &mut self.overlay else {
            return false;
        };
        let level = view.level;
        match (action, level) {
            (Action::ToggleScope, _) => {
                self.toggle_sources_scope();
                return true;
            }
            (Action::Back, SourcesLevel::Cites(_)) => {
                let len = self.corpus_sources.as_ref().map_or(0, |c| c.groups.len());
                let back = view.back;
                *view = SourcesView::at(SourcesLevel::Corpus, len, height, back);
                return true;
            }
            _ => {}
        }
        let mut lines = view.lines();
        let len = view.len;
        let close = Action::ToggleSources;
        match list_step(action, close, &mut view.scroll, &mut lines, rows, len) {
            ListStep::Pass => return false,
            ListStep::Stay => {}
            ListStep::Close => self.overlay = Overlay::None,
            ListStep::Choose(i) => match level {
                SourcesLevel::Article => self.cite(i),
                SourcesLevel::Corpus => {
                    let n = self
                        .corpus_sources
                        .as_ref()
                        .and_then(|c| c.groups.get(i))
                        .map_or(0, |g| g.cites.len());
                    if n > 0 {
                        let mut next = SourcesView::at(SourcesLevel::Cites(i), n, height, 0);
                        next.back = i;
                        self.overlay = Overlay::Sources(next);
                    }
                }
                SourcesLevel::Cites(g) => self.open_corpus_cite(g, i),
            },
        }
        true
    }

    /// Fits the view's viewport to a new overlay height.
    pub(super) fn fit_sources(&mut self, height: usize) {
        if let Overlay::Sources(view) = &mut self.overlay {
            let mut lines = view.lines();
            view.scroll.set_viewport(height, &mut lines);
        }
    }
}
