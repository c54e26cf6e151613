//! An archive opened from its index (docs/archive.md, Browsing). The
//! article list arrives a page at a time; the counts across all articles
//! are the index's; an article is read from its file when opened, and
//! let go again once many others were read since; the articles of the
//! selected actor are asked of the index, so that `n`/`N` cross into
//! articles never read; `F` asks the index's full-text table. What the
//! index says comes as [`News`] through [`App::shelf_news`]; what the app
//! asks goes out as [`Effect::Archive`] and [`Effect::Read`].

use std::collections::HashMap;
use std::sync::Arc;

use super::corpus::{Archived, Entry, EntryState};
use super::results::{Hit, Results};
use super::search::{Search, find_all};
use super::sidebar::Scope;
use super::{App, Effect, Focus, Open, Overlay};
use crate::archive::index::Summary;
use crate::archive::shelf::{Ask, News, Patch};
use crate::archive::store::{ArticleHit, Listed};
use crate::model::progress::thousands;
use crate::model::{ActorIdx, Catalog, Matcher};
use crate::scroll::Scroll;
use crate::theme::Theme;

/// The most articles a search of the archive lists.
pub const ARCHIVE_HITS: usize = 1_000;

/// An article of the archive being read, to open once it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Awaiting {
    /// Its place in the list.
    pub index: usize,
    /// Where the cursor goes.
    pub open: Open,
    /// A search to start in it (an article found by `F`).
    pub search: Option<String>,
    /// What to say once it is open.
    pub note: Option<String>,
}

impl App {
    /// An explorer over an archive index whose article list begins with
    /// `first` (`whole` when that is all of it); an entry's name is its
    /// path in the index after `prefix`. The first article arrives through
    /// [`App::receive`] like any other.
    pub fn archived(
        catalog: Arc<Catalog>,
        matcher: Arc<Matcher>,
        prefix: String,
        first: Vec<Listed>,
        whole: bool,
        theme: Theme,
    ) -> Self {
        let mut app = App::pending(catalog, matcher, Vec::new(), theme);
        let archive = Archived {
            prefix,
            listed: whole,
            ..Archived::default()
        };
        app.corpus.entries = first.into_iter().map(|l| archive.entry(l)).collect();
        app.corpus.archive = Some(Box::new(archive));
        app
    }

    /// Whether the articles are an archive index's.
    pub fn is_archive(&self) -> bool {
        self.corpus.archive.is_some()
    }

    /// What the status bar says of the archive while it is busy: the
    /// list arriving, the counts being made, the re-indexing.
    pub fn archive_status(&self) -> Option<String> {
        let archive = self.corpus.archive.as_ref()?;
        if !archive.listed {
            return Some(match archive.total {
                Some(total) => format!(
                    "listing {}/{} articles…",
                    thousands(self.corpus.entries.len()),
                    thousands(total)
                ),
                None => format!("listing {} articles…", thousands(self.corpus.entries.len())),
            });
        }
        if !archive.counted {
            return Some("counting the archive…".to_string());
        }
        match self.reindexing {
            // Looking for changed files: nothing to write yet.
            Some((seen, 0)) => Some(format!("checking files for changes ({})…", thousands(seen))),
            Some((done, total)) => Some(format!(
                "re-indexing {}/{}",
                thousands(done),
                thousands(total)
            )),
            None => None,
        }
    }

    /// Takes in what the archive index says.
    pub fn shelf_news(&mut self, news: News) {
        let Some(archive) = self.corpus.archive.as_mut() else {
            return;
        };
        match news {
            News::Count(n) => archive.total = Some(usize::try_from(n).unwrap_or(usize::MAX)),
            News::Listed { fresh, page } => {
                if fresh {
                    archive.relisting = Some(Vec::with_capacity(self.corpus.entries.len()));
                }
                let entries: Vec<Entry> = page.into_iter().map(|l| archive.entry(l)).collect();
                match &mut archive.relisting {
                    Some(list) => list.extend(entries),
                    None => self.corpus.entries.extend(entries),
                }
            }
            News::ListedAll => {
                archive.listed = true;
                // Lists asked for before the whole list was here may lack
                // articles: they are asked for again.
                archive.lists.clear();
                archive.asked.clear();
                let patch = archive.patch.take();
                if let Some(entries) = archive.relisting.take() {
                    self.relist(entries);
                }
                if let Some(patch) = patch {
                    self.patch(patch);
                }
            }
            // While the list arrives, its later pages may or may not hold
            // what was written: the patch waits for the whole list.
            News::Patched(patch) if !archive.listed => archive.patch = Some(patch),
            News::Patched(patch) => self.patch(patch),
            News::Totals(totals) => {
                let mut counted: HashMap<ActorIdx, (usize, usize)> = HashMap::new();
                for t in totals {
                    if let Some(actor) = self.catalog.index_of(&t.actor) {
                        let c = counted.entry(actor).or_default();
                        c.0 += usize::try_from(t.articles).unwrap_or(usize::MAX);
                        c.1 += usize::try_from(t.mentions).unwrap_or(usize::MAX);
                    }
                }
                let mut found: Vec<ActorIdx> = counted.keys().copied().collect();
                found.sort_unstable_by_key(|a| (std::cmp::Reverse(counted[a].1), *a));
                archive.totals = counted;
                archive.counted = true;
                self.corpus.found = found;
                if self.sidebar.scope == Scope::Corpus {
                    self.rebuild_sidebar();
                }
            }
            News::ArticlesOf { actor, articles } => {
                let Some(actor) = self.catalog.index_of(&actor) else {
                    return;
                };
                let list = articles
                    .iter()
                    .filter_map(|(path, n)| {
                        let index = self.corpus.position(path)?;
                        Some((index, usize::try_from(*n).unwrap_or(usize::MAX)))
                    })
                    .collect();
                if let Some(archive) = self.corpus.archive.as_mut() {
                    archive.lists.insert(actor, list);
                }
            }
            News::Found { query, hits } => self.found_in_archive(&query, hits),
            News::Checking(seen) => self.reindexing = Some((seen, 0)),
            News::Reindexing { done, total } => self.reindexing = Some((done, total)),
            News::Reindexed(outcome) => {
                self.reindexing = None;
                match outcome {
                    Ok(s) => {
                        if let Some(text) = reindexed(&s) {
                            self.message = Some(text);
                        }
                    }
                    Err(e) => self.message = Some(format!("re-indexing stopped: {e}")),
                }
            }
            News::Unanswered(e) => self.message = Some(format!("the archive index failed: {e}")),
            News::Failed(e) => {
                archive.listed = true;
                archive.counted = true;
                self.message = Some(format!("the archive index failed: {e}"));
            }
        }
    }

    /// The new list after a re-index takes the old one's place; the
    /// article shown stays shown (at its new place), the others are read
    /// again when opened.
    fn relist(&mut self, mut entries: Vec<Entry>) {
        let old = std::mem::take(&mut self.corpus.entries);
        let mut current = None;
        if let Some(i) = self.current
            && let Some(shown) = old.into_iter().nth(i)
        {
            let at = entries.partition_point(|e| e.name < shown.name);
            if entries.get(at).is_some_and(|e| e.name == shown.name) {
                entries[at] = shown;
            } else {
                // Deleted since: it stays in the list while it is shown.
                entries.insert(at, shown);
            }
            current = Some(at);
        }
        let shown = self.current;
        self.corpus.entries = entries;
        self.renumber(&|i| if Some(i) == shown { current } else { None });
    }

    /// What a re-index wrote and deleted goes into the list, in one pass:
    /// the articles written replace theirs (read again when opened) or
    /// come in at their place, the deleted ones go; the article shown
    /// stays as it is.
    fn patch(&mut self, patch: Patch) {
        let Some(archive) = self.corpus.archive.as_ref() else {
            return;
        };
        let at = archive.prefix.len();
        let old = std::mem::take(&mut self.corpus.entries);
        let mut moved = vec![None; old.len()];
        let mut out = Vec::with_capacity(old.len() + patch.written.len());
        let mut written = patch.written.into_iter().peekable();
        for (i, entry) in old.into_iter().enumerate() {
            let key = entry.name.get(at..).unwrap_or("");
            while let Some(w) = written.next_if(|w| w.path.as_str() < key) {
                out.push(archive.entry(w));
            }
            let shown = self.current == Some(i);
            let fresh = written.next_if(|w| w.path == key);
            let gone = patch
                .deleted
                .binary_search_by(|d| d.as_str().cmp(key))
                .is_ok();
            match fresh {
                Some(w) if !shown => out.push(archive.entry(w)),
                _ if gone && !shown => continue,
                _ => out.push(entry),
            }
            moved[i] = Some(out.len() - 1);
        }
        out.extend(written.map(|w| archive.entry(w)));
        self.corpus.entries = out;
        self.renumber(&|i| moved.get(i).copied().flatten());
    }

    /// The list's places changed: `to` says where each old place went
    /// (`None`: gone, or let go); what holds a place follows.
    fn renumber(&mut self, to: &dyn Fn(usize) -> Option<usize>) {
        if let Some((i, _)) = &mut self.tour {
            *i = to(*i).unwrap_or(0);
        }
        self.current = self.current.and_then(to);
        self.corpus.failed = self.corpus.failed.iter().filter_map(|&i| to(i)).collect();
        self.undiscovered = self.undiscovered.iter().filter_map(|&i| to(i)).collect();
        self.awaiting = self.awaiting.take().and_then(|mut a| {
            a.index = to(a.index)?;
            Some(a)
        });
        self.corpus_sources = None;
        if let Some(archive) = self.corpus.archive.as_mut() {
            archive.recent = archive.recent.iter().filter_map(|&i| to(i)).collect();
            // The articles of each actor are asked for again.
            archive.lists.clear();
            archive.asked.clear();
        }
        if matches!(self.overlay, Overlay::Results(_)) {
            self.overlay = Overlay::None;
        }
        if matches!(self.overlay, Overlay::Articles(_)) {
            self.open_list();
        }
    }

    /// Asks the index for the articles of the selected actor, once.
    pub(super) fn ask_for_selected(&mut self) {
        let Some(actor) = self.selected else {
            return;
        };
        let Some(archive) = self.corpus.archive.as_mut() else {
            return;
        };
        if !archive.listed || !archive.asked.insert(actor) {
            return;
        }
        let id = self.catalog.actor(actor).id.clone();
        self.effects.push(Effect::Archive(Ask::ArticlesOf(id)));
    }

    /// Opens the archive's article at `index`: at once if it is read,
    /// else once read (true: it is on its way). False for an article
    /// that cannot be opened (unreadable).
    pub(super) fn open_or_read(
        &mut self,
        index: usize,
        open: Open,
        search: Option<String>,
        note: Option<String>,
    ) -> bool {
        let Some(entry) = self.corpus.entries.get(index) else {
            return false;
        };
        match &entry.state {
            EntryState::Ready(_) => {
                if !self.open_article(index, open) {
                    return false;
                }
                self.opened_with(search, note);
                true
            }
            EntryState::Stored { .. } => {
                let Some(archive) = &self.corpus.archive else {
                    return false;
                };
                let path = entry.name[archive.prefix.len()..].to_string();
                let name = entry.name.clone();
                self.message = Some(format!("reading {name}…"));
                self.awaiting = Some(Awaiting {
                    index,
                    open,
                    search,
                    note,
                });
                self.effects.push(Effect::Read { index, name, path });
                true
            }
            EntryState::Loading => {
                self.message = Some(format!("{} is still loading", entry.name));
                false
            }
            EntryState::Failed(reason) => {
                self.message = Some(format!("cannot open {}: {reason}", entry.name));
                false
            }
        }
    }

    /// The article awaited has arrived (or failed): opens it.
    pub(super) fn arrived_awaited(&mut self, index: usize) {
        if self.awaiting.as_ref().is_none_or(|a| a.index != index) {
            return;
        }
        let Some(awaiting) = self.awaiting.take() else {
            return;
        };
        if self.corpus.entries[index].ready().is_some() {
            self.message = None;
            if self.open_article(index, awaiting.open) {
                self.focus = Focus::Article;
                self.opened_with(awaiting.search, awaiting.note);
            }
        }
        self.corpus.let_go(self.current);
    }

    /// Starts a search in the article just opened, and says `note`.
    fn opened_with(&mut self, search: Option<String>, note: Option<String>) {
        if let Some(query) = search {
            let art = self.article_mut();
            // The index's query syntax is not the text search's: the query
            // as typed, else its first plain word.
            let mut matches = find_all(art.text(), &query);
            let mut query = query;
            if matches.is_empty()
                && let Some(word) = query
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .find(|w| !w.is_empty() && !matches!(*w, "OR" | "AND" | "NOT"))
            {
                let word = word.to_string();
                matches = find_all(art.text(), &word);
                query = word;
            }
            if !matches.is_empty() {
                let n = matches.len();
                art.search = Some(Search {
                    query,
                    matches,
                    current: None,
                });
                self.goto_match(0);
                self.message = Some(format!(
                    "match 1 of {n} in this article (n/N: the others here, F: the archive)"
                ));
            }
        }
        if let Some(note) = note {
            self.message = Some(note);
        }
    }

    /// `F` in an archive: the index's full-text table answers.
    pub(super) fn search_archive(&mut self, query: &str) {
        self.last_corpus_query = query.to_string();
        self.message = Some(format!("searching the archive for “{query}”…"));
        self.effects.push(Effect::Archive(Ask::Search {
            query: query.to_string(),
            limit: ARCHIVE_HITS,
        }));
    }

    /// The archive's answer to `F`: a list of articles, in path order.
    fn found_in_archive(&mut self, query: &str, hits: Result<Vec<ArticleHit>, String>) {
        self.message = None;
        let hits = match hits {
            Ok(hits) => hits,
            Err(e) => {
                self.message = Some(e);
                return;
            }
        };
        let capped = hits.len() >= ARCHIVE_HITS;
        let hits: Vec<Hit> = hits
            .iter()
            .filter_map(|h| {
                Some(Hit {
                    article: self.corpus.position(&h.path)?,
                    range: 0..0,
                    line: 0,
                })
            })
            .collect();
        let results = Results {
            query: query.to_string(),
            articles: hits.len(),
            hits,
            searched: self.corpus.entries.len(),
            capped,
            scroll: Scroll::new(0, 0),
        };
        self.show_results(results);
    }
}

/// What the status bar says when a re-index changed something.
fn reindexed(s: &Summary) -> Option<String> {
    let mut parts = Vec::new();
    for (n, what) in [
        (s.added, "added"),
        (s.changed, "changed"),
        (s.deleted, "deleted"),
        (s.rematched, "matched again"),
    ] {
        if n > 0 {
            parts.push(format!("{} {what}", thousands(n)));
        }
    }
    (!parts.is_empty()).then(|| format!("index brought up to date: {}", parts.join(", ")))
}
