//! Tour files: a prepared lesson's order of steps and captions.
//!
//! A tour is JSON (documented in `docs/tour.md`):
//!
//! ```json
//! {
//!   "title": "Who broke into the DNC?",
//!   "steps": [
//!     { "mention": "Democratic National Committee" },
//!     { "mention": "DNC", "occurrence": 2, "caption": "The same committee again." },
//!     { "actor": "apt28", "occurrence": 3 }
//!   ]
//! }
//! ```
//!
//! Each step names one mention of the article: by how it is written
//! (`mention`, compared without regard to case or line breaks), by whose it
//! is (`actor`, a catalog id), or both; `occurrence` (from 1) picks among
//! several. The steps are shown in the tour's order; mentions the tour does
//! not name are skipped; `caption` replaces the generated caption.
//!
//! A tour is checked against the article before anything is shown: a step
//! that names no mention is an error that gives the file and the step
//! number.

use std::path::Path;

use serde::Deserialize;

use super::{Lesson, Planned};
use crate::model::catalog::{Catalog, io_reason};
use crate::model::matcher::Mention;

/// A tour that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TourError {
    /// The file could not be read.
    #[error("{path}: cannot read tour: {reason}")]
    Io {
        /// The file as named by the user.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file is not a valid tour; `line` and `column` are 1-based.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file as named by the user.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A step that names no mention of the article, or names it badly.
    #[error("{path}: step {step}: {message}")]
    Step {
        /// The file as named by the user.
        path: String,
        /// 1-based number of the step in the file.
        step: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// One step as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourStep {
    /// The mention as written in the article.
    #[serde(default)]
    pub mention: Option<String>,
    /// The id of the mention's actor.
    #[serde(default)]
    pub actor: Option<String>,
    /// Which of the matching mentions, from 1.
    #[serde(default = "first")]
    pub occurrence: usize,
    /// A caption to show instead of the generated one.
    #[serde(default)]
    pub caption: Option<String>,
}

fn first() -> usize {
    1
}

/// A tour file, parsed but not yet checked against an article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    /// The file's name, for messages.
    #[serde(skip)]
    pub path: String,
    /// A line shown before the first step.
    #[serde(default)]
    pub title: Option<String>,
    /// The steps, in order.
    pub steps: Vec<TourStep>,
}

impl Tour {
    /// Reads and parses a tour file.
    pub fn read(path: &Path) -> Result<Self, TourError> {
        let name = path.display().to_string();
        let json = std::fs::read_to_string(path).map_err(|e| TourError::Io {
            path: name.clone(),
            reason: if e.kind() == std::io::ErrorKind::InvalidData {
                "invalid UTF-8: tours must be UTF-8 text".to_string()
            } else {
                io_reason(&e)
            },
        })?;
        Tour::parse(&name, &json)
    }

    /// Parses the JSON text of a tour named `path`.
    pub fn parse(path: &str, json: &str) -> Result<Self, TourError> {
        let mut tour: Tour = serde_json::from_str(json).map_err(|e| TourError::Invalid {
            path: path.to_string(),
            line: e.line(),
            column: crate::model::catalog::char_column(json, e.line(), e.column()),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or("")
                .to_string(),
        })?;
        tour.path = path.to_string();
        if tour.steps.is_empty() {
            return Err(TourError::Invalid {
                path: path.to_string(),
                line: 1,
                column: 1,
                message: "the tour has no steps".to_string(),
            });
        }
        Ok(tour)
    }

    /// The lesson this tour makes of an article: each step resolved to a
    /// mention of `mentions` (found in `text`), or the first step that
    /// names none.
    pub fn lesson(
        &self,
        text: &str,
        mentions: &[Mention],
        catalog: &Catalog,
    ) -> Result<Lesson, TourError> {
        let plan = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                Tour::resolve(step, text, mentions, catalog)
                    .map(|mention| Planned {
                        mention,
                        caption: step.caption.clone(),
                    })
                    .map_err(|message| TourError::Step {
                        path: self.path.clone(),
                        step: i + 1,
                        message,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut lesson = Lesson::planned(text, mentions, catalog, &plan);
        lesson.title.clone_from(&self.title);
        Ok(lesson)
    }

    /// The index of the mention `step` names, or why there is none.
    fn resolve(
        step: &TourStep,
        text: &str,
        mentions: &[Mention],
        catalog: &Catalog,
    ) -> Result<usize, String> {
        let actor = match &step.actor {
            Some(id) => Some(
                catalog
                    .index_of(id)
                    .ok_or_else(|| format!("no actor “{id}” in the catalog"))?,
            ),
            None => None,
        };
        let wanted = step.mention.as_deref().map(fold);
        if wanted.is_none() && actor.is_none() {
            return Err("a step needs \"mention\", \"actor\" or both".to_string());
        }
        if step.occurrence == 0 {
            return Err("\"occurrence\" counts from 1".to_string());
        }
        let matching: Vec<usize> = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| actor.is_none_or(|a| m.actor() == a))
            .filter(|(_, m)| {
                wanted
                    .as_ref()
                    .is_none_or(|w| text.get(m.range()).is_some_and(|t| fold(t) == *w))
            })
            .map(|(i, _)| i)
            .collect();
        let what = match (&step.mention, &step.actor) {
            (Some(t), Some(id)) => format!("“{t}” as {id}"),
            (Some(t), None) => format!("“{t}”"),
            (None, Some(id)) => format!("of {id}"),
            (None, None) => String::new(),
        };
        match matching.len() {
            0 => Err(format!(
                "no mention {what} in the article (`aka mentions PATH` lists them)"
            )),
            n if step.occurrence > n => Err(format!(
                "there {} only {n} mention{} {what} in the article, so no occurrence {}",
                if n == 1 { "is" } else { "are" },
                if n == 1 { "" } else { "s" },
                step.occurrence
            )),
            _ => Ok(matching[step.occurrence - 1]),
        }
    }
}

/// Text compared without regard to case or runs of white space.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
