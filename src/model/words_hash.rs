//! A hasher for sets of short words (a few bytes each) that live inside
//! one run: eight bytes at a time, a rotation, an exclusive or and a
//! multiply each, then shifts and multiplies that bring the high bits down
//! into the low ones (the table picks a bucket by the low bits). The standard
//! `SipHash` costs several rounds per word, FNV-1a a multiply per byte. It
//! is no defence against keys chosen to collide, so it is only for the
//! words of a text against a fixed list or against each other, and for
//! the keys of the user's own catalog, never for keys an attacker picks to
//! slow a long-lived table.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiplier of each step (the golden ratio's fraction).
const STEP: u64 = 0x9E37_79B9_7F4A_7C15;

/// The other multiplier of the final mix.
const FOLD: u64 = 0xD6E8_FEB8_6659_FD93;

/// Eight bytes at a time, then a mix.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        WordHasher(0x243F_6A88_85A3_08D3)
    }
}

impl WordHasher {
    fn step(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(STEP);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // Shifts and multiplies until every bit of the state counts in
        // the low bits.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(FOLD);
        h ^= h >> 29;
        h = h.wrapping_mul(STEP);
        h ^ (h >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.step(u64::from_le_bytes(w));
        }
        let tail = chunks.remainder();
        // The tail's length in its top byte: `a` and `a\0` differ.
        let mut w = [0u8; 8];
        w[..tail.len()].copy_from_slice(tail);
        w[7] = tail.len() as u8;
        self.step(u64::from_le_bytes(w));
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
        assert_ne!(h("a"), h("a\0"), "nor does a trailing zero byte vanish");
        assert_ne!(h("abcdefgh"), h("abcdefgh\0"));
        // The low bits (a table's bucket) differ for words that differ
        // only in their last byte.
        let low: std::collections::HashSet<u64> = (b'a'..=b'z')
            .map(|c| h(&format!("sai{}", c as char)) & 0xFF)
            .collect();
        assert!(low.len() > 15, "{} buckets of 256 for 26 words", low.len());
    }
}
