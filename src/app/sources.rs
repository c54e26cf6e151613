//! The sources an article cites, arranged for the Sources view and the
//! detail panel: attributions grouped by source (a catalog actor, or the
//! words of a source no catalog names), in order of first citation.
//! Computed once per article, when first needed, and kept.

use std::collections::HashMap;

use super::overlay::{ListStep, Overlay, list_step};
use super::{App, Focus};
use crate::action::Action;
use crate::model::sources::attributions;
use crate::model::{ActorIdx, Attribution, Mention};
use crate::scroll::{ListLines, Scroll};

/// One source and what it is cited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    /// The actor, or `None` for an unnamed source.
    pub actor: Option<ActorIdx>,
    /// For an unnamed source, its words as the article first writes them.
    pub words: String,
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
        let list = attributions(text, mentions);
        let mut groups: Vec<SourceGroup> = Vec::new();
        let mut by_actor = HashMap::new();
        let mut by_words: HashMap<String, usize> = HashMap::new();
        for (i, a) in list.iter().enumerate() {
            let g = if let Some(actor) = a.source {
                *by_actor.entry(actor).or_insert_with(|| {
                    groups.push(SourceGroup {
                        actor: Some(actor),
                        words: String::new(),
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
        SourceIndex {
            list,
            groups,
            rows,
            by_actor,
        }
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

/// The Sources view's state: its rows' scroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesView {
    /// Viewport and cursor over [`SourceIndex::rows`].
    pub scroll: Scroll<usize>,
    /// How many rows there are.
    pub len: usize,
}

impl SourcesView {
    /// The view over `len` rows, `height` of them visible.
    pub fn new(len: usize, height: usize) -> Self {
        let mut scroll = Scroll::new(0, 1);
        scroll.set_viewport(height.max(1), &mut ListLines(len.max(1)));
        SourcesView { scroll, len }
    }

    /// The rows as [`crate::scroll::Lines`].
    pub fn lines(&self) -> ListLines {
        ListLines(self.len.max(1))
    }
}

impl App {
    /// Opens the Sources view of the article shown (finding its sources
    /// first if that was not done yet).
    pub(super) fn open_sources(&mut self) {
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
        self.overlay = Overlay::Sources(view);
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
            self.jump_to_sentence(sentence);
            self.focus = Focus::Article;
            let who = source.map_or_else(
                || "an unnamed source".to_string(),
                |a| self.name(a).to_string(),
            );
            self.message = Some(format!("cited to {who} ({cue})"));
        }
    }

    /// Applies an action while the Sources view is open; returns false for
    /// those that act as usual (quit, resize).
    pub(super) fn update_sources(&mut self, action: Action) -> bool {
        let rows = self.areas.map(|a| a.overlay_rows);
        let Overlay::Sources(view) = &mut self.overlay else {
            return false;
        };
        let mut lines = view.lines();
        let len = view.len;
        let close = Action::ToggleSources;
        match list_step(action, close, &mut view.scroll, &mut lines, rows, len) {
            ListStep::Pass => return false,
            ListStep::Stay => {}
            ListStep::Close => self.overlay = Overlay::None,
            ListStep::Choose(i) => self.cite(i),
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
