//! The packed form of an article's mentions: one BLOB per article instead
//! of a row per mention (docs/archive.md, Schema). Twenty million mention
//! rows, with their keys and indexes, would outweigh the text they index;
//! packed, a mention takes four to six bytes.
//!
//! A mention is a run of LEB128 varints: `name << 1 | ambiguous`, the
//! start's distance from the previous mention's start, the length, and
//! for an ambiguous mention the number of candidates then each
//! candidate's actor key. `name` and the actor keys are a backend's own
//! integer keys for (actor, alias) pairs and actors.

/// One mention in a backend's integer keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The key of the (actor, alias) pair.
    pub name: u64,
    /// Start byte offset in the file.
    pub start: u64,
    /// End byte offset (exclusive).
    pub end: u64,
    /// The candidates' actor keys when ambiguous, else empty.
    pub candidates: Vec<u64>,
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Packs mentions sorted by start.
pub fn pack(mentions: &[Packed]) -> Vec<u8> {
    pack_each(mentions)
}

/// Packs the mentions `mentions` yields, sorted by start (some of an
/// article's, without copying them out).
pub fn pack_each<'a>(mentions: impl IntoIterator<Item = &'a Packed>) -> Vec<u8> {
    let mentions = mentions.into_iter();
    let mut out = Vec::with_capacity(mentions.size_hint().0 * 5);
    let mut prev = 0;
    for m in mentions {
        let ambiguous = !m.candidates.is_empty();
        put(&mut out, m.name << 1 | u64::from(ambiguous));
        put(&mut out, m.start.saturating_sub(prev));
        put(&mut out, m.end.saturating_sub(m.start));
        if ambiguous {
            put(&mut out, m.candidates.len() as u64);
            for &c in &m.candidates {
                put(&mut out, c);
            }
        }
        prev = m.start;
    }
    out
}

/// Unpacks what [`pack`] made; `None` if the bytes are not such a packing.
pub fn unpack(bytes: &[u8]) -> Option<Vec<Packed>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut prev = 0u64;
    while at < bytes.len() {
        let head = get(bytes, &mut at)?;
        let start = prev.checked_add(get(bytes, &mut at)?)?;
        let end = start.checked_add(get(bytes, &mut at)?)?;
        let mut candidates = Vec::new();
        if head & 1 == 1 {
            let n = get(bytes, &mut at)?;
            if n > (bytes.len() - at) as u64 {
                return None;
            }
            for _ in 0..n {
                candidates.push(get(bytes, &mut at)?);
            }
        }
        out.push(Packed {
            name: head >> 1,
            start,
            end,
            candidates,
        });
        prev = start;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips_and_stays_small() {
        let mentions = vec![
            Packed {
                name: 3,
                start: 10,
                end: 20,
                candidates: vec![],
            },
            Packed {
                name: 300,
                start: 5000,
                end: 5006,
                candidates: vec![7, 1 << 40],
            },
            Packed {
                name: 0,
                start: 5000,
                end: 5001,
                candidates: vec![],
            },
        ];
        let bytes = pack(&mentions);
        assert_eq!(unpack(&bytes), Some(mentions));
        assert_eq!(bytes[..3], [6, 10, 10], "a small mention takes three bytes");
    }

    #[test]
    fn unpacking_refuses_truncated_bytes() {
        let bytes = pack(&[Packed {
            name: 1,
            start: 1,
            end: 2,
            candidates: vec![4, 5],
        }]);
        for cut in 1..bytes.len() {
            assert_eq!(unpack(&bytes[..cut]), None, "cut at {cut}");
        }
        assert_eq!(unpack(&[0x80; 12]), None);
    }
}
