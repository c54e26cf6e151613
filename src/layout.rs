//! Where things go on the screen: the rectangles of the panes, the
//! overlays and teaching mode for a terminal of a given size. The state
//! uses them to size its viewports and to hit-test the mouse; the view
//! draws into them. Plain geometry: this module knows neither the state
//! ([`crate::app`]) nor the widgets ([`crate::ui`]).

use ratatui::layout::{Margin, Rect};

/// The narrowest terminal the panes fit in.
pub const MIN_WIDTH: u16 = 60;
/// The lowest terminal the panes fit in.
pub const MIN_HEIGHT: u16 = 15;
/// From this width on, the detail panel sits beside the article.
pub const WIDE: u16 = 160;
/// The widest an overlay gets: quoted sentences fit on a wide terminal.
pub const MAX_OVERLAY_WIDTH: u16 = 120;
/// Columns left of the article text for the cursor marker.
pub const GUTTER: u16 = 2;

/// Where everything goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// The sidebar with its border.
    pub sidebar: Rect,
    /// The sidebar's rows.
    pub sidebar_rows: Rect,
    /// The article pane with its border.
    pub article: Rect,
    /// The article's text (inside the border, right of the gutter).
    pub article_text: Rect,
    /// The detail panel with its border.
    pub detail: Rect,
    /// The detail panel's rows.
    pub detail_rows: Rect,
    /// The status bar.
    pub status: Rect,
    /// An overlay (help, article list, Sources view, export menu) with its
    /// border: centred, as wide as the terminal allows up to
    /// [`MAX_OVERLAY_WIDTH`].
    pub overlay: Rect,
    /// The overlay's rows.
    pub overlay_rows: Rect,
}

/// Places the panes in `area`, or `None` when it is too small for them.
pub fn panes(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    let status = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    let sidebar_width = (area.width * 22 / 100).clamp(24, 34);
    let sidebar = Rect {
        width: sidebar_width,
        ..main
    };
    let right = Rect {
        x: main.x + sidebar_width,
        width: main.width - sidebar_width,
        ..main
    };
    let (article, detail) = if area.width >= WIDE {
        let width = (right.width * 36 / 100).clamp(44, 64);
        (
            Rect {
                width: right.width - width,
                ..right
            },
            Rect {
                x: right.right() - width,
                width,
                ..right
            },
        )
    } else {
        let height = (main.height * 58 / 100).max(7);
        (
            Rect { height, ..right },
            Rect {
                y: right.y + height,
                height: right.height - height,
                ..right
            },
        )
    };
    let inner = |r: Rect| r.inner(Margin::new(1, 1));
    let article_inner = inner(article);
    let article_text = Rect {
        x: article_inner.x + GUTTER,
        width: article_inner.width.saturating_sub(GUTTER),
        ..article_inner
    };
    let overlay_width = area.width.saturating_sub(4).min(MAX_OVERLAY_WIDTH);
    let overlay_height = area.height.saturating_sub(4);
    let overlay = Rect {
        x: area.x + (area.width - overlay_width) / 2,
        y: area.y + (area.height - overlay_height) / 2,
        width: overlay_width,
        height: overlay_height,
    };
    Some(Areas {
        sidebar,
        sidebar_rows: inner(sidebar),
        article,
        article_text,
        detail,
        detail_rows: Rect {
            x: inner(detail).x + 1,
            width: inner(detail).width.saturating_sub(1),
            ..inner(detail)
        },
        status,
        overlay,
        overlay_rows: Rect {
            x: inner(overlay).x + 1,
            width: inner(overlay).width.saturating_sub(2),
            ..inner(overlay)
        },
    })
}

/// The widest the article's text gets, in columns.
pub const MAX_TEXT_WIDTH: u16 = 80;
/// The widest the who's who strip gets, in columns.
pub const MAX_STRIP_WIDTH: u16 = 140;
/// The smallest screen teaching mode draws on.
pub const PRESENT_MIN_WIDTH: u16 = 40;
/// The lowest screen teaching mode draws on.
pub const PRESENT_MIN_HEIGHT: u16 = 16;

/// Where teaching mode draws on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresentAreas {
    /// The article's name and the step counter.
    pub title: Rect,
    /// The article's text.
    pub text: Rect,
    /// The rule above the caption.
    pub rule: Rect,
    /// The caption.
    pub caption: Rect,
    /// The rule that heads the who's who strip.
    pub strip_rule: Rect,
    /// The who's who strip.
    pub strip: Rect,
    /// The key hints, or a message.
    pub hints: Rect,
}

/// Places teaching mode's parts in `area`, or `None` when it is smaller
/// than [`PRESENT_MIN_WIDTH`]×[`PRESENT_MIN_HEIGHT`]. Parts keep their place from step to
/// step, so that the text does not jump under the class's eyes.
pub fn present(area: Rect) -> Option<PresentAreas> {
    if area.width < PRESENT_MIN_WIDTH || area.height < PRESENT_MIN_HEIGHT {
        return None;
    }
    let margin = (area.width / 10).max(2);
    let width = (area.width - 2 * margin).min(MAX_TEXT_WIDTH);
    let x = area.x + (area.width - width) / 2;
    let tall = area.height >= 40;
    let (top, bottom) = if tall { (2, 1) } else { (1, 0) };
    let caption_height = if tall { 5 } else { 4 };
    let strip_height = if tall { 6 } else { 3 };
    // Title, gap, rule, strip rule and hints: one row each.
    let fixed = top + bottom + 5 + caption_height + strip_height;
    let text_height = area.height.checked_sub(fixed).filter(|&h| h >= 3)?;
    let row = |y: u16, height: u16| Rect {
        x,
        y,
        width,
        height,
    };
    let title = row(area.y + top, 1);
    let text = row(title.y + 2, text_height);
    let rule = row(text.bottom(), 1);
    let caption = row(rule.bottom(), caption_height);
    // The strip may be wider than the text: names are short, and a wide
    // screen then holds every actor.
    let strip_width = (area.width - 2 * margin).min(MAX_STRIP_WIDTH).max(width);
    let wide = |r: Rect| Rect {
        x: area.x + (area.width - strip_width) / 2,
        width: strip_width,
        ..r
    };
    let strip_rule = wide(row(caption.bottom(), 1));
    let strip = wide(row(strip_rule.bottom(), strip_height));
    let hints = Rect {
        x: area.x,
        width: area.width,
        ..row(strip.bottom(), 1)
    };
    Some(PresentAreas {
        title,
        text,
        rule,
        caption,
        strip_rule,
        strip,
        hints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_grow_with_the_terminal_up_to_their_widest() {
        let width = |w: u16| panes(Rect::new(0, 0, w, 40)).map(|a| a.overlay.width);
        assert_eq!(width(80), Some(76));
        assert_eq!(width(100), Some(96));
        assert_eq!(width(140), Some(MAX_OVERLAY_WIDTH));
        assert_eq!(width(250), Some(MAX_OVERLAY_WIDTH));
        // Centred, and the rows inside its border and margin.
        let a = panes(Rect::new(0, 0, 140, 40)).unwrap();
        assert_eq!(a.overlay.x, 10);
        assert_eq!(a.overlay_rows.width, MAX_OVERLAY_WIDTH - 4);
        assert_eq!(panes(Rect::new(0, 0, MIN_WIDTH - 1, 40)), None);
    }
}
