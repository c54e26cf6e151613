//! Teaching aka from the explorer (README, Teaching aka): `a` adds the
//! discovered name under the cursor (or the text selected with `v`) as an
//! alias of an actor chosen in a filterable picker; `A` adds it as a new
//! actor through a small form; `x` says an occurrence
//! is no mention, here only or everywhere; `u` undoes, Ctrl-r redoes.
//!
//! Every change is made to the user catalog in memory; the catalog is made
//! anew from the same files and the changed user catalog
//! ([`Rebuild::catalog`]), every article read is searched again
//! (`App::recatalog`), and an [`Effect::SaveUserCatalog`] asks the event
//! loop to write it (atomically, journaled: [`crate::formats::user`]). A
//! save that fails is said on the status bar and the change is taken back,
//! so what the explorer shows is what the file holds. When the user
//! catalog did not load, or the session has none, teaching is off and the
//! status bar says why: a file that did not load is never written over.

use std::sync::Arc;

use super::overlay::{Overlay, list_motion};
use super::{App, Effect};
use crate::action::Action;
use crate::formats::user::{NewActor, UserCatalog};
use crate::model::fold::fold_str;
use crate::model::matcher::{Mention, context_of};
use crate::model::packs::Pack;
use crate::model::{ActorIdx, Catalog, CatalogError, CatalogSource, Kind, Suppression};
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
    /// `A`: a new actor.
    New(NewActorForm),
}

/// The fields of the new-actor form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Its display name (also its first alias).
    Name,
    /// Its id: derived from the name until edited.
    Id,
    /// Its kind, chosen with ←/→.
    Kind,
    /// ISO 3166 alpha-2 country, or empty.
    Country,
    /// A description, or empty.
    Description,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; 5] = [
        Field::Name,
        Field::Id,
        Field::Kind,
        Field::Country,
        Field::Description,
    ];

    /// Its label in the form.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Id => "Id",
            Field::Kind => "Kind",
            Field::Country => "Country",
            Field::Description => "Description",
        }
    }
}

/// The form of `A`: a new actor for the user catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActorForm {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// Whether the id was typed (then the name no longer changes it).
    pub id_edited: bool,
    /// Its kind.
    pub kind: Kind,
    /// Its country (ISO code), or empty.
    pub country: String,
    /// Its description, or empty.
    pub description: String,
    /// The field being edited.
    pub field: Field,
    /// Whether it edits an actor already known (`e`): then the id stays.
    pub editing: bool,
}

impl NewActorForm {
    /// The text of a text field (`None` for the kind).
    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => Some(&self.name),
            Field::Id => Some(&self.id),
            Field::Country => Some(&self.country),
            Field::Description => Some(&self.description),
            Field::Kind => None,
        }
    }

    fn edit(&mut self, f: impl FnOnce(&mut String)) {
        match self.field {
            Field::Name => {
                f(&mut self.name);
                if !self.id_edited {
                    self.id = actor_id(&self.name);
                }
            }
            Field::Id if !self.editing => {
                f(&mut self.id);
                self.id_edited = true;
            }
            Field::Country => f(&mut self.country),
            Field::Description => f(&mut self.description),
            Field::Id | Field::Kind => {}
        }
    }

    fn step(&mut self, forward: bool) {
        let i = Field::ALL
            .iter()
            .position(|&f| f == self.field)
            .unwrap_or(0);
        let n = Field::ALL.len();
        self.field = Field::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    fn cycle(&mut self, forward: bool) {
        if self.field != Field::Kind {
            return;
        }
        let i = Kind::ALL.iter().position(|&k| k == self.kind).unwrap_or(0);
        let n = Kind::ALL.len();
        self.kind = Kind::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }
}

/// An id for a new actor named `name`: lower case, words joined by `-`.
pub fn actor_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
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
        let passes = |a: ActorIdx| super::sidebar::passes_filter(catalog, a, &needle);
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
        let range = art.index.mentions[i].range();
        let text = art.text();
        let alias = text.get(range.clone()).unwrap_or_default().to_string();
        self.overlay = Overlay::Teach(TeachDialog::Suppress {
            alias,
            article: art.doc.name.clone(),
            context: context_of(text, range),
        });
    }

    /// The text selected, or the discovered name under the cursor, with
    /// the discovered actor if it is one; says what to do when neither.
    fn taught_name(&mut self, key: char) -> Option<(String, Option<ActorIdx>)> {
        let discovered = {
            let art = self.article();
            art.current
                .map(|i| &art.index.mentions[i])
                .filter(|m| self.catalog.is_discovered(m.actor()))
                .map(Mention::actor)
        };
        let from_selection = self.selection.is_some();
        let name = self.selection_text().or_else(|| {
            let a = discovered?;
            Some(self.catalog.actor(a).name.clone())
        });
        let name = name
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty());
        if name.is_none() {
            self.message = Some(format!(
                "select words with v (or put the cursor on a name not in the catalog), then {key}"
            ));
        }
        name.map(|n| (n, discovered.filter(|_| !from_selection)))
    }

    /// `A`: a form for a new actor, named by the text selected or the
    /// discovered name under the cursor; its country comes from the
    /// naming scheme the name fits, if any.
    pub(super) fn start_new_actor(&mut self) {
        if !self.can_teach() {
            return;
        }
        let Some((name, discovered)) = self.taught_name('A') else {
            return;
        };
        self.selection = None;
        let country = discovered
            .and_then(|a| self.catalog.actor(a).country.clone())
            .or_else(|| {
                let schemes = crate::model::discover::Schemes::bundled();
                schemes
                    .fit(&name)
                    .and_then(|i| schemes.list()[i].origin.clone())
            })
            .unwrap_or_default();
        self.overlay = Overlay::Teach(TeachDialog::New(NewActorForm {
            id: actor_id(&name),
            name,
            id_edited: false,
            kind: Kind::ThreatGroup,
            country,
            description: String::new(),
            field: Field::Name,
            editing: false,
        }));
    }

    /// `e`: a form to change the selected actor's name, kind, country and
    /// description.
    pub(super) fn start_edit(&mut self) {
        if !self.can_teach() {
            return;
        }
        let Some(a) = self.selected else {
            self.message = Some("select an actor to edit".to_string());
            return;
        };
        if self.catalog.is_discovered(a) {
            self.message = Some(
                "this name is in no catalog: A adds it as an actor, a as another's alias"
                    .to_string(),
            );
            return;
        }
        let actor = self.catalog.actor(a);
        self.overlay = Overlay::Teach(TeachDialog::New(NewActorForm {
            name: actor.name.clone(),
            id: actor.id.clone(),
            id_edited: true,
            kind: actor.kind,
            country: actor.country.clone().unwrap_or_default(),
            description: actor.description.clone().unwrap_or_default(),
            field: Field::Name,
            editing: true,
        }));
    }

    /// Changes the fields of the actor `form` edits that differ from the
    /// catalog's (an emptied field falls back to what the other catalogs
    /// say).
    fn edit_actor(&mut self, form: &NewActorForm) {
        let Some(a) = self.catalog.index_of(&form.id) else {
            return;
        };
        let actor = self.catalog.actor(a);
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let name = form.name.trim();
        if name.is_empty() {
            self.message = Some("type a name".to_string());
            return;
        }
        let mut fields: Vec<(&str, Option<String>)> = Vec::new();
        if name != actor.name {
            fields.push(("name", Some(name.to_string())));
        }
        if form.kind != actor.kind {
            fields.push(("kind", Some(form.kind.as_str().to_string())));
        }
        let country = opt(&form.country).map(|c| c.to_uppercase());
        if country != actor.country {
            fields.push(("country", country));
        }
        let description = opt(&form.description);
        if description != actor.description {
            fields.push(("description", description));
        }
        if fields.is_empty() {
            self.overlay = Overlay::None;
            self.message = Some("nothing changed".to_string());
            return;
        }
        let id = form.id.clone();
        let what = format!("edited {name} ({id})");
        if self.teach(&what, |u| u.edit(&id, &fields)) {
            self.overlay = Overlay::None;
            if let Some(a) = self.catalog.index_of(&id) {
                self.select(Some(a), super::Origin::Elsewhere);
                self.rebuild_sidebar();
                if let Some(row) = self.sidebar.row_of(a, &self.catalog) {
                    self.sidebar.reveal(row);
                }
            }
        }
    }

    /// `a`: the text selected, or the discovered name under the cursor,
    /// as an alias of an actor chosen in a picker.
    pub(super) fn start_add_alias(&mut self) {
        if !self.can_teach() {
            return;
        }
        let Some((alias, _)) = self.taught_name('a') else {
            return;
        };
        self.selection = None;
        // The selected actor; for a discovered name, the actor the text
        // says it may be another name of, else the last one selected.
        let first = self.selected.and_then(|a| {
            if self.catalog.is_discovered(a) {
                let link = self.catalog.actor(a).links.first()?;
                self.catalog.index_of(&link.to.0)
            } else {
                Some(a)
            }
        });
        let first = first.or(self.last_catalog_actor);
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
            TeachDialog::New(form) => match action {
                Action::Input(c) => form.edit(|t| t.push(c)),
                Action::InputBackspace => form.edit(|t| {
                    t.pop();
                }),
                Action::InputClear => form.edit(String::clear),
                Action::Down => form.step(true),
                Action::Up => form.step(false),
                Action::Cycle(forward) => form.cycle(forward),
                Action::Back => {
                    self.overlay = Overlay::None;
                    self.message = Some("no actor added".to_string());
                }
                Action::InputAccept => {
                    let form = form.clone();
                    if form.editing {
                        self.edit_actor(&form);
                    } else {
                        self.add_new_actor(&form);
                    }
                }
                _ => {}
            },
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

    /// Adds the actor of the form, or says what is wrong with it (the
    /// form stays open).
    fn add_new_actor(&mut self, form: &NewActorForm) {
        let (name, id) = (form.name.trim(), form.id.trim());
        let taken = self
            .catalog
            .index_of(id)
            .filter(|&a| !self.catalog.is_discovered(a));
        let problem = if name.is_empty() {
            Some("type a name".to_string())
        } else if id.is_empty() {
            Some("type an id".to_string())
        } else {
            taken.map(|a| {
                format!(
                    "the id {id} is {}'s: type another",
                    self.catalog.actor(a).name
                )
            })
        };
        if let Some(problem) = problem {
            self.message = Some(problem);
            return;
        }
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let actor = NewActor {
            id: id.to_string(),
            name: name.to_string(),
            kind: form.kind.as_str().to_string(),
            aliases: Vec::new(),
            country: opt(&form.country).map(|c| c.to_uppercase()),
            description: opt(&form.description),
        };
        if self.teach(&format!("added {name} ({id})"), |u| u.add_actor(&actor)) {
            self.overlay = Overlay::None;
            if let Some(a) = self.catalog.index_of(id) {
                self.select(Some(a), super::Origin::Elsewhere);
                self.rebuild_sidebar();
                if let Some(row) = self.sidebar.row_of(a, &self.catalog) {
                    self.sidebar.reveal(row);
                }
            }
        }
    }

    /// Makes a change to the user catalog: applies it in memory, makes the
    /// catalog anew and searches the articles again, and asks the event
    /// loop to save it. A change the catalog refuses is taken back.
    /// Returns whether the change was made.
    fn teach(&mut self, what: &str, change: impl FnOnce(&mut UserCatalog)) -> bool {
        let Teacher::On(t) = &mut self.teacher else {
            return false;
        };
        let before = t.user.clone();
        change(&mut t.user);
        if t.user == before {
            self.message = Some(format!("already so: {what}"));
            return false;
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
                true
            }
            Err(e) => {
                t.user = before;
                self.message = Some(format!("not changed: {e}"));
                false
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
