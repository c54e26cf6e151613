//! Lessons: an article told one mention at a time, for teaching mode.
//!
//! A [`Lesson`] is a list of [`Step`]s, each a mention of the article and a
//! caption that explains it in plain words. By default the steps are every
//! mention in reading order ([`Lesson::reading_order`]); a tour file
//! ([`tour`]) fixes another order, skips mentions and replaces captions.
//!
//! Captions are written in the order of the steps, as the class sees them,
//! so "so far" means "in the steps before this one":
//!
//! - the first mention of an actor introduces it: what it is (kind,
//!   country) and its links (`operated by the GRU`), and says when the name
//!   used is not its main name;
//! - a name not seen before for an actor already met says that it is the
//!   same actor (`So “DNC” and “Democratic National Committee” are the same
//!   actor`), and how many names it has had so far;
//! - a name seen before says which mention of the actor it is;
//! - a mention that the article cites as a source says what for (from
//!   [`attributions`](super::sources::attributions)); a name several actors share says so.
//!
//! The who's who strip shows [`Lesson::revealed`]: the actors met up to a
//! step, each with the names it went by. Nothing here knows of terminals.

pub mod tour;

use std::collections::HashMap;
use std::fmt::Write as _;

use super::catalog::{Actor, ActorIdx, Catalog, Kind};
use super::matcher::Mention;
use super::progress::Progress;
use super::sources::{Attribution, attributions_with};

/// The longest excerpt of a cited sentence in a caption, in characters.
const EXCERPT_CHARS: usize = 72;

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The mention shown: an index into the article's mentions.
    pub mention: usize,
    /// The mention's actor.
    pub actor: ActorIdx,
    /// The index of the alias that matched, among the actor's aliases.
    pub alias: usize,
    /// The mention as written in the article.
    pub text: String,
    /// What the caption line says.
    pub caption: String,
}

/// One actor of the who's who strip, and the names it went by so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealed {
    /// The actor.
    pub actor: ActorIdx,
    /// The distinct names met so far, as first written in the article, in
    /// the order they were met.
    pub names: Vec<String>,
}

/// A mention planned as a step, with the caption a tour gives it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Index into the article's mentions.
    pub mention: usize,
    /// A caption to use instead of the generated one.
    pub caption: Option<String>,
}

/// An article told step by step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lesson {
    /// A line shown before the first step (a tour's title).
    pub title: Option<String>,
    /// The steps, in the order they are shown.
    pub steps: Vec<Step>,
}

impl Lesson {
    /// Every mention of `text`, in reading order, each with its generated
    /// caption.
    pub fn reading_order(text: &str, mentions: &[Mention], catalog: &Catalog) -> Self {
        Lesson::reading_order_with(text, mentions, catalog, &Progress::new(0)).unwrap_or_default()
    }

    /// [`Lesson::reading_order`], reporting to `progress` (the bytes of
    /// `text` whose sources are found, then the steps captioned) and giving
    /// up (`None`) as soon as it is cancelled.
    pub fn reading_order_with(
        text: &str,
        mentions: &[Mention],
        catalog: &Catalog,
        progress: &Progress,
    ) -> Option<Self> {
        let plan: Vec<Planned> = (0..mentions.len())
            .map(|mention| Planned {
                mention,
                caption: None,
            })
            .collect();
        Lesson::planned_with(text, mentions, catalog, &plan, progress)
    }

    /// The mentions of `plan`, in its order (a mention may come back), with
    /// the captions it gives or generated ones. Indices out of range are
    /// left out.
    pub(crate) fn planned(
        text: &str,
        mentions: &[Mention],
        catalog: &Catalog,
        plan: &[Planned],
    ) -> Self {
        Lesson::planned_with(text, mentions, catalog, plan, &Progress::new(0)).unwrap_or_default()
    }

    /// [`Lesson::planned`], reporting to `progress`: first the bytes of
    /// `text` whose sources are found, then the steps captioned (the total
    /// becomes the plan's length); `None` once it is cancelled.
    pub(crate) fn planned_with(
        text: &str,
        mentions: &[Mention],
        catalog: &Catalog,
        plan: &[Planned],
        progress: &Progress,
    ) -> Option<Self> {
        let cited = attributions_with(text, mentions, progress)?;
        progress.set_total(plan.len());
        progress.advance_to(0);
        let mut narrator = Narrator::new(catalog, text, mentions, &cited);
        let mut steps = Vec::with_capacity(plan.len());
        for (k, p) in plan.iter().enumerate() {
            if k % 4096 == 0 {
                if progress.is_cancelled() {
                    return None;
                }
                progress.advance_to(k);
            }
            let Some(m) = mentions.get(p.mention) else {
                continue;
            };
            let generated = narrator.caption(p.mention);
            steps.push(Step {
                mention: p.mention,
                actor: m.actor(),
                alias: m.alias(),
                text: text.get(m.range()).unwrap_or_default().to_string(),
                caption: p.caption.clone().unwrap_or(generated),
            });
        }
        progress.advance_to(plan.len());
        Some(Lesson { title: None, steps })
    }

    /// How many steps there are.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there is no step at all.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The actors met in the first `shown` steps, in order of first
    /// appearance, each with the distinct names it went by.
    pub fn revealed(&self, shown: usize) -> Vec<Revealed> {
        let mut out: Vec<Revealed> = Vec::new();
        let mut at: HashMap<ActorIdx, (usize, Vec<usize>)> = HashMap::new();
        for step in self.steps.iter().take(shown) {
            let (i, aliases) = at.entry(step.actor).or_insert_with(|| {
                out.push(Revealed {
                    actor: step.actor,
                    names: Vec::new(),
                });
                (out.len() - 1, Vec::new())
            });
            if !aliases.contains(&step.alias) {
                aliases.push(step.alias);
                out[*i].names.push(step.text.clone());
            }
        }
        out
    }

    /// The mentions shown in the first `shown` steps, sorted and without
    /// duplicates: the ones the article highlights.
    pub fn shown_mentions(&self, shown: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self.steps.iter().take(shown).map(|s| s.mention).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What the class has seen of one actor so far.
#[derive(Debug, Default)]
struct SoFar {
    mentions: usize,
    /// Alias indices met, with the text they were first written as.
    names: Vec<(usize, String)>,
}

/// Writes captions in step order, remembering what was shown.
struct Narrator<'a> {
    catalog: &'a Catalog,
    text: &'a str,
    mentions: &'a [Mention],
    cited: &'a [Attribution],
    /// Per cited actor: its attributions (indices into `cited`) sorted by
    /// where the source is named, and the longest such name in bytes; so
    /// that a caption looks only at the attributions near its mention.
    by_source: HashMap<ActorIdx, (Vec<usize>, usize)>,
    countries: HashMap<&'a str, &'a str>,
    seen: HashMap<ActorIdx, SoFar>,
}

impl<'a> Narrator<'a> {
    fn new(
        catalog: &'a Catalog,
        text: &'a str,
        mentions: &'a [Mention],
        cited: &'a [Attribution],
    ) -> Self {
        let mut by_source: HashMap<ActorIdx, (Vec<usize>, usize)> = HashMap::new();
        for (i, a) in cited.iter().enumerate() {
            if let Some(actor) = a.source {
                let (list, longest) = by_source.entry(actor).or_default();
                list.push(i);
                *longest = (*longest).max(a.source_range.len());
            }
        }
        for (list, _) in by_source.values_mut() {
            list.sort_by_key(|&i| (cited[i].source_range.start, i));
        }
        Narrator {
            catalog,
            text,
            mentions,
            cited,
            by_source,
            countries: states(catalog),
            seen: HashMap::new(),
        }
    }

    /// The caption of mention `i`, shown now.
    fn caption(&mut self, i: usize) -> String {
        let m = &self.mentions[i];
        let said = self.text.get(m.range()).unwrap_or_default();
        let actor = self.catalog.actor(m.actor());
        let the_name = definite(actor);
        let main = m.alias() == 0;
        let so_far = self.seen.entry(m.actor()).or_default();
        so_far.mentions += 1;
        let earlier: Vec<String> = so_far.names.iter().map(|(_, t)| t.clone()).collect();
        let new_name = !so_far.names.iter().any(|(a, _)| *a == m.alias());
        if new_name {
            so_far.names.push((m.alias(), said.to_string()));
        }
        let (mentions, names) = (so_far.mentions, so_far.names.len());
        let mut out = format!("{said} — ");
        if mentions == 1 {
            if main {
                let _ = write!(out, "first appearance of {}.", self.who(m.actor()));
            } else {
                let _ = write!(
                    out,
                    "another name for {}. First appearance of {the_name}.",
                    self.who(m.actor())
                );
            }
        } else if new_name {
            if main {
                let _ = write!(out, "the main name of {}.", self.who(m.actor()));
            } else {
                let _ = write!(out, "another name for {}.", self.who(m.actor()));
            }
            if names == 2 {
                let _ = write!(
                    out,
                    " So “{said}” and “{}” are the same actor: 2nd name for {the_name} so far.",
                    earlier[0]
                );
            } else {
                let _ = write!(out, " {} name for {the_name} so far.", ordinal(names));
            }
        } else {
            let _ = write!(out, "{the_name} again: {} mention.", ordinal(mentions));
        }
        if m.is_ambiguous() {
            let others: Vec<String> = m
                .candidates()
                .iter()
                .filter(|&&a| a != m.actor())
                .map(|&a| definite(self.catalog.actor(a)))
                .collect();
            let _ = write!(
                out,
                " “{said}” is also a name of {}; aka takes it for {the_name}.",
                join_and(&others)
            );
        }
        if let Some(note) = self.cited_for(m) {
            out.push(' ');
            out.push_str(&note);
        }
        out
    }

    fn who(&self, idx: ActorIdx) -> String {
        describe_with(self.catalog, &self.countries, idx)
    }

    /// What the article cites the mention's actor for, when the mention
    /// names a source.
    fn cited_for(&self, m: &Mention) -> Option<String> {
        let (list, longest) = self.by_source.get(&m.actor())?;
        // Only a source named from `longest` bytes before the mention on
        // can overlap it.
        let from = m.start().saturating_sub(*longest);
        let lo = list.partition_point(|&i| self.cited[i].source_range.start < from);
        let hi = list.partition_point(|&i| self.cited[i].source_range.start < m.end());
        let mut here: Vec<usize> = list[lo..hi]
            .iter()
            .copied()
            .filter(|&i| m.start() < self.cited[i].source_range.end)
            .collect();
        here.sort_unstable();
        let first = &self.cited[*here.first()?];
        let excerpt = excerpt(self.text.get(first.sentence.clone()).unwrap_or_default());
        Some(if here.len() == 1 {
            format!("Cited as a source (“{}”) for: “{excerpt}”", first.cue)
        } else {
            format!(
                "Cited as a source (“{}”) for {} sentences, from: “{excerpt}”",
                first.cue,
                here.len()
            )
        })
    }
}

/// The names of the catalog's states by country code.
fn states(catalog: &Catalog) -> HashMap<&str, &str> {
    catalog
        .actors()
        .iter()
        .filter(|a| a.kind == Kind::State)
        .filter_map(|a| Some((a.country.as_deref()?, a.name.as_str())))
        .collect()
}

/// What [`describe`] says after the name: `(threat group, Russia),
/// operated by the GRU`.
pub(crate) fn profile(catalog: &Catalog, idx: ActorIdx) -> String {
    profile_with(catalog, &states(catalog), idx)
}

fn describe_with(catalog: &Catalog, countries: &HashMap<&str, &str>, idx: ActorIdx) -> String {
    let actor = catalog.actor(idx);
    format!(
        "{} {}",
        definite(actor),
        profile_with(catalog, countries, idx)
    )
}

fn profile_with(catalog: &Catalog, countries: &HashMap<&str, &str>, idx: ActorIdx) -> String {
    let actor = catalog.actor(idx);
    let mut out = format!("({}", actor.kind.label());
    if actor.kind != Kind::State
        && let Some(code) = actor.country.as_deref()
    {
        let name = countries.get(code).copied();
        out.push_str(", ");
        out.push_str(name.or_else(|| country_name(code)).unwrap_or(code));
    }
    out.push(')');
    for link in &actor.links {
        if let Some(to) = catalog.get(&link.to.0) {
            let _ = write!(out, ", {} {}", link.rel.phrase(), definite(to));
        }
    }
    out
}

/// Names of countries often met in reporting, for actors whose country no
/// state of the catalog names (the catalog's own states come first).
const COUNTRIES: &[(&str, &str)] = &[
    ("AU", "Australia"),
    ("BY", "Belarus"),
    ("CA", "Canada"),
    ("CN", "China"),
    ("DE", "Germany"),
    ("EE", "Estonia"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IR", "Iran"),
    ("JP", "Japan"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("NL", "Netherlands"),
    ("PK", "Pakistan"),
    ("RO", "Romania"),
    ("RU", "Russia"),
    ("SY", "Syria"),
    ("UA", "Ukraine"),
    ("US", "United States"),
    ("VN", "Vietnam"),
];

fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The start of a sentence for a caption: quotation marks and white space
/// folded away, cut at a word with `…` when long.
fn excerpt(sentence: &str) -> String {
    let s = sentence
        .trim()
        .trim_matches(|c| matches!(c, '"' | '“' | '”'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if s.chars().count() <= EXCERPT_CHARS {
        return s;
    }
    let mut out = String::new();
    for word in s.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > EXCERPT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// An actor's name as a sentence would say it: `the GRU`, `the United
/// States`, but `APT28`, `Russia`, `The Guardian`. A heuristic on the kind
/// and the name, for captions.
pub(crate) fn definite(actor: &Actor) -> String {
    const STATE_WORDS: &[&str] = &[
        "United",
        "Republic",
        "Kingdom",
        "Federation",
        "Emirates",
        "Netherlands",
        "Philippines",
        "States",
    ];
    const BODY_WORDS: &[&str] = &[
        "Committee",
        "Party",
        "Department",
        "Office",
        "Ministry",
        "Agency",
        "Council",
        "Commission",
        "Bureau",
        "Service",
        "Institute",
        "Foundation",
        "Union",
        "Association",
        "Administration",
        "administration",
        "Directorate",
        "Post",
        "Times",
        "Journal",
        "Guardian",
        "Telegraph",
        "Atlantic",
        "Economist",
        "Herald",
        "Tribune",
    ];
    let name = &actor.name;
    if name.starts_with("The ") || name.starts_with("the ") {
        return name.clone();
    }
    let words = || name.split_whitespace();
    let acronym =
        name.len() >= 2 && name.len() <= 6 && name.chars().all(|c| c.is_ascii_uppercase());
    let the = match actor.kind {
        Kind::State => words().any(|w| STATE_WORDS.contains(&w)),
        Kind::Agency | Kind::GovernmentBody => true,
        Kind::Organization | Kind::Media => acronym || words().any(|w| BODY_WORDS.contains(&w)),
        _ => false,
    };
    if the {
        format!("the {name}")
    } else {
        name.clone()
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `A`, `A and B`, `A, B and C`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn definite_articles_follow_kind_and_name() {
        let c = Catalog::bundled();
        let say = |id: &str| definite(c.get(id).unwrap_or_else(|| panic!("{id}")));
        assert_eq!(say("gru"), "the GRU");
        assert_eq!(say("united-states"), "the United States");
        assert_eq!(say("russia"), "Russia");
        assert_eq!(say("apt28"), "APT28");
        assert_eq!(say("the-guardian"), "The Guardian");
        assert_eq!(say("washington-post"), "the Washington Post");
        assert_eq!(say("dnc"), "the Democratic National Committee");
        assert_eq!(say("guccifer-2"), "Guccifer 2.0");
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("  \"Short one.\" "), "Short one.");
        let long = "word ".repeat(40);
        let e = excerpt(&long);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn join_and_lists() {
        let s = |v: &[&str]| join_and(&v.iter().map(ToString::to_string).collect::<Vec<_>>());
        assert_eq!(s(&["A"]), "A");
        assert_eq!(s(&["A", "B"]), "A and B");
        assert_eq!(s(&["A", "B", "C"]), "A, B and C");
    }
}
