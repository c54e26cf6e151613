//! Timing whole processes, for the benchmarks that measure aka as a user
//! waits for it (`whole`, `archive`); a module of its own so that the
//! criterion benchmarks, which include `common`, need not carry it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The median of some times.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs the command `cmd` makes `runs` times, its output to /dev/null, and
/// prints and returns the median wall time: a whole process, start-up
/// included, as a user waits for it.
pub fn time(runs: usize, what: &str, mut cmd: impl FnMut() -> Command) -> Duration {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = cmd()
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .status()
            .unwrap();
        times.push(start.elapsed());
        assert!(status.success(), "{what} failed");
    }
    let t = median(times);
    eprintln!("{what:<52} {:>9.3} s", t.as_secs_f64());
    t
}
