//! Every style the explorer draws with, behind semantic accessors: widgets
//! ask for `mention(slot, emphasis)` or `border(focused)`, never for a
//! colour. The actor palette uses mid-tone 256-colour entries that read on
//! dark and light backgrounds alike; the emphasised forms add bold,
//! underline or reverse rather than another colour, so they stay readable
//! under any palette. With `NO_COLOR` set, [`Theme::no_color`] draws with
//! bold, underline and reverse only.

use ratatui::style::{Color, Modifier, Style};

/// Marks an actor that has ambiguous mentions in the article (a name it
/// shares with another actor); the help's legend says so.
pub const AMBIGUOUS_MARK: &str = "?";

/// Actor colours, ordered so that consecutive slots (actors that appear
/// one after another) have clearly different hues.
const PALETTE: [u8; 16] = [
    33, 166, 35, 163, 37, 160, 98, 136, 168, 64, 67, 172, 132, 29, 94, 26,
];

/// A grey that reads on black and on white.
const GREY: Color = Color::Indexed(244);
/// The accent of focused borders and key names.
const ACCENT: Color = Color::Indexed(33);

/// How strongly a mention is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    /// A mention of an actor that is not selected.
    Quiet,
    /// A mention of the selected actor.
    Selected,
    /// The current mention: the article cursor.
    Current,
}

/// The explorer's styles, in colour or without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colored()
    }
}

impl Theme {
    /// The colour theme.
    pub const fn colored() -> Self {
        Theme { color: true }
    }

    /// The theme for `NO_COLOR`: bold, underline and reverse only.
    pub const fn no_color() -> Self {
        Theme { color: false }
    }

    /// [`Theme::no_color`] when the `NO_COLOR` variable is set and not
    /// empty (<https://no-color.org>), else [`Theme::colored`].
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::no_color(),
            _ => Theme::colored(),
        }
    }

    /// Whether this theme uses colour.
    pub fn is_colored(&self) -> bool {
        self.color
    }

    /// How many distinct actor colours there are.
    pub fn palette_len(&self) -> usize {
        PALETTE.len()
    }

    /// The colour of palette slot `slot`, if colour is on.
    pub fn actor_color(&self, slot: usize) -> Option<Color> {
        self.color
            .then(|| Color::Indexed(PALETTE[slot % PALETTE.len()]))
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// A mention of the actor in colour slot `slot`.
    pub fn mention(&self, slot: usize, emphasis: Emphasis) -> Style {
        let base = match self.actor_color(slot) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        };
        match (emphasis, self.color) {
            (Emphasis::Quiet, true) => base,
            (Emphasis::Quiet, false) => base.add_modifier(Modifier::UNDERLINED),
            (Emphasis::Selected, _) => base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (Emphasis::Current, _) => base.add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    /// The colour swatch beside an actor's name.
    pub fn swatch(&self, slot: usize) -> Style {
        match self.actor_color(slot) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    /// The swatch symbol.
    pub fn swatch_symbol(&self) -> &'static str {
        if self.color { "●" } else { "•" }
    }

    /// A match of the article search; `current` for the one at the cursor.
    pub fn search_match(&self, current: bool) -> Style {
        match (self.color, current) {
            (true, false) => Style::new().fg(Color::Black).bg(Color::Indexed(222)),
            (true, true) => Style::new()
                .fg(Color::Black)
                .bg(Color::Indexed(208))
                .add_modifier(Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// A pane border.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(ACCENT).add_modifier(Modifier::BOLD)
        } else {
            self.fg(GREY)
        }
    }

    /// A pane title; without colour, the focused pane's is reversed.
    pub fn title(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        match (focused, self.color) {
            (false, _) => s,
            (true, true) => s.patch(self.fg(ACCENT)),
            (true, false) => s.add_modifier(Modifier::REVERSED),
        }
    }

    /// The cursor row of a list: reversed when its pane has focus.
    pub fn cursor_row(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The marker in the article gutter beside the cursor line.
    pub fn gutter(&self, focused: bool) -> Style {
        if focused {
            self.fg(ACCENT).add_modifier(Modifier::BOLD)
        } else {
            self.fg(GREY)
        }
    }

    /// A heading inside a pane (a kind, a section of the detail panel).
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: counts, line numbers, hints, absent aliases.
    pub fn dim(&self) -> Style {
        self.fg(GREY)
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// A key name in the status bar and the help overlay.
    pub fn key(&self) -> Style {
        self.fg(ACCENT).add_modifier(Modifier::BOLD)
    }

    /// A transient message in the status bar.
    pub fn message(&self) -> Style {
        self.fg(Color::Indexed(172)).add_modifier(Modifier::BOLD)
    }

    /// The status bar's file name.
    pub fn status_name(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A prompt being typed (search, filter).
    pub fn prompt(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The scrollbar: its thumb or its track.
    pub fn scrollbar(&self, thumb: bool) -> Style {
        if thumb {
            self.fg(GREY).add_modifier(Modifier::BOLD)
        } else {
            self.fg(GREY)
        }
    }

    /// The text of a Markdown heading.
    pub fn md_heading(&self) -> Style {
        self.fg(Color::Indexed(75)).add_modifier(Modifier::BOLD)
    }

    /// The `#` markers of a Markdown heading.
    pub fn md_marker(&self) -> Style {
        self.fg(GREY)
    }

    /// A sentence jumped to from a list of sources.
    pub fn cited_sentence(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(238))
        } else {
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
        }
    }

    /// A row for an article still loading or unreadable.
    pub fn unavailable(&self) -> Style {
        self.fg(GREY).add_modifier(Modifier::ITALIC)
    }

    /// The "terminal too small" message.
    pub fn too_small(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A mention in teaching mode: as in the explorer, in bold, so that it
    /// carries across a room.
    pub fn present_mention(&self, slot: usize, emphasis: Emphasis) -> Style {
        self.mention(slot, emphasis).add_modifier(Modifier::BOLD)
    }

    /// Teaching mode's caption line.
    pub fn caption(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// The colour of palette slot `slot` as CSS hex (`#0087ff`): the xterm
/// 256-colour value of the entry the terminal shows, for the HTML export.
pub fn slot_hex(slot: usize) -> String {
    let (r, g, b) = xterm_rgb(PALETTE[slot % PALETTE.len()]);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The RGB value xterm gives a 256-colour index.
pub fn xterm_rgb(index: u8) -> (u8, u8, u8) {
    const BASIC: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    match index {
        0..=15 => BASIC[index as usize],
        16..=231 => {
            let i = index - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        232..=255 => {
            let v = 8 + 10 * (index - 232);
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_uses_modifiers_only() {
        let t = Theme::no_color();
        for e in [Emphasis::Quiet, Emphasis::Selected, Emphasis::Current] {
            let s = t.mention(3, e);
            assert_eq!((s.fg, s.bg), (None, None));
            assert!(!s.add_modifier.is_empty());
        }
        assert_eq!(t.border(true).fg, None);
        assert_eq!(t.search_match(false).bg, None);
    }

    #[test]
    fn hex_colours_are_the_xterm_values_of_the_palette() {
        assert_eq!(xterm_rgb(33), (0, 135, 255));
        assert_eq!(xterm_rgb(166), (215, 95, 0));
        assert_eq!(xterm_rgb(244), (128, 128, 128));
        assert_eq!(xterm_rgb(9), (255, 0, 0));
        assert_eq!(slot_hex(0), "#0087ff");
        assert_eq!(slot_hex(PALETTE.len()), slot_hex(0));
    }

    #[test]
    fn emphasis_levels_differ_and_keep_the_actor_colour() {
        let t = Theme::colored();
        let q = t.mention(0, Emphasis::Quiet);
        let s = t.mention(0, Emphasis::Selected);
        let c = t.mention(0, Emphasis::Current);
        assert_eq!(q.fg, s.fg);
        assert_eq!(q.fg, c.fg);
        assert_ne!(q, s);
        assert_ne!(s, c);
        assert_ne!(
            t.mention(0, Emphasis::Quiet).fg,
            t.mention(1, Emphasis::Quiet).fg
        );
    }
}
