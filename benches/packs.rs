//! Loading the knowledge packs (issue 5): parsing every bundled pack,
//! merging them with the bundled catalog, and building the finder's
//! automaton over all their aliases — what `aka` does before it can show a
//! first frame. The budget is 100 ms for the whole.
//!
//! Run with `cargo bench --bench packs`.

use std::hint::black_box;

use aka::cli::CatalogArgs;
use aka::model::{Catalog, Matcher, packs};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let args = CatalogArgs::default();
    let mut group = c.benchmark_group("packs");
    group.sample_size(20);
    group.bench_function("parse_all_packs", |b| {
        b.iter(|| black_box(packs::all_bundled()));
    });
    group.bench_function("load_catalog_with_packs", |b| {
        b.iter(|| black_box(args.load().expect("the bundled catalogs load")));
    });
    let catalog: Catalog = args.load().expect("the bundled catalogs load");
    group.bench_function("build_matcher", |b| {
        b.iter(|| black_box(Matcher::new(&catalog)));
    });
    group.bench_function("load_and_build", |b| {
        b.iter(|| {
            let catalog = args.load().expect("the bundled catalogs load");
            black_box(Matcher::new(&catalog))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
