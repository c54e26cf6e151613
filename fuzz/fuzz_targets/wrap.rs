//! Wrapping (`aka::wrap`) and the screen's geometry (`aka::layout`) on
//! arbitrary text (now and then repeated past the longest segment), widths
//! 1–500 and screens 1×1 to 500×200:
//! - no panic;
//! - the display lines, walked forward, cover the text in order: between
//!   two rows only a line end, before the first only a byte-order mark;
//! - no row wider than the width in cells, but for its hanging white
//!   space or a single grapheme wider than the width;
//! - walked backward, the same lines;
//! - the panes and teaching mode's parts lie inside the screen, apart.
#![no_main]

use aka::layout;
use aka::scroll::Lines;
use aka::wrap::{self, Layout, Shown};
use libfuzzer_sys::fuzz_target;
use ratatui::layout::Rect;

/// Whether a glyph is white space that may hang past the edge (as the
/// wrapper classes it).
fn hangs(g: &wrap::Glyph<'_>) -> bool {
    match g.shown {
        Shown::Blank => true,
        Shown::Placeholder(_) => false,
        Shown::Text(s) => s
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')),
    }
}

fn check_text(text: &str, width: usize) {
    let mut layout = Layout::new(text);
    layout.set_width(width);
    let mut lines = layout.lines(text);
    let mut pos = lines.first();
    let mut walked = vec![pos];
    while let Some(next) = lines.next(pos) {
        assert!(next > pos);
        pos = next;
        walked.push(pos);
    }
    assert_eq!(lines.last(), pos);
    let mut back = vec![pos];
    while let Some(prev) = lines.prev(pos) {
        pos = prev;
        back.push(pos);
    }
    back.reverse();
    assert_eq!(walked, back, "walked backward");
    let mut end = 0;
    for p in walked {
        let row = layout.rows(text, p.seg)[p.row].clone();
        aka_fuzz::check_range(text, &row, "row");
        let gap = &text[end..row.start];
        let first = end == 0;
        assert!(
            matches!(gap, "" | "\n" | "\r\n") || (first && gap == "\u{FEFF}"),
            "{gap:?} between rows at {end}"
        );
        end = row.end;
        let glyphs: Vec<_> = wrap::glyphs(text, row.clone()).collect();
        let shown = glyphs.iter().rposition(|g| !hangs(g));
        if let Some(last) = shown {
            let cells = glyphs[last].col + glyphs[last].width;
            assert!(
                cells <= width || last == 0,
                "a row of {cells} cells at width {width}: {:?}",
                &text[row]
            );
        }
    }
    assert!(
        matches!(&text[end..], "" | "\n" | "\r\n"),
        "{:?} left over",
        &text[end..]
    );
}

fn inside(inner: Rect, outer: Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right()
        && inner.bottom() <= outer.bottom()
}

fn apart(rects: &[Rect]) {
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(
                a.is_empty() || b.is_empty() || !a.intersects(*b),
                "{a:?} and {b:?}"
            );
        }
    }
}

fn check_screen(area: Rect) {
    match layout::panes(area) {
        Some(a) => {
            assert!(area.width >= layout::MIN_WIDTH && area.height >= layout::MIN_HEIGHT);
            let outer = [a.sidebar, a.article, a.detail, a.status];
            for r in outer.iter().chain(&[a.overlay]) {
                assert!(inside(*r, area), "{r:?} outside {area:?}");
            }
            apart(&outer);
            assert!(inside(a.sidebar_rows, a.sidebar));
            assert!(inside(a.article_text, a.article));
            assert!(inside(a.detail_rows, a.detail));
            assert!(inside(a.overlay_rows, a.overlay));
        }
        None => assert!(area.width < layout::MIN_WIDTH || area.height < layout::MIN_HEIGHT),
    }
    if let Some(p) = layout::present(area) {
        let parts = [
            p.title,
            p.text,
            p.rule,
            p.caption,
            p.strip_rule,
            p.strip,
            p.hints,
        ];
        for r in parts {
            assert!(inside(r, area), "{r:?} outside {area:?}");
        }
        apart(&parts);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<7>() else {
        return;
    };
    let width = usize::from(u16::from_le_bytes([head[0], head[1]])) % 500 + 1;
    let mut text = String::from_utf8_lossy(rest).into_owned();
    // Now and then a text repeated past the longest segment, so that long
    // lines are cut into segments too.
    if head[6] >= 0xf0 && !text.is_empty() {
        text = text.repeat(wrap::MAX_SEGMENT * 2 / text.len() + 1);
    }
    check_text(&text, width);
    let w = u16::from_le_bytes([head[2], head[3]]) % 500 + 1;
    let h = u16::from(head[4]) % 200 + 1;
    let x = u16::from(head[5] & 0x0f);
    let y = u16::from(head[5] >> 4);
    check_screen(Rect::new(x, y, w, h));
});
