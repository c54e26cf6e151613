//! A large article read in two steps: its first part at once, to show
//! something in the first frame, and the rest in the background.
//!
//! [`open`] reads up to [`WHOLE_AT_ONCE`] bytes of an input; an article no
//! longer than that is read whole ([`Opened::Whole`]). Of a longer one it
//! keeps the first [`FIRST_PART`] bytes, cut at a line end, as a document of
//! its own to search and show ([`Opened::Part`]), and hands back the rest to
//! read ([`Rest`]). [`Rest::finish`] (on a worker thread) reads on into the
//! same buffer, sized from the file's length so that it never grows, and
//! decodes it in place; [`search`] finds the mentions of the whole text.
//! Both report how far they got to a shared [`Reading`]; their result
//! replaces the first part.
//!
//! The first part's text is a prefix of the whole text (the cut falls on a
//! line end, or before the last character), so an offset into it means the
//! same in the whole.

use std::fs::File;
use std::io::Read;
use std::sync::{Arc, Mutex};

use memchr::memrchr;

use super::catalog::io_reason;
use super::corpus::{Article, Loaded};
use super::document::{Document, InvalidUtf8};
use super::input::{Input, InputError, within_limit};
use super::matcher::{Matcher, Mention};
use super::progress::Progress;

/// Articles up to this size are read and searched whole before the first
/// frame (it takes a few tens of milliseconds).
pub const WHOLE_AT_ONCE: usize = 1 << 20;

/// How much of a larger article is shown at first: this many bytes, up to
/// the last line end within them.
pub const FIRST_PART: usize = 256 << 10;

/// How much is read between two reports of progress.
const CHUNK: u64 = 4 << 20;

/// An input as [`open`] leaves it.
pub enum Opened {
    /// Read whole: the document, and where it was not UTF-8.
    Whole(Document, Option<InvalidUtf8>),
    /// Its first part, and the rest to read.
    Part(Document, Rest),
}

/// The part of an input still to read, and the bytes read so far.
pub struct Rest {
    name: String,
    source: Box<dyn Read + Send>,
    bytes: Vec<u8>,
    size: Option<usize>,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("name", &self.name)
            .field("read", &self.bytes.len())
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// Reads the start of `input`: all of it if it holds no more than
/// [`WHOLE_AT_ONCE`] bytes, else its first part. Fails as
/// [`Input::read`] does.
pub fn open(input: &Input) -> Result<Opened, InputError> {
    let name = input.name().to_string();
    let fail = |e: &std::io::Error| InputError {
        path: input.name().to_string(),
        reason: io_reason(e),
    };
    let (source, size): (Box<dyn Read + Send>, Option<usize>) = match input {
        Input::File { path, .. } => {
            let file = File::open(path).map_err(|e| fail(&e))?;
            let size = file
                .metadata()
                .ok()
                .and_then(|m| usize::try_from(m.len()).ok());
            (Box::new(file), size)
        }
        Input::Stdin => (Box::new(std::io::stdin()), None),
    };
    open_from(name, source, size).map_err(|e| fail(&e))
}

/// [`open`] on any source of bytes, `size` long if known.
pub fn open_from(
    name: String,
    mut source: Box<dyn Read + Send>,
    size: Option<usize>,
) -> std::io::Result<Opened> {
    // The buffer is the whole text's: sized once, never copied to grow.
    let mut bytes = Vec::with_capacity(size.unwrap_or(WHOLE_AT_ONCE + 1));
    (&mut source)
        .take(WHOLE_AT_ONCE as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() <= WHOLE_AT_ONCE {
        let (doc, bad) = Document::from_bytes(name, bytes);
        return Ok(Opened::Whole(doc, bad));
    }
    let cut = first_cut(&bytes[..FIRST_PART]);
    let (part, _) = Document::from_bytes(name.clone(), bytes[..cut].to_vec());
    Ok(Opened::Part(
        part,
        Rest {
            name,
            source,
            bytes,
            size,
        },
    ))
}

/// Where the first part of `head` ends: after its last line end, else
/// before its last character (which may be cut). In UTF-16 (a byte-order
/// mark first) the cut falls between two whole characters.
fn first_cut(head: &[u8]) -> usize {
    let big_endian = match head.get(..2) {
        Some([0xFF, 0xFE]) => false,
        Some([0xFE, 0xFF]) => true,
        _ => return utf8_cut(head),
    };
    let mut cut = match memrchr(b'\n', head) {
        // In UTF-16LE the LF's byte is a unit's first: take its second.
        Some(lf) => ((lf + 2) & !1).min(head.len()),
        None => head.len().saturating_sub(2) & !1,
    };
    let high_surrogate = |at: usize| {
        let unit = [head[at], head[at + 1]];
        let unit = if big_endian {
            u16::from_be_bytes(unit)
        } else {
            u16::from_le_bytes(unit)
        };
        (0xD800..0xDC00).contains(&unit)
    };
    if cut >= 4 && high_surrogate(cut - 2) {
        cut -= 2;
    }
    cut
}

/// [`first_cut`] of UTF-8 text.
fn utf8_cut(head: &[u8]) -> usize {
    if let Some(lf) = memrchr(b'\n', head) {
        return lf + 1;
    }
    (0..head.len())
        .rev()
        .take(4)
        .find(|&i| head[i] & 0xC0 != 0x80)
        .unwrap_or(0)
}

/// How far the reading of an article's rest has got: bytes of the file
/// read, then bytes of the text searched. Shared between the worker and
/// the explorer's status bar.
#[derive(Debug)]
pub struct Reading {
    /// The article's place among the session's inputs.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Bytes read of the file (total 0 when its size is not known, as for
    /// standard input).
    pub read: Progress,
    /// Bytes of the whole text searched (total 0 until the search begins).
    pub search: Progress,
}

/// What [`Reading`] is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Reading the file: bytes read, and its size if known.
    Reading(usize, Option<usize>),
    /// Searching the whole text: the share searched, from 0.0 to 1.0.
    Searching(f64),
}

impl Reading {
    /// A reading of the input at `index`, named `name`, not begun.
    pub fn new(index: usize, name: impl Into<String>) -> Self {
        Reading {
            index,
            name: name.into(),
            read: Progress::new(0),
            search: Progress::new(0),
        }
    }

    /// The file name alone, without its folders, for short messages.
    pub fn file_name(&self) -> &str {
        std::path::Path::new(&self.name)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.name)
    }

    /// What it is doing now.
    pub fn phase(&self) -> Phase {
        let (_, to_search) = self.search.counts();
        if to_search > 0 {
            return Phase::Searching(self.search.fraction());
        }
        let (done, size) = self.read.counts();
        Phase::Reading(done, (size > 0).then_some(size))
    }

    /// Asks the worker to stop.
    pub fn cancel(&self) {
        self.read.cancel();
        self.search.cancel();
    }
}

impl Rest {
    /// Reads the rest, reporting to `reading`, and decodes the whole
    /// (in place when it is valid UTF-8). `None` once `reading` is
    /// cancelled.
    pub fn read(
        self,
        reading: &Reading,
    ) -> Option<Result<(Document, Option<InvalidUtf8>), InputError>> {
        let Rest {
            name,
            mut source,
            mut bytes,
            size,
        } = self;
        reading.read.set_total(size.unwrap_or(0));
        loop {
            reading.read.advance_to(bytes.len());
            if reading.read.is_cancelled() {
                return None;
            }
            match (&mut source).take(CHUNK).read_to_end(&mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Some(Err(InputError {
                        path: name,
                        reason: io_reason(&e),
                    }));
                }
            }
        }
        drop(source);
        reading.read.set_total(bytes.len());
        let (doc, bad) = Document::from_bytes(name, bytes);
        if let Err(e) = within_limit(&doc.name, doc.text().len()) {
            return Some(Err(e));
        }
        Some(Ok((doc, bad)))
    }

    /// [`Rest::read`], then [`search`] with the finder `matcher` holds
    /// when the search begins (again, if it changed meanwhile: the catalog
    /// grew); the result as the loader gives it.
    pub fn finish(self, reading: &Reading, matcher: &Mutex<Arc<Matcher>>) -> Option<Loaded> {
        let index = reading.index;
        let (doc, invalid_utf8) = match self.read(reading)? {
            Ok(read) => read,
            Err(error) => return Some(Loaded::Failed { index, error }),
        };
        let current = || match matcher.lock() {
            Ok(m) => Arc::clone(&m),
            Err(e) => Arc::clone(e.get_ref()),
        };
        loop {
            let finder = current();
            let mentions = search(&doc, &finder, reading)?;
            if current().id() == finder.id() {
                return Some(Loaded::Article {
                    index,
                    article: Box::new(Article::found(doc, mentions, &finder)),
                    invalid_utf8,
                });
            }
        }
    }
}

/// Searches the whole of `doc` with `matcher`, reporting to `reading`;
/// `None` once it is cancelled.
pub fn search(doc: &Document, matcher: &Matcher, reading: &Reading) -> Option<Vec<Mention>> {
    reading.search.advance_to(0);
    reading.search.set_total(doc.text().len().max(1));
    let mut mentions = matcher.find_all_in_with(doc.text(), &doc.name, &reading.search)?;
    // Kept as long as the article: without the room left from growing
    // (a large block shrinks in place).
    mentions.shrink_to_fit();
    Some(mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalog;

    fn text(lines: usize) -> String {
        use std::fmt::Write;
        (0..lines).fold(String::new(), |mut t, i| {
            let _ = writeln!(t, "Line {i}: APT28 was here again, said Reuters.");
            t
        })
    }

    #[test]
    fn a_small_input_is_read_whole() {
        let t = text(10);
        let opened = open_from(
            "a.txt".into(),
            Box::new(std::io::Cursor::new(t.clone())),
            None,
        );
        let Ok(Opened::Whole(doc, None)) = opened else {
            panic!("read whole");
        };
        assert_eq!(doc.text(), t);
    }

    #[test]
    fn a_large_input_shows_its_first_lines_then_the_whole_replaces_them() {
        let t = text(40_000);
        assert!(t.len() > WHOLE_AT_ONCE);
        let source = Box::new(std::io::Cursor::new(t.clone().into_bytes()));
        let Ok(Opened::Part(part, rest)) = open_from("big.txt".into(), source, Some(t.len()))
        else {
            panic!("read in two steps");
        };
        assert!(part.text().len() <= FIRST_PART);
        assert!(part.text().ends_with('\n'));
        assert!(t.starts_with(part.text()));
        let matcher = Matcher::new(&Catalog::bundled());
        let id = matcher.id();
        let shared = Mutex::new(Arc::new(matcher));
        let reading = Reading::new(3, "big.txt");
        assert_eq!(reading.phase(), Phase::Reading(0, None));
        let done = rest.finish(&reading, &shared);
        let Some(Loaded::Article { index, article, .. }) = done else {
            panic!("the whole article");
        };
        assert_eq!(index, 3);
        assert_eq!(article.doc.text(), t);
        assert_eq!(article.matched_by, id);
        assert_eq!(article.mentions.len(), 80_000);
        assert_eq!(reading.read.counts(), (t.len(), t.len()));
        assert_eq!(reading.phase(), Phase::Searching(1.0));
    }

    #[test]
    fn a_cancelled_reading_stops() {
        let t = text(40_000);
        let source = Box::new(std::io::Cursor::new(t.into_bytes()));
        let Ok(Opened::Part(_, rest)) = open_from("big.txt".into(), source, None) else {
            panic!("read in two steps");
        };
        let shared = Mutex::new(Arc::new(Matcher::new(&Catalog::bundled())));
        let reading = Reading::new(0, "big.txt");
        reading.cancel();
        assert!(rest.finish(&reading, &shared).is_none());
    }

    #[test]
    fn a_line_longer_than_the_first_part_is_cut_between_characters() {
        assert_eq!(first_cut(b"ab\ncd"), 3);
        assert_eq!(first_cut("aé".as_bytes()), 1);
        assert_eq!(first_cut(b"abc"), 2);
    }

    #[test]
    fn a_utf16_first_part_is_cut_between_whole_characters() {
        // After the LF's two bytes, whichever comes first; without a line
        // end, before the last unit, and never inside a surrogate pair.
        assert_eq!(first_cut(b"\xff\xfea\x00\n\x00b\x00"), 6);
        assert_eq!(first_cut(b"\xfe\xff\x00a\x00\n\x00b"), 6);
        assert_eq!(first_cut(b"\xff\xfe=\xd8\x3b\xdcb\x00"), 6);
        assert_eq!(first_cut(b"\xff\xfe=\xd8\x3b\xdc"), 2);
        let t: String = "\u{FEFF}".to_string() + &text(20_000).replace("APT28", "APT28 🐻");
        let bytes: Vec<u8> = t.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(bytes.len() > WHOLE_AT_ONCE);
        let source = Box::new(std::io::Cursor::new(bytes));
        let Ok(Opened::Part(part, _)) = open_from("big.txt".into(), source, None) else {
            panic!("read in two steps");
        };
        assert!(part.text().len() > 1000 && t.starts_with(part.text()));
    }
}
