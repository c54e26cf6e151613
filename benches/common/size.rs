//! The size of the archive benchmarks' corpus and how often each is
//! timed, from the environment: `AKA_BENCH_MILLION=1` (a million
//! articles), else `AKA_BENCH_ARTICLES` (100,000); `AKA_BENCH_RUNS`.

/// How many articles the corpus has.
pub fn articles() -> usize {
    if std::env::var_os("AKA_BENCH_MILLION").is_some() {
        return 1_000_000;
    }
    number("AKA_BENCH_ARTICLES").unwrap_or(100_000)
}

/// How many times each figure is timed (the median is printed).
pub fn runs(default: usize) -> usize {
    number("AKA_BENCH_RUNS").unwrap_or(default)
}

fn number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
