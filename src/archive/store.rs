//! The storage boundary: the [`Store`] trait every backend implements, and
//! the plain rows that cross it (docs/archive.md, Storage).
//!
//! Rows name actors by their catalog id and aliases by their text, never by
//! a backend's own integer keys: a backend interns them as it likes (the
//! SQLite one in small tables, [`super::sqlite`]), so that two backends, or
//! two indexers writing into one shared backend, agree on what a row means.
//! Offsets are byte offsets; times are nanoseconds since the Unix epoch.

use std::fmt;

/// What the index knows of one article, to tell whether its file changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The file as the index names it (the name `aka mentions` prints).
    pub path: String,
    /// Its size in bytes when indexed.
    pub size: u64,
    /// Its modification time when indexed, in nanoseconds since the epoch.
    pub mtime: i64,
    /// The hash of its bytes ([`content_hash`]).
    pub hash: u64,
    /// The fingerprint of the catalog it was matched with
    /// ([`CatalogPrint::whole`]).
    pub catalog: u64,
}

/// One mention as stored: the actor's id, the alias's text, a byte range
/// of the file, and for an ambiguous one every candidate's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRow {
    /// The actor's catalog id (the first candidate when ambiguous).
    pub actor: String,
    /// The alias that matched, as the catalog writes it.
    pub alias: String,
    /// Start byte offset in the file.
    pub start: u64,
    /// End byte offset in the file (exclusive).
    pub end: u64,
    /// Every candidate's id when several actors share the span, else empty.
    pub candidates: Vec<String>,
}

/// One attribution as stored: who is cited, and where the sentence is.
/// The sentence itself is not stored (it would make the index as large as
/// the text): it is read back from the file when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionRow {
    /// The words that name the source, as they stand.
    pub source: String,
    /// The cited catalog actor's id, if the source is one.
    pub actor: Option<String>,
    /// The cue, lower-cased (`said`, `according to`).
    pub cue: String,
    /// The sentence's start, a byte offset of the decoded text.
    pub start: u64,
    /// The sentence's end (exclusive), a byte offset of the decoded text.
    pub end: u64,
    /// How the source was found when not by a cue of its own sentence.
    pub via: Option<String>,
}

/// One analysed article, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    /// What identifies the file and its state.
    pub known: Known,
    /// Its title ([`crate::model::Document::title`]).
    pub title: String,
    /// Its decoded text, for the full-text index; `None` when only its
    /// mentions and attributions change (a catalog change) and the
    /// full-text entry stays as it is.
    pub text: Option<String>,
    /// Its mentions, in text order.
    pub mentions: Vec<MentionRow>,
    /// Its attributions, in text order.
    pub attributions: Vec<AttributionRow>,
}

/// An article found by a query, with the mentions asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHit {
    /// The file as the index names it.
    pub path: String,
    /// Its modification time, in nanoseconds since the epoch.
    pub mtime: i64,
    /// Its size when indexed.
    pub size: u64,
    /// Its title.
    pub title: String,
    /// The mentions asked for (an actor's), in text order; empty for a
    /// full-text hit.
    pub mentions: Vec<MentionRow>,
}

/// One attribution found by a source query, with its article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedRow {
    /// The file as the index names it.
    pub path: String,
    /// Its modification time when indexed.
    pub mtime: i64,
    /// Its size when indexed.
    pub size: u64,
    /// The attribution.
    pub attribution: AttributionRow,
}

/// The catalog an index was matched with, in parts: a change to an actor
/// re-matches only the articles that can hold it (docs/archive.md, A
/// changed catalog).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CatalogPrint {
    /// The hash of the whole catalog as `aka catalog export --format aka`
    /// writes it.
    pub whole: u64,
    /// The hash of everything in it but the actors (tools, suppressions,
    /// rules): a change there re-matches every article.
    pub global: u64,
    /// Each actor's id and the hash of its line, in catalog order.
    pub actors: Vec<(String, u64)>,
    /// Each actor's aliases, lower-cased, for the full-text candidates of a
    /// change (the old catalog's aliases matter when one is removed).
    pub aliases: Vec<Vec<String>>,
}

/// One article as the explorer lists it (docs/archive.md, Browsing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The file as the index names it.
    pub path: String,
    /// Its title.
    pub title: String,
    /// How many mentions it has.
    pub mentions: u64,
}

/// What the index counts of one actor, all articles together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The actor's catalog id.
    pub actor: String,
    /// The articles that count it (a mention or an ambiguous one's
    /// candidate).
    pub articles: u64,
    /// Its mentions in them.
    pub mentions: u64,
}

/// How many articles and rows the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Articles.
    pub articles: u64,
    /// Mentions, all articles together.
    pub mentions: u64,
    /// Attributions.
    pub attributions: u64,
}

/// What went wrong in a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The backend failed (I/O, a locked or corrupt database).
    Backend(String),
    /// A full-text query the backend cannot parse, in its words.
    Query(String),
    /// The store was made by a newer aka, or is not an index at all.
    Schema(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Backend(e) | StoreError::Schema(e) => f.write_str(e),
            StoreError::Query(e) => write!(f, "bad search: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// One search condition for the articles a catalog change may touch: every
/// token must occur in the article (tokens are lower-case letters and
/// digits, as the full-text index splits words).
pub type AllOf = Vec<String>;

/// An archive index: what `aka index` writes and `aka query` reads. Each
/// method is one statement or one transaction, so that a reader never
/// sees half an article and an interrupted writer leaves a valid index.
pub trait Store: Send {
    /// What the index knows of each article, in no particular order.
    fn known(&mut self) -> Result<Vec<Known>, StoreError>;

    /// Writes a batch of articles in one transaction: each replaces the
    /// article of the same path (an upsert), its mentions, attributions
    /// and (when its text is given) full-text entry with it.
    fn write(&mut self, batch: &[ArticleRow]) -> Result<(), StoreError>;

    /// Told before the first batch of a run that fills an empty index
    /// with many articles: a backend may leave out what it can build
    /// faster in one go at the end ([`Store::end_bulk`]). Whatever it
    /// leaves out must be made again when the store is next opened for
    /// writing, so that a run stopped before its end leaves a valid index
    /// and the next run completes it. The default does nothing.
    fn begin_bulk(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Told after the last batch of such a run, stopped early or not.
    fn end_bulk(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Removes articles by path, with everything stored of them, in one
    /// transaction; paths it does not hold are no error.
    fn delete(&mut self, paths: &[String]) -> Result<(), StoreError>;

    /// The catalog the index was last completed with.
    fn catalog(&mut self) -> Result<Option<CatalogPrint>, StoreError>;

    /// Records the catalog the index is now complete with and, in the same
    /// transaction, marks the articles matched with the catalog `from`
    /// (the one recorded before: what a change left alone is as it would
    /// be matched with the new one) as matched with it.
    fn set_catalog(&mut self, print: &CatalogPrint, from: Option<u64>) -> Result<(), StoreError>;

    /// The paths of the articles that mention any of `actors` (ids).
    fn mentioning(&mut self, actors: &[String]) -> Result<Vec<String>, StoreError>;

    /// The paths of the articles whose full-text entry holds every token of
    /// at least one of `conditions`.
    fn containing(&mut self, conditions: &[AllOf]) -> Result<Vec<String>, StoreError>;

    /// The articles that mention any of `actors` (ids, the first the one
    /// asked for), with those mentions, modified in `since..until`
    /// (nanoseconds, either bound open), in path order, handed to `each`
    /// as they are read (the first before the whole answer is), until it
    /// returns `false`. With a `limit`, at most that many mentions in all:
    /// the last article's are cut, and the store reads no further than it
    /// must.
    fn actor(
        &mut self,
        actors: &[String],
        since: Option<i64>,
        until: Option<i64>,
        limit: Option<usize>,
        each: &mut dyn FnMut(ArticleHit) -> bool,
    ) -> Result<(), StoreError>;

    /// The attributions citing the actor `actor` (an id), or, without one,
    /// the source whose words are `words` (compared case-insensitively), in
    /// path order.
    fn source(&mut self, actor: Option<&str>, words: &str) -> Result<Vec<CitedRow>, StoreError>;

    /// The actors most often mentioned in the articles that mention
    /// `actor`, with the number of those articles, most first (ties by
    /// id), at most `limit`.
    fn with(&mut self, actor: &str, limit: usize) -> Result<Vec<(String, u64)>, StoreError>;

    /// The articles matching a full-text query (the backend's syntax), best
    /// first, at most `limit`.
    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<ArticleHit>, StoreError>;

    /// Whether any article of the index mentions the actor `actor` (an id).
    fn knows(&mut self, actor: &str) -> Result<bool, StoreError>;

    /// How many articles and rows the index holds.
    fn counts(&mut self) -> Result<Counts, StoreError>;

    /// How many articles the index holds.
    fn article_count(&mut self) -> Result<u64, StoreError>;

    /// What the index knows of at most `limit` articles in path order
    /// (bytewise), from the first path after `after`: [`Store::known`] a
    /// page at a time.
    fn known_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Known>, StoreError>;

    /// The articles of `paths` that the index holds, as the explorer
    /// lists them, in path order (bytewise).
    fn listed(&mut self, paths: &[String]) -> Result<Vec<Listed>, StoreError>;

    /// At most `limit` articles in path order (bytewise), from the first
    /// path after `after` (from the first of all without one): the
    /// explorer's article list, a page at a time.
    fn listing(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Listed>, StoreError>;

    /// Every actor's counts, all articles together, in no particular
    /// order (an ambiguous mention counts for each candidate).
    fn totals(&mut self) -> Result<Vec<Total>, StoreError>;

    /// The articles that count the actor `actor` (an id), with how many of
    /// its mentions each has, in path order.
    fn articles_of(&mut self, actor: &str) -> Result<Vec<(String, u64)>, StoreError>;
}

/// [`Store::actor`]'s whole answer, collected.
pub fn actor_hits(
    store: &mut (impl Store + ?Sized),
    actors: &[String],
    since: Option<i64>,
    until: Option<i64>,
) -> Result<Vec<ArticleHit>, StoreError> {
    let mut out = Vec::new();
    store.actor(actors, since, until, None, &mut |hit| {
        out.push(hit);
        true
    })?;
    Ok(out)
}

/// Hands `hit` to `each` within what is left of a limit of mentions
/// (`None`: no limit), cutting its mentions to it; whether to go on.
pub fn emit(
    hit: ArticleHit,
    left: &mut Option<usize>,
    each: &mut dyn FnMut(ArticleHit) -> bool,
) -> bool {
    let mut hit = hit;
    if let Some(left) = left {
        if *left == 0 {
            return false;
        }
        hit.mentions.truncate(*left);
        *left -= hit.mentions.len();
        return each(hit) && *left > 0;
    }
    each(hit)
}

/// The backend's ids of the actors `actors` (catalog ids) that the index
/// knows, sorted and each once, `id` looking one up.
pub fn actor_ids(
    actors: &[String],
    mut id: impl FnMut(&str) -> Result<Option<i64>, StoreError>,
) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::new();
    for key in actors {
        if let Some(found) = id(key)? {
            ids.push(found);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// What the full-text index is given of an article's text: each of its
/// pieces between ASCII white space once, in order of first appearance. Both
/// backends keep which words occur and nothing of where or how often
/// (SQLite's `detail=none`, PostgreSQL's stripped `tsvector`), and neither
/// tokenizer makes a word across white space, so the words found are those
/// of the whole text, while the writer (one thread for every reader)
/// tokenizes about half as much. (SQLite's BM25 rank, which would count
/// words, ranks every match the same without them.)
pub fn distinct_words(text: &str) -> String {
    // Sized for the pieces of prose (six bytes and a space each, about
    // half of them new): the set never grows while it is filled.
    let mut seen = crate::model::words_hash::WordSet::with_capacity_and_hasher(
        text.len() / 12 + 8,
        crate::model::words_hash::WordHash::default(),
    );
    let mut out = String::with_capacity(text.len() / 2);
    // Split at ASCII white space only, byte by byte (an ASCII byte is
    // never inside a longer character): a piece holding another separator
    // (a no-break space) is still split there by the tokenizer.
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && space(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !space(bytes[at]) {
            at += 1;
        }
        if at > start {
            let chunk = &text[start..at];
            if seen.insert(chunk) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(chunk);
            }
        }
    }
    out
}

/// A 64-bit hash of a file's bytes, the same on every machine and in every
/// version of aka (it is stored): eight bytes at a time, multiplied and
/// rotated, then the length. It tells a changed file from a touched one;
/// it is no defence against a forger.
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail))
        .wrapping_mul(K)
        .rotate_left(29);
    h ^= bytes.len() as u64;
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_tells_bytes_apart_and_is_stable() {
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_ne!(content_hash(b"12345678"), content_hash(b"123456780"));
        // Stored in indexes: it must never change.
        assert_eq!(content_hash(b"Fancy Bear"), content_hash(b"Fancy Bear"));
        assert_eq!(content_hash(b""), 0x6d33_f779_d66d_60b1);
    }
}
