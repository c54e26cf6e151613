//! The explorer's side of an archive index (docs/archive.md, Browsing): a
//! folder with an index is opened from the index instead of by reading
//! every file. No terminal code; the event loop ([`crate::explore`]) polls
//! a [`Shelf`] and hands what it says to the app.
//!
//! - [`Shelf::open`] opens the index and reads the first page of its
//!   article list, enough for the first frame, on the calling thread.
//! - A reader thread, with a connection of its own, then lists the rest a
//!   page at a time ([`News::Listed`]) and counts every actor across the
//!   archive ([`News::Totals`]); an answerer thread, with another,
//!   answers the explorer's questions ([`Ask`]) meanwhile: which articles
//!   mention an actor, and full-text searches.
//! - A re-indexer thread, with another connection, brings the index up to
//!   date with the folder ([`super::index::run`]: new, changed and deleted
//!   files), reporting its progress; when it changed anything the reader
//!   lists the articles and counts the actors again.
//! - Articles are read from their files when opened, one [`Loader`] each,
//!   and searched with the explorer's finder: an article is never held
//!   because it is in the archive.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;

use super::Target;
use super::index::{self, Summary};
use super::store::{ArticleHit, CatalogPrint, Known, Listed, Store, StoreError, Total};
use crate::model::{Catalog, Input, Loaded, Loader, Matcher};

/// How many articles the first page lists (the first frame's).
pub const FIRST_PAGE: usize = 1_000;

/// How many articles each later page of the list holds.
pub const PAGE: usize = 20_000;

/// A question for the reader thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The articles that mention an actor (its catalog id).
    ArticlesOf(String),
    /// A full-text search of the whole archive (matches in path order).
    Search {
        /// The query, in the backend's syntax.
        query: String,
        /// The most articles to return.
        limit: usize,
    },
}

/// What the shelf has to say.
#[derive(Debug, Clone, PartialEq)]
pub enum News {
    /// How many articles the index holds (said before the list).
    Count(u64),
    /// The next page of the article list, in path order. `fresh` marks the
    /// first page of a new listing (after a re-index), which replaces the
    /// list once it is whole.
    Listed {
        /// Whether this begins a new listing.
        fresh: bool,
        /// The articles.
        page: Vec<Listed>,
    },
    /// The listing is whole.
    ListedAll,
    /// Every actor's counts across the archive.
    Totals(Vec<Total>),
    /// The articles mentioning an actor, in path order, with its mentions
    /// in each.
    ArticlesOf {
        /// The actor's catalog id.
        actor: String,
        /// The articles' paths as the index has them, and counts.
        articles: Vec<(String, u64)>,
    },
    /// The answer to a search.
    Found {
        /// The query asked.
        query: String,
        /// The articles found, or why the search failed.
        hits: Result<Vec<ArticleHit>, String>,
    },
    /// The re-indexer is looking for changed files: how many it has
    /// looked at.
    Checking(usize),
    /// The re-indexer's progress: articles written out of those to write.
    Reindexing {
        /// Written so far.
        done: usize,
        /// To write.
        total: usize,
    },
    /// What the re-indexer wrote and deleted, to patch into the list
    /// (sent before [`News::Reindexed`]; the totals follow).
    Patched(Patch),
    /// The re-indexer is done: what it did, or why it stopped.
    Reindexed(Result<Summary, String>),
    /// The reader failed (the index became unreadable): no list or
    /// counts will come.
    Failed(String),
    /// A question could not be answered: why.
    Unanswered(String),
}

/// The articles a re-index wrote and deleted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Patch {
    /// The articles written (new or changed), in path order.
    pub written: Vec<Listed>,
    /// The paths deleted, in path order.
    pub deleted: Vec<String>,
}

/// An open archive: its first page, and the threads reading the rest.
pub struct Shelf {
    /// The folder the index's paths are relative to, as the user named it.
    root: PathBuf,
    asks: mpsc::Sender<Ask>,
    news: mpsc::Receiver<News>,
    fetchers: Vec<Loader>,
    stop: Arc<AtomicBool>,
    /// Questions asked and not answered yet.
    asked: usize,
    /// News still to come on its own: the totals, the re-indexer's end.
    expected: usize,
}

impl std::fmt::Debug for Shelf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shelf")
            .field("root", &self.root)
            .field("fetchers", &self.fetchers.len())
            .finish_non_exhaustive()
    }
}

/// What the reader thread is asked after a re-index: to list and count
/// again, or only to count.
enum Asked {
    Relist,
    Recount,
}

/// What [`Shelf::open`] gives the explorer at once.
#[derive(Debug)]
pub struct Opened {
    /// The shelf, whose threads go on.
    pub shelf: Shelf,
    /// The first page of the article list.
    pub first: Vec<Listed>,
    /// Whether that page is the whole list.
    pub whole: bool,
}

impl Shelf {
    /// Opens the index at `target` for the folder `root` (as the user named
    /// it) and reads its first page. With `reindex`, the index is brought
    /// up to date with the folder in the background, matched with
    /// `catalog`. Fails when the index cannot be opened or holds nothing.
    pub fn open(
        target: &Target,
        root: &Path,
        catalog: Arc<Catalog>,
        reindex: bool,
    ) -> Result<Opened, StoreError> {
        let mut store = target.open_lean()?;
        let first = store.listing(None, FIRST_PAGE)?;
        if first.is_empty() {
            return Err(StoreError::Schema("the index holds no article".to_string()));
        }
        let whole = first.len() < FIRST_PAGE;
        let (asks, asked) = mpsc::channel();
        let (tell, news) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let after = (!whole)
            .then(|| first.last().map(|l| l.path.clone()))
            .flatten();
        {
            let (tell, stop) = (tell.clone(), Arc::clone(&stop));
            thread::Builder::new()
                .name("aka-shelf".to_string())
                .spawn(move || read(store, after, &asked, &tell, &stop))
                .map_err(|e| StoreError::Backend(format!("cannot start a thread: {e}")))?;
        }
        // Questions are answered on a connection of their own, so that
        // none waits for the list or the counts.
        let (questions, questioned) = mpsc::channel();
        {
            let answerer = target.open_lean()?;
            let tell = tell.clone();
            thread::Builder::new()
                .name("aka-answers".to_string())
                .spawn(move || answer(answerer, &questioned, &tell))
                .map_err(|e| StoreError::Backend(format!("cannot start a thread: {e}")))?;
        }
        if reindex {
            let (target, root, asks, stop) = (
                target.clone(),
                root.to_path_buf(),
                asks.clone(),
                Arc::clone(&stop),
            );
            thread::Builder::new()
                .name("aka-reindex".to_string())
                .spawn(move || {
                    let done = reindex_now(&target, &root, &catalog, &stop, &tell);
                    let (done, patch) = match done {
                        Ok((summary, patch)) => (Ok(summary), patch),
                        Err(e) => (Err(e), None),
                    };
                    let changed = done
                        .as_ref()
                        .is_ok_and(|s| s.added + s.changed + s.deleted + s.rematched > 0);
                    // What changed is patched into the list where it is
                    // known; else the list is made again. Either way the
                    // totals come last, after the news of the re-index
                    // (which says that they will).
                    if changed && let Some(patch) = patch.clone() {
                        let _ = tell.send(News::Patched(patch));
                    }
                    let _ = tell.send(News::Reindexed(done));
                    if changed {
                        let again = if patch.is_some() {
                            Asked::Recount
                        } else {
                            Asked::Relist
                        };
                        let _ = asks.send(again);
                    }
                })
                .map_err(|e| StoreError::Backend(format!("cannot start a thread: {e}")))?;
        }
        Ok(Opened {
            shelf: Shelf {
                root: root.to_path_buf(),
                asks: questions,
                news,
                fetchers: Vec::new(),
                stop,
                asked: 0,
                expected: 1 + usize::from(reindex),
            },
            first,
            whole,
        })
    }

    /// The folder the index's paths are relative to, as the user named it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Asks the reader thread a question; the answer comes as news.
    pub fn ask(&mut self, ask: Ask) {
        // A reader gone has said why ([`News::Failed`]).
        if self.asks.send(ask).is_ok() {
            self.asked += 1;
        }
    }

    /// Reads the article at `path` (the index's name for it) in the
    /// background, to be filed at `index` with the mentions `matcher`
    /// finds; it comes from [`Shelf::fetched`].
    pub fn read(&mut self, index: usize, name: String, path: &str, matcher: &Arc<Matcher>) {
        let input = Input::File {
            name,
            path: self.root.join(path),
        };
        self.fetchers
            .push(Loader::spawn(vec![input], index, matcher, 1));
    }

    /// The articles read since the last call, without waiting; the
    /// readers still at work follow `matcher` for their next file.
    pub fn fetched(&mut self, matcher: &Arc<Matcher>) -> Vec<Loaded> {
        let mut out = Vec::new();
        for f in &mut self.fetchers {
            f.follow(matcher);
            while let Some(loaded) = f.try_next() {
                out.push(loaded);
            }
        }
        self.fetchers.retain(|f| !f.is_done());
        out
    }

    /// Waits for every article being read (tests, scripts).
    pub fn fetched_all(&mut self) -> Vec<Loaded> {
        let mut out = Vec::new();
        for mut f in self.fetchers.drain(..) {
            while let Some(loaded) = f.next_blocking() {
                out.push(loaded);
            }
        }
        out
    }

    /// The news since the last call, without waiting.
    pub fn news(&mut self) -> Vec<News> {
        let news: Vec<News> = self.news.try_iter().collect();
        for n in &news {
            self.note(n);
        }
        news
    }

    /// The next news, waiting at most `timeout` (tests, scripts).
    pub fn next_news(&mut self, timeout: std::time::Duration) -> Option<News> {
        let news = self.news.recv_timeout(timeout).ok()?;
        self.note(&news);
        Some(news)
    }

    /// Keeps count of what is still to come.
    fn note(&mut self, news: &News) {
        match news {
            News::ArticlesOf { .. } | News::Found { .. } | News::Unanswered(_) => {
                self.asked = self.asked.saturating_sub(1);
            }
            // A re-index that changed anything has the list made again,
            // with its totals.
            News::Reindexed(Ok(s)) if s.added + s.changed + s.deleted + s.rematched > 0 => {}
            News::Totals(_) | News::Reindexed(_) => {
                self.expected = self.expected.saturating_sub(1);
            }
            News::Failed(_) => (self.asked, self.expected) = (0, 0),
            News::Count(_)
            | News::Patched(_)
            | News::Listed { .. }
            | News::ListedAll
            | News::Checking(_)
            | News::Reindexing { .. } => {}
        }
    }

    /// Whether anything is still to come: articles being read, questions
    /// not answered, the list or counts or re-indexing not done.
    pub fn is_busy(&self) -> bool {
        !self.fetchers.is_empty() || self.asked > 0 || self.expected > 0
    }
}

impl Drop for Shelf {
    fn drop(&mut self) {
        // The re-indexer finishes the batch it writes; the reader ends at
        // its next question or page.
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The reader thread: the rest of the list, the totals, then questions
/// until the shelf is dropped.
fn read(
    mut store: Box<dyn Store>,
    after: Option<String>,
    asked: &mpsc::Receiver<Asked>,
    tell: &mpsc::Sender<News>,
    stop: &AtomicBool,
) {
    let fail = |e: StoreError| {
        let _ = tell.send(News::Failed(e.to_string()));
    };
    match store.article_count() {
        Ok(n) => {
            if tell.send(News::Count(n)).is_err() {
                return;
            }
        }
        Err(e) => return fail(e),
    }
    if let Err(e) = list(store.as_mut(), after, false, tell, stop) {
        return fail(e);
    }
    match store.totals() {
        Ok(totals) => {
            if tell.send(News::Totals(totals)).is_err() {
                return;
            }
        }
        Err(e) => return fail(e),
    }
    while let Ok(asked) = asked.recv() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        if matches!(asked, Asked::Relist)
            && let Err(e) = list(store.as_mut(), None, true, tell, stop)
        {
            return fail(e);
        }
        let news = match store.totals() {
            Ok(totals) => News::Totals(totals),
            Err(e) => return fail(e),
        };
        if tell.send(news).is_err() {
            return;
        }
    }
}

/// The answerer thread: the explorer's questions, until the shelf is
/// dropped.
fn answer(mut store: Box<dyn Store>, questions: &mpsc::Receiver<Ask>, tell: &mpsc::Sender<News>) {
    while let Ok(ask) = questions.recv() {
        let news = match ask {
            Ask::ArticlesOf(actor) => match store.articles_of(&actor) {
                Ok(articles) => News::ArticlesOf { actor, articles },
                Err(e) => News::Unanswered(e.to_string()),
            },
            Ask::Search { query, limit } => {
                let hits = store.search(&query, limit).map_err(|e| e.to_string());
                News::Found { query, hits }
            }
        };
        if tell.send(news).is_err() {
            return;
        }
    }
}

/// Lists the articles after `after`, a page at a time.
fn list(
    store: &mut dyn Store,
    mut after: Option<String>,
    mut fresh: bool,
    tell: &mpsc::Sender<News>,
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if !fresh && after.is_none() {
            // The first page was the whole list.
            break;
        }
        let page = store.listing(after.as_deref(), PAGE)?;
        let last = page.len() < PAGE;
        after = page.last().map(|l| l.path.clone());
        if tell
            .send(News::Listed {
                fresh: std::mem::take(&mut fresh),
                page,
            })
            .is_err()
        {
            return Ok(());
        }
        if last || after.is_none() {
            break;
        }
    }
    let _ = tell.send(News::ListedAll);
    Ok(())
}

/// Brings the index up to date with the folder, on one core (the other is
/// the explorer's), reporting progress as news. With the catalog the
/// index was completed with, what changed is found without holding the
/// index's keys: the stored articles a page at a time (gone, or another
/// size or time), then the files below the folder a thousand at a time
/// (not stored); only those are read. With another catalog, [`index::run`]
/// finds what the change touches.
fn reindex_now(
    target: &Target,
    root: &Path,
    catalog: &Catalog,
    stop: &AtomicBool,
    tell: &mpsc::Sender<News>,
) -> Result<(Summary, Option<Patch>), String> {
    let mut store = target.open_lean().map_err(|e| e.to_string())?;
    let canon = std::fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let reported = AtomicUsize::new(0);
    let report = |done: usize, total: usize| {
        // News at most every 1%.
        let percent = (total / 100).max(1);
        if done / percent != reported.swap(done / percent, Ordering::Relaxed) {
            let _ = tell.send(News::Reindexing { done, total });
        }
    };
    let options = index::Options {
        root: canon.clone(),
        paths: vec![canon.clone()],
        workers: 1,
        progress: &report,
        warn: &|_| {},
        stop,
    };
    let same_catalog = store.catalog().map_err(|e| e.to_string())?.map(|c| c.whole)
        == Some(CatalogPrint::of(catalog).whole);
    if !same_catalog {
        let summary = index::run(store.as_mut(), catalog, &options).map_err(|e| e.to_string())?;
        return Ok((summary, None));
    }
    let checked = |n: usize| {
        let _ = tell.send(News::Checking(n));
    };
    let (changed, deleted) =
        changes(store.as_mut(), &canon, stop, &checked).map_err(|e| e.to_string())?;
    if stop.load(Ordering::Relaxed) {
        return Ok((Summary::default(), None));
    }
    let mut keys: Vec<String> = changed.iter().map(|c| c.0.clone()).collect();
    keys.sort_unstable();
    let summary = index::update(store.as_mut(), catalog, changed, &deleted, &options)
        .map_err(|e| e.to_string())?;
    let mut deleted = deleted;
    deleted.sort_unstable();
    let written = store.listed(&keys).map_err(|e| e.to_string())?;
    Ok((summary, Some(Patch { written, deleted })))
}

/// A file to index again: its key, its path, what the index had.
type Changed = (String, PathBuf, Option<Known>);

/// The files below `root` that are new or changed since they were
/// indexed, and the stored articles whose file is gone.
fn changes(
    store: &mut dyn Store,
    root: &Path,
    stop: &AtomicBool,
    checked: &dyn Fn(usize),
) -> Result<(Vec<Changed>, Vec<String>), StoreError> {
    let mut seen = 0;
    let mut changed = Vec::new();
    let mut deleted = Vec::new();
    let mut after: Option<String> = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok((changed, deleted));
        }
        let page = store.known_page(after.as_deref(), PAGE)?;
        let last = page.len() < PAGE;
        after = page.last().map(|k| k.path.clone());
        seen += page.len();
        checked(seen);
        for known in page {
            let path = root.join(&known.path);
            match std::fs::metadata(&path) {
                Ok(m) if m.len() == known.size && index::mtime_of(&m) == known.mtime => {}
                Ok(_) => changed.push((known.path.clone(), path, Some(known))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => deleted.push(known.path),
                // Unreadable now: left as indexed.
                Err(_) => {}
            }
        }
        if last {
            break;
        }
    }
    let mut failed = None;
    let mut batch: Vec<PathBuf> = Vec::new();
    let mut flush = |batch: &mut Vec<PathBuf>, store: &mut dyn Store| {
        let keys: Vec<String> = batch.iter().map(|p| index::key_of(root, p)).collect();
        match store.listed(&keys) {
            Ok(stored) => {
                let stored: std::collections::HashSet<String> =
                    stored.into_iter().map(|l| l.path).collect();
                for (key, path) in keys.into_iter().zip(batch.drain(..)) {
                    if !stored.contains(&key) {
                        changed.push((key, path, None));
                    }
                }
            }
            Err(e) => {
                failed.get_or_insert(e);
                batch.clear();
            }
        }
    };
    // Then every file again, for those not stored: the count goes on.
    let (mut walked_files, stored_seen) = (0, seen);
    let walked = crate::model::input::each_article_below(root, &mut |p| {
        batch.push(p);
        if batch.len() == 1_000 && !stop.load(Ordering::Relaxed) {
            flush(&mut batch, store);
            walked_files += 1_000;
            if walked_files % PAGE == 0 {
                checked(stored_seen + walked_files);
            }
        }
    });
    flush(&mut batch, store);
    if let Some(e) = failed {
        return Err(e);
    }
    walked.map_err(|e| StoreError::Backend(e.to_string()))?;
    Ok((changed, deleted))
}
