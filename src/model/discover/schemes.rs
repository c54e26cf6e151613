//! Vendors' naming schemes (assets/discover/naming-schemes.json): what the
//! shape of a name says about the group it names (docs/discovery.md).
//!
//! A pattern is words separated by one space. Each word is a literal
//! prefix and at most one slot at its end: `{Name}` a capitalised word with
//! a lower-case letter in it (`Volt`), `{NAME}` a word of three or more
//! capitals (`TWILIGHT`), `{N}` one or more digits, `{N3}`/`{N4}` three or
//! four or more. `Storm-{N4}` fits `Storm-0558`; `{Name} Typhoon` fits
//! `Volt Typhoon` but not `a typhoon` or `Super Typhoon` (an `except`
//! first word).

use std::sync::OnceLock;

use serde::Deserialize;

/// One vendor's way of naming one sort of group.
#[derive(Debug, Clone, Deserialize)]
pub struct Scheme {
    /// Who names groups this way (`Microsoft`).
    pub vendor: String,
    /// The pattern as written in the table (`{Name} Typhoon`).
    pub pattern: String,
    /// The country such names stand for (ISO 3166 alpha-2), if any.
    #[serde(default)]
    pub origin: Option<String>,
    /// The motivation such names stand for, if any (`financially motivated`).
    #[serde(default)]
    pub motivation: Option<String>,
    /// What the name tells, as a sentence fragment for the reader.
    pub tells: String,
    /// Where the vendor explains its scheme.
    pub reference: String,
    /// First words (lower case) that make an ordinary phrase with the
    /// pattern (`teddy` for `{Name} Bear`).
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(skip)]
    parts: Vec<Part>,
}

/// One word of a pattern: a literal prefix, then a slot or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    literal: String,
    slot: Option<Slot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A capitalised word with a lower-case letter.
    Name,
    /// Three or more capitals.
    Caps,
    /// At least this many ASCII digits (and at most eight).
    Digits(usize),
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        Some(match s {
            "{Name}" => Slot::Name,
            "{NAME}" => Slot::Caps,
            "{N}" => Slot::Digits(1),
            "{N3}" => Slot::Digits(3),
            "{N4}" => Slot::Digits(4),
            _ => return None,
        })
    }

    fn fits(self, s: &str) -> bool {
        let mut chars = s.chars();
        match self {
            Slot::Name => {
                chars.next().is_some_and(char::is_uppercase)
                    && s.chars().count() >= 2
                    && s.chars().all(char::is_alphabetic)
                    && s.chars().any(char::is_lowercase)
            }
            Slot::Caps => {
                s.chars().count() >= 3 && s.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
            }
            Slot::Digits(min) => {
                (min..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
            }
        }
    }
}

impl Part {
    fn parse(word: &str) -> Result<Part, String> {
        match word.find('{') {
            None => Ok(Part {
                literal: word.to_string(),
                slot: None,
            }),
            Some(at) => {
                let slot = Slot::parse(&word[at..]).ok_or_else(|| {
                    format!("unknown slot {:?} (a slot ends a word)", &word[at..])
                })?;
                Ok(Part {
                    literal: word[..at].to_string(),
                    slot: Some(slot),
                })
            }
        }
    }

    fn fits(&self, word: &str) -> bool {
        match (word.strip_prefix(self.literal.as_str()), self.slot) {
            (Some(rest), Some(slot)) => slot.fits(rest),
            (Some(rest), None) => rest.is_empty(),
            (None, _) => false,
        }
    }
}

impl Scheme {
    /// Whether `words` (a name cut at single spaces) fit the pattern.
    pub fn fits(&self, words: &[&str]) -> bool {
        words.len() == self.parts.len()
            && self.parts.iter().zip(words).all(|(p, w)| p.fits(w))
            && !words
                .first()
                .is_some_and(|w| self.except.iter().any(|e| e.eq_ignore_ascii_case(w)))
    }

    /// Whether the pattern holds a word slot (`{Name} Bear`), which
    /// ordinary phrases can fit, rather than a designation (`TA{N3}`).
    pub fn is_wordy(&self) -> bool {
        self.parts.iter().any(|p| p.slot == Some(Slot::Name))
    }

    /// The number of words a fitting name has.
    pub fn words(&self) -> usize {
        self.parts.len()
    }
}

/// The naming schemes, in table order.
#[derive(Debug, Clone)]
pub struct Schemes {
    list: Vec<Scheme>,
    /// The literal words of the patterns (`Typhoon`, `IRON`) and the
    /// letters that begin a designation (`TA`, `Storm`): a name fits no
    /// pattern unless one of its words is, or begins with, one of them.
    triggers: std::collections::HashSet<String>,
}

#[derive(Deserialize)]
struct Table {
    schemes: Vec<Scheme>,
}

impl Schemes {
    /// The table bundled with aka.
    pub fn bundled() -> &'static Schemes {
        static BUNDLED: OnceLock<Schemes> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Schemes::parse(include_str!("../../../assets/discover/naming-schemes.json"))
                .expect("the bundled naming-scheme table is checked by its tests")
        })
    }

    /// Reads a table in the bundled table's format.
    pub fn parse(json: &str) -> Result<Schemes, String> {
        let table: Table = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut list = table.schemes;
        for s in &mut list {
            s.parts = s
                .pattern
                .split(' ')
                .map(Part::parse)
                .collect::<Result<_, _>>()
                .map_err(|e| format!("pattern {:?}: {e}", s.pattern))?;
            if s.parts.is_empty() || s.parts.iter().all(|p| p.literal.is_empty()) {
                return Err(format!("pattern {:?} has no literal word", s.pattern));
            }
        }
        let triggers = list
            .iter()
            .flat_map(|s| &s.parts)
            .map(|p| letters(&p.literal).to_string())
            .filter(|t| !t.is_empty())
            .collect();
        Ok(Schemes { list, triggers })
    }

    /// Whether `word` is, or begins with, a literal of some pattern: a
    /// quick test before [`Schemes::fit_words`].
    pub(crate) fn may_fit(&self, word: &str) -> bool {
        let head = letters(word);
        !head.is_empty() && self.triggers.contains(head)
    }

    /// Every scheme.
    pub fn list(&self) -> &[Scheme] {
        &self.list
    }

    /// The scheme `name` fits, if any (its words cut at single spaces).
    pub fn fit(&self, name: &str) -> Option<usize> {
        let words: Vec<&str> = name.split(' ').collect();
        self.list.iter().position(|s| s.fits(&words))
    }

    /// The scheme the words fit, trying the longest patterns first.
    pub(crate) fn fit_words(&self, words: &[&str]) -> Option<usize> {
        self.list.iter().position(|s| s.fits(words))
    }

    /// The most words a pattern has.
    pub(crate) fn longest(&self) -> usize {
        self.list.iter().map(Scheme::words).max().unwrap_or(0)
    }
}

/// The letters `s` begins with (`TA` of `TA505`, `Storm` of `Storm-0558`).
fn letters(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(name: &str) -> Option<&'static str> {
        let s = Schemes::bundled();
        s.fit(name).map(|i| s.list()[i].vendor.as_str())
    }

    #[test]
    fn the_bundled_table_parses_and_every_scheme_has_a_meaning() {
        let s = Schemes::bundled();
        assert!(s.list().len() >= 30);
        for scheme in s.list() {
            assert!(scheme.origin.is_some() || scheme.motivation.is_some());
            assert!(scheme.reference.starts_with("https://"));
            assert!(!scheme.tells.is_empty());
        }
    }

    #[test]
    fn each_vendor_scheme_fits_its_names_and_nothing_like_them() {
        let yes = [
            ("Volt Typhoon", "Microsoft"),
            ("Forest Blizzard", "Microsoft"),
            ("Mint Sandstorm", "Microsoft"),
            ("Jade Sleet", "Microsoft"),
            ("Octo Tempest", "Microsoft"),
            ("Storm-0558", "Microsoft"),
            ("Fancy Bear", "CrowdStrike"),
            ("Wicked Panda", "CrowdStrike"),
            ("Charming Kitten", "CrowdStrike"),
            ("Labyrinth Chollima", "CrowdStrike"),
            ("Wizard Spider", "CrowdStrike"),
            ("APT41", "Mandiant"),
            ("FIN7", "Mandiant"),
            ("UNC2452", "Mandiant"),
            ("TEMP.Veles", "Mandiant"),
            ("TA505", "Proofpoint"),
            ("IRON TWILIGHT", "Secureworks"),
            ("GOLD SOUTHFIELD", "Secureworks"),
            ("Fighting Ursa", "Palo Alto Networks Unit 42"),
            ("Muddled Libra", "Palo Alto Networks Unit 42"),
            ("CL-STA-0044", "Palo Alto Networks Unit 42"),
            ("UAC-0056", "CERT-UA"),
            ("UAT-4356", "Cisco Talos"),
        ];
        for (name, vendor) in yes {
            assert_eq!(fits(name), Some(vendor), "{name}");
        }
        let no = [
            "Teddy Bear",
            "a typhoon",
            "typhoon warning",
            "Super Typhoon",
            "Tropical Cyclone",
            "Polar Bear",
            "Giant Panda",
            "TA1",
            "Storm-12",
            "Storm-",
            "APT",
            "UNC12",
            "BEAR",
            "IRON Twilight",
            "Iron Twilight",
            "Volt typhoon",
            "VOLT Typhoon",
            "Ford Taurus",
        ];
        for name in no {
            assert_eq!(fits(name), None, "{name}");
        }
    }

    #[test]
    fn a_bad_table_is_refused_with_the_pattern_named() {
        let bad = r#"{"schemes":[{"vendor":"V","pattern":"{Foo} X","tells":"t","reference":"https://x"}]}"#;
        let err = Schemes::parse(bad).unwrap_err();
        assert!(err.contains("{Foo} X"), "{err}");
        let no_literal = r#"{"schemes":[{"vendor":"V","pattern":"{Name}","tells":"t","reference":"https://x"}]}"#;
        assert!(Schemes::parse(no_literal).is_err());
    }
}
