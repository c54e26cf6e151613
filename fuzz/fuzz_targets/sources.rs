//! Sources (`aka::model::sources`) on arbitrary text, with the mentions of
//! the bundled catalog, or of a small catalog made from the input when it
//! gives one (see the crate's docs):
//! - no panic;
//! - sentences in order, inside the text, on character boundaries;
//! - every attribution's ranges likewise, its sentence not empty, its
//!   actors in the catalog, attributions in text order.
#![no_main]

use std::sync::OnceLock;

use aka::model::sources::{Org, attributions, sentences};
use aka::model::{Catalog, Matcher};
use aka_fuzz::check_range;
use libfuzzer_sys::fuzz_target;

fn bundled() -> &'static (Catalog, Matcher) {
    static BUNDLED: OnceLock<(Catalog, Matcher)> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let catalog = Catalog::bundled();
        let matcher = Matcher::new(&catalog);
        (catalog, matcher)
    })
}

fn check(catalog: &Catalog, matcher: &Matcher, text: &str) {
    let found = sentences(text);
    for s in &found {
        check_range(text, s, "sentence");
    }
    for w in found.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "sentences {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    let mentions = matcher.find_all(text);
    let all = attributions(text, &mentions);
    for a in &all {
        check_range(text, &a.source_range, "source");
        check_range(text, &a.sentence, "attributed sentence");
        assert!(!a.sentence.is_empty(), "empty sentence: {a:?}");
        for r in [&a.role, &a.venue].into_iter().flatten() {
            check_range(text, r, "role or venue");
        }
        match &a.org {
            Some(Org::Words(r)) => check_range(text, r, "organisation"),
            Some(Org::Actor(idx)) => assert!(*idx < catalog.len()),
            None => {}
        }
        if let Some(idx) = a.source {
            assert!(idx < catalog.len());
        }
    }
    for w in all.windows(2) {
        assert!(
            w[0].sentence.start <= w[1].sentence.start,
            "attributions out of order: {:?} then {:?}",
            w[0].sentence,
            w[1].sentence
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let (spec, text) = aka_fuzz::split(data);
    if spec.is_empty() {
        let (catalog, matcher) = bundled();
        check(catalog, matcher, &text);
    } else if let Some(catalog) = aka_fuzz::catalog(&spec) {
        let matcher = Matcher::new(&catalog);
        check(&catalog, &matcher, &text);
    }
});
