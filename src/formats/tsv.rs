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
    if s.bytes().any(|b| MAY_NEED_ESCAPE[usize::from(b)]) {
        out.write_all(escape(s).as_bytes())
    } else {
        out.write_all(s.as_bytes())
    }
}

/// Writes `before`, then `n` in decimal.
fn number(out: &mut impl Write, before: u8, n: usize) -> io::Result<()> {
    // 20 digits hold any u64; one more for `before`.
    let mut buf = [0u8; 21];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b"0123456789"[n % 10];
        n /= 10;
        if n == 0 {
            break;
        }
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
    fn fields_stay_on_one_line() {
        assert_eq!(escape("a\tb\r\nc\\"), "a\\tb\\r\\nc\\\\");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape("a\u{1b}]0;PWNED\u{7}\u{9b}\u{202e}b"),
            "a\\u{1b}]0;PWNED\\u{7}\\u{9b}\\u{202e}b"
        );
    }
}
