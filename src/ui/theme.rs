//! Colours for canvas drawing, matching the CSS light and dark themes, and the user's
//! motion preference.

/// A palette for canvases (CSS colour strings and RGB triples for plotters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Background.
    pub bg: (u8, u8, u8),
    /// Text and axes.
    pub fg: (u8, u8, u8),
    /// Grid lines and faint outlines.
    pub grid: (u8, u8, u8),
    /// Arrivals, the producer.
    pub arrival: (u8, u8, u8),
    /// Served messages, throughput.
    pub served: (u8, u8, u8),
    /// Rejections.
    pub rejected: (u8, u8, u8),
    /// Evictions.
    pub dropped: (u8, u8, u8),
    /// The queue's fill.
    pub queue: (u8, u8, u8),
}

const LIGHT: Palette = Palette {
    bg: (255, 255, 255),
    fg: (33, 37, 41),
    grid: (222, 226, 230),
    arrival: (37, 99, 235),
    served: (21, 128, 61),
    rejected: (200, 30, 30),
    dropped: (194, 100, 0),
    queue: (99, 102, 241),
};

const DARK: Palette = Palette {
    bg: (22, 24, 29),
    fg: (226, 232, 240),
    grid: (55, 60, 70),
    arrival: (96, 165, 250),
    served: (74, 222, 128),
    rejected: (248, 113, 113),
    dropped: (251, 191, 36),
    queue: (165, 180, 252),
};

fn matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The palette for the user's colour scheme.
pub fn palette() -> Palette {
    if matches("(prefers-color-scheme: dark)") {
        DARK
    } else {
        LIGHT
    }
}

/// Whether the user asked for less motion.
pub fn reduced_motion() -> bool {
    matches("(prefers-reduced-motion: reduce)")
}

/// A CSS colour string, with alpha.
pub fn css((r, g, b): (u8, u8, u8), alpha: f64) -> String {
    format!("rgba({r},{g},{b},{alpha})")
}
