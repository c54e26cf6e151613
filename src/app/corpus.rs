//! The articles of a session and what is known across them.
//!
//! Every input has an [`Entry`] from the start, in argument order, whether
//! it is still loading, read, or unreadable; articles arrive from the
//! background loader in any order and are filed at their place. What the
//! corpus knows about each actor ([`ActorCorpus`]: which articles mention
//! it, how often) is updated as each article arrives, in time proportional
//! to that article's actors, so nothing here ever walks the whole corpus.

use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;
use std::sync::Arc;

use super::article::Dir;
use super::sources::SourceIndex;
use crate::archive::store::Listed;
use crate::model::{ActorIdx, Article, Document, Matcher, Mention};

/// An article read and searched, as the corpus keeps it.
#[derive(Debug, Clone)]
pub struct ArticleData {
    /// The text, shared with the open view.
    pub doc: Arc<Document>,
    /// Every mention, in text order, shared with background jobs.
    pub mentions: Arc<Vec<Mention>>,
    /// The first heading or first line.
    pub title: String,
    /// Whether headings are styled (`*.md`).
    pub markdown: bool,
    /// The actors mentioned with their counts, in order of first appearance.
    pub counts: Vec<(ActorIdx, usize)>,
}

impl ArticleData {
    /// Files an analysed article, counting its actors.
    pub fn new(article: Article) -> Self {
        let mut counts: Vec<(ActorIdx, usize)> = Vec::new();
        let mut at: HashMap<ActorIdx, usize> = HashMap::new();
        for m in &article.mentions {
            // An ambiguous mention counts for every candidate, as in the
            // article's own index.
            let single = [m.actor()];
            let actors = if m.is_ambiguous() {
                m.candidates()
            } else {
                &single
            };
            for &actor in actors {
                match at.entry(actor) {
                    MapEntry::Occupied(e) => counts[*e.get()].1 += 1,
                    MapEntry::Vacant(e) => {
                        e.insert(counts.len());
                        counts.push((actor, 1));
                    }
                }
            }
        }
        ArticleData {
            doc: Arc::new(article.doc),
            mentions: Arc::new(article.mentions),
            title: article.title,
            markdown: article.markdown,
            counts,
        }
    }

    /// How often `actor` is mentioned here.
    pub fn count(&self, actor: ActorIdx) -> usize {
        self.counts
            .iter()
            .find(|(a, _)| *a == actor)
            .map_or(0, |&(_, n)| n)
    }
}

/// Adds the counts of the article at `index` to the corpus's.
fn count_in(
    actors: &mut HashMap<ActorIdx, ActorCorpus>,
    found: &mut Vec<ActorIdx>,
    index: usize,
    data: &ArticleData,
) {
    for &(actor, n) in &data.counts {
        let stats = actors.entry(actor).or_insert_with(|| {
            found.push(actor);
            ActorCorpus::default()
        });
        stats.mentions += n;
        // Articles mostly arrive in order: the search ends at once.
        let at = stats.articles.partition_point(|&(i, _)| i < index);
        stats.articles.insert(at, (index, n));
    }
}

/// Takes the counts of the article at `index` out of the corpus's.
fn count_out(
    actors: &mut HashMap<ActorIdx, ActorCorpus>,
    found: &mut Vec<ActorIdx>,
    index: usize,
    data: &ArticleData,
) {
    for &(actor, n) in &data.counts {
        let Some(stats) = actors.get_mut(&actor) else {
            continue;
        };
        stats.mentions = stats.mentions.saturating_sub(n);
        stats.articles.retain(|&(i, _)| i != index);
        if stats.articles.is_empty() {
            actors.remove(&actor);
            found.retain(|&a| a != actor);
        }
    }
}

/// Where an input stands.
#[derive(Debug, Clone)]
pub enum EntryState {
    /// A worker has not delivered it yet.
    Loading,
    /// Read and searched.
    Ready(Box<ArticleData>),
    /// It could not be read: why.
    Failed(String),
    /// In the archive index, not read (or read and let go again): what
    /// the index says of it. Opening it reads it.
    Stored {
        /// Its title.
        title: Box<str>,
        /// How many mentions it has.
        mentions: u32,
    },
}

/// One input of the session, in argument order.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name shown for it (the path as given).
    pub name: String,
    /// Loading, ready or failed.
    pub state: EntryState,
    /// Its sources, once first needed.
    pub sources: Option<Arc<SourceIndex>>,
    /// Where the cursor was when the user last left it.
    pub last_cursor: Option<usize>,
}

impl Entry {
    /// The article, once it is ready.
    pub fn ready(&self) -> Option<&ArticleData> {
        match &self.state {
            EntryState::Ready(data) => Some(data),
            _ => None,
        }
    }
}

/// What the corpus knows about one actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorCorpus {
    /// Mentions in all articles read so far.
    pub mentions: usize,
    /// The articles that mention it and how often, by article index.
    pub articles: Vec<(usize, usize)>,
}

/// The session's articles and the counts across them.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// One per input, in argument order.
    pub entries: Vec<Entry>,
    /// Per actor mentioned anywhere: its counts.
    pub actors: HashMap<ActorIdx, ActorCorpus>,
    /// The actors mentioned anywhere, in the order they were first seen.
    pub found: Vec<ActorIdx>,
    /// How many inputs are still loading.
    pub loading: usize,
    /// The inputs that could not be read, in the order they failed.
    pub failed: Vec<usize>,
    /// When the articles are an archive index's: what it says of them.
    pub archive: Option<Box<Archived>>,
}

/// How many articles read from an archive stay in memory: the one shown
/// and those read last (the others are read again when opened).
pub const ARCHIVE_KEPT: usize = 64;

/// What the corpus knows from an archive index (docs/archive.md,
/// Browsing): the counts across every article, which no article read
/// here holds, and the articles of the actors asked about.
#[derive(Debug, Clone, Default)]
pub struct Archived {
    /// What goes before an index's path to make an entry's name (the
    /// folder as the user named it, with a `/`).
    pub prefix: String,
    /// How many articles the index holds, once it has said.
    pub total: Option<usize>,
    /// Whether the whole list has arrived.
    pub listed: bool,
    /// A new listing arriving after a re-index, to replace the entries
    /// once whole.
    pub relisting: Option<Vec<Entry>>,
    /// What a re-index wrote and deleted, waiting for the whole list.
    pub patch: Option<crate::archive::shelf::Patch>,
    /// Per actor: articles and mentions across the archive.
    pub totals: HashMap<ActorIdx, (usize, usize)>,
    /// Whether the totals have arrived.
    pub counted: bool,
    /// The articles of each actor asked about, with counts, in order.
    pub lists: HashMap<ActorIdx, Vec<(usize, usize)>>,
    /// The actors whose articles were asked for.
    pub asked: std::collections::HashSet<ActorIdx>,
    /// The entries read, the last read last.
    pub recent: std::collections::VecDeque<usize>,
}

impl Archived {
    /// The entry of an article as the index lists it.
    pub fn entry(&self, listed: Listed) -> Entry {
        Entry {
            name: format!("{}{}", self.prefix, listed.path),
            state: EntryState::Stored {
                title: listed.title.into_boxed_str(),
                mentions: u32::try_from(listed.mentions).unwrap_or(u32::MAX),
            },
            sources: None,
            last_cursor: None,
        }
    }
}

impl Corpus {
    /// A corpus of inputs with these names, all still loading.
    pub fn pending(names: Vec<String>) -> Self {
        let loading = names.len();
        Corpus {
            entries: names
                .into_iter()
                .map(|name| Entry {
                    name,
                    state: EntryState::Loading,
                    sources: None,
                    last_cursor: None,
                })
                .collect(),
            loading,
            ..Corpus::default()
        }
    }

    /// Files the article at `index` and adds its counts. Returns false if
    /// that input was not waiting for one.
    pub fn add(&mut self, index: usize, article: Article) -> bool {
        let Some(entry) = self.entries.get_mut(index) else {
            return false;
        };
        let data = ArticleData::new(article);
        match entry.state {
            EntryState::Loading => self.loading -= 1,
            // Read from an archive: the counts are the index's.
            EntryState::Stored { .. } if self.archive.is_some() => {}
            _ => return false,
        }
        entry.state = EntryState::Ready(Box::new(data));
        match &mut self.archive {
            Some(archive) => archive.recent.push_back(index),
            None => count_in(
                &mut self.actors,
                &mut self.found,
                index,
                self.entries[index].ready().expect("filed"),
            ),
        }
        true
    }

    /// Lets go of the articles read from an archive beyond the last
    /// [`ARCHIVE_KEPT`], but never `keep` (the one shown).
    pub fn let_go(&mut self, keep: Option<usize>) {
        let Some(archive) = &mut self.archive else {
            return;
        };
        while archive.recent.len() > ARCHIVE_KEPT {
            let Some(index) = archive.recent.pop_front() else {
                break;
            };
            if Some(index) == keep {
                archive.recent.push_back(index);
                continue;
            }
            let Some(entry) = self.entries.get_mut(index) else {
                continue;
            };
            if let EntryState::Ready(data) = &entry.state {
                entry.state = EntryState::Stored {
                    title: data.title.as_str().into(),
                    mentions: u32::try_from(data.mentions.len()).unwrap_or(u32::MAX),
                };
                entry.sources = None;
            }
        }
    }

    /// The entry of the index's path `path`, in an archive.
    pub fn position(&self, path: &str) -> Option<usize> {
        let prefix = self.archive.as_ref()?.prefix.len();
        self.entries
            .binary_search_by(|e| e.name.get(prefix..).unwrap_or("").cmp(path))
            .ok()
    }

    /// Files `article` at `index` in place of the one read before (the
    /// first part of the same article), counting it instead; the sources
    /// found in that part are forgotten. Returns false if no article was
    /// there.
    pub fn replace(&mut self, index: usize, data: ArticleData) -> bool {
        let Some(entry) = self.entries.get_mut(index) else {
            return false;
        };
        let EntryState::Ready(old) = &entry.state else {
            return false;
        };
        if self.archive.is_none() {
            count_out(&mut self.actors, &mut self.found, index, old);
            count_in(&mut self.actors, &mut self.found, index, &data);
        }
        entry.state = EntryState::Ready(Box::new(data));
        entry.sources = None;
        true
    }

    /// Finds the mentions of the articles read whose text `changed` says
    /// may have changed, again, with `matcher` (after the catalog changed),
    /// and counts all of them anew; their sources found before are
    /// forgotten.
    pub fn reanalyse(&mut self, matcher: &Matcher, changed: impl Fn(&str) -> bool) {
        // An archive's counts are its index's, for the catalog it was
        // matched with.
        let count = self.archive.is_none();
        if count {
            self.actors.clear();
            self.found.clear();
        }
        for (index, entry) in self.entries.iter_mut().enumerate() {
            let EntryState::Ready(data) = &entry.state else {
                continue;
            };
            if !changed(data.doc.text()) {
                if count {
                    count_in(&mut self.actors, &mut self.found, index, data);
                }
                continue;
            }
            let article = Article::analyse(data.doc.as_ref().clone(), matcher);
            let data = ArticleData::new(article);
            if count {
                count_in(&mut self.actors, &mut self.found, index, &data);
            }
            entry.state = EntryState::Ready(Box::new(data));
            entry.sources = None;
        }
    }

    /// Marks the input at `index` as unreadable.
    pub fn fail(&mut self, index: usize, reason: String) -> bool {
        let Some(entry) = self.entries.get_mut(index) else {
            return false;
        };
        match entry.state {
            EntryState::Loading => self.loading -= 1,
            // An archive's file gone or changed since it was indexed.
            EntryState::Stored { .. } => {}
            _ => return false,
        }
        entry.state = EntryState::Failed(reason);
        self.failed.push(index);
        true
    }

    /// How many articles there are: in an archive still being listed, as
    /// many as its index holds.
    pub fn total(&self) -> usize {
        match &self.archive {
            Some(a) if !a.listed => a.total.unwrap_or(0).max(self.entries.len()),
            _ => self.entries.len(),
        }
    }

    /// How many mentions `actor` has in all articles read (in an archive,
    /// in all its articles).
    pub fn count(&self, actor: ActorIdx) -> usize {
        match &self.archive {
            Some(archive) => archive.totals.get(&actor).map_or(0, |t| t.1),
            None => self.actors.get(&actor).map_or(0, |s| s.mentions),
        }
    }

    /// How many articles mention `actor` (in an archive, as the index
    /// counts them, even before they are listed here).
    pub fn article_count(&self, actor: ActorIdx) -> usize {
        match &self.archive {
            Some(archive) => archive
                .totals
                .get(&actor)
                .map_or_else(|| archive.lists.get(&actor).map_or(0, Vec::len), |t| t.0),
            None => self.articles_of(actor).len(),
        }
    }

    /// The articles mentioning `actor`, with counts, in argument order (in
    /// an archive, once asked for: [`Archived::lists`]).
    pub fn articles_of(&self, actor: ActorIdx) -> &[(usize, usize)] {
        match &self.archive {
            Some(archive) => archive.lists.get(&actor).map_or(&[], Vec::as_slice),
            None => self.actors.get(&actor).map_or(&[], |s| &s.articles),
        }
    }

    /// The next article after `from` (before it, going backward) that
    /// mentions `actor`, wrapping around the corpus; `None` if no other
    /// article does. The flag says whether it wrapped.
    pub(crate) fn next_with(
        &self,
        actor: ActorIdx,
        from: usize,
        dir: Dir,
    ) -> Option<(usize, bool)> {
        let list = self.articles_of(actor);
        let (index, wrapped) = match dir {
            Dir::Forward => match list.partition_point(|&(i, _)| i <= from) {
                k if k < list.len() => (list[k].0, false),
                _ => (list.first()?.0, true),
            },
            Dir::Backward => match list.partition_point(|&(i, _)| i < from) {
                0 => (list.last()?.0, true),
                k => (list[k - 1].0, false),
            },
        };
        (index != from).then_some((index, wrapped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Catalog, Matcher};

    fn article(text: &str, matcher: &Matcher) -> Article {
        Article::analyse(Document::from_text("a.txt", text), matcher)
    }

    fn data(text: &str, matcher: &Matcher) -> ArticleData {
        ArticleData::new(article(text, matcher))
    }

    #[test]
    fn counts_grow_as_articles_arrive_in_any_order() {
        let catalog = Catalog::bundled();
        let matcher = Matcher::new(&catalog);
        let apt = catalog.index_of("apt28").unwrap();
        let names = (0..4).map(|i| format!("{i}.txt")).collect();
        let mut c = Corpus::pending(names);
        assert!(c.add(2, article("APT28 and APT28.", &matcher)));
        assert!(c.add(0, article("APT28.", &matcher)));
        assert!(!c.add(0, article("APT28.", &matcher)), "filed once");
        assert!(c.fail(3, "permission denied".into()));
        assert_eq!(c.articles_of(apt), [(0, 1), (2, 2)]);
        assert_eq!(c.count(apt), 3);
        assert_eq!(c.loading, 1);
        assert_eq!(c.next_with(apt, 0, Dir::Forward), Some((2, false)));
        assert_eq!(c.next_with(apt, 2, Dir::Forward), Some((0, true)));
        assert_eq!(c.next_with(apt, 0, Dir::Backward), Some((2, true)));
        assert_eq!(c.next_with(apt, 1, Dir::Backward), Some((0, false)));
        assert!(c.replace(2, data("Fancy Bear, APT28, APT28, APT28.", &matcher)));
        assert_eq!(c.articles_of(apt), [(0, 1), (2, 4)]);
        assert_eq!(c.count(apt), 5);
        assert!(c.replace(0, data("Nobody here.", &matcher)));
        assert_eq!(c.articles_of(apt), [(2, 4)]);
        assert!(!c.replace(1, data("APT28.", &matcher)), "not read yet");
        assert!(c.replace(2, data("Nobody here.", &matcher)));
        assert!(!c.found.contains(&apt));
        let mut single = Corpus::pending(vec!["a".into()]);
        single.add(0, article("APT28.", &matcher));
        assert_eq!(single.next_with(apt, 0, Dir::Forward), None);
    }
}
