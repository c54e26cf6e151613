//! A hasher for sets of short words (a few bytes each) that live inside
//! one run: FNV-1a, which costs a multiply per byte where the standard
//! `SipHash` costs several rounds per word. It is no defence against keys
//! chosen to collide, so it is only for the words of a text against a
//! fixed list or against each other, never for keys an attacker picks to
//! slow a long-lived table.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes written.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// What a `HashSet` or `HashMap` of words is built with.
pub type WordHash = BuildHasherDefault<WordHasher>;

/// A set of words.
pub type WordSet<'a> = std::collections::HashSet<&'a str, WordHash>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_set_finds_what_it_holds_and_nothing_else() {
        let mut set = WordSet::default();
        for w in ["said", "says", "according", "", "é"] {
            assert!(set.insert(w));
        }
        assert!(!set.insert("said"));
        assert!(set.contains("according") && set.contains("") && set.contains("é"));
        assert!(!set.contains("sai") && !set.contains("saidx") && !set.contains("e"));
        let h = |s: &str| {
            let mut h = WordHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(h("ab"), h("ba"), "the order of bytes counts");
    }
}
