//! `aka query`: answers from the archive index without reading the corpus
//! (docs/archive.md, Querying): an actor's articles and mentions, the
//! sentences a source is cited for, the actors mentioned beside an actor,
//! a full-text search. Rows are TSV (escaped as [`tsv::escape`] does) or
//! JSON Lines.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgGroup, Args};
use serde::Serialize;

use super::index::{cached_target, local_target, named_target};
use super::{CatalogArgs, finish_output, format_parser, report_error, report_warning, row_format};
use crate::archive::Target;
use crate::archive::store::{ArticleHit, CatalogPrint, Store, StoreError};
use crate::formats::{Format, tsv};
use crate::model::{Catalog, Document};

/// Examples shown by `aka query --help`.
pub const EXAMPLES: &str = "\
Examples:
  aka query sandworm                         articles and mentions of an actor, any alias
  aka query \"Fancy Bear\" --since 2024-03-01  … modified since March 2024
  aka query --source \"Mr. Smith\"             the sentences a source is cited for
  aka query --with apt28                     the actors most often in the same articles
  aka query --search \"ransomware AND hospital\" full-text search
  aka query apt28 --db ~/notes.sqlite        another index";

/// The formats `aka query` writes.
const QUERY_FORMATS: [Format; 2] = [Format::Jsonl, Format::Tsv];

/// Arguments of `aka query`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["actor", "source", "with", "search"])))]
pub struct QueryArgs {
    /// An actor (its id, name or any alias): its articles and mentions.
    #[arg(value_name = "ACTOR")]
    pub actor: Option<String>,
    /// The sentences a source is cited for: an actor (id, name or alias)
    /// or the words that name it (`Mr. Smith`).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// The actors most often mentioned in the same articles as ACTOR.
    #[arg(long, value_name = "ACTOR")]
    pub with: Option<String>,
    /// Full-text search: words (all must occur), `OR`, `NOT`, `word*`.
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
    /// Only articles whose file was modified on or after this day (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub since: Option<i64>,
    /// Only articles whose file was modified on or before this day (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub until: Option<i64>,
    /// At most this many rows: for ACTOR (every mention by default),
    /// --with (20) and --search (50).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format [default: tsv on a terminal, jsonl otherwise].
    #[arg(long, value_parser = format_parser(&QUERY_FORMATS))]
    pub format: Option<Format>,
    /// The index [default: ./.aka/index.sqlite, else the current folder's
    /// index in the cache folder].
    #[arg(long, value_name = "TARGET")]
    pub db: Option<PathBuf>,
}

const NANOS_PER_DAY: i64 = 86_400 * 1_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses `YYYY-MM-DD` into nanoseconds since the epoch at its midnight UTC.
fn parse_day(s: &str) -> Result<i64, String> {
    let bad = || format!("\"{s}\" is no date: write YYYY-MM-DD");
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<i64>(), d.parse::<i64>()) else {
        return Err(bad());
    };
    let days = days_from_civil(y, m, d);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || civil_from_days(days) != (y, m, d) {
        return Err(bad());
    }
    Ok(days * NANOS_PER_DAY)
}

/// The day (UTC) of a time in nanoseconds since the epoch.
fn day_of(nanos: i64) -> String {
    let (y, m, d) = civil_from_days(nanos.div_euclid(NANOS_PER_DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The index to read and the folder its paths are relative to.
fn target(args: &QueryArgs) -> Result<(Target, PathBuf), String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
    if let Some(db) = &args.db {
        return named_target(db, cwd);
    }
    let canon = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let local = local_target(&canon);
    if local.exists() {
        return Ok((Target::File(local), canon));
    }
    if let Some(cached) = cached_target(&canon).filter(|c| c.exists()) {
        return Ok((Target::File(cached), canon));
    }
    Err(format!(
        "{}: no index here: build one with `aka index .`, or give --db FILE",
        local.display()
    ))
}

/// The catalog ids an ACTOR argument stands for: an id, else a name, else
/// an alias (case-insensitively); several actors sharing an alias are an
/// error naming them. A name no catalog knows is looked up in the index
/// as an id.
fn resolve(catalog: &Catalog, name: &str) -> Result<String, String> {
    if catalog.get(name).is_some() {
        return Ok(name.to_string());
    }
    let folded = name.to_lowercase();
    let by_name: Vec<&str> = catalog
        .actors()
        .iter()
        .filter(|a| a.name.to_lowercase() == folded || a.id.to_lowercase() == folded)
        .map(|a| a.id.as_str())
        .collect();
    let found = if by_name.is_empty() {
        catalog
            .actors()
            .iter()
            .filter(|a| a.aliases.iter().any(|x| x.text.to_lowercase() == folded))
            .map(|a| a.id.as_str())
            .collect()
    } else {
        by_name
    };
    match found.as_slice() {
        [] => Ok(name.to_string()),
        [one] => Ok((*one).to_string()),
        many => Err(format!(
            "\"{name}\" names {} actors: {}; give an id",
            many.len(),
            many.join(", ")
        )),
    }
}

/// Why a query has no answer.
enum Failure {
    /// The index failed, or refused a full-text query.
    Store(StoreError),
    /// The actor asked for is unknown or ambiguous.
    Actor(String),
}

/// What is said of an actor neither the catalog nor the index knows.
fn unknown(name: &str) -> String {
    format!(
        "no actor \"{name}\": neither the catalog (an id, name or alias) nor the index knows it"
    )
}

/// One mention of `aka query ACTOR`.
#[derive(Serialize)]
struct MentionOut<'a> {
    path: &'a str,
    date: String,
    title: &'a str,
    actor: &'a str,
    alias: &'a str,
    start: u64,
    end: u64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'a [String],
}

/// One attribution of `aka query --source`.
#[derive(Serialize)]
struct SourceOut<'a> {
    path: &'a str,
    date: String,
    source: &'a str,
    actor: Option<&'a str>,
    cue: &'a str,
    sentence: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
}

/// One actor of `aka query --with`.
#[derive(Serialize)]
struct WithOut<'a> {
    actor: &'a str,
    name: &'a str,
    articles: u64,
}

/// One article of `aka query --search`.
#[derive(Serialize)]
struct HitOut<'a> {
    path: &'a str,
    date: String,
    title: &'a str,
}

fn jsonl(out: &mut impl Write, row: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, row)?;
    out.write_all(b"\n")
}

/// Runs `aka query`.
pub fn run(args: &QueryArgs, catalogs: &CatalogArgs) -> ExitCode {
    let catalog = match catalogs.load() {
        Ok(c) => c,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let (db, root) = match target(args) {
        Ok(t) => t,
        Err(e) => {
            report_error(e);
            return ExitCode::from(1);
        }
    };
    let mut store = match db.open_existing() {
        Ok(s) => s,
        Err(e) => {
            report_error(format_args!("{db}: {e}"));
            return ExitCode::from(1);
        }
    };
    match store.catalog() {
        Ok(Some(print)) if print.whole != CatalogPrint::whole_of(&catalog) => {
            report_warning(format_args!(
                "{db}: the index was built with another catalog: its mentions are that catalog's \
                 (run `aka index` to match them again)"
            ));
        }
        Ok(_) => {}
        Err(e) => {
            report_error(format_args!("{db}: {e}"));
            return ExitCode::from(1);
        }
    }
    let format = row_format(args.format);
    let out = BufWriter::new(io::stdout().lock());
    let result = answer(args, &catalog, store.as_mut(), &root, format, out);
    match result {
        Ok(Ok(())) => finish_output(Ok(ExitCode::SUCCESS)),
        Ok(Err(e)) => {
            report_error(match e {
                Failure::Store(StoreError::Query(q)) => format!("--search: {q}"),
                Failure::Store(other) => format!("{db}: {other}"),
                Failure::Actor(e) => e,
            });
            ExitCode::from(1)
        }
        Err(e) => finish_output(Err(e)),
    }
}

/// The header of `aka query ACTOR` in TSV.
const MENTION_HEADER: &[u8] = b"path\tdate\tstart\tend\tactor\talias\ttitle\n";

/// The rows of one article of `aka query ACTOR`, after the TSV header when
/// `first`.
fn mention_rows(out: &mut impl Write, hit: &ArticleHit, tsv: bool, first: bool) -> io::Result<()> {
    if tsv && first {
        out.write_all(MENTION_HEADER)?;
    }
    let date = day_of(hit.mtime);
    for m in &hit.mentions {
        if tsv {
            let joined;
            let actor = if m.candidates.is_empty() {
                &m.actor
            } else {
                joined = m.candidates.join(",");
                &joined
            };
            writeln!(
                out,
                "{}\t{date}\t{}\t{}\t{}\t{}\t{}",
                tsv::escape(&hit.path),
                m.start,
                m.end,
                tsv::escape(actor),
                tsv::escape(&m.alias),
                tsv::escape(&hit.title)
            )?;
        } else {
            jsonl(
                &mut *out,
                &MentionOut {
                    path: &hit.path,
                    date: date.clone(),
                    title: &hit.title,
                    actor: &m.actor,
                    alias: &m.alias,
                    start: m.start,
                    end: m.end,
                    candidates: &m.candidates,
                },
            )?;
        }
    }
    Ok(())
}

/// Writes the answer; the outer error is output's, the inner the store's.
fn answer(
    args: &QueryArgs,
    catalog: &Catalog,
    store: &mut dyn Store,
    root: &Path,
    format: Format,
    mut out: impl Write,
) -> io::Result<Result<(), Failure>> {
    let tsv = format == Format::Tsv;
    let resolved = |name: &str| resolve(catalog, name);
    if let Some(actor) = &args.actor {
        let id = match resolved(actor) {
            Ok(id) => id,
            Err(e) => return Ok(Err(Failure::Actor(e))),
        };
        let until = args.until.map(|u| u + NANOS_PER_DAY);
        // Rows are written as the store hands them on: the first before
        // the whole answer is read.
        let mut any = false;
        let mut written: io::Result<()> = Ok(());
        let asked = store.actor(
            std::slice::from_ref(&id),
            args.since,
            until,
            args.limit,
            &mut |hit| {
                let first = !any;
                any = true;
                written = mention_rows(&mut out, &hit, tsv, first);
                written.is_ok()
            },
        );
        written?;
        if let Err(e) = asked {
            return Ok(Err(Failure::Store(e)));
        }
        if !any {
            if catalog.get(&id).is_none() && !store.knows(&id).unwrap_or(false) {
                return Ok(Err(Failure::Actor(unknown(actor))));
            }
            if tsv {
                out.write_all(MENTION_HEADER)?;
            }
        }
    } else if let Some(source) = &args.source {
        let actor = resolve(catalog, source)
            .ok()
            .filter(|id| catalog.get(id).is_some());
        let rows = match store.source(actor.as_deref(), source) {
            Ok(r) => r,
            Err(e) => return Ok(Err(Failure::Store(e))),
        };
        if tsv {
            out.write_all(b"path\tdate\tsource\tactor\tcue\tsentence\tvia\n")?;
        }
        let mut texts: HashMap<String, Option<Document>> = HashMap::new();
        for row in &rows {
            let doc = texts
                .entry(row.path.clone())
                .or_insert_with(|| read_back(root, &row.path, row.size, row.mtime));
            let a = &row.attribution;
            let sentence = doc
                .as_ref()
                .and_then(|d| {
                    d.text()
                        .get(usize::try_from(a.start).ok()?..usize::try_from(a.end).ok()?)
                })
                .unwrap_or("");
            let date = day_of(row.mtime);
            if tsv {
                writeln!(
                    out,
                    "{}\t{date}\t{}\t{}\t{}\t{}\t{}",
                    tsv::escape(&row.path),
                    tsv::escape(&a.source),
                    tsv::escape(a.actor.as_deref().unwrap_or("")),
                    tsv::escape(&a.cue),
                    tsv::escape(sentence),
                    a.via.as_deref().unwrap_or("")
                )?;
            } else {
                jsonl(
                    &mut out,
                    &SourceOut {
                        path: &row.path,
                        date,
                        source: &a.source,
                        actor: a.actor.as_deref(),
                        cue: &a.cue,
                        sentence,
                        via: a.via.as_deref(),
                    },
                )?;
            }
        }
    } else if let Some(with) = &args.with {
        let id = match resolved(with) {
            Ok(id) => id,
            Err(e) => return Ok(Err(Failure::Actor(e))),
        };
        let rows = match store.with(&id, args.limit.unwrap_or(20)) {
            Ok(r) => r,
            Err(e) => return Ok(Err(Failure::Store(e))),
        };
        if rows.is_empty() && catalog.get(&id).is_none() && !store.knows(&id).unwrap_or(false) {
            return Ok(Err(Failure::Actor(unknown(with))));
        }
        if tsv {
            out.write_all(b"actor\tname\tarticles\n")?;
        }
        for (actor, n) in &rows {
            let name = catalog.get(actor).map_or("", |a| a.name.as_str());
            if tsv {
                writeln!(out, "{}\t{}\t{n}", tsv::escape(actor), tsv::escape(name))?;
            } else {
                jsonl(
                    &mut out,
                    &WithOut {
                        actor,
                        name,
                        articles: *n,
                    },
                )?;
            }
        }
    } else if let Some(words) = &args.search {
        let hits = match store.search(words, args.limit.unwrap_or(50)) {
            Ok(h) => h,
            Err(e) => return Ok(Err(Failure::Store(e))),
        };
        if tsv {
            out.write_all(b"path\tdate\ttitle\n")?;
        }
        for hit in &hits {
            let date = day_of(hit.mtime);
            if tsv {
                writeln!(
                    out,
                    "{}\t{date}\t{}",
                    tsv::escape(&hit.path),
                    tsv::escape(&hit.title)
                )?;
            } else {
                jsonl(
                    &mut out,
                    &HitOut {
                        path: &hit.path,
                        date,
                        title: &hit.title,
                    },
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Ok(()))
}

/// The article at `root/path` as indexed, to show its sentences; `None`,
/// with a warning, when it is gone or changed since.
fn read_back(root: &Path, path: &str, size: u64, mtime: i64) -> Option<Document> {
    let file = root.join(path);
    let same = std::fs::metadata(&file).ok().is_some_and(|m| {
        m.len() == size
            && m.modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .and_then(|d| i64::try_from(d.as_nanos()).ok())
                == Some(mtime)
    });
    if !same {
        report_warning(format_args!(
            "{path}: gone or changed since it was indexed: its sentences are left empty \
             (run `aka index` again)"
        ));
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    Some(Document::from_bytes(path, bytes).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_bad_dates_are_refused() {
        assert_eq!(parse_day("1970-01-01"), Ok(0));
        assert_eq!(parse_day("1970-01-02"), Ok(NANOS_PER_DAY));
        let t = parse_day("2024-02-29").unwrap();
        assert_eq!(day_of(t), "2024-02-29");
        assert_eq!(day_of(t + NANOS_PER_DAY - 1), "2024-02-29");
        assert_eq!(day_of(-1), "1969-12-31");
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "yesterday",
            "2024-01-01-01",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }
}
