//! Progress and cancellation of a long computation that runs on another
//! thread than the one that waits for it (the explorer's screen).
//!
//! The worker reports how far it got with [`Progress::advance_to`] and asks
//! [`Progress::is_cancelled`] between steps; the waiting side reads
//! [`Progress::fraction`] for its progress line and calls
//! [`Progress::cancel`] when the reader gives up. Both sides share it
//! through an `Arc`; nothing here blocks.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How far a computation over `total` units (bytes of an article, articles
/// of a corpus) has got, and whether it should stop.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicUsize,
    done: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// A computation of `total` units, none done.
    pub fn new(total: usize) -> Self {
        Progress {
            total: AtomicUsize::new(total),
            done: AtomicUsize::new(0),
            cancelled: AtomicBool::new(false),
        }
    }

    /// Sets the total, for a computation that learns it late.
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Records that the first `done` units are done.
    pub fn advance_to(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Units done and units in all.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// The share done, from 0.0 to 1.0 (1.0 for an empty computation).
    pub fn fraction(&self) -> f64 {
        let (done, total) = self.counts();
        if total == 0 {
            1.0
        } else {
            (done.min(total) as f64) / (total as f64)
        }
    }

    /// Asks the computation to stop at its next step.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// A count with thousands separated by commas (`10,000`), as progress
/// and counts are shown.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in bytes as a reader takes it in: `512 KB`, `37 MB`, `1.2 GB`.
pub fn size(bytes: usize) -> String {
    const KB: usize = 1 << 10;
    const MB: usize = 1 << 20;
    const GB: usize = 1 << 30;
    match bytes {
        b if b < KB => format!("{b} bytes"),
        b if b < MB => format!("{} KB", b / KB),
        b if b < GB => format!("{} MB", b / MB),
        b => format!("{:.1} GB", b as f64 / GB as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_easily() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(size(12), "12 bytes");
        assert_eq!(size(256 << 10), "256 KB");
        assert_eq!(size(37 << 20), "37 MB");
        assert_eq!(size(3 << 29), "1.5 GB");
    }

    #[test]
    fn reports_the_share_done_and_a_cancellation() {
        let p = Progress::new(200);
        assert!(p.fraction().abs() < 1e-9);
        p.advance_to(50);
        assert_eq!(p.counts(), (50, 200));
        assert!((p.fraction() - 0.25).abs() < 1e-9);
        p.advance_to(500);
        assert!((p.fraction() - 1.0).abs() < 1e-9);
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
        assert!((Progress::new(0).fraction() - 1.0).abs() < 1e-9);
    }
}
