//! Actors no catalog holds, discovered in the articles of the session
//! (docs/discovery.md), shown like any actor.
//!
//! Each discovered name becomes an actor of the session: a threat group
//! whose id is `discovered-<slug>`, whose one alias is the name in its exact
//! case, whose country is the naming scheme's origin, and whose
//! description says why it was taken for a group. `App::recatalog` adds
//! them to the catalog ([`Catalog::add_discovered`]) and finds every
//! mention again, so that the sidebar lists them (under "Not in the
//! catalog"), the article colours them, and `n`/`N` and the detail panel
//! work as for any actor; a name discovered in one article counts in every
//! other that spells it the same way.

use std::collections::HashSet;
use std::fmt::Write;
use std::sync::Arc;

use aho_corasick::AhoCorasick;

use super::App;
use crate::model::catalog::{ActorRef, Link, Rel};
use crate::model::discover::{Discoverer, How, Schemes};
use crate::model::fold::fold_str;
use crate::model::{Actor, Alias, CaseMode, Catalog, Kind, Matcher, Mention};

/// Articles larger than this are not looked at for new names.
pub const DISCOVER_LIMIT: usize = 4 << 20;

/// The id of the actor made of a discovered `name`.
pub fn discovered_id(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("discovered-{}", slug.trim_end_matches('-'))
}

/// The actors `text` (an article named `article`, whose catalog mentions
/// are `mentions`) names that `catalog` does not hold.
pub(crate) fn discover_in(
    discoverer: &Discoverer<'_>,
    catalog: &Catalog,
    text: &str,
    mentions: &[Mention],
    article: Option<&str>,
) -> Vec<Actor> {
    let schemes = Schemes::bundled().list();
    let found = discoverer.discover(text, mentions);
    found
        .actors
        .iter()
        .map(|d| {
            let line = text
                .get(..d.evidence.start)
                .map_or(0, |t| t.matches('\n').count())
                + 1;
            let place = match article {
                Some(name) => format!("line {line} of {name}"),
                None => format!("line {line}"),
            };
            let scheme = d.scheme.and_then(|i| schemes.get(i));
            let mut why = match &d.how {
                How::Cue(cue) => format!("Not in the catalog: introduced by ‘{cue}’ on {place}."),
                How::Scheme => format!("Not in the catalog: first named on {place}."),
            };
            if let Some(s) = scheme {
                let _ = write!(
                    why,
                    " Fits {}'s naming: {} ({}).",
                    s.vendor, s.pattern, s.tells
                );
            }
            let mut links = Vec::new();
            if let Some(crate::model::discover::AliasOf::Actor(a)) = d.alias_of {
                let _ = write!(why, " Perhaps another name of {}.", catalog.actor(a).name);
                links.push(Link {
                    rel: Rel("probably-same-as".to_string()),
                    to: ActorRef(catalog.actor(a).id.clone()),
                    confidence: None,
                });
            }
            Actor {
                id: discovered_id(&d.name),
                name: d.name.clone(),
                kind: Kind::ThreatGroup,
                aliases: vec![Alias::new(d.name.clone(), CaseMode::Exact)],
                description: Some(why),
                country: scheme.and_then(|s| s.origin.clone()),
                links,
                refs: Vec::new(),
            }
        })
        .collect()
}

impl App {
    /// Looks for new names in the articles arrived since last time; if
    /// there are any, they become actors (`App::recatalog`).
    pub(super) fn discover_arrived(&mut self) {
        let arrived = std::mem::take(&mut self.undiscovered);
        if arrived.is_empty() {
            return;
        }
        let several = self.corpus.entries.len() > 1;
        let mut new = Vec::new();
        {
            let discoverer = Discoverer::new(&self.catalog, Schemes::bundled());
            let mut ids: HashSet<String> = self.found.iter().map(|a| a.id.clone()).collect();
            for index in arrived {
                let Some(data) = self.corpus.entries.get(index).and_then(|e| e.ready()) else {
                    continue;
                };
                let text = data.doc.text();
                if text.len() > DISCOVER_LIMIT {
                    continue;
                }
                let name = several.then_some(data.doc.name.as_str());
                for actor in discover_in(&discoverer, &self.catalog, text, &data.mentions, name) {
                    if ids.insert(actor.id.clone()) {
                        new.push(actor);
                    }
                }
            }
        }
        if !new.is_empty() {
            // Only articles that spell a new name can change.
            let names: Vec<String> = new.iter().map(|a| a.name.clone()).collect();
            self.found.extend(new);
            match AhoCorasick::new(&names) {
                Ok(ac) => self.recatalog_where(|text| ac.is_match(text)),
                Err(_) => self.recatalog(),
            }
        }
    }

    /// Makes the catalog anew from the catalog files (`base`) and the
    /// discovered actors whose names the files do not hold, and finds
    /// every mention of every article read again. The selection, the
    /// colours and the article's place stay.
    pub(super) fn recatalog(&mut self) {
        self.recatalog_where(|_| true);
    }

    /// `App::recatalog`, searching again only the articles whose text
    /// `changed` says may read differently now.
    fn recatalog_where(&mut self, changed: impl Fn(&str) -> bool) {
        let old = Arc::clone(&self.catalog);
        let mut catalog = Catalog::clone(&self.base);
        let known: HashSet<String> = catalog
            .actors()
            .iter()
            .flat_map(|a| a.aliases.iter().map(|al| fold_str(&al.text, true)))
            .collect();
        let kept: Vec<Actor> = self
            .found
            .iter()
            .filter(|a| !known.contains(&fold_str(&a.name, true)))
            .cloned()
            .collect();
        catalog.add_discovered(kept);
        let to = |a: usize| catalog.index_of(&old.actor(a).id);
        self.slots = self.slots.renumbered(to);
        self.selected = self.selected.and_then(to);
        self.last_catalog_actor = self.last_catalog_actor.and_then(to);
        self.sidebar.renumber(to);
        // A lesson names actors by index: one made before the indices
        // moved is made again when asked for.
        if (0..old.len()).any(|a| to(a) != Some(a)) {
            self.lesson = None;
        }
        self.matcher = Arc::new(Matcher::new(&catalog));
        self.catalog = Arc::new(catalog);
        self.corpus.reanalyse(&self.matcher, changed);
        self.corpus_sources = None;
        let actors: Vec<usize> = self.corpus.found.clone();
        self.slots.add(&actors);
        self.reopen_in_place();
        self.rebuild_sidebar();
    }
}
