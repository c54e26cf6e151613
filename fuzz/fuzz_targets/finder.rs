//! The finder on arbitrary text with a small catalog made from the input
//! (see the crate's docs for the spec):
//! - no panic;
//! - mentions in text order, non-overlapping, on character boundaries,
//!   each naming an actor and alias of the catalog, candidates sorted and
//!   holding the actor (docs/matching.md, Overlaps and Ambiguity);
//! - evidence and dropped occurrences inside the text;
//! - the same mentions, shifted, after a byte-order mark; the same with and
//!   without an article path that no suppression names.
#![no_main]

use aka::model::{Catalog, DropReason, Dropped, Evidence, Matcher, Mention};
use aka_fuzz::check_range;
use libfuzzer_sys::fuzz_target;

fn check_mentions(catalog: &Catalog, text: &str, mentions: &[Mention]) {
    for m in mentions {
        check_range(text, &m.range(), "mention");
        assert!(m.start() < m.end(), "empty mention {:?}", m.range());
        let actor = catalog
            .actors()
            .get(m.actor())
            .expect("mention of no actor");
        assert!(
            m.alias() < actor.aliases.len(),
            "alias {} of {}",
            m.alias(),
            actor.id
        );
        let candidates = m.candidates();
        if !candidates.is_empty() {
            assert!(candidates.len() > 1, "one candidate: {m:?}");
            assert!(candidates.windows(2).all(|w| w[0] < w[1]), "{m:?}");
            assert_eq!(candidates[0], m.actor(), "the first candidate: {m:?}");
            assert!(candidates.iter().all(|&c| c < catalog.len()));
        }
        if let Some(e) = m.evidence() {
            match e {
                Evidence::HeadNoun(r)
                | Evidence::Naming(r)
                | Evidence::SameActor(r)
                | Evidence::Government(r)
                | Evidence::Definite(r)
                | Evidence::Link(r) => check_range(text, r, "evidence"),
                Evidence::Capitals => {}
            }
        }
    }
    for w in mentions.windows(2) {
        assert!(
            w[0].end() <= w[1].start(),
            "overlapping or unordered: {:?} then {:?}",
            w[0].range(),
            w[1].range()
        );
    }
}

fn check_dropped(catalog: &Catalog, text: &str, dropped: &[Dropped]) {
    for d in dropped {
        check_range(text, &d.range, "dropped");
        let actor = catalog.actors().get(d.actor).expect("dropped of no actor");
        assert!(d.alias < actor.aliases.len());
        match &d.reason {
            DropReason::InTool { tool, range } => {
                assert!(*tool < catalog.tools().len());
                check_range(text, range, "tool");
            }
            DropReason::InName(range) => check_range(text, range, "name"),
            DropReason::NoEvidence
            | DropReason::InAddress
            | DropReason::InAmount
            | DropReason::Suppressed => {}
        }
    }
    assert!(
        dropped
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start)
    );
}

/// What a mention says, every range moved `by` bytes on: a mention's
/// fields are its own, so a shifted copy is compared through them.
type Said = (
    std::ops::Range<usize>,
    usize,
    usize,
    Vec<usize>,
    Option<Evidence>,
);

fn shifted(m: &Mention, by: usize) -> Said {
    let mv = |r: &std::ops::Range<usize>| r.start + by..r.end + by;
    let evidence = m.evidence().cloned().map(|e| match e {
        Evidence::HeadNoun(r) => Evidence::HeadNoun(mv(&r)),
        Evidence::Naming(r) => Evidence::Naming(mv(&r)),
        Evidence::SameActor(r) => Evidence::SameActor(mv(&r)),
        Evidence::Government(r) => Evidence::Government(mv(&r)),
        Evidence::Definite(r) => Evidence::Definite(mv(&r)),
        Evidence::Link(r) => Evidence::Link(mv(&r)),
        Evidence::Capitals => Evidence::Capitals,
    });
    (
        mv(&m.range()),
        m.actor(),
        m.alias(),
        m.candidates().to_vec(),
        evidence,
    )
}

fuzz_target!(|data: &[u8]| {
    let (spec, text) = aka_fuzz::split(data);
    let Some(catalog) = aka_fuzz::catalog(&spec) else {
        return;
    };
    let matcher = Matcher::new(&catalog);
    let (mentions, dropped) = matcher.find_explained(&text);
    check_mentions(&catalog, &text, &mentions);
    check_dropped(&catalog, &text, &dropped);
    assert_eq!(matcher.find_all_in(&text, "elsewhere.txt"), mentions);
    if !text.starts_with('\u{FEFF}') {
        let marked = format!("\u{FEFF}{text}");
        let after: Vec<Said> = mentions.iter().map(|m| shifted(m, 3)).collect();
        let found: Vec<Said> = matcher
            .find_all(&marked)
            .iter()
            .map(|m| shifted(m, 0))
            .collect();
        assert_eq!(found, after, "after a byte-order mark");
    }
});
