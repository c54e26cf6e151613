//! Teaching aka from the explorer (README, Teaching aka): `a` adds the
//! discovered name under the cursor (or the text selected with `v`) as an
//! alias of an actor chosen in a filterable picker; `x` says an occurrence
//! is no mention, here only or everywhere; `u` undoes, Ctrl-r redoes.
//!
//! Every change is made to the user catalog in memory; the catalog is made
//! anew from the same files and the changed user catalog
//! ([`Rebuild::catalog`]), every article read is searched again
//! ([`App::recatalog`]), and an [`Effect::SaveUserCatalog`] asks the event
//! loop to write it (atomically, journaled: [`crate::formats::user`]). A
//! save that fails is said on the status bar and the change is taken back,
//! so what the explorer shows is what the file holds. When the user
//! catalog did not load, or the session has none, teaching is off and the
//! status bar says why: a file that did not load is never written over.

use std::sync::Arc;

use super::overlay::{Overlay, list_motion};
use super::{App, Effect};
use crate::action::Action;
use crate::formats::user::UserCatalog;
use crate::model::fold::fold_str;
use crate::model::matcher::context_of;
use crate::model::packs::Pack;
use crate::model::{ActorIdx, Catalog, CatalogError, CatalogSource, Suppression};
use crate::scroll::{ListLines, Scroll};

/// How to make the session's catalog again: the files it was loaded from,
/// before the user catalog.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// The catalog files, in load order (the bundled one first, if loaded).
    pub sources: Vec<CatalogSource>,
    /// How many of `sources` come before the packs.
    pub before: usize,
    /// The knowledge packs.
    pub packs: Vec<Pack>,
}

impl Rebuild {
    /// The catalog of the files and `user`.
    pub fn catalog(&self, user: &UserCatalog) -> Result<Catalog, CatalogError> {
        let mut all = self.sources.clone();
        all.push(user.source());
        crate::formats::catalogs::load_with_packs(&all, self.before, &self.packs)
    }
}

/// One change, as the undo history keeps it: the user catalog on one side
/// of it, and the change in words.
type Step = (Box<UserCatalog>, String);

/// The user catalog being taught, and its history in this session.
#[derive(Debug, Clone)]
pub struct Taught {
    rebuild: Rebuild,
    user: UserCatalog,
    /// The user catalog before each change, last change last.
    undo: Vec<Step>,
    /// The user catalog after each change undone, last undone last.
    redo: Vec<Step>,
    /// What the save the event loop performs now did to the history.
    saving: Option<Did>,
}

/// What a change did to the history, to take it back if it cannot be
/// saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Did {
    Change,
    Undo,
    Redo,
}

/// Whether the explorer may teach aka.
#[derive(Debug, Clone)]
pub enum Teacher {
    /// No: why (said on the status bar when a teaching key is pressed).
    Off(String),
    /// Yes.
    On(Box<Taught>),
}

impl Default for Teacher {
    fn default() -> Self {
        Teacher::Off("teaching is off: this session has no user catalog".to_string())
    }
}

impl Teacher {
    /// Teaching into `user`, the catalog being `rebuild`'s files and it.
    pub fn new(rebuild: Rebuild, user: UserCatalog) -> Self {
        Teacher::On(Box::new(Taught {
            rebuild,
            user,
            undo: Vec::new(),
            redo: Vec::new(),
            saving: None,
        }))
    }

    /// No teaching, and why.
    pub fn off(why: impl Into<String>) -> Self {
        Teacher::Off(why.into())
    }
}

/// A dialog of teaching, standing over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeachDialog {
    /// `x`: is this occurrence no mention here only, or everywhere?
    Suppress {
        /// The words, as the article writes them.
        alias: String,
        /// The article's name.
        article: String,
        /// The words around it ([`context_of`]).
        context: String,
    },
    /// `a`: the actor to give the alias to.
    Pick(Picker),
}

/// The filterable list of actors `a` chooses from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The alias to add.
    pub alias: String,
    /// The filter typed (name or alias contains it).
    pub filter: String,
    /// The actors that pass, the one first proposed first.
    pub rows: Vec<ActorIdx>,
    /// Viewport and cursor over the rows.
    pub scroll: Scroll<usize>,
    /// Proposed first (the selected actor).
    first: Option<ActorIdx>,
}

impl Picker {
    fn refilter(&mut self, catalog: &Catalog) {
        let needle = fold_str(self.filter.trim(), true);
        let passes = |a: ActorIdx| {
            needle.is_empty()
                || catalog
                    .actor(a)
                    .aliases
                    .iter()
                    .any(|al| fold_str(&al.text, true).contains(&needle))
        };
        let first = self.first.filter(|&a| passes(a));
        self.rows = first
            .into_iter()
            .chain(
                (0..catalog.len())
                    .filter(|&a| Some(a) != first && !catalog.is_discovered(a) && passes(a)),
            )
            .collect();
        let mut lines = ListLines(self.rows.len().max(1));
        self.scroll.top(&mut lines);
    }
}

impl App {
    /// The teaching dialog, when one is open.
    pub fn teach_dialog(&self) -> Option<&TeachDialog> {
        match &self.overlay {
            Overlay::Teach(dialog) => Some(dialog),
            _ => None,
        }
    }

    /// Sets whether and into which user catalog the explorer teaches.
    pub fn set_teacher(&mut self, teacher: Teacher) {
        self.teacher = teacher;
    }

    /// The user catalog being taught, if teaching is on.
    pub fn user_catalog(&self) -> Option<&UserCatalog> {
        match &self.teacher {
            Teacher::On(t) => Some(&t.user),
            Teacher::Off(_) => None,
        }
    }

    /// Says why teaching is off, and returns false, if it is.
    fn can_teach(&mut self) -> bool {
        match &self.teacher {
            Teacher::On(_) => true,
            Teacher::Off(why) => {
                self.message = Some(why.clone());
                false
            }
        }
    }

    /// `x`: asks whether the mention under the cursor is no mention here
    /// only or everywhere.
    pub(super) fn start_suppress(&mut self) {
        if !self.can_teach() {
            return;
        }
        let art = self.article();
        let Some(i) = art.current else {
            self.message = Some("put the cursor on a mention to say it is none".to_string());
            return;
        };
        let range = art.index.mentions[i].range.clone();
        let text = art.text();
        let alias = text.get(range.clone()).unwrap_or_default().to_string();
        self.overlay = Overlay::Teach(TeachDialog::Suppress {
            alias,
            article: art.doc.name.clone(),
            context: context_of(text, range),
        });
    }

    /// `a`: the text selected, or the discovered name under the cursor,
    /// as an alias of an actor chosen in a picker.
    pub(super) fn start_add_alias(&mut self) {
        if !self.can_teach() {
            return;
        }
        let alias = self.selection_text().or_else(|| {
            let art = self.article();
            let m = &art.index.mentions[art.current?];
            self.catalog
                .is_discovered(m.actor)
                .then(|| art.text().get(m.range.clone()).map(str::to_string))
                .flatten()
        });
        let Some(alias) = alias.map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")) else {
            self.message = Some(
                "select words with v (or put the cursor on a name not in the catalog), then a"
                    .to_string(),
            );
            return;
        };
        if alias.is_empty() {
            return;
        }
        self.selection = None;
        let first = self
            .selected
            .filter(|&a| !self.catalog.is_discovered(a))
            .or(self.last_catalog_actor);
        let mut picker = Picker {
            alias,
            filter: String::new(),
            rows: Vec::new(),
            scroll: Scroll::new(0, 1),
            first,
        };
        let mut lines = ListLines(1);
        picker
            .scroll
            .set_viewport(self.overlay_height().saturating_sub(1).max(1), &mut lines);
        picker.refilter(&self.catalog);
        self.overlay = Overlay::Teach(TeachDialog::Pick(picker));
    }

    /// Fits the picker's viewport to a new overlay height.
    pub(super) fn fit_picker(&mut self, height: usize) {
        if let Overlay::Teach(TeachDialog::Pick(p)) = &mut self.overlay {
            let mut lines = ListLines(p.rows.len().max(1));
            p.scroll
                .set_viewport(height.saturating_sub(1).max(1), &mut lines);
        }
    }

    /// Applies an action while a teaching dialog is open; returns false
    /// for those that act as usual (quit, resize).
    pub(super) fn update_teach(&mut self, action: Action) -> bool {
        if matches!(action, Action::Quit | Action::Resize { .. }) {
            return false;
        }
        let catalog = Arc::clone(&self.catalog);
        let Overlay::Teach(dialog) = &mut self.overlay else {
            return false;
        };
        match dialog {
            TeachDialog::Suppress {
                alias,
                article,
                context,
            } => {
                let here = match action {
                    Action::Choose(1) => true,
                    Action::Choose(2) => false,
                    Action::Back => {
                        self.overlay = Overlay::None;
                        return true;
                    }
                    _ => return true,
                };
                let s = if here {
                    Suppression {
                        alias: alias.clone(),
                        article: Some(article.clone()),
                        context: Some(context.clone()),
                    }
                } else {
                    Suppression {
                        alias: alias.clone(),
                        article: None,
                        context: None,
                    }
                };
                let what = if here {
                    format!("\"{alias}\" is no mention here")
                } else {
                    format!("\"{alias}\" is no mention anywhere")
                };
                self.overlay = Overlay::None;
                self.teach(&what, |u| u.suppress(&s));
            }
            TeachDialog::Pick(p) => match action {
                Action::Input(c) => {
                    p.filter.push(c);
                    p.refilter(&catalog);
                }
                Action::InputBackspace => {
                    p.filter.pop();
                    p.refilter(&catalog);
                }
                Action::InputClear => {
                    p.filter.clear();
                    p.refilter(&catalog);
                }
                Action::Back => self.overlay = Overlay::None,
                Action::InputAccept | Action::Activate => {
                    let Some(&actor) = p.rows.get(p.scroll.cursor) else {
                        self.message = Some("no actor matches: change the filter".to_string());
                        return true;
                    };
                    let alias = p.alias.clone();
                    let id = catalog.actor(actor).id.clone();
                    let name = catalog.actor(actor).name.clone();
                    self.overlay = Overlay::None;
                    self.teach(&format!("added alias \"{alias}\" to {name}"), |u| {
                        u.add_alias(&id, &alias);
                    });
                    // The new alias is the chosen actor's now.
                    if let Some(a) = self.catalog.index_of(&id) {
                        self.select(Some(a), super::Origin::Elsewhere);
                        self.rebuild_sidebar();
                        if let Some(row) = self.sidebar.row_of(a, &self.catalog) {
                            self.sidebar.reveal(row);
                        }
                    }
                }
                _ => {
                    let mut lines = ListLines(p.rows.len().max(1));
                    list_motion(&mut p.scroll, action, &mut lines);
                }
            },
        }
        true
    }

    /// Makes a change to the user catalog: applies it in memory, makes the
    /// catalog anew and searches the articles again, and asks the event
    /// loop to save it. A change the catalog refuses is taken back.
    fn teach(&mut self, what: &str, change: impl FnOnce(&mut UserCatalog)) {
        let Teacher::On(t) = &mut self.teacher else {
            return;
        };
        let before = t.user.clone();
        change(&mut t.user);
        if t.user == before {
            self.message = Some(format!("already so: {what}"));
            return;
        }
        match t.rebuild.catalog(&t.user) {
            Ok(catalog) => {
                t.undo.push((Box::new(before), what.to_string()));
                t.redo.clear();
                t.saving = Some(Did::Change);
                self.effects.push(Effect::SaveUserCatalog {
                    user: Box::new(t.user.clone()),
                    what: what.to_string(),
                });
                self.base = Arc::new(catalog);
                self.recatalog();
                self.message = Some(format!("{what} (u undoes)"));
            }
            Err(e) => {
                t.user = before;
                self.message = Some(format!("not changed: {e}"));
            }
        }
    }

    /// `u` (`redo` false) or Ctrl-r: takes back the last change of this
    /// session, or makes again the last one taken back.
    pub(super) fn undo_redo(&mut self, redo: bool) {
        if !self.can_teach() {
            return;
        }
        let Teacher::On(t) = &mut self.teacher else {
            return;
        };
        let (from, to) = if redo {
            (&mut t.redo, &mut t.undo)
        } else {
            (&mut t.undo, &mut t.redo)
        };
        let Some((state, what)) = from.pop() else {
            self.message = Some(if redo {
                "nothing to redo".to_string()
            } else {
                "nothing to undo in this session (aka catalog undo goes further back)".to_string()
            });
            return;
        };
        to.push((Box::new(t.user.clone()), what.clone()));
        t.user.restore(&state);
        let Ok(catalog) = t.rebuild.catalog(&t.user) else {
            // It loaded before: it loads again; if not, nothing changes.
            let (state, what) = to.pop().unwrap_or((state, what));
            from.push((Box::new(t.user.clone()), what));
            t.user.restore(&state);
            self.message = Some("cannot go back to that state".to_string());
            return;
        };
        let word = if redo { "redid" } else { "undid" };
        t.saving = Some(if redo { Did::Redo } else { Did::Undo });
        self.effects.push(Effect::SaveUserCatalog {
            user: Box::new(t.user.clone()),
            what: format!("{word}: {what}"),
        });
        self.base = Arc::new(catalog);
        self.recatalog();
        self.message = Some(format!("{word}: {what}"));
    }

    /// Takes in how the save of the user catalog went: `Ok` with the
    /// catalog as saved, or why it failed; a failed save takes the change
    /// back (the file is as it was).
    pub fn user_saved(&mut self, outcome: Result<UserCatalog, String>) {
        let Teacher::On(t) = &mut self.teacher else {
            return;
        };
        let did = t.saving.take();
        match outcome {
            Ok(saved) => t.user = saved,
            Err(e) => {
                let back = match did {
                    Some(Did::Change) => t.undo.pop(),
                    Some(Did::Undo) => t.redo.pop().map(|(s, w)| {
                        t.undo.push((Box::new(t.user.clone()), w.clone()));
                        (s, w)
                    }),
                    Some(Did::Redo) => t.undo.pop().map(|(s, w)| {
                        t.redo.push((Box::new(t.user.clone()), w.clone()));
                        (s, w)
                    }),
                    None => None,
                };
                if let Some((state, _)) = back {
                    t.user.restore(&state);
                    if let Ok(catalog) = t.rebuild.catalog(&t.user) {
                        self.base = Arc::new(catalog);
                        self.recatalog();
                    }
                }
                self.message = Some(format!("not saved, nothing changed: {e}"));
            }
        }
    }
}
