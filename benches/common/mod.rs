//! What several benchmarks share.

/// A small deterministic generator, so every run measures the same input.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words of wire-service prose, with the proper nouns news is full of.
pub const NEWS_WORDS: &[&str] = &[
    "the",
    "government",
    "said",
    "on",
    "Tuesday",
    "that",
    "officials",
    "had",
    "found",
    "evidence",
    "of",
    "a",
    "campaign",
    "against",
    "ministries",
    "and",
    "banks",
    "in",
    "several",
    "countries,",
    "according",
    "to",
    "people",
    "familiar",
    "with",
    "the",
    "matter.",
    "Researchers",
    "reported",
    "new",
    "malware",
    "while",
    "markets",
    "fell",
    "sharply",
    "after",
    "the",
    "announcement.",
    "Analysts",
    "expect",
    "more",
    "attacks",
    "this",
    "year",
    "—",
    "but",
    "nobody",
    "knows",
    "when.",
    "It’s",
    "the",
    "third",
    "time",
    "since",
    "2019",
    "that",
    "U.S.",
    "agencies",
    "warned",
    "Moscow",
    "Washington",
    "President",
    "Minister",
    "Reuters",
    "Microsoft",
    "Google",
    "Monday",
    "Wednesday",
    "European",
    "Ukraine",
    "Kyiv",
    "NATO",
    "Beijing",
    "Congress",
    "Senate",
    "The",
    "In",
    "A",
    "Security",
    "Ministry",
    "Defence",
    "Thursday",
    "London",
    "Paris",
    "Berlin",
    "FBI",
];

/// Words of vendor prose beside the news words (`NEWS_WORDS`), proper
/// nouns and cyber words included, so that risky names meet head nouns now
/// and then.
#[allow(dead_code)] // not every benchmark uses it
pub const CYBER_WORDS: &[&str] = &[
    "group",
    "ransomware",
    "actors",
    "behind",
    "tracked",
    "as",
    "Russian",
    "Chinese",
    "hackers",
    "Cobalt",
    "Strike",
    "Royal",
    "Mail",
    "First",
    "https://example.com/a/b",
    "Python",
    "Desktop",
];

/// How dense a generated text is: one word in `name_every` is a name of
/// the catalog, one in `cyber_every` a word of vendor prose.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // not every benchmark uses it
pub struct Density {
    pub name_every: usize,
    pub cyber_every: usize,
}

/// Dense, for the finder's benchmarks since issue 9: a name every thirty
/// words, vendor words (risky names among them) one word in three.
#[allow(dead_code)] // not every benchmark uses it
pub const DENSE: Density = Density {
    name_every: 30,
    cyber_every: 3,
};

/// As dense as real reports and news are: the news development set has a
/// mention every 17 words and the `AnnoCTR` reports one every 53 (`aka
/// mentions`); this gives about one every 25.
#[allow(dead_code)] // not every benchmark uses it
pub const REAL: Density = Density {
    name_every: 60,
    cyber_every: 20,
};

/// News-like text of at least `size` bytes: words of `NEWS_WORDS` and
/// `CYBER_WORDS` and names from `names` as `density` says, a line break
/// every ninety words, a blank line every five lines.
#[allow(dead_code)] // not every benchmark uses it
pub fn news_text(rng: &mut Rng, names: &[String], size: usize, density: Density) -> String {
    let mut s = String::with_capacity(size + 256);
    let mut words = 0;
    while s.len() < size {
        if rng.below(density.name_every) == 0 {
            s.push_str(&names[rng.below(names.len())]);
        } else {
            let words = if rng.below(density.cyber_every) == 0 {
                CYBER_WORDS
            } else {
                NEWS_WORDS
            };
            s.push_str(rng.pick(words));
        }
        words += 1;
        s.push_str(match words {
            w if w % 450 == 0 => "\n\n",
            w if w % 90 == 0 => "\n",
            _ => " ",
        });
    }
    s
}
