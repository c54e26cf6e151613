//! Work that may take longer than a frame (the sources of a large article,
//! its lesson and its export, a search of large articles, the sources of
//! every article) runs off the screen's thread.
//!
//! [`App::update`](super::App::update) stays pure: it records the job it
//! waits for ([`Pending`], whose [`Progress`] the status bar draws) and asks
//! the event loop to run it ([`super::Effect::StartJob`] with a
//! [`JobRequest`], which holds the article's text and mentions through
//! `Arc`s, not copies). The event loop runs [`JobRequest::run`] on a thread
//! and hands the result back to [`App::job_done`](super::App::job_done),
//! which ignores it if the reader cancelled that job meanwhile (Esc
//! cancels the [`Progress`], and the thread stops at its next step).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::effect::ExportRequest;
use super::results::Results;
use super::search::find_all_with;
use super::sources::{CorpusSources, SourceIndex};
use crate::formats::write::WriteError;
use crate::model::lesson::Lesson;
use crate::model::{Catalog, Document, Matcher, Mention, Progress};

/// What a job computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The sources of the article at this index, for the Sources view.
    Sources {
        /// The article (its place among the session's inputs).
        article: usize,
    },
    /// The lesson of the article at this index, for teaching mode.
    Lesson {
        /// The article.
        article: usize,
    },
    /// The sources of every article read, for the Sources view's "all
    /// articles".
    CorpusSources,
    /// A search of all articles (`F`) for the last query.
    Search,
    /// A search of the article at this index (`/`) for the prompt's query.
    Find {
        /// The article.
        article: usize,
    },
    /// The export of the article at this index to a file (`E`).
    Export {
        /// The article.
        article: usize,
    },
}

impl Job {
    /// What the progress line says the job is doing.
    pub fn label(self) -> &'static str {
        match self {
            Job::Sources { .. } => "Finding sources",
            Job::Lesson { .. } => "Preparing the lesson",
            Job::CorpusSources => "Finding sources in all articles",
            Job::Export { .. } => "Exporting",
            Job::Search => "Searching all articles",
            Job::Find { .. } => "Searching",
        }
    }
}

/// One article as a job sees it: shared with the corpus, not copied.
#[derive(Clone)]
pub struct Shared {
    /// Its place among the session's inputs.
    pub index: usize,
    /// Its text.
    pub doc: Arc<Document>,
    /// Its mentions, in text order.
    pub mentions: Arc<Vec<Mention>>,
    /// Its sources if already found (a corpus job does not find them
    /// again).
    pub sources: Option<Arc<SourceIndex>>,
}

/// What a job works on.
#[derive(Clone)]
pub(crate) enum Work {
    Sources(Shared),
    Lesson(Shared, Arc<Catalog>),
    Corpus(Vec<Shared>),
    Search(Vec<Shared>, String),
    Find(Shared, String),
    Export(Export),
}

/// An export to perform: what the event loop needs to render the article
/// and write the file.
#[derive(Clone)]
pub struct Export {
    /// The article.
    pub article: Shared,
    /// The catalog, for the formats that describe actors.
    pub catalog: Arc<Catalog>,
    /// The finder, for the formats that explain matches.
    pub matcher: Arc<Matcher>,
    /// The format and the path.
    pub request: ExportRequest,
}

/// A job to run, as [`super::Effect::StartJob`] hands it to the event loop.
/// Two requests are equal when they are the same job.
#[derive(Clone)]
pub struct JobRequest {
    /// Tells this job's result from a cancelled one's.
    pub id: u64,
    /// What it computes.
    pub job: Job,
    /// Shared with [`Pending`]: how far it got, and whether to stop.
    pub progress: Arc<Progress>,
    /// For a corpus job: the articles done, out of how many.
    pub articles: Option<Arc<Progress>>,
    pub(crate) work: Work,
}

impl fmt::Debug for JobRequest {
    // The text of a 50 MB article has no place in a debug line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobRequest")
            .field("id", &self.id)
            .field("job", &self.job)
            .finish_non_exhaustive()
    }
}

impl PartialEq for JobRequest {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.job == other.job
    }
}

impl Eq for JobRequest {}

/// What a finished job hands back.
#[derive(Debug)]
pub enum JobOutput {
    /// The sources of one article.
    Sources {
        /// The article.
        article: usize,
        /// Its sources.
        sources: SourceIndex,
    },
    /// The lesson of one article.
    Lesson {
        /// The article.
        article: usize,
        /// Its lesson.
        lesson: Lesson,
    },
    /// The sources of every article read.
    Corpus {
        /// Each article's sources (those found before, and the new ones).
        sources: Vec<(usize, Arc<SourceIndex>)>,
        /// The sources grouped across the articles.
        index: CorpusSources,
    },
    /// How an export went.
    Exported {
        /// The export asked for.
        request: ExportRequest,
        /// Whether the file was written.
        outcome: Result<(), WriteError>,
    },
    /// The matches of a search of all articles.
    Search(Results),
    /// The matches of a search of one article.
    Find {
        /// The article.
        article: usize,
        /// The query.
        query: String,
        /// Its matches, in text order.
        matches: Vec<Range<usize>>,
    },
}

impl JobRequest {
    /// The export to perform, for an export job. Writing a file is the
    /// event loop's part (`explore::run_job`), not the state's.
    pub fn export(&self) -> Option<&Export> {
        match &self.work {
            Work::Export(export) => Some(export),
            _ => None,
        }
    }

    /// Does the work, on whatever thread calls it; `None` when it was
    /// cancelled before the end, and for an export ([`JobRequest::export`]),
    /// which this does not perform.
    pub fn run(&self) -> Option<JobOutput> {
        let progress = &self.progress;
        match &self.work {
            Work::Export(_) => None,
            Work::Find(a, query) => Some(JobOutput::Find {
                article: a.index,
                query: query.clone(),
                matches: find_all_with(a.doc.text(), query, progress)?,
            }),
            Work::Search(articles, query) => Some(JobOutput::Search(Results::search_with(
                articles.iter().map(|a| (a.index, a.doc.text())),
                query,
                progress,
            )?)),
            Work::Sources(a) => Some(JobOutput::Sources {
                article: a.index,
                sources: SourceIndex::build_with(a.doc.text(), &a.mentions, progress)?,
            }),
            Work::Lesson(a, catalog) => Some(JobOutput::Lesson {
                article: a.index,
                lesson: Lesson::reading_order_with(a.doc.text(), &a.mentions, catalog, progress)?,
            }),
            Work::Corpus(articles) => {
                let mut sources = Vec::with_capacity(articles.len());
                for (k, a) in articles.iter().enumerate() {
                    if let Some(done) = &self.articles {
                        done.advance_to(k);
                    }
                    let found = match &a.sources {
                        Some(s) => Arc::clone(s),
                        None => Arc::new(SourceIndex::build_with(
                            a.doc.text(),
                            &a.mentions,
                            progress,
                        )?),
                    };
                    if progress.is_cancelled() {
                        return None;
                    }
                    sources.push((a.index, found));
                }
                if let Some(done) = &self.articles {
                    done.advance_to(articles.len());
                }
                let index = CorpusSources::build(&sources);
                Some(JobOutput::Corpus { sources, index })
            }
        }
    }
}

/// The job the explorer waits for, and its progress.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The request's id.
    pub id: u64,
    /// What it computes.
    pub job: Job,
    /// How far it got.
    pub progress: Arc<Progress>,
    /// For a corpus job: the articles done, out of how many.
    pub articles: Option<Arc<Progress>>,
}

impl Pending {
    /// The progress line: what, how far, and how to stop it.
    pub fn line(&self) -> String {
        let percent = (self.progress.fraction() * 100.0).floor() as usize;
        match &self.articles {
            Some(articles) => {
                let (done, total) = articles.counts();
                format!(
                    "{}… {done}/{total} articles, {percent}% of the next — Esc cancels",
                    self.job.label()
                )
            }
            // How far a format has got is not known.
            None if matches!(self.job, Job::Export { .. }) => {
                format!("{}… — Esc cancels", self.job.label())
            }
            None => format!("{}… {percent}% — Esc cancels", self.job.label()),
        }
    }

    /// Stops the job at its next step.
    pub(crate) fn cancel(&self) {
        self.progress.cancel();
        if let Some(a) = &self.articles {
            a.cancel();
        }
    }
}
