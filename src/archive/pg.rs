//! The PostgreSQL backend of [`Store`]: the SQLite backend's schema on a
//! shared server, so that a team indexes into and reads from one archive
//! (docs/archive.md, A shared index). All of its SQL is in this module.
//!
//! What differs from SQLite, and why:
//! - The words of an article are a `tsvector` (stripped: no positions, as
//!   SQLite's `detail=none`) under a GIN index, built from the text with
//!   its diacritics removed, so that a word matches here exactly when it
//!   matches in SQLite (`remove_diacritics`). A search is read with
//!   `websearch_to_tsquery`: words, `"quoted words"`, `or`, `-word`.
//! - Several indexers may write at once, from several machines. Actor and
//!   alias keys are interned first, each in a statement of its own that
//!   commits at once, so that no batch waits on another's new keys; a
//!   batch then locks its articles in path order, so that two batches over
//!   the same files queue instead of deadlocking; and a batch the server
//!   still aborts (a deadlock or serialization failure) is tried again.
//! - Paths are listed bytewise, as SQLite orders them, whatever the
//!   database's collation: an index on `path COLLATE "C"` serves the
//!   explorer's pages (docs/archive.md, Browsing).
//! - PostgreSQL text cannot hold a NUL: a NUL in a title, a source or the
//!   words is stored as a space.

use std::collections::BTreeMap;

use postgres::error::SqlState;
use postgres::{Client, NoTls};

use super::keys::{self, Grouped, Keys};
use super::pack::{self, Packed};
use super::store::{
    AllOf, ArticleHit, ArticleRow, AttributionRow, CatalogPrint, CitedRow, Counts, Known, Listed,
    Store, StoreError, Total,
};

/// The version of the schema this aka writes: a newer one is refused, an
/// older one made anew by `aka index` ([`PostgresStore::open`]) and
/// refused by `aka query` ([`PostgresStore::open_existing`]). The same
/// number as the SQLite backend's: the two schemas move together.
const SCHEMA_VERSION: i64 = super::sqlite::SCHEMA_VERSION;

/// Every table of the schema, to drop an index of an older version.
const TABLES: &str = "DROP TABLE IF EXISTS fulltext, attributions, actor_articles, names, \
                      actors, articles, meta CASCADE";

/// The schema, table for table the SQLite backend's, `fulltext` keyed by
/// article instead of by rowid. Deleting an article deletes its rows.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    id BIGSERIAL PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    mtime BIGINT NOT NULL,
    hash BIGINT NOT NULL,
    catalog BIGINT NOT NULL,
    title TEXT NOT NULL,
    mentions BYTEA NOT NULL,
    mention_count BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_mtime ON articles(mtime);
CREATE INDEX IF NOT EXISTS articles_path_bytes ON articles(path COLLATE \"C\");
CREATE TABLE IF NOT EXISTS actors(id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS names(
    id BIGSERIAL PRIMARY KEY,
    actor BIGINT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    UNIQUE(actor, alias)
);
CREATE TABLE IF NOT EXISTS actor_articles(
    actor BIGINT NOT NULL,
    article BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    count BIGINT NOT NULL,
    mentions BYTEA NOT NULL,
    PRIMARY KEY(actor, article)
);
CREATE INDEX IF NOT EXISTS actor_articles_article ON actor_articles(article);
CREATE TABLE IF NOT EXISTS attributions(
    id BIGSERIAL PRIMARY KEY,
    article BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    actor BIGINT,
    cue TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    via TEXT
);
CREATE INDEX IF NOT EXISTS attributions_article ON attributions(article);
CREATE INDEX IF NOT EXISTS attributions_actor ON attributions(actor) WHERE actor IS NOT NULL;
CREATE INDEX IF NOT EXISTS attributions_source ON attributions(lower(source));
CREATE TABLE IF NOT EXISTS fulltext(
    article BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    words TSVECTOR NOT NULL
);
CREATE INDEX IF NOT EXISTS fulltext_words ON fulltext USING GIN(words);
";

/// How often a batch the server aborted for a deadlock or a serialization
/// failure is tried again before the error is the user's.
const RETRIES: usize = 8;

/// An index in a PostgreSQL database.
pub struct PostgresStore {
    client: Client,
    /// The actor and name keys loaded so far.
    keys: Keys,
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(backend)`
fn backend(e: postgres::Error) -> StoreError {
    StoreError::Backend(describe(&e))
}

/// The server's own message when it sent one ("relation … does not
/// exist"), else the client's ("connection refused").
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("PostgreSQL: {}", db.message()),
        // The client's error names its kind ("error connecting to
        // server"); its source says why ("Connection refused").
        None => match std::error::Error::source(e) {
            Some(why) => format!("PostgreSQL: {e}: {why}"),
            None => format!("PostgreSQL: {e}"),
        },
    }
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Text PostgreSQL can store: a NUL becomes a space.
fn storable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        std::borrow::Cow::Owned(s.replace('\0', " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The words of a text as the full-text index keeps them: without
/// diacritics (é → e, as SQLite's `remove_diacritics`) and without NULs.
/// Lower case is `to_tsvector`'s work.
pub fn plain_words(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return storable(text).into_owned();
    }
    text.nfkd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == '\0' { ' ' } else { c })
        .collect()
}

/// One search term for `to_tsquery`: quoted, so that nothing in it is an
/// operator.
fn term(token: &str) -> String {
    format!(
        "'{}'",
        plain_words(token).replace('\\', "\\\\").replace('\'', "''")
    )
}

/// Whether the server aborted a transaction that may succeed if run again.
fn retryable(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::UNIQUE_VIOLATION
    )
}

/// A batch's attributions, a column each, for one `unnest` insert.
#[derive(Default)]
struct AttributionColumns {
    article: Vec<i64>,
    source: Vec<String>,
    actor: Vec<Option<i64>>,
    cue: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    via: Vec<Option<String>>,
}

/// An article's rows in the backend's keys, ready for one batch.
struct Prepared<'a> {
    row: &'a ArticleRow,
    blob: Vec<u8>,
    /// Each actor's mentions, packed.
    per_actor: BTreeMap<i64, (i64, Vec<u8>)>,
    attributions: Vec<Option<i64>>,
}

impl PostgresStore {
    /// Connects to the database `url` (`postgres://user@host:port/db`) and
    /// creates the schema if it is not there; one of an older version is
    /// dropped and made anew (`aka index` then fills it again).
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::connect(url, true)
    }

    /// As [`Self::open`], but an index of an older version is refused with
    /// a word to run `aka index` (for `aka query`).
    pub fn open_existing(url: &str) -> Result<Self, StoreError> {
        Self::connect(url, false)
    }

    fn connect(url: &str, rebuild: bool) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls).map_err(backend)?;
        // Two indexers starting at once may both create (or make anew) the
        // schema: one advisory lock for the whole database serialises them.
        let made = (|| -> Result<Result<(), StoreError>, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock(7411070213)", &[])?;
            tx.batch_execute(SCHEMA)?;
            let stored: Option<String> = tx
                .query_opt("SELECT value FROM meta WHERE key = 'schema'", &[])?
                .map(|r| r.get(0));
            match stored.as_deref().map(str::parse::<i64>) {
                Some(Ok(v)) if v > SCHEMA_VERSION => {
                    return Ok(Err(StoreError::Schema(format!(
                        "the index has schema version {v}, newer than this aka's ({SCHEMA_VERSION}): update aka"
                    ))));
                }
                Some(Ok(v)) if v < SCHEMA_VERSION && !rebuild => {
                    return Ok(Err(StoreError::Schema(format!(
                        "the index has schema version {v}, older than this aka's \
                         ({SCHEMA_VERSION}): run `aka index` again to build it anew"
                    ))));
                }
                Some(Ok(v)) if v < SCHEMA_VERSION => {
                    tx.batch_execute(TABLES)?;
                    tx.batch_execute(SCHEMA)?;
                    tx.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema', $1)",
                        &[&SCHEMA_VERSION.to_string()],
                    )?;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) => return Ok(Err(StoreError::Schema("not an aka index".into()))),
                None => {
                    tx.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema', $1)",
                        &[&SCHEMA_VERSION.to_string()],
                    )?;
                }
            }
            tx.commit()?;
            Ok(Ok(()))
        })();
        made.map_err(|e| {
            StoreError::Schema(format!(
                "cannot create the index's tables: {}",
                describe(&e)
            ))
        })??;
        Ok(PostgresStore {
            client,
            keys: Keys::default(),
        })
    }

    /// Loads every actor and name key (a few thousand rows) into the caches.
    fn load_keys(&mut self) -> Result<(), StoreError> {
        for r in self
            .client
            .query("SELECT id, key FROM actors", &[])
            .map_err(backend)?
        {
            let (id, key): (i64, String) = (r.get(0), r.get(1));
            self.keys.add_actor(id, key);
        }
        for r in self
            .client
            .query("SELECT id, actor, alias FROM names", &[])
            .map_err(backend)?
        {
            let (id, actor, alias): (i64, i64, String) = (r.get(0), r.get(1), r.get(2));
            self.keys.add_name(id, actor, alias);
        }
        Ok(())
    }

    fn actor_id(&mut self, key: &str) -> Result<Option<i64>, StoreError> {
        if let Some(&id) = self.keys.actors.get(key) {
            return Ok(Some(id));
        }
        Ok(self
            .client
            .query_opt("SELECT id FROM actors WHERE key = $1", &[&key])
            .map_err(backend)?
            .map(|r| r.get(0)))
    }

    /// The id of an actor key, interned if new. The insert commits on its
    /// own, so that concurrent batches never wait on each other's keys.
    fn intern_actor(&mut self, key: &str) -> Result<i64, StoreError> {
        if let Some(&id) = self.keys.actors.get(key) {
            return Ok(id);
        }
        let key = storable(key);
        let id: i64 = self
            .client
            .query_one(
                // DO UPDATE (to the same value) rather than DO NOTHING: it
                // returns the row another indexer committed a moment ago,
                // which a second SELECT in this statement would not see.
                "INSERT INTO actors(key) VALUES ($1) \
                 ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id",
                &[&key.as_ref()],
            )
            .map_err(backend)?
            .get(0);
        self.keys.add_actor(id, key.into_owned());
        Ok(id)
    }

    /// The id of an (actor, alias) pair, interned if new, as
    /// [`Self::intern_actor`].
    fn intern_name(&mut self, actor: i64, alias: &str) -> Result<i64, StoreError> {
        let alias = storable(alias);
        if let Some(id) = self.keys.name(actor, &alias) {
            return Ok(id);
        }
        let id: i64 = self
            .client
            .query_one(
                "INSERT INTO names(actor, alias) VALUES ($1, $2) \
                 ON CONFLICT (actor, alias) DO UPDATE SET alias = excluded.alias RETURNING id",
                &[&actor, &alias.as_ref()],
            )
            .map_err(backend)?
            .get(0);
        self.keys.add_name(id, actor, alias.into_owned());
        Ok(id)
    }

    /// An article's mentions and attributions in this database's keys.
    fn prepare<'a>(&mut self, row: &'a ArticleRow) -> Result<Prepared<'a>, StoreError> {
        let mut packed = Vec::with_capacity(row.mentions.len());
        let mut per_actor: BTreeMap<i64, Vec<Packed>> = BTreeMap::new();
        for m in &row.mentions {
            let actor = self.intern_actor(&m.actor)?;
            let name = self.intern_name(actor, &m.alias)?;
            let mut candidates = Vec::with_capacity(m.candidates.len());
            for c in &m.candidates {
                candidates.push(self.intern_actor(c)?);
            }
            let mut counted = candidates.clone();
            counted.push(actor);
            counted.sort_unstable();
            counted.dedup();
            let p = Packed {
                name: to_u64(name),
                start: m.start,
                end: m.end,
                candidates: candidates.into_iter().map(to_u64).collect(),
            };
            for id in counted {
                per_actor.entry(id).or_default().push(p.clone());
            }
            packed.push(p);
        }
        let mut attributions = Vec::with_capacity(row.attributions.len());
        for a in &row.attributions {
            attributions.push(match &a.actor {
                Some(key) => Some(self.intern_actor(key)?),
                None => None,
            });
        }
        Ok(Prepared {
            row,
            blob: pack::pack(&packed),
            per_actor: per_actor
                .into_iter()
                .map(|(a, list)| (a, (to_i64(list.len() as u64), pack::pack(&list))))
                .collect(),
            attributions,
        })
    }

    /// Writes prepared articles in one transaction, in path order.
    fn write_prepared(client: &mut Client, batch: &[Prepared<'_>]) -> Result<(), postgres::Error> {
        let mut tx = client.transaction()?;
        let upsert = tx.prepare(
            "INSERT INTO articles(path, size, mtime, hash, catalog, title, mentions, \
             mention_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, \
             hash = excluded.hash, catalog = excluded.catalog, title = excluded.title, \
             mentions = excluded.mentions, mention_count = excluded.mention_count \
             RETURNING id",
        )?;
        let mut ids = Vec::with_capacity(batch.len());
        for p in batch {
            let k = &p.row.known;
            let id: i64 = tx
                .query_one(
                    &upsert,
                    &[
                        &storable(&k.path).as_ref(),
                        &to_i64(k.size),
                        &k.mtime,
                        &k.hash.cast_signed(),
                        &k.catalog.cast_signed(),
                        &storable(&p.row.title).as_ref(),
                        &p.blob,
                        &to_i64(p.row.mentions.len() as u64),
                    ],
                )?
                .get(0);
            ids.push(id);
        }
        tx.execute(
            "DELETE FROM actor_articles WHERE article = ANY($1)",
            &[&ids],
        )?;
        tx.execute("DELETE FROM attributions WHERE article = ANY($1)", &[&ids])?;

        // The rows of the whole batch, one array per column, one statement
        // per table.
        let (mut x_actor, mut x_article, mut x_count, mut x_mentions) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut t = AttributionColumns::default();
        let (mut f_article, mut f_words) = (Vec::new(), Vec::new());
        for (p, &id) in batch.iter().zip(&ids) {
            for (&actor, (count, mentions)) in &p.per_actor {
                x_actor.push(actor);
                x_article.push(id);
                x_count.push(*count);
                x_mentions.push(mentions.as_slice());
            }
            for (a, &actor) in p.row.attributions.iter().zip(&p.attributions) {
                t.article.push(id);
                t.source.push(storable(&a.source).into_owned());
                t.actor.push(actor);
                t.cue.push(storable(&a.cue).into_owned());
                t.start.push(to_i64(a.start));
                t.end.push(to_i64(a.end));
                t.via
                    .push(a.via.as_deref().map(|v| storable(v).into_owned()));
            }
            if let Some(text) = &p.row.text {
                f_article.push(id);
                f_words.push(plain_words(text));
            }
        }
        tx.execute(
            "INSERT INTO actor_articles(actor, article, count, mentions) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[])",
            &[&x_actor, &x_article, &x_count, &x_mentions],
        )?;
        tx.execute(
            "INSERT INTO attributions(article, source, actor, cue, start_at, end_at, via) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], \
             $5::bigint[], $6::bigint[], $7::text[])",
            &[
                &t.article, &t.source, &t.actor, &t.cue, &t.start, &t.end, &t.via,
            ],
        )?;
        if !f_article.is_empty() {
            tx.execute(
                "INSERT INTO fulltext(article, words) \
                 SELECT a, strip(to_tsvector('simple', w)) \
                 FROM unnest($1::bigint[], $2::text[]) AS u(a, w) \
                 ON CONFLICT (article) DO UPDATE SET words = excluded.words",
                &[&f_article, &f_words],
            )?;
        }
        tx.commit()
    }

    fn hit(r: &postgres::Row) -> ArticleHit {
        ArticleHit {
            path: r.get(0),
            mtime: r.get(1),
            size: to_u64(r.get(2)),
            title: r.get(3),
            mentions: Vec::new(),
        }
    }
}

/// An article as the explorer lists it, from a row of `path, title,
/// mention_count`.
fn listed_row(r: &postgres::Row) -> Listed {
    Listed {
        path: r.get(0),
        title: r.get(1),
        mentions: to_u64(r.get(2)),
    }
}

/// What the index knows of an article, from a row of `path, size, mtime,
/// hash, catalog`.
fn known_row(r: &postgres::Row) -> Known {
    Known {
        path: r.get(0),
        size: to_u64(r.get(1)),
        mtime: r.get(2),
        hash: r.get::<_, i64>(3).cast_unsigned(),
        catalog: r.get::<_, i64>(4).cast_unsigned(),
    }
}

impl Store for PostgresStore {
    fn known(&mut self) -> Result<Vec<Known>, StoreError> {
        Ok(self
            .client
            .query("SELECT path, size, mtime, hash, catalog FROM articles", &[])
            .map_err(backend)?
            .iter()
            .map(known_row)
            .collect())
    }

    fn known_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Known>, StoreError> {
        Ok(self
            .client
            .query(
                "SELECT path, size, mtime, hash, catalog FROM articles \
                 WHERE $1::TEXT IS NULL OR path COLLATE \"C\" > $1 \
                 ORDER BY path COLLATE \"C\" LIMIT $2",
                &[&after, &to_i64(limit as u64)],
            )
            .map_err(backend)?
            .iter()
            .map(known_row)
            .collect())
    }

    fn listed(&mut self, paths: &[String]) -> Result<Vec<Listed>, StoreError> {
        Ok(self
            .client
            .query(
                "SELECT path, title, mention_count FROM articles WHERE path = ANY($1) \
                 ORDER BY path COLLATE \"C\"",
                &[&paths],
            )
            .map_err(backend)?
            .iter()
            .map(listed_row)
            .collect())
    }

    fn write(&mut self, batch: &[ArticleRow]) -> Result<(), StoreError> {
        let mut order: Vec<&ArticleRow> = batch.iter().collect();
        order.sort_by(|a, b| a.known.path.cmp(&b.known.path));
        // The same path twice in a batch: the later row wins, as two
        // upserts in a row would have it.
        order.dedup_by(|later, earlier| {
            if later.known.path == earlier.known.path {
                *earlier = *later;
                true
            } else {
                false
            }
        });
        let mut prepared = Vec::with_capacity(order.len());
        for row in order {
            prepared.push(self.prepare(row)?);
        }
        let mut tries = 0;
        loop {
            match Self::write_prepared(&mut self.client, &prepared) {
                Ok(()) => return Ok(()),
                Err(e) if retryable(&e) && tries < RETRIES => tries += 1,
                Err(e) => return Err(backend(e)),
            }
        }
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), StoreError> {
        let paths: Vec<String> = paths.iter().map(|p| storable(p).into_owned()).collect();
        // The cascade removes its mentions' counts, attributions and words.
        self.client
            .execute("DELETE FROM articles WHERE path = ANY($1)", &[&paths])
            .map(drop)
            .map_err(backend)
    }

    fn catalog(&mut self) -> Result<Option<CatalogPrint>, StoreError> {
        let json: Option<String> = self
            .client
            .query_opt("SELECT value FROM meta WHERE key = 'catalog'", &[])
            .map_err(backend)?
            .map(|r| r.get(0));
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Schema(format!("the index's catalog is damaged: {e}")))
        })
        .transpose()
    }

    fn set_catalog(&mut self, print: &CatalogPrint, from: Option<u64>) -> Result<(), StoreError> {
        let json = serde_json::to_string(print).map_err(|e| StoreError::Backend(e.to_string()))?;
        let mut tx = self.client.transaction().map_err(backend)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('catalog', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&json],
        )
        .map_err(backend)?;
        if let Some(from) = from {
            tx.execute(
                "UPDATE articles SET catalog = $2 WHERE catalog = $1",
                &[&from.cast_signed(), &print.whole.cast_signed()],
            )
            .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }

    fn mentioning(&mut self, actors: &[String]) -> Result<Vec<String>, StoreError> {
        Ok(self
            .client
            .query(
                "SELECT DISTINCT a.path FROM actor_articles x \
                 JOIN actors k ON k.id = x.actor JOIN articles a ON a.id = x.article \
                 WHERE k.key = ANY($1) ORDER BY a.path",
                &[&actors],
            )
            .map_err(backend)?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn containing(&mut self, conditions: &[AllOf]) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for chunk in conditions.chunks(64) {
            let query = chunk
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let all: Vec<String> = c.iter().map(|t| term(t)).collect();
                    format!("({})", all.join(" & "))
                })
                .collect::<Vec<_>>()
                .join(" | ");
            if query.is_empty() {
                continue;
            }
            let rows = self
                .client
                .query(
                    "SELECT a.path FROM fulltext f JOIN articles a ON a.id = f.article \
                     WHERE f.words @@ to_tsquery('simple', $1)",
                    &[&query],
                )
                .map_err(backend)?;
            out.extend(rows.iter().map(|r| r.get::<_, String>(0)));
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
        // An article has a row per actor asked for that it counts for:
        // `limit` mentions are in at most `limit` articles, so in at most
        // that many rows per actor.
        let rows_limit: Option<i64> =
            limit.map(|l| to_i64((l as u64).saturating_mul(ids.len() as u64)));
        let params: [&(dyn postgres::types::ToSql + Sync); 4] = [&ids, &since, &until, &rows_limit];
        let rows = self
            .client
            .query_raw(
                "SELECT a.path, a.mtime, a.size, a.title, x.mentions \
                 FROM actor_articles x JOIN articles a ON a.id = x.article \
                 WHERE x.actor = ANY($1) \
                 AND ($2::bigint IS NULL OR a.mtime >= $2) \
                 AND ($3::bigint IS NULL OR a.mtime < $3) \
                 ORDER BY a.path COLLATE \"C\", x.actor LIMIT $4",
                params,
            )
            .map_err(backend)?;
        // The rows, handed on as the server sends them, an article's rows
        // together. Rows with keys not loaded (another indexer's, written
        // since) wait until the rows are read and the keys loaded.
        let mut grouped = Grouped::new(limit);
        let mut waiting: Vec<(ArticleHit, Vec<Packed>)> = Vec::new();
        let mut rows = rows;
        while let Some(r) =
            postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(backend)?
        {
            let hit = Self::hit(&r);
            let packed = keys::unpack(r.get::<_, &[u8]>(4))?;
            if !waiting.is_empty() || !self.keys.cover(&packed) {
                waiting.push((hit, packed));
            } else if !grouped.push(&self.keys, hit, packed, each) {
                return Ok(());
            }
        }
        drop(rows);
        if !waiting.is_empty() {
            self.load_keys()?;
        }
        for (hit, packed) in waiting {
            if !grouped.push(&self.keys, hit, packed, each) {
                return Ok(());
            }
        }
        grouped.finish(&self.keys, each);
        Ok(())
    }

    fn source(&mut self, actor: Option<&str>, words: &str) -> Result<Vec<CitedRow>, StoreError> {
        const COLUMNS: &str = "SELECT a.path, a.mtime, a.size, t.source, k.key, t.cue, \
                               t.start_at, t.end_at, t.via FROM attributions t \
                               JOIN articles a ON a.id = t.article \
                               LEFT JOIN actors k ON k.id = t.actor";
        let rows = match actor {
            Some(key) => {
                let Some(id) = self.actor_id(key)? else {
                    return Ok(Vec::new());
                };
                self.client.query(
                    &format!(
                        "{COLUMNS} WHERE t.actor = $1 ORDER BY a.path COLLATE \"C\", t.start_at"
                    ),
                    &[&id],
                )
            }
            None => self.client.query(
                &format!(
                    "{COLUMNS} WHERE lower(t.source) = lower($1) \
                     ORDER BY a.path COLLATE \"C\", t.start_at"
                ),
                &[&storable(words).as_ref()],
            ),
        }
        .map_err(backend)?;
        Ok(rows
            .iter()
            .map(|r| CitedRow {
                path: r.get(0),
                mtime: r.get(1),
                size: to_u64(r.get(2)),
                attribution: AttributionRow {
                    source: r.get(3),
                    actor: r.get(4),
                    cue: r.get(5),
                    start: to_u64(r.get(6)),
                    end: to_u64(r.get(7)),
                    via: r.get(8),
                },
            })
            .collect())
    }

    fn with(&mut self, actor: &str, limit: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(Vec::new());
        };
        // `actor_articles` holds every actor an article counts for (its
        // mentions' actors and candidates), as the packed mentions would
        // tell: the server counts without unpacking anything.
        Ok(self
            .client
            .query(
                "SELECT k.key, count(*) FROM actor_articles x \
                 JOIN actor_articles y ON y.article = x.article AND y.actor <> x.actor \
                 JOIN actors k ON k.id = y.actor \
                 WHERE x.actor = $1 GROUP BY k.key \
                 ORDER BY count(*) DESC, k.key COLLATE \"C\" LIMIT $2",
                &[&id, &to_i64(limit as u64)],
            )
            .map_err(backend)?
            .iter()
            .map(|r| (r.get(0), to_u64(r.get(1))))
            .collect())
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<ArticleHit>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT a.path, a.mtime, a.size, a.title FROM fulltext f \
                 JOIN articles a ON a.id = f.article, \
                 websearch_to_tsquery('simple', $1) q \
                 WHERE f.words @@ q \
                 ORDER BY ts_rank(f.words, q) DESC, a.path COLLATE \"C\" LIMIT $2",
                &[&plain_words(query), &to_i64(limit as u64)],
            )
            .map_err(|e| match e.as_db_error() {
                Some(db) if db.code() == &SqlState::SYNTAX_ERROR => {
                    StoreError::Query(db.message().to_string())
                }
                _ => backend(e),
            })?;
        Ok(rows.iter().map(Self::hit).collect())
    }

    fn knows(&mut self, actor: &str) -> Result<bool, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(false);
        };
        Ok(self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM actor_articles WHERE actor = $1)",
                &[&id],
            )
            .map_err(backend)?
            .get(0))
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        let r = self
            .client
            .query_one(
                "SELECT (SELECT count(*) FROM articles), \
                 (SELECT coalesce(sum(mention_count), 0)::bigint FROM articles), \
                 (SELECT count(*) FROM attributions)",
                &[],
            )
            .map_err(backend)?;
        Ok(Counts {
            articles: to_u64(r.get(0)),
            mentions: to_u64(r.get(1)),
            attributions: to_u64(r.get(2)),
        })
    }
    fn article_count(&mut self) -> Result<u64, StoreError> {
        Ok(to_u64(
            self.client
                .query_one("SELECT count(*) FROM articles", &[])
                .map_err(backend)?
                .get(0),
        ))
    }

    fn listing(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Listed>, StoreError> {
        // Bytewise order, as SQLite's, whatever the database's collation.
        let rows = self
            .client
            .query(
                "SELECT path, title, mention_count FROM articles \
                 WHERE $1::TEXT IS NULL OR path COLLATE \"C\" > $1 \
                 ORDER BY path COLLATE \"C\" LIMIT $2",
                &[&after, &to_i64(limit as u64)],
            )
            .map_err(backend)?;
        Ok(rows.iter().map(listed_row).collect())
    }

    fn totals(&mut self) -> Result<Vec<Total>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT k.key, count(*), sum(x.count)::bigint FROM actor_articles x \
                 JOIN actors k ON k.id = x.actor GROUP BY k.key",
                &[],
            )
            .map_err(backend)?;
        Ok(rows
            .iter()
            .map(|r| Total {
                actor: r.get(0),
                articles: to_u64(r.get(1)),
                mentions: to_u64(r.get(2)),
            })
            .collect())
    }

    fn articles_of(&mut self, actor: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let Some(id) = self.actor_id(actor)? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<(String, u64)> = self
            .client
            .query(
                "SELECT a.path, x.count FROM actor_articles x \
                 JOIN articles a ON a.id = x.article WHERE x.actor = $1",
                &[&id],
            )
            .map_err(backend)?
            .iter()
            .map(|r| (r.get(0), to_u64(r.get(1))))
            .collect();
        out.sort_unstable();
        Ok(out)
    }
}
