//! The status bar's prompts: a search of the article (`/`) and the
//! sidebar's filter (`f`), both live as the reader types, and Esc, which
//! backs out of the innermost thing (a prompt, a search, a highlight, a
//! filter).

use std::ops::Range;

use super::job::Job;
use super::search::{INCREMENTAL_LIMIT, Search, find_all};
use super::sidebar::Row;
use super::{App, Focus};
use crate::scroll::Scroll;
use crate::wrap::LinePos;

/// What a prompt edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A search of the article's text.
    Search,
    /// The sidebar's filter.
    Filter,
    /// A search of every article (`F`), run when accepted.
    Corpus,
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
impl App {
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
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
            PromptKind::Corpus => self.last_corpus_query.clone(),
        };
        match kind {
            PromptKind::Search => self.set_focus(Focus::Article),
            PromptKind::Filter => self.set_focus(Focus::Sidebar),
            PromptKind::Corpus => {}
        }
        self.prompt = Some(Prompt { kind, text, saved });
    }

    pub(super) fn edit_prompt(&mut self, edit: impl FnOnce(&mut String)) {
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
            // Every article is searched when the query is accepted.
            PromptKind::Corpus => {}
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
    pub(super) fn run_search(&mut self) {
        let Some(prompt) = &self.prompt else {
            return;
        };
        let query = prompt.text.clone();
        let matches = find_all(self.article().text(), &query);
        self.show_search(query, matches);
    }

    /// Makes `matches` of `query` the article's search, from where the
    /// prompt was opened: the first match after it is current.
    pub(super) fn show_search(&mut self, query: String, matches: Vec<Range<usize>>) {
        let Some(prompt) = &self.prompt else {
            return;
        };
        let saved = prompt.saved.clone();
        let art = self.article_mut();
        art.scroll = saved.scroll;
        art.current = saved.current;
        art.cursor_byte = saved.cursor_byte;
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

    pub(super) fn accept_prompt(&mut self) {
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
                if stale && self.article().text().len() > INCREMENTAL_LIMIT {
                    // The prompt stays while the job searches; its end
                    // accepts it again.
                    if let Some(article) = self.current {
                        self.start_job(Job::Find { article });
                    }
                    return;
                }
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
                    let more = if self.corpus.entries.len() > 1 {
                        " here (F searches all articles)"
                    } else {
                        ""
                    };
                    self.message = Some(format!("no match for “{}”{more}", prompt.text));
                }
            }
            PromptKind::Corpus => {
                self.prompt = None;
                if !prompt.text.is_empty() {
                    self.search_everywhere(&prompt.text);
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

    pub(super) fn cancel_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        match prompt.kind {
            PromptKind::Search => self.restore(&prompt.saved),
            PromptKind::Filter => {
                self.sidebar.filter.clear();
                self.rebuild_sidebar();
            }
            PromptKind::Corpus => {}
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

    pub(super) fn back(&mut self) {
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
}
