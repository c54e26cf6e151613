//! The entity sidebar's state: the actors found in the article, grouped by
//! kind, in one of two orders, folded and filtered as the user asks.

use std::collections::HashSet;

use crate::model::fold::fold_str;
use crate::model::{ActorIdx, Catalog, Kind};
use crate::scroll::{ListLines, Scroll};

/// How actors are ordered inside their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// By first appearance in the article.
    #[default]
    Appearance,
    /// By mention count, most mentioned first.
    Count,
}

impl Order {
    /// The other order.
    #[must_use]
    pub(crate) fn toggled(self) -> Self {
        match self {
            Order::Appearance => Order::Count,
            Order::Count => Order::Appearance,
        }
    }

    /// A word for the status bar.
    pub fn label(self) -> &'static str {
        match self {
            Order::Appearance => "by first appearance",
            Order::Count => "by mentions",
        }
    }
}

/// Which actors the sidebar lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Those of the article shown, with their counts there.
    #[default]
    Article,
    /// Those of every article read, with their counts across them.
    Corpus,
}

impl Scope {
    /// The other scope.
    #[must_use]
    pub(crate) fn toggled(self) -> Self {
        match self {
            Scope::Article => Scope::Corpus,
            Scope::Corpus => Scope::Article,
        }
    }
}

/// A group of the sidebar: the actors of one kind, or those no catalog
/// holds ([`crate::app::discovered`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Catalog actors of this kind.
    Kind(Kind),
    /// Actors discovered in the text.
    Discovered,
}

impl Group {
    /// The groups in the order the sidebar shows them.
    pub fn all() -> impl Iterator<Item = Group> {
        Kind::ALL
            .into_iter()
            .map(Group::Kind)
            .chain(std::iter::once(Group::Discovered))
    }

    /// The group of `actor`.
    pub fn of(actor: ActorIdx, catalog: &Catalog) -> Group {
        if catalog.is_discovered(actor) {
            Group::Discovered
        } else {
            Group::Kind(catalog.actor(actor).kind)
        }
    }

    /// Its heading.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Kind(kind) => kind.heading(),
            Group::Discovered => "Not in the catalog",
        }
    }
}

/// One row of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A group heading, with how many actors it groups.
    Kind {
        /// The group.
        kind: Group,
        /// Actors under it (that pass the filter).
        actors: usize,
        /// Whether its actors are hidden.
        folded: bool,
    },
    /// An actor.
    Actor(ActorIdx),
}

/// The sidebar's state.
#[derive(Debug, Clone)]
pub struct Sidebar {
    /// Whose actors are listed.
    pub scope: Scope,
    /// The order inside each kind.
    pub order: Order,
    /// Folded groups.
    pub folded: HashSet<Group>,
    /// The filter (name or alias contains it, case-insensitive).
    pub filter: String,
    /// The rows as shown.
    pub rows: Vec<Row>,
    /// Viewport and cursor over the rows.
    pub scroll: Scroll<usize>,
}

impl Default for Sidebar {
    fn default() -> Self {
        Sidebar {
            scope: Scope::default(),
            order: Order::default(),
            folded: HashSet::new(),
            filter: String::new(),
            rows: Vec::new(),
            scroll: Scroll::new(0, 1),
        }
    }
}

impl Sidebar {
    /// The rows as [`crate::scroll::Lines`].
    pub fn lines(&self) -> ListLines {
        ListLines(self.rows.len())
    }

    /// Rebuilds the rows from the actors `found` (in order of first
    /// appearance) and their counts, keeping the cursor on the same actor
    /// (or kind) when it is still shown.
    pub(crate) fn rebuild(
        &mut self,
        found: &[ActorIdx],
        count: impl Fn(ActorIdx) -> usize,
        catalog: &Catalog,
    ) {
        let keep = self.rows.get(self.scroll.cursor).copied();
        let needle = fold_str(self.filter.trim(), true);
        let passes = |a: ActorIdx| passes_filter(catalog, a, &needle);
        self.rows.clear();
        for kind in Group::all() {
            let mut actors: Vec<ActorIdx> = found
                .iter()
                .copied()
                .filter(|&a| Group::of(a, catalog) == kind && passes(a))
                .collect();
            if actors.is_empty() {
                continue;
            }
            if self.order == Order::Count {
                // A stable sort keeps first appearance among equal counts.
                actors.sort_by_key(|&a| std::cmp::Reverse(count(a)));
            }
            let folded = needle.is_empty() && self.folded.contains(&kind);
            self.rows.push(Row::Kind {
                kind,
                actors: actors.len(),
                folded,
            });
            if !folded {
                self.rows.extend(actors.into_iter().map(Row::Actor));
            }
        }
        let cursor = keep
            .and_then(|k| self.find(k, catalog))
            .unwrap_or_else(|| self.scroll.cursor.min(self.rows.len().saturating_sub(1)));
        let mut lines = self.lines();
        self.scroll.reveal(cursor, &mut lines);
    }

    /// Renumbers the actors of the rows shown after the catalog changed
    /// (`to` gives each actor's new index, or `None` if it is gone), so
    /// that the next rebuild keeps the cursor where it was.
    pub(crate) fn renumber(&mut self, to: impl Fn(ActorIdx) -> Option<ActorIdx>) {
        let cursor = self.scroll.cursor;
        let mut kept = Vec::with_capacity(self.rows.len());
        let mut new_cursor = 0;
        for (i, row) in self.rows.iter().enumerate() {
            let row = match *row {
                Row::Actor(a) => match to(a) {
                    Some(b) => Row::Actor(b),
                    None => continue,
                },
                other @ Row::Kind { .. } => other,
            };
            if i <= cursor {
                new_cursor = kept.len();
            }
            kept.push(row);
        }
        self.rows = kept;
        self.scroll.cursor = new_cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Where a row (or, for a hidden actor, its kind's heading) now is.
    fn find(&self, row: Row, catalog: &Catalog) -> Option<usize> {
        match row {
            Row::Actor(a) => self.row_of(a, catalog),
            Row::Kind { kind, .. } => self.heading_of(kind),
        }
    }

    /// The row of `kind`'s heading.
    pub(crate) fn heading_of(&self, kind: Group) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| matches!(r, Row::Kind { kind: k, .. } if *k == kind))
    }

    /// The row showing `actor`, or the heading of its kind if folded.
    pub fn row_of(&self, actor: ActorIdx, catalog: &Catalog) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| *r == Row::Actor(actor))
            .or_else(|| {
                self.heading_of(Group::of(actor, catalog))
                    .filter(|&h| matches!(self.rows[h], Row::Kind { folded: true, .. }))
            })
    }

    /// The row under the cursor.
    pub fn cursor_row(&self) -> Option<Row> {
        self.rows.get(self.scroll.cursor).copied()
    }

    /// The actor under the cursor, if the cursor is on an actor.
    pub fn cursor_actor(&self) -> Option<ActorIdx> {
        match self.cursor_row() {
            Some(Row::Actor(a)) => Some(a),
            _ => None,
        }
    }

    /// Moves the cursor to `row` with as little scrolling as needed.
    pub fn reveal(&mut self, row: usize) {
        let mut lines = self.lines();
        self.scroll.reveal(row, &mut lines);
    }

    /// The kind of the row under the cursor.
    pub(crate) fn cursor_kind(&self, catalog: &Catalog) -> Option<Group> {
        match self.cursor_row()? {
            Row::Kind { kind, .. } => Some(kind),
            Row::Actor(a) => Some(Group::of(a, catalog)),
        }
    }
}

/// Whether actor `a` passes a filter (`needle`, folded): some alias of it
/// holds the words; an empty filter passes everyone.
pub(crate) fn passes_filter(catalog: &Catalog, a: ActorIdx, needle: &str) -> bool {
    needle.is_empty()
        || catalog
            .actor(a)
            .aliases
            .iter()
            .any(|al| fold_str(&al.text, true).contains(needle))
}
