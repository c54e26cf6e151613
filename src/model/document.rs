//! Articles as aka reads them: text decoded from bytes, with offsets that
//! still point into the bytes on disk, and line/column positions (docs/output.md, Positions in the text).

use std::ops::Range;

use memchr::{memchr_iter, memrchr};
use unicode_segmentation::UnicodeSegmentation;

/// The first invalid UTF-8 byte of a file read lossily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset of the first byte that is not valid UTF-8.
    pub first_bad: usize,
}

/// The encoding a document's bytes were decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark: the default.
    #[default]
    Utf8,
    /// UTF-16, little-endian: the file starts with the bytes `FF FE`.
    Utf16Le,
    /// UTF-16, big-endian: the file starts with the bytes `FE FF`.
    Utf16Be,
}

impl Encoding {
    /// Its usual name: `UTF-8`, `UTF-16LE`, `UTF-16BE`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// How many bytes of the file an ASCII character of the text takes.
    fn ascii_width(self) -> usize {
        match self {
            Encoding::Utf8 => 1,
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
        }
    }
}

/// An article: its display name and decoded text.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The name shown to the user (the path as given, or `-`).
    pub name: String,
    text: String,
    /// Where decoding changed lengths: pairs of (offset in `text`, offset
    /// in the original bytes), sorted. Between two of them the text is
    /// ASCII or copied as it stands, one byte of text for
    /// [`Encoding::ascii_width`] bytes of the file. Empty for valid UTF-8.
    fixes: Vec<(usize, usize)>,
    encoding: Encoding,
}

impl Document {
    /// Decodes `bytes`: as UTF-16 when they start with its byte-order mark
    /// (which stays in the text as U+FEFF, as UTF-8's does), else as UTF-8.
    /// Invalid UTF-8 is replaced as `String::from_utf8_lossy` does, an
    /// unpaired surrogate or a last odd byte of UTF-16 by one U+FFFD each,
    /// and the first is reported; the bytes are not copied when they are
    /// valid UTF-8.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> (Self, Option<InvalidUtf8>) {
        let name = name.into();
        match bytes.get(..2) {
            Some([0xFF, 0xFE]) => return Self::from_utf16(name, &bytes, Encoding::Utf16Le),
            Some([0xFE, 0xFF]) => return Self::from_utf16(name, &bytes, Encoding::Utf16Be),
            _ => {}
        }
        match String::from_utf8(bytes) {
            Ok(text) => (
                Document {
                    name,
                    text,
                    fixes: Vec::new(),
                    encoding: Encoding::Utf8,
                },
                None,
            ),
            Err(e) => {
                let bytes = e.into_bytes();
                let mut text = String::with_capacity(bytes.len() + 16);
                let mut fixes = Vec::new();
                let mut raw = 0;
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    raw += chunk.valid().len();
                    let bad = chunk.invalid().len();
                    if bad > 0 {
                        fixes.push((text.len(), raw));
                        text.push(char::REPLACEMENT_CHARACTER);
                        raw += bad;
                        fixes.push((text.len(), raw));
                    }
                }
                let first_bad = fixes.first().map_or(0, |&(_, r)| r);
                (
                    Document {
                        name,
                        text,
                        fixes,
                        encoding: Encoding::Utf8,
                    },
                    Some(InvalidUtf8 { first_bad }),
                )
            }
        }
    }

    /// Decodes UTF-16 `bytes` (byte-order mark included) in `encoding`,
    /// noting a fix after every character that is not ASCII.
    fn from_utf16(name: String, bytes: &[u8], encoding: Encoding) -> (Self, Option<InvalidUtf8>) {
        let pairs = bytes.chunks_exact(2);
        let odd = pairs.remainder().len();
        let units = pairs.map(|p| match encoding {
            Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
            _ => u16::from_le_bytes([p[0], p[1]]),
        });
        let mut text = String::with_capacity(bytes.len() / 2 + bytes.len() / 8);
        let mut fixes = Vec::new();
        let mut first_bad = None;
        let mut raw = 0;
        for c in char::decode_utf16(units) {
            let c = c.unwrap_or_else(|_| {
                first_bad.get_or_insert(raw);
                char::REPLACEMENT_CHARACTER
            });
            text.push(c);
            // An unpaired surrogate is one unit, as its U+FFFD is.
            raw += c.len_utf16() * 2;
            if !c.is_ascii() {
                fixes.push((text.len(), raw));
            }
        }
        if odd > 0 {
            first_bad.get_or_insert(raw);
            text.push(char::REPLACEMENT_CHARACTER);
            fixes.push((text.len(), raw + odd));
        }
        (
            Document {
                name,
                text,
                fixes,
                encoding,
            },
            first_bad.map(|first_bad| InvalidUtf8 { first_bad }),
        )
    }

    /// The encoding the bytes were decoded from.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A document from text already in memory (offsets are the text's).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            name: name.into(),
            text: text.into(),
            fixes: Vec::new(),
            encoding: Encoding::Utf8,
        }
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset in the original bytes of offset `pos` of [`Self::text`].
    pub(crate) fn source_offset(&self, pos: usize) -> usize {
        let width = self.encoding.ascii_width();
        match self.fixes.partition_point(|&(t, _)| t <= pos) {
            0 => pos * width,
            i => {
                let (t, r) = self.fixes[i - 1];
                r + (pos - t) * width
            }
        }
    }

    /// A range of [`Self::text`] as a range of the original bytes.
    pub fn source_range(&self, range: &Range<usize>) -> Range<usize> {
        self.source_offset(range.start)..self.source_offset(range.end)
    }

    /// The title: the first Markdown heading, else the first non-empty line.
    pub fn title(&self) -> &str {
        let lines = || {
            self.text
                .lines()
                .map(|l| l.trim_start_matches('\u{FEFF}').trim())
        };
        lines()
            .find_map(|l| {
                l.strip_prefix('#')
                    .map(|h| h.trim_start_matches('#').trim())
            })
            .filter(|h| !h.is_empty())
            .or_else(|| lines().find(|l| !l.is_empty()))
            .unwrap_or("")
    }
}

/// A 1-based line and column (docs/output.md, Positions in the text): only LF ends a line; columns count
/// grapheme clusters; a leading BOM is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in grapheme clusters.
    pub column: usize,
}

/// Turns offsets into [`LineCol`]s, moving forward through the text so that
/// increasing offsets cost only the text between them.
#[derive(Debug, Clone)]
pub struct Locator<'t> {
    text: &'t str,
    start: usize,
    pos: usize,
    at: LineCol,
}

impl<'t> Locator<'t> {
    /// A locator at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        let start = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Locator {
            text,
            start,
            pos: start,
            at: LineCol { line: 1, column: 1 },
        }
    }

    /// The line and column of `offset`, which should be a grapheme boundary.
    /// Offsets should come in increasing order; an earlier one restarts the
    /// count from the top.
    pub fn locate(&mut self, offset: usize) -> LineCol {
        let offset = offset.clamp(self.start, self.text.len());
        if offset < self.pos {
            *self = Locator::new(self.text);
        }
        let seg = &self.text.as_bytes()[self.pos..offset];
        match memrchr(b'\n', seg) {
            Some(last) => {
                self.at.line += memchr_iter(b'\n', seg).count();
                let line_start = self.pos + last + 1;
                self.at.column = 1 + clusters(&self.text[line_start..offset]);
            }
            None => self.at.column += clusters(&self.text[self.pos..offset]),
        }
        self.pos = offset;
        self.at
    }
}

/// How many grapheme clusters `s` holds. Two ASCII characters side by
/// side are always two clusters but CR LF, so runs of ASCII are counted by
/// bytes, and only the stretches around other characters — from the ASCII
/// character before them to the next two ASCII characters in a row — are
/// cut by the Unicode rules.
fn clusters(s: &str) -> usize {
    let b = s.as_bytes();
    let crlf = |run: &[u8]| {
        memchr_iter(b'\r', run)
            .filter(|&i| run.get(i + 1) == Some(&b'\n'))
            .count()
    };
    let mut n = 0;
    let mut i = 0;
    loop {
        let Some(off) = first_non_ascii(&b[i..]) else {
            return n + (b.len() - i) - crlf(&b[i..]);
        };
        // Here the character before is ASCII, or there is none: a character
        // that stands alone between ASCII characters is one cluster when
        // one follows (or none), with no need of the rules.
        let at = i + off;
        if let Some(c) = s[at..].chars().next().filter(|&c| alone(c))
            && b.get(at + c.len_utf8()).is_none_or(u8::is_ascii)
        {
            n += off - crlf(&b[i..at]) + 1;
            i = at + c.len_utf8();
            if i >= b.len() {
                return n;
            }
            continue;
        }
        // The ASCII character before may begin the cluster (`e` + U+0301);
        // keep CR LF together on one side.
        let mut from = i + off.saturating_sub(1);
        if from > i && b[from - 1] == b'\r' && b[from] == b'\n' {
            from -= 1;
        }
        n += (from - i) - crlf(&b[i..from]);
        let mut to = i + off + 1;
        while to < b.len()
            && !(b[to - 1].is_ascii()
                && b[to].is_ascii()
                && !(b[to - 1] == b'\r' && b[to] == b'\n'))
        {
            to += 1;
        }
        while !s.is_char_boundary(to) {
            to += 1;
        }
        n += s[from..to].graphemes(true).count();
        i = to;
        if i >= b.len() {
            return n;
        }
    }
}

/// Where the first byte of `b` that is not ASCII is, eight bytes at a time.
fn first_non_ascii(b: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let high = u64::from_le_bytes(eight) & HIGH;
        if high != 0 {
            return Some(at + (high.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|x| !x.is_ascii())
        .map(|i| at + i)
}

/// Characters that form a cluster of their own between two ASCII
/// characters (their `Grapheme_Cluster_Break` is Other or Control):
/// Latin letters, punctuation such as dashes, quotes and the ellipsis,
/// currency signs, CJK ideographs. The tests hold each to the Unicode
/// rules.
fn alone(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'..='\u{2FF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{20A0}'..='\u{20C0}'
            | '\u{4E00}'..='\u{9FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_offsets_map_back_to_bytes() {
        let bytes = b"ab\xff\xfecd\xe2\x82ef".to_vec();
        let (doc, bad) = Document::from_bytes("x", bytes);
        assert_eq!(bad, Some(InvalidUtf8 { first_bad: 2 }));
        assert_eq!(doc.text(), "ab\u{FFFD}\u{FFFD}cd\u{FFFD}ef");
        let c = doc.text().find('c').unwrap();
        assert_eq!(doc.source_offset(c), 4);
        let e = doc.text().find('e').unwrap();
        assert_eq!(doc.source_offset(e), 8);
        assert_eq!(doc.source_offset(doc.text().len()), 10);
        assert_eq!(doc.source_offset(0), 0);
    }

    #[test]
    fn utf16_offsets_map_back_to_the_bytes_on_disk() {
        let text = "\u{FEFF}Fancy Bear é 🐻\r\nAPT28 東.";
        for (encoding, bom) in [
            (Encoding::Utf16Le, [0xFF, 0xFE]),
            (Encoding::Utf16Be, [0xFE, 0xFF]),
        ] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| match encoding {
                    Encoding::Utf16Le => u.to_le_bytes(),
                    _ => u.to_be_bytes(),
                })
                .collect();
            assert_eq!(bytes[..2], bom);
            let (doc, bad) = Document::from_bytes("x", bytes.clone());
            assert_eq!((doc.text(), bad, doc.encoding()), (text, None, encoding));
            // Each character's offset in the text maps to its own in the file.
            let mut raw = 0;
            for (at, c) in text.char_indices() {
                assert_eq!(doc.source_offset(at), raw, "{c:?}");
                raw += c.len_utf16() * 2;
            }
            assert_eq!(doc.source_offset(text.len()), bytes.len());
            let apt = text.find("APT28").unwrap();
            assert_eq!(doc.source_range(&(apt..apt + 5)), 36..46);
        }
        // An unpaired surrogate and a last odd byte: U+FFFD each, reported.
        let (doc, bad) = Document::from_bytes("x", b"\xff\xfeA\x00\x00\xd8B\x00C".to_vec());
        assert_eq!(doc.text(), "\u{FEFF}A\u{FFFD}B\u{FFFD}");
        assert_eq!(bad, Some(InvalidUtf8 { first_bad: 4 }));
        let b = doc.text().find('B').unwrap();
        assert_eq!(doc.source_offset(b), 6);
        assert_eq!(doc.source_offset(doc.text().len()), 9);
    }

    #[test]
    fn lines_and_grapheme_columns() {
        let text = "\u{FEFF}a\r\nb 👩‍💻 e\u{301} 東 x\n\ty";
        let mut loc = Locator::new(text);
        assert_eq!(loc.locate(3), LineCol { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(loc.locate(x), LineCol { line: 2, column: 9 });
        let y = text.find('y').unwrap();
        assert_eq!(loc.locate(y), LineCol { line: 3, column: 2 });
        assert_eq!(loc.locate(3), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn ascii_columns_count_cr_lf_once() {
        for s in [
            "",
            "abc",
            "a\r\nb",
            "\r\r\n\n",
            "\t x\u{7f}",
            "e\u{301}x",
            "a\r",
        ] {
            assert_eq!(clusters(s), s.graphemes(true).count(), "{s:?}");
        }
    }

    #[test]
    fn characters_alone_between_ascii_are_one_cluster() {
        let chars = (0xA0..=0x9FFF)
            .filter_map(char::from_u32)
            .filter(|&c| alone(c));
        for c in chars {
            for s in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}b"),
                format!("a{c}b"),
                format!("\r{c}\n"),
                format!("e\u{301}{c}x{c}"),
            ] {
                assert_eq!(clusters(&s), s.graphemes(true).count(), "{s:?}");
            }
        }
        assert_eq!(first_non_ascii(b"abcdefghijkl\xC3\xA9"), Some(12));
        assert_eq!(first_non_ascii(b"abcdefg\xC3\xA9"), Some(7));
        assert_eq!(first_non_ascii(b"abcdefgh"), None);
    }

    proptest::proptest! {
        #[test]
        fn columns_count_grapheme_clusters(s in "[a-c\\r\\n \u{301}\u{200D}\u{600}é東’—\u{AD}🇫🇷👩]{0,24}") {
            proptest::prop_assert_eq!(clusters(&s), s.graphemes(true).count());
        }
    }

    #[test]
    fn title_is_first_heading_or_line() {
        assert_eq!(
            Document::from_text("a", "\n\n  First line\nsecond").title(),
            "First line"
        );
        assert_eq!(
            Document::from_text("a", "\n\n  First line\n# H").title(),
            "H"
        );
        assert_eq!(
            Document::from_text("a", "intro\n## The Heading ##\n").title(),
            "The Heading ##"
        );
    }
}
