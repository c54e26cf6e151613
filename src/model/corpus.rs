//! Corpora: many articles read and searched in the background.
//!
//! The explorer shows the first article at once and lets worker threads
//! read and search the rest; each result arrives on a channel tagged with
//! its place in the argument order, so the article list keeps that order
//! whatever order the workers finish in. A file that cannot be read is
//! reported and skipped, never fatal.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use super::document::{Document, InvalidUtf8};
use super::input::{Input, InputError};
use super::matcher::{Matcher, Mention};

/// An article read and searched.
#[derive(Debug, Clone)]
pub struct Article {
    /// The decoded text and its name.
    pub doc: Document,
    /// Every mention, in order.
    pub mentions: Vec<Mention>,
    /// The first heading or first line.
    pub title: String,
    /// Whether it is Markdown (`*.md`): headings are styled.
    pub markdown: bool,
    /// The [`Matcher::id`] of the finder that found its mentions.
    pub matched_by: u64,
}

impl Article {
    /// Searches `doc` for mentions.
    pub fn analyse(doc: Document, matcher: &Matcher) -> Self {
        let mentions = matcher.find_all_in(doc.text(), &doc.name);
        Self::found(doc, mentions, matcher)
    }

    /// Files `doc` with the `mentions` that `matcher` found in it.
    pub fn found(doc: Document, mentions: Vec<Mention>, matcher: &Matcher) -> Self {
        let title = doc.title().chars().take(200).collect();
        let markdown = super::markdown::is_markdown(&doc.name);
        Article {
            doc,
            mentions,
            title,
            markdown,
            matched_by: matcher.id(),
        }
    }
}

/// What a worker reports for one input.
#[derive(Debug)]
pub enum Loaded {
    /// The input at `index` was read and searched.
    Article {
        /// Its place among the inputs.
        index: usize,
        /// The result.
        article: Box<Article>,
        /// Set when the file was not valid UTF-8.
        invalid_utf8: Option<InvalidUtf8>,
    },
    /// The input at `index` could not be read.
    Failed {
        /// Its place among the inputs.
        index: usize,
        /// Why.
        error: InputError,
    },
}

/// Reads and searches inputs on worker threads.
#[derive(Debug)]
pub struct Loader {
    rx: mpsc::Receiver<Loaded>,
    expected: usize,
    received: usize,
    cancel: Arc<AtomicBool>,
    /// The finder the workers use for the next file.
    matcher: Arc<Mutex<Arc<Matcher>>>,
}

impl Loader {
    /// Starts `workers` threads (at least one) over `inputs`, which are
    /// reported with their index plus `offset`.
    pub fn spawn(
        inputs: Vec<Input>,
        offset: usize,
        matcher: &Arc<Matcher>,
        workers: usize,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let expected = inputs.len();
        let inputs = Arc::new(inputs);
        let next = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Mutex::new(Arc::clone(matcher)));
        for _ in 0..workers.clamp(1, expected.max(1)) {
            let (tx, inputs, next, cancel, matcher) = (
                tx.clone(),
                Arc::clone(&inputs),
                Arc::clone(&next),
                Arc::clone(&cancel),
                Arc::clone(&shared),
            );
            thread::spawn(move || {
                while !cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let matcher = matcher
                        .lock()
                        .map_or_else(|e| Arc::clone(e.get_ref()), |m| Arc::clone(&m));
                    let event = match input.read() {
                        Ok((doc, invalid_utf8)) => Loaded::Article {
                            index: i + offset,
                            article: Box::new(Article::analyse(doc, &matcher)),
                            invalid_utf8,
                        },
                        Err(error) => Loaded::Failed {
                            index: i + offset,
                            error,
                        },
                    };
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            });
        }
        Loader {
            rx,
            expected,
            received: 0,
            cancel,
            matcher: shared,
        }
    }

    /// Has the workers search the files they read from now on with
    /// `matcher` (the catalog changed: names were discovered or taught).
    pub fn follow(&self, matcher: &Arc<Matcher>) {
        let mut current = match self.matcher.lock() {
            Ok(m) => m,
            Err(e) => e.into_inner(),
        };
        if current.id() != matcher.id() {
            *current = Arc::clone(matcher);
        }
    }

    /// A result if one is ready, without waiting.
    pub(crate) fn try_next(&mut self) -> Option<Loaded> {
        let event = self.rx.try_recv().ok()?;
        self.received += 1;
        Some(event)
    }

    /// The next result, waiting for it; `None` once all have arrived.
    pub(crate) fn next_blocking(&mut self) -> Option<Loaded> {
        if self.is_done() {
            return None;
        }
        let event = self.rx.recv().ok()?;
        self.received += 1;
        Some(event)
    }

    /// How many results have arrived, and how many there will be.
    #[cfg(test)]
    pub(crate) fn progress(&self) -> (usize, usize) {
        (self.received, self.expected)
    }

    /// Whether every result has arrived.
    pub(crate) fn is_done(&self) -> bool {
        self.received >= self.expected
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        // Workers stop after the file they are on; nobody waits for them.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// How many worker threads to use: one per core, at least one. Asked of
/// the system once (on Linux that reads three files of /proc and /sys,
/// too much to do for each of 20,000 small articles).
pub fn default_workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;

    #[test]
    fn loads_everything_in_the_background_and_reports_failures() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
        let mut inputs = Vec::new();
        for i in 0..20 {
            let path = dir.join(format!("{i:02}.md"));
            std::fs::write(&path, format!("# Story {i}\nThe DNC and APT28.")).unwrap();
            inputs.push(Input::File {
                name: path.display().to_string(),
                path,
            });
        }
        inputs.push(Input::File {
            name: "gone.txt".into(),
            path: dir.join("gone.txt"),
        });
        let matcher = Arc::new(Matcher::new(&Catalog::bundled()));
        let mut loader = Loader::spawn(inputs, 1, &matcher, 2);
        let mut seen = [false; 22];
        let mut failed = Vec::new();
        while let Some(event) = loader.next_blocking() {
            match event {
                Loaded::Article { index, article, .. } => {
                    assert_eq!(article.title, format!("Story {}", index - 1));
                    assert_eq!(article.mentions.len(), 2);
                    assert!(article.markdown);
                    seen[index] = true;
                }
                Loaded::Failed { index, error } => failed.push((index, error.path)),
            }
        }
        assert!(seen[1..21].iter().all(|&s| s));
        assert_eq!(failed, [(21, "gone.txt".to_string())]);
        assert_eq!(loader.progress(), (21, 21));
    }
}
