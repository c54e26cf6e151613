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

/// Actor colours: mid-tone entries of the xterm cube, none of them blue
/// enough to pass for the [`ACCENT`] (a CIEDE2000 distance of at least 30
/// from it) nor close to one another (at least 12). Ordered so that each
/// slot is as far as can be from all those before it: the few colours a
/// short article uses, and actors that appear one after another, differ
/// most.
const PALETTE: [u8; 16] = [
    35, 163, 166, 136, 37, 131, 139, 64, 160, 94, 171, 203, 96, 29, 129, 168,
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

    /// A mention of an actor no catalog holds (discovered in the text):
    /// the text's own colour, underlined and in italics, so that it reads
    /// on dark and light terminals and apart from catalog actors.
    pub fn discovered(&self, emphasis: Emphasis) -> Style {
        let base = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC);
        match emphasis {
            Emphasis::Quiet => base,
            Emphasis::Selected => base.add_modifier(Modifier::BOLD),
            Emphasis::Current => base.add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    /// The mark beside an actor no catalog holds, in the sidebar.
    pub fn discovered_symbol(&self) -> &'static str {
        "◌"
    }

    /// Text selected in the article (`v`).
    pub fn selection(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(24)).fg(Color::Indexed(231))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
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
        assert_eq!(slot_hex(0), "#00af5f");
        assert_eq!(slot_hex(PALETTE.len()), slot_hex(0));
    }

    /// CIELAB of an xterm colour (sRGB, D65).
    fn lab(index: u8) -> [f64; 3] {
        let (red, green, blue) = xterm_rgb(index);
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let rgb = [linear(red), linear(green), linear(blue)];
        let row = |w: [f64; 3]| w[0] * rgb[0] + w[1] * rgb[1] + w[2] * rgb[2];
        let shape = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let fx = shape(row([0.4124, 0.3576, 0.1805]) / 0.950_47);
        let fy = shape(row([0.2126, 0.7152, 0.0722]));
        let fz = shape(row([0.0193, 0.1192, 0.9505]) / 1.088_83);
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// The CIEDE2000 colour difference of two xterm colours: about 2 is
    /// just noticeable, past 20 they are other colours.
    fn delta_e(first: u8, second: u8) -> f64 {
        ciede2000(lab(first), lab(second))
    }

    fn ciede2000([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
        let pow7 = |v: f64| v.powi(7);
        let chroma_mean = f64::midpoint(a1.hypot(b1), a2.hypot(b2));
        let stretch = 1.5 - 0.5 * (pow7(chroma_mean) / (pow7(chroma_mean) + pow7(25.0))).sqrt();
        let (a1, a2) = (stretch * a1, stretch * a2);
        let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
        let hue = |b: f64, a: f64| b.atan2(a).to_degrees().rem_euclid(360.0);
        let (h1, h2) = (hue(b1, a1), hue(b2, a2));
        let hue_step = if c1 * c2 == 0.0 {
            0.0
        } else if h2 - h1 > 180.0 {
            h2 - h1 - 360.0
        } else if h2 - h1 < -180.0 {
            h2 - h1 + 360.0
        } else {
            h2 - h1
        };
        let d_light = l2 - l1;
        let d_chroma = c2 - c1;
        let d_hue = 2.0 * (c1 * c2).sqrt() * (hue_step / 2.0).to_radians().sin();
        let light = f64::midpoint(l1, l2);
        let chroma = f64::midpoint(c1, c2);
        let mean_hue = if c1 * c2 == 0.0 {
            h1 + h2
        } else if (h1 - h2).abs() <= 180.0 {
            f64::midpoint(h1, h2)
        } else if h1 + h2 < 360.0 {
            f64::midpoint(h1, h2) + 180.0
        } else {
            f64::midpoint(h1, h2) - 180.0
        };
        let cos = |deg: f64| deg.to_radians().cos();
        let tone = 1.0 - 0.17 * cos(mean_hue - 30.0)
            + 0.24 * cos(2.0 * mean_hue)
            + 0.32 * cos(3.0 * mean_hue + 6.0)
            - 0.20 * cos(4.0 * mean_hue - 63.0);
        let theta = 30.0 * (-((mean_hue - 275.0) / 25.0).powi(2)).exp();
        let rot = 2.0 * (pow7(chroma) / (pow7(chroma) + pow7(25.0))).sqrt();
        let s_light = 1.0 + 0.015 * (light - 50.0).powi(2) / (20.0 + (light - 50.0).powi(2)).sqrt();
        let s_chroma = 1.0 + 0.045 * chroma;
        let s_hue = 1.0 + 0.015 * chroma * tone;
        let r_t = -(2.0 * theta).to_radians().sin() * rot;
        let (dl, dc, dh) = (d_light / s_light, d_chroma / s_chroma, d_hue / s_hue);
        (dl * dl + dc * dc + dh * dh + r_t * dc * dh).sqrt()
    }

    #[test]
    fn the_colour_difference_is_ciede2000() {
        // Pairs from Sharma, Wu and Dalal's CIEDE2000 test data.
        let pairs = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
            (
                [22.7233, 20.0904, -46.6940],
                [23.0331, 14.9730, -42.5619],
                2.0373,
            ),
            (
                [90.8027, -2.0831, 1.4410],
                [91.1528, -1.6435, 0.0447],
                1.4441,
            ),
        ];
        for (first, second, expected) in pairs {
            let got = ciede2000(first, second);
            assert!((got - expected).abs() < 1e-3, "{first:?} {second:?}: {got}");
        }
        assert!(delta_e(33, 33) < 1e-9);
        // The old palette's 67 (steel blue) was nearly the accent.
        assert!((delta_e(33, 67) - 7.8).abs() < 0.1, "{}", delta_e(33, 67));
        assert!((delta_e(160, 35) - delta_e(35, 160)).abs() < 1e-9);
    }

    #[test]
    fn actor_colours_stand_apart_from_the_accent_and_each_other() {
        let Color::Indexed(accent) = ACCENT else {
            panic!("the accent is an xterm colour");
        };
        for (i, &c) in PALETTE.iter().enumerate() {
            let to_accent = delta_e(c, accent);
            assert!(
                to_accent >= 30.0,
                "slot {i} ({c}) is {to_accent:.1} from the accent"
            );
            assert_ne!(
                Theme::colored().actor_color(i),
                Theme::colored().key().fg,
                "slot {i}"
            );
            for (j, &d) in PALETTE.iter().enumerate().skip(i + 1) {
                let apart = delta_e(c, d);
                assert!(apart >= 12.0, "slots {i} ({c}) and {j} ({d}): {apart:.1}");
            }
        }
        // The first slots, those of short articles, differ most.
        for k in 2..=6 {
            let closest = (0..k)
                .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
                .map(|(i, j)| delta_e(PALETTE[i], PALETTE[j]))
                .fold(f64::MAX, f64::min);
            assert!(closest >= 20.0, "the first {k} slots: {closest:.1}");
        }
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
