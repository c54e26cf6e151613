//! `aka [PATH…]`: the explorer's entry point. What can fail because of the
//! user's input (catalogs, paths, no readable article at all) is checked
//! before the terminal is touched, with the same messages as `aka
//! mentions`; [`open`] reads the first article at once (only the first
//! part of a large one, whose rest a [`RestReader`] reads) and hands the
//! other articles to background workers; then the event loop runs until
//! the user quits.
//! Files that turn out unreadable later are skipped and listed in a
//! message, never fatal. With `--present` (or `--tour FILE`) the session
//! opens in teaching mode ([`present`]); a tour is checked against the
//! first article before the terminal is touched, even without one.
//!
//! The loop is synchronous and event-driven: draw, block on the next event,
//! apply it, and apply every event already waiting (a burst of wheel turns
//! or resizes) before drawing once more; events that change nothing (mouse
//! moves, key releases, unbound keys) draw nothing. Only while articles are
//! loading or a job runs does it wake on a short tick, to take in what
//! arrived (all of it, then one draw) and to redraw the job's progress.
//!
//! Jobs ([`crate::app::job`]: the sources of a large article, a lesson,
//! the sources of all articles) run on threads of their own ([`Jobs`]);
//! the screen's thread never waits for one, so Esc and Ctrl-C act at once.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event;

use crate::action::Action;
use crate::app::job::{JobOutput, JobRequest};
use crate::app::teach::{Rebuild, Teacher};
use crate::app::{App, Effect, Whole};
use crate::archive::Target;
use crate::archive::shelf::Shelf;
use crate::cli::{CatalogArgs, Cli, report_error};
use crate::formats::user::UserCatalog;
use crate::formats::{self, write};
use crate::model::lesson::tour::{Tour, TourError};
use crate::model::{
    Article, Catalog, Input, InputError, Loaded, Loader, Matcher, corpus, input, stream,
};
use crate::theme::Theme;
use crate::tui::Tui;
use crate::ui::status::thousands;

pub use crate::model::input::{SAMPLE, SAMPLE_NAME};

/// An explorer ready to draw: the app, its first article shown, and the
/// loader still reading the rest (none when everything is read).
#[derive(Debug)]
pub struct Session {
    /// The explorer's state.
    pub app: App,
    /// The background loader, while articles remain to be read.
    pub loader: Option<Loader>,
    /// The reader of the rest of the first article, when it is shown in
    /// part.
    pub rest: Option<RestReader>,
}

/// Reads the rest of an article shown in part on a thread of its own,
/// searches the whole with the session's finder (again if the catalog
/// changed meanwhile), and prepares it to be shown ([`Whole::prepare`]);
/// the event loop hands it to [`App::receive_whole`]. Dropping it stops
/// the thread at its next step.
#[derive(Debug)]
pub struct RestReader {
    rx: mpsc::Receiver<Result<Box<Whole>, InputError>>,
    /// The finder and the catalog it was made from, as the app has them.
    current: Arc<Mutex<(Arc<Matcher>, Arc<Catalog>)>>,
    reading: Arc<stream::Reading>,
}

impl RestReader {
    /// Starts reading `rest` (its progress reported to `reading`), for
    /// `app`'s article at `reading.index`.
    pub fn spawn(rest: stream::Rest, reading: Arc<stream::Reading>, app: &App) -> Self {
        let (tx, rx) = mpsc::channel();
        let current = Arc::new(Mutex::new((
            Arc::clone(app.shared_matcher()),
            Arc::clone(app.shared_catalog()),
        )));
        let (shared, progress) = (Arc::clone(&current), Arc::clone(&reading));
        thread::spawn(move || {
            let now = || match shared.lock() {
                Ok(c) => c.clone(),
                Err(e) => (*e.into_inner()).clone(),
            };
            let whole = match rest.read(&progress) {
                None => return,
                Some(Err(error)) => Err(error),
                Some(Ok((doc, invalid_utf8))) => loop {
                    let (matcher, catalog) = now();
                    let Some(mentions) = stream::search(&doc, &matcher, &progress) else {
                        return;
                    };
                    if now().0.id() == matcher.id() {
                        let article = Article::found(doc, mentions, &matcher);
                        break Ok(Box::new(Whole::prepare(
                            progress.index,
                            article,
                            invalid_utf8,
                            &catalog,
                        )));
                    }
                },
            };
            // Nobody may be listening any more: then it goes.
            let _ = tx.send(whole);
        });
        RestReader {
            rx,
            current,
            reading,
        }
    }

    /// Has the whole searched with `app`'s finder, if the catalog changed.
    fn follow(&self, app: &App) {
        let mut current = match self.current.lock() {
            Ok(c) => c,
            Err(e) => e.into_inner(),
        };
        if current.0.id() != app.matcher().id() {
            *current = (
                Arc::clone(app.shared_matcher()),
                Arc::clone(app.shared_catalog()),
            );
        }
    }

    /// Hands the whole article to `app` if it has arrived, without
    /// waiting; returns whether it had (and the reader is done).
    pub fn take(&self, app: &mut App) -> bool {
        self.follow(app);
        match self.rx.try_recv() {
            Ok(whole) => {
                arrive(app, whole);
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => {
                // The thread ended with nothing to say (it cannot have
                // been cancelled while this lives): what was shown stays.
                arrive(
                    app,
                    Err(InputError {
                        path: self.reading.name.clone(),
                        reason: "the reading stopped".to_string(),
                    }),
                );
                true
            }
        }
    }

    /// Waits for the whole article and hands it to `app` (tests, scripts).
    pub fn wait(self, app: &mut App) {
        self.follow(app);
        if let Ok(whole) = self.rx.recv() {
            arrive(app, whole);
        }
    }
}

fn arrive(app: &mut App, whole: Result<Box<Whole>, InputError>) {
    match whole {
        Ok(whole) => app.receive_whole(*whole),
        Err(error) => app.receive(Loaded::Failed {
            index: app.reading().map_or(0, |r| r.index),
            error,
        }),
    }
    app.settle();
}

impl Drop for RestReader {
    fn drop(&mut self) {
        self.reading.cancel();
    }
}

/// Opens `paths` (the bundled sample when empty) without touching the
/// terminal: resolves them, reads and searches the first readable article
/// at once, and leaves the rest to `workers` background threads. Nothing is
/// done per article beyond resolving its path, so the first frame comes as
/// quickly for ten thousand files as for one. Of a first article larger
/// than [`stream::WHOLE_AT_ONCE`] only the first part is read and searched
/// at once ([`stream`]): the rest is read and searched in the background
/// and replaces it, so the first frame comes as quickly for 500 MB as for
/// 2 KB. Fails when a path cannot be resolved, or when no article at all
/// can be read (with the first error).
pub fn open(
    catalog: Catalog,
    paths: &[String],
    theme: Theme,
    workers: usize,
) -> Result<Session, InputError> {
    open_in(catalog, paths, theme, workers, true)
}

/// [`open`], with the first article read whole before the first frame
/// however large it is (teaching mode and tours need all of it at once).
pub fn open_whole(
    catalog: Catalog,
    paths: &[String],
    theme: Theme,
    workers: usize,
) -> Result<Session, InputError> {
    open_in(catalog, paths, theme, workers, false)
}

fn open_in(
    catalog: Catalog,
    paths: &[String],
    theme: Theme,
    workers: usize,
    in_part: bool,
) -> Result<Session, InputError> {
    if paths.is_empty() {
        let app = App::new(catalog, vec![input::sample()], theme);
        return Ok(Session {
            app,
            loader: None,
            rest: None,
        });
    }
    let mut inputs = input::resolve(paths)?;
    let matcher = Arc::new(Matcher::new(&catalog));
    let names = inputs.iter().map(|i| i.name().to_string()).collect();
    let mut app = App::pending(catalog, matcher, names, theme);
    // Read in order until one article can be shown; failures are noted.
    let mut first_error = None;
    let mut rest = None;
    let mut next = 0;
    while next < inputs.len() && app.current_article().is_none() {
        // A FIFO without a writer keeps the explorer from starting: after a
        // second, that is said on standard error, as `aka mentions` says it.
        let watch = crate::cli::fifo_watch(&inputs[next]);
        let opened = if in_part {
            stream::open(&inputs[next])
        } else {
            inputs[next]
                .read()
                .map(|(doc, bad)| stream::Opened::Whole(doc, bad))
        };
        drop(watch);
        let loaded = match opened {
            Ok(stream::Opened::Whole(doc, invalid_utf8)) => Loaded::Article {
                index: next,
                article: Box::new(Article::analyse(doc, app.matcher())),
                invalid_utf8,
            },
            Ok(stream::Opened::Part(doc, part_rest)) => {
                let reading = Arc::new(stream::Reading::new(next, inputs[next].name()));
                app.start_reading(Arc::clone(&reading));
                rest = Some((part_rest, reading));
                // Its invalid UTF-8, if any, is reported with the whole.
                Loaded::Article {
                    index: next,
                    article: Box::new(Article::analyse(doc, app.matcher())),
                    invalid_utf8: None,
                }
            }
            Err(error) => {
                first_error.get_or_insert_with(|| error.clone());
                Loaded::Failed { index: next, error }
            }
        };
        app.receive(loaded);
        next += 1;
    }
    if app.current_article().is_none()
        && let Some(error) = first_error
    {
        return Err(error);
    }
    // Names discovered in the first article are looked for in the others.
    app.settle();
    let others = inputs.split_off(next);
    let loader =
        (!others.is_empty()).then(|| Loader::spawn(others, next, app.shared_matcher(), workers));
    let rest = rest.map(|(rest, reading)| RestReader::spawn(rest, reading, &app));
    Ok(Session { app, loader, rest })
}

/// An explorer opened from an archive index: the app, its first article
/// shown, and the shelf that reads the rest of the list, counts, answers
/// and re-indexes in the background.
#[derive(Debug)]
pub struct ArchiveSession {
    /// The explorer's state.
    pub app: App,
    /// The archive.
    pub shelf: Shelf,
    /// The reader of the rest of the first article, when it is shown in
    /// part.
    pub rest: Option<RestReader>,
}

/// The archive index `aka DIR` opens from, when `paths` is one folder that
/// has one: `DIR/.aka/index.sqlite`, else its file in the cache folder
/// (where `aka index DIR` puts them).
pub fn index_for(paths: &[String]) -> Option<Target> {
    let [dir] = paths else {
        return None;
    };
    let dir = Path::new(dir);
    if !dir.is_dir() {
        return None;
    }
    let canon = std::fs::canonicalize(dir).ok()?;
    let local = crate::cli::index::local_target(&canon);
    if local.is_file() {
        return Some(Target::File(local));
    }
    crate::cli::index::cached_target(&canon)
        .filter(|c| c.is_file())
        .map(Target::File)
}

/// Opens the folder `dir` from its archive index at `target`, without
/// touching the terminal: the first page of the article list and its
/// first readable article at once, the rest of the list and the counts
/// across the archive in the background; with `reindex`, files changed
/// since indexing are indexed again in the background. Fails when the
/// index cannot be opened or holds no article (the caller then reads the
/// folder's files).
pub fn open_archive(
    catalog: Arc<Catalog>,
    dir: &str,
    target: &Target,
    theme: Theme,
    reindex: bool,
) -> Result<ArchiveSession, String> {
    let matcher = Arc::new(Matcher::new(&catalog));
    let opened = Shelf::open(target, Path::new(dir), Arc::clone(&catalog), reindex)
        .map_err(|e| format!("{target}: {e}"))?;
    let prefix = Path::new(dir).join("").display().to_string();
    let mut app = App::archived(
        catalog,
        matcher,
        prefix.clone(),
        opened.first.clone(),
        opened.whole,
        theme,
    );
    let shelf = opened.shelf;
    let mut rest = None;
    // The first article whose file can be read is shown (of the first
    // page: a folder whose files are all gone says so in the list).
    for (index, listed) in opened.first.iter().enumerate() {
        let input = Input::File {
            name: format!("{prefix}{}", listed.path),
            path: shelf.root().join(&listed.path),
        };
        let loaded = match stream::open(&input) {
            Ok(stream::Opened::Whole(doc, invalid_utf8)) => Loaded::Article {
                index,
                article: Box::new(Article::analyse(doc, app.matcher())),
                invalid_utf8,
            },
            Ok(stream::Opened::Part(doc, part_rest)) => {
                let reading = Arc::new(stream::Reading::new(index, input.name()));
                app.start_reading(Arc::clone(&reading));
                rest = Some((part_rest, reading));
                Loaded::Article {
                    index,
                    article: Box::new(Article::analyse(doc, app.matcher())),
                    invalid_utf8: None,
                }
            }
            Err(error) => Loaded::Failed { index, error },
        };
        app.receive(loaded);
        if app.current_article().is_some() {
            break;
        }
    }
    app.settle();
    let rest = rest.map(|(rest, reading)| RestReader::spawn(rest, reading, &app));
    Ok(ArchiveSession { app, shelf, rest })
}

/// Takes in every result the loader has ready, without waiting; returns
/// whether there was any.
pub(crate) fn absorb(app: &mut App, loader: &mut Loader) -> bool {
    let mut any = false;
    loader.follow(app.shared_matcher());
    while let Some(loaded) = loader.try_next() {
        app.receive(loaded);
        any = true;
    }
    if any {
        app.settle();
    }
    any
}

/// Takes in what the archive index has said and the articles read from
/// it, without waiting; returns whether there was any.
pub fn take_in(app: &mut App, shelf: &mut Shelf) -> bool {
    let news = shelf.news();
    let fetched = shelf.fetched(app.shared_matcher());
    let any = !news.is_empty() || !fetched.is_empty();
    for news in news {
        app.shelf_news(news);
    }
    for loaded in fetched {
        app.receive(loaded);
    }
    if any {
        app.settle();
    }
    any
}

/// Waits until the archive has nothing more to say on its own (articles
/// being read, answers, the list, counts and re-indexing all arrived),
/// taking everything in; false if `timeout` passes without news first
/// (tests, scripts).
pub fn wait_for(app: &mut App, shelf: &mut Shelf, timeout: Duration) -> bool {
    loop {
        for loaded in shelf.fetched_all() {
            app.receive(loaded);
        }
        app.settle();
        if !shelf.is_busy() {
            return true;
        }
        let Some(news) = shelf.next_news(timeout) else {
            return false;
        };
        app.shelf_news(news);
    }
}

/// Waits for every remaining result of the loader and takes it in.
pub fn drain(app: &mut App, loader: &mut Loader) {
    while let Some(loaded) = loader.next_blocking() {
        app.receive(loaded);
        loader.follow(app.shared_matcher());
    }
    app.settle();
}

/// Puts a session into teaching mode, following `tour` if given: the tour
/// is checked against the article shown first, so that a step naming no
/// mention fails here, before the terminal is touched.
pub fn present(app: &mut App, tour: Option<&Tour>) -> Result<(), TourError> {
    if let (Some(tour), Some(index)) = (tour, app.current_article()) {
        let art = app.article();
        let lesson = tour.lesson(art.text(), &art.index.mentions, app.catalog())?;
        app.set_tour(index, lesson);
    }
    app.start_presentation();
    Ok(())
}

/// Runs the explorer for `cli` and returns the exit status.
pub fn run(cli: &Cli) -> ExitCode {
    // A user catalog that does not load is left out, and said on the
    // status bar (and on standard error, which outlives the screen).
    let (catalog, user_problem) = match cli.catalogs.load_reporting() {
        Ok(loaded) => loaded,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    if let Some(problem) = &user_problem {
        crate::cli::report_warning(problem);
    }
    let tour = match cli.tour.as_deref().map(Tour::read).transpose() {
        Ok(tour) => tour,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    if let Some(db) = &cli.db {
        return run_named(cli, db, catalog, user_problem);
    }
    let needs_terminal = || {
        report_error("the explorer needs a terminal; to print mentions, use `aka mentions PATH`");
        ExitCode::from(1)
    };
    if !cli.paths.is_empty() && !io::stdout().is_terminal() {
        // Resolve first, so that a bad path is reported as such.
        if let Err(e) = input::resolve(&cli.paths) {
            report_error(e);
            return ExitCode::from(1);
        }
    }
    // A tour is checked against its article even without a terminal.
    if !io::stdout().is_terminal() && tour.is_none() {
        return needs_terminal();
    }
    let teaching = cli.present || tour.is_some();
    let mut index_problem = None;
    let catalog = if !teaching
        && !cli.no_index
        && io::stdout().is_terminal()
        && let Some(target) = index_for(&cli.paths)
    {
        let shared = Arc::new(catalog);
        match open_archive(
            Arc::clone(&shared),
            &cli.paths[0],
            &target,
            Theme::from_env(),
            true,
        ) {
            Ok(session) => return browse(session, cli, user_problem),
            // The folder's files are read instead, as without an index;
            // said on the status bar too (standard error is hidden then).
            Err(e) => {
                let problem = format!("{e}: reading the folder's files instead");
                crate::cli::report_warning(&problem);
                index_problem = Some(problem);
            }
        }
        // The shelf that failed to open has let go of its share.
        Arc::try_unwrap(shared).unwrap_or_else(|c| Catalog::clone(&c))
    } else {
        catalog
    };
    // Teaching mode begins with the whole first article.
    let opener = if teaching { open_whole } else { open };
    let Session {
        mut app,
        loader,
        rest,
    } = match opener(
        catalog,
        &cli.paths,
        Theme::from_env(),
        corpus::default_workers(),
    ) {
        Ok(session) => session,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    if (cli.present || tour.is_some())
        && let Err(e) = present(&mut app, tour.as_ref())
    {
        report_error(e);
        return ExitCode::from(1);
    }
    if !io::stdout().is_terminal() {
        return needs_terminal();
    }
    app.set_teacher(teacher(&cli.catalogs, user_problem.as_deref()));
    for problem in [user_problem, index_problem].into_iter().flatten() {
        app.notify(format!("warning: {problem}"));
    }
    match event_loop(&mut app, loader, rest, None) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Runs the explorer on an archive session until the user quits.
fn browse(session: ArchiveSession, cli: &Cli, user_problem: Option<String>) -> ExitCode {
    let ArchiveSession {
        mut app,
        shelf,
        rest,
    } = session;
    app.set_teacher(teacher(&cli.catalogs, user_problem.as_deref()));
    if let Some(problem) = user_problem {
        app.notify(format!("warning: {problem}"));
    }
    match event_loop(&mut app, None, rest, Some(shelf)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}

/// `aka [DIR] --db TARGET`: the explorer from the index TARGET names, for
/// the folder DIR (by default the current folder, or the folder whose
/// `.aka` holds the file). Asked for by name, an index that cannot be
/// opened is an error, not a reason to read the files instead. A file is
/// brought up to date with the folder in the background, as the folder's
/// own index is; a shared database is only read: a reader's copy of the
/// folder may lack what others indexed, and `aka index` is how it is
/// updated on purpose.
fn run_named(cli: &Cli, db: &Path, catalog: Catalog, user_problem: Option<String>) -> ExitCode {
    let fail = |message: String| {
        report_error(message);
        ExitCode::from(1)
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return fail(format!("the current folder: {e}")),
    };
    let (target, default_root) = match crate::cli::index::named_target(db, cwd.clone()) {
        Ok(found) => found,
        Err(e) => return fail(e),
    };
    let dir = match cli.paths.as_slice() {
        [] if default_root == cwd => ".".to_string(),
        [] => default_root.display().to_string(),
        [one] if Path::new(one).is_dir() => one.clone(),
        [one] => {
            return fail(format!(
                "{one}: not a folder: --db opens the index of one folder"
            ));
        }
        _ => {
            return fail("--db opens the index of one folder: give that folder alone".to_string());
        }
    };
    if let Err(e) = target.open_existing() {
        return fail(format!("{target}: {e}"));
    }
    if !io::stdout().is_terminal() {
        return fail(
            "the explorer needs a terminal; to ask the index, use `aka query --db TARGET`"
                .to_string(),
        );
    }
    let reindex = matches!(target, Target::File(_));
    match open_archive(Arc::new(catalog), &dir, &target, Theme::from_env(), reindex) {
        Ok(session) => browse(session, cli, user_problem),
        Err(e) => fail(e),
    }
}

/// Whether the explorer may teach aka, and into which user catalog: not
/// when the session has none, nor when it did not load (`problem`), so
/// that a file aka cannot read is never written over.
fn teacher(args: &CatalogArgs, problem: Option<&str>) -> Teacher {
    let Some(path) = args.user_catalog_path() else {
        return Teacher::off("teaching is off: --no-user-catalog leaves the user catalog out");
    };
    if problem.is_some() {
        return Teacher::off(format!(
            "teaching is off: {} did not load (fix it, or name another with --user-catalog)",
            path.display()
        ));
    }
    let user = match UserCatalog::open(&path) {
        Ok(user) => user,
        Err(e) => return Teacher::off(format!("teaching is off: {e}")),
    };
    match args.sources() {
        Ok(sources) => Teacher::new(
            Rebuild {
                sources,
                before: usize::from(!args.no_default_catalog),
                packs: args.packs(),
            },
            user,
        ),
        Err(e) => Teacher::off(format!("teaching is off: {e}")),
    }
}

/// Jobs running on threads of their own, each with its id and the channel
/// its result comes on.
#[derive(Debug, Default)]
pub struct Jobs {
    running: Vec<(u64, mpsc::Receiver<Option<JobOutput>>)>,
    /// The archive index the explorer was opened from, if any: its
    /// questions and readings are performed through it.
    pub shelf: Option<Shelf>,
}

impl Jobs {
    /// No job running yet; the archive's questions and readings (if any)
    /// go through `shelf`.
    pub fn with_shelf(shelf: Option<Shelf>) -> Self {
        Jobs {
            running: Vec::new(),
            shelf,
        }
    }

    /// Runs `request` on a new thread.
    pub fn spawn(&mut self, request: JobRequest) {
        let (tx, rx) = mpsc::channel();
        let id = request.id;
        let spawned = thread::Builder::new()
            .name(format!("aka-job-{id}"))
            .spawn(move || {
                // Nobody may be listening any more: then the result goes.
                let _ = tx.send(run_job(&request));
            });
        if spawned.is_ok() {
            self.running.push((id, rx));
        }
    }

    /// Whether a job still runs (perhaps one cancelled, about to stop).
    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// Hands every finished job's result to `app`, performing what that
    /// asks; returns (whether anything arrived, whether to quit).
    pub fn collect(&mut self, app: &mut App) -> (bool, bool) {
        let mut done = Vec::new();
        self.running.retain(|(id, rx)| match rx.try_recv() {
            Ok(output) => {
                done.push((*id, output));
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => false,
        });
        let (mut any, mut quit) = (false, false);
        for (id, output) in done {
            any = true;
            if let Some(output) = output {
                let effects = app.job_done(id, output);
                quit |= perform_in(app, effects, self);
            }
        }
        (any, quit)
    }
}

/// Performs what an action asked of the world outside the state, feeding
/// the outcomes back to `app`; returns whether the explorer should quit.
/// A job runs here and now, to its end: for tests and scripts; the event
/// loop runs jobs in the background ([`perform_in`]).
pub fn perform(app: &mut App, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::StartJob(request) => {
                if let Some(output) = run_job(&request) {
                    let more = app.job_done(request.id, output);
                    quit |= perform(app, more);
                }
            }
            other => quit |= perform_in(app, vec![other], &mut Jobs::default()),
        }
    }
    quit
}

/// Runs a job to its end on the calling thread: [`JobRequest::run`], or
/// for an export, renders the article straight into the file, which takes
/// its name only once whole. Cancelling the job stops the rendering at its
/// next write and leaves no file (`None`).
pub fn run_job(request: &JobRequest) -> Option<JobOutput> {
    let Some(export) = request.export() else {
        return request.run();
    };
    let progress = &request.progress;
    if progress.is_cancelled() {
        return None;
    }
    let art = &export.article;
    let outcome = write::write_atomic_with(
        Path::new(&export.request.path),
        export.request.overwrite,
        |out| {
            let mut out = write::Cancellable::new(out, progress);
            formats::render_to(
                &mut out,
                export.request.format,
                &art.doc,
                &export.catalog,
                &art.mentions,
            )
        },
    );
    if matches!(&outcome, Err(write::WriteError::Io(e)) if write::is_cancelled(e)) {
        return None;
    }
    Some(JobOutput::Exported {
        request: export.request.clone(),
        outcome,
    })
}

/// [`perform`], with jobs started on threads of `jobs`.
pub fn perform_in(app: &mut App, effects: Vec<Effect>, jobs: &mut Jobs) -> bool {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::Quit => quit = true,
            Effect::Suspend => crate::tui::suspend(),
            Effect::StartJob(request) => jobs.spawn(request),
            Effect::Archive(ask) => {
                if let Some(shelf) = &mut jobs.shelf {
                    shelf.ask(ask);
                }
            }
            Effect::Read { index, name, path } => {
                if let Some(shelf) = &mut jobs.shelf {
                    shelf.read(index, name, &path, app.shared_matcher());
                }
            }
            Effect::SaveUserCatalog { user, what } => {
                let mut user = *user;
                let outcome = user.save(&what).map(|()| user).map_err(|e| e.to_string());
                app.user_saved(outcome);
            }
            Effect::Export(request) => {
                let art = app.article();
                let outcome =
                    write::write_atomic_with(Path::new(&request.path), request.overwrite, |out| {
                        formats::render_to(
                            out,
                            request.format,
                            &art.doc,
                            app.catalog(),
                            &art.index.mentions,
                        )
                    });
                app.exported(request, outcome);
            }
        }
    }
    quit
}

/// How long to wait for a key while articles are loading or a job runs,
/// before taking in what the workers have done and drawing the progress
/// (20 frames a second).
const LOADING_TICK: Duration = Duration::from_millis(50);

/// How long to wait for a key when nothing else is going on, before
/// looking whether the screen is due to be drawn again (after a
/// suspension): twice a second, next to nothing.
const IDLE_TICK: Duration = Duration::from_millis(500);

/// Draws and handles events until the app quits, taking in the loader's
/// results as they come (and the whole of an article shown in part, from
/// `rest`); the terminal is restored when this returns,
/// whether by quitting or by an error.
pub(crate) fn event_loop(
    app: &mut App,
    mut loader: Option<Loader>,
    mut rest: Option<RestReader>,
    shelf: Option<Shelf>,
) -> io::Result<()> {
    let mut tui = Tui::enter()?;
    let size = tui.size()?;
    let mut jobs = Jobs::with_shelf(shelf);
    // Effects asked before the loop began (teaching mode of a large
    // article, from `--present`) are performed now.
    let first = app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    if perform_in(app, first, &mut jobs) {
        return Ok(());
    }
    let mut dirty = true;
    loop {
        if dirty {
            tui.draw(app)?;
            dirty = false;
        }
        // Block on the next event, unless articles are still arriving or a
        // job runs.
        let mut quit = false;
        let busy = loader.is_some()
            || rest.is_some()
            || !jobs.is_empty()
            || jobs.shelf.as_ref().is_some_and(Shelf::is_busy);
        let tick = if busy { LOADING_TICK } else { IDLE_TICK };
        if event::poll(tick)?
            && let Some(effects) = app.handle_event(&event::read()?)
        {
            dirty = true;
            quit |= perform_in(app, effects, &mut jobs);
        }
        // The screen given back after a suspension is drawn even if the
        // signal meant to wake this loop for it never did.
        dirty |= crate::tui::redraw_due();
        while !quit && event::poll(Duration::ZERO)? {
            if let Some(effects) = app.handle_event(&event::read()?) {
                dirty = true;
                quit |= perform_in(app, effects, &mut jobs);
            }
        }
        if quit {
            return Ok(());
        }
        if !jobs.is_empty() {
            let (arrived, quit) = jobs.collect(app);
            if quit {
                return Ok(());
            }
            // The progress line moves on every tick.
            dirty |= arrived || app.job().is_some();
        }
        if let Some(r) = &rest {
            // Its progress moves on every tick.
            dirty = true;
            if r.take(app) {
                rest = None;
            }
        }
        if let Some(shelf) = &mut jobs.shelf {
            dirty |= take_in(app, shelf);
        }
        if let Some(l) = &mut loader {
            dirty |= absorb(app, l);
            if l.is_done() {
                loader = None;
                let n = app.articles().len();
                if app.message().is_none() {
                    app.notify(format!("all {} articles indexed", thousands(n)));
                    dirty = true;
                }
            }
        }
    }
}
