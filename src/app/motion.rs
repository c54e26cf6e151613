//! Movement: the keys that move the cursor in each pane (the article's
//! lines, the sidebar's rows, the detail panel's rows that can be chosen),
//! through an actor's mentions across articles (`n`/`N`), through any
//! mention (`]`/`[`) and through a search's matches.

use super::article::{Dir, Step};
use super::corpus::EntryState;
use super::overlay::list_motion;
use super::{App, Open, Origin};
use crate::action::Action;
use crate::model::ActorIdx;
use crate::scroll::{ListLines, Scroll};
use crate::wrap::truncate;

impl App {
    pub(super) fn article_motion(&mut self, action: Action) {
        let prefer = self.selected;
        self.article_mut().move_lines(prefer, |s, l| match action {
            Action::Up => s.up(1, l),
            Action::Down => s.down(1, l),
            Action::PageUp => s.page_up(l),
            Action::PageDown => s.page_down(l),
            Action::HalfPageUp => s.half_page_up(l),
            Action::HalfPageDown => s.half_page_down(l),
            Action::Top => s.top(l),
            Action::Bottom => s.bottom(l),
            _ => {}
        });
        self.article_moved();
    }

    pub(super) fn sidebar_motion(&mut self, action: Action) {
        let mut lines = self.sidebar.lines();
        let s = &mut self.sidebar.scroll;
        list_motion(s, action, &mut lines);
        self.sidebar_cursor_moved();
    }

    pub(super) fn sidebar_cursor_moved(&mut self) {
        if let Some(actor) = self.sidebar.cursor_actor()
            && Some(actor) != self.selected
        {
            self.select_and_go(actor, Origin::Sidebar);
        }
    }

    pub(super) fn detail_motion(&mut self, action: Action) {
        let Some(layout) = self.detail_layout() else {
            return;
        };
        let mut lines = ListLines(layout.len());
        let s = &mut self.detail.scroll;
        match action {
            // The cursor goes to the next row that can be chosen, the view
            // following; but rows that cannot (an unfolded description)
            // and would not all be seen on the way are read a line at a
            // time. A cursor resting below the view (after `g`, or
            // following the article) is brought into view rather than
            // skipped.
            Action::Down => {
                let bottom = s.bottom_line(&mut lines);
                let next = if s.cursor > bottom {
                    Some(s.cursor)
                } else {
                    layout.next_action(s.cursor.max(s.offset.saturating_sub(1)))
                };
                match next {
                    Some(r) => reveal_or_read(s, r, 1, &mut lines),
                    None => s.scroll_view_only(1, &mut lines),
                }
            }
            Action::Up => {
                let bottom = s.bottom_line(&mut lines);
                match layout.prev_action(s.cursor.min(bottom + 1)) {
                    Some(r) => reveal_or_read(s, r, -1, &mut lines),
                    None => s.scroll_view_only(-1, &mut lines),
                }
            }
            Action::Top => {
                s.top(&mut lines);
                s.cursor = layout.first_action().unwrap_or(0);
            }
            Action::Bottom => {
                s.bottom(&mut lines);
                s.cursor = layout.prev_action(layout.len()).unwrap_or(0);
            }
            _ => {
                list_motion(s, action, &mut lines);
                if let Some(r) = layout.nearest_action(s.cursor) {
                    s.cursor = r;
                    s.follow(&mut lines);
                }
            }
        }
    }

    /// Shows descriptions whole or folds them; the panel goes to its top,
    /// where the description is, and the cursor stays on its row.
    pub(super) fn toggle_description(&mut self) {
        let cursor = self
            .detail_layout()
            .map(|l| l.row(self.detail.scroll.cursor));
        self.detail.unfold = !self.detail.unfold;
        if let (Some(row), Some(layout)) = (cursor, self.detail_layout()) {
            self.detail.scroll.cursor = layout.index_of(row);
        }
        self.detail.scroll.offset = 0;
        self.message = Some(if self.detail.unfold {
            "descriptions shown whole (d folds them)".to_string()
        } else {
            "descriptions folded (d shows them whole)".to_string()
        });
    }

    pub(super) fn step_mention(&mut self, dir: Dir) {
        let Some(actor) = self.selected else {
            self.message = Some("no actor selected".to_string());
            return;
        };
        let art = self.article();
        let list = art.index.mentions_of(actor);
        let step = art.step(list, dir);
        if step.is_none_or(|s| s.wrapped) && self.cross(actor, dir) {
            return;
        }
        match step {
            Some(step) => {
                let m = self.view.index.mentions_of(actor)[step.index];
                self.go_to_mention(m, step, dir);
            }
            None => {
                self.message = Some(self.absent(actor));
            }
        }
    }

    /// Past the last (or first) mention of `actor` in a corpus: opens the
    /// next (previous) article that mentions it, wrapping around the corpus.
    /// Returns false when no other article mentions it.
    pub(super) fn cross(&mut self, actor: ActorIdx, dir: Dir) -> bool {
        let Some(current) = self.current else {
            return false;
        };
        if let Some(archive) = &self.corpus.archive
            && !archive.lists.contains_key(&actor)
            && self.corpus.article_count(actor) > 0
        {
            // Asked of the index when the actor was selected.
            self.message = Some(format!(
                "looking up the articles that mention {} in the archive…",
                self.name(actor)
            ));
            return true;
        }
        let Some((target, wrapped)) = self.corpus.next_with(actor, current, dir) else {
            return false;
        };
        let open = match dir {
            Dir::Forward => Open::FirstOf(actor),
            Dir::Backward => Open::LastOf(actor),
        };
        let stored = matches!(self.corpus.entries[target].state, EntryState::Stored { .. });
        if !stored && !self.open_article(target, open) {
            return false;
        }
        let total = self.corpus.total();
        let title = match &self.corpus.entries[target].state {
            EntryState::Ready(d) => d.title.as_str(),
            EntryState::Stored { title, .. } => title,
            _ => "",
        };
        let title = truncate(title, 30);
        let note = format!(
            "{}{} {} article {}/{total} “{title}”",
            self.name(actor),
            if wrapped {
                " wrapped around the corpus:"
            } else {
                ""
            },
            match dir {
                Dir::Forward => "continued in",
                Dir::Backward => "back in",
            },
            target + 1,
        );
        if stored {
            return self.open_or_read(target, open, None, Some(note));
        }
        self.message = Some(note);
        true
    }

    pub(super) fn step_any(&mut self, dir: Dir) {
        let art = self.article();
        let n = art.index.mentions.len();
        if n == 0 {
            self.message = Some("no known actor is mentioned in this article".to_string());
            return;
        }
        let at = art.cursor_byte;
        let mentions = &art.index.mentions;
        let (index, wrapped) = match (dir, art.current) {
            (Dir::Forward, Some(c)) if c + 1 < n => (c + 1, false),
            (Dir::Forward, Some(_)) => (0, true),
            (Dir::Forward, None) => match mentions.partition_point(|m| m.start() < at) {
                i if i < n => (i, false),
                _ => (0, true),
            },
            (Dir::Backward, Some(c)) if c > 0 => (c - 1, false),
            (Dir::Backward, Some(_)) => (n - 1, true),
            (Dir::Backward, None) => match mentions.partition_point(|m| m.start() < at) {
                0 => (n - 1, true),
                i => (i - 1, false),
            },
        };
        self.go_to_mention(index, Step { index, wrapped }, dir);
    }

    pub(super) fn go_to_mention(&mut self, mention: usize, step: Step, dir: Dir) {
        self.article_mut().goto_mention(mention);
        self.article_moved();
        if step.wrapped {
            self.message = Some(
                match dir {
                    Dir::Forward => "wrapped to first mention",
                    Dir::Backward => "wrapped to last mention",
                }
                .to_string(),
            );
        }
    }

    pub(super) fn step_match(&mut self, dir: Dir) {
        let art = self.article();
        let Some(search) = &art.search else {
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            return;
        }
        let at = art.cursor_byte;
        let (index, wrapped) = match (dir, search.current) {
            (Dir::Forward, Some(c)) if c + 1 < n => (c + 1, false),
            (Dir::Forward, Some(_)) => (0, true),
            (Dir::Backward, Some(c)) if c > 0 => (c - 1, false),
            (Dir::Backward, Some(_)) => (n - 1, true),
            (Dir::Forward, None) => match search.matches.partition_point(|r| r.start <= at) {
                i if i < n => (i, false),
                _ => (0, true),
            },
            (Dir::Backward, None) => match search.matches.partition_point(|r| r.start < at) {
                0 => (n - 1, true),
                i => (i - 1, false),
            },
        };
        self.goto_match(index);
        if wrapped {
            self.message = Some(
                match dir {
                    Dir::Forward => "search wrapped to the top",
                    Dir::Backward => "search wrapped to the bottom",
                }
                .to_string(),
            );
        }
    }

    pub(super) fn goto_match(&mut self, index: usize) {
        let art = self.article_mut();
        let Some(start) = art
            .search
            .as_ref()
            .and_then(|s| s.matches.get(index))
            .map(|r| r.start)
        else {
            return;
        };
        let pos = art.layout.pos_of(art.doc.text(), start);
        art.with_lines(|s, l| s.jump(pos, l));
        art.cursor_byte = start;
        art.current = art.index.mention_at(start);
        self.article_moved();
    }
}

/// Moves the cursor to row `r`, the view following, unless the view would
/// jump past rows never shown: then it only scrolls one line towards it
/// (`by`), so that a long text between two rows is read a line at a time.
fn reveal_or_read(s: &mut Scroll<usize>, r: usize, by: isize, lines: &mut ListLines) {
    let mut moved = *s;
    moved.reveal(r, lines);
    if moved.offset.abs_diff(s.offset) > s.viewport {
        s.scroll_view_only(by, lines);
    } else {
        *s = moved;
    }
}
