//! Discovery: the actors an article names that no catalog holds yet
//! (docs/discovery.md).
//!
//! Reports announce a new name in a few conventional ways, and vendors'
//! naming schemes say much about a name by its shape alone. Two sorts of
//! evidence make a *discovered actor*:
//!
//! - **a naming scheme** ([`schemes`]): `TA574`, `Storm-0558`, `Salt
//!   Typhoon` fit a vendor's pattern, which tells the group's origin or
//!   motivation;
//! - **a naming cue** whose antecedent is a group: `a group named “X”`,
//!   `the campaign we dubbed X`, `tracks the group as X`, `the threat actor
//!   known as X`, `a group calling itself X`, `identified themselves as “X”,
//!   “Y”`, `the X gang` (`the X group`, `crew`, `collective`, `operators`,
//!   `hackers`), `X, a threat actor…`, and an acronym defined after a
//!   group's name (`Golden Chickens (GC)`).
//!
//! A name must look like one: capitalised or a letter-number designation,
//! not an English word on its own, not a tool or malware name of the
//! packs, not a catalog alias (a cue before a catalog alias is evidence for
//! that actor, which the finder already uses), not part of an address. A
//! cue whose antecedent is malware, a file or a vulnerability (`a backdoor
//! dubbed X`) discovers nothing; a malware name before `gang`, `crew` or
//! `operators` names its operators, so the name keeps the head noun (`the
//! TrickBot gang`).
//!
//! Once discovered, every occurrence of the same spelling in the article is
//! a mention of it. `X, also known as Y` where one of the two is a catalog
//! actor links the other to it as a *probable* alias, never merged.
//!
//! The work is linear in the text: paragraphs of at most 64 KB are cut into
//! words once, and every cue and pattern looks at a few words around one.

pub mod schemes;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::boundary::{is_word_boundary, possessive_end};
use super::catalog::{ActorIdx, Catalog, Kind};
use super::evidence::{in_address, shouted, title_case_line};
use super::fold::fold_str;
use super::matcher::Mention;
pub use schemes::{Scheme, Schemes};

/// How a name was discovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// It fits a naming scheme (its index in [`Schemes::list`]).
    Scheme,
    /// A naming cue introduced it: the cue's words, lower-cased
    /// (`dubbed`, `known as`, `gang`).
    Cue(String),
}

/// What a discovered name may be another name of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasOf {
    /// A catalog actor.
    Actor(ActorIdx),
    /// Another discovered actor (index into [`Discovery::actors`]).
    Discovered(usize),
}

/// An actor no catalog holds, found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The name, as the article spells it.
    pub name: String,
    /// How it was discovered (the first evidence in the text).
    pub how: How,
    /// The naming scheme it fits, if any.
    pub scheme: Option<usize>,
    /// The evidence: the cue's byte range, or the name's first occurrence
    /// for a scheme.
    pub evidence: Range<usize>,
    /// A probable other name of this actor (`X, also known as Y`).
    pub alias_of: Option<AliasOf>,
    /// `None` when the evidence is in this article; else the index of the
    /// corpus article it is in (see [`Discoverer::discover_with`]).
    pub article: Option<usize>,
}

/// One occurrence of a discovered actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index into [`Discovery::actors`].
    pub actor: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// What discovery found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The discovered actors, in order of first evidence.
    pub actors: Vec<Discovered>,
    /// Their occurrences, in text order, none overlapping a catalog mention.
    pub mentions: Vec<Found>,
}

/// Words that, as the antecedent of a naming cue, say the name is a
/// group's (compared in lower case).
const ACTOR_NOUNS: &[&str] = &[
    "group",
    "groups",
    "gang",
    "gangs",
    "crew",
    "actor",
    "actors",
    "attacker",
    "attackers",
    "hacker",
    "hackers",
    "operator",
    "operators",
    "collective",
    "syndicate",
    "cartel",
    "campaign",
    "campaigns",
    "cluster",
    "adversary",
    "adversaries",
    "apt",
    "cybercriminals",
    "criminals",
    "affiliate",
    "affiliates",
    "persona",
    "personas",
    "alias",
    "aliases",
    "handle",
    "handles",
    "moniker",
    "pseudonym",
    "nickname",
    "set",
    "activity",
    "team",
    "outfit",
    "hacktivists",
];

/// Words that, as the antecedent of a naming cue, say the name is not a
/// group's: malware, tools, files, flaws, places and things.
const THING_NOUNS: &[&str] = &[
    "malware",
    "backdoor",
    "trojan",
    "rat",
    "loader",
    "dropper",
    "downloader",
    "stealer",
    "infostealer",
    "botnet",
    "implant",
    "tool",
    "tools",
    "toolkit",
    "toolset",
    "framework",
    "script",
    "file",
    "files",
    "document",
    "variant",
    "variants",
    "family",
    "payload",
    "exploit",
    "vulnerability",
    "vulnerabilities",
    "flaw",
    "bug",
    "technique",
    "method",
    "module",
    "plugin",
    "library",
    "function",
    "process",
    "service",
    "domain",
    "server",
    "website",
    "site",
    "page",
    "app",
    "application",
    "program",
    "software",
    "worm",
    "virus",
    "rootkit",
    "keylogger",
    "webshell",
    "shell",
    "miner",
    "wiper",
    "packer",
    "crypter",
    "builder",
    "kit",
    "sample",
    "binary",
    "executable",
    "macro",
    "certificate",
    "account",
    "user",
    "shop",
    "market",
    "marketplace",
    "forum",
    "channel",
    "product",
    "company",
    "firm",
    "bank",
    "vendor",
    "country",
    "city",
    "region",
    "town",
    "village",
    "area",
    "ship",
    "storm",
    "law",
    "bill",
    "project",
    "system",
    "device",
    "key",
    "task",
    "folder",
    "directory",
    "variable",
    "parameter",
    "string",
    "command",
    "technique",
    "tactic",
];

/// Naming cues after which the name follows at once (lower case, words
/// cut at spaces). Reflexive ones (`calling itself`) look further back for
/// the group they speak of.
const FIXED_CUES: &[(&str, bool)] = &[
    ("also known as", false),
    ("known as", false),
    ("aka", false),
    ("a.k.a", false),
    ("referred to as", false),
    ("known by the aliases", false),
    ("known by the names", false),
    ("known by the name", false),
    ("known by the alias", false),
    ("under the name", false),
    ("under the names", false),
    ("which we call", false),
    ("we call", false),
    ("we named", false),
    ("self-styled", false),
    ("self-proclaimed", false),
    ("calling itself", true),
    ("calling themselves", true),
    ("calls itself", true),
    ("call themselves", true),
    ("called itself", true),
    ("called themselves", true),
    ("going by", true),
    ("goes by", true),
    ("go by", true),
    ("went by", true),
    ("identified themselves as", true),
    ("identified itself as", true),
    ("identifies itself as", true),
    ("identify themselves as", true),
];

/// The first words of [`FIXED_CUES`], a quick test before them.
const FIXED_FIRST: &[&str] = &[
    "also",
    "known",
    "aka",
    "a.k.a",
    "referred",
    "under",
    "which",
    "we",
    "self-styled",
    "self-proclaimed",
    "calling",
    "calls",
    "call",
    "called",
    "going",
    "goes",
    "go",
    "went",
    "identified",
    "identifies",
    "identify",
];

/// Naming verbs that may take an object before the name: `dubbed the
/// campaign “X”`, `tracks the group as X`, `naming the attackers as “X”`.
const NAMING_VERBS: &[&str] = &[
    "dubbed",
    "dub",
    "dubs",
    "dubbing",
    "named",
    "naming",
    "nicknamed",
    "called",
    "calling",
    "call",
    "calls",
    "tracked",
    "tracks",
    "track",
    "tracking",
    "designated",
    "designates",
    "labelled",
    "labeled",
    "christened",
];

/// Head nouns after which `the X …` names a group; a capitalised one is part
/// of the name (`the Armada Collective`).
const HEADS: &[&str] = &[
    "gang",
    "crew",
    "collective",
    "syndicate",
    "cartel",
    "operators",
    "hackers",
    "group",
];

/// Heads written with a capital that belong to the name.
const NAME_HEADS: &[&str] = &["Gang", "Crew", "Collective", "Syndicate", "Cartel"];

/// Words that may stand between `the`/`a` and the noun of an appositive
/// (`X, a financially motivated threat actor`).
const APPOSITIVE_MAX: usize = 4;

/// Prepositions after which a capitalised phrase before a comma is an
/// adverbial (`In 2019, …`), not a name.
const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "since",
    "until",
    "by",
    "after",
    "before",
    "from",
    "early",
    "late",
    "mid",
    "through",
    "throughout",
    "around",
    "of",
    "for",
    "with",
    "to",
    "into",
];

/// Nouns a head noun may modify (`the Trickbot group tag`), so that the
/// head names no group there.
const MODIFIED: &[&str] = &[
    "tag",
    "tags",
    "id",
    "ids",
    "identifier",
    "name",
    "names",
    "number",
    "label",
];

/// Month and day names, which start dates, never names.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Function words that never start or make up a name.
const FUNCTION: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "they", "their", "we", "our",
    "he", "she", "his", "her", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but",
    "as", "of", "to", "is", "was", "are", "were", "be", "also", "not", "which", "who", "what",
    "when", "where", "while", "if", "then", "than", "so", "all", "any", "some", "other", "new",
    "one", "two", "i", "you", "my", "your", "there", "here",
];

/// The English words a single-word name must not be: lower-case entries
/// of the word list, so proper nouns stay possible names.
fn english() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../assets/discover/english-words.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Whether `word` is an English word (in any case).
pub fn is_english_word(word: &str) -> bool {
    english().contains(word.to_lowercase().as_str())
}

/// What discovery needs from the catalog: the names it must not take.
#[derive(Debug)]
pub struct Discoverer<'a> {
    catalog: &'a Catalog,
    schemes: &'a Schemes,
    /// Every alias of every actor, folded.
    aliases: HashMap<String, ActorIdx>,
    /// Every tool and malware name, folded.
    tools: HashSet<String>,
}

/// A word of a paragraph: its range in the text.
#[derive(Debug, Clone)]
struct Word {
    range: Range<usize>,
}

/// A name a cue or a pattern proposes, before it is checked.
#[derive(Debug, Clone)]
struct Candidate {
    range: Range<usize>,
    how: How,
    evidence: Range<usize>,
    alias_of: Option<ActorIdx>,
    /// A name that is a tool's followed by its head noun.
    operators: bool,
}

impl<'a> Discoverer<'a> {
    /// Prepares discovery against `catalog` with `schemes`.
    pub fn new(catalog: &'a Catalog, schemes: &'a Schemes) -> Self {
        let mut aliases = HashMap::new();
        for (i, actor) in catalog.actors().iter().enumerate() {
            for alias in &actor.aliases {
                aliases.entry(fold_str(&alias.text, true)).or_insert(i);
            }
        }
        let tools = catalog
            .tools()
            .iter()
            .map(|t| fold_str(&t.text, true))
            .collect();
        Discoverer {
            catalog,
            schemes,
            aliases,
            tools,
        }
    }

    /// The schemes in use.
    pub fn schemes(&self) -> &Schemes {
        self.schemes
    }

    /// The catalog actor one of whose aliases is `name`, folded.
    fn catalog_alias(&self, name: &str) -> Option<ActorIdx> {
        self.aliases.get(&fold_str(name, true)).copied()
    }

    fn is_tool(&self, name: &str) -> bool {
        self.tools.contains(&fold_str(name, true))
    }

    /// Finds the discovered actors of `text`, whose catalog mentions are
    /// `mentions` (sorted).
    pub fn discover(&self, text: &str, mentions: &[Mention]) -> Discovery {
        self.discover_with(text, mentions, &[])
    }

    /// [`Discoverer::discover`] in a corpus: names discovered in other
    /// articles (`known`, each with its `article` set) are mentions here
    /// too, spelled the same; evidence in this article comes first.
    pub fn discover_with(
        &self,
        text: &str,
        mentions: &[Mention],
        known: &[Discovered],
    ) -> Discovery {
        let mut candidates = Vec::new();
        let mut words = Vec::new();
        let mut next_mention = 0;
        for para in paragraphs(text) {
            words.clear();
            words.extend(cut_words(text, para.clone()));
            while next_mention < mentions.len() && mentions[next_mention].end() <= para.start {
                next_mention += 1;
            }
            let end = mentions[next_mention..]
                .iter()
                .position(|m| m.start() >= para.end)
                .map_or(mentions.len(), |n| next_mention + n);
            let here = Paragraph {
                text,
                catalog: self.catalog,
                words: &words,
                mentions: &mentions[next_mention..end],
            };
            self.scheme_candidates(&here, &mut candidates);
            self.cue_candidates(&here, &mut candidates);
            next_mention = end;
        }
        self.settle(text, mentions, candidates, known)
    }

    fn scheme_candidates(&self, p: &Paragraph<'_>, out: &mut Vec<Candidate>) {
        let longest = self.schemes.longest();
        let mut texts: Vec<&str> = Vec::with_capacity(longest);
        for i in 0..p.words.len() {
            // Every pattern begins with a capital and holds a literal word
            // (`Typhoon`) or designation (`TA`): most words end here.
            if !p.word(i).starts_with(|c: char| c.is_uppercase())
                || !(self.schemes.may_fit(p.word(i))
                    || i + 1 < p.words.len() && self.schemes.may_fit(p.word(i + 1)))
            {
                continue;
            }
            for n in (1..=longest).rev() {
                if i + n > p.words.len() || !p.joined(i, i + n) {
                    continue;
                }
                texts.clear();
                texts.extend((i..i + n).map(|k| p.word(k)));
                let Some(s) = self.schemes.fit_words(&texts) else {
                    continue;
                };
                let range = p.words[i].range.start..p.words[i + n - 1].range.end;
                let scheme = &self.schemes.list()[s];
                if scheme.is_wordy()
                    && (i > 0 && p.is_capitalised_word(i - 1) && !p.sentence_starts(i)
                        || p.is_capitalised_word_after(i + n)
                        || shouted(p.text, range.start, range.end))
                {
                    // Part of a longer capitalised name (`Save The Bear
                    // Foundation`), or a line in capitals.
                    continue;
                }
                out.push(Candidate {
                    range: range.clone(),
                    how: How::Scheme,
                    evidence: range,
                    alias_of: None,
                    operators: false,
                });
                break;
            }
        }
    }

    fn cue_candidates(&self, p: &Paragraph<'_>, out: &mut Vec<Candidate>) {
        for i in 0..p.words.len() {
            self.fixed_cue(p, i, out);
            Self::verb_cue(p, i, out);
            self.head_cue(p, i, out);
            Self::appositive_cue(p, i, out);
            self.acronym_cue(p, i, out);
        }
    }

    /// `known as X`, `calling itself X`, `identified themselves as “X”, “Y”`.
    fn fixed_cue(&self, p: &Paragraph<'_>, i: usize, out: &mut Vec<Candidate>) {
        if !p.is_one_of(i, FIXED_FIRST) {
            return;
        }
        for &(cue, reflexive) in FIXED_CUES {
            let Some(after) = p.phrase_at(i, cue) else {
                continue;
            };
            let evidence = p.words[i].range.start..p.words[after - 1].range.end;
            let names = p.names_from(after, true);
            if names.is_empty() {
                return;
            }
            let reach = if reflexive { 12 } else { 6 };
            let before = p.name_before(i);
            let linked = before
                .as_ref()
                .and_then(|r| self.catalog_alias(&p.text[r.clone()]));
            let antecedent = linked.is_some() || p.antecedent(i, reach) == Some(true);
            let cue_text = cue.to_string();
            if antecedent {
                for name in &names {
                    out.push(Candidate {
                        range: name.clone(),
                        how: How::Cue(cue_text.clone()),
                        evidence: evidence.clone(),
                        alias_of: linked,
                        operators: false,
                    });
                }
            }
            // `X, also known as Y`: a new X before a known Y.
            let aka = cue.contains("known as") || cue.starts_with('a');
            if let (Some(before), true, None) = (before, aka, linked) {
                let known = names
                    .iter()
                    .find_map(|n| self.catalog_alias(&p.text[n.clone()]));
                if known.is_some() {
                    out.push(Candidate {
                        range: before,
                        how: How::Cue(cue_text.clone()),
                        evidence: evidence.clone(),
                        alias_of: known,
                        operators: false,
                    });
                }
            }
            return;
        }
    }

    /// `dubbed X`, `dubbed the campaign “X”`, `tracks the group as X`.
    fn verb_cue(p: &Paragraph<'_>, i: usize, out: &mut Vec<Candidate>) {
        if !p.is_one_of(i, NAMING_VERBS) {
            return;
        }
        let verb = p.lower(i);
        // Passive uses and phrasal verbs name nothing: `named after`,
        // `called for`, `called on`.
        if i + 1 < p.words.len()
            && [
                "after", "for", "on", "upon", "in", "out", "by", "to", "with",
            ]
            .contains(&p.lower(i + 1).as_str())
            && p.joined(i, i + 2)
        {
            return;
        }
        let tracking = verb.starts_with("track");
        // The name at once, after `as`, or after an object of a few words.
        let mut start = i + 1;
        let mut object: Option<Range<usize>> = None;
        let limit = (i + 10).min(p.words.len());
        let mut k = i + 1;
        while k < limit {
            if !p.same_clause(k - 1, k) {
                break;
            }
            let lower = p.lower(k);
            if lower == "as" {
                object = Some(i + 1..k);
                start = k + 1;
                break;
            }
            if p.quote_before(k) || (k > i + 1 && p.is_name_start(k)) {
                object = (k > i + 1).then_some(i + 1..k);
                start = k;
                break;
            }
            if k == i + 1 && p.is_name_start(k) {
                break;
            }
            k += 1;
        }
        let with_as = start > 0 && start - 1 > i && p.lower(start - 1) == "as";
        if tracking && !with_as {
            // `tracked X` without `as` is a verb of following, not naming.
            return;
        }
        if let Some(words) = &object {
            // `calling this campaign and actor X`: without `as` or quotes,
            // the name must follow a group's noun at once.
            let quoted = p.quote_before(start);
            let last = p.lower(words.end - 1);
            if !with_as && !quoted && (words.len() > 4 || !ACTOR_NOUNS.contains(&last.as_str())) {
                return;
            }
        }
        let names = p.names_from(start, false);
        if names.is_empty() {
            return;
        }
        let ok = match &object {
            Some(words) => match p.noun_kind(words.clone()) {
                Some(true) => true,
                Some(false) => false,
                None => p.antecedent(i, 6) == Some(true),
            },
            None => p.antecedent(i, 6) == Some(true),
        };
        if !ok {
            return;
        }
        let evidence = p.words[i].range.start..p.words[i].range.end;
        for name in names {
            out.push(Candidate {
                range: name,
                how: How::Cue(verb.clone()),
                evidence: evidence.clone(),
                alias_of: None,
                operators: false,
            });
        }
    }

    /// `the X gang`, `the X group`, `the Armada Collective`.
    fn head_cue(&self, p: &Paragraph<'_>, i: usize, out: &mut Vec<Candidate>) {
        if !p.word(i).eq_ignore_ascii_case("the") {
            return;
        }
        for n in 1..=3 {
            let head = i + 1 + n;
            if head >= p.words.len() || !p.joined(i, head + 1) {
                return;
            }
            if !(i + 1..head).all(|k| p.is_name_part(k)) {
                return;
            }
            let word = p.word(head);
            let lower = word.to_lowercase();
            let capital_head = NAME_HEADS.contains(&word);
            let head_ok = if lower == "group" {
                // `the Carlyle Group` is a company's name: only a lower-case
                // `group` is a head.
                word == "group"
            } else {
                HEADS.contains(&lower.as_str())
                    && (capital_head || word.chars().all(char::is_lowercase))
            };
            if !head_ok {
                continue;
            }
            if head + 1 < p.words.len()
                && p.joined(head, head + 2)
                && MODIFIED.contains(&p.lower(head + 1).as_str())
            {
                // `the Trickbot group tag`: the head modifies a noun.
                return;
            }
            let x = p.words[i + 1].range.start..p.words[head - 1].range.end;
            let operators = self.is_tool(&p.text[x.clone()]);
            let range = if capital_head || operators {
                x.start..p.words[head].range.end
            } else {
                x
            };
            if operators && !["gang", "crew", "group"].contains(&lower.as_str()) {
                return;
            }
            out.push(Candidate {
                range,
                how: How::Cue(lower),
                evidence: p.words[head].range.clone(),
                alias_of: None,
                operators,
            });
            return;
        }
    }

    /// `X, a threat actor …`, `X, a financially motivated group`.
    fn appositive_cue(p: &Paragraph<'_>, i: usize, out: &mut Vec<Candidate>) {
        if i == 0 || !p.is_one_of(i, &["a", "an"]) {
            return;
        }
        let gap = p.between(i - 1, i);
        if gap.trim() != "," {
            return;
        }
        let Some(x) = p.name_before(i) else { return };
        let first = p
            .words
            .iter()
            .position(|w| w.range.start == x.start)
            .unwrap_or(0);
        if first > 0
            && !p.sentence_starts(first)
            && PREPOSITIONS.contains(&p.lower(first - 1).as_str())
        {
            // `In 2019, an activist …`, `On June 15, an actor …`.
            return;
        }
        let limit = (i + 1 + APPOSITIVE_MAX).min(p.words.len());
        for k in i + 1..limit {
            if !p.joined(k - 1, k + 1) {
                return;
            }
            let lower = p.lower(k);
            if THING_NOUNS.contains(&lower.as_str()) {
                return;
            }
            let threat_actor = lower == "threat"
                && k + 1 < p.words.len()
                && ["actor", "group"].contains(&p.lower(k + 1).as_str());
            if threat_actor || ACTOR_NOUNS.contains(&lower.as_str()) && lower != "activity" {
                out.push(Candidate {
                    range: x,
                    how: How::Cue("appositive".into()),
                    evidence: p.words[k].range.clone(),
                    alias_of: None,
                    operators: false,
                });
                return;
            }
        }
    }

    /// `Golden Chickens (GC)`: an acronym of a group's name, in brackets
    /// after it.
    fn acronym_cue(&self, p: &Paragraph<'_>, i: usize, out: &mut Vec<Candidate>) {
        let word = p.word(i);
        if !(2..=6).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_uppercase()) {
            return;
        }
        if i == 0 || !p.between(i - 1, i).ends_with('(') || !p.between(i, i + 1).starts_with(')') {
            return;
        }
        let bracket = p.words[i].range.start - 1;
        let Some(m) = p
            .mentions
            .iter()
            .find(|m| m.end() + 1 == bracket || m.end() == bracket)
        else {
            return;
        };
        let actor = self.catalog.actor(m.actor());
        if !matches!(actor.kind, Kind::ThreatGroup | Kind::Persona) {
            return;
        }
        let initials: String = p.text[m.range()]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !FUNCTION.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        if initials != word {
            return;
        }
        out.push(Candidate {
            range: p.words[i].range.clone(),
            how: How::Cue("acronym".into()),
            evidence: p.words[i].range.start - 1..p.words[i].range.end + 1,
            alias_of: Some(m.actor()),
            operators: false,
        });
    }

    /// Checks the candidates, merges them by spelling and finds every
    /// occurrence of each name.
    fn settle(
        &self,
        text: &str,
        mentions: &[Mention],
        candidates: Vec<Candidate>,
        known: &[Discovered],
    ) -> Discovery {
        let mut actors: Vec<Discovered> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut scheme_only: Vec<(usize, Range<usize>)> = Vec::new();
        let mut ordered = candidates;
        ordered.sort_by_key(|c| c.evidence.start);
        for c in ordered {
            let name = text[c.range.clone()].to_string();
            if !self.acceptable(text, &c, &name, mentions) {
                continue;
            }
            let scheme = self.schemes.fit(&name);
            if let Some(&a) = by_name.get(&name) {
                let known = &mut actors[a];
                if known.how == How::Scheme && c.how != How::Scheme {
                    known.how = c.how.clone();
                    known.evidence = c.evidence.clone();
                }
                if known.alias_of.is_none() {
                    known.alias_of = c.alias_of.map(AliasOf::Actor);
                }
                if c.how == How::Scheme {
                    scheme_only.push((a, c.range.clone()));
                }
                continue;
            }
            by_name.insert(name.clone(), actors.len());
            if c.how == How::Scheme {
                scheme_only.push((actors.len(), c.range.clone()));
            }
            actors.push(Discovered {
                name,
                how: c.how,
                scheme,
                evidence: c.evidence,
                alias_of: c.alias_of.map(AliasOf::Actor),
                article: None,
            });
        }
        // A wordy scheme name seen only in headings (`Super Storm Bear Hits
        // Town`) is not taken.
        let mut keep: Vec<bool> = actors
            .iter()
            .map(|d| {
                let wordy = d.scheme.is_some_and(|s| self.schemes.list()[s].is_wordy());
                d.how != How::Scheme || !wordy
            })
            .collect();
        for (a, r) in &scheme_only {
            if !keep[*a] && !title_case_line(text, r.start, r.end) {
                keep[*a] = true;
            }
        }
        let mut kept: Vec<Discovered> = actors
            .into_iter()
            .zip(keep)
            .filter_map(|(d, keep)| keep.then_some(d))
            .collect();
        let local = kept.len();
        for k in known {
            if !kept[..local].iter().any(|d| d.name == k.name) {
                kept.push(k.clone());
            }
        }
        let mut found = occurrences(text, &kept, mentions);
        if kept.len() > local {
            // Names from elsewhere in the corpus: only those that occur.
            let mut used = vec![false; kept.len()];
            for f in &found {
                used[f.actor] = true;
            }
            let mut renumber = vec![usize::MAX; kept.len()];
            let mut actors = Vec::new();
            for (i, d) in kept.into_iter().enumerate() {
                if i < local || used[i] {
                    renumber[i] = actors.len();
                    actors.push(d);
                }
            }
            for f in &mut found {
                f.actor = renumber[f.actor];
            }
            kept = actors;
        }
        Discovery {
            actors: kept,
            mentions: found,
        }
    }

    /// Whether a proposed name may be discovered.
    fn acceptable(&self, text: &str, c: &Candidate, name: &str, mentions: &[Mention]) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        let Some(first) = words.first() else {
            return false;
        };
        if name.len() > 60
            || words.len() > 5
            || name.chars().filter(|c| c.is_alphabetic()).count() < 2
        {
            // A single letter (`Ü`, `X`) names nothing on its own.
            return false;
        }
        if FUNCTION.contains(&first.to_lowercase().as_str()) {
            return false;
        }
        if !first.chars().next().is_some_and(char::is_uppercase)
            || CALENDAR.contains(&first.to_lowercase().as_str())
            || words.iter().any(|w| !w.chars().any(char::is_alphabetic))
        {
            // A name begins with a capital and has letters in every word:
            // `2019`, `June 15`, `December 27th` are dates.
            return false;
        }
        if !c.operators {
            if self.is_tool(name) || self.catalog_alias(name).is_some() {
                return false;
            }
            if words.len() == 1 && is_english_word(name) && self.schemes.fit(name).is_none() {
                return false;
            }
            let named_head = words.last().is_some_and(|w| NAME_HEADS.contains(w));
            if words.iter().all(|w| is_english_word(w)) && c.how != How::Scheme && !named_head {
                // `the Red Team`, `the Security Group`: ordinary words.
                return false;
            }
        }
        if name.contains(['/', '@', '\\', '_']) || looks_like_file(name) {
            return false;
        }
        if in_address(text, c.range.start, c.range.end) {
            return false;
        }
        // Already a catalog mention there (mentions are sorted and apart).
        let first = mentions.partition_point(|m| m.end() <= c.range.start);
        mentions.get(first).is_none_or(|m| m.start() >= c.range.end)
    }
}

/// Finds every occurrence of the discovered names (same spelling, whole
/// words, not inside an address, not over a catalog mention).
fn occurrences(text: &str, actors: &[Discovered], mentions: &[Mention]) -> Vec<Found> {
    if actors.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(actors.iter().map(|a| a.name.as_str()))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut m = 0;
    for hit in ac.find_iter(text) {
        let (start, end) = (hit.start(), hit.end());
        if !is_word_boundary(text, start)
            || !(is_word_boundary(text, end) || possessive_end(text, end).is_some())
        {
            continue;
        }
        while m < mentions.len() && mentions[m].end() <= start {
            m += 1;
        }
        if mentions.get(m).is_some_and(|x| x.start() < end) {
            continue;
        }
        if in_address(text, start, end) {
            continue;
        }
        out.push(Found {
            actor: hit.pattern().as_usize(),
            range: start..end,
        });
    }
    out
}

fn looks_like_file(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=4).contains(&ext.len())
            && ext
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

/// Cuts the text into paragraphs (blank lines apart), none longer than
/// 64 KB: a longer one is cut at a white space.
fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    const MAX: usize = 64 * 1024;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && text.as_bytes()[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= text.len() {
            return None;
        }
        let start = at;
        let mut window_end = (start + MAX).min(text.len());
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let mut end = text[start..window_end]
            .find("\n\n")
            .map_or(window_end, |i| start + i);
        if end == window_end && end < text.len() {
            // Cut at the last white space, or anywhere on a char boundary.
            end = text[start..end]
                .rfind(char::is_whitespace)
                .map(|i| start + i)
                .filter(|&e| e > start)
                .unwrap_or_else(|| {
                    let mut e = end;
                    while !text.is_char_boundary(e) {
                        e -= 1;
                    }
                    e
                });
        }
        at = end.max(start + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
        Some(start..end)
    })
}

fn is_inner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '\'')
}

/// The words of `range`: runs of letters and digits, with `-`, `.`, `_`
/// and `'` kept between two of them (`Storm-0558`, `TEMP.Veles`).
fn cut_words(text: &str, range: Range<usize>) -> impl Iterator<Item = Word> + '_ {
    let s = &text[range.clone()];
    let base = range.start;
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = s.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                chars.next();
                continue;
            }
            if is_inner(c)
                && s[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                // An apostrophe before `s` ends the word (`group's`).
                let after = &s[i + c.len_utf8()..];
                if c == '\''
                    && after.starts_with('s')
                    && !after[1..].starts_with(char::is_alphanumeric)
                {
                    end = i;
                    break;
                }
                chars.next();
                continue;
            }
            end = i;
            break;
        }
        Some(Word {
            range: base + start..base + end,
        })
    })
}

/// One paragraph, cut into words, with the catalog mentions inside it.
struct Paragraph<'t> {
    text: &'t str,
    catalog: &'t Catalog,
    words: &'t [Word],
    mentions: &'t [Mention],
}

const QUOTES: &[char] = &['"', '“', '”', '‘', '’', '\'', '«', '»', '*', '_', '`'];

impl<'t> Paragraph<'t> {
    fn word(&self, i: usize) -> &'t str {
        &self.text[self.words[i].range.clone()]
    }

    /// Whether word `i` is one of `list` (lower case), in any case.
    fn is_one_of(&self, i: usize, list: &[&str]) -> bool {
        let w = self.word(i);
        list.iter().any(|l| w.eq_ignore_ascii_case(l))
    }

    fn lower(&self, i: usize) -> String {
        self.word(i).to_lowercase()
    }

    /// The text between word `i` and word `j` (`j` may be one past the end).
    fn between(&self, i: usize, j: usize) -> &'t str {
        let start = self.words[i].range.end;
        let end = self
            .words
            .get(j)
            .map_or_else(|| (start + 8).min(self.text.len()), |w| w.range.start);
        let mut end = end.max(start);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        &self.text[start..end]
    }

    /// Whether words `i..j` follow one another with only spaces between.
    fn joined(&self, i: usize, j: usize) -> bool {
        (i + 1..j).all(|k| {
            let gap = self.between(k - 1, k);
            !gap.is_empty()
                && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\n')
                && gap.matches('\n').count() <= 1
        })
    }

    /// Whether words `i` and `j` (next to each other) are in the same
    /// clause: nothing but spaces, quotes or a comma between them.
    fn same_clause(&self, i: usize, j: usize) -> bool {
        let gap = self.between(i, j);
        !gap.contains(['.', ';', ':', '!', '?', '(', ')', '\n'])
    }

    /// Whether a quotation mark or emphasis opens right before word `i`.
    fn quote_before(&self, i: usize) -> bool {
        i > 0 && self.between(i - 1, i).ends_with(QUOTES)
    }

    fn is_capitalised_word(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
            && !FUNCTION.contains(&self.lower(i).as_str())
    }

    fn is_capitalised_word_after(&self, i: usize) -> bool {
        i < self.words.len() && self.joined(i - 1, i + 1) && self.is_capitalised_word(i)
    }

    fn sentence_starts(&self, i: usize) -> bool {
        i == 0 || {
            let gap = self.between(i - 1, i);
            gap.contains(['.', '!', '?', '\n', ':', '•'])
        }
    }

    /// Whether word `i` can begin a name: a capital or a digit.
    fn is_name_start(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars().next().is_some_and(char::is_uppercase)
            && !FUNCTION.contains(&w.to_lowercase().as_str())
    }

    /// Whether word `i` can be part of a name: capitalised, in capitals or
    /// a letter-number designation, and no function word.
    fn is_name_part(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && !FUNCTION.contains(&w.to_lowercase().as_str())
    }

    /// The words of `cue` (lower case, spaces between) at word `i`: the
    /// index of the word after it.
    fn phrase_at(&self, i: usize, cue: &str) -> Option<usize> {
        let mut k = i;
        for part in cue.split(' ') {
            if k >= self.words.len() || !self.word(k).eq_ignore_ascii_case(part) {
                return None;
            }
            if k > i && !self.joined(k - 1, k + 1) {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    /// The name right before word `i`, after a comma or an opening bracket:
    /// `Leviathan, also known as`, `TA3546 (also known as`.
    fn name_before(&self, i: usize) -> Option<Range<usize>> {
        if i == 0 {
            return None;
        }
        let gap = self.between(i - 1, i).trim();
        if !(gap == "," || gap == "(" || gap.is_empty()) {
            return None;
        }
        let end = i - 1;
        let mut start = end;
        while start > 0
            && start + 4 > end
            && self.is_name_part(start - 1)
            && self.joined(start - 1, start + 1)
            && !self.between(start - 1, start).contains('\n')
        {
            start -= 1;
        }
        if !self.is_name_part(end) || (start..=end).any(|k| !self.is_name_part(k)) {
            return None;
        }
        // Not the first word of a sentence unless it is the whole name and
        // no English word.
        Some(self.words[start].range.start..self.words[end].range.end)
    }

    /// The names after a cue, from word `at`: one quoted or capitalised
    /// name, or a list of them (`“A”, “B,” and “C”`; `‘A’ and ‘B’`).
    fn names_from(&self, at: usize, lists: bool) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut k = at;
        while k < self.words.len() && out.len() < 8 {
            if k > at {
                let gap = self.between(k - 1, k);
                let bare: String = gap.chars().filter(|c| !QUOTES.contains(c)).collect();
                let bare = bare.trim();
                let and = ["and", "or"].contains(&self.lower(k).as_str());
                if !(bare == "," || and && bare.is_empty()) {
                    break;
                }
                if and {
                    k += 1;
                    if k >= self.words.len() {
                        break;
                    }
                }
            }
            let quoted = self.quote_before(k);
            let Some(end) = self.name_end(k, quoted) else {
                break;
            };
            out.push(self.words[k].range.start..self.words[end].range.end);
            k = end + 1;
            if !lists {
                break;
            }
        }
        out
    }

    /// The last word of a name starting at word `k`: in quotes, every word
    /// up to the closing quote (at most five); else the capitalised words
    /// that follow.
    fn name_end(&self, k: usize, quoted: bool) -> Option<usize> {
        if !self.is_name_part(k) {
            return None;
        }
        let mut end = k;
        while end + 1 < self.words.len() && end < k + 4 {
            let gap = self.between(end, end + 1);
            let plain = gap.chars().all(|c| c == ' ' || c == '\u{a0}');
            if !plain {
                break;
            }
            if !quoted && !self.is_name_part(end + 1) {
                break;
            }
            if quoted
                && !self.is_name_part(end + 1)
                && !FUNCTION.contains(&self.lower(end + 1).as_str())
            {
                return None;
            }
            end += 1;
        }
        if quoted {
            let after = self.between(end, end + 1);
            if !after.trim_start_matches([',', '.']).starts_with(QUOTES) {
                return None;
            }
        }
        Some(end)
    }

    /// Whether the words in `range` (an object) name a group (`Some(true)`),
    /// a thing (`Some(false)`), or neither.
    fn noun_kind(&self, range: Range<usize>) -> Option<bool> {
        let mut found = None;
        for k in range {
            let lower = self.lower(k);
            if THING_NOUNS.contains(&lower.as_str()) {
                return Some(false);
            }
            if ACTOR_NOUNS.contains(&lower.as_str()) || lower == "them" || lower == "it" {
                found = Some(true);
            }
        }
        found
    }

    /// Looking back from the cue at word `i` over at most `reach` words of
    /// the same sentence: whether the nearest noun that says is a group's
    /// (`Some(true)`, also a catalog group's mention) or a thing's.
    fn antecedent(&self, i: usize, reach: usize) -> Option<bool> {
        let lo = i.saturating_sub(reach);
        for k in (lo..i).rev() {
            if self.between(k, k + 1).contains(['.', '!', '?', ';', '\n'])
                && !self.between(k, k + 1).trim().is_empty()
            {
                return None;
            }
            let lower = self.lower(k);
            if THING_NOUNS.contains(&lower.as_str()) {
                return Some(false);
            }
            if ACTOR_NOUNS.contains(&lower.as_str()) {
                return Some(true);
            }
            let range = &self.words[k].range;
            if self.mentions.iter().any(|m| {
                m.start() <= range.start
                    && range.end <= m.end()
                    && matches!(
                        self.catalog.actor(m.actor()).kind,
                        Kind::ThreatGroup | Kind::Persona
                    )
            }) {
                return Some(true);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn the_quick_test_knows_the_first_word_of_every_fixed_cue() {
        for (cue, _) in FIXED_CUES {
            let first = cue.split(' ').next().unwrap_or_default();
            assert!(FIXED_FIRST.contains(&first), "{cue}");
        }
    }
}
