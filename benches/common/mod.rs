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
