//! `F`: a search of every article read, and the overlay that lists its
//! matches (article, line, context); Enter opens the article at the match,
//! with the search active there so that `n`/`N` go on from it. Smart case,
//! as `/`: the same [`find_all`] runs over each article.

use std::ops::Range;

use super::corpus::{Corpus, Entry};
use super::job::Job;
use super::overlay::{ListStep, Overlay, list_step};
use super::search::{Search, find_all};
use super::{App, EAGER_SOURCES, Focus, Open};
use crate::action::Action;
use crate::model::{Locator, Progress};
use crate::scroll::{ListLines, Scroll};

/// The most matches listed; a search that finds more says so.
pub const MAX_HITS: usize = 10_000;

/// One match of a search of all articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The article (its place among the session's inputs).
    pub article: usize,
    /// The match's bytes in the article's text.
    pub range: Range<usize>,
    /// Its 1-based line; 0 for an article an archive's index found,
    /// whose text is not read yet (the range is then empty).
    pub line: usize,
}

/// The results of a search of all articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// The query as typed.
    pub query: String,
    /// The matches, article by article in the session's order.
    pub hits: Vec<Hit>,
    /// How many articles have a match.
    pub articles: usize,
    /// How many articles were searched (those read so far).
    pub searched: usize,
    /// Whether there were more than [`MAX_HITS`] matches.
    pub capped: bool,
    /// The list's scroll.
    pub scroll: Scroll<usize>,
}

impl Results {
    /// Searches every article of `corpus` that is read for `query`.
    pub fn search(corpus: &Corpus, query: &str) -> Self {
        let texts = corpus
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.ready()?.doc.text())));
        Results::search_with(texts, query, &Progress::new(0)).unwrap_or_else(|| Results {
            query: query.to_string(),
            hits: Vec::new(),
            articles: 0,
            searched: 0,
            capped: false,
            scroll: Scroll::new(0, 0),
        })
    }

    /// Searches `texts` (each with its article's index) for `query`,
    /// reporting the bytes searched to `progress` (its total is theirs);
    /// `None` once it is cancelled.
    pub fn search_with<'a>(
        texts: impl Iterator<Item = (usize, &'a str)>,
        query: &str,
        progress: &Progress,
    ) -> Option<Self> {
        let mut hits = Vec::new();
        let (mut articles, mut searched, mut capped, mut bytes) = (0, 0, false, 0);
        for (article, text) in texts {
            if progress.is_cancelled() {
                return None;
            }
            searched += 1;
            bytes += text.len();
            progress.advance_to(bytes);
            let found = find_all(text, query);
            if found.is_empty() {
                continue;
            }
            articles += 1;
            let mut locator = Locator::new(text);
            for range in found {
                if hits.len() == MAX_HITS {
                    capped = true;
                    break;
                }
                let line = locator.locate(range.start).line;
                hits.push(Hit {
                    article,
                    range,
                    line,
                });
            }
        }
        Some(Results {
            query: query.to_string(),
            hits,
            articles,
            searched,
            capped,
            scroll: Scroll::new(0, 0),
        })
    }

    fn lines(&self) -> ListLines {
        ListLines(self.hits.len().max(1))
    }
}

impl App {
    /// Searches every article for `query` and lists the matches, or says
    /// there are none.
    /// In the background when the articles read are more than
    /// [`EAGER_SOURCES`] together.
    pub(super) fn search_everywhere(&mut self, query: &str) {
        if self.is_archive() {
            self.search_archive(query);
            return;
        }
        self.last_corpus_query = query.to_string();
        let total: usize = self
            .corpus
            .entries
            .iter()
            .filter_map(Entry::ready)
            .map(|d| d.doc.text().len())
            .sum();
        if total > EAGER_SOURCES {
            self.start_job(Job::Search);
            return;
        }
        let results = Results::search(&self.corpus, query);
        self.show_results(results);
    }

    /// Lists the matches of a search of all articles, or says there are
    /// none.
    pub(super) fn show_results(&mut self, mut results: Results) {
        let query = results.query.clone();
        if results.hits.is_empty() {
            let n = results.searched;
            let s = if n == 1 { "" } else { "s" };
            self.message = Some(format!("no match for “{query}” in {n} article{s}"));
            return;
        }
        let mut lines = results.lines();
        results
            .scroll
            .set_viewport(self.overlay_height(), &mut lines);
        if let Some(i) = self.current {
            // Start on the first match in the article shown, if any.
            let first = results.hits.iter().position(|h| h.article >= i);
            results.scroll.jump(first.unwrap_or(0), &mut lines);
        }
        self.overlay = Overlay::Results(results);
    }

    /// Closes the results and opens the article at match `i`, the search
    /// active there.
    fn open_hit(&mut self, i: usize) {
        let Overlay::Results(results) = std::mem::take(&mut self.overlay) else {
            return;
        };
        let Some(hit) = results.hits.get(i).cloned() else {
            return;
        };
        if hit.line == 0 {
            // An article the archive's index found: where the words are
            // is known once it is read.
            if self.open_or_read(hit.article, Open::Keep, Some(results.query), None) {
                self.focus = Focus::Article;
            }
            return;
        }
        if self.current != Some(hit.article) && !self.open_article(hit.article, Open::Keep) {
            return;
        }
        let art = self.article_mut();
        let matches = find_all(art.text(), &results.query);
        let index = matches.iter().position(|r| *r == hit.range).unwrap_or(0);
        let n = matches.len();
        art.search = Some(Search {
            query: results.query,
            matches,
            current: None,
        });
        self.goto_match(index);
        self.focus = Focus::Article;
        self.message = Some(format!(
            "match {} of {n} in this article (n/N: the others here, F: all articles)",
            index + 1
        ));
    }

    /// Applies an action while the results are open; returns false for
    /// those that act as usual (quit, resize).
    pub(super) fn update_results(&mut self, action: Action) -> bool {
        let rows = self.areas.map(|a| a.overlay_rows);
        let Overlay::Results(results) = &mut self.overlay else {
            return false;
        };
        let mut lines = results.lines();
        let len = results.hits.len();
        match list_step(
            action,
            Action::Back,
            &mut results.scroll,
            &mut lines,
            rows,
            len,
        ) {
            ListStep::Pass => return false,
            ListStep::Stay => {}
            ListStep::Close => self.overlay = Overlay::None,
            ListStep::Choose(i) => self.open_hit(i),
        }
        true
    }

    /// Fits the list's viewport to a new overlay height.
    pub(super) fn fit_results(&mut self, height: usize) {
        if let Overlay::Results(results) = &mut self.overlay {
            let mut lines = results.lines();
            results.scroll.set_viewport(height, &mut lines);
        }
    }
}
