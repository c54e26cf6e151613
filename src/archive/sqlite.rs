//! The SQLite backend of [`Store`]: one file, WAL mode, every statement
//! prepared once and cached, all of its SQL in this module
//! (docs/archive.md, Schema).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::keys::{self, Grouped, Keys};
use super::pack::{self, Packed};
use super::store::{
    AllOf, ArticleHit, ArticleRow, AttributionRow, CatalogPrint, CitedRow, Counts, Known, Listed,
    Store, StoreError, Total,
};

/// The version of the schema this aka writes: a newer one is refused, an
/// older one is built again by `aka index` ([`SqliteStore::open`]) and
/// refused, with a word to run it, by `aka query`.
/// 2: `actor_articles.mentions`, each actor's mentions packed apart.
pub const SCHEMA_VERSION: i64 = 2;

/// Every table of the schema, to drop an index of an older version.
const TABLES: &str = "
DROP TABLE IF EXISTS fulltext;
DROP TABLE IF EXISTS attributions;
DROP TABLE IF EXISTS actor_articles;
DROP TABLE IF EXISTS names;
DROP TABLE IF EXISTS actors;
DROP TABLE IF EXISTS articles;
DROP TABLE IF EXISTS meta;
";

/// The schema. `articles.mentions` packs an article's mentions
/// ([`pack`]); `actor_articles` answers "which articles mention X"
/// without unpacking anything; `fulltext` indexes the words of every
/// article without keeping them (contentless) and without positions
/// (`detail=none`), which keeps it a fraction of the text.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    catalog INTEGER NOT NULL,
    title TEXT NOT NULL,
    mentions BLOB NOT NULL,
    mention_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS actors(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS names(
    id INTEGER PRIMARY KEY,
    actor INTEGER NOT NULL,
    alias TEXT NOT NULL,
    UNIQUE(actor, alias)
);
CREATE TABLE IF NOT EXISTS actor_articles(
    actor INTEGER NOT NULL,
    article INTEGER NOT NULL,
    count INTEGER NOT NULL,
    mentions BLOB NOT NULL,
    PRIMARY KEY(actor, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attributions(
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    source TEXT NOT NULL,
    actor INTEGER,
    cue TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    via TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
    text,
    content='',
    contentless_delete=1,
    detail=none,
    tokenize='unicode61 remove_diacritics 2'
);
";

/// The indexes of `attributions`, part of the schema: those by actor and by
/// source are left out while an empty index is filled in bulk
/// ([`Store::begin_bulk`]) and made at its end by sorting, instead of one
/// scattered insert per attribution each; made at every opening for
/// writing, so that a bulk run stopped early is complete again at the
/// next.
const ATTRIBUTION_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS attributions_article ON attributions(article);
CREATE INDEX IF NOT EXISTS attributions_actor ON attributions(actor) WHERE actor IS NOT NULL;
CREATE INDEX IF NOT EXISTS attributions_source ON attributions(source COLLATE NOCASE);
";

/// How a reader that lives long reads the file ([`SqliteStore::lean`]).
const LEAN: &str = "PRAGMA mmap_size=0; PRAGMA cache_size=-8192;";

/// How a reader for one answer reads the file: through a mapping (up to
/// SQLite's 2 GB).
const MAPPED: &str = "PRAGMA mmap_size=2147418112;";

/// An index in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// The actor and name keys loaded so far.
    keys: Keys,
    /// A second connection to the same file, read only, opened by the
    /// first actor query with rows enough to share between two threads
    /// ([`SPLIT_ROWS`]), and kept for the next.
    helper: Option<Connection>,
    /// Whether the connections read without a mapping ([`Self::lean`]).
    lean: bool,
    /// From how many rows an actor query reads on two connections; never
    /// on a machine of one core.
    split_rows: Option<i64>,
}

/// An actor query with at least this many rows reads them on two
/// connections in two threads (when the machine has two cores), each
/// half of the articles by number: most of its time is SQLite looking up
/// each article's row, which the two do side by side.
const SPLIT_ROWS: i64 = 4096;

/// What the index knows of an article, from a row of `path, size, mtime,
/// hash, catalog`.
fn known_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Known> {
    Ok(Known {
        path: r.get(0)?,
        size: to_u64(r.get(1)?),
        mtime: r.get(2)?,
        hash: r.get::<_, i64>(3)?.cast_unsigned(),
        catalog: r.get::<_, i64>(4)?.cast_unsigned(),
    })
}

/// An article as the explorer lists it, from a row of `path, title,
/// mention_count`.
fn listed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Listed> {
    Ok(Listed {
        path: r.get(0)?,
        title: r.get(1)?,
        mentions: to_u64(r.get(2)?),
    })
}

/// A second connection to the file `conn` reads, read only, set up for
/// reading as `conn` is (`lean` or mapped).
fn open_again(conn: &Connection, lean: bool) -> Result<Connection, StoreError> {
    let path = conn
        .path()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| StoreError::Backend("the index has no file to open again".into()))?;
    let again = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(backend)?;
    again
        .busy_timeout(Duration::from_mins(1))
        .map_err(backend)?;
    again
        .execute_batch(if lean { LEAN } else { MAPPED })
        .map_err(backend)?;
    Ok(again)
}

/// Whether the machine has two cores or more to share a query's reading
/// between (asked once: the answer reads the system's files).
fn two_cores() -> bool {
    static TWO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
}

/// The rows `sql` finds (an article's path, date, size and title, and an
/// actor's packed mentions in it), `since` and `until` its dates and
/// `from..to` the article numbers it reads, sorted by path.
fn actor_rows(
    conn: &Connection,
    sql: &str,
    since: Option<i64>,
    until: Option<i64>,
    from: i64,
    to: i64,
) -> Result<Vec<(ArticleHit, Vec<Packed>)>, StoreError> {
    let mut stmt = conn.prepare_cached(sql).map_err(backend)?;
    let mut rows = stmt
        .query(params![since, until, from, to])
        .map_err(backend)?;
    let mut found = Vec::new();
    while let Some(r) = rows.next().map_err(backend)? {
        found.push(hit_row(r)?);
    }
    // Stable, which finds runs: an index made in one run numbers its
    // articles in path order, so the rows come nearly sorted.
    found.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(found)
}

/// An actor's article from a row of `path, mtime, size, title, mentions`
/// (the actor's packed mentions there).
fn hit_row(r: &rusqlite::Row<'_>) -> Result<(ArticleHit, Vec<Packed>), StoreError> {
    let hit = SqliteStore::head(r).map_err(backend)?;
    let packed = keys::unpack(
        r.get_ref(4)
            .and_then(|v| Ok(v.as_blob()?))
            .map_err(backend)?,
    )?;
    Ok((hit, packed))
}

/// [`hit_row`], with the keys its mentions refer to loaded.
fn hit_and_mentions(
    conn: &Connection,
    keys: &mut Keys,
    r: &rusqlite::Row<'_>,
) -> Result<(ArticleHit, Vec<Packed>), StoreError> {
    let (hit, packed) = hit_row(r)?;
    if !keys.cover(&packed) {
        load_keys(conn, keys)?;
    }
    Ok((hit, packed))
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(backend)`
fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Loads every actor and name key (a few thousand rows) into `keys`.
fn load_keys(conn: &Connection, keys: &mut Keys) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT id, key FROM actors")
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?;
    for row in rows {
        let (id, key) = row.map_err(backend)?;
        keys.add_actor(id, key);
    }
    let mut stmt = conn
        .prepare_cached("SELECT id, actor, alias FROM names")
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(backend)?;
    for row in rows {
        let (id, actor, alias) = row.map_err(backend)?;
        keys.add_name(id, actor, alias);
    }
    Ok(())
}

impl SqliteStore {
    /// Opens the index at `path`, creating it (and its schema) if needed.
    /// An index of an older schema is emptied and made anew, in one
    /// transaction: the next run of the indexer fills it again.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(backend)?;
        Self::with_connection(conn, true)
    }

    /// Opens an existing index read and write, refusing a file that is
    /// not one.
    pub fn open_existing(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .or_else(|_| {
            Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        })
        .map_err(backend)?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|_| StoreError::Schema("not an aka index".into()))?
            > 0;
        if !has_meta {
            return Err(StoreError::Schema("not an aka index".into()));
        }
        Self::with_connection(conn, false)
    }

    /// For a reader that lives long (the explorer): the file is read
    /// without a mapping and through a small page cache, so that what it
    /// reads once (every row, for the counts across the archive) does not
    /// stay in its memory; the system's file cache keeps it instead.
    pub fn lean(mut self) -> Result<Self, StoreError> {
        self.conn.execute_batch(LEAN).map_err(backend)?;
        self.lean = true;
        self.helper = None;
        Ok(self)
    }

    /// Sets the connection up and checks (or makes) the schema; an older
    /// one is made anew when `rebuild`, else refused.
    fn with_connection(conn: Connection, rebuild: bool) -> Result<Self, StoreError> {
        conn.busy_timeout(Duration::from_mins(1)).map_err(backend)?;
        // WAL: readers never wait for the writer, and a killed writer
        // leaves the last committed batch. NORMAL is safe in WAL mode
        // against a crash of aka (only a power cut may lose the last
        // batches, never the file's consistency).
        let _: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(backend)?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;")
            .map_err(backend)?;
        if rebuild {
            // The indexer moves the log into the file every 64 MB instead
            // of every 4 MB: a page its batches keep changing (the last of
            // a frequent actor's rows) is copied once per checkpoint, and
            // each checkpoint waits for the disk.
            conn.execute_batch("PRAGMA wal_autocheckpoint=16384;")
                .map_err(backend)?;
        } else {
            // A reader (`aka query`) reads through a mapping of the file
            // (up to SQLite's 2 GB): an actor query's lookups of articles
            // spread over the file then copy no page (at a million
            // articles, 45 ms of SQL for sandworm instead of 80). Not the
            // indexer: the pages it maps would count as its memory.
            conn.execute_batch(MAPPED).map_err(backend)?;
        }
        if !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            conn.execute_batch(SCHEMA)
                .and_then(|()| conn.execute_batch(ATTRIBUTION_INDEXES))
                .map_err(|e| {
                    StoreError::Schema(format!("cannot create the index's tables: {e}"))
                })?;
        }
        let stored: Option<i64> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(backend)?;
        match stored {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::Schema(format!(
                    "the index has schema version {v}, newer than this aka's ({SCHEMA_VERSION}): update aka"
                )));
            }
            Some(v) if v < SCHEMA_VERSION && rebuild => {
                // Checked again in the transaction: another indexer may
                // have made it anew (and written to it) meanwhile.
                let remake = (|| -> rusqlite::Result<()> {
                    conn.execute_batch("BEGIN IMMEDIATE")?;
                    let now: i64 =
                        conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                            r.get(0)
                        })?;
                    if now < SCHEMA_VERSION {
                        conn.execute_batch(TABLES)?;
                        conn.execute_batch(SCHEMA)?;
                        conn.execute_batch(ATTRIBUTION_INDEXES)?;
                        conn.execute(
                            "INSERT INTO meta(key, value) VALUES ('schema', ?1)",
                            [SCHEMA_VERSION],
                        )?;
                    }
                    conn.execute_batch("COMMIT")
                })();
                if let Err(e) = remake {
                    let _ = conn.execute_batch("ROLLBACK");
                    return Err(StoreError::Schema(format!(
                        "cannot build anew the index of schema version {v}: {e}"
                    )));
                }
            }
            Some(v) if v < SCHEMA_VERSION => {
                return Err(StoreError::Schema(format!(
                    "the index has schema version {v}, older than this aka's ({SCHEMA_VERSION}): \
                     run `aka index` again to build it anew"
                )));
            }
            Some(_) => {}
            None if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) => {}
            None => {
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?1)",
                    [SCHEMA_VERSION],
                )
                .map_err(backend)?;
            }
        }
        Ok(SqliteStore {
            conn,
            keys: Keys::default(),
            helper: None,
            lean: false,
            split_rows: two_cores().then_some(SPLIT_ROWS),
        })
    }

    /// Loads every actor and name key (a few thousand rows) into the caches.
    fn load_keys(&mut self) -> Result<(), StoreError> {
        load_keys(&self.conn, &mut self.keys)
    }

    fn actor_id(&self, key: &str) -> Result<Option<i64>, StoreError> {
        if let Some(&id) = self.keys.actors.get(key) {
            return Ok(Some(id));
        }
        self.conn
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(backend)
    }

    /// A mention in the caches' terms, loading keys it does not know.
    fn unpacked(&mut self, blob: &[u8]) -> Result<Vec<Packed>, StoreError> {
        let packed = keys::unpack(blob)?;
        if !self.keys.cover(&packed) {
            self.load_keys()?;
        }
        Ok(packed)
    }

    /// The id of the actor `key`, interned in `tx` if new. A key
    /// interned in a transaction that then fails must not stay in `keys`:
    /// the caller forgets them all.
    fn intern_actor(tx: &Connection, keys: &mut Keys, key: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = keys.actors.get(key) {
            return Ok(id);
        }
        // An upsert, so that two indexers interning the same actor agree.
        tx.prepare_cached("INSERT INTO actors(key) VALUES (?1) ON CONFLICT(key) DO NOTHING")?
            .execute([key])?;
        let id = tx
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        keys.add_actor(id, key.to_string());
        Ok(id)
    }

    /// The id of the name (`actor`, `alias`), interned in `tx` if new, as
    /// [`Self::intern_actor`].
    fn intern_name(
        tx: &Connection,
        keys: &mut Keys,
        actor: i64,
        alias: &str,
    ) -> rusqlite::Result<i64> {
        if let Some(id) = keys.name(actor, alias) {
            return Ok(id);
        }
        tx.prepare_cached(
            "INSERT INTO names(actor, alias) VALUES (?1, ?2) ON CONFLICT(actor, alias) DO NOTHING",
        )?
        .execute(params![actor, alias])?;
        let id: i64 = tx
            .prepare_cached("SELECT id FROM names WHERE actor = ?1 AND alias = ?2")?
            .query_row(params![actor, alias], |r| r.get(0))?;
        keys.add_name(id, actor, alias.to_string());
        Ok(id)
    }

    fn write_batch(&mut self, batch: &[ArticleRow]) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.keys.name_rows.is_empty() {
            self.load_keys()?;
        }
        let SqliteStore { conn, keys, .. } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let run = (|| -> rusqlite::Result<()> {
            // Each statement is taken from the cache once per batch, not
            // once per row (the cache hashes and compares its SQL).
            let mut find =
                tx.prepare_cached("SELECT id, mentions FROM articles WHERE path = ?1")?;
            // ON CONFLICT: another indexer may have added the path since
            // it was looked up; its row is then replaced, not duplicated.
            let mut add = tx.prepare_cached(
                "INSERT INTO articles(path, size, mtime, hash, catalog, title, mentions, \
                 mention_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT(path) DO UPDATE SET size = excluded.size, \
                 mtime = excluded.mtime, hash = excluded.hash, catalog = excluded.catalog, \
                 title = excluded.title, mentions = excluded.mentions, \
                 mention_count = excluded.mention_count RETURNING id",
            )?;
            let mut cite = tx.prepare_cached(
                "INSERT INTO attributions(article, source, actor, cue, start, end, via) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut words: Vec<(i64, &str)> = Vec::with_capacity(batch.len());
            // The batch's rows of `actor_articles`: (actor, article,
            // mentions counted, packed mentions).
            let mut rows: Vec<(i64, i64, usize, Vec<u8>)> = Vec::new();
            let mut packed: Vec<Packed> = Vec::new();
            // (actor, mention): the mentions each actor's row holds (an
            // ambiguous one in each of its candidates' rows).
            let mut pairs: Vec<(i64, usize)> = Vec::new();
            for article in batch {
                let old: Option<(i64, Vec<u8>)> = find
                    .query_row([&article.known.path], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                packed.clear();
                pairs.clear();
                for (i, m) in article.mentions.iter().enumerate() {
                    let actor = Self::intern_actor(&tx, keys, &m.actor)?;
                    let name = Self::intern_name(&tx, keys, actor, &m.alias)?;
                    let mut candidates = Vec::with_capacity(m.candidates.len());
                    for c in &m.candidates {
                        let c = Self::intern_actor(&tx, keys, c)?;
                        candidates.push(to_u64(c));
                        pairs.push((c, i));
                    }
                    pairs.push((actor, i));
                    packed.push(Packed {
                        name: to_u64(name),
                        start: m.start,
                        end: m.end,
                        candidates,
                    });
                }
                pairs.sort_unstable();
                pairs.dedup();
                let blob = pack::pack(&packed);
                let k = &article.known;
                let id = if let Some((id, old_blob)) = old {
                    let old_actors: HashSet<i64> = match pack::unpack(&old_blob) {
                        Some(old) => old
                            .iter()
                            .flat_map(|p| {
                                let mut ids: Vec<i64> =
                                    p.candidates.iter().map(|&c| to_i64(c)).collect();
                                ids.extend(keys.name_rows.get(&to_i64(p.name)).map(|(a, _)| *a));
                                ids
                            })
                            .collect(),
                        None => HashSet::new(),
                    };
                    if old_actors.is_empty() && !old_blob.is_empty() {
                        // Keys not cached (written by another indexer):
                        // remove by article, the slow way.
                        tx.prepare_cached("DELETE FROM actor_articles WHERE article = ?1")?
                            .execute([id])?;
                    }
                    for actor in old_actors {
                        tx.prepare_cached(
                            "DELETE FROM actor_articles WHERE actor = ?1 AND article = ?2",
                        )?
                        .execute([actor, id])?;
                    }
                    tx.prepare_cached("DELETE FROM attributions WHERE article = ?1")?
                        .execute([id])?;
                    if article.text.is_some() {
                        tx.prepare_cached("DELETE FROM fulltext WHERE rowid = ?1")?
                            .execute([id])?;
                    }
                    tx.prepare_cached(
                        "UPDATE articles SET size = ?2, mtime = ?3, hash = ?4, catalog = ?5, \
                         title = ?6, mentions = ?7, mention_count = ?8 WHERE id = ?1",
                    )?
                    .execute(params![
                        id,
                        to_i64(k.size),
                        k.mtime,
                        k.hash.cast_signed(),
                        k.catalog.cast_signed(),
                        article.title,
                        blob,
                        to_i64(article.mentions.len() as u64)
                    ])?;
                    id
                } else {
                    add.query_row(
                        params![
                            k.path,
                            to_i64(k.size),
                            k.mtime,
                            k.hash.cast_signed(),
                            k.catalog.cast_signed(),
                            article.title,
                            blob,
                            to_i64(article.mentions.len() as u64)
                        ],
                        |r| r.get(0),
                    )?
                };
                for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                    let blob = pack::pack_each(run.iter().map(|&(_, i)| &packed[i]));
                    rows.push((run[0].0, id, run.len(), blob));
                }
                for a in &article.attributions {
                    let actor = match &a.actor {
                        Some(key) => Some(Self::intern_actor(&tx, keys, key)?),
                        None => None,
                    };
                    cite.execute(params![
                        id,
                        a.source,
                        actor,
                        a.cue,
                        to_i64(a.start),
                        to_i64(a.end),
                        a.via
                    ])?;
                }
                if let Some(text) = &article.text {
                    words.push((id, text));
                }
            }
            // The rows of `actor_articles` in key order: an actor's rows
            // of the batch follow one another on the same pages, instead
            // of every article's visiting a dozen actors' pages in turn.
            rows.sort_unstable_by_key(|r| (r.0, r.1));
            let mut listed = tx.prepare_cached(
                "INSERT OR REPLACE INTO actor_articles(actor, article, count, mentions) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (actor, article, count, blob) in &rows {
                listed.execute(params![actor, article, to_i64(*count as u64), blob])?;
            }
            // The words last: any statement that opens a savepoint (an
            // upsert does) makes FTS5 write the words it holds as a segment
            // of their own, which it must merge later. After the other
            // statements, the whole batch's words are one segment.
            let mut insert =
                tx.prepare_cached("INSERT INTO fulltext(rowid, text) VALUES (?1, ?2)")?;
            for (id, text) in words {
                insert.execute(params![id, text])?;
            }
            Ok(())
        })();
        let done = run.and_then(|()| tx.commit());
        if done.is_err() {
            // Keys interned in the transaction are not in the file.
            *keys = Keys::default();
        }
        done.map_err(backend)
    }

    /// Whether an actor query is best answered walking the articles in
    /// path order, probing the actors' rows for each: when the actors are
    /// in so many articles that the walk finds the rows asked for (all of
    /// them, or the first `limit`) sooner than reading every one of the
    /// actors' rows and sorting them would. `list` is the actor ids. Also
    /// the actors' rows counted on the way (up to what the choice needs,
    /// and at least up to the store's `split_rows`).
    fn plan(&self, list: &str, limit: Option<usize>) -> Result<(bool, i64), StoreError> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM articles")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(backend)?;
        // Reading n rows and sorting them costs about n probes; the walk,
        // `limit` rows at a density of n / total, about limit * total / n
        // (at most total): the walk wins once n * n > limit * total, or,
        // for the whole answer, once n is a third of the articles.
        let wanted = match limit {
            Some(l) => ((l as f64) * (total as f64)).sqrt().ceil() as i64,
            None => total / 3,
        };
        let may_walk = wanted > 0 && wanted < total;
        // As far as the choices made from the count need it: none to
        // split on a machine of one core.
        let split = self.split_rows.unwrap_or(0);
        let up_to = if may_walk { wanted.max(split) } else { split };
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM actor_articles WHERE actor IN ({list}) \
                 LIMIT ?1)"
            ))
            .and_then(|mut s| s.query_row([up_to], |r| r.get(0)))
            .map_err(backend)?;
        Ok((may_walk && n >= wanted, n))
    }

    /// The lowest and highest article numbers in the rows of the actors
    /// `ids` (a look at each end of each actor's rows), if any.
    fn article_span(&self, ids: &[i64]) -> Result<Option<(i64, i64)>, StoreError> {
        let end = |sql: &str, id: i64| -> Result<Option<i64>, StoreError> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row([id], |r| r.get(0)))
                .map_err(backend)
        };
        let mut span: Option<(i64, i64)> = None;
        for &id in ids {
            let first = end(
                "SELECT min(article) FROM actor_articles WHERE actor = ?1",
                id,
            )?;
            let last = end(
                "SELECT max(article) FROM actor_articles WHERE actor = ?1",
                id,
            )?;
            if let (Some(first), Some(last)) = (first, last) {
                span = Some(span.map_or((first, last), |(f, l)| (f.min(first), l.max(last))));
            }
        }
        Ok(span)
    }

    /// An article's columns (path, mtime, size, title), without mentions.
    fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleHit> {
        Ok(ArticleHit {
            path: r.get(0)?,
            mtime: r.get(1)?,
            size: to_u64(r.get(2)?),
            title: r.get(3)?,
            mentions: Vec::new(),
        })
    }

    fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ArticleHit, Vec<u8>)> {
        Ok((
            ArticleHit {
                path: r.get(0)?,
                mtime: r.get(1)?,
                size: to_u64(r.get(2)?),
                title: r.get(3)?,
                mentions: Vec::new(),
            },
            r.get(4)?,
        ))
    }
}

impl Store for SqliteStore {
    fn known(&mut self) -> Result<Vec<Known>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, size, mtime, hash, catalog FROM articles")
            .map_err(backend)?;
        let rows = stmt.query_map([], known_row).map_err(backend)?;
        rows.collect::<Result<_, _>>().map_err(backend)
    }

    fn known_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Known>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT path, size, mtime, hash, catalog FROM articles \
                 WHERE ?1 IS NULL OR path > ?1 ORDER BY path LIMIT ?2",
            )
            .map_err(backend)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        stmt.query_map(params![after, limit], known_row)
            .and_then(Iterator::collect)
            .map_err(backend)
    }

    fn listed(&mut self, paths: &[String]) -> Result<Vec<Listed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, title, mention_count FROM articles WHERE path = ?1")
            .map_err(backend)?;
        let mut out = Vec::new();
        for path in paths {
            out.extend(
                stmt.query_map([path], listed_row)
                    .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                    .map_err(backend)?,
            );
        }
        out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn write(&mut self, batch: &[ArticleRow]) -> Result<(), StoreError> {
        self.write_batch(batch)
    }

    fn begin_bulk(&mut self) -> Result<(), StoreError> {
        // Not `attributions_article`: articles are written in the order of
        // their ids, so its entries are appended at its end, and making it
        // at the end would cost a sort while no reader has work left.
        self.conn
            .execute_batch(
                "DROP INDEX IF EXISTS attributions_actor; \
                 DROP INDEX IF EXISTS attributions_source;",
            )
            .map_err(backend)
    }

    fn end_bulk(&mut self) -> Result<(), StoreError> {
        // The sorts may use a second thread: the readers are done.
        self.conn
            .execute_batch("PRAGMA threads=2;")
            .and_then(|()| self.conn.execute_batch(ATTRIBUTION_INDEXES))
            .and_then(|()| self.conn.execute_batch("PRAGMA threads=0;"))
            .map_err(backend)
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), StoreError> {
        if self.keys.name_rows.is_empty() {
            self.load_keys()?;
        }
        let mut gone = Vec::new();
        for path in paths {
            let row: Option<(i64, Vec<u8>)> = self
                .conn
                .prepare_cached("SELECT id, mentions FROM articles WHERE path = ?1")
                .and_then(|mut s| {
                    s.query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                })
                .map_err(backend)?;
            if let Some((id, blob)) = row {
                let packed = self.unpacked(&blob)?;
                let actors: HashSet<i64> =
                    packed.iter().flat_map(|p| self.keys.counted(p)).collect();
                gone.push((id, actors));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        (|| -> rusqlite::Result<()> {
            for (id, actors) in &gone {
                for actor in actors {
                    tx.prepare_cached(
                        "DELETE FROM actor_articles WHERE actor = ?1 AND article = ?2",
                    )?
                    .execute([actor, id])?;
                }
                tx.prepare_cached("DELETE FROM attributions WHERE article = ?1")?
                    .execute([id])?;
                tx.prepare_cached("DELETE FROM fulltext WHERE rowid = ?1")?
                    .execute([id])?;
                tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?
                    .execute([id])?;
            }
            Ok(())
        })()
        .map_err(backend)?;
        tx.commit().map_err(backend)
    }

    fn catalog(&mut self) -> Result<Option<CatalogPrint>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'catalog'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(backend)?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Schema(format!("the index's catalog is damaged: {e}")))
        })
        .transpose()
    }

    fn set_catalog(&mut self, print: &CatalogPrint, from: Option<u64>) -> Result<(), StoreError> {
        let json = serde_json::to_string(print).map_err(|e| StoreError::Backend(e.to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('catalog', ?1) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [json],
        )
        .map_err(backend)?;
        if let Some(from) = from {
            tx.execute(
                "UPDATE articles SET catalog = ?2 WHERE catalog = ?1",
                [from.cast_signed(), print.whole.cast_signed()],
            )
            .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }

    fn mentioning(&mut self, actors: &[String]) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for key in actors {
            let Some(id) = self.actor_id(key)? else {
                continue;
            };
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT a.path FROM actor_articles x JOIN articles a ON a.id = x.article \
                     WHERE x.actor = ?1",
                )
                .map_err(backend)?;
            let rows = stmt.query_map([id], |r| r.get(0)).map_err(backend)?;
            for row in rows {
                out.push(row.map_err(backend)?);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn containing(&mut self, conditions: &[AllOf]) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for chunk in conditions.chunks(64) {
            let query = chunk
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let all: Vec<String> = c
                        .iter()
                        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                        .collect();
                    format!("({})", all.join(" AND "))
                })
                .collect::<Vec<_>>()
                .join(" OR ");
            if query.is_empty() {
                continue;
            }
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT a.path FROM fulltext f JOIN articles a ON a.id = f.rowid \
                     WHERE fulltext MATCH ?1",
                )
                .map_err(backend)?;
            let rows = stmt.query_map([query], |r| r.get(0)).map_err(backend)?;
            for row in rows {
                out.push(row.map_err(backend)?);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn actor(
        &mut self,
        actors: &[String],
        since: Option<i64>,
        until: Option<i64>,
        limit: Option<usize>,
        each: &mut dyn FnMut(ArticleHit) -> bool,
    ) -> Result<(), StoreError> {
        let ids = super::store::actor_ids(actors, |key| self.actor_id(key))?;
        if ids.is_empty() || limit == Some(0) {
            return Ok(());
        }
        if self.keys.name_rows.is_empty() {
            self.load_keys()?;
        }
        // The ids are this index's own integers: written in the SQL, they
        // cannot inject anything.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let filter = "(?1 IS NULL OR a.mtime >= ?1) AND (?2 IS NULL OR a.mtime < ?2)";
        let mut grouped = Grouped::new(limit);
        let (walk, counted) = self.plan(&list, limit)?;
        if walk {
            // Walk the articles in path order, each looked for in the
            // actors' rows: the first rows come at once, and a limit stops
            // the walk.
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT a.path, a.mtime, a.size, a.title, x.mentions \
                     FROM articles a CROSS JOIN actor_articles x \
                     ON x.actor IN ({list}) AND x.article = a.id \
                     WHERE {filter} ORDER BY a.path"
                ))
                .map_err(backend)?;
            let mut rows = stmt.query(params![since, until]).map_err(backend)?;
            while let Some(r) = rows.next().map_err(backend)? {
                let (hit, packed) = hit_and_mentions(&self.conn, &mut self.keys, r)?;
                if !grouped.push(&self.keys, hit, packed, each) {
                    return Ok(());
                }
            }
        } else {
            // Few articles: read the actors' rows (one range scan each),
            // on two connections when they are many, then sort them by
            // path.
            let sql = format!(
                "SELECT a.path, a.mtime, a.size, a.title, x.mentions \
                 FROM actor_articles x JOIN articles a ON a.id = x.article \
                 WHERE x.actor IN ({list}) AND x.article >= ?3 AND x.article < ?4 AND {filter}"
            );
            let on_file = self.conn.path().is_some_and(|p| !p.is_empty());
            let span = if on_file && self.split_rows.is_some_and(|n| counted >= n) {
                self.article_span(&ids)?
            } else {
                None
            };
            let mut found = if let Some((first, last)) = span {
                let middle = first.midpoint(last);
                let SqliteStore {
                    conn, helper, lean, ..
                } = &mut *self;
                let helper = match helper {
                    Some(helper) => helper,
                    None => helper.insert(open_again(conn, *lean)?),
                };
                let sql = &sql;
                let (low, high) = std::thread::scope(|s| {
                    let high =
                        s.spawn(move || actor_rows(helper, sql, since, until, middle, i64::MAX));
                    let low = actor_rows(conn, sql, since, until, i64::MIN, middle);
                    (low, high.join())
                });
                let mut rows = low?;
                rows.extend(
                    high.map_err(|_| StoreError::Backend("a reader thread failed".into()))??,
                );
                rows
            } else {
                actor_rows(&self.conn, &sql, since, until, i64::MIN, i64::MAX)?
            };
            if !found.iter().all(|(_, packed)| self.keys.cover(packed)) {
                self.load_keys()?;
            }
            // Each half is sorted: the two runs are merged.
            found.sort_by(|a, b| a.0.path.cmp(&b.0.path));
            for (hit, packed) in found {
                if !grouped.push(&self.keys, hit, packed, each) {
                    return Ok(());
                }
            }
        }
        grouped.finish(&self.keys, each);
        Ok(())
    }

    fn source(&mut self, actor: Option<&str>, words: &str) -> Result<Vec<CitedRow>, StoreError> {
        const COLUMNS: &str = "SELECT a.path, a.mtime, a.size, t.source, t.actor, t.cue, \
                               t.start, t.end, t.via FROM attributions t \
                               JOIN articles a ON a.id = t.article";
        let actor_id = match actor {
            Some(key) => self.actor_id(key)?,
            None => None,
        };
        if self.keys.actor_keys.is_empty() {
            self.load_keys()?;
        }
        let mut stmt = if actor.is_some() {
            self.conn.prepare_cached(&format!(
                "{COLUMNS} WHERE t.actor = ?1 ORDER BY a.path, t.start"
            ))
        } else {
            self.conn.prepare_cached(&format!(
                "{COLUMNS} WHERE t.source = ?1 COLLATE NOCASE ORDER BY a.path, t.start"
            ))
        }
        .map_err(backend)?;
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(CitedRow, Option<i64>)> {
            Ok((
                CitedRow {
                    path: r.get(0)?,
                    mtime: r.get(1)?,
                    size: to_u64(r.get(2)?),
                    attribution: AttributionRow {
                        source: r.get(3)?,
                        actor: None,
                        cue: r.get(5)?,
                        start: to_u64(r.get(6)?),
                        end: to_u64(r.get(7)?),
                        via: r.get(8)?,
                    },
                },
                r.get(4)?,
            ))
        };
        let rows: Vec<(CitedRow, Option<i64>)> = if actor.is_some() {
            match actor_id {
                Some(id) => stmt.query_map([id], row),
                None => return Ok(Vec::new()),
            }
        } else {
            stmt.query_map([words], row)
        }
        .and_then(Iterator::collect)
        .map_err(backend)?;
        drop(stmt);
        Ok(rows
            .into_iter()
            .map(|(mut c, actor)| {
                c.attribution.actor = actor.and_then(|id| self.keys.actor_keys.get(&id).cloned());
                c
            })
            .collect())
    }

    fn with(&mut self, actor: &str, limit: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(Vec::new());
        };
        let blobs: Vec<Vec<u8>> = self
            .conn
            .prepare_cached(
                "SELECT a.mentions FROM actor_articles x JOIN articles a ON a.id = x.article \
                 WHERE x.actor = ?1",
            )
            .and_then(|mut s| s.query_map([id], |r| r.get(0))?.collect())
            .map_err(backend)?;
        let mut counts: HashMap<i64, u64> = HashMap::new();
        let mut seen: HashSet<i64> = HashSet::new();
        for blob in blobs {
            let packed = self.unpacked(&blob)?;
            seen.clear();
            for p in &packed {
                self.keys.each_counted(p, |a| {
                    seen.insert(a);
                });
            }
            for &a in &seen {
                if a != id {
                    *counts.entry(a).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(String, u64)> = counts
            .into_iter()
            .filter_map(|(a, n)| self.keys.actor_keys.get(&a).map(|k| (k.clone(), n)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(limit);
        Ok(out)
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<ArticleHit>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.path, a.mtime, a.size, a.title, x'' FROM fulltext f \
                 JOIN articles a ON a.id = f.rowid WHERE fulltext MATCH ?1 \
                 ORDER BY f.rank, a.path LIMIT ?2",
            )
            .map_err(backend)?;
        // The statement is fixed and its one text is the query: a plain
        // SQLITE_ERROR ("unterminated string", "fts5: syntax error near")
        // is the query's, for the user to fix; any other code (a locked or
        // damaged file) is the backend's.
        let bad_query = |e: rusqlite::Error| match &e {
            rusqlite::Error::SqliteFailure(f, Some(msg)) if f.extended_code == 1 => {
                StoreError::Query(msg.strip_prefix("fts5: ").unwrap_or(msg).to_string())
            }
            _ => backend(e),
        };
        stmt.query_map(
            params![query, i64::try_from(limit).unwrap_or(i64::MAX)],
            Self::hit,
        )
        .and_then(|rows| rows.map(|r| r.map(|(hit, _)| hit)).collect())
        .map_err(bad_query)
    }

    fn knows(&mut self, actor: &str) -> Result<bool, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(false);
        };
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM actor_articles WHERE actor = ?1)")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)))
            .map_err(backend)
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM articles), \
                 (SELECT coalesce(sum(mention_count), 0) FROM articles), \
                 (SELECT count(*) FROM attributions)",
                [],
                |r| {
                    Ok(Counts {
                        articles: to_u64(r.get(0)?),
                        mentions: to_u64(r.get(1)?),
                        attributions: to_u64(r.get(2)?),
                    })
                },
            )
            .map_err(backend)
    }
    fn article_count(&mut self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(to_u64)
            .map_err(backend)
    }

    fn listing(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Listed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT path, title, mention_count FROM articles \
                 WHERE ?1 IS NULL OR path > ?1 ORDER BY path LIMIT ?2",
            )
            .map_err(backend)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        stmt.query_map(params![after, limit], listed_row)
            .and_then(Iterator::collect)
            .map_err(backend)
    }

    fn totals(&mut self) -> Result<Vec<Total>, StoreError> {
        // `actor_articles` is keyed by (actor, article): one pass in key
        // order, no sorting.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT k.key, t.articles, t.mentions FROM \
                 (SELECT actor, count(*) AS articles, sum(count) AS mentions \
                  FROM actor_articles GROUP BY actor) t \
                 JOIN actors k ON k.id = t.actor",
            )
            .map_err(backend)?;
        stmt.query_map([], |r| {
            Ok(Total {
                actor: r.get(0)?,
                articles: to_u64(r.get(1)?),
                mentions: to_u64(r.get(2)?),
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(backend)
    }

    fn articles_of(&mut self, actor: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.path, x.count FROM actor_articles x \
                 JOIN articles a ON a.id = x.article WHERE x.actor = ?1",
            )
            .map_err(backend)?;
        let mut out: Vec<(String, u64)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, to_u64(r.get(1)?))))
            .and_then(|rows| rows.collect())
            .map_err(backend)?;
        out.sort_unstable();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::store::{MentionRow, actor_hits};

    fn article(path: &str, text: &str, mentions: &[(&str, &str, u64, u64)]) -> ArticleRow {
        ArticleRow {
            known: Known {
                path: path.into(),
                size: text.len() as u64,
                mtime: 1_000,
                hash: super::super::store::content_hash(text.as_bytes()),
                catalog: 7,
            },
            title: text.lines().next().unwrap_or("").into(),
            text: Some(text.into()),
            mentions: mentions
                .iter()
                .map(|&(actor, alias, start, end)| MentionRow {
                    actor: actor.into(),
                    alias: alias.into(),
                    start,
                    end,
                    candidates: Vec::new(),
                })
                .collect(),
            attributions: vec![AttributionRow {
                source: "Mr. Smith".into(),
                actor: None,
                cue: "said".into(),
                start: 0,
                end: 4,
                via: None,
            }],
        }
    }

    /// The words SQLite's full-text table holds for each of `texts` (row
    /// by row), with its tokenizer, as `fts5vocab` lists them.
    fn fulltext_words(texts: &[String]) -> Vec<Vec<String>> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE v USING fts5vocab(fulltext, 'row');")
            .unwrap();
        texts
            .iter()
            .map(|t| {
                conn.execute("DELETE FROM fulltext", []).unwrap();
                conn.execute("INSERT INTO fulltext(rowid, text) VALUES (1, ?1)", [t])
                    .unwrap();
                let mut stmt = conn.prepare("SELECT term FROM v ORDER BY term").unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<Vec<String>, _>>()
                    .unwrap()
            })
            .collect()
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The full-text index holds the same words whether it is given
        /// the whole text or each of its pieces once.
        #[test]
        fn the_distinct_pieces_of_a_text_give_the_full_text_index_its_words(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "The", "the", "THE", "U.S.", "u.s", "APT-29", "apt29", "said,",
                        "said", "“Sandworm”", "Düsseldorf", "dusseldorf", "e-mail:",
                        "x@y.org", "http://a.b/c?d=1", "‘hackers’", "l’état", "ß", "İ",
                        "中文", "😀", "-5", "5.0", "\u{301}e", "a\u{301}",
                    ]).prop_map(str::to_string),
                    "[a-zA-Z0-9.,;:'\"()\u{e9}\u{2019}\u{a0}-]{1,8}",
                ],
                0..40,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "  ", "\n", "\t", "\u{a0}", "\r\n", "\u{2028}"]),
                40,
            ),
        ) {
            let mut text = String::new();
            for (p, sep) in pieces.iter().zip(&seps) {
                text.push_str(p);
                text.push_str(sep);
            }
            let distinct = crate::archive::store::distinct_words(&text);
            let words = fulltext_words(&[text.clone(), distinct.clone()]);
            proptest::prop_assert_eq!(&words[0], &words[1], "{:?} / {:?}", text, distinct);
        }
    }

    #[test]
    fn the_distinct_pieces_of_an_article_are_each_piece_once_in_order() {
        let text = "Sandworm hit.  Sandworm hit\nthe grid; the  grid held.";
        assert_eq!(
            crate::archive::store::distinct_words(text),
            "Sandworm hit. hit the grid; grid held."
        );
        let words = fulltext_words(&[text.to_string()]);
        assert_eq!(words[0], ["grid", "held", "hit", "sandworm", "the"]);
    }

    #[test]
    fn an_actor_query_answers_the_same_in_path_order_or_sorted_and_within_a_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("i.sqlite")).unwrap();
        // Written out of path order, in two batches: ids are not in path
        // order. `common` is in most articles (walked in path order),
        // `rare` in few (read and sorted); one mention is ambiguous.
        let mut rows = Vec::new();
        for i in (0..40u64).rev() {
            let mut mentions = vec![
                ("common", "Common", 0, 6),
                ("common", "Com", 10 + i, 13 + i),
            ];
            if i % 7 == 0 {
                mentions.push(("rare", "Rare", 60, 64));
            }
            if i % 4 == 0 {
                mentions.truncate(1);
            }
            let mut a = article(
                &format!("{:02}/{i}.txt", i % 9),
                "Common and Rare.",
                &mentions,
            );
            if i == 14 {
                a.mentions[0].candidates = vec!["common".into(), "rare".into()];
            }
            a.known.mtime = i64::try_from(i).unwrap() * 100;
            rows.push(a);
        }
        store.write(&rows[..17]).unwrap();
        store.write(&rows[17..]).unwrap();
        // Read on one connection, then on two (each half of the articles
        // by number), read again from the start (keys not loaded) or not.
        for (split_rows, fresh, actors, since) in [None, Some(1)]
            .into_iter()
            .flat_map(|split| [(split, false), (split, true)])
            .flat_map(|(split, fresh)| {
                [
                    (vec!["common"], None),
                    (vec!["rare"], None),
                    (vec!["rare", "common"], None),
                    (vec!["common"], Some(2_000)),
                ]
                .map(|(actors, since)| (split, fresh, actors, since))
            })
        {
            if fresh {
                store = SqliteStore::open_existing(&dir.path().join("i.sqlite")).unwrap();
            }
            store.split_rows = split_rows;
            let ids: Vec<String> = actors.iter().map(|a| (*a).to_string()).collect();
            let mut expected: Vec<&ArticleRow> = rows
                .iter()
                .filter(|r| since.is_none_or(|s| r.known.mtime >= s))
                .filter(|r| {
                    r.mentions.iter().any(|m| {
                        ids.contains(&m.actor) || m.candidates.iter().any(|c| ids.contains(c))
                    })
                })
                .collect();
            expected.sort_by(|a, b| a.known.path.cmp(&b.known.path));
            let hits = actor_hits(&mut store, &ids, since, None).unwrap();
            if split_rows.is_some() && !actors.contains(&"common") {
                assert!(store.helper.is_some(), "{actors:?} read on two connections");
            }
            assert_eq!(
                hits.iter().map(|h| h.path.as_str()).collect::<Vec<_>>(),
                expected
                    .iter()
                    .map(|r| r.known.path.as_str())
                    .collect::<Vec<_>>(),
                "{actors:?}"
            );
            for (hit, row) in hits.iter().zip(&expected) {
                let wanted: Vec<&MentionRow> = row
                    .mentions
                    .iter()
                    .filter(|m| {
                        ids.contains(&m.actor) || m.candidates.iter().any(|c| ids.contains(c))
                    })
                    .collect();
                assert_eq!(
                    hit.mentions.iter().collect::<Vec<_>>(),
                    wanted,
                    "{actors:?}"
                );
            }
            let all: Vec<(String, MentionRow)> = hits
                .iter()
                .flat_map(|h| h.mentions.iter().map(|m| (h.path.clone(), m.clone())))
                .collect();
            for limit in 0..=all.len() + 1 {
                let mut got = Vec::new();
                store
                    .actor(&ids, since, None, Some(limit), &mut |h| {
                        got.extend(h.mentions.iter().map(|m| (h.path.clone(), m.clone())));
                        true
                    })
                    .unwrap();
                assert_eq!(got, all[..limit.min(all.len())], "{actors:?} limit {limit}");
            }
            // Stopped by the caller after the first article.
            let mut seen = 0;
            store
                .actor(&ids, since, None, None, &mut |_| {
                    seen += 1;
                    false
                })
                .unwrap();
            assert_eq!(seen, usize::from(!hits.is_empty()), "{actors:?}");
        }
    }

    #[test]
    fn an_actor_query_on_two_connections_answers_while_another_indexer_writes() {
        use std::sync::atomic::Ordering::SeqCst;
        use std::sync::atomic::{AtomicBool, AtomicUsize};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.sqlite");
        // One article in four mentions `rare` (too few to be walked in
        // path order: read by number, on two connections), once or twice;
        // the later articles are written in batches while the reader asks.
        let rows: Vec<ArticleRow> = (0..400u64)
            .map(|i| {
                let mut mentions = vec![("common", "Common", 0, 6)];
                if i % 4 == 0 {
                    mentions.push(("rare", "Rare", 11, 15));
                }
                if i % 8 == 0 {
                    mentions.push(("rare", "Rare", 20, 24));
                }
                article(
                    &format!("{i:03}.txt"),
                    "Common and Rare or Rare.",
                    &mentions,
                )
            })
            .collect();
        let mut writer = SqliteStore::open(&path).unwrap();
        writer.write(&rows[..100]).unwrap();
        let mut reader = SqliteStore::open_existing(&path).unwrap();
        reader.split_rows = Some(1);
        let (done, answered) = (AtomicBool::new(false), AtomicUsize::new(0));
        // Articles are only added, in path order: whatever moment each
        // half reads, an answer is the first n articles of `rare`, whole,
        // each once, in path order (none lost where the halves meet).
        let wrong = |hits: &[ArticleHit]| -> Option<String> {
            if !(25..=100).contains(&hits.len()) {
                return Some(format!("{} articles", hits.len()));
            }
            hits.iter().enumerate().find_map(|(n, hit)| {
                let due = format!("{:03}.txt", 4 * n);
                let mentions = if n % 2 == 0 { 2 } else { 1 };
                (hit.path != due || hit.mentions.len() != mentions).then(|| {
                    format!(
                        "{} ({} mentions) where {due} was due",
                        hit.path,
                        hit.mentions.len()
                    )
                })
            })
        };
        let mut problems = Vec::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                let written = rows[100..]
                    .chunks(15)
                    .enumerate()
                    .try_for_each(|(k, batch)| {
                        // Each batch once the reader has answered k + 1
                        // times (the first time on the first 100 articles
                        // alone): its answers fall between the writes and
                        // across them.
                        while answered.load(SeqCst) <= k {
                            std::thread::yield_now();
                        }
                        writer.write(batch)
                    });
                done.store(true, SeqCst);
                written.unwrap();
            });
            while !done.load(SeqCst) {
                match actor_hits(&mut reader, &["rare".into()], None, None) {
                    Ok(hits) => problems.extend(wrong(&hits)),
                    Err(e) => problems.push(e.to_string()),
                }
                answered.fetch_add(1, SeqCst);
            }
        });
        assert_eq!(problems, Vec::<String>::new());
        assert!(answered.load(SeqCst) >= 20, "asked while the writer wrote");
        assert!(reader.helper.is_some(), "read on two connections");
        let hits = actor_hits(&mut reader, &["rare".into()], None, None).unwrap();
        assert_eq!(hits.len(), 100);
        assert_eq!(wrong(&hits), None);
    }

    #[test]
    fn an_index_of_an_older_schema_is_refused_for_reading_and_made_anew_for_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.sqlite");
        let fancy = article("a.txt", "Fancy Bear.", &[("apt28", "Fancy Bear", 0, 10)]);
        let mut store = SqliteStore::open(&path).unwrap();
        store.write(std::slice::from_ref(&fancy)).unwrap();
        drop(store);
        // As version 1 left it: no mentions in `actor_articles`.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE meta SET value = 1 WHERE key = 'schema'; \
             ALTER TABLE actor_articles DROP COLUMN mentions;",
        )
        .unwrap();
        drop(conn);
        let Err(StoreError::Schema(e)) = SqliteStore::open_existing(&path) else {
            panic!("an old index opened for reading")
        };
        assert!(e.contains("run `aka index`") && !e.contains('\n'), "{e}");
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.counts().unwrap().articles, 0, "made anew, empty");
        assert_eq!(store.catalog().unwrap(), None);
        store.write(std::slice::from_ref(&fancy)).unwrap();
        drop(store);
        let mut store = SqliteStore::open_existing(&path).unwrap();
        assert_eq!(
            actor_hits(&mut store, &["apt28".into()], None, None)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn an_article_written_twice_is_one_article_and_deleting_it_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("i.sqlite")).unwrap();
        let a = article(
            "a.txt",
            "Fancy Bear struck.",
            &[("apt28", "Fancy Bear", 0, 10)],
        );
        let b = article(
            "b.txt",
            "APT28 and Sandworm.",
            &[("apt28", "APT28", 0, 5), ("sandworm", "Sandworm", 10, 18)],
        );
        store.write(&[a.clone(), b]).unwrap();
        store.write(std::slice::from_ref(&a)).unwrap();
        let counts = store.counts().unwrap();
        assert_eq!(
            (counts.articles, counts.mentions, counts.attributions),
            (2, 3, 2)
        );
        let hits = actor_hits(&mut store, &["apt28".into()], None, None).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.path.as_str()).collect::<Vec<_>>(),
            ["a.txt", "b.txt"]
        );
        assert_eq!(hits[1].mentions.len(), 1, "only apt28's mentions");
        assert_eq!(
            store.with("apt28", 10).unwrap(),
            [("sandworm".to_string(), 1)]
        );
        assert_eq!(store.search("struck", 10).unwrap()[0].path, "a.txt");
        assert_eq!(
            store.containing(&[vec!["sandworm".into()]]).unwrap(),
            ["b.txt"]
        );
        assert_eq!(store.source(None, "mr. SMITH").unwrap().len(), 2);
        store
            .delete(&["a.txt".into(), "nowhere.txt".into()])
            .unwrap();
        assert_eq!(store.counts().unwrap().articles, 1);
        assert!(store.search("struck", 10).unwrap().is_empty());
        assert_eq!(store.mentioning(&["apt28".into()]).unwrap(), ["b.txt"]);
        let bad = store.search("\"unclosed", 10).unwrap_err();
        assert!(matches!(bad, StoreError::Query(_)), "{bad:?}");
        // No positions are kept (detail=none): a phrase is refused, in words.
        let phrase = store.search("\"fancy bear\"", 10).unwrap_err();
        assert!(
            matches!(&phrase, StoreError::Query(q) if q.contains("phrase")),
            "{phrase:?}"
        );
    }
}
