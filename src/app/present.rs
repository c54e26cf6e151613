//! Teaching mode's state: a [`Lesson`] of the article shown, the step the
//! class is at, and whether everything is revealed. The steps and captions
//! are the model's ([`crate::model::lesson`]); this is only where the class
//! stands in them.

use super::article::ArticleView;
use crate::model::lesson::{Lesson, Revealed, Step};
use crate::scroll::Lines;

/// Where a presentation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// The lesson told.
    pub lesson: Lesson,
    /// The article it tells (its place among the session's inputs).
    pub article: usize,
    /// The step shown; `None` before the first.
    pub step: Option<usize>,
    /// Whether every actor and name is revealed, not only those met.
    pub reveal_all: bool,
}

impl Presentation {
    /// A presentation of `lesson`, before its first step.
    pub fn new(lesson: Lesson, article: usize) -> Self {
        Presentation {
            lesson,
            article,
            step: None,
            reveal_all: false,
        }
    }

    /// The step shown, if any.
    pub fn current(&self) -> Option<&Step> {
        self.step.and_then(|i| self.lesson.steps.get(i))
    }

    /// How many steps are revealed: those up to the current one, or all.
    pub fn shown(&self) -> usize {
        if self.reveal_all {
            self.lesson.len()
        } else {
            self.step.map_or(0, |i| i + 1)
        }
    }

    /// The who's who strip: actors and names revealed.
    pub fn revealed(&self) -> Vec<Revealed> {
        self.lesson.revealed(self.shown())
    }

    /// The mentions the article highlights, sorted.
    pub fn shown_mentions(&self) -> Vec<usize> {
        self.lesson.shown_mentions(self.shown())
    }

    /// Moves to the next step; false at the last.
    pub fn forward(&mut self) -> bool {
        let next = self.step.map_or(0, |i| i + 1);
        if next < self.lesson.len() {
            self.step = Some(next);
            true
        } else {
            false
        }
    }

    /// Moves to the previous step (before the first, from the first); false
    /// when already before the first.
    pub fn back(&mut self) -> bool {
        match self.step {
            None => false,
            Some(i) => {
                self.step = i.checked_sub(1);
                true
            }
        }
    }

    /// Back to before the first step, nothing revealed.
    pub fn restart(&mut self) {
        self.step = None;
        self.reveal_all = false;
    }

    /// What the caption line says now: the step's caption, or before the
    /// first step the tour's title or how many steps there are.
    pub fn caption(&self, article_name: &str) -> String {
        if let Some(step) = self.current() {
            return step.caption.clone();
        }
        let n = self.lesson.len();
        let actors = self.lesson.revealed(n).len();
        let intro = match n {
            0 => "no known actor is mentioned in this article.".to_string(),
            1 => "1 mention of 1 actor. Press Space to begin.".to_string(),
            _ => format!(
                "{n} mentions of {actors} actor{}, one step at a time. Press Space to begin.",
                if actors == 1 { "" } else { "s" }
            ),
        };
        match &self.lesson.title {
            Some(title) => format!(
                "{title} — {n} step{}. Press Space to begin.",
                if n == 1 { "" } else { "s" }
            ),
            None => format!("{article_name}: {intro}"),
        }
    }
}

/// Makes mention `i` current and scrolls so that its line is in the middle
/// of the view (as near as the ends of the text allow).
pub fn centre(view: &mut ArticleView, i: usize) {
    view.goto_mention(i);
    view.with_lines(|s, l| {
        s.offset = l.backward(s.cursor, s.viewport / 2).0;
        s.follow(l);
    });
}
