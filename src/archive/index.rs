//! Building and updating an index (docs/archive.md, Indexing): which
//! files are new, changed, deleted or to be matched again, then every core
//! reading and matching while one thread writes batches to the [`Store`].
//!
//! An article is written with its mentions, attributions and words in the
//! transaction of its batch, and the catalog the index is complete with is
//! recorded last: a run stopped at any moment (Ctrl-C, `kill -9`) leaves a
//! valid index, and the next run does what is left.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Instant, UNIX_EPOCH};

use super::store::{
    AllOf, ArticleRow, AttributionRow, CatalogPrint, Known, MentionRow, Store, StoreError,
    content_hash,
};
use crate::formats::catalog_out::{self, CatalogFormat};
use crate::model::{Catalog, Document, Matcher, input, sources};

/// How many articles one transaction writes at most. Large batches are
/// what keeps the writer from being the bottleneck at a million articles:
/// a batch dirties the last page of each actor's rows in
/// `actor_articles` (and of the attributions' indexes) once however many
/// of its articles land there, so the pages written per article fall as
/// the batch grows (at 100,000 articles, 512 per batch kept the writer busy
/// twice as long as 4,096; at a million, files cached, 16,384 all along
/// took 176.7 and 180.5 s and after small first batches 172.7 s, where
/// 4,096 took 186.8 to 188.6, for some 130 MB more).
/// A run's first [`SMALL_UNTIL`] articles go in batches of [`SMALL_BATCH`]:
/// the writer, which waits for a run's first batch, starts sooner, and a
/// small run is written as before.
const BATCH: usize = 16384;

/// The batches of a run's first articles (see [`BATCH`]).
const SMALL_BATCH: usize = 4096;

/// How many articles of a run go in batches of [`SMALL_BATCH`].
const SMALL_UNTIL: usize = 65_536;

/// How often, in articles handed to the writer, the progress is told
/// between two batches (a batch takes seconds).
const PROGRESS_EVERY: usize = 1024;

/// How many bytes of text one batch holds at most (its articles' words go
/// to the full-text index in its transaction), so that a batch of long
/// articles stays small in memory.
const BATCH_BYTES: usize = 32 << 20;

/// How many articles an empty index must be given for the store to fill
/// it in bulk ([`Store::begin_bulk`]).
const BULK_AT: usize = 10_000;

/// How many finished articles may wait for the writer: a whole batch, so
/// that the readers make the next batch while the writer writes one
/// (with fewer, they stop for most of each write).
const IN_FLIGHT: usize = BATCH;

/// How many threads read files for the readers: enough reads waiting on
/// the disk at once to keep the readers busy when the files are not in
/// the system's cache (they compute nothing themselves).
const LOADERS: usize = 4;

/// How many consecutive jobs a loader reads and hands on at a time: it
/// opens them all and asks the system to read them ahead before reading
/// any, so that their reads go to the disk together (files not in the
/// system's cache, 100,000 articles: 19 s and 3 CPU-seconds in the kernel,
/// against 23 s and 7 reading one file after the other; 16 at a time gave
/// 20 s, 256 no more than 64).
const LOAD_CHUNK: usize = 64;

/// How many loaded chunks may wait for the readers.
const LOADED_AHEAD: usize = 8;

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// Articles indexed for the first time.
    pub added: usize,
    /// Articles whose file changed, indexed again.
    pub changed: usize,
    /// Articles whose file is gone, removed.
    pub deleted: usize,
    /// Articles left as they were (a file only touched counts here).
    pub unchanged: usize,
    /// Unchanged articles matched again for a changed catalog.
    pub rematched: usize,
    /// Files that could not be read (said through `warn`, left out).
    pub unreadable: usize,
    /// Wall time, in seconds.
    pub seconds: f64,
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// A path given cannot be walked.
    #[error("{0}")]
    Input(#[from] input::InputError),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a run is told, beside the store and the catalog.
pub struct Options<'a> {
    /// The folder article paths are stored relative to (canonical).
    pub root: PathBuf,
    /// The files and folders to index (every `*.txt` and `*.md` below a
    /// folder).
    pub paths: Vec<PathBuf>,
    /// Reader and matcher threads (at least one).
    pub workers: usize,
    /// Called with (done, total): articles read and matched, as batches
    /// are written and every thousand or so between.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Called with one line for a file that cannot be read.
    pub warn: &'a (dyn Fn(String) + Sync),
    /// Set to stop early (Ctrl-C): what is written stays written.
    pub stop: &'a AtomicBool,
}

impl CatalogPrint {
    /// What `aka catalog export --format aka` writes of `catalog`.
    fn export(catalog: &Catalog) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = catalog_out::write(CatalogFormat::Aka, catalog, &mut bytes);
        bytes
    }

    /// The [`CatalogPrint::whole`] of `catalog` alone, which is all `aka
    /// query` asks (to say the index was built with another catalog): a
    /// third of the cost of the whole print.
    pub fn whole_of(catalog: &Catalog) -> u64 {
        content_hash(&Self::export(catalog))
    }

    /// The print of `catalog`: hashes of what `aka catalog export --format
    /// aka` writes, one per actor line and one for the rest.
    pub fn of(catalog: &Catalog) -> Self {
        let bytes = Self::export(catalog);
        let text = String::from_utf8_lossy(&bytes);
        let mut global = Vec::new();
        let mut lines = HashMap::new();
        for line in text.lines() {
            let line = line.strip_suffix(',').unwrap_or(line);
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").and_then(|id| id.as_str().map(str::to_string)));
            if let Some(id) = id {
                lines.insert(id, content_hash(line.as_bytes()));
            } else {
                global.extend_from_slice(line.as_bytes());
                global.push(b'\n');
            }
        }
        let actors: Vec<(String, u64)> = catalog
            .actors()
            .iter()
            .map(|a| (a.id.clone(), lines.get(&a.id).copied().unwrap_or(0)))
            .collect();
        let aliases = catalog
            .actors()
            .iter()
            .map(|a| a.aliases.iter().map(|x| x.text.to_lowercase()).collect())
            .collect();
        CatalogPrint {
            whole: content_hash(&bytes),
            global: content_hash(&global),
            actors,
            aliases,
        }
    }
}

/// The full-text conditions under which an article may hold `alias`
/// (lower-cased): each alternative's tokens must all occur. `None` when no
/// token can be relied on (the alias has no word of ASCII letters and
/// digits), and every article must then be matched again.
///
/// The full-text index splits words where Unicode puts punctuation or
/// space and folds case and diacritics; the finder is laxer in two ways
/// this follows: a designation (`apt29`) also matches as `APT 29` or
/// `APT-29`, so both forms are alternatives; and folding `ß` to `ss` or a
/// word with a letter outside ASCII may join what the index splits, so
/// such tokens are left out of the condition (which only widens it).
pub fn conditions(alias: &str) -> Option<Vec<AllOf>> {
    let tokens: Vec<&str> = alias
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && t.is_ascii() && !t.contains("ss"))
        .collect();
    if tokens.is_empty() {
        return None;
    }
    let mut out: Vec<AllOf> = vec![Vec::new()];
    for t in tokens {
        let split = t.find(|c: char| c.is_ascii_digit()).filter(|&i| {
            i > 0
                && t[..i].chars().all(|c| c.is_ascii_alphabetic())
                && t[i..].chars().all(|c| c.is_ascii_digit())
        });
        match split {
            Some(i) if out.len() < 16 => {
                let mut both = Vec::with_capacity(out.len() * 2);
                for alt in out {
                    let mut joined = alt.clone();
                    joined.push(t.to_string());
                    let mut apart = alt;
                    apart.push(t[..i].to_string());
                    apart.push(t[i..].to_string());
                    both.push(joined);
                    both.push(apart);
                }
                out = both;
            }
            _ => {
                for alt in &mut out {
                    alt.push(t.to_string());
                }
            }
        }
    }
    Some(out)
}

/// Which stored articles a catalog change may have changed: `None` when
/// every one must be matched again (no catalog recorded, a change beyond
/// the actors, actors reordered, or an alias no full-text condition can
/// find), else the paths.
fn touched(
    store: &mut dyn Store,
    old: Option<&CatalogPrint>,
    new: &CatalogPrint,
) -> Result<Option<HashSet<String>>, StoreError> {
    let Some(old) = old else { return Ok(None) };
    if old.whole == new.whole {
        return Ok(Some(HashSet::new()));
    }
    if old.global != new.global {
        return Ok(None);
    }
    let old_at: HashMap<&str, usize> = old
        .actors
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let new_at: HashMap<&str, usize> = new
        .actors
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    // The first candidate in catalog order is a mention's actor: the
    // order of the actors both catalogs hold must stay.
    let common_old: Vec<&str> = old
        .actors
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| new_at.contains_key(id))
        .collect();
    let common_new: Vec<&str> = new
        .actors
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| old_at.contains_key(id))
        .collect();
    if common_old != common_new {
        return Ok(None);
    }
    let mut changed = Vec::new();
    let mut aliases: Vec<&str> = Vec::new();
    for (i, (id, hash)) in old.actors.iter().enumerate() {
        let same = new_at
            .get(id.as_str())
            .is_some_and(|&j| new.actors[j].1 == *hash);
        if !same {
            changed.push(id.clone());
            aliases.extend(old.aliases.get(i).into_iter().flatten().map(String::as_str));
        }
    }
    for (j, (id, hash)) in new.actors.iter().enumerate() {
        let same = old_at
            .get(id.as_str())
            .is_some_and(|&i| old.actors[i].1 == *hash);
        if !same {
            changed.push(id.clone());
            aliases.extend(new.aliases.get(j).into_iter().flatten().map(String::as_str));
        }
    }
    let mut all = Vec::new();
    for alias in aliases {
        match conditions(alias) {
            Some(c) => all.extend(c),
            None => return Ok(None),
        }
    }
    all.sort();
    all.dedup();
    let mut out: HashSet<String> = store.mentioning(&changed)?.into_iter().collect();
    out.extend(store.containing(&all)?);
    Ok(Some(out))
}

/// Nanoseconds since the epoch of a file's modification time.
pub(crate) fn mtime_of(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The key an article is stored under: its path below `root`, with `/`.
pub fn key_of(root: &Path, path: &Path) -> String {
    // The common case without taking the path apart: a path of plain
    // names below `root` is its key once `root/` is cut off.
    if let (Some(r), Some(p)) = (root.to_str(), path.to_str())
        && let Some(rest) = p.strip_prefix(r).and_then(|x| x.strip_prefix('/'))
        && !r.is_empty()
        && !r.ends_with('/')
        && rest
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
    {
        return rest.to_string();
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One file to read.
struct Job {
    key: String,
    path: PathBuf,
    /// What the index had, if anything.
    known: Option<Known>,
    /// Whether the file's size and time are what the index had (only a
    /// catalog change brings it here).
    same_file: bool,
}

/// A file as a loader read it: its size and time, and its bytes.
type Loaded = std::io::Result<(std::fs::Metadata, Vec<u8>)>;

/// Opens a file and asks the system to read it ahead (a hint: where it
/// is not taken, the file is read when loaded all the same).
fn open_ahead(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::File::open(path)?;
    let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::WillNeed);
    Ok(file)
}

/// How many files a loader opens ahead at once: [`LOAD_CHUNK`], or fewer
/// in a process allowed few open files, so that the loaders together hold
/// at most a quarter of them (64 with the usual 1,024).
fn files_ahead() -> usize {
    let allowed = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    files_ahead_within(allowed.unwrap_or(u64::MAX))
}

/// [`files_ahead`] for a process allowed `allowed` open files.
fn files_ahead_within(allowed: u64) -> usize {
    let share = allowed / (4 * LOADERS as u64);
    usize::try_from(share)
        .unwrap_or(LOAD_CHUNK)
        .clamp(1, LOAD_CHUNK)
}

/// Reads an opened file: one opening for both the size and time and the
/// bytes (the path is looked up once, not twice, a million times over).
fn load(mut file: std::fs::File) -> Loaded {
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok((meta, bytes))
}

/// The row of one article, from the file as loaded.
fn analyse(
    job: &Job,
    loaded: Loaded,
    catalog: &Catalog,
    matcher: &Matcher,
    whole: u64,
) -> Result<ArticleRow, String> {
    let (meta, bytes) = loaded.map_err(|e| format!("{}: {e}", job.key))?;
    let hash = content_hash(&bytes);
    let size = bytes.len() as u64;
    let (doc, _) = Document::from_bytes(job.path.to_string_lossy(), bytes);
    let text = doc.text();
    if text.len() > crate::model::matcher::MAX_TEXT_LEN {
        return Err(format!(
            "{}: {} bytes of text: aka reads articles of at most 4 GiB",
            job.key,
            text.len()
        ));
    }
    let found = matcher.find_all_in(text, &doc.name);
    let mentions = found
        .iter()
        .map(|m| {
            let actor = catalog.actor(m.actor());
            let range = doc.source_range(&m.range());
            MentionRow {
                actor: actor.id.clone(),
                alias: actor.aliases[m.alias()].text.clone(),
                start: range.start as u64,
                end: range.end as u64,
                candidates: if m.is_ambiguous() {
                    m.candidates()
                        .iter()
                        .map(|&c| catalog.actor(c).id.clone())
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let attributions = sources::attributions(text, &found)
        .into_iter()
        .map(|a| AttributionRow {
            source: text[a.source_range.clone()].to_string(),
            actor: a.source.map(|s| catalog.actor(s).id.clone()),
            cue: a.cue,
            start: a.sentence.start as u64,
            end: a.sentence.end as u64,
            via: a.via.map(|v| v.as_str().to_string()),
        })
        .collect();
    // An unchanged file matched again keeps its full-text entry.
    let keep_words = job.same_file && job.known.as_ref().is_some_and(|k| k.hash == hash);
    Ok(ArticleRow {
        known: Known {
            path: job.key.clone(),
            size,
            mtime: mtime_of(&meta),
            hash,
            catalog: whole,
        },
        title: doc.title().to_string(),
        text: (!keep_words).then(|| super::store::distinct_words(text)),
        mentions,
        attributions,
    })
}

/// Builds or updates the index in `store` for `options.paths`, matched
/// with `catalog`.
pub fn run(
    store: &mut dyn Store,
    catalog: &Catalog,
    options: &Options<'_>,
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let print = CatalogPrint::of(catalog);
    let old = store.catalog()?;
    let known: HashMap<String, Known> = store
        .known()?
        .into_iter()
        .map(|k| (k.path.clone(), k))
        .collect();

    // What is on disk under the paths given, and which stored keys they
    // cover (a stored article under them that is not found is deleted).
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    for path in &options.paths {
        let key = key_of(&options.root, path);
        if path.is_dir() {
            prefixes.push(if key.is_empty() {
                key
            } else {
                format!("{key}/")
            });
            // Unsorted: `found` is sorted by key below (sorting paths
            // compares them component by component, a million times over).
            input::each_article_below(path, &mut |file| {
                found.push((key_of(&options.root, &file), file));
            })?;
        } else {
            std::fs::metadata(path).map_err(|e| input::InputError {
                path: path.display().to_string(),
                reason: crate::model::catalog::io_reason(&e),
            })?;
            prefixes.push(key.clone());
            found.push((key, path.clone()));
        }
    }
    found.sort_unstable();
    found.dedup();
    let on_disk: HashSet<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
    let deleted: Vec<String> = known
        .keys()
        .filter(|k| {
            !on_disk.contains(k.as_str())
                && prefixes.iter().any(|p| {
                    p.is_empty() || *k == p || (p.ends_with('/') && k.starts_with(p.as_str()))
                })
        })
        .cloned()
        .collect();

    let touched = touched(store, old.as_ref(), &print)?;
    let mut summary = Summary::default();
    let mut jobs = Vec::new();
    for (key, path) in found {
        let k = known.get(&key);
        let Some(k) = k else {
            jobs.push(Job {
                key,
                path,
                known: None,
                same_file: false,
            });
            continue;
        };
        let same_file =
            std::fs::metadata(&path).is_ok_and(|m| m.len() == k.size && mtime_of(&m) == k.mtime);
        let stale = k.catalog != print.whole
            && (old.as_ref().is_none_or(|o| o.whole != k.catalog)
                || touched.as_ref().is_none_or(|t| t.contains(&key)));
        if same_file && !stale {
            summary.unchanged += 1;
            continue;
        }
        jobs.push(Job {
            key,
            path,
            known: Some(k.clone()),
            same_file,
        });
    }

    finish(
        store,
        catalog,
        &jobs,
        &deleted,
        (&print, old.as_ref()),
        summary,
        options,
    )
    .map(|mut s| {
        s.seconds = started.elapsed().as_secs_f64();
        s
    })
}

/// Brings the index up to date for the files `changed` (new ones, or
/// ones whose size or time differ from `known`'s, each a key with its
/// path) and `deleted` (keys), matched with `catalog`: what [`run`] does
/// once it knows what changed, for a caller that found that out itself
/// (the explorer, without holding a million keys:
/// [`super::shelf`]). The catalog must be the one the index was completed
/// with: a changed catalog needs [`run`].
pub fn update(
    store: &mut dyn Store,
    catalog: &Catalog,
    changed: Vec<(String, PathBuf, Option<Known>)>,
    deleted: &[String],
    options: &Options<'_>,
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let print = CatalogPrint::of(catalog);
    let old = store.catalog()?;
    let jobs: Vec<Job> = changed
        .into_iter()
        .map(|(key, path, known)| Job {
            key,
            path,
            known,
            same_file: false,
        })
        .collect();
    let mut summary = finish(
        store,
        catalog,
        &jobs,
        deleted,
        (&print, old.as_ref()),
        Summary::default(),
        options,
    )?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Deletes `deleted`, reads, matches and writes `jobs`, and records the
/// catalog (`prints`: the new one and the one recorded before) once
/// everything is matched with it; adds what it did to `summary`.
fn finish(
    store: &mut dyn Store,
    catalog: &Catalog,
    jobs: &[Job],
    deleted: &[String],
    (print, old): (&CatalogPrint, Option<&CatalogPrint>),
    mut summary: Summary,
    options: &Options<'_>,
) -> Result<Summary, IndexError> {
    store.delete(deleted)?;
    summary.deleted = deleted.len();
    let bulk = jobs.len() >= BULK_AT && store.article_count()? == 0;
    if bulk {
        store.begin_bulk()?;
    }
    let outcome = write_all(store, catalog, jobs, print, options);
    let ended = if bulk { store.end_bulk() } else { Ok(()) };
    let outcome = outcome?;
    ended?;
    for (job, outcome) in jobs.iter().zip(outcome) {
        match (outcome, &job.known) {
            (Outcome::Written(_), None) => summary.added += 1,
            (Outcome::Written(true), Some(_)) if job.same_file => summary.rematched += 1,
            (Outcome::Written(true), Some(_)) => summary.unchanged += 1,
            (Outcome::Written(false), Some(_)) => summary.changed += 1,
            (Outcome::Unreadable, _) => summary.unreadable += 1,
            (Outcome::Left, _) => {}
        }
    }
    // A file that could not be read was not matched again: the catalog
    // stays the old one until it is.
    if !options.stop.load(Ordering::Relaxed) && summary.unreadable == 0 && old != Some(print) {
        store.set_catalog(print, old.map(|o| o.whole))?;
    }
    Ok(summary)
}

/// What became of one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Written; whether the file's bytes are those the index had.
    Written(bool),
    /// The file could not be read (said through `warn`).
    Unreadable,
    /// Not done: the run was stopped first.
    Left,
}

/// Reads and matches `jobs` on `options.workers` threads, writing them in
/// batches of [`BATCH`] articles or [`BATCH_BYTES`] of text from this one,
/// one transaction each.
fn write_all(
    store: &mut dyn Store,
    catalog: &Catalog,
    jobs: &[Job],
    print: &CatalogPrint,
    options: &Options<'_>,
) -> Result<Vec<Outcome>, StoreError> {
    let matcher = Matcher::new(catalog);
    let next = AtomicUsize::new(0);
    let total = jobs.len();
    let mut outcome = vec![Outcome::Left; total];
    (options.progress)(0, total);
    // Loaders read files a little ahead of the readers, in chunks of
    // consecutive jobs: reads wait on the disk together while the readers
    // compute (with files not in the system's cache, two readers reading
    // for themselves left a core idle a third of the time). Bounded, so
    // that little is held when the files are cached.
    let ahead = files_ahead();
    std::thread::scope(|scope| {
        let (loaded_tx, loaded_rx) = mpsc::sync_channel::<Vec<(usize, Loaded)>>(LOADED_AHEAD);
        // Shared by the readers alone: when the last one stops (the run
        // stopped, or the writer failed), the loaders' next send fails.
        let loaded_rx = Arc::new(Mutex::new(loaded_rx));
        for _ in 0..LOADERS {
            let loaded_tx = loaded_tx.clone();
            let next = &next;
            scope.spawn(move || {
                while !options.stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(LOAD_CHUNK, Ordering::Relaxed);
                    let Some(chunk) = jobs.get(first..(first + LOAD_CHUNK).min(jobs.len())) else {
                        break;
                    };
                    let mut files = Vec::with_capacity(chunk.len());
                    for group in chunk.chunks(ahead) {
                        let opened: Vec<std::io::Result<std::fs::File>> =
                            group.iter().map(|job| open_ahead(&job.path)).collect();
                        for (job, file) in group.iter().zip(opened) {
                            // One that did not open ahead is opened again
                            // in its turn, those before it closed.
                            let file = file.or_else(|_| std::fs::File::open(&job.path));
                            files.push((first + files.len(), file.and_then(load)));
                        }
                    }
                    if loaded_tx.send(files).is_err() {
                        break;
                    }
                }
            });
        }
        drop(loaded_tx);
        // Bounded: readers stay at most a batch ahead of the writer. A
        // loaded chunk's articles go to the writer together, one message
        // for each chunk rather than each article (at 100,000 articles,
        // 9,000 context switches instead of 55,000).
        let (tx, rx) = mpsc::sync_channel::<Vec<(usize, Result<ArticleRow, String>)>>(
            IN_FLIGHT.div_ceil(LOAD_CHUNK),
        );
        for _ in 0..options.workers.max(1) {
            let tx = tx.clone();
            let (loaded_rx, matcher) = (Arc::clone(&loaded_rx), &matcher);
            scope.spawn(move || {
                loop {
                    // The lock is held only to take a chunk (a reader
                    // that finds none waits for the loaders either way).
                    let files = match loaded_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok(files) = files else { break };
                    let mut finished = Vec::with_capacity(files.len());
                    for (i, loaded) in files {
                        if options.stop.load(Ordering::Relaxed) {
                            return;
                        }
                        finished
                            .push((i, analyse(&jobs[i], loaded, catalog, matcher, print.whole)));
                    }
                    if tx.send(finished).is_err() {
                        return;
                    }
                }
            });
        }
        drop((tx, loaded_rx));
        // Room for a first batch: a small run takes no more.
        let mut which: Vec<usize> = Vec::with_capacity(SMALL_BATCH);
        let mut rows: Vec<ArticleRow> = Vec::with_capacity(SMALL_BATCH);
        let mut done = 0;
        let mut bytes = 0;
        let mut flush = |which: &mut Vec<usize>,
                         rows: &mut Vec<ArticleRow>,
                         outcome: &mut Vec<Outcome>|
         -> Result<(), StoreError> {
            // In the jobs' (path) order, as the readers finish them only
            // nearly: new articles are numbered in path order, so that the
            // path index grows at its end and an actor's articles read by
            // number come sorted by path.
            if !which.is_sorted() {
                let mut order: Vec<(usize, ArticleRow)> =
                    which.drain(..).zip(rows.drain(..)).collect();
                order.sort_unstable_by_key(|&(i, _)| i);
                (*which, *rows) = order.into_iter().unzip();
            }
            store.write(rows)?;
            for (&i, row) in which.iter().zip(rows.iter()) {
                let same = jobs[i]
                    .known
                    .as_ref()
                    .is_some_and(|k| k.hash == row.known.hash);
                outcome[i] = Outcome::Written(same);
            }
            which.clear();
            rows.clear();
            Ok(())
        };
        for (i, row) in rx.iter().flatten() {
            done += 1;
            match row {
                Ok(row) => {
                    bytes += row.text.as_ref().map_or(0, String::len);
                    which.push(i);
                    rows.push(row);
                }
                Err(line) => {
                    outcome[i] = Outcome::Unreadable;
                    (options.warn)(line);
                }
            }
            let batch = if done <= SMALL_UNTIL {
                SMALL_BATCH
            } else {
                BATCH
            };
            if rows.len() >= batch || bytes >= BATCH_BYTES {
                flush(&mut which, &mut rows, &mut outcome)?;
                bytes = 0;
                (options.progress)(done, total);
            } else if done % PROGRESS_EVERY == 0 {
                (options.progress)(done, total);
            }
        }
        flush(&mut which, &mut rows, &mut outcome)?;
        (options.progress)(done, total);
        Ok(outcome)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaders_hold_at_most_a_quarter_of_the_files_a_process_may_open() {
        assert_eq!(files_ahead_within(u64::MAX), LOAD_CHUNK);
        assert_eq!(files_ahead_within(1024), 64);
        assert_eq!(files_ahead_within(256), 16);
        assert_eq!(files_ahead_within(24), 1);
        assert_eq!(files_ahead_within(0), 1);
        for allowed in [16, 40, 100, 500, 1024, 4096] {
            let held = files_ahead_within(allowed) * LOADERS;
            assert!(held as u64 <= allowed.div_ceil(4), "{allowed}: {held}");
        }
    }

    fn strings(alts: &[&[&str]]) -> Vec<AllOf> {
        alts.iter()
            .map(|a| a.iter().map(|t| (*t).to_string()).collect())
            .collect()
    }

    #[test]
    fn an_alias_becomes_the_words_the_full_text_index_holds() {
        let cases: &[(&str, Option<Vec<AllOf>>)] = &[
            ("fancy bear", Some(strings(&[&["fancy", "bear"]]))),
            (
                "people's republic",
                Some(strings(&[&["people", "s", "republic"]])),
            ),
            ("apt29", Some(strings(&[&["apt29"], &["apt", "29"]]))),
            ("tg-4127", Some(strings(&[&["tg", "4127"]]))),
            ("côte d'ivoire", Some(strings(&[&["d", "ivoire"]]))),
            ("strauss group", Some(strings(&[&["group"]]))),
            ("россия", None),
            ("", None),
        ];
        for (alias, expected) in cases {
            assert_eq!(&conditions(alias), expected, "{alias}");
        }
    }

    #[test]
    fn a_key_is_the_path_below_the_root_however_the_path_is_written() {
        // What the fast path must agree with: the path taken apart.
        let slow = |root: &Path, path: &Path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        let cases = [
            ("/r", "/r/a.txt"),
            ("/r", "/r/x/y/a.txt"),
            ("/r", "/r//x/a.txt"),
            ("/r", "/r/./x/a.txt"),
            ("/r", "/r/x/../a.txt"),
            ("/r", "/r/x/"),
            ("/r", "/rx/a.txt"),
            ("/r", "/elsewhere/a.txt"),
            ("/", "/a/b.txt"),
            ("/r/", "/r/a.txt"),
            ("/r", "/r"),
            ("/r", "/r/é ü.txt"),
        ];
        for (root, path) in cases {
            let (root, path) = (Path::new(root), Path::new(path));
            assert_eq!(
                key_of(root, path),
                slow(root, path),
                "{path:?} below {root:?}"
            );
        }
    }

    #[test]
    fn a_catalog_print_changes_only_for_the_actor_that_changed() {
        let load = |json: &str| {
            crate::model::Catalog::load(&[crate::model::CatalogSource {
                name: "t.json".into(),
                json: json.into(),
            }])
            .unwrap()
        };
        let a = load(
            r#"{"actors":[{"id":"x","name":"X","kind":"other"},{"id":"y","name":"Y","kind":"other"}]}"#,
        );
        let b = load(
            r#"{"actors":[{"id":"x","name":"X","kind":"other","aliases":["Ex"]},{"id":"y","name":"Y","kind":"other"}]}"#,
        );
        let (pa, pb) = (CatalogPrint::of(&a), CatalogPrint::of(&b));
        assert_eq!(pa, CatalogPrint::of(&a), "the same catalog, the same print");
        assert_eq!(CatalogPrint::whole_of(&b), pb.whole);
        assert_ne!(pa.whole, pb.whole);
        assert_eq!(pa.global, pb.global);
        assert_ne!(pa.actors[0], pb.actors[0]);
        assert_eq!(
            pa.actors[1], pb.actors[1],
            "y's comma-less last line is y's either way"
        );
        assert_eq!(pb.aliases[0], ["x", "ex"]);
    }
}
