//! Tab-separated values: a header row, then one row a mention or an
//! attribution. Tabs, line breaks and backslashes inside a field are
//! escaped as `\t`, `\n`, `\r` and `\\`, so that a row stays on one line
//! and a field in one column; every other character a terminal would obey
//! (ESC, BEL, DEL, the C1 controls, bidi overrides) as `\u{1b}`
//! ([`super::terminal`]).

use std::borrow::Cow;
use std::io::{self, Write};

use super::records::{Record, SourceRecord};
use super::terminal;

/// The header row of `aka mentions --format tsv`.
pub const MENTIONS_HEADER: &str = "path\tline\tcolumn\tstart\tend\tactor\talias\ttext\n";

/// The header row of `aka sources --format tsv`.
pub const SOURCES_HEADER: &str = "path\tsource\tsource_text\tcue\tsentence_start\tsentence_end\tsentence\trole\torg\tvenue\tvia\n";

/// Writes the row of one mention; an ambiguous one names every candidate
/// in the actor column, comma-separated.
///
/// Written piece by piece rather than through `fmt`, since `aka mentions`
/// writes millions of rows: the same bytes, in a fraction of the time.
pub fn mention(out: &mut impl Write, r: &Record<'_>) -> io::Result<()> {
    let candidates = r.candidates.as_ref().map(|c| c.join(","));
    let actor = candidates.as_deref().or(r.actor).unwrap_or("");
    field(out, r.path)?;
    number(out, b'\t', r.line)?;
    number(out, b'\t', r.column)?;
    number(out, b'\t', r.start)?;
    number(out, b'\t', r.end)?;
    out.write_all(b"\t")?;
    field(out, actor)?;
    out.write_all(b"\t")?;
    field(out, r.alias)?;
    out.write_all(b"\t")?;
    field(out, r.text)?;
    out.write_all(b"\n")
}

/// The bytes for which a field may need an escape: a backslash, and
/// those [`terminal::may_be_unsafe`] looks for (C0 controls, DEL, the lead
/// bytes of C1 controls and of the bidi characters).
const MAY_NEED_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'\\' as usize] = true;
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table
};

/// Writes `s` escaped ([`escape`]).
fn field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if may_need_escape(s.as_bytes()) {
        out.write_all(escape(s).as_bytes())
    } else {
        out.write_all(s.as_bytes())
    }
}

/// Eight times the byte `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether a byte of `s` is one of [`MAY_NEED_ESCAPE`]. Eight bytes at a
/// time: a block of ASCII without controls, DEL or a backslash (most of
/// them) is passed at once, any other is looked up byte by byte.
fn may_need_escape(s: &[u8]) -> bool {
    const HIGH: u64 = splat(0x80);
    let mut blocks = s.chunks_exact(8);
    for block in &mut blocks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(block);
        let w = u64::from_le_bytes(bytes);
        // For ASCII bytes (the high bit clear) no sum carries into the next
        // byte; a block with a high bit set is looked up anyway.
        let below_space = !w.wrapping_add(splat(0x80 - 0x20));
        let del = w.wrapping_add(splat(1));
        let x = w ^ splat(b'\\');
        let backslash = !(((x & splat(0x7F)) + splat(0x7F)) | x);
        if (w | below_space | del | backslash) & HIGH != 0
            && block.iter().any(|&b| MAY_NEED_ESCAPE[usize::from(b)])
        {
            return true;
        }
    }
    blocks
        .remainder()
        .iter()
        .any(|&b| MAY_NEED_ESCAPE[usize::from(b)])
}

/// The two decimal digits of every number below 100.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// Writes `before`, then `n` in decimal.
fn number(out: &mut impl Write, before: u8, n: usize) -> io::Result<()> {
    // 20 digits hold any u64; one more for `before`.
    let mut buf = [0u8; 21];
    let mut at = buf.len();
    let mut n = n;
    // Two digits at a time, then the one or two left.
    while n >= 100 {
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[n % 100]);
        n /= 100;
    }
    if n >= 10 {
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[n]);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    at -= 1;
    buf[at] = before;
    out.write_all(&buf[at..])
}

/// Writes the row of one attribution.
pub fn source(out: &mut impl Write, r: &SourceRecord<'_>) -> io::Result<()> {
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        escape(r.path),
        escape(r.source.unwrap_or("")),
        escape(r.source_text),
        r.cue,
        r.sentence_start,
        r.sentence_end,
        escape(r.sentence),
        escape(r.role.unwrap_or("")),
        escape(r.org.unwrap_or("")),
        escape(r.venue.unwrap_or("")),
        r.via.unwrap_or("")
    )
}

/// Escapes a field so that it stays on one line and in one column, and
/// shows on a terminal as it stands.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') && (!terminal::may_be_unsafe(s) || !s.contains(terminal::is_unsafe)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if terminal::is_unsafe(c) => terminal::push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(path: &'a str, alias: &'a str, text: &'a str, n: usize) -> Record<'a> {
        Record {
            path,
            actor: Some("apt28"),
            name: "APT28",
            alias,
            text,
            start: n,
            end: n.saturating_add(1),
            line: n / 7,
            column: n % 1000,
            candidates: None,
            discovered: None,
        }
    }

    #[test]
    fn a_row_is_what_format_writes() {
        let texts = [
            "Fancy\nBear",
            "a\tb\\c",
            "Ca\u{301}fe\u{2019}s",
            "x\u{1b}[2Jy\u{202e}",
            "Fancy\u{a0}Bear\u{2013}s",
            "plain",
        ];
        for (i, &n) in [0, 7, 9, 10, 99, 100, 12_345, usize::MAX]
            .iter()
            .enumerate()
        {
            let text = texts[i % texts.len()];
            let mut r = record("dir/a\tb.txt", text, text, n);
            if i % 3 == 1 {
                r.candidates = Some(vec!["apt28", "apt\t29"]);
            }
            let actor = r
                .candidates
                .as_ref()
                .map_or("apt28".to_string(), |c| c.join(","));
            let mut fast = Vec::new();
            mention(&mut fast, &r).unwrap_or_default();
            let slow = format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                escape(r.path),
                r.line,
                r.column,
                r.start,
                r.end,
                escape(&actor),
                escape(r.alias),
                escape(r.text)
            );
            assert_eq!(String::from_utf8_lossy(&fast), slow);
        }
    }

    #[test]
    fn the_quick_test_finds_every_byte_that_may_need_an_escape() {
        for b in 0..=255u8 {
            for at in 0..20 {
                for len in [at + 1, 20] {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    assert_eq!(
                        may_need_escape(&s),
                        MAY_NEED_ESCAPE[usize::from(b)],
                        "byte {b:#x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(!may_need_escape(
            "Fancy Bear [APT28] ~ the DNC's.".as_bytes()
        ));
        assert!(may_need_escape(
            "Fancy Bear [APT28] ~ the DNC\\s.".as_bytes()
        ));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut n = 1usize;
        let mut wanted = vec![0, 9, 10, 11, 99, 100, 101, 999, 1000, usize::MAX];
        while n < usize::MAX / 7 {
            wanted.extend([n, n * 7 - 1]);
            n *= 7;
        }
        for n in wanted {
            let mut out = Vec::new();
            number(&mut out, b'\t', n).unwrap_or_default();
            assert_eq!(String::from_utf8_lossy(&out), format!("\t{n}"));
        }
    }

    #[test]
    fn fields_stay_on_one_line() {
        assert_eq!(escape("a\tb\r\nc\\"), "a\\tb\\r\\nc\\\\");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape("a\u{1b}]0;PWNED\u{7}\u{9b}\u{202e}b"),
            "a\\u{1b}]0;PWNED\\u{7}\\u{9b}\\u{202e}b"
        );
    }
}
