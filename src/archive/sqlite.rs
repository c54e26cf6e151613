//! The SQLite backend of [`Store`]: one file, WAL mode, every statement
//! prepared once and cached, all of its SQL in this module
//! (docs/archive.md, Schema).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::keys::{self, Keys};
use super::pack::{self, Packed};
use super::store::{
    AllOf, ArticleHit, ArticleRow, AttributionRow, CatalogPrint, CitedRow, Counts, Known, Listed,
    Store, StoreError, Total,
};

/// The version of the schema this aka writes; a newer one is refused.
const SCHEMA_VERSION: i64 = 1;

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
CREATE INDEX IF NOT EXISTS attributions_article ON attributions(article);
CREATE INDEX IF NOT EXISTS attributions_actor ON attributions(actor) WHERE actor IS NOT NULL;
CREATE INDEX IF NOT EXISTS attributions_source ON attributions(source COLLATE NOCASE);
CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
    text,
    content='',
    contentless_delete=1,
    detail=none,
    tokenize='unicode61 remove_diacritics 2'
);
";

/// An index in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// The actor and name keys loaded so far.
    keys: Keys,
}

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

impl SqliteStore {
    /// Opens the index at `path`, creating it (and its schema) if needed.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(backend)?;
        Self::with_connection(conn)
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
        Self::with_connection(conn)
    }

    fn with_connection(conn: Connection) -> Result<Self, StoreError> {
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
        if !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            conn.execute_batch(SCHEMA).map_err(|e| {
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
        })
    }

    /// Loads every actor and name key (a few thousand rows) into the caches.
    fn load_keys(&mut self) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, key FROM actors")
            .map_err(backend)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(backend)?;
        for row in rows {
            let (id, key) = row.map_err(backend)?;
            self.keys.actors.insert(key.clone(), id);
            self.keys.actor_keys.insert(id, key);
        }
        let mut stmt = self
            .conn
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
            self.keys.names.insert((actor, alias.clone()), id);
            self.keys.name_rows.insert(id, (actor, alias));
        }
        Ok(())
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

    fn intern_actor(
        tx: &Connection,
        cache: &mut HashMap<String, i64>,
        key: &str,
    ) -> rusqlite::Result<i64> {
        if let Some(&id) = cache.get(key) {
            return Ok(id);
        }
        // An upsert, so that two indexers interning the same actor agree.
        tx.prepare_cached("INSERT INTO actors(key) VALUES (?1) ON CONFLICT(key) DO NOTHING")?
            .execute([key])?;
        let id = tx
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        cache.insert(key.to_string(), id);
        Ok(id)
    }

    fn write_batch(&mut self, batch: &[ArticleRow]) -> Result<(), StoreError> {
        // Keys interned in a transaction that fails must not stay cached.
        let mut actors = self.keys.actors.clone();
        let mut names = self.keys.names.clone();
        if self.keys.name_rows.is_empty() && !batch.is_empty() {
            self.load_keys()?;
            actors.clone_from(&self.keys.actors);
            names.clone_from(&self.keys.names);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let run = (|| -> rusqlite::Result<()> {
            for article in batch {
                let old: Option<(i64, Vec<u8>)> = tx
                    .prepare_cached("SELECT id, mentions FROM articles WHERE path = ?1")?
                    .query_row([&article.known.path], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let mut packed = Vec::with_capacity(article.mentions.len());
                let mut per_actor: BTreeMap<i64, i64> = BTreeMap::new();
                for m in &article.mentions {
                    let actor = Self::intern_actor(&tx, &mut actors, &m.actor)?;
                    let name = if let Some(&id) = names.get(&(actor, m.alias.clone())) {
                        id
                    } else {
                        tx.prepare_cached(
                            "INSERT INTO names(actor, alias) VALUES (?1, ?2) \
                                 ON CONFLICT(actor, alias) DO NOTHING",
                        )?
                        .execute(params![actor, m.alias])?;
                        let id: i64 = tx
                            .prepare_cached("SELECT id FROM names WHERE actor = ?1 AND alias = ?2")?
                            .query_row(params![actor, m.alias], |r| r.get(0))?;
                        names.insert((actor, m.alias.clone()), id);
                        id
                    };
                    let mut candidates = Vec::with_capacity(m.candidates.len());
                    for c in &m.candidates {
                        candidates.push(Self::intern_actor(&tx, &mut actors, c)?);
                    }
                    let mut counted = candidates.clone();
                    counted.push(actor);
                    counted.sort_unstable();
                    counted.dedup();
                    for id in counted {
                        *per_actor.entry(id).or_default() += 1;
                    }
                    packed.push(Packed {
                        name: to_u64(name),
                        start: m.start,
                        end: m.end,
                        candidates: candidates.into_iter().map(to_u64).collect(),
                    });
                }
                let blob = pack::pack(&packed);
                let k = &article.known;
                let id = if let Some((id, old_blob)) = old {
                    let old_actors: HashSet<i64> = match pack::unpack(&old_blob) {
                        Some(old) => old
                            .iter()
                            .flat_map(|p| {
                                let mut ids: Vec<i64> =
                                    p.candidates.iter().map(|&c| to_i64(c)).collect();
                                ids.extend(
                                    self.keys.name_rows.get(&to_i64(p.name)).map(|(a, _)| *a),
                                );
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
                    // ON CONFLICT: another indexer may have added the path
                    // since; its row is then replaced, not duplicated.
                    tx.prepare_cached(
                        "INSERT INTO articles(path, size, mtime, hash, catalog, title, mentions, \
                         mention_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                         ON CONFLICT(path) DO UPDATE SET size = excluded.size, \
                         mtime = excluded.mtime, hash = excluded.hash, catalog = excluded.catalog, \
                         title = excluded.title, mentions = excluded.mentions, \
                         mention_count = excluded.mention_count RETURNING id",
                    )?
                    .query_row(
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
                for (actor, count) in per_actor {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO actor_articles(actor, article, count) \
                         VALUES (?1, ?2, ?3)",
                    )?
                    .execute([actor, id, count])?;
                }
                for a in &article.attributions {
                    let actor = match &a.actor {
                        Some(key) => Some(Self::intern_actor(&tx, &mut actors, key)?),
                        None => None,
                    };
                    tx.prepare_cached(
                        "INSERT INTO attributions(article, source, actor, cue, start, end, via) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
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
                    tx.prepare_cached("INSERT INTO fulltext(rowid, text) VALUES (?1, ?2)")?
                        .execute(params![id, text])?;
                }
            }
            Ok(())
        })();
        match run {
            Ok(()) => {
                tx.commit().map_err(backend)?;
                self.keys.actors = actors;
                self.keys.names = names;
                self.keys.actor_keys = self
                    .keys
                    .actors
                    .iter()
                    .map(|(k, &v)| (v, k.clone()))
                    .collect();
                self.keys.name_rows = self
                    .keys
                    .names
                    .iter()
                    .map(|((a, alias), &id)| (id, (*a, alias.clone())))
                    .collect();
                Ok(())
            }
            Err(e) => Err(backend(e)),
        }
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
    ) -> Result<Vec<ArticleHit>, StoreError> {
        let mut ids = HashSet::new();
        for key in actors {
            if let Some(id) = self.actor_id(key)? {
                ids.insert(id);
            }
        }
        let mut found: BTreeMap<String, (ArticleHit, Vec<u8>)> = BTreeMap::new();
        for &id in &ids {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT a.path, a.mtime, a.size, a.title, a.mentions \
                     FROM actor_articles x JOIN articles a ON a.id = x.article \
                     WHERE x.actor = ?1 AND (?2 IS NULL OR a.mtime >= ?2) \
                     AND (?3 IS NULL OR a.mtime < ?3)",
                )
                .map_err(backend)?;
            let rows = stmt
                .query_map(params![id, since, until], Self::hit)
                .map_err(backend)?;
            for row in rows {
                let (hit, blob) = row.map_err(backend)?;
                found.entry(hit.path.clone()).or_insert((hit, blob));
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for (_, (mut hit, blob)) in found {
            let packed = self.unpacked(&blob)?;
            hit.mentions = packed
                .iter()
                .filter(|p| {
                    let mut hit = false;
                    self.keys.each_counted(p, |a| hit |= ids.contains(&a));
                    hit
                })
                .map(|p| self.keys.mention_row(p))
                .collect();
            out.push(hit);
        }
        Ok(out)
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
    use crate::archive::store::MentionRow;

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
        let hits = store.actor(&["apt28".into()], None, None).unwrap();
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
