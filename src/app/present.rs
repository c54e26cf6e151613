//! Teaching mode: a [`Lesson`] of the article shown, the step the class is
//! at, whether everything is revealed, and the transitions of `p`, Space,
//! ←, `r`, Home and Esc. The steps and captions are the model's
//! ([`crate::model::lesson`]); this is only where the class stands in
//! them. Leaving teaching mode keeps the place: `p` resumes there, Home
//! starts again.

use std::collections::HashMap;
use std::ops::Range;

use ratatui::layout::Rect;

use super::article::ArticleView;
use super::job::Job;
use super::overlay::Overlay;
use super::{App, EAGER_SOURCES};
use crate::action::Action;
use crate::layout;
use crate::model::ActorIdx;
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
    /// When each mention and each actor is first met, so that a frame
    /// asks only about what it shows, however long the lesson.
    met: Met,
}

/// An actor met: the step it is first met at, and its names, each with the
/// step it is first met at, in that order.
type MetActor = (usize, ActorIdx, Vec<(usize, String)>);

/// The step at which each mention, actor and name of a lesson is first
/// shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Met {
    /// (mention, first step showing it), sorted by mention.
    mentions: Vec<(usize, usize)>,
    /// Per actor in order of first step: that step, and its names with the
    /// step each was first met at, in that order.
    actors: Vec<MetActor>,
}

impl Met {
    fn new(lesson: &Lesson) -> Self {
        let mut first: HashMap<usize, usize> = HashMap::new();
        let mut actors: Vec<MetActor> = Vec::new();
        let mut at: HashMap<ActorIdx, (usize, Vec<usize>)> = HashMap::new();
        for (k, step) in lesson.steps.iter().enumerate() {
            first.entry(step.mention).or_insert(k);
            let (i, aliases) = at.entry(step.actor).or_insert_with(|| {
                actors.push((k, step.actor, Vec::new()));
                (actors.len() - 1, Vec::new())
            });
            if !aliases.contains(&step.alias) {
                aliases.push(step.alias);
                actors[*i].2.push((k, step.text.clone()));
            }
        }
        let mut mentions: Vec<(usize, usize)> = first.into_iter().collect();
        mentions.sort_unstable();
        Met { mentions, actors }
    }

    /// [`Lesson::revealed`]`(shown)`, in time proportional to the actors.
    fn revealed(&self, shown: usize) -> Vec<Revealed> {
        self.actors
            .iter()
            .take_while(|(k, _, _)| *k < shown)
            .map(|(_, actor, names)| Revealed {
                actor: *actor,
                names: names
                    .iter()
                    .take_while(|(k, _)| *k < shown)
                    .map(|(_, n)| n.clone())
                    .collect(),
            })
            .collect()
    }
}

impl Presentation {
    /// A presentation of `lesson`, before its first step.
    pub fn new(lesson: Lesson, article: usize) -> Self {
        let met = Met::new(&lesson);
        Presentation {
            lesson,
            article,
            step: None,
            reveal_all: false,
            met,
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
        self.met.revealed(self.shown())
    }

    /// The mentions the article highlights, sorted.
    pub fn shown_mentions(&self) -> Vec<usize> {
        self.shown_mentions_in(0..usize::MAX)
    }

    /// The mentions highlighted among `mentions` (indices into the
    /// article's mentions), sorted: what a frame showing them asks, in
    /// time proportional to them.
    pub fn shown_mentions_in(&self, mentions: Range<usize>) -> Vec<usize> {
        let shown = self.shown();
        let list = &self.met.mentions;
        let from = list.partition_point(|&(m, _)| m < mentions.start);
        list[from..]
            .iter()
            .take_while(|&&(m, _)| m < mentions.end)
            .filter(|&&(_, k)| k < shown)
            .map(|&(m, _)| m)
            .collect()
    }

    /// Moves to the next step; false at the last.
    pub(crate) fn forward(&mut self) -> bool {
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
    pub(crate) fn restart(&mut self) {
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
        let actors = self.met.actors.len();
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

impl App {
    /// Uses `lesson` (made from a tour file) instead of the reading order
    /// when the article at `article` is presented.
    pub(crate) fn set_tour(&mut self, article: usize, lesson: Lesson) {
        self.tour = Some((article, lesson));
    }

    /// Enters teaching mode on the article shown: where the lesson of this
    /// article was left, or else before the first step of its tour if one
    /// was set for it, else of every mention in reading order.
    pub(crate) fn start_presentation(&mut self) {
        let Some(index) = self.current else {
            self.message = Some("no article yet".to_string());
            return;
        };
        let resumed = self.lesson.as_ref().is_some_and(|p| p.article == index);
        if resumed {
            if let Some(p) = &self.lesson
                && let Some(i) = p.step
            {
                self.message = Some(format!(
                    "back at step {} of {} (Home starts again)",
                    i + 1,
                    p.lesson.len()
                ));
            }
        } else {
            let lesson = match &self.tour {
                Some((article, lesson)) if *article == index => lesson.clone(),
                _ if self.view.text().len() > EAGER_SOURCES => {
                    // Teaching mode opens when the job is done.
                    self.start_job(Job::Lesson { article: index });
                    return;
                }
                _ => Lesson::reading_order(
                    self.view.text(),
                    &self.view.index.mentions,
                    &self.catalog,
                ),
            };
            self.lesson = Some(Presentation::new(lesson, index));
        }
        if let Some(p) = &self.lesson {
            let actors: Vec<_> = p.lesson.steps.iter().map(|s| s.actor).collect();
            for actor in actors {
                self.slots.ensure(actor);
            }
        }
        self.prompt = None;
        self.overlay = Overlay::Present;
        self.fit_presentation();
    }

    /// Leaves teaching mode, keeping its place; the explorer's cursor is
    /// on the mention of the step shown.
    fn stop_presentation(&mut self) {
        self.overlay = Overlay::None;
        if let Some(areas) = self.areas {
            let text = areas.article_text;
            self.view
                .set_geometry(text.width as usize, text.height as usize);
        }
        if let Some(step) = self.lesson.as_ref().and_then(Presentation::current) {
            let mention = step.mention;
            self.view.goto_mention(mention);
        }
        self.article_moved();
    }

    /// Lays the article out for the presentation's text area and shows the
    /// step.
    pub(super) fn fit_presentation(&mut self) {
        let (width, height) = self.size;
        if let Some(areas) = layout::present(Rect::new(0, 0, width, height)) {
            let text = areas.text;
            self.view
                .set_geometry(text.width as usize, text.height as usize);
        }
        self.show_step();
    }

    /// Puts the step's mention at the centre of the article, or the top of
    /// the article before the first step.
    fn show_step(&mut self) {
        let Some(p) = &self.lesson else {
            return;
        };
        if let Some(m) = p.current().map(|s| s.mention) {
            centre(&mut self.view, m);
        } else {
            self.view.current = None;
            self.view.cursor_byte = 0;
            self.view.with_lines(|s, l| s.top(l));
        }
    }

    /// Applies an action in teaching mode; returns false for those that
    /// act as usual (quit, resize, help).
    pub(super) fn update_present(&mut self, action: Action) -> bool {
        if !matches!(self.overlay, Overlay::Present) {
            return false;
        }
        let Some(p) = &mut self.lesson else {
            return false;
        };
        match action {
            Action::Quit | Action::Resize { .. } | Action::ToggleHelp => return false,
            Action::TogglePresent | Action::Back => {
                self.stop_presentation();
                return true;
            }
            Action::NextStep => {
                if !p.forward() {
                    self.message = Some(if p.lesson.is_empty() {
                        "no step: no known actor is mentioned here (Esc: explorer)".to_string()
                    } else {
                        "the end: Home starts again, Esc goes back to the explorer".to_string()
                    });
                }
            }
            Action::PrevStep => {
                if !p.back() {
                    self.message = Some("this is the start: Space begins".to_string());
                }
            }
            Action::RevealAll => {
                p.reveal_all = !p.reveal_all;
                self.message = Some(if p.reveal_all {
                    let n = p.revealed().len();
                    format!("all {n} actors revealed (r: only those met so far)")
                } else {
                    "only what was met so far".to_string()
                });
            }
            Action::RestartLesson => p.restart(),
            _ => return true,
        }
        self.show_step();
        true
    }
}
