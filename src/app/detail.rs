//! The detail panel's rows for the selected actor.
//!
//! A fixed header that never scrolls says who the actor is and why it is
//! selected: kind, country and count, then how the mention under the
//! cursor was matched ([`HEADER_ROWS`] rows in all, whatever the actor, so
//! that the list below does not jump as the reader moves). Below it
//! scrolls the list: when the current mention is ambiguous, every actor it
//! may name (to pick one); the description, folded to [`DESC_FOLDED`]
//! lines unless the reader unfolds it; aliases (those found first, with
//! counts, as a wrapped paragraph), links both ways, the sentences the
//! article cites it for (when it is a source), one keyword-in-context row
//! per mention, the occurrences of its risky aliases that did not count,
//! and in a corpus the articles that mention it. List rows are numbered
//! without being materialised, so an actor with a million mentions costs no
//! more to lay out than one with three; candidates, links, cited sentences,
//! mentions and articles are the rows the cursor stops on.

use std::ops::Range;

use ratatui::layout::Rect;

use super::article::ArticleIndex;
use crate::model::{ActorIdx, Catalog};
use crate::scroll::Scroll;
use crate::wrap::{width_of, wrap};

/// A titled part of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The aliases.
    Aliases,
    /// Links to and from other actors.
    Links,
    /// The sentences the article attributes to the actor.
    Cited,
    /// The mentions in context.
    Mentions,
    /// Occurrences of risky aliases that did not count.
    Dropped,
    /// The articles of the corpus that mention the actor.
    Articles,
}

/// Rows of the explanation of the current mention in the header.
pub const WHY_ROWS: usize = 2;

/// Rows of the header: kind, country and count, then the explanation.
pub const HEADER_ROWS: usize = 1 + WHY_ROWS;

/// Lines of a description shown while it is folded.
pub const DESC_FOLDED: usize = 3;

/// Rows the list keeps before a rule is drawn under the header.
const LIST_MIN: u16 = 5;

/// The header's rows in the panel's rows `rows` (inside its border): at
/// most [`HEADER_ROWS`], and no more than half of them on a short panel.
pub fn header_area(rows: Rect) -> Rect {
    let height = (HEADER_ROWS as u16).min(rows.height / 2);
    Rect { height, ..rows }
}

/// The row of the rule between the header and the list, when the panel
/// has room for it.
pub fn rule_row(rows: Rect) -> Option<u16> {
    let header = header_area(rows).height;
    (rows.height >= header + 1 + LIST_MIN).then_some(rows.y + header)
}

/// The scrolling list's rows in the panel's rows `rows`: those below the
/// header and its rule. Its height is the detail scroll's viewport, and
/// clicks are counted from its top.
pub fn list_area(rows: Rect) -> Rect {
    let top = rule_row(rows).map_or(rows.y + header_area(rows).height, |y| y + 1);
    Rect {
        y: top,
        height: rows.bottom() - top,
        ..rows
    }
}

/// What one row of the panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailRow {
    /// Kind, country and mention count (the header's first row).
    Meta,
    /// A line of the wrapped explanation of the current mention (in the
    /// header; the last one shows the rest of the text, cut to fit).
    Why(usize),
    /// The n-th actor an ambiguous current mention may name.
    Candidate(usize),
    /// A line of the wrapped description (the last shown ends with a mark
    /// when the description is folded).
    Desc(usize),
    /// An empty row between sections.
    Blank,
    /// A section heading.
    Heading(Section),
    /// The n-th line of the alias paragraph ([`DetailLayout::alias_lines`]).
    Aliases(usize),
    /// The n-th link ([`DetailLayout::links`]).
    Link(usize),
    /// The n-th sentence the article cites the actor for.
    Cited(usize),
    /// The n-th mention of the actor in the article.
    Mention(usize),
    /// The n-th article that mentions the actor.
    Article(usize),
    /// The n-th occurrence of a risky alias that did not count.
    Dropped(usize),
    /// Said when the actor is not in the article.
    NoMentions,
}

/// A link as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    /// The actor at the other end.
    pub other: ActorIdx,
    /// The relation in words (`operated by`).
    pub phrase: String,
    /// True when the selected actor links to `other`; false when `other`
    /// links to it.
    pub outgoing: bool,
}

/// What the panel shows beyond the article's mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extra {
    /// Sentences the article cites the actor for.
    pub cited: usize,
    /// Articles of the corpus that mention it (0 outside a corpus).
    pub articles: usize,
}

/// How the mention under the cursor was matched, and what did not count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Why {
    /// The explanation of the current mention (empty when the cursor is on
    /// no mention of the actor).
    pub text: String,
    /// Every actor an ambiguous current mention may name; empty otherwise.
    pub candidates: Vec<ActorIdx>,
    /// Why each occurrence of the actor's risky aliases did not count.
    pub dropped: Vec<String>,
}

/// The rows of the panel for one actor at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLayout {
    /// The actor shown.
    pub actor: ActorIdx,
    /// The description's lines (byte ranges of the description), all of
    /// them, shown or not.
    pub desc: Vec<Range<usize>>,
    /// How many of the description's lines are shown.
    pub desc_shown: usize,
    /// Aliases in display order: (alias index, count in the article), those
    /// found first by count, then the others in catalog order.
    pub aliases: Vec<(usize, usize)>,
    /// The alias paragraph's lines, as ranges of [`Self::aliases`].
    pub alias_lines: Vec<Range<usize>>,
    /// Links from the actor, then links to it.
    pub links: Vec<LinkRow>,
    /// How many mentions the actor has in the article.
    pub mentions: usize,
    /// Cited sentences and articles.
    pub extra: Extra,
    /// The explanation, candidates and dropped occurrences.
    pub why: Why,
    /// The explanation's lines (byte ranges of `why.text`).
    pub why_lines: Vec<Range<usize>>,
    desc_at: usize,
    aliases_at: usize,
    links_at: Option<usize>,
    cited_at: Option<usize>,
    mentions_at: usize,
    dropped_at: Option<usize>,
    articles_at: Option<usize>,
    len: usize,
}

impl DetailLayout {
    /// Lays out the panel for `actor` in a pane `width` cells wide, the
    /// description whole if `unfold`, else folded to [`DESC_FOLDED`] lines.
    pub fn new(
        catalog: &Catalog,
        index: &ArticleIndex,
        actor: ActorIdx,
        width: usize,
        extra: Extra,
        why: Why,
        unfold: bool,
    ) -> Self {
        let a = catalog.actor(actor);
        let why_lines = if why.text.is_empty() {
            Vec::new()
        } else {
            wrap(&why.text, 0..why.text.len(), width.max(1))
        };
        let desc = a
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| wrap(d, 0..d.len(), width.max(1)))
            .unwrap_or_default();
        let counts = index.actors.get(&actor).map(|s| s.alias_counts.as_slice());
        let mut aliases: Vec<(usize, usize)> = (0..a.aliases.len())
            .map(|i| (i, counts.and_then(|c| c.get(i)).copied().unwrap_or(0)))
            .collect();
        aliases.sort_by_key(|&(i, n)| (n == 0, std::cmp::Reverse(n), i));
        let alias_lines = paragraph(
            aliases
                .iter()
                .map(|&(i, n)| alias_width(&a.aliases[i].text, n)),
            width,
        );
        let mut links: Vec<LinkRow> = a
            .links
            .iter()
            .filter_map(|l| {
                Some(LinkRow {
                    other: catalog.index_of(&l.to.0)?,
                    phrase: l.rel.phrase(),
                    outgoing: true,
                })
            })
            .collect();
        for (i, other) in catalog.actors().iter().enumerate() {
            for l in other.links.iter().filter(|l| l.to.0 == a.id) {
                links.push(LinkRow {
                    other: i,
                    phrase: l.rel.phrase(),
                    outgoing: false,
                });
            }
        }
        let mentions = index.count(actor);
        let desc_shown = if unfold {
            desc.len()
        } else {
            desc.len().min(DESC_FOLDED)
        };
        let desc_at = why.candidates.len();
        let aliases_at = desc_at + desc_shown + 1;
        let after_aliases = aliases_at + 1 + alias_lines.len();
        let links_at = (!links.is_empty()).then_some(after_aliases + 1);
        let after_links = links_at.map_or(after_aliases, |l| l + 1 + links.len());
        let cited_at = (extra.cited > 0).then_some(after_links + 1);
        let after_cited = cited_at.map_or(after_links, |c| c + 1 + extra.cited);
        let mentions_at = after_cited + 1;
        let after_mentions = mentions_at + 1 + mentions.max(1);
        let dropped_at = (!why.dropped.is_empty()).then_some(after_mentions + 1);
        let after_dropped = dropped_at.map_or(after_mentions, |d| d + 1 + why.dropped.len());
        let articles_at = (extra.articles > 0).then_some(after_dropped + 1);
        let len = articles_at.map_or(after_dropped, |a| a + 1 + extra.articles);
        DetailLayout {
            actor,
            desc,
            desc_shown,
            aliases,
            alias_lines,
            links,
            mentions,
            extra,
            why,
            why_lines,
            desc_at,
            aliases_at,
            links_at,
            cited_at,
            mentions_at,
            dropped_at,
            articles_at,
            len,
        }
    }

    /// How many rows the scrolling list has.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list has no rows (never: the aliases are always there).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `k`-th row of the header ([`HEADER_ROWS`] of them).
    pub fn header_row(&self, k: usize) -> DetailRow {
        match k {
            0 => DetailRow::Meta,
            k => DetailRow::Why(k - 1),
        }
    }

    /// Whether the description has lines that are not shown.
    pub fn desc_folded(&self) -> bool {
        self.desc_shown < self.desc.len()
    }

    /// The row at `i` of the scrolling list.
    pub fn row(&self, i: usize) -> DetailRow {
        if i < self.desc_at {
            return DetailRow::Candidate(i);
        }
        if i < self.desc_at + self.desc_shown {
            return DetailRow::Desc(i - self.desc_at);
        }
        if let Some(a) = self.articles_at.filter(|&a| i >= a) {
            return match i - a {
                0 => DetailRow::Heading(Section::Articles),
                k => DetailRow::Article(k - 1),
            };
        }
        if let Some(d) = self.dropped_at.filter(|&d| i >= d) {
            return match i - d {
                0 => DetailRow::Heading(Section::Dropped),
                k if k - 1 < self.why.dropped.len() => DetailRow::Dropped(k - 1),
                _ => DetailRow::Blank,
            };
        }
        if i >= self.mentions_at {
            return match i - self.mentions_at {
                0 => DetailRow::Heading(Section::Mentions),
                k if k > self.mentions.max(1) => DetailRow::Blank,
                _ if self.mentions == 0 => DetailRow::NoMentions,
                k => DetailRow::Mention(k - 1),
            };
        }
        if let Some(c) = self.cited_at.filter(|&c| i >= c) {
            return match i - c {
                0 => DetailRow::Heading(Section::Cited),
                k if k - 1 < self.extra.cited => DetailRow::Cited(k - 1),
                _ => DetailRow::Blank,
            };
        }
        if let Some(l) = self.links_at.filter(|&l| i >= l) {
            return match i - l {
                0 => DetailRow::Heading(Section::Links),
                k if k - 1 < self.links.len() => DetailRow::Link(k - 1),
                _ => DetailRow::Blank,
            };
        }
        if i >= self.aliases_at {
            return match i - self.aliases_at {
                0 => DetailRow::Heading(Section::Aliases),
                k if k - 1 < self.alias_lines.len() => DetailRow::Aliases(k - 1),
                _ => DetailRow::Blank,
            };
        }
        DetailRow::Blank
    }

    /// Where `row` is in this layout: the same link or mention at another
    /// width or with the description folded otherwise; other rows map to
    /// the nearest section start.
    pub fn index_of(&self, row: DetailRow) -> usize {
        match row {
            DetailRow::Meta | DetailRow::Why(_) | DetailRow::Blank => 0,
            DetailRow::Candidate(k) => k.min(self.desc_at.saturating_sub(1)),
            DetailRow::Desc(i) => match self.desc_shown {
                0 => self.desc_at,
                n => self.desc_at + i.min(n - 1),
            },
            DetailRow::Heading(Section::Dropped) | DetailRow::Dropped(_) => {
                self.dropped_at.unwrap_or(self.mentions_at)
            }
            DetailRow::Heading(Section::Aliases) | DetailRow::Aliases(_) => self.aliases_at,
            DetailRow::Heading(Section::Links) => self.links_at.unwrap_or(self.mentions_at),
            DetailRow::Link(i) => self.links_at.map_or(self.mentions_at, |l| {
                l + 1 + i.min(self.links.len().saturating_sub(1))
            }),
            DetailRow::Heading(Section::Cited) => self.cited_at.unwrap_or(self.mentions_at),
            DetailRow::Cited(k) => self.cited_at.map_or(self.mentions_at, |c| {
                c + 1 + k.min(self.extra.cited.saturating_sub(1))
            }),
            DetailRow::Heading(Section::Mentions) | DetailRow::NoMentions => self.mentions_at,
            DetailRow::Mention(k) => self.mention_row(k.min(self.mentions.saturating_sub(1))),
            DetailRow::Heading(Section::Articles) => self.articles_at.unwrap_or(self.mentions_at),
            DetailRow::Article(k) => self.articles_at.map_or(self.mentions_at, |a| {
                a + 1 + k.min(self.extra.articles.saturating_sub(1))
            }),
        }
    }

    /// Whether the cursor stops on row `i` (a link or a mention).
    pub fn is_action(&self, i: usize) -> bool {
        matches!(
            self.row(i),
            DetailRow::Candidate(_)
                | DetailRow::Link(_)
                | DetailRow::Mention(_)
                | DetailRow::Cited(_)
                | DetailRow::Article(_)
        )
    }

    /// The row of the `k`-th mention.
    pub fn mention_row(&self, k: usize) -> usize {
        self.mentions_at + 1 + k
    }

    /// The row of the first mention's heading.
    pub(crate) fn mentions_heading(&self) -> usize {
        self.mentions_at
    }

    /// The row of the `k`-th candidate of an ambiguous current mention.
    pub fn candidate_row(&self, k: usize) -> usize {
        k
    }

    /// The actionable rows, as ranges in order: candidates, links, cited
    /// sentences, mentions, articles.
    fn action_ranges(&self) -> [Range<usize>; 5] {
        let candidates = self.candidate_row(0)..self.desc_at;
        let links = self
            .links_at
            .map_or(0..0, |l| l + 1..l + 1 + self.links.len());
        let cited = self
            .cited_at
            .map_or(0..0, |c| c + 1..c + 1 + self.extra.cited);
        let mentions = self.mention_row(0)..self.mention_row(self.mentions);
        let articles = self
            .articles_at
            .map_or(0..0, |a| a + 1..a + 1 + self.extra.articles);
        [candidates, links, cited, mentions, articles]
    }

    /// The first actionable row after `i`.
    pub(crate) fn next_action(&self, i: usize) -> Option<usize> {
        self.action_ranges().into_iter().find_map(|r| {
            let cand = (i + 1).max(r.start);
            (cand < r.end).then_some(cand)
        })
    }

    /// The last actionable row before `i`.
    pub(crate) fn prev_action(&self, i: usize) -> Option<usize> {
        self.action_ranges().into_iter().rev().find_map(|r| {
            let cand = i.checked_sub(1)?.min(r.end.checked_sub(1)?);
            (cand >= r.start && !r.is_empty()).then_some(cand)
        })
    }

    /// The first actionable row, if any.
    pub fn first_action(&self) -> Option<usize> {
        self.action_ranges()
            .into_iter()
            .find(|r| !r.is_empty())
            .map(|r| r.start)
    }

    /// The actionable row nearest to `i`: at or after it, else before it.
    pub(crate) fn nearest_action(&self, i: usize) -> Option<usize> {
        if self.is_action(i) {
            return Some(i);
        }
        self.next_action(i).or_else(|| self.prev_action(i))
    }
}

/// The cells an alias takes in the paragraph: its text, and ` 3×` when
/// found.
pub(crate) fn alias_width(text: &str, count: usize) -> usize {
    let count = if count == 0 {
        0
    } else {
        count.to_string().len() + 2
    };
    width_of(text, 0..text.len()) + count
}

/// The separator between aliases in the paragraph.
pub const ALIAS_SEPARATOR: &str = " · ";

/// Fills lines of `width` cells with items of the given widths, separated
/// by [`ALIAS_SEPARATOR`]; returns each line's range of items. An item too
/// wide for a line has one of its own.
fn paragraph(widths: impl Iterator<Item = usize>, width: usize) -> Vec<Range<usize>> {
    let sep = width_of(ALIAS_SEPARATOR, 0..ALIAS_SEPARATOR.len());
    let mut lines = Vec::new();
    let (mut start, mut used, mut n) = (0, 0, 0);
    for (j, w) in widths.enumerate() {
        n = j + 1;
        if j > start && used + sep + w > width {
            lines.push(start..j);
            start = j;
            used = w;
        } else {
            used += if j > start { sep + w } else { w };
        }
    }
    if n > start {
        lines.push(start..n);
    }
    lines
}

/// The detail panel's state.
#[derive(Debug, Clone)]
pub struct Detail {
    /// Viewport and cursor over the rows of the list.
    pub scroll: Scroll<usize>,
    /// Whether descriptions are shown whole rather than folded to
    /// [`DESC_FOLDED`] lines (for every actor, until toggled again).
    pub unfold: bool,
}

impl Default for Detail {
    fn default() -> Self {
        Detail {
            scroll: Scroll::new(0, 1),
            unfold: false,
        }
    }
}

impl Detail {
    /// Back to the top, the cursor on the first link or mention (which
    /// may be below the view until the panel has the focus).
    pub(crate) fn reset(&mut self, layout: Option<&DetailLayout>) {
        self.scroll.offset = 0;
        self.scroll.cursor = layout.and_then(DetailLayout::first_action).unwrap_or(0);
    }
}
