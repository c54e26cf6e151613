//! The whole of an article shown in part ([`crate::model::stream`]), made
//! ready to take the part's place off the screen's thread: what opening
//! it costs in time that grows with it (counting its actors, indexing its
//! mentions, cutting its lines) is done where it was read, so that taking
//! it in ([`App::receive_whole`](super::App::receive_whole)) costs a frame.

use super::article::Prepared;
use super::corpus::ArticleData;
use crate::model::{Article, Catalog, InvalidUtf8};

/// The whole of an article shown in part, ready to show.
#[derive(Debug)]
pub struct Whole {
    /// The article's place among the session's inputs.
    pub index: usize,
    /// The article as the corpus keeps it.
    pub(crate) data: ArticleData,
    /// Its index and lines, for the view.
    pub(crate) prepared: Prepared,
    /// Where it was not UTF-8.
    pub(crate) invalid_utf8: Option<InvalidUtf8>,
    /// The [`crate::model::Matcher::id`] of the finder that found its
    /// mentions (the `catalog` it was prepared with goes with it).
    pub(crate) matched_by: u64,
}

impl Whole {
    /// Makes `article` (the input at `index`, searched with the finder
    /// made from `catalog`) ready to show; on any thread.
    pub fn prepare(
        index: usize,
        article: Article,
        invalid_utf8: Option<InvalidUtf8>,
        catalog: &Catalog,
    ) -> Self {
        let matched_by = article.matched_by;
        let data = ArticleData::new(article);
        let prepared = Prepared::new(
            data.doc.text(),
            std::sync::Arc::clone(&data.mentions),
            data.markdown,
            catalog,
        );
        Whole {
            index,
            data,
            prepared,
            invalid_utf8,
            matched_by,
        }
    }
}
