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
pub fn mention(out: &mut impl Write, r: &Record<'_>) -> io::Result<()> {
    let candidates = r.candidates.as_ref().map(|c| c.join(","));
    let actor = candidates.as_deref().or(r.actor).unwrap_or("");
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        escape(r.path),
        r.line,
        r.column,
        r.start,
        r.end,
        escape(actor),
        escape(r.alias),
        escape(r.text)
    )
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
